// SPDX-License-Identifier: MIT
#include "core/storage/capturereader.h"

#include "core/storage/schema.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

namespace hookscope {

namespace {
    const QString kSummaryColumns = QStringLiteral(
        "id, received_us, method, target, response_status, length(head) + length(body), rejected, reject_reason, "
        "remote_address, remote_port, pinned, length(raw_prefix), content_type, endpoint, signature_state");

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
} // namespace

bool CaptureReader::open(const QString& path, QString* error)
{
    if (!QFileInfo::exists(path)) {
        if (error)
            *error = QStringLiteral("%1 does not exist: nothing has been captured there yet").arg(path);
        return false;
    }
    if (!m_db.open(path, SqlConnection::Mode::ReadOnly, error))
        return false;
    const int version = Schema::inspect(m_db, error);
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
    QString sql = QStringLiteral("SELECT ") + kSummaryColumns + QStringLiteral(" FROM captures WHERE 1");
    QVariantList binds;
    if (query.beforeId > 0) {
        sql += QStringLiteral(" AND id < ?");
        binds << query.beforeId;
    }
    const QString fts = ftsQuery(query.search);
    if (!fts.isEmpty()) {
        // Rows newer than the index's watermark are not indexed yet (or never were, after a crash); a plain
        // scan covers that tail with the same meaning: every word must appear somewhere.
        QStringList wordClauses;
        QVariantList wordBinds;
        static const QRegularExpression split(QStringLiteral("\\s+"));
        const QString text = QStringLiteral("lower(CAST(CASE WHEN rejected THEN raw_prefix ELSE body END AS TEXT))");
        // Anything but ASCII letters, digits and non-ASCII characters separates words, as in the index.
        static const QString wordBoundary = QStringLiteral("*[^a-z0-9") + QChar(0x80) + QLatin1Char('-')
            + QString::fromUcs4(U"\U0010FFFF", 1) + QStringLiteral("]");
        const QStringList columns { QStringLiteral("lower(method)"), QStringLiteral("lower(CAST(target AS TEXT))"),
            QStringLiteral("lower(CAST(headers AS TEXT))") };
        for (QString word : query.search.toLower().split(split, Qt::SkipEmptyParts)) {
            // The index matches words by their start, so does this: at the start of the text or right after a
            // character that cannot be part of a word. GLOB's own wildcards in the word are taken literally.
            word.replace(QLatin1Char('['), QStringLiteral("[[]"))
                .replace(QLatin1Char('*'), QStringLiteral("[*]"))
                .replace(QLatin1Char('?'), QStringLiteral("[?]"));
            const QString atStart = word + QLatin1Char('*');
            const QString inside = wordBoundary + word + QLatin1Char('*');
            QStringList alternatives;
            const auto matchIn = [&](const QString& expression) {
                alternatives << QStringLiteral("%1 GLOB ? OR %1 GLOB ?").arg(expression);
                wordBinds << atStart << inside;
            };
            for (const QString& column : columns)
                matchIn(column);
            alternatives << QStringLiteral("(text_searchable AND (%1 GLOB ? OR %1 GLOB ?))").arg(text);
            wordBinds << atStart << inside;
            wordClauses << QLatin1Char('(') + alternatives.join(QStringLiteral(" OR ")) + QLatin1Char(')');
        }
        sql += QStringLiteral(" AND (id IN (SELECT rowid FROM capture_search WHERE capture_search MATCH ?)"
                              " OR (id > (SELECT value FROM store_state WHERE key = 'indexed_upto') AND ")
            + wordClauses.join(QStringLiteral(" AND ")) + QStringLiteral("))");
        binds << fts;
        binds += wordBinds;
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?");
    binds << (query.limit > 0 ? query.limit : -1);

    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec()) {
        if (error)
            *error = describeSqlError(q, QStringLiteral("cannot list captures in %1").arg(m_db.path()));
        return std::nullopt;
    }
    QList<CaptureSummary> out;
    while (q.next())
        out.append(summaryFrom(q));
    return out;
}

std::optional<CapturedRequest> CaptureReader::get(qint64 id, QString* error) const
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, received_us, complete_us, responded_us, remote_address, remote_port, local_address, local_port, "
        "method, target, path, query, http_version, head, headers, trailers, body, chunked, response_status, "
        "response_headers, response_body, rejected, reject_reason, raw_prefix, pinned, endpoint, signature_state, "
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
    c.signature.endpoint = q.value(i++).toString();
    c.signature.state = CaptureSignature::State(q.value(i++).toInt());
    c.signature.scheme = q.value(i++).toString();
    c.signature.detail = q.value(i++).toString();
    return c;
}

qint64 CaptureReader::count() const
{
    return m_db.scalar(QStringLiteral("SELECT count(*) FROM captures")).toLongLong();
}

} // namespace hookscope
