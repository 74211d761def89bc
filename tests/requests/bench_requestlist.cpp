// SPDX-License-Identifier: MIT
// Run by hand (see README.md here): the request list over a database of a million captures, side by side with
// the same queries through the SQLite C API and with a naive model that loads every row, in the same run.
//
//   bench_requestlist [DB] [ROWS]          generates DB (through CaptureStore) if missing, then measures
//   bench_requestlist --index-sql          prints the index the figures with "index" used
#include "core/capture/capturedrequest.h"
#include "core/capture/headerfield.h"
#include "core/storage/capturestore.h"
#include "ui/requests/requestlistmodel.h"
#include "ui/requests/requestlistview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQueryModel>

#include <sqlite3.h>

#include <cstdio>
#include <functional>

using namespace hookscope;

namespace {

constexpr int kPageSize = 200;
const char* const kIndexSql
    = "CREATE INDEX captures_list_filters ON captures (method, response_status, content_type, rejected)";

double rssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

double msSince(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// Varied, realistic captures: providers' events as JSON, some forms, some rejected; ids grow with time.
CapturedRequest sample(qint64 i, qint64 startUs)
{
    static const QByteArray methods[] = { "POST", "POST", "POST", "POST", "PUT", "GET", "DELETE", "PATCH" };
    static const QByteArray events[] = { "push", "pull_request", "invoice.paid", "charge.succeeded", "issues",
        "customer.created", "deployment", "release" };
    static const QByteArray types[] = { "application/json", "application/json; charset=utf-8",
        "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x" };
    static const int statuses[] = { 200, 200, 200, 200, 201, 204, 302, 404, 500, 503 };
    CapturedRequest c;
    c.receivedUs = startUs + i * 2'000; // one every 2 ms
    c.completeUs = c.receivedUs + 150;
    c.remoteAddress = i % 7 ? QStringLiteral("127.0.0.1") : QStringLiteral("::1");
    c.remotePort = quint16(40000 + i % 20000);
    c.localAddress = QStringLiteral("127.0.0.1");
    c.localPort = 8787;
    c.responseStatus = statuses[i % 10];
    c.responseHeaders = { { "Content-Length", "0" } };
    const QByteArray event = events[(i / 3) % 8];
    // One in ten thousand carries a rare word, for a search with few results.
    const QByteArray rare = i % 10'000 == 17 ? " zebrafish" : "";
    if (i % 97 == 5) {
        c.rejected = true;
        c.rejectReason = QStringLiteral("malformed request line");
        c.rawPrefix = "GET /bad path HTTP/1.1\r\nHost: x\r\n" + rare;
        c.responseStatus = 400;
        return c;
    }
    c.method = methods[i % 8];
    c.target = "/webhooks/" + event + "?delivery=" + QByteArray::number(i);
    c.path = "/webhooks/" + event;
    c.query = "delivery=" + QByteArray::number(i);
    c.httpVersion = "HTTP/1.1";
    c.body = R"({"event":")" + event + R"(","id":)" + QByteArray::number(i)
        + R"(,"repository":{"full_name":"octo/hello-world","private":false},"sender":{"login":"octocat"},)"
        + R"("note":"lorem ipsum dolor sit amet)" + rare + R"("})";
    c.headers = { { "Host", "127.0.0.1:8787" }, { "User-Agent", "GitHub-Hookshot/abc123" },
        { "Content-Type", types[(i / 5) % 5] }, { "X-Event", event },
        { "Content-Length", QByteArray::number(c.body.size()) } };
    c.head = c.method + ' ' + c.target + " HTTP/1.1\r\n" + headers::serialize(c.headers) + "\r\n";
    return c;
}

bool generate(const QString& path, qint64 rows)
{
    CaptureStore store;
    StoreOptions options;
    options.maxBatchRows = 4096;
    if (!store.open(path, options)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return false;
    }
    const qint64 startUs = QDateTime::currentMSecsSinceEpoch() * 1000 - rows * 2'000;
    constexpr int kInFlight = 8192;
    qint64 submitted = 0;
    qint64 done = 0;
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    QObject::connect(&store, &CaptureSink::committed, &loop, [&](const QList<CommitReceipt>& receipts) {
        done += receipts.size();
        while (submitted - done < kInFlight && submitted < rows)
            store.submit(sample(submitted++, startUs));
        if (done >= rows)
            loop.quit();
    });
    for (; submitted < std::min<qint64>(kInFlight, rows); ++submitted)
        store.submit(sample(submitted, startUs));
    loop.exec();
    std::printf("generated %lld captures in %.1f s through CaptureStore\n", static_cast<long long>(rows),
        msSince(timer) / 1000);
    timer.restart();
    store.flushSearchIndex();
    std::printf("search index built in %.1f s\n", msSince(timer) / 1000);
    store.close();
    return true;
}

// The same queries through the SQLite C API, for the "peer" column.
class RawSqlite {
public:
    explicit RawSqlite(const QString& path)
    {
        sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READONLY, nullptr);
    }
    ~RawSqlite() { sqlite3_close(m_db); }
    RawSqlite(const RawSqlite&) = delete;
    RawSqlite& operator=(const RawSqlite&) = delete;

    // Runs `sql` (binding one optional integer to the last `?`), reading every column; returns rows and the
    // last row's first column.
    std::pair<int, qint64> rows(const QByteArray& sql, qint64 bind = -1) const
    {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.constData(), -1, &stmt, nullptr) != SQLITE_OK) {
            std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(m_db));
            return { -1, 0 };
        }
        if (bind >= 0)
            sqlite3_bind_int64(stmt, sqlite3_bind_parameter_count(stmt), bind);
        int n = 0;
        qint64 last = 0;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(stmt); ++c)
                sqlite3_column_bytes(stmt, c);
            last = sqlite3_column_int64(stmt, 0);
            ++n;
        }
        sqlite3_finalize(stmt);
        return { n, last };
    }
    void exec(const char* sql) const { sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr); }

private:
    sqlite3* m_db = nullptr;
};

const char* const kColumns = "SELECT id, received_us, method, target, response_status, length(head) + length(body), "
                             "rejected, reject_reason, remote_address, remote_port, pinned, length(raw_prefix), "
                             "content_type, endpoint, signature_state FROM captures";

double timeIt(const std::function<void()>& work)
{
    QElapsedTimer t;
    t.start();
    work();
    return msSince(t);
}

void line(const QByteArray& what, double ours, double peer, const char* peerName)
{
    std::printf("%-44s %10.1f ms %10.1f ms  %6.1fx  (%s)\n", what.constData(), ours, peer, peer > 0 ? ours / peer : 0.0,
        peerName);
}

int measure(const QString& path, bool withIndex)
{
    std::printf("\n== %s index: %s ==\n", withIndex ? "with" : "without", kIndexSql);
    std::printf("%-44s %13s %13s %7s\n", "", "Hookscope", "peer", "ratio");
    QElapsedTimer timer;
    timer.start();
    RequestListModel model;
    model.setDatabasePath(path);
    RequestListView view;
    view.setModel(&model);
    view.resize(1000, 700);
    view.show();
    QCoreApplication::processEvents(); // laid out and painted
    const double firstPage = msSince(timer);
    const double rss = rssMiB();
    const RawSqlite raw(path);
    const double rawFirst = timeIt([&] { raw.rows((QByteArray(kColumns) + " ORDER BY id DESC LIMIT 200")); });
    line("model created to first page shown", firstPage, rawFirst, "C API: first page query");
    std::printf("%-44s %10.1f MiB\n", "resident memory after the first page", rss);
    std::printf("%-44s %10lld rows\n", "rows loaded", static_cast<long long>(model.rowCount()));

    const auto searchFor = [&](const char* word) {
        CaptureListQuery q;
        q.search = QString::fromLatin1(word);
        const double ours = timeIt([&] { model.setQuery(q); });
        const QByteArray sql = QByteArray(kColumns)
            + " WHERE id IN (SELECT rowid FROM capture_search WHERE capture_search MATCH '\"" + word
            + "\"*') ORDER BY id DESC LIMIT 200";
        const double peer = timeIt([&] { raw.rows(sql.constData()); });
        line(QByteArray("search \"" + QByteArray(word) + "\" (" + QByteArray::number(model.rowCount()) + " rows)"),
            ours, peer, "C API: IN (FTS MATCH) ORDER BY id");
    };
    searchFor("zebrafish");
    searchFor("octocat");
    searchFor("invoice");

    CaptureListQuery filtered;
    filtered.methods = { "POST" };
    filtered.statusFrom = 200;
    filtered.statusTo = 299;
    filtered.contentTypePrefix = "application/json";
    double ours = timeIt([&] { model.setQuery(filtered); });
    double peer = timeIt([&] {
        raw.rows((QByteArray(kColumns)
            + " WHERE method = 'POST' AND response_status BETWEEN 200 AND 299 AND content_type LIKE "
              "'application/json%' "
              "ORDER BY id DESC LIMIT 200"));
    });
    line("filter POST + 2xx + application/json", ours, peer, "C API: same WHERE");

    CaptureListQuery rare;
    rare.methods = { "DELETE" };
    rare.statusFrom = 500;
    rare.statusTo = 599;
    rare.contentTypePrefix = "text/";
    ours = timeIt([&] { model.setQuery(rare); });
    peer = timeIt([&] {
        raw.rows((QByteArray(kColumns)
            + " WHERE method = 'DELETE' AND response_status BETWEEN 500 AND 599 AND content_type LIKE 'text/%' "
              "ORDER BY id DESC LIMIT 200"));
    });
    line(QByteArray("filter DELETE + 5xx + text/ (" + QByteArray::number(model.rowCount()) + " rows)"), ours, peer,
        "C API: same WHERE");

    CaptureReader reader;
    QString error;
    reader.open(path, &error);
    ours = timeIt([&] { reader.countMatching(filtered, &error); });
    peer = timeIt([&] {
        raw.rows("SELECT count(*) FROM captures WHERE method = 'POST' AND response_status BETWEEN 200 AND 299 AND "
                 "content_type LIKE 'application/json%'");
    });
    line("count POST + 2xx + json (background)", ours, peer, "C API: same count");
    CaptureListQuery common;
    common.search = QStringLiteral("invoice");
    ours = timeIt([&] { reader.countMatching(common, &error); });
    peer = timeIt([&] { raw.rows("SELECT count(*) FROM capture_search WHERE capture_search MATCH '\"invoice\"*'"); });
    line("count search \"invoice\" (background)", ours, peer, "C API: FTS count");

    // Back to everything, then all the way down.
    model.setQuery({});
    QCoreApplication::processEvents();
    ours = timeIt([&] {
        while (model.canFetchMore({}))
            model.fetchMore({});
        view.scrollToBottom();
        QCoreApplication::processEvents();
    });
    peer = timeIt([&] {
        qint64 before = std::numeric_limits<qint64>::max();
        for (;;) {
            const auto [n, last]
                = raw.rows((QByteArray(kColumns) + " WHERE id < ? ORDER BY id DESC LIMIT 200"), before);
            if (n < kPageSize)
                break;
            before = last;
        }
    });
    line(QByteArray("scroll to the oldest (" + QByteArray::number(model.rowCount()) + " rows)"), ours, peer,
        "C API: same keyset pages");
    std::printf("%-44s %10.1f MiB\n", "resident memory at the oldest row", rssMiB());
    return 0;
}

// Every row at once into QSqlQueryModel, as a list without paging would: its time and memory.
int measureNaive(const QString& path)
{
    const double before = rssMiB();
    QElapsedTimer timer;
    timer.start();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("naive"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        db.open();
        QSqlQueryModel naive;
        naive.setQuery(QString::fromLatin1(kColumns) + QStringLiteral(" ORDER BY id DESC"), db);
        while (naive.canFetchMore())
            naive.fetchMore();
        std::printf("%-44s %10.1f ms  %lld rows, resident %.1f MiB (+%.1f)\n", "naive model: every row loaded",
            msSince(timer), static_cast<long long>(naive.rowCount()), rssMiB(), rssMiB() - before);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("naive"));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.value(0) == QStringLiteral("--index-sql")) {
        std::printf("%s\n", kIndexSql);
        return 0;
    }
    // Each measurement in a fresh process, so memory figures are its own.
    if (args.value(0) == QStringLiteral("--measure"))
        return measure(args.value(1), args.value(2) == QStringLiteral("index"));
    if (args.value(0) == QStringLiteral("--naive"))
        return measureNaive(args.value(1));

    const QString path = args.value(0, QStringLiteral("/tmp/hookscope-bench-1m.sqlite"));
    const qint64 rows = args.value(1, QStringLiteral("1000000")).toLongLong();
    if (!QFileInfo::exists(path) && !generate(path, rows))
        return 1;
    std::printf("database: %s, %.0f MiB\n", qPrintable(path), double(QFileInfo(path).size()) / (1024 * 1024));
    const auto child = [&](const QStringList& childArgs) {
        std::fflush(stdout);
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(QCoreApplication::applicationFilePath(), childArgs);
        p.waitForFinished(-1);
    };
    child({ QStringLiteral("--measure"), path });
    {
        const RawSqlite db(path);
        sqlite3* rw = nullptr;
        sqlite3_open(path.toUtf8().constData(), &rw);
        QElapsedTimer t;
        t.start();
        sqlite3_exec(rw, kIndexSql, nullptr, nullptr, nullptr);
        std::printf("\ncreating the index took %.1f s\n", msSince(t) / 1000);
        sqlite3_close(rw);
    }
    child({ QStringLiteral("--measure"), path, QStringLiteral("index") });
    {
        sqlite3* rw = nullptr;
        sqlite3_open(path.toUtf8().constData(), &rw);
        sqlite3_exec(rw, "DROP INDEX captures_list_filters", nullptr, nullptr, nullptr);
        sqlite3_close(rw);
    }
    std::printf("\n");
    child({ QStringLiteral("--naive"), path });
    return 0;
}
