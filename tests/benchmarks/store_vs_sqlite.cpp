// SPDX-License-Identifier: MIT
// Run by hand: how fast Hookscope's store commits captures, side by side with the SQLite C API inserting the
// same rows into the same schema with the same settings (WAL, synchronous=NORMAL, 16 KiB pages), in the same
// run. The gap is what Qt SQL, the writer thread and the receipts cost.
//
// With RESPONDED = 1 both sides also record each row's response time a transaction later, as the receiver
// does. CPU figures are microseconds per row: the whole process, and the store's writer thread alone.
//
//   build/release/tests/benchmarks/store_vs_sqlite [ROWS] [BODY_BYTES] [CLIENTS] [RESPONDED]
#include "core/capture/capturedrequest.h"
#include "core/storage/capturestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

using namespace hookscope;

namespace {

struct Result {
    double rowsPerSecond = 0;
    double cpuUsPerRow = 0; // the whole process
    double writerCpuUsPerRow = 0; // the thread that writes (the store's writer; the peer's only thread)
};

double processCpuUs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double threadCpuUs(const QString& task)
{
    // utime and stime are fields 14 and 15 of /proc/.../stat, after the parenthesised name.
    QFile stat(task + QStringLiteral("/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1e6 / double(sysconf(_SC_CLK_TCK));
}

double namedThreadCpuUs(const QByteArray& name)
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid) + QStringLiteral("/comm"));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == name)
            return threadCpuUs(tasks.filePath(tid));
    }
    return 0;
}

CapturedRequest sampleCapture(int bodyBytes)
{
    CapturedRequest c;
    c.receivedUs = c.completeUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    c.remoteAddress = QStringLiteral("127.0.0.1");
    c.remotePort = 50123;
    c.localAddress = QStringLiteral("127.0.0.1");
    c.localPort = 8787;
    c.method = "POST";
    c.target = c.path = "/webhooks/github";
    c.httpVersion = "HTTP/1.1";
    c.headers = { { "Host", "127.0.0.1:8787" }, { "User-Agent", "GitHub-Hookshot/abc123" },
        { "Content-Type", "application/json" }, { "X-GitHub-Event", "push" },
        { "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
        { "Content-Length", QByteArray::number(bodyBytes) } };
    c.head = "POST /webhooks/github HTTP/1.1\r\n" + headers::serialize(c.headers) + "\r\n";
    c.body = "{\"ref\":\"refs/heads/main\",\"pad\":\"" + QByteArray(std::max(0, bodyBytes - 36), 'x') + "\"}";
    c.responseStatus = 200;
    c.responseHeaders = { { "Content-Type", "application/json" }, { "Content-Length", "11" } };
    c.responseBody = R"({"ok":true})";
    return c;
}

Result captureStore(
    const QString& path, int rows, int clients, bool responded, bool qtSqlOnly, const CapturedRequest& sample)
{
    CaptureStore store;
    StoreOptions options;
    options.qtSqlOnly = qtSqlOnly;
    if (!store.open(path, options)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return {};
    }
    if (store.usesNativeSqlite() == qtSqlOnly)
        std::fprintf(stderr, "warning: the store %s the SQLite C API\n", qtSqlOnly ? "uses" : "does not use");
    // Like `clients` connections each waiting for its answer before sending again.
    int outstanding = 0;
    int submitted = 0;
    QList<ResponseTime> times;
    QObject::connect(&store, &CaptureSink::committed, &store, [&](const QList<CommitReceipt>& receipts) {
        outstanding -= int(receipts.size());
        if (responded) {
            times.clear();
            for (const CommitReceipt& r : receipts)
                times.append({ r.id, sample.receivedUs + 100 });
            store.recordResponded(times);
        }
        while (outstanding < clients && submitted < rows) {
            store.submit(sample);
            ++submitted;
            ++outstanding;
        }
        if (submitted == rows && outstanding == 0)
            QCoreApplication::quit();
    });
    QElapsedTimer timer;
    const double cpuBefore = processCpuUs();
    const double writerBefore = namedThreadCpuUs("hookscope-write");
    timer.start();
    for (; submitted < std::min(clients, rows); ++submitted, ++outstanding)
        store.submit(sample);
    QCoreApplication::exec();
    store.flush(); // the last response times
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    Result result { rows / seconds, (processCpuUs() - cpuBefore) / rows,
        (namedThreadCpuUs("hookscope-write") - writerBefore) / rows };
    store.close();
    return result;
}

Result sqliteApi(const QString& path, int rows, int batch, bool responded, const CapturedRequest& c)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return {};
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
        "INSERT INTO captures (received_us, complete_us, responded_us, remote_address, remote_port, local_address, "
        "local_port, method, target, path, query, http_version, head, headers, trailers, body, chunked, "
        "response_status, response_headers, response_body, rejected, reject_reason, raw_prefix, pinned, "
        "stored_bytes, text_searchable, content_type, endpoint, signature_state, signature_scheme, signature_detail) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        -1, &insert, nullptr);
    sqlite3_stmt* markResponded = nullptr;
    sqlite3_prepare_v2(db, "UPDATE captures SET responded_us = ? WHERE id = ?", -1, &markResponded, nullptr);
    std::vector<sqlite3_int64> previousBatch;
    std::vector<sqlite3_int64> thisBatch;
    const QByteArray remote = c.remoteAddress.toUtf8();
    const QByteArray headers = headers::serialize(c.headers);
    const QByteArray responseHeaders = headers::serialize(c.responseHeaders);
    const auto blob = [&](int i, const QByteArray& b) {
        sqlite3_bind_blob(insert, i, b.constData(), int(b.size()), SQLITE_STATIC);
    };
    QElapsedTimer timer;
    const double cpuBefore = processCpuUs();
    timer.start();
    for (int done = 0; done < rows;) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (const sqlite3_int64 id : previousBatch) {
            sqlite3_bind_int64(markResponded, 1, c.receivedUs + 100);
            sqlite3_bind_int64(markResponded, 2, id);
            sqlite3_step(markResponded);
            sqlite3_reset(markResponded);
        }
        thisBatch.clear();
        for (int i = 0; i < batch && done < rows; ++i, ++done) {
            sqlite3_bind_int64(insert, 1, c.receivedUs);
            sqlite3_bind_int64(insert, 2, c.completeUs);
            sqlite3_bind_int64(insert, 3, 0);
            sqlite3_bind_text(insert, 4, remote.constData(), int(remote.size()), SQLITE_STATIC);
            sqlite3_bind_int(insert, 5, c.remotePort);
            sqlite3_bind_text(insert, 6, remote.constData(), int(remote.size()), SQLITE_STATIC);
            sqlite3_bind_int(insert, 7, c.localPort);
            sqlite3_bind_text(insert, 8, c.method.constData(), int(c.method.size()), SQLITE_STATIC);
            blob(9, c.target);
            blob(10, c.path);
            blob(11, QByteArray(""));
            sqlite3_bind_text(insert, 12, c.httpVersion.constData(), int(c.httpVersion.size()), SQLITE_STATIC);
            blob(13, c.head);
            blob(14, headers);
            blob(15, QByteArray(""));
            blob(16, c.body);
            sqlite3_bind_int(insert, 17, 0);
            sqlite3_bind_int(insert, 18, 200);
            blob(19, responseHeaders);
            blob(20, c.responseBody);
            sqlite3_bind_int(insert, 21, 0);
            sqlite3_bind_text(insert, 22, "", 0, SQLITE_STATIC);
            blob(23, QByteArray(""));
            sqlite3_bind_int(insert, 24, 0);
            sqlite3_bind_int64(insert, 25, c.totalSize());
            sqlite3_bind_int(insert, 26, 1);
            sqlite3_bind_text(insert, 27, "application/json", 16, SQLITE_STATIC);
            sqlite3_bind_text(insert, 28, "", 0, SQLITE_STATIC);
            sqlite3_bind_int(insert, 29, 0);
            sqlite3_bind_text(insert, 30, "", 0, SQLITE_STATIC);
            sqlite3_bind_text(insert, 31, "", 0, SQLITE_STATIC);
            sqlite3_step(insert);
            sqlite3_reset(insert);
            if (responded)
                thisBatch.push_back(sqlite3_last_insert_rowid(db));
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        previousBatch.swap(thisBatch);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = (processCpuUs() - cpuBefore) / rows;
    sqlite3_finalize(insert);
    sqlite3_finalize(markResponded);
    sqlite3_close(db);
    return { rows / seconds, cpu, cpu };
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int rows = args.size() > 1 ? args.at(1).toInt() : 100'000;
    const int bodyBytes = args.size() > 2 ? args.at(2).toInt() : 1024;
    const int clients = args.size() > 3 ? args.at(3).toInt() : 50;
    const bool responded = args.size() > 4 && args.at(4).toInt() != 0;
    const CapturedRequest sample = sampleCapture(bodyBytes);

    QTemporaryDir dir;
    // The schema comes from the store itself, so both sides write the same tables and indexes.
    const QString peerPath = dir.filePath(QStringLiteral("peer.sqlite"));
    {
        CaptureStore schemaOnly;
        if (!schemaOnly.open(peerPath)) {
            std::fprintf(stderr, "%s\n", qPrintable(schemaOnly.errorString()));
            return 1;
        }
    }
    const Result peer = sqliteApi(peerPath, rows, clients, responded, sample);
    const Result ours
        = captureStore(dir.filePath(QStringLiteral("hookscope.sqlite")), rows, clients, responded, false, sample);
    const Result qtOnly
        = captureStore(dir.filePath(QStringLiteral("qt-only.sqlite")), rows, clients, responded, true, sample);
    std::printf("rows %d, body %d bytes, %d in flight (SQLite: %d rows per transaction), response times %s, "
                "SQLite %s\n",
        rows, bodyBytes, clients, clients, responded ? "recorded" : "not recorded", sqlite3_libversion());
    std::printf("%-32s %12s %14s %16s\n", "", "rows/s", "CPU us/row", "writer us/row");
    const auto line = [](const char* name, const Result& r) {
        std::printf("%-32s %12.0f %14.2f %16.2f\n", name, r.rowsPerSecond, r.cpuUsPerRow, r.writerCpuUsPerRow);
    };
    line("SQLite C API, same schema", peer);
    line("Hookscope CaptureStore", ours);
    line("CaptureStore, Qt SQL only", qtOnly);
    std::printf("ratio hookscope/sqlite: %.2f (Qt SQL only: %.2f)\n", ours.rowsPerSecond / peer.rowsPerSecond,
        qtOnly.rowsPerSecond / peer.rowsPerSecond);
    return 0;
}
