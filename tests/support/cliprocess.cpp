// SPDX-License-Identifier: MIT
#include "tests/support/cliprocess.h"

#include <QProcess>

namespace hookscope::test {

QByteArray CliRun::describe() const
{
    return "exited=" + QByteArray(exited ? "yes" : "no") + " code=" + QByteArray::number(exitCode)
        + "\nstdout: " + out.left(2000) + "\nstderr: " + err.left(2000);
}

CliRun runProgram(const QString& program, const QStringList& args, const QByteArray& stdinBytes,
    const QProcessEnvironment& env, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    CliRun result;
    if (!process.waitForStarted(timeoutMs)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    process.write(stdinBytes);
    process.closeWriteChannel();
    const bool finished = process.waitForFinished(timeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished(timeoutMs);
    }
    result.exited = finished && process.exitStatus() == QProcess::NormalExit;
    result.exitCode = result.exited ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace hookscope::test
