// SPDX-License-Identifier: MIT
#include "core/storage/capturereader.h"

#include "core/storage/schema.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

namespace hookscope {

namespace {
    // The listing's columns; `c` is the alias of the captures table (search joins the index, whose columns
    // share names with the captures').
    const QString kSummaryColumns = QStringLiteral(
        "c.id, c.received_us, c.method, c.target, c.response_status, length(c.head) + length(c.body), c.rejected, "
        "c.reject_reason, c.remote_address, c.remote_port, c.pinned, length(c.raw_prefix), c.content_type, "
        "c.endpoint, c.signature_state");

    CaptureSummary summaryFrom(const QSqlQuery& q)
    {
        CaptureSummary s;
        s.id = q.value(0).toLongLong();
        s.receivedUs = q.value(1).toLongLong();
        s.method = q.value(2).toString().toLatin1();
        s.target = q.value(3).toByteArray();
        s.status = q.value(4).toInt();
        s.rejected = q.value(6).toBool();
        s.bytes = s.rejected ? q.value(11).toLongLong() : q.value(5).toLongLong();
        s.rejectReason = q.value(7).toString();
        s.remoteAddress = q.value(8).toString();
        s.remotePort = quint16(q.value(9).toUInt());
        s.pinned = q.value(10).toBool();
        s.contentType = q.value(12).toString().toLatin1();
        s.endpoint = q.value(13).toString();
        s.signatureState = CaptureSignature::State(q.value(14).toInt());
        s.stored = true;
        return s;
    }

    // A WHERE clause built up from parts, with its positional bind values in order.
    struct Where {
        QStringList clauses;
        QVariantList binds;

        void add(const QString& clause, const QVariantList& values = {})
        {
            clauses << clause;
            binds += values;
        }
        QString sql() const
        {
            return clauses.isEmpty() ? QString() : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
        }
    };

    // LIKE's wildcards in what the user typed are taken literally.
    QString likePrefix(const QByteArray& prefix)
    {
        QString escaped = QString::fromLatin1(prefix);
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        return escaped + QLatin1Char('%');
    }

    // How a time window is written: with the catalog's time index to narrow the rows (counting, and search, which
    // the full-text index drives), or as exact bounds alone (when the catalog drives the listing itself).
    enum class TimeWindow { ThroughCatalogIndex, ExactBoundsOnly };

    bool hasTimeWindow(const CaptureListQuery& query)
    {
        return query.receivedFromUs > 0 || query.receivedToUs > 0;
    }
    qint64 windowEnd(const CaptureListQuery& query)
    {
        return query.receivedToUs > 0 ? query.receivedToUs : std::numeric_limits<qint64>::max();
    }

    // The catalog holds exactly the captures up to its last id (schema step 8); past that are the few the writer
    // has not cataloged yet.
    const QString kCatalogEnd = QStringLiteral("(SELECT ifnull(max(id), 0) FROM capture_catalog)");

    void addFilters(Where& where, const CaptureListQuery& query, TimeWindow time = TimeWindow::ThroughCatalogIndex)
    {
        if (!query.methods.isEmpty()) {
            QStringList marks;
            QVariantList values;
            for (const QByteArray& method : query.methods) {
                marks << QStringLiteral("?");
                values << QString::fromLatin1(method);
            }
            where.add(QStringLiteral("c.method IN (%1)").arg(marks.join(QLatin1Char(','))), values);
        }
        if (!query.targetContains.isEmpty())
            where.add(QStringLiteral("instr(c.target, ?) > 0"), { query.targetContains });
        if (query.statusFrom > 0)
            where.add(QStringLiteral("c.response_status >= ?"), { query.statusFrom });
        if (query.statusTo > 0)
            where.add(QStringLiteral("c.response_status <= ?"), { query.statusTo });
        if (query.rejectedOnly)
            where.add(QStringLiteral("c.rejected <> 0"));
        if (!query.contentTypePrefix.isEmpty())
            where.add(QStringLiteral("c.content_type LIKE ? ESCAPE '\\'"), { likePrefix(query.contentTypePrefix) });
        if (hasTimeWindow(query) && time == TimeWindow::ThroughCatalogIndex) {
            // The catalog's time index finds the cataloged rows in range, and the rows past its end are the few
            // the writer has not cataloged yet (schema step 8). Counting uses that; listing newest first mostly
            // scans by id anyway, and the exact bounds below decide in both cases.
            where.add(QStringLiteral("(c.id > %1 OR c.id IN (SELECT id FROM capture_catalog WHERE received_us "
                                     "BETWEEN ? AND ?))")
                          .arg(kCatalogEnd),
                { query.receivedFromUs, windowEnd(query) });
        }
        if (query.receivedFromUs > 0)
            where.add(QStringLiteral("c.received_us >= ?"), { query.receivedFromUs });
        if (query.receivedToUs > 0)
            where.add(QStringLiteral("c.received_us <= ?"), { query.receivedToUs });
    }

    // Keyset bounds on `idColumn` (the index's rowid when search drives the query, so FTS5 applies them).
    void addPaging(Where& where, const CaptureListQuery& query, const QString& idColumn)
    {
        if (query.beforeId > 0)
            where.add(idColumn + QStringLiteral(" < ?"), { query.beforeId });
        if (query.afterId > 0)
            where.add(idColumn + QStringLiteral(" > ?"), { query.afterId });
    }

    // Rows newer than the index's watermark are not indexed yet (or never were, after a crash); a plain
    // scan covers that tail with the same meaning: every word must appear somewhere, at a word start.
    void addUnindexedWords(Where& where, const QString& search)
    {
        static const QRegularExpression split(QStringLiteral("\\s+"));
        const QString text
            = QStringLiteral("lower(CAST(CASE WHEN c.rejected THEN c.raw_prefix ELSE c.body END AS TEXT))");
        // Anything but ASCII letters, digits and non-ASCII characters separates words, as in the index.
        static const QString wordBoundary = QStringLiteral("*[^a-z0-9") + QChar(0x80) + QLatin1Char('-')
            + QString::fromUcs4(U"\U0010FFFF", 1) + QStringLiteral("]");
        const QStringList columns { QStringLiteral("lower(c.method)"), QStringLiteral("lower(CAST(c.target AS TEXT))"),
            QStringLiteral("lower(CAST(c.headers AS TEXT))") };
        for (QString word : search.toLower().split(split, Qt::SkipEmptyParts)) {
            // GLOB's own wildcards in the word are taken literally.
            word.replace(QLatin1Char('['), QStringLiteral("[[]"))
                .replace(QLatin1Char('*'), QStringLiteral("[*]"))
                .replace(QLatin1Char('?'), QStringLiteral("[?]"));
            const QString atStart = word + QLatin1Char('*');
            const QString inside = wordBoundary + word + QLatin1Char('*');
            QStringList alternatives;
            QVariantList values;
            for (const QString& column : columns) {
                alternatives << QStringLiteral("%1 GLOB ? OR %1 GLOB ?").arg(column);
                values << atStart << inside;
            }
            alternatives << QStringLiteral("(c.text_searchable AND (%1 GLOB ? OR %1 GLOB ?))").arg(text);
            values << atStart << inside;
            where.add(QLatin1Char('(') + alternatives.join(QStringLiteral(" OR ")) + QLatin1Char(')'), values);
        }
    }

    bool run(QSqlQuery& q, const QString& sql, const QVariantList& binds, const QString& what, QString* error)
    {
        q.setForwardOnly(true);
        q.prepare(sql);
        for (int i = 0; i < binds.size(); ++i)
            q.bindValue(i, binds.at(i));
        if (q.exec())
            return true;
        if (error)
            *error = describeSqlError(q, what);
        return false;
    }

    // Search reads the index's watermark and then the rows; one read transaction makes both see the same
    // snapshot, so a row indexed in between is neither lost nor listed twice.
    class ReadSnapshot final {
    public:
        explicit ReadSnapshot(const SqlConnection& db)
            : m_db(db)
            , m_active(db.exec(QStringLiteral("BEGIN")))
        {
        }
        ~ReadSnapshot()
        {
            if (m_active)
                m_db.exec(QStringLiteral("COMMIT"));
        }
        Q_DISABLE_COPY_MOVE(ReadSnapshot)

    private:
        const SqlConnection& m_db;
        bool m_active;
    };

    qint64 indexedUpto(const SqlConnection& db)
    {
        return db.scalar(QStringLiteral("SELECT value FROM store_state WHERE key = 'indexed_upto'")).toLongLong();
    }

    const QString kFromIndex
        = QStringLiteral(" FROM capture_search CROSS JOIN captures AS c ON c.id = capture_search.rowid");
    const QString kFromCaptures = QStringLiteral(" FROM captures AS c");
    const QString kFromCatalog = QStringLiteral(" FROM capture_catalog AS k JOIN captures AS c ON c.id = k.id");
} // namespace

bool CaptureListQuery::isFiltered() const
{
    return !search.trimmed().isEmpty() || !methods.isEmpty() || !targetContains.isEmpty() || statusFrom > 0
        || statusTo > 0 || rejectedOnly || !contentTypePrefix.isEmpty() || receivedFromUs > 0 || receivedToUs > 0;
}

bool CaptureListQuery::matchesWithoutSearch(const CaptureSummary& s) const
{
    if (!methods.isEmpty() && !methods.contains(s.method))
        return false;
    if (!targetContains.isEmpty() && !s.target.contains(targetContains))
        return false;
    if ((statusFrom > 0 && s.status < statusFrom) || (statusTo > 0 && s.status > statusTo))
        return false;
    if (rejectedOnly && !s.rejected)
        return false;
    // QByteArray::toLower folds ASCII only, like SQLite's LIKE.
    if (!contentTypePrefix.isEmpty() && !s.contentType.toLower().startsWith(contentTypePrefix.toLower()))
        return false;
    return (receivedFromUs <= 0 || s.receivedUs >= receivedFromUs)
        && (receivedToUs <= 0 || s.receivedUs <= receivedToUs);
}

bool CaptureReader::open(const QString& path, QString* error)
{
    if (!QFileInfo::exists(path)) {
        if (error)
            *error = QStringLiteral("%1 does not exist: nothing has been captured there yet").arg(path);
        return false;
    }
    if (!m_db.open(path, SqlConnection::Mode::ReadOnly, error))
        return false;
    int version = Schema::inspect(m_db, error);
    if (version < 0 && !QFileInfo(QFileInfo(path).absolutePath()).isWritable()) {
        // SQLite reads a WAL database through a -shm file next to it, which it cannot create in a read-only folder
        // (a mounted CI artifact, another user's folder). Without a -wal file the database file is complete, and
        // without a lock file no Hookscope is writing it (the folder's owner could start one: a snapshot read
        // then may fail or miss what that one adds): read it as it stands.
        if (QFileInfo::exists(path + QStringLiteral(".lock"))) {
            if (error) {
                *error = QStringLiteral("cannot read %1 while Hookscope is storing captures in it: its folder is "
                                        "read-only for you, so SQLite cannot share it. Try again once it stops.")
                             .arg(path);
            }
            return false;
        }
        if (QFileInfo::exists(path + QStringLiteral("-wal"))) {
            if (error) {
                *error
                    = QStringLiteral("cannot read %1: its folder is read-only and its -wal and -shm files are not "
                                     "both readable. Copy the database with its -wal file to a folder you can write.")
                          .arg(path);
            }
            return false;
        }
        if (!m_db.open(path, SqlConnection::Mode::Snapshot, error))
            return false;
        version = Schema::inspect(m_db, error);
    }
    if (version < 0)
        return false;
    if (version < Schema::kLatestVersion) {
        if (error) {
            *error = QStringLiteral("%1 uses an older schema (version %2); run `hookscope listen` on it once to "
                                    "upgrade it")
                         .arg(path)
                         .arg(version);
        }
        return false;
    }
    return true;
}

QString CaptureReader::ftsQuery(const QString& text)
{
    QStringList terms;
    static const QRegularExpression split(QStringLiteral("\\s+"));
    for (QString word : text.split(split, Qt::SkipEmptyParts)) {
        word.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms << QLatin1Char('"') + word + QStringLiteral("\"*");
    }
    return terms.join(QLatin1Char(' '));
}

std::optional<QList<CaptureSummary>> CaptureReader::list(const CaptureListQuery& query, QString* error) const
{
    const QString what = QStringLiteral("cannot list captures in %1").arg(m_db.path());
    QList<CaptureSummary> out;
    // Appends up to the rows still missing, newest first by `idColumn`.
    const auto collect = [&](const QString& from, Where where, const QString& idColumn) {
        where.binds << (query.limit > 0 ? query.limit - int(out.size()) : -1);
        const QString sql = QStringLiteral("SELECT ") + kSummaryColumns + from + where.sql()
            + QStringLiteral(" ORDER BY ") + idColumn + QStringLiteral(" DESC LIMIT ?");
        QSqlQuery q(m_db.database());
        if (!run(q, sql, where.binds, what, error))
            return false;
        while (q.next())
            out.append(summaryFrom(q));
        return true;
    };

    const QString fts = ftsQuery(query.search);
    if (fts.isEmpty() && hasTimeWindow(query)) {
        // Newest first through the catalog's narrow rows, so the wide rows of captures newer than the window are
        // never read: for a one-second window at the start of 421k captures (650 MB, not cached) that took 4 s
        // scanning captures, and 0.04 s this way. The rows past the catalog's end (schema step 8) come first,
        // from captures.
        const ReadSnapshot snapshot(m_db);
        const qint64 cataloged = m_db.scalar(QStringLiteral("SELECT ") + kCatalogEnd).toLongLong();
        Where tail;
        tail.add(QStringLiteral("c.id > ?"), { cataloged });
        addPaging(tail, query, QStringLiteral("c.id"));
        addFilters(tail, query, TimeWindow::ExactBoundsOnly);
        if (!collect(kFromCaptures, tail, QStringLiteral("c.id")))
            return std::nullopt;
        if (query.limit > 0 && out.size() >= query.limit)
            return out;
        Where catalog;
        // The unary plus keeps SQLite off the time index: walking the catalog by id, newest first, stops at the
        // limit; the index would find every row in a wide window first and sort them.
        catalog.add(QStringLiteral("+k.received_us BETWEEN ? AND ?"), { query.receivedFromUs, windowEnd(query) });
        addPaging(catalog, query, QStringLiteral("k.id"));
        addFilters(catalog, query, TimeWindow::ExactBoundsOnly);
        if (!collect(kFromCatalog, catalog, QStringLiteral("k.id")))
            return std::nullopt;
        return out;
    }
    if (fts.isEmpty()) {
        Where where;
        addPaging(where, query, QStringLiteral("c.id"));
        addFilters(where, query);
        if (!collect(kFromCaptures, where, QStringLiteral("c.id")))
            return std::nullopt;
        return out;
    }

    const ReadSnapshot snapshot(m_db);
    const qint64 upto = indexedUpto(m_db);
    // The unindexed tail holds the newest rows, so it comes first.
    Where tail;
    tail.add(QStringLiteral("c.id > ?"), { upto });
    addPaging(tail, query, QStringLiteral("c.id"));
    addFilters(tail, query);
    addUnindexedWords(tail, query.search);
    if (!collect(kFromCaptures, tail, QStringLiteral("c.id")))
        return std::nullopt;
    if (query.limit > 0 && out.size() >= query.limit)
        return out;

    // The index supplies the rest: FTS5 walks its matches newest first (ORDER BY its rowid, bounds on its
    // rowid) and stops at the limit, instead of collecting every match of a common word first.
    Where indexed;
    indexed.add(QStringLiteral("capture_search MATCH ?"), { fts });
    indexed.add(QStringLiteral("capture_search.rowid <= ?"), { upto });
    addPaging(indexed, query, QStringLiteral("capture_search.rowid"));
    addFilters(indexed, query);
    if (!collect(kFromIndex, indexed, QStringLiteral("capture_search.rowid")))
        return std::nullopt;
    return out;
}

std::optional<qint64> CaptureReader::countMatching(const CaptureListQuery& query, QString* error) const
{
    const QString what = QStringLiteral("cannot count captures in %1").arg(m_db.path());
    const auto countOf = [&](const QString& from, const Where& where) -> std::optional<qint64> {
        QSqlQuery q(m_db.database());
        if (!run(q, QStringLiteral("SELECT count(*)") + from + where.sql(), where.binds, what, error))
            return std::nullopt;
        return q.next() ? q.value(0).toLongLong() : 0;
    };

    const QString fts = ftsQuery(query.search);
    if (fts.isEmpty()) {
        Where where;
        addFilters(where, query);
        return countOf(kFromCaptures, where);
    }

    const ReadSnapshot snapshot(m_db);
    const qint64 upto = indexedUpto(m_db);
    Where tail;
    tail.add(QStringLiteral("c.id > ?"), { upto });
    addFilters(tail, query);
    addUnindexedWords(tail, query.search);
    const std::optional<qint64> tailCount = countOf(kFromCaptures, tail);
    if (!tailCount)
        return std::nullopt;

    Where indexed;
    addFilters(indexed, query);
    // Without other filters the index alone answers; the captures are only read to check their columns.
    const QString from = indexed.clauses.isEmpty() ? QStringLiteral(" FROM capture_search") : kFromIndex;
    indexed.clauses.prepend(QStringLiteral("capture_search.rowid <= ?"));
    indexed.binds.prepend(upto);
    indexed.clauses.prepend(QStringLiteral("capture_search MATCH ?"));
    indexed.binds.prepend(fts);
    const std::optional<qint64> indexedCount = countOf(from, indexed);
    if (!indexedCount)
        return std::nullopt;
    return *tailCount + *indexedCount;
}

std::optional<CaptureCounts> CaptureReader::counts(const CaptureListQuery& query, QString* error) const
{
    const ReadSnapshot snapshot(m_db);
    CaptureCounts counts;
    counts.newestId = newestId();
    counts.total = count();
    const std::optional<qint64> matching = query.isFiltered() ? countMatching(query, error) : counts.total;
    if (!matching)
        return std::nullopt;
    counts.matching = *matching;
    return counts;
}

std::optional<CapturedRequest> CaptureReader::get(qint64 id, QString* error) const
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, received_us, complete_us, "
        "coalesce((SELECT responded_us FROM response_times WHERE response_times.id = captures.id), responded_us), "
        "remote_address, remote_port, local_address, local_port, "
        "method, target, path, query, http_version, head, headers, trailers, body, chunked, response_status, "
        "response_headers, response_body, rejected, reject_reason, raw_prefix, pinned, note, endpoint, "
        "signature_state, "
        "signature_scheme, signature_detail FROM captures WHERE id = ?"));
    q.bindValue(0, id);
    if (!q.exec()) {
        if (error)
            *error = describeSqlError(q, QStringLiteral("cannot read capture %1").arg(id));
        return std::nullopt;
    }
    if (!q.next()) {
        if (error)
            *error = QStringLiteral("there is no capture %1 in %2").arg(id).arg(m_db.path());
        return std::nullopt;
    }
    CapturedRequest c;
    int i = 0;
    c.id = q.value(i++).toLongLong();
    c.receivedUs = q.value(i++).toLongLong();
    c.completeUs = q.value(i++).toLongLong();
    c.respondedUs = q.value(i++).toLongLong();
    c.remoteAddress = q.value(i++).toString();
    c.remotePort = quint16(q.value(i++).toUInt());
    c.localAddress = q.value(i++).toString();
    c.localPort = quint16(q.value(i++).toUInt());
    c.method = q.value(i++).toString().toLatin1();
    c.target = q.value(i++).toByteArray();
    c.path = q.value(i++).toByteArray();
    c.query = q.value(i++).toByteArray();
    c.httpVersion = q.value(i++).toString().toLatin1();
    c.head = q.value(i++).toByteArray();
    c.headers = headers::parse(q.value(i++).toByteArray());
    c.trailers = headers::parse(q.value(i++).toByteArray());
    c.body = q.value(i++).toByteArray();
    c.chunked = q.value(i++).toBool();
    c.responseStatus = q.value(i++).toInt();
    c.responseHeaders = headers::parse(q.value(i++).toByteArray());
    c.responseBody = q.value(i++).toByteArray();
    c.rejected = q.value(i++).toBool();
    c.rejectReason = q.value(i++).toString();
    c.rawPrefix = q.value(i++).toByteArray();
    c.pinned = q.value(i++).toBool();
    c.note = q.value(i++).toString();
    c.signature.endpoint = q.value(i++).toString();
    c.signature.state = CaptureSignature::State(q.value(i++).toInt());
    c.signature.scheme = q.value(i++).toString();
    c.signature.detail = q.value(i++).toString();
    return c;
}

qint64 CaptureReader::count() const
{
    // count(*) on the captures table reads every page of it: the catalog, and the rows past its end, instead.
    return m_db
        .scalar(QStringLiteral("SELECT (SELECT count(*) FROM capture_catalog) + (SELECT count(*) FROM captures "
                               "WHERE id > %1)")
                    .arg(kCatalogEnd))
        .toLongLong();
}

qint64 CaptureReader::newestId() const
{
    return m_db.scalar(QStringLiteral("SELECT max(id) FROM captures")).toLongLong();
}

} // namespace hookscope
