// SPDX-License-Identifier: MIT
#include "app/cli/capturetext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QUtf8StringView>

#include <algorithm>

namespace hookscope::cli {

namespace {
    QJsonArray headersJson(const HeaderList& list)
    {
        QJsonArray out;
        for (const HeaderField& field : list)
            out.append(QJsonArray { QString::fromLatin1(field.name), QString::fromUtf8(field.value) });
        return out;
    }

    // How many bytes the UTF-8 sequence starting at `i` takes, or 0 when it is not one (RFC 3629's table).
    qsizetype utf8Length(QByteArrayView bytes, qsizetype i)
    {
        const auto at = [&](qsizetype k) { return k < bytes.size() ? uchar(bytes[k]) : 0; };
        const uchar lead = at(i);
        const auto continues = [&](qsizetype k, uchar low, uchar high) { return at(k) >= low && at(k) <= high; };
        if (lead >= 0xc2 && lead <= 0xdf)
            return continues(i + 1, 0x80, 0xbf) ? 2 : 0;
        if (lead >= 0xe0 && lead <= 0xef) {
            const uchar low = lead == 0xe0 ? 0xa0 : 0x80;
            const uchar high = lead == 0xed ? 0x9f : 0xbf;
            return continues(i + 1, low, high) && continues(i + 2, 0x80, 0xbf) ? 3 : 0;
        }
        if (lead >= 0xf0 && lead <= 0xf4) {
            const uchar low = lead == 0xf0 ? 0x90 : 0x80;
            const uchar high = lead == 0xf4 ? 0x8f : 0xbf;
            return continues(i + 1, low, high) && continues(i + 2, 0x80, 0xbf) && continues(i + 3, 0x80, 0xbf) ? 4 : 0;
        }
        return 0;
    }

    // What a sender chose goes to the user's terminal written out: an escape sequence in a target, header or body
    // could otherwise recolour, retitle or clear the terminal, or hide text. Control characters (C0 but tab and
    // line ends where `lines` allows them, DEL, C1) and bytes that are not UTF-8 become \xNN, so every byte still
    // shows; 'show --head' and '--body' write the exact bytes.
    enum class Lines { Kept, Escaped };
    QByteArray terminalSafe(QByteArrayView bytes, Lines lines = Lines::Kept)
    {
        QByteArray out;
        out.reserve(bytes.size());
        const auto escape = [&out](uchar c) { out += "\\x" + QByteArray::number(c, 16).rightJustified(2, '0'); };
        for (qsizetype i = 0; i < bytes.size();) {
            const auto c = uchar(bytes[i]);
            if (c < 0x80) {
                const bool layout = lines == Lines::Kept
                    && (c == '\t' || c == '\n' || (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n'));
                if ((c < 0x20 && !layout) || c == 0x7f) {
                    escape(c);
                } else {
                    out += char(c);
                }
                ++i;
                continue;
            }
            const qsizetype length = utf8Length(bytes, i);
            if (length == 0 || (c == 0xc2 && uchar(bytes[i + 1]) <= 0x9f)) { // not UTF-8, or a C1 control
                for (qsizetype k = 0; k < std::max<qsizetype>(length, 1); ++k)
                    escape(uchar(bytes[i + k]));
            } else {
                out.append(bytes.data() + i, length);
            }
            i += std::max<qsizetype>(length, 1);
        }
        return out;
    }
    QString terminalSafeText(const QString& text, Lines lines)
    {
        return QString::fromUtf8(terminalSafe(QByteArrayView(text.toUtf8()), lines));
    }

    bool isText(const QByteArray& bytes)
    {
        return !bytes.contains('\0') && QUtf8StringView(bytes).isValidUtf8();
    }

    // Body as JSON: text where it is valid UTF-8, base64 otherwise, so every byte survives the trip.
    void putBody(QJsonObject& object, const QString& key, const QByteArray& bytes)
    {
        if (isText(bytes)) {
            object.insert(key, QString::fromUtf8(bytes));
        } else {
            object.insert(key + QStringLiteral("Base64"), QString::fromLatin1(bytes.toBase64()));
        }
    }

    // A target that is not UTF-8 (a rejected one can be anything) loses bytes as JSON text: they come along in
    // base64 too, as bodies do.
    void putTargetBytes(QJsonObject& object, const QByteArray& target)
    {
        if (!QUtf8StringView(target).isValidUtf8())
            object.insert(QStringLiteral("targetBase64"), QString::fromLatin1(target.toBase64()));
    }

    // One unit style everywhere, the one --max-body and the README use: B, KiB, MiB.
    QString byteSize(qint64 bytes)
    {
        return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
    }

    // "127.0.0.1:5555" or "[::1]:5555".
    QString endpoint(const QString& address, quint16 port)
    {
        const QString host
            = address.contains(QLatin1Char(':')) ? QLatin1Char('[') + address + QLatin1Char(']') : address;
        return host + QLatin1Char(':') + QString::number(port);
    }

    // A request cut off before we could answer has no status: a dash in a column, not a 0.
    QString statusText(int status)
    {
        return status > 0 ? QString::number(status) : QStringLiteral("-");
    }
    QJsonValue statusJson(int status)
    {
        return status > 0 ? QJsonValue(status) : QJsonValue(QJsonValue::Null);
    }
} // namespace

QString isoTime(qint64 unixUs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(unixUs / 1000, Qt::UTC);
    return time.toString(QStringLiteral("yyyy-MM-ddThh:mm:ss.zzz"))
        + QStringLiteral("%1Z").arg(unixUs % 1000, 3, 10, QLatin1Char('0'));
}

QString signatureStateName(CaptureSignature::State state)
{
    switch (state) {
    case CaptureSignature::State::NotChecked: return QStringLiteral("unchecked");
    case CaptureSignature::State::Valid: return QStringLiteral("valid");
    case CaptureSignature::State::Invalid: return QStringLiteral("invalid");
    }
    return {};
}

QString oneLineForTerminal(const QString& text)
{
    return terminalSafeText(text, Lines::Escaped);
}

QByteArray summaryLine(const CaptureSummary& s)
{
    // Fixed-width columns first, the target (any length) last, so lines stay aligned in a terminal.
    const QString time = isoTime(s.receivedUs);
    const QString target = s.target.isEmpty() ? QStringLiteral("(no target)")
                                              : QString::fromUtf8(terminalSafe(s.target.left(200), Lines::Escaped));
    QString line = QStringLiteral("%1  #%2  %3  %4  %5  %6")
                       .arg(time.left(23) + QLatin1Char('Z'))
                       .arg(s.stored ? QString::number(s.id) : QStringLiteral("-"), -6)
                       .arg(s.method.isEmpty() ? QStringLiteral("(none)")
                                               : QString::fromUtf8(terminalSafe(s.method, Lines::Escaped)),
                           -7)
                       .arg(statusText(s.status), 3)
                       .arg(byteSize(s.bytes), 10)
                       .arg(target);
    if (s.rejected)
        line += QStringLiteral("  REJECTED: ") + terminalSafeText(s.rejectReason, Lines::Escaped);
    if (!s.stored)
        line += QStringLiteral("  NOT STORED: ") + s.storeError;
    if (s.signatureState != CaptureSignature::State::NotChecked) {
        line += QStringLiteral("  signature %1 (%2)")
                    .arg(s.signatureState == CaptureSignature::State::Valid ? QStringLiteral("valid")
                                                                            : QStringLiteral("INVALID"),
                        s.endpoint);
    }
    return line.toUtf8() + '\n';
}

QJsonObject summaryJson(const CaptureSummary& s)
{
    QJsonObject o {
        { QStringLiteral("id"), s.id },
        { QStringLiteral("time"), isoTime(s.receivedUs) },
        { QStringLiteral("method"), QString::fromLatin1(s.method) },
        { QStringLiteral("target"), QString::fromUtf8(s.target) },
        { QStringLiteral("status"), statusJson(s.status) },
        { QStringLiteral("bytes"), s.bytes },
        { QStringLiteral("rejected"), s.rejected },
        { QStringLiteral("remote"), endpoint(s.remoteAddress, s.remotePort) },
        { QStringLiteral("remoteAddress"), s.remoteAddress },
        { QStringLiteral("remotePort"), s.remotePort },
    };
    putTargetBytes(o, s.target);
    if (s.rejected)
        o.insert(QStringLiteral("reason"), s.rejectReason);
    if (!s.contentType.isEmpty())
        o.insert(QStringLiteral("contentType"), QString::fromLatin1(s.contentType));
    if (s.pinned)
        o.insert(QStringLiteral("pinned"), true);
    if (!s.stored)
        o.insert(QStringLiteral("storeError"), s.storeError);
    if (!s.endpoint.isEmpty())
        o.insert(QStringLiteral("endpoint"), s.endpoint);
    if (s.signatureState != CaptureSignature::State::NotChecked)
        o.insert(QStringLiteral("signature"), signatureStateName(s.signatureState));
    return o;
}

QJsonObject captureJson(const CapturedRequest& c)
{
    QJsonObject o {
        { QStringLiteral("id"), c.id },
        { QStringLiteral("time"), isoTime(c.receivedUs) },
        { QStringLiteral("receivedUs"), c.receivedUs },
        { QStringLiteral("completeUs"), c.completeUs },
        { QStringLiteral("respondedUs"), c.respondedUs },
        { QStringLiteral("remoteAddress"), c.remoteAddress },
        { QStringLiteral("remotePort"), c.remotePort },
        { QStringLiteral("localAddress"), c.localAddress },
        { QStringLiteral("localPort"), c.localPort },
        { QStringLiteral("method"), QString::fromLatin1(c.method) },
        { QStringLiteral("target"), QString::fromUtf8(c.target) },
        { QStringLiteral("path"), QString::fromUtf8(c.path) },
        { QStringLiteral("query"), QString::fromUtf8(c.query) },
        { QStringLiteral("httpVersion"), QString::fromLatin1(c.httpVersion) },
        { QStringLiteral("headers"), headersJson(c.headers) },
        { QStringLiteral("trailers"), headersJson(c.trailers) },
        { QStringLiteral("chunked"), c.chunked },
        { QStringLiteral("bytes"), c.rejected ? qint64(c.rawPrefix.size()) : c.headSize() + c.bodySize() },
        { QStringLiteral("bodyBytes"), c.bodySize() },
        { QStringLiteral("rejected"), c.rejected },
        { QStringLiteral("pinned"), c.pinned },
        { QStringLiteral("status"), statusJson(c.responseStatus) },
        { QStringLiteral("remote"), endpoint(c.remoteAddress, c.remotePort) },
    };
    putBody(o, QStringLiteral("body"), c.body);
    putTargetBytes(o, c.target);
    if (c.rejected) {
        o.insert(QStringLiteral("reason"), c.rejectReason);
        putBody(o, QStringLiteral("rawPrefix"), c.rawPrefix);
    }
    QJsonObject response { { QStringLiteral("status"), statusJson(c.responseStatus) },
        { QStringLiteral("headers"), headersJson(c.responseHeaders) } };
    putBody(response, QStringLiteral("body"), c.responseBody);
    o.insert(QStringLiteral("response"), response);
    if (!c.note.isEmpty())
        o.insert(QStringLiteral("note"), c.note);
    if (!c.signature.endpoint.isEmpty())
        o.insert(QStringLiteral("endpoint"), c.signature.endpoint);
    if (c.signature.state != CaptureSignature::State::NotChecked) {
        o.insert(QStringLiteral("signature"),
            QJsonObject { { QStringLiteral("state"), signatureStateName(c.signature.state) },
                { QStringLiteral("scheme"), c.signature.scheme },
                { QStringLiteral("verdict"), QJsonDocument::fromJson(c.signature.detail.toUtf8()).object() } });
    }
    return o;
}

QByteArray captureText(const CapturedRequest& c)
{
    QByteArray out;
    const auto ms = [](qint64 us) { return QString::number(double(us) / 1000.0, 'f', 3); };
    out += QStringLiteral("Capture #%1, received %2 from %3 on %4\n")
               .arg(c.id)
               .arg(isoTime(c.receivedUs), endpoint(c.remoteAddress, c.remotePort),
                   endpoint(c.localAddress, c.localPort))
               .toUtf8();
    if (c.rejected) {
        out += (c.responseStatus > 0 ? QStringLiteral("REJECTED, answered %1: %2\n")
                                           .arg(c.responseStatus)
                                           .arg(terminalSafeText(c.rejectReason, Lines::Escaped))
                                     : QStringLiteral("REJECTED, no response sent: %1\n")
                                           .arg(terminalSafeText(c.rejectReason, Lines::Escaped)))
                   .toUtf8();
        out += QStringLiteral("First %1 received:\n").arg(byteSize(c.rawPrefix.size())).toUtf8();
        out += terminalSafe(c.rawPrefix);
        out += '\n';
        return out;
    }
    // Response times are stored a little after the capture (CaptureWriter batches them).
    out += QStringLiteral("Answered %1; complete after %2 ms, %3; head %4, body %5%6\n\n")
               .arg(statusText(c.responseStatus))
               .arg(ms(c.completeUs - c.receivedUs),
                   c.respondedUs > 0
                       ? QStringLiteral("response written after %1 ms").arg(ms(c.respondedUs - c.receivedUs))
                       : QStringLiteral("response time not recorded yet"))
               .arg(byteSize(c.headSize()), byteSize(c.bodySize()))
               .arg(c.chunked ? QStringLiteral(", chunked") : QString())
               .toUtf8();
    out += terminalSafe(c.head);
    if (isText(c.body)) {
        out += terminalSafe(c.body);
        if (!c.body.endsWith('\n') && !c.body.isEmpty())
            out += '\n';
    } else {
        out += QStringLiteral("(%1 of binary body: 'hookscope show %2 --body' writes it out)\n")
                   .arg(byteSize(c.bodySize()))
                   .arg(c.id)
                   .toUtf8();
    }
    if (!c.trailers.isEmpty()) {
        out += "\nTrailers:\n";
        out += terminalSafe(headers::serialize(c.trailers));
    }
    return out;
}

} // namespace hookscope::cli
