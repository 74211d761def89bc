// SPDX-License-Identifier: MIT
#include "core/storage/walcheckpointer.h"

#include "core/platform/threadpriority.h"
#include "core/storage/sqlconnection.h"
#include "core/storage/sqlitehandle.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QVariant>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace hookscope {

namespace {
    // Often enough to keep the WAL small and each pass's fsync short (measured under load: p99 latency 2.6 ms
    // at 25 ms against 3.9 ms at 100 ms, same throughput), seldom enough that a pass copies many pages at once.
    constexpr auto kInterval = std::chrono::milliseconds(25);
    // The writer is asked to catch up once a pass copied no more than this; its own pass then copies about as
    // much (what was committed meanwhile), holding up the requests waiting for its next commit. Under the 1 KiB
    // benchmark load that is well under 1 MiB and a millisecond; it has to allow for a few large transactions.
    constexpr qint64 kCatchUpBytes = qint64(4) * 1024 * 1024;
    constexpr qint64 kFarBehindFactor = 4; // times the bound
    // How long the writer waits for a pass when the WAL is far past its bound (farBehind). Measured with 64 KiB
    // requests, where passes fall behind: 10 ms gave 6.5k-7k req/s at p99 63-72 ms, with the WAL at 67-187 MB
    // against a 32 MiB bound; 5 ms gave 5.3k req/s at p99 95 ms and let it grow to 600 MB; copying all the rest
    // on the writer instead stalled it for 40-90 ms at a time (p99 up to 900 ms).
    constexpr auto kMaxWaitForPass = std::chrono::milliseconds(10);

    struct PassResult {
        qint64 logFrames = 0;
        qint64 checkpointedFrames = 0;
    };

    // PASSIVE never blocks the writer; pages still in use by a reader wait for the next pass.
    PassResult passiveCheckpoint(const SqlConnection& db)
    {
        QSqlQuery q(db.database());
        PassResult r;
        if (q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) && q.next()) {
            r.logFrames = q.value(1).toLongLong();
            r.checkpointedFrames = q.value(2).toLongLong();
        }
        return r;
    }
} // namespace

WalCheckpointer::WalCheckpointer(QString path, qint64 restartBytes)
    : m_path(std::move(path))
    , m_restartBytes(restartBytes)
{
    setObjectName(QStringLiteral("hookscope-checkpoint"));
}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

void WalCheckpointer::nudge()
{
    std::lock_guard lock(m_mutex);
    if (!m_pending) {
        m_pending = true;
        m_wake.notify_one();
    }
}

void WalCheckpointer::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_one();
    }
    wait();
}

void WalCheckpointer::run()
{
    // Nothing waits for a pass, so passes take what the writer and the receiver (whose work every request waits
    // on) leave: at normal priority they delayed both (see CaptureWriter's kYieldBeforeSleep).
    platform::lowerCurrentThreadPriority();
    SqlConnection db;
    QString error;
    if (!db.open(m_path, SqlConnection::Mode::ReadWrite, &error)) {
        qCWarning(lcStorage) << "checkpointer:" << error;
        return;
    }
    const qint64 pageBytes = std::max<qint64>(512, db.scalar(QStringLiteral("PRAGMA page_size")).toLongLong());
    // A pass that reaches the end of the WAL syncs the database file before the WAL may start over, and the
    // catch-up is such a pass: syncing after each pass while the WAL is over its bound leaves the catch-up only
    // its own few pages to sync (its pauses measured 0.8-1 ms instead of 6-10). Without the native handle there
    // is no way to (see SqliteHandle::syncDatabaseFile), and no catch-up either: the WAL then starts over only
    // when the load pauses.
    sqlite3* const native = SqliteHandle::from(db.database(), nullptr);
    const bool bounding = m_restartBytes > 0 && native != nullptr;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_pending || m_stopping; });
            if (m_stopping)
                break;
            m_pending = false;
        }
        PassResult r;
        qint64 copied = 0;
        {
            std::lock_guard pass(m_passMutex);
            r = passiveCheckpoint(db);
            // Frames this pass copied. A shorter WAL than at the last pass means it started over in between.
            const bool restarted = r.logFrames < m_logFrames;
            copied = r.checkpointedFrames - (restarted ? 0 : std::min(m_checkpointedFrames, r.checkpointedFrames));
            m_logFrames = r.logFrames;
            m_checkpointedFrames = r.checkpointedFrames;
        }
        const bool overBound = bounding && r.logFrames * pageBytes > m_restartBytes;
        if (overBound)
            SqliteHandle::syncDatabaseFile(native);
        // Over the bound, where this pass leaves the WAL:
        //   copied nothing                 the WAL is copied back (it starts over at the next commit) or a reader
        //                                  holds its frames: wait for the next nudge as usual;
        //   copied at most kCatchUpBytes   close to the end: the writer is asked to copy the rest (catchUp);
        //   copied more                    the next pass at once, each shorter than the last while this thread
        //                                  copies faster than the writer appends;
        //   ... and the WAL is kFarBehindFactor times over the bound: passes are not closing in (large bodies, or
        //                                  other work starving this low-priority thread), so the writer also waits
        //                                  for a pass after each commit, leaving this thread a core.
        const bool nearEnd = copied > 0 && copied * pageBytes <= kCatchUpBytes;
        const bool catchUpNow = overBound && nearEnd;
        m_farBehind.store(
            overBound && copied > 0 && !nearEnd && r.logFrames * pageBytes > kFarBehindFactor * m_restartBytes,
            std::memory_order_release);
        m_catchUpWanted.store(catchUpNow, std::memory_order_release);
        std::unique_lock lock(m_mutex);
        ++m_passes;
        m_passDone.notify_all();
        if (catchUpNow) {
            m_pending = true; // in case the writer does not come: its catch-up needs no pass in its way meanwhile
            m_wake.wait_for(lock, kInterval, [this] { return m_stopping || !catchUpWanted(); });
            continue;
        }
        if (overBound && copied > 0) {
            m_pending = true; // the next pass at once, each shorter than the last
            continue;
        }
        m_wake.wait_for(lock, kInterval, [this] { return m_stopping; });
    }
}

void WalCheckpointer::waitForNextPass()
{
    std::unique_lock lock(m_mutex);
    const quint64 seen = m_passes;
    m_passDone.wait_for(lock, kMaxWaitForPass, [&] { return m_passes != seen || m_stopping; });
}

void WalCheckpointer::catchUp(const SqlConnection& writerDb)
{
    {
        std::unique_lock pass(m_passMutex, std::try_to_lock);
        if (!pass.owns_lock())
            return; // a pass is running after all; it asks again when it is done
        const PassResult r = passiveCheckpoint(writerDb);
        m_logFrames = r.logFrames;
        m_checkpointedFrames = r.checkpointedFrames;
    }
    m_catchUpWanted.store(false, std::memory_order_release);
    std::lock_guard lock(m_mutex);
    m_wake.notify_one();
}

} // namespace hookscope
