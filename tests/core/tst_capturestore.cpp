// SPDX-License-Identifier: MIT
// The capture store against real SQLite files: what goes in comes back byte for byte, an acknowledgement means
// the row is on disk, old databases are upgraded, foreign or newer ones are refused untouched.
#include "core/capture/capturedrequest.h"
#include "core/capture/capturesink.h"
#include "core/capture/headerfield.h"
#include "core/storage/capturereader.h"
#include "core/storage/capturestore.h"
#include "core/storage/retentionpolicy.h"
#include "core/storage/schema.h"
#include "core/storage/sqlconnection.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUtf8StringView>
#include <QtEndian>

#include <algorithm>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace hookscope;
using namespace Qt::StringLiterals;

namespace hookscope {
// Readable QCOMPARE failures for header lists.
char* toString(const HeaderField& field)
{
    return QTest::toString(QByteArray(field.name + ": " + field.value));
}
} // namespace hookscope

namespace {

// Receipts as the receiver gets them: queued into the main thread. (QSignalSpy connects directly, so it would
// record on the writer thread while the test reads it.)
class ReceiptCollector final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiptCollector)
public:
    explicit ReceiptCollector(CaptureSink* sink)
    {
        connect(sink, &CaptureSink::committed, this, &ReceiptCollector::collect);
    }

    QList<CommitReceipt> receipts;
    int emissions = 0;
    std::function<void(const QList<CommitReceipt>&)> onBatch;

    std::optional<CommitReceipt> find(quint64 ticket) const
    {
        for (const CommitReceipt& r : receipts) {
            if (r.ticket == ticket)
                return r;
        }
        return std::nullopt;
    }

private Q_SLOTS:
    void collect(const QList<hookscope::CommitReceipt>& batch)
    {
        receipts += batch;
        ++emissions;
        if (onBatch)
            onBatch(batch);
    }
};

qint64 nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

QByteArray everyByteValue()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    for (int i = 255; i >= 0; --i)
        bytes.append(char(i));
    return bytes;
}

// Binary literals keep their embedded NULs.
template <size_t N>
QByteArray bin(const char (&bytes)[N])
{
    return QByteArray(bytes, qsizetype(N - 1));
}

QByteArray headOf(const CapturedRequest& c)
{
    QByteArray head = c.method + ' ' + c.target + ' ' + c.httpVersion + "\r\n";
    for (const HeaderField& f : c.headers)
        head += f.name + ": " + f.value + "\r\n";
    return head + "\r\n";
}

// A plain, well-formed request.
CapturedRequest simpleCapture(
    const QByteArray& method, const QByteArray& target, const QByteArray& body = {}, HeaderList extraHeaders = {})
{
    CapturedRequest c;
    c.receivedUs = nowUs();
    c.completeUs = c.receivedUs + 10;
    c.remoteAddress = u"127.0.0.1"_s;
    c.remotePort = 50000;
    c.localAddress = u"127.0.0.1"_s;
    c.localPort = 8080;
    c.method = method;
    c.target = target;
    const qsizetype q = target.indexOf('?');
    c.path = q < 0 ? target : target.left(q);
    c.query = q < 0 ? QByteArray() : target.mid(q + 1);
    c.httpVersion = "HTTP/1.1";
    c.headers = { { "Host", "localhost:8080" } };
    c.headers += extraHeaders;
    c.headers.append({ "Content-Length", QByteArray::number(body.size()) });
    c.body = body;
    c.head = headOf(c);
    c.responseStatus = 200;
    c.responseHeaders = { { "Content-Length", "0" } };
    return c;
}

CapturedRequest richCapture()
{
    CapturedRequest c;
    const qint64 now = nowUs();
    c.receivedUs = now - 1500;
    c.completeUs = now - 700;
    c.respondedUs = now;
    c.remoteAddress = u"::ffff:127.0.0.1"_s;
    c.remotePort = 65535;
    c.localAddress = u"127.0.0.1"_s;
    c.localPort = 8080;
    c.method = "POST";
    c.target = "/hooks/stripe?event=charge.succeeded&sig=a%20b";
    c.path = "/hooks/stripe";
    c.query = "event=charge.succeeded&sig=a%20b";
    c.httpVersion = "HTTP/1.1";
    c.headers = {
        { "Host", "localhost:8080" },
        { "X-Dup", "first" },
        { "x-dup", "Second Value" },
        { "X-DUP", "third" },
        { "Content-Type", "application/octet-stream" },
        { "Transfer-Encoding", "chunked" },
        { "X-Empty", "" },
        { "X-Spaces", "  padded  " },
        { "X-Obs-Text", "caf\xc3\xa9 \xff\x80 raw" },
        { "X-Colons", "a: b: c" },
    };
    c.head = headOf(c);
    c.trailers = { { "X-Checksum", "sha256=abc" }, { "x-checksum", "second" } };
    c.body = everyByteValue();
    c.chunked = true;
    c.responseStatus = 202;
    c.responseHeaders = { { "Content-Type", "text/plain" }, { "Set-Cookie", "a=1" }, { "Set-Cookie", "b=2" } };
    c.responseBody = bin("accepted\n\0tail");
    return c;
}

CapturedRequest rejectedCapture()
{
    CapturedRequest c;
    c.receivedUs = nowUs() - 5;
    c.completeUs = c.receivedUs + 3;
    c.remoteAddress = u"10.1.2.3"_s;
    c.remotePort = 1;
    c.localAddress = u"0.0.0.0"_s;
    c.localPort = 9;
    c.rejected = true;
    c.rejectReason = u"header section larger than 64 KiB — refusé"_s;
    c.rawPrefix = bin("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 TLS hello\xff");
    c.responseStatus = 400;
    c.responseHeaders = { { "Connection", "close" } };
    c.responseBody = "bad request\n";
    c.pinned = true;
    return c;
}

void compareCaptures(const CapturedRequest& actual, const CapturedRequest& expected)
{
    QCOMPARE(actual.receivedUs, expected.receivedUs);
    QCOMPARE(actual.completeUs, expected.completeUs);
    QCOMPARE(actual.respondedUs, expected.respondedUs);
    QCOMPARE(actual.remoteAddress, expected.remoteAddress);
    QCOMPARE(actual.remotePort, expected.remotePort);
    QCOMPARE(actual.localAddress, expected.localAddress);
    QCOMPARE(actual.localPort, expected.localPort);
    QCOMPARE(actual.method, expected.method);
    QCOMPARE(actual.target, expected.target);
    QCOMPARE(actual.path, expected.path);
    QCOMPARE(actual.query, expected.query);
    QCOMPARE(actual.httpVersion, expected.httpVersion);
    QCOMPARE(actual.head, expected.head);
    QCOMPARE(actual.headers, expected.headers);
    QCOMPARE(actual.trailers, expected.trailers);
    QCOMPARE(actual.body, expected.body);
    QCOMPARE(actual.chunked, expected.chunked);
    QCOMPARE(actual.responseStatus, expected.responseStatus);
    QCOMPARE(actual.responseHeaders, expected.responseHeaders);
    QCOMPARE(actual.responseBody, expected.responseBody);
    QCOMPARE(actual.rejected, expected.rejected);
    QCOMPARE(actual.rejectReason, expected.rejectReason);
    QCOMPARE(actual.rawPrefix, expected.rawPrefix);
    QCOMPARE(actual.pinned, expected.pinned);
}

QByteArray nonNull(const QByteArray& b)
{
    return b.isNull() ? QByteArray("") : b;
}

QString nonNull(const QString& s)
{
    return s.isNull() ? u""_s : s;
}

// Inserts a row the way an older Hookscope wrote it: only the schema version 1 columns, later ones defaulted.
qint64 insertRaw(const SqlConnection& db, const CapturedRequest& c, QString* error)
{
    QSqlQuery q(db.database());
    q.prepare(u"INSERT INTO captures (received_us, complete_us, responded_us, remote_address, remote_port, "
              "local_address, local_port, method, target, path, query, http_version, head, headers, trailers, body, "
              "chunked, response_status, response_headers, response_body, rejected, reject_reason, raw_prefix) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s);
    const QVariantList values {
        c.receivedUs,
        c.completeUs,
        c.respondedUs,
        nonNull(c.remoteAddress),
        int(c.remotePort),
        nonNull(c.localAddress),
        int(c.localPort),
        nonNull(QString::fromLatin1(c.method)),
        nonNull(c.target),
        nonNull(c.path),
        nonNull(c.query),
        nonNull(QString::fromLatin1(c.httpVersion)),
        nonNull(c.head),
        nonNull(headers::serialize(c.headers)),
        nonNull(headers::serialize(c.trailers)),
        nonNull(c.body),
        c.chunked ? 1 : 0,
        c.responseStatus,
        nonNull(headers::serialize(c.responseHeaders)),
        nonNull(c.responseBody),
        c.rejected ? 1 : 0,
        nonNull(c.rejectReason),
        nonNull(c.rawPrefix),
    };
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    if (!q.exec()) {
        *error = describeSqlError(q, u"raw insert"_s);
        return 0;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    // From schema version 4 on, the writer records whether the searchable bytes are text; do as it does.
    if (db.scalar(u"PRAGMA user_version"_s).toInt() >= 4) {
        const QByteArray& text = c.rejected ? c.rawPrefix : c.body;
        q.prepare(u"UPDATE captures SET text_searchable = ? WHERE id = ?"_s);
        q.bindValue(0, !text.contains('\0') && QUtf8StringView(text).isValidUtf8() ? 1 : 0);
        q.bindValue(1, id);
        if (!q.exec()) {
            *error = describeSqlError(q, u"raw insert"_s);
            return 0;
        }
    }
    // From version 6 on, the writer fills the content type column; do as it does.
    if (db.scalar(u"PRAGMA user_version"_s).toInt() >= 6) {
        q.prepare(u"UPDATE captures SET content_type = ? WHERE id = ?"_s);
        q.bindValue(0, nonNull(QString::fromLatin1(headers::first(c.headers, "content-type"))));
        q.bindValue(1, id);
        if (!q.exec()) {
            *error = describeSqlError(q, u"raw insert"_s);
            return 0;
        }
    }
    return id;
}

QVariant scalarIn(const QString& path, const QString& sql)
{
    SqlConnection db;
    QString error;
    if (!db.open(path, SqlConnection::Mode::ReadOnly, &error)) {
        qWarning() << error;
        return {};
    }
    return db.scalar(sql, &error);
}

// Retention reads capture_catalog, which the writer fills in bulk (schema step 8). Whatever happened to the
// captures, once the writer has caught up the catalog must hold exactly one matching row per capture.
QString catalogMismatch(const QString& path)
{
    const qint64 captures = scalarIn(path, u"SELECT count(*) FROM captures"_s).toLongLong();
    const qint64 catalog = scalarIn(path, u"SELECT count(*) FROM capture_catalog"_s).toLongLong();
    const qint64 matching = scalarIn(path,
        u"SELECT count(*) FROM captures AS c JOIN capture_catalog AS k ON k.id = c.id AND "
        "k.received_us = c.received_us AND k.stored_bytes = c.stored_bytes AND k.pinned = c.pinned"_s)
                                .toLongLong();
    if (captures == catalog && catalog == matching)
        return {};
    return u"%1 captures, %2 catalog rows, %3 matching"_s.arg(captures).arg(catalog).arg(matching);
}

QList<qint64> idsOf(const QList<CaptureSummary>& rows)
{
    QList<qint64> ids;
    for (const CaptureSummary& s : rows)
        ids.append(s.id);
    return ids;
}

QList<qint64> allIds(const CaptureReader& reader)
{
    QString error;
    CaptureListQuery query;
    query.limit = 0;
    const auto rows = reader.list(query, &error);
    if (!rows) {
        qWarning() << error;
        return { -1 };
    }
    return idsOf(*rows);
}

QList<qint64> newestFirst(QList<qint64> ids)
{
    std::sort(ids.begin(), ids.end(), std::greater<>());
    return ids;
}

// What a user would notice if a refused file had been touched: its bytes, its time stamp, new files next to it.
struct FileState {
    QByteArray bytes;
    QDateTime modified;
    QStringList folder;

    friend bool operator==(const FileState&, const FileState&) = default;
};

FileState snapshot(const QString& path)
{
    FileState state;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        state.bytes = file.readAll();
    state.modified = QFileInfo(path).lastModified();
    state.folder = QFileInfo(path).dir().entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    return state;
}

// Rows committed but not yet reached by the background indexer (or never, after a crash): exactly as the writer
// stored them, with the index emptied. Only while no store has the file open.
bool forgetSearchIndex(const QString& path, QString* error)
{
    SqlConnection db;
    // An external-content index is emptied with its 'delete-all' command, not DELETE.
    return db.open(path, SqlConnection::Mode::ReadWrite, error)
        && db.exec(u"INSERT INTO capture_search (capture_search) VALUES ('delete-all')"_s, error)
        && db.exec(u"UPDATE store_state SET value = 0 WHERE key = 'indexed_upto'"_s, error);
}

bool waitForReceipts(const ReceiptCollector& collector, qsizetype count, int timeoutMs = 20000)
{
    return QTest::qWaitFor([&] { return collector.receipts.size() >= count; }, timeoutMs);
}

// Fixture for search: name -> capture.
QList<std::pair<QByteArray, CapturedRequest>> searchFixture()
{
    CapturedRequest rejected = rejectedCapture();
    rejected.rawPrefix = "GARBAGE narwhal \x01\x02";
    rejected.pinned = false;
    return {
        { "patch", simpleCapture("PATCH", "/orders/17", "plain text") },
        { "github",
            simpleCapture("POST", "/hooks/github?event=push", "{\"customer\":\"wombat\",\"amount\":12}",
                { { "X-GitHub-Event", "push" }, { "Content-Type", "application/json" } }) },
        { "stripe",
            simpleCapture("POST", "/hooks/stripe", "customer=capybara&plan=gold",
                { { "X-Tenant", "zebracorn" }, { "Content-Type", "application/x-www-form-urlencoded" } }) },
        { "binary",
            simpleCapture(
                "POST", "/upload", bin("\x00\x01quokka\xff\xfe"), { { "Content-Type", "application/octet-stream" } }) },
        { "binary-no-nul",
            simpleCapture(
                "POST", "/upload2", bin("\xff\xfequokka\x80"), { { "Content-Type", "application/octet-stream" } }) },
        { "user", simpleCapture("POST", "/accounts", "{\"user_id\": 42}") },
        { "rejected", rejected },
    };
}

} // namespace

class TstCaptureStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void groupCommit_data();
    void groupCommit();
    void receiptMeansCommitted_data();
    void receiptMeansCommitted();
    void migratesEarlierVersions_data();
    void migratesEarlierVersions();
    void acceptsVersion3AsFirstReleased();
    void refusesWithoutTouching_data();
    void refusesWithoutTouching();
    void lockIsReleasedOnClose();
    void search_data();
    void search();
    void searchFindsRowsRightAfterCommit();
    void searchIndexesLongTextBodies_data();
    void searchIndexesLongTextBodies();
    void searchIndexCatchesUpThroughRowsOfEverySize();
    void keysetPaging_data();
    void keysetPaging();
    void retention_data();
    void retention();
    void retentionFromOpenOptions();
    void flushAppliesNewRetention();
    void catalogFollowsTheCaptures();
    void editsReachTheDatabase();
    void heldResponseTimeOfARemovedCaptureIsDropped();
    void manyResponseTimesEachCheckTheirOwnCapture_data();
    void manyResponseTimesEachCheckTheirOwnCapture();
    void searchIndexStaysConsistentThroughDeletes();
    void newDatabaseIsForItsOwnerOnly();
    void closeCommitsEverythingQueued_data();
    void closeCommitsEverythingQueued();
    void walStartsOverUnderSustainedLoad();
};

void TstCaptureStore::roundTrip_data()
{
    QTest::addColumn<CapturedRequest>("capture");
    QTest::addRow("every byte value, duplicate headers, trailers") << richCapture();
    QTest::addRow("rejected, pinned") << rejectedCapture();
    CapturedRequest empty;
    empty.receivedUs = 1;
    QTest::addRow("all fields empty") << empty;
}

void TstCaptureStore::roundTrip()
{
    QFETCH(CapturedRequest, capture);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QCOMPARE(store.path(), path);

    const quint64 ticket = store.submit(capture);
    QVERIFY(ticket > 0);
    QTRY_COMPARE(collector.receipts.size(), 1);
    const CommitReceipt receipt = collector.receipts.first();
    QCOMPARE(receipt.ticket, ticket);
    QVERIFY2(receipt.stored, qPrintable(receipt.error));
    QVERIFY(receipt.id > 0);
    QVERIFY(receipt.error.isEmpty());

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    const auto stored = reader.get(receipt.id, &error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->id, receipt.id);
    compareCaptures(*stored, capture);
    if (QTest::currentTestFailed())
        return;

    const auto rows = reader.list({}, &error);
    QVERIFY2(rows, qPrintable(error));
    QCOMPARE(rows->size(), 1);
    const CaptureSummary& s = rows->first();
    QCOMPARE(s.id, receipt.id);
    QCOMPARE(s.receivedUs, capture.receivedUs);
    QCOMPARE(s.method, capture.method);
    QCOMPARE(s.target, capture.target);
    QCOMPARE(s.status, capture.responseStatus);
    QCOMPARE(s.bytes, qint64(capture.rejected ? capture.rawPrefix.size() : capture.head.size() + capture.body.size()));
    QCOMPARE(s.rejected, capture.rejected);
    QCOMPARE(s.rejectReason, capture.rejectReason);
    QCOMPARE(s.remoteAddress, capture.remoteAddress);
    QCOMPARE(s.remotePort, capture.remotePort);
    QCOMPARE(s.pinned, capture.pinned);
    QCOMPARE(s.contentType, headers::first(capture.headers, "content-type"));
    QVERIFY(s.stored);

    QCOMPARE(scalarIn(path, u"SELECT stored_bytes FROM captures"_s).toLongLong(), capture.totalSize());
}

void TstCaptureStore::groupCommit_data()
{
    QTest::addColumn<int>("extraThreads");
    QTest::addColumn<int>("perThread");
    QTest::addRow("test thread alone") << 0 << 2000;
    QTest::addRow("test thread and two more") << 2 << 2000;
}

void TstCaptureStore::groupCommit()
{
    QFETCH(int, extraThreads);
    QFETCH(int, perThread);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));

    const int submitters = extraThreads + 1;
    // Built beforehand so the submitting loops do nothing but submit, like a busy receiver.
    std::vector<std::vector<CapturedRequest>> captures(static_cast<size_t>(submitters));
    for (int t = 0; t < submitters; ++t) {
        for (int i = 0; i < perThread; ++i) {
            captures[size_t(t)].push_back(simpleCapture(
                "POST", "/t" + QByteArray::number(t) + "/n" + QByteArray::number(i), QByteArray(64, 'x')));
        }
    }
    std::vector<std::vector<quint64>> tickets(static_cast<size_t>(submitters));
    const auto submitAll = [&store, &captures, &tickets](int t) {
        for (CapturedRequest& c : captures[size_t(t)])
            tickets[size_t(t)].push_back(store.submit(std::move(c)));
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < submitters; ++t)
        threads.emplace_back(submitAll, t);
    submitAll(0);
    for (std::thread& thread : threads)
        thread.join();

    const int total = submitters * perThread;
    QVERIFY2(waitForReceipts(collector, total),
        qPrintable(u"%1 of %2 receipts"_s.arg(collector.receipts.size()).arg(total)));
    QCOMPARE(collector.receipts.size(), total);

    QHash<quint64, qint64> idByTicket;
    QSet<qint64> ids;
    for (const CommitReceipt& r : std::as_const(collector.receipts)) {
        QVERIFY2(r.stored, qPrintable(r.error));
        QVERIFY(r.id > 0);
        QVERIFY2(!idByTicket.contains(r.ticket), "a ticket was acknowledged twice");
        idByTicket.insert(r.ticket, r.id);
        ids.insert(r.id);
    }
    QCOMPARE(ids.size(), total);

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.count(), qint64(total));
    CaptureListQuery everything;
    everything.limit = 0;
    const auto rows = reader.list(everything, &error);
    QVERIFY2(rows, qPrintable(error));
    QHash<qint64, QByteArray> targetById;
    for (const CaptureSummary& s : *rows)
        targetById.insert(s.id, s.target);

    for (int t = 0; t < submitters; ++t) {
        qint64 previous = 0;
        for (int i = 0; i < perThread; ++i) {
            const quint64 ticket = tickets[size_t(t)][size_t(i)];
            QVERIFY2(idByTicket.contains(ticket), "a submitted capture got no receipt");
            const qint64 id = idByTicket.value(ticket);
            // Each receipt names the row that holds that very capture, and one thread's captures keep their order.
            QCOMPARE(targetById.value(id), "/t" + QByteArray::number(t) + "/n" + QByteArray::number(i));
            QVERIFY2(id > previous,
                qPrintable(u"thread %1: capture %2 stored before the one submitted ahead of it"_s.arg(t).arg(i)));
            previous = id;
        }
    }

    // Batching: far fewer commits than captures.
    QVERIFY2(collector.emissions * 10 <= total,
        qPrintable(u"%1 commits for %2 captures"_s.arg(collector.emissions).arg(total)));
    // The writer never exceeds its batch size, so there are at least this many.
    QVERIFY(collector.emissions >= (total + 511) / 512);
}

void TstCaptureStore::receiptMeansCommitted_data()
{
    QTest::addColumn<bool>("syncEveryCommit");
    QTest::addRow("synchronous=NORMAL") << false;
    QTest::addRow("syncEveryCommit") << true;
}

void TstCaptureStore::receiptMeansCommitted()
{
    QFETCH(bool, syncEveryCommit);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    // Declared before the store, so they outlive its writer thread.
    std::mutex mutex;
    QStringList atEmission;
    int checkedAtEmission = 0;
    QStringList onArrival;
    QObject context;

    CaptureStore store;
    ReceiptCollector collector(&store);
    StoreOptions options;
    options.syncEveryCommit = syncEveryCommit;
    QVERIFY2(store.open(path, options), qPrintable(store.errorString()));

    // At the very moment of emission (on the writer thread), a separate read-only connection sees each row.
    connect(
        &store, &CaptureSink::committed, &context,
        [&](const QList<CommitReceipt>& receipts) {
            CaptureReader fresh;
            QString error;
            QStringList problems;
            if (!fresh.open(path, &error)) {
                problems << error;
            } else {
                for (const CommitReceipt& r : receipts) {
                    if (!r.stored)
                        problems << r.error;
                    else if (!fresh.get(r.id, &error))
                        problems << error;
                }
            }
            std::lock_guard lock(mutex);
            atEmission << problems;
            checkedAtEmission += int(receipts.size());
        },
        Qt::DirectConnection);

    // And where the receiver sees it: in the main thread, when the receipt arrives.
    collector.onBatch = [&](const QList<CommitReceipt>& receipts) {
        CaptureReader fresh;
        QString error;
        if (!fresh.open(path, &error)) {
            onArrival << error;
            return;
        }
        for (const CommitReceipt& r : receipts) {
            const auto c = fresh.get(r.id, &error);
            if (!c)
                onArrival << error;
            else if (c->target != "/durable/" + QByteArray::number(r.ticket))
                onArrival << u"receipt %1 names the wrong row"_s.arg(r.ticket);
        }
    };

    // Single captures with the writer idle, then bursts that get grouped.
    int submitted = 0;
    const auto submitOne = [&] {
        const quint64 ticket = store.submit(simpleCapture("POST", "/durable/" + QByteArray::number(submitted + 1)));
        QCOMPARE(ticket, quint64(++submitted));
    };
    for (int i = 0; i < 10; ++i) {
        submitOne();
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE(collector.receipts.size(), submitted);
    }
    for (int burst = 0; burst < 5; ++burst) {
        for (int i = 0; i < 100; ++i)
            submitOne();
        QVERIFY(waitForReceipts(collector, submitted));
    }
    QCOMPARE(collector.receipts.size(), submitted);
    store.close();

    QVERIFY2(onArrival.isEmpty(), qPrintable(onArrival.join(u'\n')));
    std::lock_guard lock(mutex);
    QCOMPARE(checkedAtEmission, submitted);
    QVERIFY2(atEmission.isEmpty(), qPrintable(atEmission.join(u'\n')));
}

void TstCaptureStore::migratesEarlierVersions_data()
{
    QTest::addColumn<int>("fromVersion");
    for (int v = 0; v < Schema::kLatestVersion; ++v)
        QTest::addRow("from version %d", v) << v;
}

void TstCaptureStore::migratesEarlierVersions()
{
    QFETCH(int, fromVersion);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"old.db"_s);

    CapturedRequest indexedBefore = richCapture();
    indexedBefore.target = "/legacy/aardvark?x=1";
    indexedBefore.path = "/legacy/aardvark";
    indexedBefore.query = "x=1";
    indexedBefore.head = headOf(indexedBefore);
    CapturedRequest notIndexed = simpleCapture("PUT", "/legacy/second", "{\"animal\":\"okapi\"}");
    CapturedRequest rejected = rejectedCapture();
    rejected.rawPrefix = "GET /secret-armadillo HTTP/1.1\r\n";
    rejected.pinned = false; // older versions had no pinning
    QList<CapturedRequest> legacyRows;
    QList<qint64> legacyIds;
    QList<QByteArray> searchWords;

    if (fromVersion == 0) {
        QFile empty(path);
        QVERIFY(empty.open(QIODevice::WriteOnly));
    }
    {
        SqlConnection db;
        QString error;
        QVERIFY2(db.open(path, SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
        QVERIFY2(Schema::migrate(db, &error, fromVersion), qPrintable(error));
        QCOMPARE(db.scalar(u"PRAGMA user_version"_s).toInt(), fromVersion);
        if (fromVersion >= 1) {
            legacyRows = { indexedBefore, notIndexed, rejected };
            searchWords = { "aardvark", "okapi", "armadillo" };
            for (const CapturedRequest& c : std::as_const(legacyRows)) {
                const qint64 id = insertRaw(db, c, &error);
                QVERIFY2(id > 0, qPrintable(error));
                legacyIds << id;
            }
        }
        if (fromVersion >= 2) {
            // An older writer had indexed the first row when it stopped.
            QSqlQuery q(db.database());
            q.prepare(u"INSERT INTO capture_search (rowid, method, target, headers, body) VALUES (?,?,?,?,?)"_s);
            q.bindValue(0, legacyIds.first());
            q.bindValue(1, u"POST"_s);
            q.bindValue(2, QString::fromUtf8(indexedBefore.target));
            q.bindValue(3, QString::fromUtf8(headers::serialize(indexedBefore.headers)));
            q.bindValue(4, QString());
            QVERIFY2(q.exec(), qPrintable(describeSqlError(q, u"index"_s)));
            QVERIFY(db.exec(
                u"UPDATE store_state SET value = %1 WHERE key = 'indexed_upto'"_s.arg(legacyIds.first()), &error));
        }
    }

    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(scalarIn(path, u"PRAGMA user_version"_s).toInt(), Schema::kLatestVersion);
    QCOMPARE(scalarIn(path, u"PRAGMA application_id"_s).toInt(), Schema::kApplicationId);
    store.flushSearchIndex();

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.count(), qint64(legacyRows.size()));
    for (int i = 0; i < legacyRows.size(); ++i) {
        const qint64 id = legacyIds.at(i);
        const auto stored = reader.get(id, &error);
        QVERIFY2(stored, qPrintable(error));
        compareCaptures(*stored, legacyRows.at(i));
        if (QTest::currentTestFailed())
            return;

        // Backfilled by step 3, so retention by size counts old rows too (rows of a version-3 file were
        // written with their size already).
        if (fromVersion < 3) {
            QCOMPARE(scalarIn(path, u"SELECT stored_bytes FROM captures WHERE id = %1"_s.arg(id)).toLongLong(),
                legacyRows.at(i).totalSize());
        }
        QCOMPARE(scalarIn(path, u"SELECT note FROM captures WHERE id = %1"_s.arg(id)).toString(), QString(u""_s));

        CaptureListQuery query;
        query.search = QString::fromLatin1(searchWords.at(i));
        const auto found = reader.list(query, &error);
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(idsOf(*found), QList<qint64> { id });
        // Backfilled by step 6 from the stored header lines, whatever the field name's case.
        QCOMPARE(found->first().contentType, headers::first(legacyRows.at(i).headers, "content-type"));
    }
    // Nothing indexed twice.
    QCOMPARE(scalarIn(path, u"SELECT count(*) FROM capture_search_docsize"_s).toLongLong(), qint64(legacyRows.size()));
    // Step 8 catalogs the old rows for retention, its triggers follow them, and the indexes it replaces are gone.
    if (!legacyIds.isEmpty()) {
        store.setPinned(legacyIds.first(), true);
        store.flush();
    }
    QCOMPARE(catalogMismatch(path), QString());
    QCOMPARE(scalarIn(path,
                 u"SELECT count(*) FROM sqlite_schema WHERE name IN ('captures_by_time', "
                 "'captures_retention')"_s)
                 .toInt(),
        0);

    // And the upgraded file takes new captures after the old ones.
    const quint64 ticket = store.submit(simpleCapture("POST", "/after-upgrade"));
    QTRY_VERIFY(collector.find(ticket));
    QVERIFY(collector.find(ticket)->stored);
    QVERIFY(collector.find(ticket)->id > (legacyIds.isEmpty() ? 0 : legacyIds.last()));

    // Old rows keep the response time they had (compared above) until a new one is recorded for them.
    if (!legacyIds.isEmpty()) {
        store.recordResponded(legacyIds.first(), 1700000000999999);
        store.flush();
        const auto updated = reader.get(legacyIds.first(), &error);
        QVERIFY2(updated, qPrintable(error));
        QCOMPARE(updated->respondedUs, 1700000000999999);
    }
}

void TstCaptureStore::acceptsVersion3AsFirstReleased()
{
    // Schema version 3 as the first version of Hookscope created it; later needs went into later steps.
    // Steps are append-only (schema.cpp), so such a file must keep working.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"v3.db"_s);
    qint64 oldId = 0;
    {
        SqlConnection db;
        QString error;
        QVERIFY2(db.open(path, SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
        QVERIFY2(Schema::migrate(db, &error, 3), qPrintable(error));
        QSqlQuery columns(db.database());
        QVERIFY(columns.exec(u"SELECT count(*) FROM pragma_table_info('captures') WHERE name = 'text_searchable'"_s));
        QVERIFY(columns.next());
        const bool hasColumn = columns.value(0).toInt() > 0;
        columns.finish();
        if (hasColumn)
            QVERIFY2(db.exec(u"ALTER TABLE captures DROP COLUMN text_searchable"_s, &error), qPrintable(error));
        oldId = insertRaw(db, simpleCapture("POST", "/before-upgrade", "{\"animal\":\"pangolin\"}"), &error);
        QVERIFY2(oldId > 0, qPrintable(error));
    }

    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const quint64 ticket = store.submit(simpleCapture("POST", "/after-upgrade", "{\"animal\":\"pangolin\"}"));
    QTRY_VERIFY(collector.find(ticket));
    const CommitReceipt receipt = *collector.find(ticket);
    QVERIFY2(receipt.stored, qPrintable(receipt.error));

    store.flushSearchIndex();
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    CaptureListQuery query;
    query.search = u"pangolin"_s;
    const auto rows = reader.list(query, &error);
    QVERIFY2(rows, qPrintable(error));
    QCOMPARE(idsOf(*rows), (QList<qint64> { receipt.id, oldId }));
}

void TstCaptureStore::refusesWithoutTouching_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::addRow("newer schema") << u"newer"_s << u"written by a newer Hookscope"_s;
    QTest::addRow("newer schema, write-ahead log") << u"newer-wal"_s << u"written by a newer Hookscope"_s;
    QTest::addRow("random bytes") << u"garbage"_s << u"not a readable SQLite database"_s;
    QTest::addRow("foreign SQLite database") << u"foreign"_s << u"not a Hookscope capture database"_s;
    QTest::addRow("foreign SQLite database, no tables") << u"foreign-empty"_s << u"not a Hookscope capture database"_s;
    QTest::addRow("open in another store") << u"in-use"_s << u"in use by another Hookscope"_s;
}

void TstCaptureStore::refusesWithoutTouching()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    std::unique_ptr<CaptureStore> first;
    if (kind == u"garbage") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QRandomGenerator random(42);
        QByteArray bytes(8192, Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
        file.write(bytes);
    } else if (kind == u"in-use") {
        first = std::make_unique<CaptureStore>();
        QVERIFY2(first->open(path), qPrintable(first->errorString()));
        first->submit(simpleCapture("POST", "/first"));
        first->flushSearchIndex();
    } else {
        SqlConnection db;
        QString error;
        QVERIFY2(db.open(path, SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
        if (kind == u"newer" || kind == u"newer-wal") {
            if (kind == u"newer-wal")
                QCOMPARE(db.scalar(u"PRAGMA journal_mode = WAL"_s).toString(), u"wal"_s);
            QVERIFY2(Schema::migrate(db, &error), qPrintable(error));
            QVERIFY(insertRaw(db, simpleCapture("POST", "/from-the-future"), &error) > 0);
            QVERIFY(db.exec(u"PRAGMA user_version = %1"_s.arg(Schema::kLatestVersion + 1), &error));
        } else if (kind == u"foreign") {
            QVERIFY(db.exec(u"CREATE TABLE foo (a INTEGER, b TEXT)"_s, &error));
            QVERIFY(db.exec(u"INSERT INTO foo VALUES (1, 'precious')"_s, &error));
        } else if (kind == u"foreign-empty") {
            QVERIFY(db.exec(u"PRAGMA application_id = 1179602752"_s, &error));
        }
    }

    // A file held by another store may still change under its owner (commits, background checkpoints); what
    // the refused store must leave alone there is the owner's lock.
    const QString watched = first ? path + u".lock"_s : path;
    const FileState before = snapshot(watched);
    QVERIFY(!before.bytes.isEmpty());

    CaptureStore store;
    QVERIFY(!store.open(path));
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(path), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(expected), qPrintable(store.errorString()));

    const FileState after = snapshot(watched);
    QCOMPARE(after.bytes.size(), before.bytes.size());
    QVERIFY2(after.bytes == before.bytes, "the refused file's bytes changed");
    QCOMPARE(after.modified, before.modified);
    QCOMPARE(after.folder, before.folder);

    if (first) {
        // The store that holds the file carries on, its data intact.
        CaptureReader reader;
        QString error;
        QVERIFY2(reader.open(path, &error), qPrintable(error));
        QCOMPARE(reader.count(), qint64(1));
        ReceiptCollector collector(first.get());
        const quint64 ticket = first->submit(simpleCapture("POST", "/still-working"));
        QTRY_VERIFY(collector.find(ticket));
        QVERIFY(collector.find(ticket)->stored);
    }
}

void TstCaptureStore::lockIsReleasedOnClose()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    {
        CaptureStore first;
        QVERIFY2(first.open(path), qPrintable(first.errorString()));
        CaptureStore second;
        QVERIFY(!second.open(path));
        first.close();
        QVERIFY(!first.isOpen());
        QVERIFY2(second.open(path), qPrintable(second.errorString()));
    }
    // Destroying an open store releases it too.
    CaptureStore third;
    QVERIFY2(third.open(path), qPrintable(third.errorString()));
}

void TstCaptureStore::search_data()
{
    QTest::addColumn<bool>("indexed");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<QString>("knownBugWhenNotIndexed");

    for (const bool indexed : { true, false }) {
        const char* mode = indexed ? "indexed" : "not yet indexed";
        const auto row
            = [&](const char* name, const QString& search, const QByteArrayList& expected, const QString& bug = {}) {
                  QTest::addRow("%s: %s", mode, name) << indexed << search << expected << bug;
              };
        row("method", u"patch"_s, { "patch" });
        row("method, upper case", u"PATCH"_s, { "patch" });
        row("target word", u"github"_s, { "github" });
        row("target path shared by two", u"hooks"_s, { "github", "stripe" });
        row("header value", u"zebracorn"_s, { "stripe" });
        row("header name", u"x-github-event"_s, { "github" });
        row("JSON body", u"wombat"_s, { "github" });
        row("form body", u"capybara"_s, { "stripe" });
        row("rejected raw prefix", u"narwhal"_s, { "rejected" });
        row("binary body bytes", u"quokka"_s, {});
        row("two words, both in one row", u"hooks wombat"_s, { "github" });
        row("two words, in different rows", u"wombat zebracorn"_s, {});
        row("word prefix", u"womb"_s, { "github" });
        row("not a word prefix", u"mbat"_s, {});
        row("underscore inside a word", u"user_id"_s, { "user" });
        row("percent sign is literal", u"100%"_s, {});
        row("FTS syntax is taken literally", u"NEAR("_s, {});
        row("stray quote", u"\"wombat"_s, { "github" });
        row("empty search", u"  "_s, { "patch", "github", "stripe", "binary", "binary-no-nul", "user", "rejected" });
    }
}

void TstCaptureStore::search()
{
    QFETCH(bool, indexed);
    QFETCH(QString, search);
    QFETCH(QByteArrayList, expected);
    QFETCH(QString, knownBugWhenNotIndexed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    QHash<QByteArray, qint64> idByName;
    const auto fixture = searchFixture();
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QHash<quint64, QByteArray> nameByTicket;
    for (const auto& [name, capture] : fixture)
        nameByTicket.insert(store.submit(capture), name);
    store.flushSearchIndex();
    QTRY_COMPARE(collector.receipts.size(), fixture.size());
    for (const CommitReceipt& r : std::as_const(collector.receipts))
        idByName.insert(nameByTicket.value(r.ticket), r.id);
    QString error;
    if (!indexed) {
        store.close();
        QVERIFY2(forgetSearchIndex(path, &error), qPrintable(error));
        QCOMPARE(scalarIn(path, u"SELECT count(*) FROM capture_search_docsize"_s).toLongLong(), qint64(0));
    }

    CaptureReader reader;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    CaptureListQuery query;
    query.search = search;
    query.limit = 0;
    const auto rows = reader.list(query, &error);
    QVERIFY2(rows, qPrintable(error));

    QList<qint64> expectedIds;
    for (const QByteArray& name : std::as_const(expected))
        expectedIds << idByName.value(name);
    if (!indexed && !knownBugWhenNotIndexed.isEmpty())
        QEXPECT_FAIL("", qPrintable(knownBugWhenNotIndexed), Continue);
    QCOMPARE(idsOf(*rows), newestFirst(expectedIds));
}

void TstCaptureStore::searchFindsRowsRightAfterCommit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));

    // Whether or not the indexer got there first, a fresh capture is found as soon as it is acknowledged.
    for (int i = 0; i < 20; ++i) {
        const QByteArray word = "ocelot" + QByteArray::number(i);
        const quint64 ticket = store.submit(simpleCapture("POST", "/hooks/" + word));
        QTRY_VERIFY(collector.find(ticket));
        CaptureListQuery query;
        query.search = QString::fromLatin1(word);
        const auto rows = reader.list(query, &error);
        QVERIFY2(rows, qPrintable(error));
        QCOMPARE(idsOf(*rows), QList<qint64> { collector.find(ticket)->id });
    }
}

void TstCaptureStore::searchIndexesLongTextBodies_data()
{
    constexpr qsizetype kCut = 64 * 1024; // what the writer indexes of a body
    QTest::addColumn<QByteArray>("body");
    const QByteArray word = "needle ";
    QTest::addRow("ASCII, longer than the indexed part") << QByteArray(word + QByteArray(kCut + 100, 'a'));
    QTest::addRow("two-byte character inside the indexed part")
        << QByteArray(word + QByteArray(kCut - word.size() - 10, 'a') + "\xc3\xa9" + QByteArray(100, 'b'));
    QTest::addRow("two-byte character straddling the cut")
        << QByteArray(word + QByteArray(kCut - word.size() - 1, 'a') + "\xc3\xa9" + QByteArray(100, 'b'));
    QTest::addRow("four-byte character straddling the cut")
        << QByteArray(word + QByteArray(kCut - word.size() - 2, 'a') + "\xf0\x9f\x98\x80" + QByteArray(100, 'b'));
}

void TstCaptureStore::searchIndexesLongTextBodies()
{
    QFETCH(QByteArray, body);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const quint64 ticket = store.submit(simpleCapture("POST", "/big", body, { { "Content-Type", "text/plain" } }));
    store.flushSearchIndex();
    QTRY_VERIFY(collector.find(ticket));
    const qint64 id = collector.find(ticket)->id;

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    CaptureListQuery query;
    query.search = u"needle"_s;
    const auto rows = reader.list(query, &error);
    QVERIFY2(rows, qPrintable(error));
    QCOMPARE(idsOf(*rows), QList<qint64> { id });
}

// Index batches are bounded by bytes as well as rows: rows far larger than a batch's byte budget still go in
// (one at a time), and runs of small rows longer than a batch's row limit too.
void TstCaptureStore::searchIndexCatchesUpThroughRowsOfEverySize()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const QByteArray filler(300 * 1024, 'x');
    const QList<QByteArray> bigWords { "aardvark", "bandicoot", "capybara" };
    for (const QByteArray& word : bigWords)
        store.submit(simpleCapture("POST", "/big", word + " " + filler, { { "Content-Type", "text/plain" } }));
    constexpr int kSmall = 300;
    for (int i = 0; i < kSmall; ++i)
        store.submit(simpleCapture("POST", "/small", "dugong " + QByteArray::number(i)));
    store.submit(simpleCapture("POST", "/last", "echidna " + filler));
    store.flushSearchIndex();
    QTRY_COMPARE(collector.receipts.size(), int(bigWords.size()) + kSmall + 1);

    const auto matches = [&](const QString& word) {
        return scalarIn(path, u"SELECT count(*) FROM capture_search WHERE capture_search MATCH '%1'"_s.arg(word))
            .toInt();
    };
    QCOMPARE(scalarIn(path, u"SELECT value FROM store_state WHERE key = 'indexed_upto'"_s).toLongLong(),
        scalarIn(path, u"SELECT max(id) FROM captures"_s).toLongLong());
    for (const QByteArray& word : bigWords)
        QCOMPARE(matches(QString::fromLatin1(word)), 1);
    QCOMPARE(matches(u"dugong"_s), kSmall);
    QCOMPARE(matches(u"echidna"_s), 1);
}

void TstCaptureStore::keysetPaging_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("indexed");
    QTest::addRow("pages of 10") << QString() << 10 << true;
    QTest::addRow("pages of 1") << QString() << 1 << true;
    QTest::addRow("one page larger than the table") << QString() << 100 << true;
    QTest::addRow("no limit") << QString() << 0 << true;
    QTest::addRow("search, pages of 4") << u"odd"_s << 4 << true;
    QTest::addRow("search before indexing, pages of 4") << u"odd"_s << 4 << false;
}

void TstCaptureStore::keysetPaging()
{
    QFETCH(QString, search);
    QFETCH(int, limit);
    QFETCH(bool, indexed);
    constexpr int kRows = 25;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    QList<qint64> expected;
    QString error;
    {
        CaptureStore store;
        ReceiptCollector collector(&store);
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        for (int i = 0; i < kRows; ++i) {
            const QByteArray parity = i % 2 ? "odd" : "even";
            store.submit(simpleCapture("POST", "/page/" + QByteArray::number(i), {}, { { "X-Parity", parity } }));
        }
        store.flushSearchIndex();
        QTRY_COMPARE(collector.receipts.size(), kRows);
        for (const CommitReceipt& r : std::as_const(collector.receipts)) {
            if (search.isEmpty() || r.ticket % 2 == 0) // ticket i + 1 holds capture i; odd i is "odd"
                expected.append(r.id);
        }
        expected = newestFirst(expected);
    }
    if (!indexed)
        QVERIFY2(forgetSearchIndex(path, &error), qPrintable(error));

    CaptureReader reader;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QList<qint64> seen;
    CaptureListQuery query;
    query.search = search;
    query.limit = limit;
    for (int page = 0; page <= kRows + 1; ++page) {
        const auto rows = reader.list(query, &error);
        QVERIFY2(rows, qPrintable(error));
        if (rows->isEmpty())
            break;
        if (limit > 0)
            QVERIFY(rows->size() <= limit);
        seen += idsOf(*rows);
        query.beforeId = rows->last().id;
    }
    QCOMPARE(seen, expected);
}

void TstCaptureStore::retention_data()
{
    QTest::addColumn<qint64>("maxCount");
    QTest::addColumn<qint64>("maxAgeSeconds");
    QTest::addColumn<qint64>("maxTotalBytes");
    QTest::addColumn<QList<int>>("ageSeconds"); // one capture each, oldest first
    QTest::addColumn<QList<int>>("sizes"); // stored bytes per capture
    QTest::addColumn<QList<int>>("pinned"); // indexes
    QTest::addColumn<QList<int>>("survivors"); // indexes

    const QList<int> ten(10, 0);
    const QList<int> kb10(10, 1000);
    QTest::addRow("unlimited keeps everything")
        << 0LL << 0LL << 0LL << ten << kb10 << QList<int> {} << QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    QTest::addRow("count keeps the newest")
        << 4LL << 0LL << 0LL << ten << kb10 << QList<int> {} << QList<int> { 6, 7, 8, 9 };
    QTest::addRow("count never removes pinned")
        << 3LL << 0LL << 0LL << ten << kb10 << QList<int> { 0, 7 } << QList<int> { 0, 6, 7, 8, 9 };
    QTest::addRow("count above the total")
        << 20LL << 0LL << 0LL << ten << kb10 << QList<int> {} << QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    QTest::addRow("count of one") << 1LL << 0LL << 0LL << ten << kb10 << QList<int> { 3 } << QList<int> { 3, 9 };
    const QList<int> ages { 7200, 7200, 5000, 3000, 10, 0 };
    const QList<int> kb6(6, 1000);
    QTest::addRow("age") << 0LL << 3600LL << 0LL << ages << kb6 << QList<int> {} << QList<int> { 3, 4, 5 };
    QTest::addRow("age never removes pinned")
        << 0LL << 3600LL << 0LL << ages << kb6 << QList<int> { 0 } << QList<int> { 0, 3, 4, 5 };
    const QList<int> eight(8, 0);
    const QList<int> kb8(8, 1000);
    QTest::addRow("bytes keeps the newest that fit")
        << 0LL << 0LL << 3500LL << eight << kb8 << QList<int> {} << QList<int> { 5, 6, 7 };
    QTest::addRow("bytes, exact fit") << 0LL << 0LL << 3000LL << eight << kb8 << QList<int> {}
                                      << QList<int> { 5, 6, 7 };
    QTest::addRow("bytes, pinned neither removed nor counted")
        << 0LL << 0LL << 2500LL << QList<int>(5, 0) << QList<int> { 5000, 1000, 1000, 4000, 1000 } << QList<int> { 3 }
        << QList<int> { 2, 3, 4 };
    QTest::addRow("count and age together")
        << 5LL << 3600LL << 0LL << QList<int> { 7200, 7200, 7200, 0, 0, 0, 0, 0, 0, 0 } << kb10 << QList<int> { 1 }
        << QList<int> { 1, 5, 6, 7, 8, 9 };
}

void TstCaptureStore::retention()
{
    QFETCH(qint64, maxCount);
    QFETCH(qint64, maxAgeSeconds);
    QFETCH(qint64, maxTotalBytes);
    QFETCH(QList<int>, ageSeconds);
    QFETCH(QList<int>, sizes);
    QFETCH(QList<int>, pinned);
    QFETCH(QList<int>, survivors);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QList<quint64> tickets;
    const qint64 now = nowUs();
    for (int i = 0; i < ageSeconds.size(); ++i) {
        CapturedRequest c = simpleCapture("POST", "/r/" + QByteArray::number(i));
        c.receivedUs = now - qint64(ageSeconds.at(i)) * 1000 * 1000;
        c.completeUs = c.receivedUs;
        c.body = QByteArray(sizes.at(i) - c.head.size(), 'b');
        QCOMPARE(c.totalSize(), qint64(sizes.at(i)));
        tickets << store.submit(c);
    }
    store.flush();
    QTRY_COMPARE(collector.receipts.size(), tickets.size());
    QList<qint64> ids;
    for (const quint64 ticket : std::as_const(tickets))
        ids << collector.find(ticket)->id;
    for (const int index : std::as_const(pinned))
        store.setPinned(ids.at(index), true);
    store.flush();

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.count(), qint64(ids.size()));

    RetentionPolicy policy;
    policy.maxCount = maxCount;
    policy.maxAgeSeconds = maxAgeSeconds;
    policy.maxTotalBytes = maxTotalBytes;
    store.setRetention(policy);
    store.flush();

    QList<qint64> expected;
    for (const int index : std::as_const(survivors))
        expected << ids.at(index);
    expected = newestFirst(expected);
    QCOMPARE(allIds(reader), expected);
    for (const int index : std::as_const(pinned)) {
        const auto c = reader.get(ids.at(index), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(c->pinned);
    }

    // The policy keeps holding as new captures arrive (the writer re-applies it periodically).
    if (policy.maxCount > 0 && pinned.isEmpty() && maxAgeSeconds == 0) {
        for (int i = 0; i < 5; ++i)
            store.submit(simpleCapture("POST", "/later"));
        store.flush();
        QTRY_COMPARE(reader.count(), std::min<qint64>(policy.maxCount, ids.size() + 5));
    }
}

void TstCaptureStore::retentionFromOpenOptions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    QList<qint64> ids;
    {
        CaptureStore store;
        ReceiptCollector collector(&store);
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        for (int i = 0; i < 10; ++i) {
            CapturedRequest c = simpleCapture("POST", "/r/" + QByteArray::number(i));
            c.pinned = i == 2;
            store.submit(c);
        }
        store.flush();
        QTRY_COMPARE(collector.receipts.size(), 10);
        for (const CommitReceipt& r : std::as_const(collector.receipts))
            ids << r.id;
    }

    CaptureStore store;
    StoreOptions options;
    options.retention.maxCount = 3;
    QVERIFY2(store.open(path, options), qPrintable(store.errorString()));
    store.flush();
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(allIds(reader), (QList<qint64> { ids.at(9), ids.at(8), ids.at(7), ids.at(2) }));

    ReceiptCollector collector(&store);
    for (int i = 0; i < 6; ++i)
        store.submit(simpleCapture("POST", "/more"));
    store.flush();
    QTRY_COMPARE(collector.receipts.size(), 6);
    QList<qint64> expected { ids.at(2) };
    for (int i = 3; i < 6; ++i)
        expected << collector.receipts.at(i).id;
    // Retention re-runs every few seconds as captures arrive.
    QTRY_COMPARE(allIds(reader), newestFirst(expected));
}

void TstCaptureStore::flushAppliesNewRetention()
{
    // capturewriter.cpp promises "A changed policy applies before flush() returns, so callers see its effect".
    // Enough rows that applying the policy takes the writer tens of milliseconds: a flush() that does not wait
    // for it cannot pass by luck.
    constexpr int kRows = 5000;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    {
        CaptureStore creator;
        QVERIFY2(creator.open(path), qPrintable(creator.errorString()));
    }
    {
        SqlConnection db;
        QString error;
        QVERIFY2(db.open(path, SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
        QVERIFY2(db.exec(u"BEGIN"_s, &error), qPrintable(error));
        const CapturedRequest capture = simpleCapture("POST", "/bulk", QByteArray(200, 'x'));
        for (int i = 0; i < kRows; ++i)
            QVERIFY2(insertRaw(db, capture, &error) > 0, qPrintable(error));
        QVERIFY2(db.exec(u"COMMIT"_s, &error), qPrintable(error));
    }

    CaptureStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    store.flushSearchIndex();
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.count(), qint64(kRows));

    RetentionPolicy policy;
    policy.maxCount = 2;
    store.setRetention(policy);
    store.flush();
    const qint64 left = reader.count();
    QVERIFY2(left == 2,
        qPrintable(u"%1 captures right after setRetention(maxCount = 2) + flush(): flush() returned before "
                   "the writer applied the new policy"_s.arg(left)));
}

// Response times wait to go in by the thousand, so their capture can be gone by the time they are written, and
// its id taken again: ids are reused after the newest capture is removed, and a stray time would attach to the
// next capture.
void TstCaptureStore::heldResponseTimeOfARemovedCaptureIsDropped()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QList<qint64> sentReceivedUs;
    for (int i = 0; i < 3; ++i) {
        CapturedRequest capture = simpleCapture("POST", "/held/" + QByteArray::number(i), "{}");
        capture.receivedUs += i; // distinct even within one microsecond
        sentReceivedUs.append(capture.receivedUs);
        store.submit(std::move(capture));
    }
    QTRY_COMPARE(collector.receipts.size(), 3);
    const qint64 first = collector.receipts.at(0).id;
    const qint64 second = collector.receipts.at(1).id;
    const qint64 newest = collector.receipts.at(2).id;
    const auto timesStored = [&] { return scalarIn(path, u"SELECT count(*) FROM response_times"_s).toInt(); };

    // Removed through the store while its time is held: the removal must not be committed before the time.
    store.recordResponded(newest, 42);
    store.remove(newest);
    QTRY_COMPARE(scalarIn(path, u"SELECT count(*) FROM captures WHERE id = %1"_s.arg(newest)).toInt(), 0);
    store.flush();
    QCOMPARE(timesStored(), 0);

    // Removed behind the store's back (another process, or a retention pass the time did not wait for).
    store.recordResponded(second, 43);
    {
        SqlConnection db;
        QString error;
        QVERIFY2(db.open(path, SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
        QVERIFY2(db.exec(u"DELETE FROM captures WHERE id = %1"_s.arg(second), &error), qPrintable(error));
    }
    store.flush();
    QCOMPARE(timesStored(), 0);

    // Ids 2 and 3 are gone, so the next capture takes id 2. A time held for the old capture 2 (the receiver
    // names the capture by id and receive time) must not land on it.
    CaptureSink& sink = store;
    sink.recordResponded({ { second, 45, sentReceivedUs.at(1) } });
    const CapturedRequest again = simpleCapture("POST", "/held/again", "{}");
    store.submit(again);
    QTRY_COMPARE(collector.receipts.size(), 4);
    const qint64 reused = collector.receipts.at(3).id;
    QCOMPARE(reused, second);
    store.flush();
    QCOMPARE(timesStored(), 0);

    // Times that do belong to their captures are stored, with or without the receive time.
    sink.recordResponded({ { reused, 46, again.receivedUs }, { first, 44, 0 } });
    store.flush();
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.get(reused, &error).value_or(CapturedRequest {}).respondedUs, 46);
    QCOMPARE(reader.get(first, &error).value_or(CapturedRequest {}).respondedUs, 44);
    QCOMPARE(timesStored(), 2);
}

// The writer stores response times many to a statement; the check that a time belongs to its capture must still
// decide row by row, in full groups and in the rest, on both row paths.
void TstCaptureStore::manyResponseTimesEachCheckTheirOwnCapture_data()
{
    QTest::addColumn<bool>("qtSqlOnly");
    QTest::newRow("native") << false;
    QTest::newRow("Qt SQL") << true;
}

void TstCaptureStore::manyResponseTimesEachCheckTheirOwnCapture()
{
    QFETCH(bool, qtSqlOnly);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    StoreOptions options;
    options.qtSqlOnly = qtSqlOnly;
    QVERIFY2(store.open(path, options), qPrintable(store.errorString()));
    constexpr int kCaptures = 150; // two groups of 64 and 22 more
    QList<qint64> receivedUs;
    QList<qint64> storedRespondedUs; // the estimate a capture is stored with, until its time is known
    for (int i = 0; i < kCaptures; ++i) {
        CapturedRequest capture = simpleCapture("POST", "/timed/" + QByteArray::number(i), "{}");
        capture.receivedUs += i;
        receivedUs.append(capture.receivedUs);
        storedRespondedUs.append(capture.respondedUs);
        store.submit(std::move(capture));
    }
    QTRY_COMPARE(collector.receipts.size(), kCaptures);

    // Every seventh time names its capture with a receive time that is not the capture's (as a time held for an
    // earlier capture with the same id would); every third names none. Both kinds fall inside the groups.
    QList<ResponseTime> times;
    QHash<qint64, qint64> expected;
    for (int i = 0; i < kCaptures; ++i) {
        const qint64 id = collector.receipts.at(i).id;
        const qint64 responded = receivedUs.at(i) + 1000 + i;
        const bool stranger = i % 7 == 3;
        times.append({ id, responded, stranger ? receivedUs.at(i) - 1 : (i % 3 == 0 ? 0 : receivedUs.at(i)) });
        if (!stranger)
            expected.insert(id, responded);
    }
    CaptureSink& sink = store;
    sink.recordResponded(times);
    store.flush();

    if (qtSqlOnly)
        QVERIFY(!store.usesNativeSqlite());
    QCOMPARE(scalarIn(path, u"SELECT count(*) FROM response_times"_s).toInt(), int(expected.size()));
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    for (int i = 0; i < kCaptures; ++i) {
        const qint64 id = collector.receipts.at(i).id;
        const CapturedRequest stored = reader.get(id, &error).value_or(CapturedRequest {});
        const qint64 want = expected.value(id, storedRespondedUs.at(i)); // a rejected time changes nothing
        QVERIFY2(stored.respondedUs == want,
            qPrintable(
                u"capture %1 (time %2): responded %3, expected %4"_s.arg(id).arg(i).arg(stored.respondedUs).arg(want)));
    }
}

void TstCaptureStore::catalogFollowsTheCaptures()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    const auto ageOf = [](int i) { return nowUs() - qint64(100 - i) * 1000 * 1000; };
    QList<qint64> ids;
    {
        CaptureStore store;
        ReceiptCollector collector(&store);
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        for (int i = 0; i < 6; ++i) {
            CapturedRequest c = simpleCapture("POST", "/catalog/" + QByteArray::number(i), QByteArray(100 * i, 'x'));
            c.receivedUs = ageOf(i);
            store.submit(c);
        }
        store.flush();
        QTRY_COMPARE(collector.receipts.size(), 6);
        for (const CommitReceipt& r : std::as_const(collector.receipts))
            ids << r.id;
    } // closing catches the catalog up
    QCOMPARE(catalogMismatch(path), QString());

    // A crash after a commit but before the catalog caught up: opening the store fills in what is missing.
    {
        SqlConnection db;
        QString error;
        QVERIFY2(db.open(path, SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
        QVERIFY2(db.exec(u"DELETE FROM capture_catalog WHERE id > %1"_s.arg(ids.at(1)), &error), qPrintable(error));
    }
    QCOMPARE(scalarIn(path, u"SELECT count(*) FROM capture_catalog"_s).toInt(), 2);
    CaptureStore store;
    ReceiptCollector collector(&store);
    StoreOptions options;
    options.catalogMaxWaitMs = 600000; // new rows stay out of the catalog until retention or close
    QVERIFY2(store.open(path, options), qPrintable(store.errorString()));
    QCOMPARE(catalogMismatch(path), QString());

    // Edits on cataloged rows (triggers) and on rows the catalog has not reached yet (the bulk catch-up).
    store.setPinned(ids.at(0), true);
    store.remove(ids.at(1));
    QList<qint64> fresh;
    for (int i = 0; i < 4; ++i) {
        CapturedRequest c = simpleCapture("POST", "/catalog/fresh/" + QByteArray::number(i));
        c.receivedUs = ageOf(10 + i);
        store.submit(c);
    }
    store.flush();
    QTRY_COMPARE(collector.receipts.size(), 4);
    for (const CommitReceipt& r : std::as_const(collector.receipts))
        fresh << r.id;
    QCOMPARE(scalarIn(path, u"SELECT count(*) FROM capture_catalog WHERE id >= %1"_s.arg(fresh.first())).toInt(), 0);
    store.setPinned(fresh.at(0), true);
    store.remove(fresh.at(1));
    // The newest id is taken again by the next capture once its row is gone.
    store.remove(fresh.at(3));
    store.flush();
    store.submit(simpleCapture("POST", "/catalog/again"));
    QTRY_COMPARE(collector.receipts.size(), 5);
    QCOMPARE(collector.receipts.at(4).id, fresh.at(3));
    store.flush();
    QCOMPARE(scalarIn(path, u"SELECT count(*) FROM capture_catalog WHERE id >= %1"_s.arg(fresh.first())).toInt(), 0);

    // Retention sees every row at once, cataloged or not: two unpinned captures stay, pinned ones are kept.
    store.setRetention({ 2, 0, 0 });
    store.flush();
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(allIds(reader), newestFirst({ ids.at(0), fresh.at(0), fresh.at(2), fresh.at(3) }));
    QCOMPARE(catalogMismatch(path), QString());

    // Unpinning goes through to the catalog, and age and size budgets count from it.
    store.setPinned(ids.at(0), false);
    store.setRetention({ 0, 95, 0 });
    store.flush();
    QCOMPARE(allIds(reader), newestFirst({ fresh.at(0), fresh.at(2), fresh.at(3) }));
    store.setRetention({ 0, 0, 1 });
    store.flush();
    QCOMPARE(allIds(reader), QList<qint64> { fresh.at(0) });
    store.close();
    QCOMPARE(catalogMismatch(path), QString());
}

void TstCaptureStore::editsReachTheDatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    for (int i = 0; i < 3; ++i)
        store.submit(
            simpleCapture("POST", "/edit/" + QByteArray::number(i), "{\"kinkajou\":" + QByteArray::number(i) + "}"));
    store.flushSearchIndex();
    QTRY_COMPARE(collector.receipts.size(), 3);
    const qint64 a = collector.receipts.at(0).id;
    const qint64 b = collector.receipts.at(1).id;
    const qint64 c = collector.receipts.at(2).id;

    const QString note = u"retry after deploy — ünïcode ✓ 'quoted'"_s;
    store.setPinned(a, true);
    store.recordResponded(a, 123456789);
    store.recordResponded(c, 42);
    store.setNote(b, note);
    store.remove(c);
    store.setNote(999999, u"no such capture"_s); // harmless
    store.flush();

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    const auto pinnedCapture = reader.get(a, &error);
    QVERIFY2(pinnedCapture, qPrintable(error));
    QVERIFY(pinnedCapture->pinned);
    QCOMPARE(pinnedCapture->respondedUs, 123456789);
    QCOMPARE(scalarIn(path, u"SELECT note FROM captures WHERE id = %1"_s.arg(b)).toString(), note);
    QVERIFY(!reader.get(c, &error));
    QVERIFY2(error.contains(u"there is no capture %1"_s.arg(c)) && error.contains(path), qPrintable(error));
    QCOMPARE(reader.count(), 2);
    // Its response time went with it, so a capture that later gets the same id starts without one.
    QCOMPARE(scalarIn(path, u"SELECT count(*) FROM response_times WHERE id = %1"_s.arg(c)).toInt(), 0);

    // A removed capture leaves the search results too.
    CaptureListQuery query;
    query.search = u"kinkajou"_s;
    const auto found = reader.list(query, &error);
    QVERIFY2(found, qPrintable(error));
    QCOMPARE(idsOf(*found), (QList<qint64> { b, a }));

    // Response times on their own, in a batch as the receiver hands them over, reach the database on flush().
    CaptureSink& sink = store;
    sink.recordResponded({ { a, 111 }, { b, 987654321 } });
    store.flush();
    const auto respondedA = reader.get(a, &error);
    QVERIFY2(respondedA, qPrintable(error));
    QCOMPARE(respondedA->respondedUs, 111);
    const auto respondedB = reader.get(b, &error);
    QVERIFY2(respondedB, qPrintable(error));
    QCOMPARE(respondedB->respondedUs, 987654321);

    // Without flush() they still land on their own, a fraction of a second later (they wait to go in by the
    // thousand).
    sink.recordResponded({ { b, 555 } });
    QTRY_COMPARE_WITH_TIMEOUT(reader.get(b, &error).value_or(CapturedRequest {}).respondedUs, qint64(555), 5000);

    store.setPinned(a, false);
    store.flush();
    const auto unpinned = reader.get(a, &error);
    QVERIFY2(unpinned, qPrintable(error));
    QVERIFY(!unpinned->pinned);

    // Edits on a closed store are ignored, not crashes.
    store.close();
    store.setNote(a, u"ignored"_s);
    store.setPinned(a, true);
    store.remove(a);
    store.recordResponded(a, 1);
    store.setRetention({ 1, 0, 0 });
    store.flush();
    store.flushSearchIndex();
    QCOMPARE(reader.count(), 2);
}

void TstCaptureStore::closeCommitsEverythingQueued_data()
{
    QTest::addColumn<int>("maxBatchRows");
    QTest::addColumn<bool>("destroyInsteadOfClose");
    QTest::addRow("one batch") << 512 << false;
    QTest::addRow("many batches") << 16 << false;
    QTest::addRow("store destroyed") << 64 << true;
}

void TstCaptureStore::closeCommitsEverythingQueued()
{
    QFETCH(int, maxBatchRows);
    QFETCH(bool, destroyInsteadOfClose);
    constexpr int kCaptures = 500;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);

    auto store = std::make_unique<CaptureStore>();
    auto collector = std::make_unique<ReceiptCollector>(store.get());
    StoreOptions options;
    options.maxBatchRows = maxBatchRows;
    QVERIFY2(store->open(path, options), qPrintable(store->errorString()));
    for (int i = 0; i < kCaptures; ++i)
        store->submit(simpleCapture("POST", "/queued/" + QByteArray::number(i), QByteArray(100, 'q')));
    if (destroyInsteadOfClose) {
        collector.reset();
        store.reset();
    } else {
        store->close();
        QVERIFY(!store->isOpen());
        QCoreApplication::processEvents();
        QCOMPARE(collector->receipts.size(), kCaptures);
        for (const CommitReceipt& r : std::as_const(collector->receipts))
            QVERIFY2(r.stored, qPrintable(r.error));
    }

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.count(), kCaptures);
    const QList<qint64> ids = allIds(reader);
    QCOMPARE(ids.size(), kCaptures);
    for (int i = 0; i < kCaptures; i += 97) {
        const auto c = reader.get(ids.at(kCaptures - 1 - i), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->target, "/queued/" + QByteArray::number(i));
    }
}

void TstCaptureStore::searchIndexStaysConsistentThroughDeletes()
{
    // The index reads text from the captures (external content): every removal must take out exactly the
    // tokens that went in, or FTS5's own integrity check fails and searches return stale ids.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QByteArray longText(64 * 1024 - 1, 'a');
    longText += "\xc3\xa9 tail"; // a two-byte character straddles the indexing cut
    QByteArray binary;
    for (int b = 0; b < 256; ++b)
        binary.append(char(b));
    const QList<CapturedRequest> kinds { simpleCapture("POST", "/t/tapir", "{\"animal\":\"tapir\"}"),
        simpleCapture("POST", "/b/bin", binary), simpleCapture("PUT", "/l/long", longText), rejectedCapture() };
    for (int i = 0; i < 200; ++i)
        store.submit(kinds.at(i % kinds.size()));
    QVERIFY(waitForReceipts(collector, 200));
    store.flushSearchIndex();

    const auto integrity = [&] {
        SqlConnection db;
        QString error;
        return db.open(path, SqlConnection::Mode::ReadWrite, &error)
            && db.exec(u"INSERT INTO capture_search (capture_search) VALUES ('integrity-check')"_s, &error);
    };
    QVERIFY(integrity());
    for (const CommitReceipt& r : std::as_const(collector.receipts)) {
        if (r.id % 7 == 0)
            store.remove(r.id);
    }
    RetentionPolicy policy;
    policy.maxCount = 50;
    store.setRetention(policy);
    store.flush();
    QVERIFY(integrity());

    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    CaptureListQuery query;
    query.limit = 0;
    query.search = u"tapir"_s;
    const auto rows = reader.list(query, &error);
    QVERIFY2(rows, qPrintable(error));
    QVERIFY(!rows->isEmpty());
    for (const CaptureSummary& row : *rows)
        QVERIFY(reader.get(row.id, &error)); // no stale ids from deleted rows
}

void TstCaptureStore::newDatabaseIsForItsOwnerOnly()
{
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(u"profile/nested"_s);
    const QString path = folder + u"/captures.sqlite"_s;
    CaptureStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    store.submit(simpleCapture("POST", "/private", "{\"card\":\"4242\"}"));
    store.flush();
    const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    const auto groupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
        | QFile::WriteOther | QFile::ExeOther;
    for (const QString& file : QStringList { path, path + u"-wal"_s, path + u"-shm"_s, path + u".lock"_s }) {
        QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        QCOMPARE(QFile::permissions(file) & (ownerOnly | groupOrOther), ownerOnly);
    }
    QCOMPARE(QFile::permissions(folder) & groupOrOther, QFileDevice::Permissions());
#else
    QSKIP("POSIX permissions");
#endif
}

void TstCaptureStore::walStartsOverUnderSustainedLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"captures.db"_s);
    CaptureStore store;
    ReceiptCollector collector(&store);
    StoreOptions options;
    options.walRestartBytes = qint64(512) * 1024;
    QVERIFY2(store.open(path, options), qPrintable(store.errorString()));
    if (!store.usesNativeSqlite())
        QSKIP("without the native SQLite path the WAL starts over only when the load pauses");

    // 120 MiB of captures from 50 clients that each send again once answered, like the benchmark's load: the
    // writer commits all the time, so the checkpointer never copies the WAL back with no commit in between,
    // and without the catch-up the WAL would keep everything.
    const QByteArray body(2048, 'w');
    const int clients = 50;
    const int rounds = 1200;
    const int count = clients * rounds;
    qint64 largestWal = 0;
    for (int round = 0; round < rounds; ++round) {
        for (int i = 0; i < clients; ++i)
            store.submit(simpleCapture("POST", "/sustained/" + QByteArray::number(round), body));
        while (collector.receipts.size() < (round + 1) * clients)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        largestWal = std::max(largestWal, QFileInfo(path + u"-wal"_s).size());
    }
    // The WAL header counts the times it started over (bytes 12-15, big-endian: "checkpoint sequence number").
    // Without the catch-up this load leaves it at 0 and the WAL at over twice the captured bytes (measured).
    QFile wal(path + u"-wal"_s);
    QVERIFY(wal.open(QIODevice::ReadOnly));
    const QByteArray header = wal.read(32);
    QCOMPARE(header.size(), 32);
    const quint32 restarts = qFromBigEndian<quint32>(header.constData() + 12);
    const qint64 captured = qint64(count) * body.size();
    QVERIFY2(restarts >= 2 && largestWal < captured,
        qPrintable(u"the WAL started over %1 times and reached %2 MiB while %3 MiB of captures went in"_s.arg(restarts)
                       .arg(largestWal >> 20)
                       .arg(captured >> 20)));
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.count(), qint64(count));
    QCOMPARE(scalarIn(path, u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
}

QTEST_GUILESS_MAIN(TstCaptureStore)
#include "tst_capturestore.moc"
