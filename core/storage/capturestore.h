// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesink.h"
#include "core/storage/retentionpolicy.h"

#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

class QLockFile;

namespace hookscope {

class CaptureWriter;
class SqlConnection;

struct StoreOptions {
    // fsync every commit, so an acknowledged request survives power loss too. Without it, a committed
    // request survives any crash of Hookscope itself (SQLite WAL with synchronous=NORMAL).
    bool syncEveryCommit = false;
    RetentionPolicy retention;
    int maxBatchRows = 512; // rows per group-commit transaction
    // Under a load without pauses the WAL would grow for as long as the load lasts (about 2 GB in 7 s at 1 KiB
    // requests): past this size it is started over between two transactions (see WalCheckpointer). 0: never.
    qint64 walRestartBytes = qint64(32) * 1024 * 1024;
    // New captures join the catalog that retention reads (schema step 8) a thousand at a time, or after waiting
    // this long; retention passes catch it up first in any case.
    int catalogMaxWaitMs = 250;
    // A hard ceiling on the database file (0 = none). Past it, captures are refused (the sender gets 503 and
    // may retry) rather than filling the disk; retention is the gentle way to stay below it.
    qint64 maxDatabaseBytes = 0;
    // Keep every statement on Qt SQL even when the SQLite C API could take the per-row ones (see
    // SqliteHandle). Rows come out the same either way; tests and the benchmark compare the two.
    bool qtSqlOnly = false;
};

// The capture database, written by one background thread with group commit. Thread-safe to submit to.
// Each submitted capture is acknowledged through `committed` once its transaction has committed.
class CaptureStore final : public CaptureSink {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureStore)
public:
    explicit CaptureStore(QObject* parent = nullptr);
    ~CaptureStore() override;

    // Opens (creating or upgrading) the database at `path` and starts the writer. A file that is damaged,
    // foreign, from a newer schema, or in use by another Hookscope is refused untouched.
    bool open(const QString& path, const StoreOptions& options = {});
    QString errorString() const { return m_error; }
    // The error a capture gets when StoreOptions::maxDatabaseBytes left no room for it, and the test for it.
    static QString sizeLimitError(qint64 maxDatabaseBytes);
    static bool isSizeLimitError(const QString& error);
    QString path() const { return m_path; }
    bool isOpen() const;
    // Whether the writer runs its per-row statements through the SQLite C API (see SqliteHandle).
    bool usesNativeSqlite() const;
    // Commits everything queued, then stops the writer.
    void close();

    quint64 submit(CapturedRequest capture) override;
    void recordResponded(const QList<ResponseTime>& times) override;
    void recordResponded(qint64 id, qint64 respondedUs) { recordResponded({ { id, respondedUs } }); }

    // Asynchronous edits, applied by the writer in order with captures.
    void setPinned(qint64 id, bool pinned);
    void setNote(qint64 id, const QString& note);
    void remove(qint64 id);
    void removeAllUnpinned(); // "clear all": pinned captures are what the user asked to keep
    // Replaces the verdict stored with a capture, after re-verifying it.
    void setSignature(qint64 id, const CaptureSignature& signature);
    void setRetention(const RetentionPolicy& policy);

    // Blocks until every capture and edit submitted so far is committed (or failed). Receipts still arrive
    // through the event loop.
    void flush();
    // Brings the search index up to date now (it normally catches up in the background).
    void flushSearchIndex();

Q_SIGNALS:
    void writeFailed(const QString& error);

private:
    void editRows(const QString& sql, const QVariantList& binds, const QString& what);

    QString m_error;
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<CaptureWriter> m_writer;
    quint64 m_closedTicket = ~quint64(0);
};

} // namespace hookscope
