// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/mediatype.h"

#include <QByteArrayView>
#include <QString>

namespace hookscope {

enum class ContentKind {
    Empty,
    Json,
    FormUrlEncoded,
    Multipart,
    Xml,
    Text,
    Binary,
};

// What a body is, from its declared media type first and a look at its first bytes second: providers often
// send JSON as text/plain or with no Content-Type at all, and a declared type can lie about binary data.
ContentKind detectContentKind(const MediaType& type, QByteArrayView body);

// "JSON", "Form", ...: for status lines.
QString contentKindName(ContentKind kind);

namespace sniff {
    // True when the first bytes hold no NUL or other control characters and decode in `charset` (UTF-8 when
    // empty; any other declared charset is taken on trust). A UTF-16 BOM counts as text. A multi-byte
    // character cut by the sample's end is allowed.
    bool looksLikeText(QByteArrayView sample, QByteArrayView charset = {});
    bool looksLikeJson(QByteArrayView sample);
    bool looksLikeXml(QByteArrayView sample);
    bool looksLikeForm(QByteArrayView sample);
} // namespace sniff

} // namespace hookscope
