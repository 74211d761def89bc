// SPDX-License-Identifier: MIT
#pragma once

#include <QPersistentModelIndex>
#include <QTreeView>

class QAction;

namespace hookscope {

class RequestListModel;

// The request list's view. Rows arrive on top while the user reads: the selection stays on the request it
// was on, and the rows on screen stay where they are unless the list is scrolled to the top with "follow
// newest" on, where new rows come into view.
class RequestListView final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestListView)
public:
    explicit RequestListView(QWidget* parent = nullptr);
    ~RequestListView() override;

    // Takes a RequestListModel (other models work, without id tracking).
    void setModel(QAbstractItemModel* model) override;
    RequestListModel* requestModel() const { return m_model; }

    bool followNewest() const { return m_follow; }
    // A checkable action for a toolbar or menu, kept in step with followNewest().
    QAction* followNewestAction() const { return m_followAction; }

    qint64 currentCaptureId() const { return m_currentId; }
    // Selects the row of `id` if it is loaded; false otherwise.
    bool selectCapture(qint64 id);

    // Column widths, order and visibility, and the follow setting, for the window's settings.
    QByteArray saveState() const;
    bool restoreState(const QByteArray& state);

public Q_SLOTS:
    void setFollowNewest(bool follow);

Q_SIGNALS:
    // 0 when nothing is selected or the selected request was not stored.
    void currentCaptureChanged(qint64 id);
    void followNewestChanged(bool follow);

private:
    void beforeInsert(const QModelIndex& parent, int first, int last);
    void afterInsert(const QModelIndex& parent, int first, int last);
    void beforeReset();
    void afterReset();
    void onCurrentChanged(const QModelIndex& current);

    RequestListModel* m_model = nullptr;
    QAction* m_followAction;
    bool m_follow = true;
    bool m_wasAtTop = true;
    int m_scrollBefore = 0;
    qint64 m_currentId = 0;
    qint64 m_idBeforeReset = 0;
};

} // namespace hookscope
