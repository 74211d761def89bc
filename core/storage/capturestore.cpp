// SPDX-License-Identifier: MIT
#include "core/storage/capturestore.h"

#include "core/storage/capturewriter.h"
#include "core/storage/privatefile.h"
#include "core/storage/schema.h"
#include "core/storage/sqlconnection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlQuery>
#include <QVariant>

namespace hookscope {

CaptureStore::CaptureStore(QObject* parent)
    : CaptureSink(parent)
{
    qRegisterMetaType<hookscope::CommitReceipt>();
    qRegisterMetaType<QList<hookscope::CommitReceipt>>();
}

CaptureStore::~CaptureStore()
{
    close();
}

bool CaptureStore::isOpen() const
{
    return m_writer != nullptr;
}

bool CaptureStore::usesNativeSqlite() const
{
    return m_writer && m_writer->usesNativeSqlite();
}

namespace {
    const QString kSizeLimitReached = QStringLiteral("the capture database reached its size limit");
}

QString CaptureStore::sizeLimitError(qint64 maxDatabaseBytes)
{
    return QStringLiteral("%1 of %2 bytes").arg(kSizeLimitReached).arg(maxDatabaseBytes);
}

bool CaptureStore::isSizeLimitError(const QString& error)
{
    return error.startsWith(kSizeLimitReached);
}

bool CaptureStore::open(const QString& path, const StoreOptions& options)
{
    close();
    m_path = path;
    if (!ensurePrivateFile(path, QStringLiteral("the capture database"), &m_error))
        return false;

    // One writer per database: a second receiver on the same file would fight over the write lock.
    auto lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(200)) {
        qint64 pid = 0;
        QString host;
        QString app;
        lock->getLockInfo(&pid, &host, &app);
        m_error = lock->error() == QLockFile::LockFailedError
            ? QStringLiteral("%1 is in use by another Hookscope (process %2). Stop it, or choose another "
                             "database with --db.")
                  .arg(path)
                  .arg(pid)
            : QStringLiteral("cannot create the lock file %1.lock: check the folder's permissions").arg(path);
        return false;
    }
    // It names this machine (host name and machine id): as private as the database it guards.
    QFile::setPermissions(path + QStringLiteral(".lock"), QFile::ReadOwner | QFile::WriteOwner);

    {
        SqlConnection db;
        if (!db.open(path, SqlConnection::Mode::ReadWrite, &m_error))
            return false;
        if (Schema::inspect(db, &m_error) < 0)
            return false;
        // Larger pages mean fewer, larger WAL writes per group commit (measured: +15% requests/s over 4 KiB
        // with 1 KiB bodies; 64 KiB pages were slower again). Only takes effect on a new, empty file.
        db.exec(QStringLiteral("PRAGMA page_size = 16384"));
        QString walError;
        const QString mode = db.scalar(QStringLiteral("PRAGMA journal_mode = WAL"), &walError).toString();
        if (mode.compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0) {
            m_error = QStringLiteral("%1: cannot switch to write-ahead logging (%2)")
                          .arg(path, walError.isEmpty() ? mode : walError);
            return false;
        }
        if (!Schema::migrate(db, &m_error))
            return false;
    }

    auto writer = std::make_unique<CaptureWriter>(this, path, options);
    if (!writer->startAndOpen(&m_error)) {
        writer->stopAndDrain();
        m_error = QStringLiteral("%1: %2").arg(path, m_error);
        return false;
    }
    m_lock = std::move(lock);
    m_writer = std::move(writer);
    m_error.clear();
    return true;
}

void CaptureStore::close()
{
    if (m_writer) {
        m_writer->stopAndDrain();
        m_writer.reset();
    }
    m_lock.reset();
}

quint64 CaptureStore::submit(CapturedRequest capture)
{
    if (m_writer)
        return m_writer->submit(std::move(capture));
    // A closed store still answers, through the same channel: the capture was not kept. Tickets from here
    // count down from the top so they never meet the writer's.
    const quint64 ticket = m_closedTicket--;
    QMetaObject::invokeMethod(
        this,
        [this, ticket] {
            Q_EMIT committed({ { ticket, 0, false, QStringLiteral("the capture database is closed") } });
        },
        Qt::QueuedConnection);
    return ticket;
}

void CaptureStore::recordResponded(const QList<ResponseTime>& times)
{
    if (m_writer)
        m_writer->recordResponded(times);
}

void CaptureStore::editRows(const QString& sql, const QVariantList& binds, const QString& what)
{
    if (!m_writer)
        return;
    m_writer->edit([sql, binds, what](SqlConnection& db, QString* error) {
        QSqlQuery q(db.database());
        q.prepare(sql);
        for (int i = 0; i < binds.size(); ++i)
            q.bindValue(i, binds.at(i));
        if (q.exec())
            return true;
        *error = describeSqlError(q, what);
        return false;
    });
}

void CaptureStore::setPinned(qint64 id, bool pinned)
{
    editRows(QStringLiteral("UPDATE captures SET pinned = ? WHERE id = ?"), { pinned ? 1 : 0, id },
        QStringLiteral("cannot pin capture %1").arg(id));
}

void CaptureStore::setNote(qint64 id, const QString& note)
{
    editRows(QStringLiteral("UPDATE captures SET note = ? WHERE id = ?"),
        { note.isNull() ? QStringLiteral("") : note, id }, QStringLiteral("cannot annotate capture %1").arg(id));
}

void CaptureStore::setSignature(qint64 id, const CaptureSignature& signature)
{
    const auto text = [](const QString& value) { return value.isNull() ? QStringLiteral("") : value; };
    editRows(QStringLiteral("UPDATE captures SET endpoint = ?, signature_state = ?, signature_scheme = ?, "
                            "signature_detail = ? WHERE id = ?"),
        { text(signature.endpoint), int(signature.state), text(signature.scheme), text(signature.detail), id },
        QStringLiteral("cannot record the signature verdict of capture %1").arg(id));
}

void CaptureStore::remove(qint64 id)
{
    editRows(QStringLiteral("DELETE FROM captures WHERE id = ?"), { id },
        QStringLiteral("cannot delete capture %1").arg(id));
}

void CaptureStore::removeAllUnpinned()
{
    editRows(QStringLiteral("DELETE FROM captures WHERE NOT pinned"), {}, QStringLiteral("cannot delete the captures"));
}

void CaptureStore::setRetention(const RetentionPolicy& policy)
{
    if (m_writer)
        m_writer->setRetention(policy);
}

void CaptureStore::flush()
{
    if (m_writer)
        m_writer->flush();
}

void CaptureStore::flushSearchIndex()
{
    if (m_writer)
        m_writer->flushSearchIndex();
}

} // namespace hookscope
