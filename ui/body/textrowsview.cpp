// SPDX-License-Identifier: MIT
#include "ui/body/textrowsview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

namespace hookscope {

namespace {

    // Tabs and other control characters would draw as nothing or as boxes of another width; one visible
    // placeholder per character keeps columns aligned with the text that is copied.
    QString displayable(QString text)
    {
        for (QChar& c : text) {
            if (c == u'\t') {
                c = u' ';
            } else if (c.unicode() < 0x20 || c.unicode() == 0x7F) {
                c = QChar(0x00B7);
            }
        }
        return text;
    }

} // namespace

TextRowsView::TextRowsView(QWidget* parent)
    : QAbstractScrollArea(parent)
    , m_menu(new QMenu(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    setFrameShape(QFrame::NoFrame);
    QAction* copy = m_menu->addAction(tr("&Copy"), this, &TextRowsView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    QAction* all = m_menu->addAction(tr("Select &All"), this, &TextRowsView::selectAll);
    all->setShortcut(QKeySequence::SelectAll);
    updateMetrics();
}

void TextRowsView::setRows(std::shared_ptr<const TextRows> rows, Syntax syntax)
{
    m_rows = std::move(rows);
    m_syntax = syntax;
    m_problem.reset();
    m_anchor = m_cursor = {};
    updateMetrics();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
}

void TextRowsView::setProblem(std::optional<TextRows::Position> at)
{
    m_problem = at;
    if (at) {
        scrollToRow(qMax(qsizetype(0), at->row - visibleRowCount() / 3));
        const int x = int(at->column) * m_charWidth;
        if (x > viewport()->width() - textLeft() - 4 * m_charWidth)
            horizontalScrollBar()->setValue(x - (viewport()->width() - textLeft()) / 2);
    }
    viewport()->update();
}

void TextRowsView::scrollToRow(qsizetype row)
{
    verticalScrollBar()->setValue(int(qMin(row, qsizetype(std::numeric_limits<int>::max()))));
}

qsizetype TextRowsView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

QString TextRowsView::selectedText() const
{
    if (!m_rows || m_anchor == m_cursor)
        return {};
    return m_rows->text(qMin(m_anchor, m_cursor), qMax(m_anchor, m_cursor));
}

void TextRowsView::selectAll()
{
    if (!m_rows || m_rows->rowCount() == 0)
        return;
    m_anchor = {};
    const qsizetype last = m_rows->rowCount() - 1;
    m_cursor = { last, m_rows->rowText(last).size() };
    viewport()->update();
}

void TextRowsView::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QPoint TextRowsView::cellOrigin(qsizetype row, qsizetype column) const
{
    const int y = int(row - firstVisibleRow()) * m_rowHeight;
    const qsizetype first = firstPaintedColumn();
    const QString text = m_rows && row < m_rows->rowCount() ? displayable(m_rows->rowText(row)) : QString();
    const int x = textLeft() + int(first * m_charWidth) - horizontalScrollBar()->value() + advance(text, first, column);
    return { x, y };
}

void TextRowsView::updateMetrics()
{
    const QFontMetrics metrics(font());
    m_rowHeight = metrics.height();
    m_ascent = metrics.ascent();
    m_charWidth = qMax(1, metrics.horizontalAdvance(u'0'));
    const qsizetype lines = m_rows && m_rows->rowCount() > 0 ? m_rows->lineNumber(m_rows->rowCount() - 1) : 1;
    m_gutterWidth = m_charWidth * (int(QString::number(lines).size()) + 2);
    m_colours = SyntaxPalette::from(palette());
    updateScrollBars();
}

void TextRowsView::updateScrollBars()
{
    const qsizetype rows = m_rows ? m_rows->rowCount() : 0;
    const qsizetype page = visibleRowCount();
    verticalScrollBar()->setRange(
        0, int(qMin(qMax(qsizetype(0), rows - page + 1), qsizetype(std::numeric_limits<int>::max()))));
    verticalScrollBar()->setPageStep(int(qMax(qsizetype(1), page - 1)));
    const qsizetype width = (m_rows ? m_rows->longestRow() + 2 : 0) * m_charWidth;
    const int visibleWidth = viewport()->width() - textLeft();
    horizontalScrollBar()->setRange(
        0, int(qMin(qMax(qsizetype(0), width - visibleWidth), qsizetype(std::numeric_limits<int>::max()))));
    horizontalScrollBar()->setPageStep(qMax(1, visibleWidth));
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
}

qsizetype TextRowsView::visibleRowCount() const
{
    return qMax(1, viewport()->height() / qMax(1, m_rowHeight));
}

qsizetype TextRowsView::firstPaintedColumn() const
{
    return horizontalScrollBar()->value() / m_charWidth;
}

int TextRowsView::advance(const QString& text, qsizetype from, qsizetype to) const
{
    const qsizetype begin = qMin(from, text.size());
    const qsizetype end = qMin(to, text.size());
    const QFontMetrics metrics(font());
    const int measured = end > begin ? metrics.horizontalAdvance(text.mid(begin, end - begin)) : 0;
    // Past the end of the row, columns continue at the nominal width (selection of trailing space).
    return measured + int(qMax(qsizetype(0), to - qMax(end, from))) * m_charWidth;
}

TextRows::Position TextRowsView::hit(QPoint point) const
{
    if (!m_rows || m_rows->rowCount() == 0)
        return {};
    const qsizetype row = qBound(qsizetype(0), firstVisibleRow() + point.y() / m_rowHeight, m_rows->rowCount() - 1);
    const QString text = displayable(m_rows->rowText(row));
    const qsizetype first = firstPaintedColumn();
    int x = textLeft() + int(first * m_charWidth) - horizontalScrollBar()->value();
    if (point.x() < x)
        return { row, qMin(first, text.size()) };
    const QFontMetrics metrics(font());
    for (qsizetype column = first; column < text.size(); ++column) {
        const int width = metrics.horizontalAdvance(text[column]);
        if (point.x() < x + width / 2)
            return { row, column };
        x += width;
        if (x > viewport()->width())
            return { row, column + 1 };
    }
    return { row, text.size() };
}

void TextRowsView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    painter.setFont(font());
    if (!m_rows)
        return;
    const qsizetype first = firstVisibleRow();
    const qsizetype last = qMin(m_rows->rowCount(), first + visibleRowCount() + 1);
    for (qsizetype row = first; row < last; ++row) {
        const int y = int(row - first) * m_rowHeight;
        paintRow(painter, row, y);
        paintGutter(painter, row, y);
    }
}

void TextRowsView::paintGutter(QPainter& painter, qsizetype row, int y)
{
    painter.fillRect(0, y, m_gutterWidth, m_rowHeight, palette().color(QPalette::AlternateBase));
    if (m_rows->isContinuation(row))
        return;
    painter.setPen(m_colours.muted);
    painter.drawText(QRect(0, y, m_gutterWidth - m_charWidth, m_rowHeight), Qt::AlignRight | Qt::AlignVCenter,
        QString::number(m_rows->lineNumber(row)));
}

void TextRowsView::paintRow(QPainter& painter, qsizetype row, int y)
{
    const QString text = displayable(m_rows->rowText(row));
    const qsizetype firstColumn = firstPaintedColumn();
    painter.save();
    painter.setClipRect(QRect(m_gutterWidth, y, viewport()->width() - m_gutterWidth, m_rowHeight));
    paintProblem(painter, row, text, firstColumn, y);
    paintSelection(painter, row, text, firstColumn, y);
    const qsizetype lastColumn = firstColumn + qsizetype(viewport()->width() / m_charWidth) * 2 + 2;
    int x = textLeft() + int(firstColumn * m_charWidth) - horizontalScrollBar()->value();
    const QFontMetrics metrics(font());
    for (const SyntaxRun& run : highlightRow(m_syntax, text)) {
        const qsizetype begin = qMax(run.start, firstColumn);
        const qsizetype end = qMin(run.start + run.length, lastColumn);
        if (end <= begin)
            continue;
        const QString piece = text.mid(begin, end - begin);
        painter.setPen(m_colours.color(run.role));
        painter.drawText(x, y + m_ascent, piece);
        x += metrics.horizontalAdvance(piece);
    }
    painter.restore();
}

void TextRowsView::paintSelection(QPainter& painter, qsizetype row, const QString& text, qsizetype firstColumn, int y)
{
    const TextRows::Position from = qMin(m_anchor, m_cursor);
    const TextRows::Position to = qMax(m_anchor, m_cursor);
    if (from == to || row < from.row || row > to.row)
        return;
    const qsizetype begin = qMax(row == from.row ? from.column : 0, firstColumn);
    const qsizetype end = row == to.row ? to.column : text.size() + 1;
    if (end <= begin)
        return;
    const int left = textLeft() + int(firstColumn * m_charWidth) - horizontalScrollBar()->value();
    const int x = left + advance(text, firstColumn, begin);
    painter.fillRect(x, y, advance(text, begin, end), m_rowHeight, m_colours.selection);
}

void TextRowsView::paintProblem(QPainter& painter, qsizetype row, const QString& text, qsizetype firstColumn, int y)
{
    if (!m_problem || m_problem->row != row)
        return;
    painter.fillRect(m_gutterWidth, y, viewport()->width(), m_rowHeight, m_colours.problemBackground);
    if (m_problem->column < firstColumn)
        return;
    const int left = textLeft() + int(firstColumn * m_charWidth) - horizontalScrollBar()->value();
    const int x = left + advance(text, firstColumn, m_problem->column);
    const int width
        = m_problem->column < text.size() ? advance(text, m_problem->column, m_problem->column + 1) : m_charWidth;
    painter.fillRect(x, y, width, m_rowHeight, m_colours.problemSpot);
}

void TextRowsView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TextRowsView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_cursor = hit(event->position().toPoint());
    if (!(event->modifiers() & Qt::ShiftModifier))
        m_anchor = m_cursor;
    viewport()->update();
}

void TextRowsView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint point = event->position().toPoint();
    if (point.y() < 0) {
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    } else if (point.y() > viewport()->height()) {
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    }
    m_cursor = hit(point);
    viewport()->update();
}

void TextRowsView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (!m_rows || event->button() != Qt::LeftButton)
        return;
    const TextRows::Position at = hit(event->position().toPoint());
    const QString text = m_rows->rowText(at.row);
    const auto isWord
        = [&text](qsizetype i) { return i >= 0 && i < text.size() && (text[i].isLetterOrNumber() || text[i] == u'_'); };
    qsizetype begin = at.column;
    qsizetype end = at.column;
    while (isWord(begin - 1))
        --begin;
    while (isWord(end))
        ++end;
    m_anchor = { at.row, begin };
    m_cursor = { at.row, end };
    viewport()->update();
}

void TextRowsView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
    } else if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
    } else if (event->matches(QKeySequence::MoveToStartOfDocument) || event->key() == Qt::Key_Home) {
        verticalScrollBar()->setValue(0);
    } else if (event->matches(QKeySequence::MoveToEndOfDocument) || event->key() == Qt::Key_End) {
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void TextRowsView::contextMenuEvent(QContextMenuEvent* event)
{
    m_menu->actions().at(0)->setEnabled(m_anchor != m_cursor);
    m_menu->popup(event->globalPos());
}

void TextRowsView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
        updateMetrics();
}

void TextRowsView::scrollContentsBy(int /*dx*/, int /*dy*/)
{
    viewport()->update();
}

} // namespace hookscope
