// SPDX-License-Identifier: MIT
// Run by hand: how fast Hookscope's store commits captures, side by side with the SQLite C API inserting the
// same rows into the same schema with the same settings (WAL, synchronous=NORMAL, 16 KiB pages), in the same
// run. The gap is what Qt SQL, the writer thread and the receipts cost.
//
//   build/release/tests/benchmarks/store_vs_sqlite [ROWS] [BODY_BYTES] [CLIENTS]
#include "core/capture/capturedrequest.h"
#include "core/storage/capturestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <cstdio>

using namespace hookscope;

namespace {

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

double hookscopeRowsPerSecond(const QString& path, int rows, int clients, const CapturedRequest& sample)
{
    CaptureStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 0;
    }
    // Like `clients` connections each waiting for its answer before sending again.
    int outstanding = 0;
    int submitted = 0;
    QObject::connect(&store, &CaptureSink::committed, &store, [&](const QList<CommitReceipt>& receipts) {
        outstanding -= int(receipts.size());
        while (outstanding < clients && submitted < rows) {
            store.submit(sample);
            ++submitted;
            ++outstanding;
        }
        if (submitted == rows && outstanding == 0)
            QCoreApplication::quit();
    });
    QElapsedTimer timer;
    timer.start();
    for (; submitted < std::min(clients, rows); ++submitted, ++outstanding)
        store.submit(sample);
    QCoreApplication::exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    store.close();
    return rows / seconds;
}

double sqliteRowsPerSecond(const QString& path, int rows, int batch, const CapturedRequest& c)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return 0;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
        "INSERT INTO captures (received_us, complete_us, responded_us, remote_address, remote_port, local_address, "
        "local_port, method, target, path, query, http_version, head, headers, trailers, body, chunked, "
        "response_status, response_headers, response_body, rejected, reject_reason, raw_prefix, pinned, "
        "stored_bytes, text_searchable) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        -1, &insert, nullptr);
    const QByteArray remote = c.remoteAddress.toUtf8();
    const QByteArray headers = headers::serialize(c.headers);
    const QByteArray responseHeaders = headers::serialize(c.responseHeaders);
    const auto blob = [&](int i, const QByteArray& b) {
        sqlite3_bind_blob(insert, i, b.constData(), int(b.size()), SQLITE_STATIC);
    };
    QElapsedTimer timer;
    timer.start();
    for (int done = 0; done < rows;) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
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
            sqlite3_step(insert);
            sqlite3_reset(insert);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return rows / seconds;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int rows = args.size() > 1 ? args.at(1).toInt() : 100'000;
    const int bodyBytes = args.size() > 2 ? args.at(2).toInt() : 1024;
    const int clients = args.size() > 3 ? args.at(3).toInt() : 50;
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
    const double peer = sqliteRowsPerSecond(peerPath, rows, clients, sample);
    const double ours = hookscopeRowsPerSecond(dir.filePath(QStringLiteral("hookscope.sqlite")), rows, clients, sample);
    std::printf("rows %d, body %d bytes, %d in flight (SQLite: %d rows per transaction), SQLite %s\n", rows, bodyBytes,
        clients, clients, sqlite3_libversion());
    std::printf("%-28s %12.0f rows/s\n", "SQLite C API, same schema", peer);
    std::printf("%-28s %12.0f rows/s\n", "Hookscope CaptureStore", ours);
    std::printf("ratio hookscope/sqlite: %.2f\n", ours / peer);
    return 0;
}
