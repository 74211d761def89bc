// SPDX-License-Identifier: MIT
#include "core/payload/mediatype.h"

namespace hookscope {

namespace {

    QByteArrayView trimmed(QByteArrayView text)
    {
        while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
            text = text.sliced(1);
        while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
            text.chop(1);
        return text;
    }

    bool sameName(QByteArrayView a, QByteArrayView b)
    {
        return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
    }

    // Reads a quoted-string starting at text[pos] == '"'; leaves pos after the closing quote.
    QByteArray readQuoted(QByteArrayView text, qsizetype& pos)
    {
        QByteArray value;
        ++pos;
        while (pos < text.size() && text[pos] != '"') {
            if (text[pos] == '\\' && pos + 1 < text.size())
                ++pos;
            value.append(text[pos]);
            ++pos;
        }
        ++pos;
        return value;
    }

} // namespace

QByteArray mediatype::parameter(QByteArrayView headerValue, QByteArrayView name)
{
    qsizetype pos = headerValue.indexOf(';');
    while (pos >= 0 && pos < headerValue.size()) {
        ++pos; // past ';'
        const qsizetype equals = headerValue.indexOf('=', pos);
        if (equals < 0)
            return {};
        const QByteArrayView key = trimmed(headerValue.sliced(pos, equals - pos));
        pos = equals + 1;
        while (pos < headerValue.size() && (headerValue[pos] == ' ' || headerValue[pos] == '\t'))
            ++pos;
        QByteArray value;
        if (pos < headerValue.size() && headerValue[pos] == '"') {
            value = readQuoted(headerValue, pos);
            pos = headerValue.indexOf(';', pos);
        } else {
            const qsizetype end = headerValue.indexOf(';', pos);
            value = trimmed(headerValue.sliced(pos, (end < 0 ? headerValue.size() : end) - pos)).toByteArray();
            pos = end;
        }
        if (sameName(key, name))
            return value.isNull() ? QByteArrayLiteral("") : value;
    }
    return {};
}

MediaType MediaType::parse(QByteArrayView contentType)
{
    MediaType type;
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView essence = trimmed(semicolon < 0 ? contentType : contentType.first(semicolon));
    if (essence.indexOf('/') > 0)
        type.essence = essence.toByteArray().toLower();
    type.charset = mediatype::parameter(contentType, "charset").toLower();
    type.boundary = mediatype::parameter(contentType, "boundary");
    return type;
}

bool MediaType::isJson() const
{
    return essence == "application/json" || essence == "text/json" || essence.endsWith("+json");
}

bool MediaType::isXml() const
{
    return essence == "application/xml" || essence == "text/xml" || essence.endsWith("+xml");
}

bool MediaType::isText() const
{
    return essence.startsWith("text/") || essence == "application/javascript" || essence == "application/x-ndjson"
        || essence == "application/yaml" || essence == "application/graphql";
}

} // namespace hookscope
