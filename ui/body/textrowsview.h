// SPDX-License-Identifier: MIT
#pragma once

#include "ui/body/rowsyntax.h"
#include "ui/body/syntaxpalette.h"
#include "ui/body/textrows.h"

#include <QAbstractScrollArea>

#include <memory>
#include <optional>

class QMenu;

namespace hookscope {

// A read-only, selectable text view that paints only the rows on screen. Unlike QPlainTextEdit it builds no
// text layout for the whole document, so showing 80 MB of pretty JSON costs the same as 80 bytes once the rows
// are indexed (which BodyView does off the UI thread).
class TextRowsView final : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit TextRowsView(QWidget* parent = nullptr);
    Q_DISABLE_COPY_MOVE(TextRowsView)

    void setRows(std::shared_ptr<const TextRows> rows, Syntax syntax);
    const TextRows* rows() const { return m_rows.get(); }
    Syntax syntax() const { return m_syntax; }

    // Marks where a document breaks: the row gets a tinted background, the character a stronger one, and the
    // view scrolls there.
    void setProblem(std::optional<TextRows::Position> at);
    std::optional<TextRows::Position> problem() const { return m_problem; }

    void scrollToRow(qsizetype row);
    qsizetype firstVisibleRow() const;

    QString selectedText() const;
    void selectAll();
    void copySelection() const;

    // Where the first character of `column` in `row` is painted, in viewport coordinates (for tests and hit tests).
    QPoint cellOrigin(qsizetype row, qsizetype column) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void updateMetrics();
    void updateScrollBars();
    int rowHeight() const { return m_rowHeight; }
    int textLeft() const { return m_gutterWidth + 4; }
    qsizetype visibleRowCount() const;
    TextRows::Position hit(QPoint point) const;
    void paintRow(QPainter& painter, qsizetype row, int y);
    void paintGutter(QPainter& painter, qsizetype row, int y);
    void paintSelection(QPainter& painter, qsizetype row, const QString& text, qsizetype firstColumn, int y);
    void paintProblem(QPainter& painter, qsizetype row, const QString& text, qsizetype firstColumn, int y);
    qsizetype firstPaintedColumn() const;
    int advance(const QString& text, qsizetype from, qsizetype to) const;

    std::shared_ptr<const TextRows> m_rows;
    Syntax m_syntax = Syntax::Plain;
    SyntaxPalette m_colours;
    std::optional<TextRows::Position> m_problem;
    TextRows::Position m_anchor;
    TextRows::Position m_cursor;
    int m_rowHeight = 16;
    int m_charWidth = 8;
    int m_ascent = 12;
    int m_gutterWidth = 40;
    QMenu* m_menu = nullptr;
};

} // namespace hookscope
