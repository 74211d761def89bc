// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

namespace hookscope::test {

// One finished run of a program, as a script would see it.
struct CliRun {
    bool exited = false; // ran to the end by itself, without a signal or a timeout
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    // For failure messages: the status and the start of both streams.
    QByteArray describe() const;
};

// Runs `program` with `stdinBytes` on its standard input (then closed) and waits up to `timeoutMs`.
CliRun runProgram(const QString& program, const QStringList& args, const QByteArray& stdinBytes = {},
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 30'000);

} // namespace hookscope::test
