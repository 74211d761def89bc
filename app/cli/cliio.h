// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace hookscope::cli {

// Exit statuses every subcommand shares; scripts rely on them.
enum ExitCode : int {
    Success = 0,
    Failure = 1, // the command ran and failed (port in use, database refused, no such capture)
    UsageError = 2, // the command line itself is wrong
};

void writeOut(QByteArrayView bytes);
void writeErr(const QString& text);
void flushOut();

// Prints "hookscope CMD: problem" and where to find the options to stderr; returns UsageError.
int usageError(const QCommandLineParser& parser, const QString& command, const QString& problem);
// Prints "hookscope CMD: problem" to stderr; returns Failure.
int failure(const QString& command, const QString& problem);

// The command's --help text, naming it "hookscope CMD".
QString commandHelp(const QCommandLineParser& parser, const QString& command);
// Parses `arguments`. Returns an exit status when the command ends here (--help or --help-all printed,
// or a usage error reported), and nothing when it should run.
std::optional<int> parseOrExit(QCommandLineParser& parser, const QStringList& arguments, const QString& command);
// What is wrong with a --profile or --db given on this command line (empty, or a file where a folder belongs and
// the other way round), or an empty string; parseOrExit() reports it as a usage error.
QString locationProblem(const QCommandLineParser& parser);
// The same, for commands that take options only: an argument left over is a usage error.
std::optional<int> parseOptionsOrExit(QCommandLineParser& parser, const QStringList& arguments, const QString& command);

// Parses a non-negative integer option; sets `problem` when the value is not one.
bool parseCount(const QString& text, qint64 min, qint64 max, qint64* out);

// The ID argument of the commands that act on one capture (show, verify).
void addCaptureIdArgument(QCommandLineParser& parser);
// `text` as a capture id; false and a message for usageError() in `problem` when it is not one.
bool parseCaptureId(const QString& text, qint64* id, QString* problem);

} // namespace hookscope::cli
