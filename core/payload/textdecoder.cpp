// SPDX-License-Identifier: MIT
#include "core/payload/textdecoder.h"

#include <QStringDecoder>

#include <optional>

namespace hookscope {

namespace {

    std::optional<QStringConverter::Encoding> encodingFromBom(QByteArrayView bytes)
    {
        if (bytes.startsWith("\xEF\xBB\xBF"))
            return QStringConverter::Utf8;
        if (bytes.startsWith(QByteArrayView("\xFF\xFE\x00\x00", 4)))
            return QStringConverter::Utf32LE;
        if (bytes.startsWith(QByteArrayView("\x00\x00\xFE\xFF", 4)))
            return QStringConverter::Utf32BE;
        if (bytes.startsWith("\xFF\xFE"))
            return QStringConverter::Utf16LE;
        if (bytes.startsWith("\xFE\xFF"))
            return QStringConverter::Utf16BE;
        return std::nullopt;
    }

    DecodedText run(QStringDecoder& decoder, QByteArrayView bytes, QByteArray charset)
    {
        DecodedText decoded;
        decoded.text = decoder.decode(bytes);
        decoded.hadErrors = decoder.hasError();
        decoded.charset = std::move(charset);
        return decoded;
    }

} // namespace

DecodedText decodeText(QByteArrayView bytes, QByteArrayView declaredCharset)
{
    if (const auto bom = encodingFromBom(bytes)) {
        QStringDecoder decoder(*bom, QStringConverter::Flag::Stateless); // skips the BOM by default
        DecodedText decoded = run(decoder, bytes, QByteArray(QStringConverter::nameForEncoding(*bom)).toLower());
        if (!declaredCharset.isEmpty() && QByteArray(decoded.charset) != declaredCharset.toByteArray().toLower()) {
            decoded.note = QStringLiteral("The byte order mark says %1; the declared charset \"%2\" was not used")
                               .arg(QString::fromLatin1(decoded.charset), QString::fromLatin1(declaredCharset));
        }
        return decoded;
    }
    if (!declaredCharset.isEmpty()) {
        const QByteArray name = declaredCharset.toByteArray();
        QStringDecoder decoder(name.constData(), QStringConverter::Flag::Stateless);
        if (decoder.isValid())
            return run(decoder, bytes, name.toLower());
    }
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    DecodedText decoded = run(utf8, bytes, QByteArrayLiteral("utf-8"));
    if (!declaredCharset.isEmpty()) {
        decoded.note
            = QStringLiteral("Unknown charset \"%1\"; shown as UTF-8").arg(QString::fromLatin1(declaredCharset));
    }
    return decoded;
}

} // namespace hookscope
