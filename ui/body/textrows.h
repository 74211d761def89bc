// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace hookscope {

// A read-only document seen as display rows, for TextRowsView. Lines longer than `maxRowLength` are split into
// several rows so painting a row never touches more than a few kilobytes, whatever the document holds (a 50 MB
// single-line JSON body included). Built in a worker thread; immutable afterwards, so shared freely.
class TextRows {
public:
    struct Position {
        qsizetype row = 0;
        qsizetype column = 0; // UTF-16 index into rowText(row)

        friend bool operator==(const Position&, const Position&) = default;
        friend bool operator<(const Position& a, const Position& b)
        {
            return a.row != b.row ? a.row < b.row : a.column < b.column;
        }
    };

    static constexpr qsizetype maxRowLength = 4096;

    virtual ~TextRows() = default;
    virtual qsizetype rowCount() const = 0;
    virtual QString rowText(qsizetype row) const = 0;
    // 1-based line of the document the row belongs to.
    virtual qsizetype lineNumber(qsizetype row) const { return row + 1; }
    // The longest row in characters (an upper bound), for the horizontal scroll range.
    virtual qsizetype longestRow() const = 0;

    bool isContinuation(qsizetype row) const { return row > 0 && lineNumber(row - 1) == lineNumber(row); }
    qsizetype firstRowOfLine(qsizetype line) const;
    // Where 1-based (line, column) falls; column counts characters along the line, across split rows.
    Position locate(qsizetype line, qsizetype column) const;
    // Text from `from` to `to` (exclusive), rows of one line joined directly, lines with '\n'.
    QString text(Position from, Position to) const;
    QString wholeText() const;

protected:
    TextRows() = default;
};

// Row starts of a text split at '\n' (a '\r' before it is not shown) and at maxRowLength.
struct RowIndex {
    std::vector<qsizetype> starts;
    std::vector<qsizetype> ends;
    std::vector<qint32> lines;
    qsizetype longest = 0;

    template <typename Char, typename IsBoundary>
    static RowIndex build(const Char* data, qsizetype size, IsBoundary isBoundary);
};

// UTF-8 text (pretty JSON, pretty XML, a raw body shown as it is).
class Utf8Rows final : public TextRows {
public:
    explicit Utf8Rows(QByteArray utf8);
    qsizetype rowCount() const override { return qsizetype(m_index.starts.size()); }
    QString rowText(qsizetype row) const override;
    qsizetype lineNumber(qsizetype row) const override { return m_index.lines[std::size_t(row)]; }
    qsizetype longestRow() const override { return m_index.longest; }
    // Where byte `offset` of the text falls.
    Position positionOfByte(qsizetype offset) const;
    const QByteArray& bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
    RowIndex m_index;
};

// Text already decoded from its charset.
class Utf16Rows final : public TextRows {
public:
    explicit Utf16Rows(QString text);
    qsizetype rowCount() const override { return qsizetype(m_index.starts.size()); }
    QString rowText(qsizetype row) const override;
    qsizetype lineNumber(qsizetype row) const override { return m_index.lines[std::size_t(row)]; }
    qsizetype longestRow() const override { return m_index.longest; }

private:
    QString m_text;
    RowIndex m_index;
};

// A hex dump made row by row when painted: nothing is formatted up front, whatever the size.
class HexRows final : public TextRows {
public:
    explicit HexRows(QByteArray bytes);
    qsizetype rowCount() const override;
    QString rowText(qsizetype row) const override;
    qsizetype longestRow() const override;

private:
    QByteArray m_bytes;
};

} // namespace hookscope
