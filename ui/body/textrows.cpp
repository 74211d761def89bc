// SPDX-License-Identifier: MIT
#include "ui/body/textrows.h"

#include "core/payload/hexdump.h"

#include <algorithm>

namespace hookscope {

template <typename Char, typename IsBoundary>
RowIndex RowIndex::build(const Char* data, qsizetype size, IsBoundary isBoundary)
{
    RowIndex index;
    qint32 line = 1;
    qsizetype start = 0;
    const auto addRow = [&index, &line](qsizetype from, qsizetype to) {
        index.starts.push_back(from);
        index.ends.push_back(to);
        index.lines.push_back(line);
        index.longest = qMax(index.longest, to - from);
    };
    while (true) {
        const Char* newline = std::find(data + start, data + size, Char(u'\n'));
        const qsizetype lineEnd = newline - data;
        qsizetype shownEnd = lineEnd > start && data[lineEnd - 1] == Char(u'\r') ? lineEnd - 1 : lineEnd;
        while (shownEnd - start > TextRows::maxRowLength) {
            qsizetype cut = start + TextRows::maxRowLength;
            while (cut > start + 1 && !isBoundary(data[cut]))
                --cut;
            addRow(start, cut);
            start = cut;
        }
        addRow(start, shownEnd);
        if (lineEnd >= size)
            break;
        start = lineEnd + 1;
        ++line;
        if (start == size)
            break; // a final newline opens no empty row
    }
    return index;
}

qsizetype TextRows::firstRowOfLine(qsizetype line) const
{
    // Line numbers grow with rows: binary search.
    qsizetype low = 0;
    qsizetype high = rowCount();
    while (low < high) {
        const qsizetype middle = (low + high) / 2;
        if (lineNumber(middle) < line) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return qMin(low, qMax(rowCount() - 1, qsizetype(0)));
}

TextRows::Position TextRows::locate(qsizetype line, qsizetype column) const
{
    Position at { firstRowOfLine(line), qMax(column - 1, qsizetype(0)) };
    while (at.row + 1 < rowCount() && lineNumber(at.row + 1) == lineNumber(at.row)) {
        const qsizetype length = rowText(at.row).size();
        if (at.column < length)
            break;
        at.column -= length;
        ++at.row;
    }
    return at;
}

QString TextRows::text(Position from, Position to) const
{
    QString out;
    for (qsizetype row = from.row; row <= to.row && row < rowCount(); ++row) {
        if (row > from.row && !isContinuation(row))
            out.append(u'\n');
        const QString whole = rowText(row);
        const qsizetype begin = row == from.row ? from.column : 0;
        const qsizetype end = row == to.row ? to.column : whole.size();
        out.append(QStringView(whole).sliced(
            qMin(begin, whole.size()), qMax(qsizetype(0), qMin(end, whole.size()) - qMin(begin, whole.size()))));
    }
    return out;
}

QString TextRows::wholeText() const
{
    if (rowCount() == 0)
        return {};
    return text({ 0, 0 }, { rowCount() - 1, rowText(rowCount() - 1).size() });
}

Utf8Rows::Utf8Rows(QByteArray utf8)
    : m_bytes(std::move(utf8))
    , m_index(RowIndex::build(
          m_bytes.constData(), m_bytes.size(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }))
{
}

QString Utf8Rows::rowText(qsizetype row) const
{
    const auto r = std::size_t(row);
    return QString::fromUtf8(m_bytes.constData() + m_index.starts[r], m_index.ends[r] - m_index.starts[r]);
}

TextRows::Position Utf8Rows::positionOfByte(qsizetype offset) const
{
    const auto next = std::upper_bound(m_index.starts.begin(), m_index.starts.end(), offset);
    const auto row = std::size_t(qMax(qsizetype(0), qsizetype(next - m_index.starts.begin()) - 1));
    if (m_index.starts.empty())
        return {};
    const qsizetype end = qMin(offset, m_index.ends[row]);
    const qsizetype column
        = QString::fromUtf8(m_bytes.constData() + m_index.starts[row], qMax(qsizetype(0), end - m_index.starts[row]))
              .size();
    return { qsizetype(row), column };
}

Utf16Rows::Utf16Rows(QString text)
    : m_text(std::move(text))
    , m_index(RowIndex::build(m_text.constData(), m_text.size(), [](QChar c) { return !c.isLowSurrogate(); }))
{
}

QString Utf16Rows::rowText(qsizetype row) const
{
    const auto r = std::size_t(row);
    return m_text.mid(m_index.starts[r], m_index.ends[r] - m_index.starts[r]);
}

HexRows::HexRows(QByteArray bytes)
    : m_bytes(std::move(bytes))
{
}

qsizetype HexRows::rowCount() const
{
    return hexdump::lineCount(m_bytes.size());
}

QString HexRows::rowText(qsizetype row) const
{
    return hexdump::line(m_bytes, row);
}

qsizetype HexRows::longestRow() const
{
    return hexdump::asciiColumn + hexdump::bytesPerLine + 2;
}

} // namespace hookscope
