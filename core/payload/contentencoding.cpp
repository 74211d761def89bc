// SPDX-License-Identifier: MIT
#include "core/payload/contentencoding.h"

#include <QList>

#include <zlib.h>

namespace hookscope {

namespace {

    enum class Wrapper { Gzip, Zlib, Raw };

    struct InflateResult {
        QByteArray bytes;
        DecodedContent::Status status = DecodedContent::Status::Decoded;
        QString error;
    };

    int windowBits(Wrapper wrapper)
    {
        switch (wrapper) {
        case Wrapper::Gzip: return 15 + 16;
        case Wrapper::Zlib: return 15;
        case Wrapper::Raw: return -15;
        }
        return 15;
    }

    QString zlibMessage(const z_stream& stream, int code)
    {
        if (stream.msg)
            return QString::fromLatin1(stream.msg);
        return code == Z_BUF_ERROR ? QStringLiteral("data ends early") : QStringLiteral("zlib error %1").arg(code);
    }

    // One inflate run; gzip bodies may hold several members one after the other (RFC 1952 2.2).
    InflateResult inflateAll(QByteArrayView input, Wrapper wrapper, qsizetype limit)
    {
        InflateResult result;
        z_stream stream {};
        if (inflateInit2(&stream, windowBits(wrapper)) != Z_OK)
            return { {}, DecodedContent::Status::Corrupt, QStringLiteral("zlib could not start") };
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        stream.avail_in = static_cast<uInt>(input.size());
        constexpr qsizetype chunk = qsizetype(256) * 1024;
        int code = Z_OK;
        while (true) {
            const qsizetype before = result.bytes.size();
            const qsizetype room = qMin(chunk, limit - before);
            if (room <= 0) {
                result.status = DecodedContent::Status::TooLarge;
                result.error = QStringLiteral("decoded body is larger than %1 MB; showing the start").arg(limit >> 20);
                break;
            }
            result.bytes.resize(before + room);
            stream.next_out = reinterpret_cast<Bytef*>(result.bytes.data() + before);
            stream.avail_out = static_cast<uInt>(room);
            code = inflate(&stream, Z_NO_FLUSH);
            result.bytes.resize(before + room - stream.avail_out);
            if (code == Z_STREAM_END) {
                if (wrapper == Wrapper::Gzip && stream.avail_in > 0 && *stream.next_in == 0x1f) {
                    inflateReset(&stream);
                    continue;
                }
                break;
            }
            if (code != Z_OK || (stream.avail_in == 0 && stream.avail_out > 0)) {
                result.status = DecodedContent::Status::Corrupt;
                result.error = zlibMessage(stream, code == Z_OK ? Z_BUF_ERROR : code);
                break;
            }
        }
        inflateEnd(&stream);
        return result;
    }

    InflateResult undo(QByteArrayView coding, QByteArrayView input, qsizetype limit)
    {
        if (coding == "gzip" || coding == "x-gzip")
            return inflateAll(input, Wrapper::Gzip, limit);
        if (coding == "deflate") {
            InflateResult zlib = inflateAll(input, Wrapper::Zlib, limit);
            if (zlib.status != DecodedContent::Status::Corrupt)
                return zlib;
            InflateResult raw = inflateAll(input, Wrapper::Raw, limit);
            return raw.status == DecodedContent::Status::Corrupt ? zlib : raw;
        }
        return { {}, DecodedContent::Status::Unsupported,
            QStringLiteral("Content-Encoding \"%1\" is not supported for display").arg(QLatin1String(coding)) };
    }

    QList<QByteArray> codingsOf(QByteArrayView header)
    {
        QList<QByteArray> codings;
        for (const QByteArray& part : header.toByteArray().split(',')) {
            const QByteArray coding = part.trimmed().toLower();
            if (!coding.isEmpty() && coding != "identity")
                codings.append(coding);
        }
        return codings;
    }

} // namespace

DecodedContent decodeContentEncoding(const QByteArray& body, QByteArrayView contentEncoding, qsizetype limit)
{
    DecodedContent decoded;
    decoded.bytes = body;
    decoded.encoding = contentEncoding.toByteArray().trimmed().toLower();
    const QList<QByteArray> codings = codingsOf(contentEncoding);
    if (codings.isEmpty() || body.isEmpty())
        return decoded;
    // The last listed coding was applied last, so it comes off first.
    for (qsizetype i = codings.size() - 1; i >= 0; --i) {
        InflateResult step = undo(codings[i], decoded.bytes, limit);
        if (step.status == DecodedContent::Status::Unsupported) {
            decoded.status = step.status;
            decoded.error = step.error;
            decoded.bytes = body;
            return decoded;
        }
        decoded.bytes = std::move(step.bytes);
        decoded.status = step.status;
        decoded.error = step.error;
        if (step.status != DecodedContent::Status::Decoded)
            return decoded;
    }
    return decoded;
}

} // namespace hookscope
