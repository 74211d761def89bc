// SPDX-License-Identifier: MIT
#include "app/cli/cliio.h"
#include "app/cli/commands.h"

namespace hookscope::cli {

namespace {
    const char* const kUsage
        = "Usage: hookscope [--profile DIR] [--db FILE] [--port N]   start the window\n"
          "       hookscope COMMAND [options]                 run headless\n"
          "\n"
          "Commands:\n"
          "  listen     run the receiver and print each captured request\n"
          "  requests   list captured requests, newest first\n"
          "  show ID    print one captured request (--json, --head, --body)\n"
          "\n"
          "Every command takes --profile DIR (or HOOKSCOPE_PROFILE) and --db FILE (or HOOKSCOPE_DB).\n"
          "Run 'hookscope COMMAND --help' for a command's options.\n";
}

int dispatch(const QStringList& arguments)
{
    // The first argument that is not an option (or an option's value) names the command.
    static const QStringList valued { QStringLiteral("--profile"), QStringLiteral("--db"), QStringLiteral("--port") };
    int commandIndex = -1;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        if (valued.contains(arg)) {
            ++i;
            continue;
        }
        if (!arg.startsWith(QLatin1Char('-'))) {
            commandIndex = i;
            break;
        }
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h") || arg == QLatin1String("help")) {
            writeOut(kUsage);
            return Success;
        }
        if (arg == QLatin1String("--version") || arg == QLatin1String("-v")) {
            writeOut("hookscope " HOOKSCOPE_VERSION "\n");
            return Success;
        }
        // A mistyped option must not fall through to the window (which cannot start without a display).
        // Single-dash options are Qt's own (-platform, -style, ...).
        static const QStringList windowOptions { QStringLiteral("--platform"), QStringLiteral("--style"),
            QStringLiteral("--stylesheet"), QStringLiteral("--reverse") };
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        if (arg.startsWith(QLatin1String("--")) && !valued.contains(name) && !windowOptions.contains(name)) {
            writeErr(QStringLiteral("hookscope: unknown option '%1'\n\n").arg(arg));
            writeErr(QString::fromLatin1(kUsage));
            return UsageError;
        }
    }
    if (commandIndex < 0)
        return -1;

    const QString& command = arguments.at(commandIndex);
    QStringList rest = arguments;
    rest.removeAt(commandIndex); // global options before the command stay with it
    rest[0] = QStringLiteral("hookscope ") + command;
    if (command == QLatin1String("listen"))
        return runListen(rest);
    if (command == QLatin1String("requests"))
        return runRequests(rest);
    if (command == QLatin1String("show"))
        return runShow(rest);
    if (command == QLatin1String("help")) {
        writeOut(kUsage);
        return Success;
    }
    writeErr(QStringLiteral("hookscope: unknown command '%1'\n\n").arg(command));
    writeErr(QString::fromLatin1(kUsage));
    return UsageError;
}

} // namespace hookscope::cli
