// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace hookscope {

struct MultipartPart {
    HeaderList headers; // in received order
    QString name; // Content-Disposition name
    QString filename; // Content-Disposition filename (filename* preferred when present)
    QByteArray contentType; // as declared; empty when the part has none (text/plain by default)
    QByteArray body;
    qsizetype offset = 0; // where the body starts in the whole multipart body
};

struct MultipartContent {
    QList<MultipartPart> parts;
    QString error; // why parsing stopped early; empty when the closing boundary was found
};

namespace multipart {
    // Splits a multipart body (RFC 2046) at `boundary` (from the Content-Type's boundary parameter).
    // CRLF line ends are expected; bare LF is accepted too. A body cut before the closing boundary keeps the
    // last part as far as it goes and says so in `error`.
    MultipartContent parse(QByteArrayView body, QByteArrayView boundary);
} // namespace multipart

} // namespace hookscope
