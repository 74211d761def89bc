// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace hookscope {

class SqlConnection;

// Copies committed WAL pages back into the database file on its own thread and connection. Left to
// SQLite's auto-checkpoint, this work (and its fsyncs) would run inside a commit on the writer thread and
// stall every request waiting for that commit.
//
// It also keeps the WAL from growing without end. SQLite starts the WAL over only when a transaction begins
// after a checkpoint has copied every frame, and a pass on this thread never gets there while commits keep
// coming: each one appends frames while the pass runs. So once the WAL is past `restartBytes`, passes follow
// each other until one has only a few frames left to copy; then the writer, between two of its transactions,
// copies the last ones itself (catchUp), and its next transaction starts the WAL over (unless a reader still
// holds frames of it). When passes do not close in (large bodies, or a busy machine starving this low-priority
// thread), the writer waits up to 10 ms for a pass after each commit once the WAL is a few times past its bound
// (farBehind), which slows the load down to give passes a core; it does not guarantee a size.
// Appending to a WAL that grows also costs the writer a new page of the OS cache for every page it writes,
// about 2 us per 1 KiB request: a WAL written over again costs a third of that.
class WalCheckpointer final : public QThread {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WalCheckpointer)
public:
    WalCheckpointer(QString path, qint64 restartBytes);
    ~WalCheckpointer() override;

    // New frames were committed; a checkpoint is due soon.
    void nudge();
    void stop();

    // For the writer, between transactions: whether it should call catchUp now.
    bool catchUpWanted() const { return m_catchUpWanted.load(std::memory_order_acquire); }
    // Copies the frames the last pass left, on the writer's connection; if no reader holds any of them, the
    // writer's next transaction starts the WAL over.
    void catchUp(const SqlConnection& writerDb);
    // Whether the WAL is far past its bound with the passes not closing in; then the writer waits for the next
    // pass after each commit (waitForNextPass, 10 ms at most).
    bool farBehind() const { return m_farBehind.load(std::memory_order_acquire); }
    void waitForNextPass();

protected:
    void run() override;

private:
    QString m_path;
    qint64 m_restartBytes;
    std::mutex m_passMutex; // one checkpoint at a time, on either connection
    // The WAL's length and how much of it was copied back, at the last pass on either connection.
    qint64 m_logFrames = 0; // under m_passMutex
    qint64 m_checkpointedFrames = 0; // under m_passMutex
    std::atomic<bool> m_catchUpWanted { false };
    std::atomic<bool> m_farBehind { false };
    std::condition_variable m_passDone;
    quint64 m_passes = 0; // under m_mutex
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
};

} // namespace hookscope
