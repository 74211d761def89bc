// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesummary.h"

#include <QMainWindow>

class QLabel;
class QTreeWidget;

namespace hookscope {

class Receiver;

// The first window: where to send webhooks, and what has arrived. The full inspector builds on this.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    MainWindow(Receiver* receiver, const QString& databasePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    int capturedCount() const { return m_captured; }

private:
    void updateReceiverState();
    void addCapture(const hookscope::CaptureSummary& summary);

    Receiver* m_receiver;
    QLabel* m_url;
    QLabel* m_countLabel;
    QTreeWidget* m_list;
    int m_captured = 0;
};

} // namespace hookscope
