// SPDX-License-Identifier: MIT
#include "core/http/responsebytes.h"

#include "core/http/responsespec.h"

#include <QDateTime>
#include <QLocale>

namespace hookscope {

QByteArray responseBytes(int status, const HeaderList& headers, const QByteArray& body)
{
    QByteArray out;
    out.reserve(128 + body.size() + headers.size() * 48);
    out.append("HTTP/1.1 ");
    out.append(QByteArray::number(status));
    out.append(' ');
    out.append(reasonPhrase(status));
    out.append("\r\n");
    out.append(headers::serialize(headers));
    out.append("\r\n");
    out.append(body);
    return out;
}

QByteArray httpDate(qint64 nowUs)
{
    // One receiver thread asks for this, so thread_local caching is enough and lock-free.
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const qint64 second = nowUs / 1'000'000;
    if (second != cachedSecond) {
        cachedSecond = second;
        const QDateTime when = QDateTime::fromSecsSinceEpoch(second, Qt::UTC);
        cached = QLocale::c().toString(when, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    }
    return cached;
}

} // namespace hookscope
