// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace hookscope {

struct FormattedXml {
    QByteArray text; // indented UTF-8; when `failed`, what was formatted before the error
    bool failed = false;
    qint64 line = 0; // 1-based, in the input
    qint64 column = 0;
    QString message;

    // "Opening and ending tag mismatch at line 3, column 7"
    QString describe() const;
};

// Re-indents an XML document with QXmlStreamReader/QXmlStreamWriter. Whitespace-only text between elements is
// dropped; other text, comments, CDATA and processing instructions are kept. The encoding declared in the
// document is honoured when reading; the output is UTF-8.
FormattedXml formatXml(QByteArrayView xml, int indent = 2);

} // namespace hookscope
