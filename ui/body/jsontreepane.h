// SPDX-License-Identifier: MIT
#pragma once

#include "ui/body/jsontreemodel.h"

#include <QTreeView>

namespace hookscope {

// The JSON tree: expandable rows of key, value and type, with "Copy value" (Ctrl+C), "Copy path"
// (Ctrl+Shift+C) and "Copy key" on the context menu and as shortcuts.
class JsonTreePane final : public QTreeView {
    Q_OBJECT

public:
    explicit JsonTreePane(QWidget* parent = nullptr);
    Q_DISABLE_COPY_MOVE(JsonTreePane)

    JsonTreeModel* jsonModel() const { return m_model; }
    void setIndex(std::shared_ptr<const JsonIndex> index, const JsonIndex::ChildPage& rootPage = {});

    void copyValue() const;
    void copyPath() const;
    void copyKey() const;

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QAction* addCopyAction(const QString& text, const QKeySequence& shortcut, void (JsonTreePane::*slot)() const);

    JsonTreeModel* m_model;
};

} // namespace hookscope
