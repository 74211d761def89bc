// SPDX-License-Identifier: MIT
#include "core/payload/multipartparser.h"

#include "core/payload/formdecoder.h"
#include "core/payload/mediatype.h"

#include <QStringDecoder>

namespace hookscope {

namespace {

    // Offset of the next delimiter line "--boundary" that starts a line at or after `from`, or -1.
    qsizetype findDelimiter(QByteArrayView body, QByteArrayView delimiter, qsizetype from)
    {
        qsizetype at = body.indexOf(delimiter, from);
        while (at >= 0 && at > 0 && body[at - 1] != '\n')
            at = body.indexOf(delimiter, at + 1);
        return at;
    }

    // The position after the end of the line that contains `pos`, or body.size().
    qsizetype nextLine(QByteArrayView body, qsizetype pos)
    {
        const qsizetype newline = body.indexOf('\n', pos);
        return newline < 0 ? body.size() : newline + 1;
    }

    // RFC 8187: charset'language'percent-encoded
    QString extendedValue(const QByteArray& value)
    {
        const qsizetype first = value.indexOf('\'');
        const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0)
            return QString::fromUtf8(value);
        const QByteArray charset = value.first(first);
        QByteArray encoded = value.sliced(second + 1);
        encoded.replace('+', "%2B"); // '+' is literal here, unlike in forms
        const QByteArray bytes = form::percentDecode(encoded);
        QStringDecoder decoder(charset.isEmpty() ? "utf-8" : charset.constData());
        return decoder.isValid() ? decoder.decode(bytes) : QString::fromUtf8(bytes);
    }

    HeaderList parseHeaders(QByteArrayView block)
    {
        HeaderList headers;
        qsizetype pos = 0;
        while (pos < block.size()) {
            qsizetype end = block.indexOf('\n', pos);
            if (end < 0)
                end = block.size();
            QByteArrayView line = block.sliced(pos, end - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            const qsizetype colon = line.indexOf(':');
            if (colon > 0) {
                headers.append(
                    { line.first(colon).trimmed().toByteArray(), line.sliced(colon + 1).trimmed().toByteArray() });
            }
            pos = end + 1;
        }
        return headers;
    }

    MultipartPart partOf(QByteArrayView content, qsizetype offset)
    {
        MultipartPart part;
        qsizetype bodyStart = 0;
        if (content.startsWith("\r\n")) {
            bodyStart = 2;
        } else if (content.startsWith('\n')) {
            bodyStart = 1;
        } else {
            const qsizetype crlf = content.indexOf("\r\n\r\n");
            const qsizetype lf = content.indexOf("\n\n");
            const bool useLf = lf >= 0 && (crlf < 0 || lf < crlf);
            const qsizetype blank = useLf ? lf : crlf;
            part.headers = parseHeaders(content.first(blank < 0 ? content.size() : blank));
            bodyStart = blank < 0 ? content.size() : blank + (useLf ? 2 : 4);
        }
        part.body = content.sliced(bodyStart).toByteArray();
        part.offset = offset + bodyStart;
        const QByteArray disposition = headers::first(part.headers, "Content-Disposition");
        part.name = QString::fromUtf8(mediatype::parameter(disposition, "name"));
        const QByteArray extended = mediatype::parameter(disposition, "filename*");
        part.filename = extended.isNull() ? QString::fromUtf8(mediatype::parameter(disposition, "filename"))
                                          : extendedValue(extended);
        part.contentType = headers::first(part.headers, "Content-Type");
        return part;
    }

    // The part's content ends before the line break that precedes the next delimiter.
    qsizetype contentEnd(QByteArrayView body, qsizetype delimiterAt)
    {
        qsizetype end = delimiterAt;
        if (end > 0 && body[end - 1] == '\n')
            --end;
        if (end > 0 && body[end - 1] == '\r')
            --end;
        return end;
    }

} // namespace

MultipartContent multipart::parse(QByteArrayView body, QByteArrayView boundary)
{
    MultipartContent content;
    if (boundary.isEmpty()) {
        content.error = QStringLiteral("The Content-Type names no boundary");
        return content;
    }
    const QByteArray delimiter = "--" + boundary.toByteArray();
    qsizetype at = findDelimiter(body, delimiter, 0);
    if (at < 0) {
        content.error
            = QStringLiteral("The boundary \"%1\" does not occur in the body").arg(QString::fromUtf8(boundary));
        return content;
    }
    while (true) {
        const qsizetype afterDelimiter = at + delimiter.size();
        if (body.sliced(afterDelimiter).startsWith("--"))
            return content; // the closing delimiter
        const qsizetype partStart = nextLine(body, afterDelimiter);
        const qsizetype next = findDelimiter(body, delimiter, partStart);
        if (next < 0) {
            if (partStart < body.size())
                content.parts.append(partOf(body.sliced(partStart), partStart));
            content.error = QStringLiteral("The body ends before the closing boundary");
            return content;
        }
        const qsizetype end = qMax(partStart, contentEnd(body, next));
        content.parts.append(partOf(body.sliced(partStart, end - partStart), partStart));
        at = next;
    }
}

} // namespace hookscope
