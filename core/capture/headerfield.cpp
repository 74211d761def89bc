// SPDX-License-Identifier: MIT
#include "core/capture/headerfield.h"

#include <QString>

#include <algorithm>
#include <string_view>

namespace hookscope::headers {

namespace {
    bool sameName(const QByteArray& a, QByteArrayView b)
    {
        return a.size() == b.size() && qstrnicmp(a.constData(), a.size(), b.data(), b.size()) == 0;
    }
} // namespace

QList<QByteArray> values(const HeaderList& list, QByteArrayView name)
{
    QList<QByteArray> out;
    for (const HeaderField& field : list) {
        if (sameName(field.name, name))
            out.append(field.value);
    }
    return out;
}

QByteArray first(const HeaderList& list, QByteArrayView name)
{
    for (const HeaderField& field : list) {
        if (sameName(field.name, name))
            return field.value;
    }
    return {};
}

int count(const HeaderList& list, QByteArrayView name)
{
    int n = 0;
    for (const HeaderField& field : list)
        n += sameName(field.name, name) ? 1 : 0;
    return n;
}

QByteArray serialize(const HeaderList& list)
{
    QByteArray out;
    serializeInto(list, out);
    return out;
}

void serializeInto(const HeaderList& list, QByteArray& out)
{
    qsizetype size = 0;
    for (const HeaderField& field : list)
        size += field.name.size() + field.value.size() + 4;
    out.resize(0);
    out.reserve(size);
    for (const HeaderField& field : list) {
        out.append(field.name);
        out.append(": ", 2);
        out.append(field.value);
        out.append("\r\n", 2);
    }
}

HeaderList parse(const QByteArray& serialized)
{
    HeaderList out;
    qsizetype pos = 0;
    while (pos < serialized.size()) {
        qsizetype end = serialized.indexOf("\r\n", pos);
        if (end < 0)
            end = serialized.size();
        const QByteArrayView line(serialized.constData() + pos, end - pos);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            QByteArrayView value = line.sliced(colon + 1);
            if (value.startsWith(' '))
                value = value.sliced(1);
            out.append({ line.first(colon).toByteArray(), value.toByteArray() });
        }
        pos = end + 2;
    }
    return out;
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || extra.find(c) != std::string_view::npos;
    });
}

bool parseLine(QStringView line, HeaderField* out)
{
    const qsizetype colon = line.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    const QByteArray name = line.first(colon).trimmed().toLatin1();
    const QByteArray value = line.sliced(colon + 1).trimmed().toUtf8();
    if (!isToken(name) || value.contains('\r') || value.contains('\n'))
        return false;
    *out = { name, value };
    return true;
}

} // namespace hookscope::headers
