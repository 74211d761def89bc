// SPDX-License-Identifier: MIT
#include "app/cli/cliio.h"

#include <QCommandLineParser>

#include <cstdio>

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
    writeErr(QStringLiteral("hookscope %1: %2\n\n").arg(command, problem));
    writeErr(parser.helpText());
    return UsageError;
}

int failure(const QString& problem)
{
    writeErr(QStringLiteral("hookscope: %1\n").arg(problem));
    return Failure;
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

} // namespace hookscope::cli
