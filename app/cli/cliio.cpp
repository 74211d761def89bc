// SPDX-License-Identifier: MIT
#include "app/cli/cliio.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <limits>

namespace hookscope::cli {

void writeOut(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return; // an empty view may hold a null pointer, which fwrite must not get
    std::fwrite(bytes.data(), 1, size_t(bytes.size()), stdout);
}

void flushOut()
{
    std::fflush(stdout);
}

void writeErr(const QString& text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int usageError(const QCommandLineParser& parser, const QString& command, const QString& problem)
{
    // What is wrong, the usage line, and where the options are: the whole option list would bury the problem.
    const QString help = commandHelp(parser, command);
    writeErr(QStringLiteral("hookscope %1: %2\n%3\nRun 'hookscope %1 --help' for its options.\n")
                 .arg(command, problem, help.left(help.indexOf(QLatin1Char('\n')))));
    return UsageError;
}

int failure(const QString& command, const QString& problem)
{
    writeErr(QStringLiteral("hookscope %1: %2\n").arg(command, problem));
    return Failure;
}

QString commandHelp(const QCommandLineParser& parser, const QString& command)
{
    // Qt names the program by the path it was started with; users know it as "hookscope COMMAND".
    QString text = parser.helpText();
    const qsizetype start = text.indexOf(QLatin1String("Usage: "));
    if (start >= 0) {
        const qsizetype from = start + 7;
        const qsizetype end = text.indexOf(QLatin1Char(' '), from);
        if (end > from)
            text.replace(from, end - from, QStringLiteral("hookscope ") + command);
    }
    return text;
}

std::optional<int> parseOrExit(QCommandLineParser& parser, const QStringList& arguments, const QString& command)
{
    if (!parser.parse(arguments)) {
        QString problem = parser.errorText();
        if (!problem.isEmpty())
            problem[0] = problem[0].toLower();
        if (problem.endsWith(QLatin1Char('.')))
            problem.chop(1);
        return usageError(parser, command, problem);
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        writeOut(commandHelp(parser, command).toUtf8());
        return Success;
    }
    if (const QString problem = locationProblem(parser); !problem.isEmpty())
        return usageError(parser, command, problem);
    return std::nullopt;
}

QString locationProblem(const QCommandLineParser& parser)
{
    // Names given on this command line only: asking a parser about an option it does not define is an error.
    const QStringList given = parser.optionNames();
    // Every value, not just the last one that counts: a stray empty one is still a mistake in the script.
    for (const QString& dir :
        given.contains(QStringLiteral("profile")) ? parser.values(QStringLiteral("profile")) : QStringList()) {
        // An unset shell variable would otherwise send everything to the default profile.
        if (dir.isEmpty())
            return QStringLiteral("--profile needs a folder, not an empty value");
        if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir())
            return QStringLiteral("--profile %1 is a file; give a folder").arg(dir);
    }
    for (const QString& file :
        given.contains(QStringLiteral("db")) ? parser.values(QStringLiteral("db")) : QStringList()) {
        if (file.isEmpty())
            return QStringLiteral("--db needs a file name, not an empty value");
        if (QFileInfo(file).isDir()) {
            return QStringLiteral("--db %1 is a folder; give a database file, such as %2")
                .arg(file, QDir(file).filePath(QStringLiteral("captures.sqlite")));
        }
    }
    return {};
}

std::optional<int> parseOptionsOrExit(QCommandLineParser& parser, const QStringList& arguments, const QString& command)
{
    if (std::optional<int> done = parseOrExit(parser, arguments, command))
        return done;
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            parser, command, QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    }
    return std::nullopt;
}

bool parseCount(const QString& text, qint64 min, qint64 max, qint64* out)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return false;
    *out = value;
    return true;
}

void addCaptureIdArgument(QCommandLineParser& parser)
{
    parser.addPositionalArgument(
        QStringLiteral("ID"), QStringLiteral("The capture's id, as listed by 'hookscope requests'."));
}

bool parseCaptureId(const QString& text, qint64* id, QString* problem)
{
    if (parseCount(text, 1, std::numeric_limits<qint64>::max(), id))
        return true;
    *problem = QStringLiteral("ID must be a capture id (a positive number), not '%1'").arg(text);
    return false;
}

} // namespace hookscope::cli
