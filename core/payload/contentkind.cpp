// SPDX-License-Identifier: MIT
#include "core/payload/contentkind.h"

#include <QStringDecoder>

#include <algorithm>

namespace hookscope {

namespace {

    constexpr qsizetype sampleSize = 4096;

    QByteArrayView withoutLeadingSpace(QByteArrayView text)
    {
        if (text.startsWith("\xEF\xBB\xBF"))
            text = text.sliced(3);
        while (!text.isEmpty()
            && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n'))
            text = text.sliced(1);
        return text;
    }

    bool isFormByte(char c)
    {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7F && c != '"' && c != '<' && c != '>' && c != '{' && c != '}' && c != '\\';
    }

    // Length of `sample` without a multi-byte UTF-8 character cut by its end.
    qsizetype withoutCutCharacter(QByteArrayView sample)
    {
        for (qsizetype back = 1; back <= 3 && back <= sample.size(); ++back) {
            const auto byte = static_cast<unsigned char>(sample[sample.size() - back]);
            if ((byte & 0xC0) == 0xC0)
                return sample.size() - back;
            if ((byte & 0x80) == 0)
                break;
        }
        return sample.size();
    }

    bool isUtf8(QByteArrayView bytes)
    {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = utf8.decode(bytes);
        return !utf8.hasError();
    }

    // Text the media type announces but whose bytes are plainly not text stays visible as hex.
    ContentKind declaredKind(const MediaType& type)
    {
        if (type.isJson())
            return ContentKind::Json;
        if (type.isFormUrlEncoded())
            return ContentKind::FormUrlEncoded;
        if (type.isMultipart() && !type.boundary.isEmpty())
            return ContentKind::Multipart;
        if (type.isXml())
            return ContentKind::Xml;
        if (type.isText())
            return ContentKind::Text;
        return ContentKind::Empty; // no opinion
    }

} // namespace

bool sniff::looksLikeText(QByteArrayView sample, QByteArrayView charset)
{
    const bool cut = sample.size() > sampleSize;
    sample = sample.first(qMin(sample.size(), sampleSize));
    if (sample.startsWith("\xFF\xFE") || sample.startsWith("\xFE\xFF") || charset.startsWith("utf-16")
        || charset.startsWith("utf-32"))
        return true;
    for (const char c : sample) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || u == 0x7F)
            return false;
    }
    if (!charset.isEmpty() && charset != "utf-8" && charset != "utf8")
        return true;
    return isUtf8(cut ? sample.first(withoutCutCharacter(sample)) : sample);
}

bool sniff::looksLikeJson(QByteArrayView sample)
{
    const QByteArrayView text = withoutLeadingSpace(sample.first(qMin(sample.size(), sampleSize)));
    if (text.isEmpty())
        return false;
    const char first = text.front();
    if (first == '{' || first == '[')
        return true;
    // A bare scalar counts only when it is the whole body, e.g. `"ok"` or `42`.
    return sample.size() <= sampleSize && (first == '"' || text == "true" || text == "false" || text == "null");
}

bool sniff::looksLikeXml(QByteArrayView sample)
{
    const QByteArrayView text = withoutLeadingSpace(sample.first(qMin(sample.size(), sampleSize)));
    if (text.startsWith("<?xml") || text.startsWith("<!--"))
        return true;
    if (text.size() < 2 || text.front() != '<')
        return false;
    const char second = text[1];
    return (second >= 'a' && second <= 'z') || (second >= 'A' && second <= 'Z') || second == '_';
}

bool sniff::looksLikeForm(QByteArrayView sample)
{
    sample = sample.first(qMin(sample.size(), sampleSize));
    if (sample.isEmpty() || !sample.contains('='))
        return false;
    return std::ranges::all_of(sample, isFormByte);
}

ContentKind detectContentKind(const MediaType& type, QByteArrayView body)
{
    if (body.isEmpty())
        return ContentKind::Empty;
    const bool text = sniff::looksLikeText(body, type.charset);
    const ContentKind declared = declaredKind(type);
    if (declared == ContentKind::Multipart)
        return declared; // parts may hold binary files
    if (declared != ContentKind::Empty)
        return text ? declared : ContentKind::Binary;
    if (!text)
        return ContentKind::Binary;
    if (sniff::looksLikeJson(body))
        return ContentKind::Json;
    if (sniff::looksLikeXml(body))
        return ContentKind::Xml;
    if (sniff::looksLikeForm(body))
        return ContentKind::FormUrlEncoded;
    return ContentKind::Text;
}

QString contentKindName(ContentKind kind)
{
    switch (kind) {
    case ContentKind::Empty: return QStringLiteral("Empty");
    case ContentKind::Json: return QStringLiteral("JSON");
    case ContentKind::FormUrlEncoded: return QStringLiteral("Form");
    case ContentKind::Multipart: return QStringLiteral("Multipart");
    case ContentKind::Xml: return QStringLiteral("XML");
    case ContentKind::Text: return QStringLiteral("Text");
    case ContentKind::Binary: return QStringLiteral("Binary");
    }
    return {};
}

} // namespace hookscope
