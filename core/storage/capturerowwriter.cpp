// SPDX-License-Identifier: MIT
#include "core/storage/capturerowwriter.h"

#include "core/capture/headerfield.h"
#include "core/storage/sqlconnection.h"
#include "core/storage/sqlitehandle.h"

#if HOOKSCOPE_NATIVE_SQLITE
#include "core/storage/nativestatement.h"
#endif

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QUtf8StringView>
#include <QVariant>

#include <algorithm>
#include <array>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace hookscope {

namespace {
    // One text for both paths, so they cannot drift apart.
    constexpr const char* kInsertSql
        = "INSERT INTO captures (received_us, complete_us, responded_us, remote_address, remote_port, "
          "local_address, local_port, method, target, path, query, http_version, head, headers, trailers, body, "
          "chunked, response_status, response_headers, response_body, rejected, reject_reason, raw_prefix, "
          "pinned, stored_bytes, text_searchable, content_type, endpoint, signature_state, signature_scheme, "
          "signature_detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    // Response times go in this many to a statement. One statement per time cost about 1.7 us each on the
    // writer thread: a thousand of them held up a commit that requests were waiting for by 1.8 ms, against
    // 0.66 ms in groups (measured at 65k requests/s).
    constexpr int kRespondedGroup = 64;

    // Replaces: an id the store handed out again (after the newest capture was deleted) takes its own time.
    // Response times wait for the next batch, so their capture may have been removed by then (by the user or by
    // retention), and its id taken by a newer capture. The join stores nothing unless the row with that id is
    // the capture the time was taken for (same receive time, when the caller knows it).
    // Each row binds (responded_us, id, received_us or 0).
    QByteArray markRespondedSql(int rows)
    {
        QByteArray sql
            = "INSERT OR REPLACE INTO response_times (responded_us, id) SELECT v.column1, c.id FROM (VALUES ";
        for (int i = 0; i < rows; ++i)
            sql += i == 0 ? "(?,?,?)" : ",(?,?,?)";
        return sql + ") AS v JOIN captures c ON c.id = v.column2 AND v.column3 IN (0, c.received_us)";
    }

    // Qt binds a null QByteArray or QString as SQL NULL; the schema wants empty values instead.
    QVariant bytes(const QByteArray& value)
    {
        return value.isNull() ? QVariant(QByteArray("")) : QVariant(value);
    }
    QVariant text(const QString& value)
    {
        return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
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
struct CaptureRowWriter::NativePath {
    sqlite3* db = nullptr;
    NativeStatement insert;
    NativeStatement markResponded;
    NativeStatement markRespondedGroup;
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

    static QByteArrayView serialize(const HeaderList& list, QByteArray& out)
    {
        headers::serializeInto(list, out);
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
struct CaptureRowWriter::NativePath { };
#endif

CaptureRowWriter::CaptureRowWriter() = default;

CaptureRowWriter::~CaptureRowWriter() = default;

bool CaptureRowWriter::prepare(const SqlConnection& db, bool qtSqlOnly, QString* error)
{
    m_db = &db;
    if (!qtSqlOnly && prepareNative(error))
        return true;
    if (!qtSqlOnly && error)
        qCInfo(lcStorage) << "capture writer stays on Qt SQL:" << *error;
    m_native.reset();
    m_insert = std::make_unique<QSqlQuery>(db.database());
    if (!m_insert->prepare(QLatin1String(kInsertSql))) {
        if (error)
            *error = describeSqlError(*m_insert, QStringLiteral("cannot prepare the capture insert"));
        return false;
    }
    m_markResponded = std::make_unique<QSqlQuery>(db.database());
    m_markResponded->prepare(QString::fromLatin1(markRespondedSql(1)));
    m_markRespondedGroup = std::make_unique<QSqlQuery>(db.database());
    m_markRespondedGroup->prepare(QString::fromLatin1(markRespondedSql(kRespondedGroup)));
    return true;
}

void CaptureRowWriter::release()
{
    m_insert.reset();
    m_markResponded.reset();
    m_markRespondedGroup.reset();
    m_native.reset();
}

bool CaptureRowWriter::usesNativeSqlite() const
{
    return m_native != nullptr;
}

bool CaptureRowWriter::insert(const CapturedRequest& capture, qint64* id, QString* error)
{
    return m_native ? insertNative(capture, id, error) : insertQt(capture, id, error);
}

bool CaptureRowWriter::prepareNative(QString* error)
{
#if HOOKSCOPE_NATIVE_SQLITE
    sqlite3* db = SqliteHandle::from(m_db->database(), error);
    if (!db)
        return false;
    m_native = std::make_unique<NativePath>();
    NativePath& n = *m_native;
    n.db = db;
    return n.insert.prepare(db, kInsertSql, error)
        && n.markResponded.prepare(db, markRespondedSql(1).constData(), error)
        && n.markRespondedGroup.prepare(db, markRespondedSql(kRespondedGroup).constData(), error)
        && n.begin.prepare(db, "BEGIN IMMEDIATE", error) && n.commit.prepare(db, "COMMIT", error)
        && n.rollback.prepare(db, "ROLLBACK", error);
#else
    SqliteHandle::from(m_db->database(), error);
    return false;
#endif
}

bool CaptureRowWriter::insertQt(const CapturedRequest& c, qint64* id, QString* error)
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

bool CaptureRowWriter::insertNative(const CapturedRequest& c, qint64* id, QString* error)
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

bool CaptureRowWriter::markResponded(const std::vector<ResponseTime>& times, QString* error)
{
    // Only a timing, but a failure here (a full disk) can roll back the whole transaction: report its cause.
    const QString what = QStringLiteral("cannot store response times");
    for (size_t done = 0; done < times.size();) {
        const bool group = times.size() - done >= size_t(kRespondedGroup);
        const std::span<const ResponseTime> rows(times.data() + done, group ? size_t(kRespondedGroup) : 1);
        if (!(m_native ? markRespondedNative(rows, group, what, error) : markRespondedQt(rows, group, what, error)))
            return false;
        done += rows.size();
    }
    return true;
}

bool CaptureRowWriter::markRespondedNative(
    std::span<const ResponseTime> rows, bool group, const QString& what, QString* error)
{
#if HOOKSCOPE_NATIVE_SQLITE
    NativeStatement& q = group ? m_native->markRespondedGroup : m_native->markResponded;
    int column = 1;
    for (const ResponseTime& time : rows) {
        q.bindInt(column++, time.respondedUs);
        q.bindInt(column++, time.id);
        q.bindInt(column++, time.receivedUs);
    }
    return q.run(what, error);
#else
    Q_UNUSED(rows)
    Q_UNUSED(group)
    Q_UNUSED(what)
    Q_UNUSED(error)
    return false;
#endif
}

bool CaptureRowWriter::markRespondedQt(
    std::span<const ResponseTime> rows, bool group, const QString& what, QString* error)
{
    QSqlQuery& q = group ? *m_markRespondedGroup : *m_markResponded;
    int column = 0;
    for (const ResponseTime& time : rows) {
        q.bindValue(column++, time.respondedUs);
        q.bindValue(column++, time.id);
        q.bindValue(column++, time.receivedUs);
    }
    if (q.exec())
        return true;
    *error = describeSqlError(q, what);
    return false;
}

bool CaptureRowWriter::transaction(Transaction step, QString* error)
{
    static constexpr std::array<const char*, 3> kSql { "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };
    const char* sql = kSql.at(size_t(step));
#if HOOKSCOPE_NATIVE_SQLITE
    if (m_native) {
        const std::array<NativeStatement*, 3> statements { &m_native->begin, &m_native->commit, &m_native->rollback };
        return statements.at(size_t(step))->run(QLatin1String(sql), error);
    }
#endif
    return m_db->exec(QLatin1String(sql), error);
}

} // namespace hookscope
