// SPDX-License-Identifier: MIT
#include "core/storage/capturewriter.h"

#include "core/storage/schema.h"
#include "core/storage/sqlitehandle.h"
#include "core/storage/walcheckpointer.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <thread>

Q_LOGGING_CATEGORY(lcStorage, "hookscope.storage", QtWarningMsg)

namespace hookscope {

namespace {
    constexpr int kIndexBatchRows = 128;
    // Tokenizing is what indexing costs, so a batch is bounded by the bytes it indexes too, and one slice
    // under load stays short: 128 rows of the benchmark's 64 KiB JSON take 12 ms to index (no commit meanwhile),
    // 4 rows about 1 ms.
    constexpr qint64 kIndexBatchBytes = qint64(256) * 1024;
    constexpr qint64 kIndexBudgetUnderLoadMs = 5;
    constexpr qint64 kIndexBudgetIdleMs = 100;
    constexpr qint64 kIndexEveryMs = 250; // even under constant load, search catches up this often
    // Under a closed-loop load the queue is empty between batches (every client waits for its answer), so
    // "idle" means no capture for this long, not an empty queue.
    constexpr qint64 kQuietAfterMs = 50;
    constexpr qint64 kRetentionEveryMs = 2000;
    // While captures are flowing, a writer that finds the queue empty yields the core for this long before it
    // goes to sleep. Under a closed-loop load the next captures usually arrive within it, and a sleeping writer
    // waited on average 0.25 ms to get a core back once woken (perf sched, wrk at 50 connections on 2 cores),
    // with every request of its next batch waiting too. Yielding rather than spinning leaves the core to any
    // thread that has work. Measured with the checkpointer at low priority: 61k–65k req/s against 54k–59k.
    constexpr auto kYieldBeforeSleep = std::chrono::microseconds(100);
    // Response times go in by the thousand: each commit that carries some rewrites the last page of
    // response_times, which under load cost one page write per commit for a few hundred bytes. They wait at most
    // this long (and never past flush(), the writer stopping, or an edit or new retention policy that may remove
    // their captures): they are timings, not captures.
    constexpr size_t kRespondedBatch = 1024;
    constexpr qint64 kRespondedMaxWaitMs = 250;
    // New rows join the catalog retention reads (schema step 8) in bulk, so that its pages are rewritten once
    // per thousand rows rather than at every commit (or after StoreOptions::catalogMaxWaitMs); retention
    // catches the catalog up before it runs.
    constexpr qint64 kCatalogBatch = 1024;

    // A capture's stored size (stored_bytes, CapturedRequest::totalSize) taken from the lengths in the row's
    // header. stored_bytes itself sits after the body in the row, and reaching it reads every overflow page of a
    // large body: cataloging 21k rows of 64 KiB took 0.14 s that way against 0.01 s.
    const QString kStoredSizeFromHeader = QStringLiteral("length(head) + length(body) + length(raw_prefix)");

    // For intervals (index slices, quiet periods), immune to wall-clock jumps.
    qint64 steadyMs()
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }

} // namespace

CaptureWriter::CaptureWriter(CaptureStore* store, QString path, const StoreOptions& options)
    : m_store(store)
    , m_path(std::move(path))
    , m_options(options)
    , m_retention(m_options.retention)
{
    setObjectName(QStringLiteral("hookscope-writer"));
}

CaptureWriter::~CaptureWriter()
{
    stopAndDrain();
}

quint64 CaptureWriter::submit(CapturedRequest capture)
{
    std::lock_guard lock(m_mutex);
    const quint64 ticket = m_nextTicket++;
    m_jobs.push_back({ ticket, std::move(capture) });
    m_lastSubmitted.store(ticket, std::memory_order_release);
    // A busy writer takes this capture with the next batch anyway; waking it costs a system call.
    if (m_writerSleeping) {
        m_writerSleeping = false;
        m_wake.notify_one();
    }
    return ticket;
}

void CaptureWriter::recordResponded(const QList<ResponseTime>& times)
{
    std::lock_guard lock(m_mutex);
    if (m_responded.empty())
        m_respondedSinceMs = steadyMs();
    m_responded.insert(m_responded.end(), times.begin(), times.end());
    // No wake-up: this rides along with the next batch, or the next idle pass.
}

void CaptureWriter::edit(Edit edit)
{
    std::lock_guard lock(m_mutex);
    m_edits.push_back(std::move(edit));
    ++m_submittedEdits;
    m_wake.notify_one();
}

void CaptureWriter::setRetention(const RetentionPolicy& policy)
{
    std::lock_guard lock(m_mutex);
    m_retention = policy;
    ++m_retentionRequests;
    m_wake.notify_one();
}

void CaptureWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 ticket = m_nextTicket - 1;
    const quint64 edits = m_submittedEdits;
    const quint64 retention = m_retentionRequests;
    ++m_flushWaiters; // response times go in now rather than with the next thousand
    m_wake.notify_one();
    m_done.wait(lock, [&] {
        return (m_completedTicket >= ticket && m_completedEdits >= edits && m_retentionApplied >= retention
                   && m_responded.empty())
            || !isRunning();
    });
    --m_flushWaiters;
}

void CaptureWriter::flushSearchIndex()
{
    flush();
    std::unique_lock lock(m_mutex);
    m_indexRequested = true;
    m_wake.notify_one();
    m_done.wait(lock, [&] { return !m_indexRequested || !isRunning(); });
}

bool CaptureWriter::startAndOpen(QString* error)
{
    start();
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_openState != 0; });
    if (m_openState < 0 && error)
        *error = m_openError;
    return m_openState > 0;
}

void CaptureWriter::stopAndDrain()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_one();
    }
    wait();
}

bool CaptureWriter::openConnection(QString* error)
{
    if (!m_db.open(m_path, SqlConnection::Mode::ReadWrite, error))
        return false;
    const QString sync = m_options.syncEveryCommit ? QStringLiteral("FULL") : QStringLiteral("NORMAL");
    if (!m_db.exec(QStringLiteral("PRAGMA synchronous = ") + sync, error))
        return false;
    m_db.exec(QStringLiteral("PRAGMA temp_store = MEMORY"));
    // Checkpoints run on their own thread (WalCheckpointer), never inside a commit.
    m_db.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0"));
    // The WAL starts over once it passes StoreOptions::walRestartBytes (see WalCheckpointer), or when a burst
    // pauses; the file is then cut back to this size if a burst made it larger (the checkpointer could not
    // keep up, or the bound is off). Above the default bound, so a WAL started over keeps its pages.
    m_db.exec(QStringLiteral("PRAGMA journal_size_limit = 67108864"));
    m_db.exec(QStringLiteral("PRAGMA cache_size = -16000"));
    if (m_options.maxDatabaseBytes > 0) {
        const qint64 pageSize = m_db.scalar(QStringLiteral("PRAGMA page_size")).toLongLong();
        m_db.exec(QStringLiteral("PRAGMA max_page_count = %1")
                      .arg(std::max<qint64>(1, m_options.maxDatabaseBytes / pageSize)));
    }

    if (!m_rows.prepare(m_db, m_options.qtSqlOnly, error))
        return false;
    m_nativeInUse = m_rows.usesNativeSqlite();
    if (m_nativeInUse && !SqliteHandle::configuredAtLoad()) {
        qCInfo(lcStorage) << "SQLite was initialized before Hookscope could turn its memory statistics off; "
                             "storing captures costs a little more";
    }
    m_indexedUpto
        = m_db.scalar(QStringLiteral("SELECT value FROM store_state WHERE key = 'indexed_upto'")).toLongLong();
    catchUpCatalog(); // rows a crash left out of it go in before anything else runs
    return true;
}

void CaptureWriter::run()
{
    QString openError;
    const bool opened = openConnection(&openError);
    if (!opened)
        qCWarning(lcStorage) << openError;
    {
        std::lock_guard lock(m_mutex);
        m_openState = opened ? 1 : -1;
        m_openError = openError;
        m_done.notify_all();
    }
    WalCheckpointer checkpointer(m_path, m_options.walRestartBytes);
    if (opened) {
        checkpointer.start();
        m_checkpointer = &checkpointer;
    }

    Work work;
    do {
        takeWork(work);
        if (work.hasWrites()) {
            if (opened) {
                commitBatch(work.jobs, work.responded, work.edits);
            } else {
                failAll(work.jobs, openError);
            }
            markCommitted(work);
            keepWalBounded();
            if (m_uncataloged == 0)
                m_uncatalogedSinceMs = steadyMs();
            m_uncataloged += qint64(work.jobs.size());
        }
        if (opened) {
            maintainCatalog(work.stop);
            maintainSearchIndex(work.indexNow);
            maintainRetention(work.retentionTarget);
        } else {
            markRetentionApplied(work.retentionTarget); // nothing to apply it to; nobody must wait for it
        }
    } while (!work.stop);

    m_checkpointer = nullptr;
    checkpointer.stop();
    // The last checkpoint empties the WAL; on this thread, which runs at normal priority.
    if (opened)
        m_db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    m_rows.release(); // statements go before their connection
    m_db.close();
    std::lock_guard lock(m_mutex);
    m_done.notify_all();
}

void CaptureWriter::takeWork(Work& work)
{
    std::unique_lock lock(m_mutex);
    const auto respondedDue = [&] {
        return !m_responded.empty()
            && (m_responded.size() >= kRespondedBatch || m_flushWaiters > 0 || m_stopping || !m_edits.empty()
                || m_retentionApplied < m_retentionRequests || steadyMs() - m_respondedSinceMs >= kRespondedMaxWaitMs);
    };
    const auto hasWork = [&] {
        return !m_jobs.empty() || !m_edits.empty() || respondedDue() || m_stopping || m_indexRequested
            || m_retentionApplied < m_retentionRequests;
    };
    if (!hasWork()) {
        // Nothing to commit: sleep, unless the search index has rows to catch up on and the stream of captures
        // has paused long enough to call it quiet, or response times are due.
        qint64 sleepMs = m_indexCaughtUp ? 500 : std::max<qint64>(0, kQuietAfterMs - (steadyMs() - m_lastCommitMs));
        if (!m_responded.empty())
            sleepMs = std::min(sleepMs, std::max<qint64>(1, kRespondedMaxWaitMs - (steadyMs() - m_respondedSinceMs)));
        if (m_uncataloged > 0) {
            sleepMs = std::min(
                sleepMs, std::max<qint64>(1, m_options.catalogMaxWaitMs - (steadyMs() - m_uncatalogedSinceMs)));
        }
        if (sleepMs > 0 && steadyMs() - m_lastCommitMs < kQuietAfterMs)
            yieldForNextCapture(lock);
        if (sleepMs > 0 && !hasWork()) {
            m_writerSleeping = true;
            m_wake.wait_for(lock, std::chrono::milliseconds(sleepMs), hasWork);
            m_writerSleeping = false;
        }
    }
    const size_t take = std::min<size_t>(m_jobs.size(), size_t(std::max(1, m_options.maxBatchRows)));
    work.jobs.clear();
    if (take == m_jobs.size()) {
        work.jobs.swap(m_jobs); // the queue gets the pass's old buffer, capacity and all
    } else {
        std::move(m_jobs.begin(), m_jobs.begin() + std::ptrdiff_t(take), std::back_inserter(work.jobs));
        m_jobs.erase(m_jobs.begin(), m_jobs.begin() + std::ptrdiff_t(take));
    }
    work.responded.clear();
    if (respondedDue())
        work.responded.swap(m_responded);
    work.edits.clear();
    work.edits.swap(m_edits);
    work.stop = m_stopping && m_jobs.empty();
    work.indexNow = m_indexRequested
        || (work.jobs.empty() && work.edits.empty() && !m_indexCaughtUp
            && steadyMs() - m_lastCommitMs >= kQuietAfterMs);
    work.retentionTarget = m_retentionRequests;
    if (!work.jobs.empty())
        m_lastCommitMs = steadyMs();
}

void CaptureWriter::yieldForNextCapture(std::unique_lock<std::mutex>& lock)
{
    const quint64 seen = m_lastSubmitted.load(std::memory_order_acquire);
    lock.unlock();
    const auto until = std::chrono::steady_clock::now() + kYieldBeforeSleep;
    while (m_lastSubmitted.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until)
        std::this_thread::yield();
    lock.lock();
}

void CaptureWriter::markCommitted(const Work& work)
{
    std::lock_guard lock(m_mutex);
    if (!work.jobs.empty())
        m_completedTicket = work.jobs.back().ticket;
    m_completedEdits += work.edits.size();
    m_done.notify_all();
}

void CaptureWriter::maintainSearchIndex(bool now)
{
    const qint64 started = steadyMs();
    if (!now && started - m_lastIndexMs < kIndexEveryMs)
        return;
    m_lastIndexMs = started;
    bool requested = false;
    {
        std::lock_guard lock(m_mutex);
        requested = m_indexRequested;
    }
    // Indexing shares this thread with commits that requests wait for: under load it gets a small slice of
    // time, and search covers the rows it has not reached yet by a scan.
    const auto jobsWaiting = [this] {
        std::lock_guard lock(m_mutex);
        return !m_jobs.empty();
    };
    const bool quiet = !jobsWaiting() && started - m_lastCommitMs >= kQuietAfterMs;
    const qint64 budgetMs = quiet ? kIndexBudgetIdleMs : kIndexBudgetUnderLoadMs;
    int indexed = 0;
    do {
        indexed = indexSome(kIndexBatchRows, kIndexBatchBytes);
    } while (indexed > 0 && (requested || (steadyMs() - started < budgetMs && !jobsWaiting())));
    if (m_checkpointer)
        m_checkpointer->nudge();
    std::lock_guard lock(m_mutex);
    m_indexCaughtUp = indexed == 0;
    if (requested) {
        m_indexRequested = false;
        m_done.notify_all();
    }
}

void CaptureWriter::keepWalBounded()
{
    // Between two transactions, where the WAL can start over (see WalCheckpointer).
    if (!m_checkpointer)
        return;
    if (m_checkpointer->catchUpWanted()) {
        m_checkpointer->catchUp(m_db);
    } else if (m_checkpointer->farBehind()) {
        m_checkpointer->waitForNextPass();
    }
}

void CaptureWriter::maintainCatalog(bool stopping)
{
    const bool due = m_uncataloged >= kCatalogBatch
        || (m_uncataloged > 0 && (stopping || steadyMs() - m_uncatalogedSinceMs >= m_options.catalogMaxWaitMs));
    if (due)
        catchUpCatalog();
}

void CaptureWriter::catchUpCatalog()
{
    QString error;
    const bool ok = m_db.exec(QStringLiteral("BEGIN IMMEDIATE"), &error) && catalogNewRows(&error)
        && m_db.exec(QStringLiteral("COMMIT"), &error);
    if (ok) {
        m_uncataloged = 0;
        m_catalogFailing = false;
        return;
    }
    m_db.exec(QStringLiteral("ROLLBACK"));
    // Try again a while later (a full database fails here until retention frees pages), and say so once.
    if (!m_catalogFailing)
        qCWarning(lcStorage) << "cannot add new captures to the retention catalog (will retry):" << error;
    m_catalogFailing = true;
    m_uncatalogedSinceMs = steadyMs();
    m_uncataloged = std::max<qint64>(m_uncataloged, 1);
}

bool CaptureWriter::catalogNewRows(QString* error)
{
    // Ids only grow, except that the newest ids are taken again once their rows are gone; and a deleted row
    // leaves the catalog with it (schema step 8). So every row past the catalog's last id is one it lacks, and
    // a row deleted before it was cataloged is simply never added.
    // Like the size, a 0 or 1 such as `pinned` comes from the row's header alone.
    return m_db.exec(QStringLiteral("INSERT INTO capture_catalog (id, received_us, stored_bytes, pinned) SELECT id, "
                                    "received_us, %1, pinned FROM captures WHERE id > (SELECT ifnull(max(id), 0) "
                                    "FROM capture_catalog)")
                         .arg(kStoredSizeFromHeader),
        error);
}

void CaptureWriter::maintainRetention(quint64 target)
{
    // A changed policy applies before flush() returns, so callers see its effect; otherwise retention runs
    // every few seconds.
    const qint64 now = steadyMs();
    if (target <= m_retentionApplied && now - m_lastRetentionMs < kRetentionEveryMs)
        return;
    m_lastRetentionMs = now;
    applyRetention();
    if (m_checkpointer)
        m_checkpointer->nudge();
    markRetentionApplied(target);
}

void CaptureWriter::markRetentionApplied(quint64 target)
{
    std::lock_guard lock(m_mutex);
    m_retentionApplied = std::max(m_retentionApplied, target);
    m_done.notify_all();
}

void CaptureWriter::failAll(std::vector<Job>& jobs, const QString& error)
{
    QList<CommitReceipt> receipts;
    receipts.reserve(qsizetype(jobs.size()));
    for (const Job& job : jobs)
        receipts.append({ job.ticket, 0, false, error });
    if (jobs.empty())
        return;
    // Once per spell of failures: every refused capture still gets its receipt (and its sender a 503), but a
    // full disk under load must not print a line for each.
    if (!m_writesFailing) {
        qCWarning(lcStorage) << "cannot store captures:" << error << "(refusing them until storing works again)";
        Q_EMIT m_store->writeFailed(error);
    }
    m_writesFailing = true;
    m_refusedWhileFailing += qint64(jobs.size());
    Q_EMIT m_store->committed(receipts);
}

QString CaptureWriter::explainFull(const QString& error, const std::vector<Job>& jobs) const
{
    // SQLite says "database or disk is full" for both. StoreOptions::maxDatabaseBytes caps the page count: if the
    // batch could not fit under it, that was the limit, whatever room the disk has.
    if (m_options.maxDatabaseBytes <= 0 || !error.contains(QLatin1String("database or disk is full")))
        return error;
    qint64 batchBytes = 0;
    for (const Job& job : jobs)
        batchBytes += job.capture.totalSize();
    // A batch needs its bytes and a page or two of b-tree around them.
    const qint64 pageSize = m_db.scalar(QStringLiteral("PRAGMA page_size")).toLongLong();
    const qint64 pages = m_db.scalar(QStringLiteral("PRAGMA page_count")).toLongLong();
    const qint64 maxPages = m_db.scalar(QStringLiteral("PRAGMA max_page_count")).toLongLong();
    if ((pages + 2) * pageSize + batchBytes < maxPages * pageSize)
        return error;
    return CaptureStore::sizeLimitError(m_options.maxDatabaseBytes);
}

void CaptureWriter::commitBatch(std::vector<Job>& jobs, std::vector<ResponseTime>& responded, std::vector<Edit>& edits)
{
    QString error;
    QList<CommitReceipt> receipts;
    receipts.reserve(qsizetype(jobs.size()));
    bool ok = m_rows.transaction(CaptureRowWriter::Transaction::Begin, &error);
    for (const Job& job : jobs) {
        if (!ok)
            break;
        qint64 id = 0;
        ok = m_rows.insert(job.capture, &id, &error);
        receipts.append({ job.ticket, id, true, {} });
    }
    if (ok)
        ok = m_rows.markResponded(responded, &error);
    for (const Edit& e : edits) {
        if (!ok)
            break;
        QString editError;
        if (!e(m_db, &editError))
            qCWarning(lcStorage) << editError;
    }
    if (ok)
        ok = m_rows.transaction(CaptureRowWriter::Transaction::Commit, &error);
    if (!ok) {
        m_rows.transaction(CaptureRowWriter::Transaction::Rollback, nullptr);
        // Captures come back refused through their receipts (failAll); edits and response times only here.
        if (!edits.empty() || !responded.empty()) {
            qCWarning(lcStorage) << "rolled back" << edits.size() << "edits and" << responded.size()
                                 << "response times:" << error;
        }
        failAll(jobs, explainFull(error, jobs));
        return;
    }
    if (m_writesFailing && !jobs.empty()) {
        qCInfo(lcStorage) << "storing captures again, after refusing" << m_refusedWhileFailing;
        m_writesFailing = false;
        m_refusedWhileFailing = 0;
    }
    if (!receipts.isEmpty())
        Q_EMIT m_store->committed(receipts);
    if (m_checkpointer)
        m_checkpointer->nudge();
}

int CaptureWriter::indexSome(int maxRows, qint64 maxBytes)
{
    QString error;
    if (!m_db.exec(QStringLiteral("BEGIN IMMEDIATE"), &error))
        return -1;
    QSqlQuery q(m_db.database());
    // The next rows up to `maxRows`, stopping once `maxBytes` are reached (always at least one row). A row's
    // stored size bounds the text it adds to the index.
    q.prepare(QStringLiteral("SELECT count(*), max(id) FROM (SELECT id, size, sum(size) OVER (ORDER BY id ROWS "
                             "UNBOUNDED PRECEDING) AS upto FROM (SELECT id, %1 AS size FROM captures WHERE id > ? "
                             "ORDER BY id LIMIT ?)) WHERE upto - size < ?")
                  .arg(kStoredSizeFromHeader));
    q.bindValue(0, m_indexedUpto);
    q.bindValue(1, maxRows);
    q.bindValue(2, maxBytes);
    if (!q.exec() || !q.next()) {
        qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("search index"));
        m_db.exec(QStringLiteral("ROLLBACK"));
        return -1;
    }
    const int rows = q.value(0).toInt();
    const qint64 last = q.value(1).toLongLong();
    q.finish();
    if (rows > 0) {
        // The text comes from the same view the index reads when a row is deleted (schema step 5).
        q.prepare(QStringLiteral("INSERT INTO capture_search (rowid, method, target, headers, body) "
                                 "SELECT id, method, target, headers, body FROM capture_search_source "
                                 "WHERE id > ? AND id <= ?"));
        q.bindValue(0, m_indexedUpto);
        q.bindValue(1, last);
        bool ok = q.exec();
        if (ok) {
            q.prepare(QStringLiteral("UPDATE store_state SET value = ? WHERE key = 'indexed_upto'"));
            q.bindValue(0, last);
            ok = q.exec();
        }
        if (!ok) {
            qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("search index"));
            m_db.exec(QStringLiteral("ROLLBACK"));
            return -1;
        }
    }
    if (!m_db.exec(QStringLiteral("COMMIT"), &error)) {
        m_db.exec(QStringLiteral("ROLLBACK"));
        return -1;
    }
    if (rows > 0)
        m_indexedUpto = last;
    return rows;
}

void CaptureWriter::applyRetention()
{
    RetentionPolicy policy;
    {
        std::lock_guard lock(m_mutex);
        policy = m_retention;
    }
    if (policy.unlimited())
        return;
    QString error;
    if (!m_db.exec(QStringLiteral("BEGIN IMMEDIATE"), &error))
        return;
    // Retention reads the catalog, which must hold every row.
    if (!catalogNewRows(&error)) {
        qCWarning(lcStorage) << "retention:" << error;
        m_db.exec(QStringLiteral("ROLLBACK"));
        return;
    }
    QSqlQuery q(m_db.database());
    if (policy.maxAgeSeconds > 0) {
        q.prepare(QStringLiteral("DELETE FROM captures WHERE id IN "
                                 "(SELECT id FROM capture_catalog WHERE pinned = 0 AND received_us < ?)"));
        q.bindValue(0, (QDateTime::currentMSecsSinceEpoch() - policy.maxAgeSeconds * 1000) * 1000);
        if (!q.exec())
            qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("retention"));
    }
    if (policy.maxCount > 0) {
        q.prepare(QStringLiteral("DELETE FROM captures WHERE id IN (SELECT id FROM capture_catalog WHERE pinned = 0 "
                                 "AND id <= (SELECT id FROM capture_catalog WHERE pinned = 0 ORDER BY id DESC "
                                 "LIMIT 1 OFFSET ?))"));
        q.bindValue(0, policy.maxCount);
        if (!q.exec())
            qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("retention"));
    }
    if (policy.maxTotalBytes > 0) {
        // Walk newest to oldest through the catalog until the budget is spent; older rows go.
        q.prepare(QStringLiteral("SELECT id, stored_bytes FROM capture_catalog WHERE pinned = 0 ORDER BY id DESC"));
        qint64 used = 0;
        qint64 cutoff = 0;
        if (q.exec()) {
            while (q.next()) {
                used += q.value(1).toLongLong();
                if (used > policy.maxTotalBytes) {
                    cutoff = q.value(0).toLongLong();
                    break;
                }
            }
        }
        q.finish();
        if (cutoff > 0) {
            q.prepare(QStringLiteral(
                "DELETE FROM captures WHERE id IN (SELECT id FROM capture_catalog WHERE pinned = 0 AND id <= ?)"));
            q.bindValue(0, cutoff);
            if (!q.exec())
                qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("retention"));
        }
    }
    if (!m_db.exec(QStringLiteral("COMMIT"), &error)) {
        qCWarning(lcStorage) << "retention:" << error;
        m_db.exec(QStringLiteral("ROLLBACK"));
        return;
    }
    m_uncataloged = 0; // the catalog caught up in this transaction
}

} // namespace hookscope
