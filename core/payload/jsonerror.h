// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

namespace hookscope {

// Where a JSON text stops being valid, in the terms an editor uses.
struct JsonError {
    qsizetype offset = -1; // byte offset into the input; -1 when the text is valid
    int line = 0; // 1-based
    int column = 0; // 1-based, in characters (UTF-8 sequences count once)
    QString message;

    bool failed() const { return offset >= 0; }
    // "Expected ',' or '}' at line 3, column 5 (byte 42)"
    QString describe() const;

    // Fills line and column for `offset` by counting through `input`.
    static JsonError at(QByteArrayView input, qsizetype offset, const QString& message);
};

} // namespace hookscope
