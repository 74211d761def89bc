// SPDX-License-Identifier: MIT
#include "core/storage/capturewriter.h"

#include "core/capture/headerfield.h"
#include "core/storage/schema.h"
#include "core/storage/sqlitehandle.h"
#include "core/storage/walcheckpointer.h"

#if HOOKSCOPE_NATIVE_SQLITE
#include "core/storage/nativestatement.h"
#endif

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QUtf8StringView>
#include <QVariant>

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>

Q_LOGGING_CATEGORY(lcStorage, "hookscope.storage", QtWarningMsg)

namespace hookscope {

namespace {
    constexpr int kIndexBatchRows = 128;
    constexpr qint64 kIndexBudgetUnderLoadMs = 5;
    constexpr qint64 kIndexBudgetIdleMs = 100;
    constexpr qint64 kIndexEveryMs = 250; // even under constant load, search catches up this often
    // Under a closed-loop load the queue is empty between batches (every client waits for its answer), so
    // "idle" means no capture for this long, not an empty queue.
    constexpr qint64 kQuietAfterMs = 50;
    constexpr qint64 kRetentionEveryMs = 2000;
    // Response times go in by the thousand: each commit that carries some rewrites the last page of
    // response_times, which under load cost one page write per commit for a few hundred bytes. They wait at most
    // this long (and never past flush() or the writer stopping): they are timings, not captures.
    constexpr size_t kRespondedBatch = 1024;
    constexpr qint64 kRespondedMaxWaitMs = 250;

    // One text for both paths, so they cannot drift apart.
    constexpr const char* kInsertSql
        = "INSERT INTO captures (received_us, complete_us, responded_us, remote_address, remote_port, "
          "local_address, local_port, method, target, path, query, http_version, head, headers, trailers, body, "
          "chunked, response_status, response_headers, response_body, rejected, reject_reason, raw_prefix, "
          "pinned, stored_bytes, text_searchable, content_type, endpoint, signature_state, signature_scheme, "
          "signature_detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    // Replaces: an id the store handed out again (after the newest capture was deleted) takes its own time.
    constexpr const char* kMarkRespondedSql = "INSERT OR REPLACE INTO response_times (responded_us, id) VALUES (?, ?)";

    // Qt binds a null QByteArray or QString as SQL NULL; the schema wants empty values instead.
    QVariant bytes(const QByteArray& value)
    {
        return value.isNull() ? QVariant(QByteArray("")) : QVariant(value);
    }
    QVariant text(const QString& value)
    {
        return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
    }

    // For intervals (index slices, quiet periods), immune to wall-clock jumps.
    qint64 steadyMs()
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }

    // The bytes search looks at: the body, or what arrived of a rejected request.
    const QByteArray& searchableBytes(const CapturedRequest& c)
    {
        return c.rejected ? c.rawPrefix : c.body;
    }

    // Search covers text; binary bodies would only add noise to the index.
    bool isSearchableText(const QByteArray& bytes)
    {
        return !bytes.contains('\0') && QUtf8StringView(bytes).isValidUtf8();
    }

} // namespace

#if HOOKSCOPE_NATIVE_SQLITE
struct CaptureWriter::NativePath {
    sqlite3* db = nullptr;
    NativeStatement insert;
    NativeStatement markResponded;
    NativeStatement begin;
    NativeStatement commit;
    NativeStatement rollback;

    // Per-row encodings, reused so that a row costs no allocations once they have grown.
    QByteArray headers;
    QByteArray trailers;
    QByteArray responseHeaders;
    QByteArray method;
    QByteArray httpVersion;
    QByteArray contentType;
    QByteArray rejectReason;
    QByteArray signatureDetail;
    // Addresses and endpoint names repeat from row to row: convert each distinct value once.
    struct Utf8Memo {
        QString source;
        QByteArray utf8;
        QByteArrayView of(const QString& text)
        {
            if (text != source || text.isNull() != source.isNull()) {
                source = text;
                utf8 = text.toUtf8();
            }
            return utf8;
        }
    };
    Utf8Memo remoteAddress;
    Utf8Memo localAddress;
    Utf8Memo endpoint;
    Utf8Memo signatureScheme;

    // The same bytes as headers::serialize, into a buffer that keeps its capacity.
    static QByteArrayView serialize(const HeaderList& list, QByteArray& out)
    {
        out.resize(0);
        for (const HeaderField& field : list) {
            out.append(field.name);
            out.append(": ", 2);
            out.append(field.value);
            out.append("\r\n", 2);
        }
        return out;
    }

    // What the Qt path stores for Latin-1 bytes bound as text (QString::fromLatin1, then UTF-8 in the
    // database): ASCII as is, anything above it as two bytes.
    static QByteArrayView latin1AsUtf8(QByteArrayView latin1, QByteArray& out)
    {
        const bool ascii = std::all_of(latin1.begin(), latin1.end(), [](char c) { return uchar(c) < 0x80; });
        if (ascii)
            return latin1;
        out.resize(0);
        for (const char c : latin1) {
            const auto u = uchar(c);
            if (u < 0x80) {
                out.append(char(u));
            } else {
                out.append(char(0xC0 | (u >> 6)));
                out.append(char(0x80 | (u & 0x3F)));
            }
        }
        return out;
    }

    static QByteArrayView utf8(const QString& text, QByteArray& out)
    {
        if (text.isEmpty())
            return {};
        out = text.toUtf8();
        return out;
    }
};
#else
struct CaptureWriter::NativePath { };
#endif

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
    // Under sustained load the checkpointer cannot reach the end of the WAL, so it grows until the load pauses
    // and the WAL starts over; then the file is cut back to this instead of staying as large as the burst made it.
    m_db.exec(QStringLiteral("PRAGMA journal_size_limit = 67108864"));
    m_db.exec(QStringLiteral("PRAGMA cache_size = -16000"));
    if (m_options.maxDatabaseBytes > 0) {
        const qint64 pageSize = m_db.scalar(QStringLiteral("PRAGMA page_size")).toLongLong();
        m_db.exec(QStringLiteral("PRAGMA max_page_count = %1")
                      .arg(std::max<qint64>(1, m_options.maxDatabaseBytes / pageSize)));
    }

    if (!m_options.qtSqlOnly && openNative(error)) {
        m_nativeInUse = true;
    } else {
        if (!m_options.qtSqlOnly && error)
            qCInfo(lcStorage) << "capture writer stays on Qt SQL:" << *error;
        m_native.reset();
        m_insert = std::make_unique<QSqlQuery>(m_db.database());
        if (!m_insert->prepare(QLatin1String(kInsertSql))) {
            if (error)
                *error = describeSqlError(*m_insert, QStringLiteral("cannot prepare the capture insert"));
            return false;
        }
        m_markResponded = std::make_unique<QSqlQuery>(m_db.database());
        m_markResponded->prepare(QLatin1String(kMarkRespondedSql));
    }
    m_indexedUpto
        = m_db.scalar(QStringLiteral("SELECT value FROM store_state WHERE key = 'indexed_upto'")).toLongLong();
    return true;
}

bool CaptureWriter::openNative(QString* error)
{
#if HOOKSCOPE_NATIVE_SQLITE
    sqlite3* db = SqliteHandle::from(m_db.database(), error);
    if (!db)
        return false;
    m_native = std::make_unique<NativePath>();
    NativePath& n = *m_native;
    n.db = db;
    return n.insert.prepare(db, kInsertSql, error) && n.markResponded.prepare(db, kMarkRespondedSql, error)
        && n.begin.prepare(db, "BEGIN IMMEDIATE", error) && n.commit.prepare(db, "COMMIT", error)
        && n.rollback.prepare(db, "ROLLBACK", error);
#else
    SqliteHandle::from(m_db.database(), error);
    return false;
#endif
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
    WalCheckpointer checkpointer(m_path);
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
        }
        if (opened) {
            maintainSearchIndex(work.indexNow);
            maintainRetention(work.retentionTarget);
        } else {
            markRetentionApplied(work.retentionTarget); // nothing to apply it to; nobody must wait for it
        }
    } while (!work.stop);

    m_checkpointer = nullptr;
    checkpointer.stop();
    m_insert.reset();
    m_markResponded.reset();
    m_native.reset(); // statements go before their connection
    m_db.close();
    std::lock_guard lock(m_mutex);
    m_done.notify_all();
}

void CaptureWriter::takeWork(Work& work)
{
    std::unique_lock lock(m_mutex);
    const auto respondedDue = [&] {
        return !m_responded.empty()
            && (m_responded.size() >= kRespondedBatch || m_flushWaiters > 0 || m_stopping
                || steadyMs() - m_respondedSinceMs >= kRespondedMaxWaitMs);
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
        if (sleepMs > 0) {
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
        indexed = indexSome(kIndexBatchRows);
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
    if (!jobs.empty()) {
        Q_EMIT m_store->writeFailed(error);
        Q_EMIT m_store->committed(receipts);
    }
}

bool CaptureWriter::bindAndInsert(const CapturedRequest& c, qint64* id, QString* error)
{
    QSqlQuery& q = *m_insert;
    int i = 0;
    q.bindValue(i++, c.receivedUs);
    q.bindValue(i++, c.completeUs);
    q.bindValue(i++, c.respondedUs);
    q.bindValue(i++, text(c.remoteAddress));
    q.bindValue(i++, int(c.remotePort));
    q.bindValue(i++, text(c.localAddress));
    q.bindValue(i++, int(c.localPort));
    q.bindValue(i++, text(QString::fromLatin1(c.method)));
    q.bindValue(i++, bytes(c.target));
    q.bindValue(i++, bytes(c.path));
    q.bindValue(i++, bytes(c.query));
    q.bindValue(i++, text(QString::fromLatin1(c.httpVersion)));
    q.bindValue(i++, bytes(c.head));
    q.bindValue(i++, bytes(headers::serialize(c.headers)));
    q.bindValue(i++, bytes(headers::serialize(c.trailers)));
    q.bindValue(i++, bytes(c.body));
    q.bindValue(i++, c.chunked ? 1 : 0);
    q.bindValue(i++, c.responseStatus);
    q.bindValue(i++, bytes(headers::serialize(c.responseHeaders)));
    q.bindValue(i++, bytes(c.responseBody));
    q.bindValue(i++, c.rejected ? 1 : 0);
    q.bindValue(i++, text(c.rejectReason));
    q.bindValue(i++, bytes(c.rawPrefix));
    q.bindValue(i++, c.pinned ? 1 : 0);
    q.bindValue(i++, c.totalSize());
    q.bindValue(i++, isSearchableText(searchableBytes(c)) ? 1 : 0);
    q.bindValue(i++, text(QString::fromLatin1(headers::first(c.headers, "content-type"))));
    q.bindValue(i++, text(c.signature.endpoint));
    q.bindValue(i++, int(c.signature.state));
    q.bindValue(i++, text(c.signature.scheme));
    q.bindValue(i++, text(c.signature.detail));
    if (!q.exec()) {
        if (error)
            *error = describeSqlError(q, QStringLiteral("cannot store the capture"));
        return false;
    }
    *id = q.lastInsertId().toLongLong();
    return true;
}

bool CaptureWriter::insertNative(const CapturedRequest& c, qint64* id, QString* error)
{
#if HOOKSCOPE_NATIVE_SQLITE
    // Column for column what bindAndInsert stores through Qt SQL; tst_capturestorepaths compares the two.
    NativePath& n = *m_native;
    NativeStatement& q = n.insert;
    int i = 1;
    q.bindInt(i++, c.receivedUs);
    q.bindInt(i++, c.completeUs);
    q.bindInt(i++, c.respondedUs);
    q.bindText(i++, n.remoteAddress.of(c.remoteAddress));
    q.bindInt(i++, c.remotePort);
    q.bindText(i++, n.localAddress.of(c.localAddress));
    q.bindInt(i++, c.localPort);
    q.bindText(i++, NativePath::latin1AsUtf8(c.method, n.method));
    q.bindBlob(i++, c.target);
    q.bindBlob(i++, c.path);
    q.bindBlob(i++, c.query);
    q.bindText(i++, NativePath::latin1AsUtf8(c.httpVersion, n.httpVersion));
    q.bindBlob(i++, c.head);
    q.bindBlob(i++, NativePath::serialize(c.headers, n.headers));
    q.bindBlob(i++, NativePath::serialize(c.trailers, n.trailers));
    q.bindBlob(i++, c.body);
    q.bindInt(i++, c.chunked ? 1 : 0);
    q.bindInt(i++, c.responseStatus);
    q.bindBlob(i++, NativePath::serialize(c.responseHeaders, n.responseHeaders));
    q.bindBlob(i++, c.responseBody);
    q.bindInt(i++, c.rejected ? 1 : 0);
    q.bindText(i++, NativePath::utf8(c.rejectReason, n.rejectReason));
    q.bindBlob(i++, c.rawPrefix);
    q.bindInt(i++, c.pinned ? 1 : 0);
    q.bindInt(i++, c.totalSize());
    q.bindInt(i++, isSearchableText(searchableBytes(c)) ? 1 : 0);
    q.bindText(i++, NativePath::latin1AsUtf8(headers::first(c.headers, "content-type"), n.contentType));
    q.bindText(i++, n.endpoint.of(c.signature.endpoint));
    q.bindInt(i++, int(c.signature.state));
    q.bindText(i++, n.signatureScheme.of(c.signature.scheme));
    q.bindText(i++, NativePath::utf8(c.signature.detail, n.signatureDetail));
    if (!q.run(QStringLiteral("cannot store the capture"), error))
        return false;
    *id = q.lastInsertId();
    return true;
#else
    Q_UNUSED(c)
    Q_UNUSED(id)
    Q_UNUSED(error)
    return false;
#endif
}

bool CaptureWriter::markResponded(const ResponseTime& r, QString* error)
{
    // Only a timing, but a failure here (a full disk) can roll back the whole transaction: report its cause.
    const QString what = QStringLiteral("cannot store response times");
#if HOOKSCOPE_NATIVE_SQLITE
    if (m_native) {
        m_native->markResponded.bindInt(1, r.respondedUs);
        m_native->markResponded.bindInt(2, r.id);
        return m_native->markResponded.run(what, error);
    }
#endif
    m_markResponded->bindValue(0, r.respondedUs);
    m_markResponded->bindValue(1, r.id);
    if (m_markResponded->exec())
        return true;
    *error = describeSqlError(*m_markResponded, what);
    return false;
}

bool CaptureWriter::transaction(Transaction step, QString* error)
{
    static constexpr std::array<const char*, 3> kSql { "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };
    const char* sql = kSql.at(size_t(step));
#if HOOKSCOPE_NATIVE_SQLITE
    if (m_native) {
        const std::array<NativeStatement*, 3> statements { &m_native->begin, &m_native->commit, &m_native->rollback };
        return statements.at(size_t(step))->run(QLatin1String(sql), error);
    }
#endif
    return m_db.exec(QLatin1String(sql), error);
}

void CaptureWriter::commitBatch(std::vector<Job>& jobs, std::vector<ResponseTime>& responded, std::vector<Edit>& edits)
{
    QString error;
    QList<CommitReceipt> receipts;
    receipts.reserve(qsizetype(jobs.size()));
    bool ok = transaction(Transaction::Begin, &error);
    for (const Job& job : jobs) {
        if (!ok)
            break;
        qint64 id = 0;
        ok = m_native ? insertNative(job.capture, &id, &error) : bindAndInsert(job.capture, &id, &error);
        receipts.append({ job.ticket, id, true, {} });
    }
    for (const ResponseTime& r : responded) {
        if (!ok)
            break;
        ok = markResponded(r, &error);
    }
    for (const Edit& e : edits) {
        if (!ok)
            break;
        QString editError;
        if (!e(m_db, &editError))
            qCWarning(lcStorage) << editError;
    }
    if (ok)
        ok = transaction(Transaction::Commit, &error);
    if (!ok) {
        transaction(Transaction::Rollback, nullptr);
        qCWarning(lcStorage) << "batch rolled back:" << error;
        failAll(jobs, error);
        return;
    }
    if (!receipts.isEmpty())
        Q_EMIT m_store->committed(receipts);
    if (m_checkpointer)
        m_checkpointer->nudge();
}

int CaptureWriter::indexSome(int maxRows)
{
    QString error;
    if (!m_db.exec(QStringLiteral("BEGIN IMMEDIATE"), &error))
        return -1;
    QSqlQuery q(m_db.database());
    q.prepare(
        QStringLiteral("SELECT count(*), max(id) FROM (SELECT id FROM captures WHERE id > ? ORDER BY id LIMIT ?)"));
    q.bindValue(0, m_indexedUpto);
    q.bindValue(1, maxRows);
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
    QSqlQuery q(m_db.database());
    if (policy.maxAgeSeconds > 0) {
        q.prepare(QStringLiteral("DELETE FROM captures WHERE pinned = 0 AND received_us < ?"));
        q.bindValue(0, (QDateTime::currentMSecsSinceEpoch() - policy.maxAgeSeconds * 1000) * 1000);
        if (!q.exec())
            qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("retention"));
    }
    if (policy.maxCount > 0) {
        q.prepare(QStringLiteral("DELETE FROM captures WHERE pinned = 0 AND id <= "
                                 "(SELECT id FROM captures WHERE pinned = 0 ORDER BY id DESC LIMIT 1 OFFSET ?)"));
        q.bindValue(0, policy.maxCount);
        if (!q.exec())
            qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("retention"));
    }
    if (policy.maxTotalBytes > 0) {
        // Walk newest to oldest through the covering index until the budget is spent; older rows go.
        q.prepare(QStringLiteral("SELECT id, stored_bytes FROM captures WHERE pinned = 0 ORDER BY id DESC"));
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
            q.prepare(QStringLiteral("DELETE FROM captures WHERE pinned = 0 AND id <= ?"));
            q.bindValue(0, cutoff);
            if (!q.exec())
                qCWarning(lcStorage) << describeSqlError(q, QStringLiteral("retention"));
        }
    }
    if (!m_db.exec(QStringLiteral("COMMIT"), &error)) {
        qCWarning(lcStorage) << "retention:" << error;
        m_db.exec(QStringLiteral("ROLLBACK"));
    }
}

} // namespace hookscope
