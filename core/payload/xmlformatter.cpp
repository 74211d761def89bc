// SPDX-License-Identifier: MIT
#include "core/payload/xmlformatter.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace hookscope {

QString FormattedXml::describe() const
{
    if (!failed)
        return {};
    return QStringLiteral("%1 at line %2, column %3").arg(message).arg(line).arg(column);
}

FormattedXml formatXml(QByteArrayView xml, int indent)
{
    FormattedXml result;
    QXmlStreamReader reader(QByteArray::fromRawData(xml.data(), xml.size()));
    QXmlStreamWriter writer(&result.text);
    writer.setAutoFormatting(true);
    writer.setAutoFormattingIndent(indent);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.hasError())
            break;
        switch (reader.tokenType()) {
        case QXmlStreamReader::StartDocument:
            // Rewritten rather than copied: the output is UTF-8 whatever encoding the input declared.
            if (reader.isStandaloneDocument()) {
                writer.writeStartDocument(reader.documentVersion().toString(), true);
            } else if (!reader.documentVersion().isEmpty()) {
                writer.writeStartDocument(reader.documentVersion().toString());
            }
            break;
        case QXmlStreamReader::Characters:
            if (!reader.isWhitespace())
                writer.writeCurrentToken(reader);
            break;
        case QXmlStreamReader::EndDocument: writer.writeEndDocument(); break;
        default: writer.writeCurrentToken(reader); break;
        }
    }
    if (reader.hasError()) {
        result.failed = true;
        result.line = reader.lineNumber();
        result.column = reader.columnNumber();
        result.message = reader.errorString();
    } else if (!result.text.endsWith('\n')) {
        result.text.append('\n');
    }
    return result;
}

} // namespace hookscope
