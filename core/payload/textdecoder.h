// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace hookscope {

struct DecodedText {
    QString text;
    QByteArray charset; // the charset actually used, e.g. "windows-1252"
    bool hadErrors = false; // bytes that are invalid in `charset` show as U+FFFD
    QString note; // for the user when the declared charset was not used, e.g. "Unknown charset "x"; shown as UTF-8"
};

// Decodes a body for display in its declared charset (any name Qt's ICU-backed QStringDecoder knows:
// windows-1252, iso-8859-x, Shift_JIS, ...). A byte order mark wins over the declaration; without either, UTF-8.
DecodedText decodeText(QByteArrayView bytes, QByteArrayView declaredCharset);

} // namespace hookscope
