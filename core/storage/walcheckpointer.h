// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QThread>

#include <condition_variable>
#include <mutex>

namespace hookscope {

// Copies committed WAL pages back into the database file on its own thread and connection. Left to
// SQLite's auto-checkpoint, this work (and its fsyncs) would run inside a commit on the writer thread and
// stall every request waiting for that commit.
class WalCheckpointer final : public QThread {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WalCheckpointer)
public:
    explicit WalCheckpointer(QString path);
    ~WalCheckpointer() override;

    // New frames were committed; a checkpoint is due soon.
    void nudge();
    void stop();

protected:
    void run() override;

private:
    QString m_path;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
};

} // namespace hookscope
