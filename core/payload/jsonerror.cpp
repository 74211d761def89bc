// SPDX-License-Identifier: MIT
#include "core/payload/jsonerror.h"

#include <algorithm>

namespace hookscope {

QString JsonError::describe() const
{
    if (!failed())
        return {};
    return QStringLiteral("%1 at line %2, column %3 (byte %4)").arg(message).arg(line).arg(column).arg(offset);
}

JsonError JsonError::at(QByteArrayView input, qsizetype offset, const QString& message)
{
    JsonError error;
    error.offset = qBound(qsizetype(0), offset, input.size());
    error.message = message;
    const char* begin = input.data();
    const char* spot = begin + error.offset;
    error.line = 1 + static_cast<int>(std::count(begin, spot, '\n'));
    const char* lineStart = spot;
    while (lineStart > begin && lineStart[-1] != '\n')
        --lineStart;
    const auto isLeadByte = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
    error.column = 1 + static_cast<int>(std::count_if(lineStart, spot, isLeadByte));
    return error;
}

} // namespace hookscope
