// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

namespace hookscope {

// One header line as it arrived: original case, original order, duplicates kept.
struct HeaderField {
    QByteArray name;
    QByteArray value;

    friend bool operator==(const HeaderField&, const HeaderField&) = default;
};

using HeaderList = QList<HeaderField>;

namespace headers {
    // Values of every field called `name` (case-insensitive), in received order.
    QList<QByteArray> values(const HeaderList& list, QByteArrayView name);
    // The first value of `name`, or a null QByteArray.
    QByteArray first(const HeaderList& list, QByteArrayView name);
    int count(const HeaderList& list, QByteArrayView name);

    // "Name: value\r\n" per field: the storage and display form. Header names cannot hold ':' and strict
    // parsing refuses CR/LF inside values, so the encoding is unambiguous.
    QByteArray serialize(const HeaderList& list);
    // The same into `out`, replacing its contents but keeping its capacity (the capture writer, once per row).
    void serializeInto(const HeaderList& list, QByteArray& out);
    HeaderList parse(const QByteArray& serialized);

    // RFC 9110 token: what a field name or a method may consist of.
    bool isToken(QByteArrayView text);
    // One "Name: value" line as a person types it (surrounding spaces dropped); false when the name is not a
    // token or the value holds a line break.
    bool parseLine(QStringView line, HeaderField* out);
} // namespace headers

} // namespace hookscope
