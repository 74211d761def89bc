// SPDX-License-Identifier: MIT
#include "ui/requests/requestlistview.h"

#include "ui/requests/requestlistmodel.h"

#include <QAction>
#include <QDataStream>
#include <QHeaderView>
#include <QIODevice>
#include <QScrollBar>

namespace hookscope {

namespace {
    constexpr quint32 kStateMagic = 0x484c5631; // "HLV1"
}

RequestListView::RequestListView(QWidget* parent)
    : QTreeView(parent)
    , m_followAction(new QAction(tr("Follow newest"), this))
{
    setAccessibleName(tr("Captured requests"));
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    // Whole rows, so keeping the view steady while rows arrive above is exact arithmetic.
    setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    header()->setStretchLastSection(false);
    header()->setSectionsMovable(true);

    m_followAction->setCheckable(true);
    m_followAction->setChecked(m_follow);
    m_followAction->setToolTip(tr("Scroll new requests into view while the list is at the top"));
    connect(m_followAction, &QAction::toggled, this, &RequestListView::setFollowNewest);
}

RequestListView::~RequestListView() = default;

void RequestListView::setModel(QAbstractItemModel* model)
{
    if (QAbstractItemModel* old = QTreeView::model())
        disconnect(old, nullptr, this, nullptr);
    QTreeView::setModel(model);
    m_model = qobject_cast<RequestListModel*>(model);
    m_currentId = 0;
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &RequestListView::beforeInsert);
    connect(model, &QAbstractItemModel::rowsInserted, this, &RequestListView::afterInsert);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, &RequestListView::beforeReset);
    connect(model, &QAbstractItemModel::modelReset, this, &RequestListView::afterReset);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RequestListView::onCurrentChanged);
    if (!m_model)
        return;
    header()->setSectionResizeMode(RequestListModel::PathColumn, QHeaderView::Stretch);
    // Widths from what the columns hold, so the path gets the room (restoreState overrides them).
    const QFontMetrics metrics(font());
    const auto fit = [&](int column, const char* sample) {
        header()->resizeSection(column, metrics.horizontalAdvance(QString::fromLatin1(sample)) + 16);
    };
    fit(RequestListModel::TimeColumn, "00:00:00.000");
    fit(RequestListModel::MethodColumn, "OPTIONS");
    fit(RequestListModel::StatusColumn, "400 rejected");
    fit(RequestListModel::SizeColumn, "999.9 KiB");
    fit(RequestListModel::ContentTypeColumn, "application/js");
    fit(RequestListModel::SourceColumn, "127.0.0.1:6553");
    fit(RequestListModel::SignatureColumn, "invalid (github)");
}

void RequestListView::setFollowNewest(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    m_followAction->setChecked(follow);
    if (follow)
        scrollToTop();
    Q_EMIT followNewestChanged(follow);
}

void RequestListView::beforeInsert(const QModelIndex& parent, int first, int /*last*/)
{
    if (parent.isValid() || first != 0)
        return;
    m_scrollBefore = verticalScrollBar()->value();
    m_wasAtTop = m_scrollBefore == 0;
}

void RequestListView::afterInsert(const QModelIndex& parent, int first, int last)
{
    // Rows appended by fetchMore change nothing on screen; rows on top push the rest down unless
    // compensated.
    if (parent.isValid() || first != 0)
        return;
    if (m_follow && m_wasAtTop) {
        scrollToTop();
        return;
    }
    // The tree lays out lazily; the scroll range must know about the new rows before it can move.
    executeDelayedItemsLayout();
    verticalScrollBar()->setValue(m_scrollBefore + (last - first + 1));
}

void RequestListView::beforeReset()
{
    m_idBeforeReset = m_currentId;
}

void RequestListView::afterReset()
{
    // A new filter keeps the request being read selected if it still matches.
    if (m_idBeforeReset > 0 && selectCapture(m_idBeforeReset))
        return;
    if (m_currentId != 0) {
        m_currentId = 0;
        Q_EMIT currentCaptureChanged(0);
    }
}

bool RequestListView::selectCapture(qint64 id)
{
    if (!m_model)
        return false;
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index);
    return true;
}

void RequestListView::onCurrentChanged(const QModelIndex& current)
{
    const qint64 id = current.isValid() ? current.data(RequestListModel::CaptureIdRole).toLongLong() : 0;
    if (id == m_currentId)
        return;
    m_currentId = id;
    Q_EMIT currentCaptureChanged(id);
}

QByteArray RequestListView::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kStateMagic << m_follow << header()->saveState();
    return state;
}

bool RequestListView::restoreState(const QByteArray& state)
{
    QDataStream in(state);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    bool follow = true;
    QByteArray headerState;
    in >> magic >> follow >> headerState;
    if (in.status() != QDataStream::Ok || magic != kStateMagic)
        return false;
    if (!header()->restoreState(headerState))
        return false;
    setFollowNewest(follow);
    return true;
}

} // namespace hookscope
