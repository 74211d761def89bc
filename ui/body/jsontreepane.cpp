// SPDX-License-Identifier: MIT
#include "ui/body/jsontreepane.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>

namespace hookscope {

JsonTreePane::JsonTreePane(QWidget* parent)
    : QTreeView(parent)
    , m_model(new JsonTreeModel(this))
{
    setModel(m_model);
    setUniformRowHeights(true); // lets QTreeView skip measuring rows it does not show
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    header()->resizeSection(JsonTreeModel::KeyColumn, 220);
    addCopyAction(tr("Copy &value"), QKeySequence::Copy, &JsonTreePane::copyValue);
    addCopyAction(tr("Copy &path"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &JsonTreePane::copyPath);
    addCopyAction(tr("Copy &key"), QKeySequence(), &JsonTreePane::copyKey);
}

QAction* JsonTreePane::addCopyAction(
    const QString& text, const QKeySequence& shortcut, void (JsonTreePane::*slot)() const)
{
    auto* action = new QAction(text, this);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    return action;
}

void JsonTreePane::setIndex(std::shared_ptr<const JsonIndex> index, const JsonIndex::ChildPage& rootPage)
{
    m_model->setIndex(std::move(index), rootPage);
    const QModelIndex root = m_model->index(0, 0);
    if (root.isValid()) {
        expand(root);
        setCurrentIndex(root);
    }
}

void JsonTreePane::copyValue() const
{
    const QModelIndex current = currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(current.siblingAtColumn(0).data(JsonTreeModel::ValueTextRole).toString());
}

void JsonTreePane::copyPath() const
{
    const QModelIndex current = currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(m_model->path(current.siblingAtColumn(0)));
}

void JsonTreePane::copyKey() const
{
    const QModelIndex current = currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(current.siblingAtColumn(JsonTreeModel::KeyColumn).data().toString());
}

void JsonTreePane::contextMenuEvent(QContextMenuEvent* event)
{
    const QModelIndex under = indexAt(viewport()->mapFrom(this, event->pos()));
    if (under.isValid())
        setCurrentIndex(under);
    QMenu menu(this);
    menu.addActions(actions());
    menu.exec(event->globalPos());
}

} // namespace hookscope
