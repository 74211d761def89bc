// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

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

// Prints "hookscope CMD: problem" and the command's usage to stderr; returns UsageError.
int usageError(const QCommandLineParser& parser, const QString& command, const QString& problem);
// Prints "hookscope: problem" to stderr; returns Failure.
int failure(const QString& problem);

// Parses a non-negative integer option; sets `problem` when the value is not one.
bool parseCount(const QString& text, qint64 min, qint64 max, qint64* out);

} // namespace hookscope::cli
