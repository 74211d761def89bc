// SPDX-License-Identifier: MIT
#include "core/payload/formdecoder.h"

namespace hookscope {

namespace {

    int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    FormField fieldOf(QByteArrayView pair)
    {
        FormField field;
        const qsizetype equals = pair.indexOf('=');
        field.hasValue = equals >= 0;
        field.rawName = (equals < 0 ? pair : pair.first(equals)).toByteArray();
        field.rawValue = equals < 0 ? QByteArray() : pair.sliced(equals + 1).toByteArray();
        field.name = QString::fromUtf8(form::percentDecode(field.rawName));
        field.value = QString::fromUtf8(form::percentDecode(field.rawValue));
        return field;
    }

} // namespace

QByteArray form::percentDecode(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out.append(' ');
            continue;
        }
        if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
            out.append(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
            continue;
        }
        out.append(c);
    }
    return out;
}

QList<FormField> form::decode(QByteArrayView body)
{
    QList<FormField> fields;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        if (!pair.isEmpty())
            fields.append(fieldOf(pair));
        start = end + 1;
    }
    return fields;
}

QList<FormField> form::decodeQuery(QByteArrayView query)
{
    if (query.startsWith('?'))
        query = query.sliced(1);
    const qsizetype hash = query.indexOf('#');
    return decode(hash < 0 ? query : query.first(hash));
}

QByteArrayView form::queryOf(QByteArrayView target)
{
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return {};
    QByteArrayView query = target.sliced(question + 1);
    const qsizetype hash = query.indexOf('#');
    return hash < 0 ? query : query.first(hash);
}

} // namespace hookscope
