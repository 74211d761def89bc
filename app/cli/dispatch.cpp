// SPDX-License-Identifier: MIT
#include "app/cli/cliio.h"
#include "app/cli/commands.h"

#include <array>
#include <utility>

namespace hookscope::cli {

namespace {
    const char* const kUsage
        = "Usage: hookscope [--profile DIR] [--db FILE] [--port N]   start the window\n"
          "       hookscope COMMAND [options]                          run headless\n"
          "\n"
          "Commands:\n"
          "  listen     run the receiver and print each captured request\n"
          "  requests   list captured requests, newest first\n"
          "  show ID    print one captured request (--json, --head, --body)\n"
          "  verify     check a captured request's signature and explain a mismatch\n"
          "  sign       print the signature headers for a body\n"
          "  endpoint   add, edit, list, show or remove named webhook endpoints\n"
          "  secret     set, generate, rotate or clear an endpoint's secret (kept in the OS keychain)\n"
          "\n"
          "Every command takes --profile DIR (or HOOKSCOPE_PROFILE) and --db FILE (or HOOKSCOPE_DB).\n"
          "Run 'hookscope COMMAND --help' for a command's options.\n";
}

namespace {
    // The two "Usage:" lines at the top of the overview.
    QString usageLines()
    {
        const QString usage = QString::fromLatin1(kUsage);
        return usage.left(usage.indexOf(QLatin1String("\n\n")) + 1);
    }
} // namespace

int dispatch(const QStringList& arguments)
{
    // The first argument that is not an option (or an option's value) names the command.
    static const QStringList valued { QStringLiteral("--profile"), QStringLiteral("--db"), QStringLiteral("--port"),
        // Qt's own options that take a value.
        QStringLiteral("-platform"), QStringLiteral("-style"), QStringLiteral("-stylesheet"),
        QStringLiteral("-qwindowgeometry"), QStringLiteral("-qwindowtitle"), QStringLiteral("-qwindowicon"),
        QStringLiteral("-platformtheme"), QStringLiteral("-plugin"), QStringLiteral("-session"),
        QStringLiteral("-display"), QStringLiteral("-geometry") };
    // Qt's own options without a value.
    static const QStringList flags { QStringLiteral("-reverse"), QStringLiteral("-nograb"), QStringLiteral("-dograb"),
        QStringLiteral("-sync"), QStringLiteral("-widgetcount") };
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
        if (arg == QLatin1String("--version") || arg == QLatin1String("-v") || arg == QLatin1String("-V")) {
            writeOut("hookscope " HOOKSCOPE_VERSION "\n");
            return Success;
        }
        // A mistyped option must not fall through to the window (which cannot start without a display).
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        const QString singleDash = name.startsWith(QLatin1String("--")) ? name.mid(1) : name;
        if (!valued.contains(name) && !valued.contains(singleDash) && !flags.contains(singleDash)) {
            writeErr(QStringLiteral("hookscope: unknown option '%1'\n%2Run 'hookscope --help' for the commands and "
                                    "options.\n")
                         .arg(arg, usageLines()));
            return UsageError;
        }
    }
    if (commandIndex < 0)
        return -1;

    const QString& command = arguments.at(commandIndex);
    QStringList rest = arguments;
    rest.removeAt(commandIndex); // global options before the command stay with it
    rest[0] = QStringLiteral("hookscope ") + command;
    using Runner = int (*)(const QStringList&);
    static const std::array<std::pair<const char*, Runner>, 7> commands { {
        { "listen", runListen },
        { "requests", runRequests },
        { "show", runShow },
        { "verify", runVerify },
        { "sign", runSign },
        { "endpoint", runEndpoint },
        { "secret", runSecret },
    } };
    for (const auto& [name, run] : commands) {
        if (command == QLatin1String(name))
            return run(rest);
    }
    if (command == QLatin1String("help")) {
        writeOut(kUsage);
        return Success;
    }
    writeErr(QStringLiteral("hookscope: unknown command '%1'\n\n").arg(command));
    writeErr(QString::fromLatin1(kUsage)); // the list of commands is what helps here
    return UsageError;
}

} // namespace hookscope::cli
