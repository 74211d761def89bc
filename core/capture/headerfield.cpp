// SPDX-License-Identifier: MIT
#include "core/capture/headerfield.h"

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
    qsizetype size = 0;
    for (const HeaderField& field : list)
        size += field.name.size() + field.value.size() + 4;
    QByteArray out;
    out.reserve(size);
    for (const HeaderField& field : list) {
        out.append(field.name);
        out.append(": ", 2);
        out.append(field.value);
        out.append("\r\n", 2);
    }
    return out;
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

} // namespace hookscope::headers
