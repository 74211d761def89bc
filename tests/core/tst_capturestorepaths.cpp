// SPDX-License-Identifier: MIT
// The capture writer has two ways to run its per-row statements: the SQLite C API on Qt's own connection
// (when the build and the run-time checks allow it) and Qt SQL. These tests prove the fast one is really taken
// where it can be, and that both leave byte-for-byte the same rows and the same failures behind.
#include "core/capture/capturedrequest.h"
#include "core/capture/capturesink.h"
#include "core/storage/capturestore.h"
#include "core/storage/sqlconnection.h"
#include "core/storage/sqlitehandle.h"

#include <QSqlQuery>
#include <QStringList>
#if HOOKSCOPE_EXPECT_NATIVE_SQLITE
#include <sqlite3.h>
#endif
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;
using namespace Qt::StringLiterals;

namespace {

QByteArray bin(const char* bytes, qsizetype size)
{
    return QByteArray(bytes, size);
}

template <qsizetype N>
QByteArray bin(const char (&bytes)[N])
{
    return bin(bytes, N - 1);
}

QList<CapturedRequest> variedCaptures()
{
    QList<CapturedRequest> out;

    CapturedRequest plain;
    plain.receivedUs = 1'700'000'000'000'000;
    plain.completeUs = plain.receivedUs + 10;
    plain.remoteAddress = u"127.0.0.1"_s;
    plain.remotePort = 50000;
    plain.localAddress = u"127.0.0.1"_s;
    plain.localPort = 8080;
    plain.method = "POST";
    plain.target = "/hooks/github?x=1";
    plain.path = "/hooks/github";
    plain.query = "x=1";
    plain.httpVersion = "HTTP/1.1";
    plain.headers = { { "Host", "a" }, { "Content-Type", "application/json" }, { "X-Empty", "" } };
    plain.head = "POST /hooks/github?x=1 HTTP/1.1\r\nHost: a\r\n\r\n";
    plain.body = R"({"zen":"caf\u00e9"})";
    plain.responseStatus = 200;
    plain.responseHeaders = { { "Content-Length", "0" } };
    plain.signature = { u"GitHub"_s, CaptureSignature::State::Valid, u"github"_s, uR"({"ok":true,"note":"é"})"_s };
    out << plain;

    // Same addresses and endpoint as before, so the writer's per-value caches are hit, then changed.
    CapturedRequest binary = plain;
    binary.receivedUs += 1;
    binary.remoteAddress = u"::ffff:10.0.0.1"_s;
    binary.body = bin("\x00\x01\xff\xfe binary");
    binary.trailers = { { "X-Checksum", "1" } };
    binary.chunked = true;
    binary.signature.endpoint = u"Stripé"_s;
    binary.signature.state = CaptureSignature::State::Invalid;
    out << binary;

    // Bytes above ASCII in the fields stored as text from Latin-1 (method, version, content type).
    CapturedRequest latin1;
    latin1.receivedUs = 3;
    latin1.method = bin("G\xe9T");
    latin1.httpVersion = bin("HTTP/1.\xb9");
    latin1.headers = { { "content-type", bin("text/plain; charset=\xe9\xff") } };
    latin1.body = bin("not utf-8: \xc3\x28");
    out << latin1;

    CapturedRequest rejected;
    rejected.receivedUs = 4;
    rejected.rejected = true;
    rejected.rejectReason = u"header section larger than 64 KiB — refusé"_s;
    rejected.rawPrefix = bin("\x16\x03\x01\x00\xa5 TLS hello");
    rejected.responseStatus = 400;
    rejected.responseBody = "bad request\n";
    rejected.respondedUs = 5;
    rejected.pinned = true;
    out << rejected;

    CapturedRequest empty; // every text and blob empty: stored as '' and x'', never NULL
    out << empty;
    return out;
}

// Every column of every row as "type:literal", so a TEXT '' and a BLOB x'' or a NULL are told apart.
QStringList dumpRows(const QString& path, QString* error)
{
    SqlConnection db;
    if (!db.open(path, SqlConnection::Mode::ReadOnly, error))
        return {};
    QStringList columns;
    QSqlQuery info(db.database());
    info.exec(u"PRAGMA table_info(captures)"_s);
    while (info.next())
        columns << info.value(1).toString();
    QStringList select;
    for (const QString& c : std::as_const(columns))
        select << u"'%1=' || typeof(%1) || ':' || quote(%1)"_s.arg(c);
    QSqlQuery q(db.database());
    // Response times live in a table of their own (schema step 7).
    select << u"'response_time=' || quote((SELECT responded_us FROM response_times WHERE id = captures.id))"_s;
    if (!q.exec(u"SELECT "_s + select.join(u" || ' | ' || "_s) + u" FROM captures ORDER BY id"_s)) {
        *error = describeSqlError(q, u"dump"_s);
        return {};
    }
    QStringList rows;
    while (q.next())
        rows << q.value(0).toString();
    return rows;
}

struct Outcome {
    QList<CommitReceipt> receipts;
    bool native = false;
};

// Stores `captures` one batch each, records response times for the stored ones, and closes.
Outcome store(const QString& path, const QList<CapturedRequest>& captures, StoreOptions options)
{
    Outcome out;
    CaptureStore store;
    if (!store.open(path, options)) {
        qWarning() << store.errorString();
        return out;
    }
    out.native = store.usesNativeSqlite();
    QObject::connect(&store, &CaptureSink::committed, &store,
        [&](const QList<CommitReceipt>& receipts) { out.receipts += receipts; });
    for (const CapturedRequest& c : captures) {
        store.submit(c);
        store.flush();
        QCoreApplication::processEvents();
    }
    for (const CommitReceipt& r : std::as_const(out.receipts)) {
        if (r.stored)
            store.recordResponded(r.id, 1'700'000'000'123'456 + r.id);
    }
    store.close();
    QCoreApplication::processEvents();
    return out;
}

} // namespace

class TstCaptureStorePaths final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nativePathIsTakenWhereTheBuildAllowsIt();
    void sqliteKeepsNoMemoryStatistics();
    void bothPathsStoreIdenticalRows();
    void bothPathsFailAFullDatabaseAlike();
};

void TstCaptureStorePaths::nativePathIsTakenWhereTheBuildAllowsIt()
{
    // The build's own verdict (cmake/NativeSqlite.cmake) says what to expect: on a system whose Qt plugin
    // shares libsqlite3 (Debian's does) the writer must really run on the C API, not quietly fall back.
    QCOMPARE(SqliteHandle::compiledIn(), bool(HOOKSCOPE_EXPECT_NATIVE_SQLITE));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CaptureStore store;
    QVERIFY2(store.open(dir.filePath(u"fast.db"_s)), qPrintable(store.errorString()));
    QCOMPARE(store.usesNativeSqlite(), bool(HOOKSCOPE_EXPECT_NATIVE_SQLITE));

    SqlConnection db;
    QString error;
    QVERIFY2(db.open(dir.filePath(u"other.db"_s), SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
    QCOMPARE(SqliteHandle::from(db.database(), &error) != nullptr, bool(HOOKSCOPE_EXPECT_NATIVE_SQLITE));
    if (!HOOKSCOPE_EXPECT_NATIVE_SQLITE)
        QVERIFY(!error.isEmpty());

    CaptureStore qtOnly;
    StoreOptions options;
    options.qtSqlOnly = true;
    QVERIFY2(qtOnly.open(dir.filePath(u"qt.db"_s), options), qPrintable(qtOnly.errorString()));
    QVERIFY(!qtOnly.usesNativeSqlite());
}

void TstCaptureStorePaths::sqliteKeepsNoMemoryStatistics()
{
    // Turned off when the program loads (sqlitehandle.cpp): with statistics on, every allocation SQLite makes
    // takes a process-wide mutex, and the count of bytes in use would be well above zero here.
#if HOOKSCOPE_EXPECT_NATIVE_SQLITE
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SqlConnection db;
    QString error;
    QVERIFY2(db.open(dir.filePath(u"stats.db"_s), SqlConnection::Mode::ReadWrite, &error), qPrintable(error));
    QVERIFY2(db.exec(u"CREATE TABLE t (x)"_s, &error), qPrintable(error));
    QCOMPARE(sqlite3_memory_used(), 0);
    QVERIFY(SqliteHandle::configuredAtLoad());
#else
    QSKIP("SQLite is only configured where Qt's plugin shares Hookscope's libsqlite3");
#endif
}

void TstCaptureStorePaths::bothPathsStoreIdenticalRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QList<CapturedRequest> captures = variedCaptures();
    StoreOptions qtOnly;
    qtOnly.qtSqlOnly = true;
    const Outcome fast = store(dir.filePath(u"fast.db"_s), captures, {});
    const Outcome slow = store(dir.filePath(u"qt.db"_s), captures, qtOnly);
    QCOMPARE(fast.native, bool(HOOKSCOPE_EXPECT_NATIVE_SQLITE));
    QVERIFY(!slow.native);
    QCOMPARE(fast.receipts.size(), captures.size());
    QCOMPARE(slow.receipts.size(), captures.size());

    QString error;
    const QStringList fastRows = dumpRows(dir.filePath(u"fast.db"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList slowRows = dumpRows(dir.filePath(u"qt.db"_s), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(fastRows.size(), captures.size());
    for (qsizetype i = 0; i < fastRows.size(); ++i)
        QCOMPARE(fastRows.at(i), slowRows.at(i));
    // Spot checks that the comparison compares what matters.
    QVERIFY2(fastRows.first().contains(u"method=text:'POST'"_s), qPrintable(fastRows.first()));
    QVERIFY2(fastRows.first().contains(u"response_time=1700000000123457"_s), qPrintable(fastRows.first()));
    QVERIFY2(fastRows.first().contains(u"headers=blob:X'"_s), qPrintable(fastRows.first()));
    QVERIFY2(fastRows.at(2).contains(u"method=text:'GéT'"_s), qPrintable(fastRows.at(2)));
    QVERIFY2(fastRows.last().contains(u"query=blob:X''"_s), qPrintable(fastRows.last()));
    QVERIFY2(fastRows.last().contains(u"remote_address=text:''"_s), qPrintable(fastRows.last()));
}

void TstCaptureStorePaths::bothPathsFailAFullDatabaseAlike()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CapturedRequest big = variedCaptures().first();
    big.body = QByteArray(40 * 1024, 'x');
    const QList<CapturedRequest> captures(30, big);
    QStringList errors;
    for (const bool qtSqlOnly : { false, true }) {
        StoreOptions options;
        options.qtSqlOnly = qtSqlOnly;
        options.maxDatabaseBytes = 512 * 1024;
        const QString path = dir.filePath(qtSqlOnly ? u"qt.db"_s : u"fast.db"_s);
        const Outcome outcome = store(path, captures, options);
        QCOMPARE(outcome.receipts.size(), captures.size());
        const auto failed = std::find_if(
            outcome.receipts.cbegin(), outcome.receipts.cend(), [](const CommitReceipt& r) { return !r.stored; });
        QVERIFY2(failed != outcome.receipts.cend(), "the database never filled up");
        // SQLite's "database or disk is full", told apart: the disk has room, so it is the limit.
        QCOMPARE(failed->error, u"the capture database reached its size limit of 524288 bytes"_s);
        QCOMPARE(failed->id, 0);
        errors << failed->error;
        // Exactly the acknowledged captures are in the file: a failed batch left nothing behind.
        const qsizetype stored = std::count_if(
            outcome.receipts.cbegin(), outcome.receipts.cend(), [](const CommitReceipt& r) { return r.stored; });
        QString error;
        QCOMPARE(dumpRows(path, &error).size(), stored);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    // How many fit before the failing batch depends on how submissions fell into batches, so only the error is
    // compared between the paths.
    QCOMPARE(errors.at(0), errors.at(1));
}

QTEST_GUILESS_MAIN(TstCaptureStorePaths)
#include "tst_capturestorepaths.moc"
