// SPDX-License-Identifier: MIT
#include "core/payload/hexdump.h"

#include <array>

namespace hookscope {

qsizetype hexdump::lineCount(qsizetype size)
{
    return (size + bytesPerLine - 1) / bytesPerLine;
}

QString hexdump::line(QByteArrayView bytes, qsizetype lineIndex)
{
    static constexpr std::array<char, 16> digits { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd',
        'e', 'f' };
    const qsizetype offset = lineIndex * bytesPerLine;
    const qsizetype count = qBound(qsizetype(0), bytes.size() - offset, bytesPerLine);
    QString out(asciiColumn + count + 2, u' ');
    QChar* data = out.data();
    for (int shift = 28, i = 0; shift >= 0; shift -= 4, ++i)
        data[i] = QLatin1Char(digits.at(std::size_t((offset >> shift) & 0xF)));
    for (qsizetype i = 0; i < count; ++i) {
        const auto byte = static_cast<unsigned char>(bytes[offset + i]);
        const qsizetype column = hexColumn + i * 3 + (i >= 8 ? 1 : 0);
        data[column] = QLatin1Char(digits.at(byte >> 4));
        data[column + 1] = QLatin1Char(digits.at(byte & 0xF));
        data[asciiColumn + 1 + i]
            = byte >= 0x20 && byte < 0x7F ? QLatin1Char(static_cast<char>(byte)) : QLatin1Char('.');
    }
    data[asciiColumn] = u'|';
    data[asciiColumn + count + 1] = u'|';
    return out;
}

QString hexdump::format(QByteArrayView bytes, qsizetype maxLines)
{
    const qsizetype lines = maxLines < 0 ? lineCount(bytes.size()) : qMin(maxLines, lineCount(bytes.size()));
    QString out;
    out.reserve(lines * (asciiColumn + bytesPerLine + 3));
    for (qsizetype i = 0; i < lines; ++i) {
        out.append(line(bytes, i));
        out.append(u'\n');
    }
    return out;
}

} // namespace hookscope
