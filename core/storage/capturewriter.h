// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesink.h"
#include "core/storage/capturerowwriter.h"
#include "core/storage/capturestore.h"
#include "core/storage/sqlconnection.h"

#include <QThread>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace hookscope {

// The store's single writer thread. Captures queue up while a transaction commits and all go into the next
// one (group commit), so the cost of a commit is shared by every request that waited for it.
class WalCheckpointer;

class CaptureWriter final : public QThread {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureWriter)
public:
    using Edit = std::function<bool(SqlConnection& db, QString* error)>;

    CaptureWriter(CaptureStore* store, QString path, const StoreOptions& options);
    ~CaptureWriter() override;

    quint64 submit(CapturedRequest capture);
    void recordResponded(const QList<ResponseTime>& times);
    void edit(Edit edit);
    void setRetention(const RetentionPolicy& policy);
    void flush();
    void flushSearchIndex();
    void stopAndDrain();
    // Starts the thread and waits until its connection is open; false and `error` if it could not be.
    bool startAndOpen(QString* error);
    // Whether the per-row statements run through the SQLite C API (valid once open).
    bool usesNativeSqlite() const { return m_nativeInUse; }

protected:
    void run() override;

private:
    struct Job {
        quint64 ticket;
        CapturedRequest capture;
    };

    // One pass's share of the queues, taken under the lock.
    struct Work {
        std::vector<Job> jobs;
        std::vector<ResponseTime> responded;
        std::vector<Edit> edits;
        bool stop = false;
        bool indexNow = false;
        quint64 retentionTarget = 0;
        bool hasWrites() const { return !jobs.empty() || !responded.empty() || !edits.empty(); }
    };

    bool openConnection(QString* error);
    void takeWork(Work& work);
    // While captures are flowing: gives up the core for a moment, returning early when one is submitted.
    // Called with `lock` held; releases it meanwhile.
    void yieldForNextCapture(std::unique_lock<std::mutex>& lock);
    void markCommitted(const Work& work);
    void maintainSearchIndex(bool now);
    void keepWalBounded();
    void maintainCatalog(bool stopping);
    void catchUpCatalog();
    bool catalogNewRows(QString* error); // within a transaction
    void maintainRetention(quint64 target);
    void markRetentionApplied(quint64 target);
    void commitBatch(std::vector<Job>& jobs, std::vector<ResponseTime>& responded, std::vector<Edit>& edits);
    int indexSome(int maxRows, qint64 maxBytes); // rows indexed, or -1 on error
    void applyRetention();
    void failAll(std::vector<Job>& jobs, const QString& error);
    // `error` for a batch that did not fit, saying whether it was the disk or the configured size limit.
    QString explainFull(const QString& error, const std::vector<Job>& jobs) const;

    CaptureStore* m_store;
    QString m_path;
    StoreOptions m_options;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::vector<Job> m_jobs; // swapped whole into a pass, so jobs are not moved one by one
    std::vector<ResponseTime> m_responded;
    std::vector<Edit> m_edits;
    quint64 m_nextTicket = 1;
    std::atomic<quint64> m_lastSubmitted { 0 }; // read without the mutex while the writer yields
    quint64 m_completedTicket = 0; // every ticket up to here is committed or failed
    quint64 m_submittedEdits = 0;
    quint64 m_completedEdits = 0;
    bool m_stopping = false;
    bool m_writerSleeping = false; // only then does a submit need to wake it
    int m_flushWaiters = 0;
    qint64 m_respondedSinceMs = 0; // when the oldest queued response time came
    int m_openState = 0; // 0 opening, 1 open, -1 failed
    QString m_openError;
    bool m_indexRequested = false;
    bool m_indexCaughtUp = true;
    RetentionPolicy m_retention;
    quint64 m_retentionRequests = 1; // the policy given at open applies at once
    quint64 m_retentionApplied = 0;

    // Writer-thread state.
    SqlConnection m_db;
    CaptureRowWriter m_rows;
    bool m_nativeInUse = false; // set before the open state is published, constant afterwards
    WalCheckpointer* m_checkpointer = nullptr;
    qint64 m_indexedUpto = 0;
    qint64 m_lastIndexMs = 0;
    qint64 m_lastCommitMs = 0;
    qint64 m_lastRetentionMs = 0;
    qint64 m_uncataloged = 0; // rows committed since the catalog last caught up
    qint64 m_uncatalogedSinceMs = 0; // when the oldest of them was committed, or the last catch-up failed
    bool m_catalogFailing = false;
    bool m_writesFailing = false; // batches are being refused: said once, until one commits again
    qint64 m_refusedWhileFailing = 0;
};

} // namespace hookscope
