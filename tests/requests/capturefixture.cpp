// SPDX-License-Identifier: MIT
#include "capturefixture.h"

#include "core/capture/headerfield.h"
#include "core/storage/capturereader.h"

#include <QDateTime>
#include <QEventLoop>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>

namespace hookscope::test {

CapturedRequest makeCapture(const Sample& sample)
{
    CapturedRequest c;
    c.receivedUs = sample.receivedUs > 0 ? sample.receivedUs : QDateTime::currentMSecsSinceEpoch() * 1000;
    c.completeUs = c.receivedUs + 10;
    c.remoteAddress = sample.remoteAddress;
    c.remotePort = sample.remotePort;
    c.localAddress = QStringLiteral("127.0.0.1");
    c.localPort = 8080;
    c.responseStatus = sample.status;
    c.responseHeaders = { { "Content-Length", "0" } };
    if (sample.rejected) {
        c.rejected = true;
        c.rejectReason = QStringLiteral("malformed request line");
        c.rawPrefix = sample.method + ' ' + sample.target + " HTTP/9\r\n" + sample.body;
        return c;
    }
    c.method = sample.method;
    c.target = sample.target;
    const qsizetype q = c.target.indexOf('?');
    c.path = q < 0 ? c.target : c.target.left(q);
    c.query = q < 0 ? QByteArray() : c.target.mid(q + 1);
    c.httpVersion = "HTTP/1.1";
    c.headers = { { "Host", "localhost:8080" } };
    if (!sample.contentType.isEmpty())
        c.headers.append({ "Content-Type", sample.contentType });
    c.headers.append({ "Content-Length", QByteArray::number(sample.body.size()) });
    c.head = c.method + ' ' + c.target + " HTTP/1.1\r\n" + headers::serialize(c.headers) + "\r\n";
    c.body = sample.body;
    return c;
}

QList<Sample> filterSamples()
{
    const auto at = [](int i, Sample s) {
        s.receivedUs = kBaseUs + i * kSecondUs;
        return s;
    };
    return {
        at(1, { "GET", "/health", 200, "", "" }),
        at(2, { "POST", "/hooks/github", 200, "application/json", R"({"action":"opened","zen":"keep it simple"})" }),
        at(3,
            { "POST", "/hooks/stripe?event=charge", 200, "application/json; charset=utf-8",
                R"({"type":"charge.succeeded"})" }),
        at(4, { "POST", "/hooks/github", 500, "application/json", R"({"action":"closed"})" }),
        at(5, { "PUT", "/hooks/Github", 204, "application/x-www-form-urlencoded", "a=1&b=zen" }),
        at(6, { "POST", "/hooks/github", 400, "", "garbage", 0, true }),
        at(7, { "DELETE", "/items/7", 404, "", "" }),
        at(8, { "POST", "/hooks/slack", 302, "Application/JSON", R"({"zen":"x"})" }),
        at(9, { "PATCH", "/hooks/github?x=1", 201, "text/plain", "hello zen" }),
        at(10, { "POST", "/upload", 413, "multipart/form-data; boundary=x", "--x--" }),
        at(11, { "GET", "/hooks/github", 200, "", "" }),
        at(12, { "POST", "/hooks/github", 200, "application/json", R"({"action":"opened"})" }),
    };
}

CaptureFixture::CaptureFixture()
{
    m_ok = m_dir.isValid() && m_store.open(path());
}

CaptureFixture::~CaptureFixture()
{
    m_store.close();
}

QList<qint64> CaptureFixture::add(const QList<Sample>& samples)
{
    QList<quint64> tickets;
    QHash<quint64, qint64> ids;
    QEventLoop loop;
    const auto connection
        = QObject::connect(&m_store, &CaptureSink::committed, &loop, [&](const QList<CommitReceipt>& receipts) {
              for (const CommitReceipt& r : receipts)
                  ids.insert(r.ticket, r.id);
              if (ids.size() >= tickets.size())
                  loop.quit();
          });
    for (const Sample& s : samples)
        tickets.append(m_store.submit(makeCapture(s)));
    m_store.flush();
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    if (ids.size() < tickets.size())
        loop.exec();
    QObject::disconnect(connection);
    QList<qint64> out;
    for (const quint64 t : std::as_const(tickets))
        out.append(ids.value(t));
    return out;
}

bool CaptureFixture::closeWithIndexesUpTo(qint64 upto)
{
    m_store.flushSearchIndex();
    m_store.close();
    const QString name = QStringLiteral("unindex");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path());
        QSqlQuery q(db);
        // The index reads deleted rows' text from the same view it indexed them from (schema step 5).
        ok = db.open()
            && q.exec(QStringLiteral("INSERT INTO capture_search (capture_search, rowid, method, target, headers, "
                                     "body) SELECT 'delete', id, method, target, headers, body FROM "
                                     "capture_search_source WHERE id > %1")
                          .arg(upto))
            && q.exec(QStringLiteral("UPDATE store_state SET value = %1 WHERE key = 'indexed_upto'").arg(upto))
            && q.exec(QStringLiteral("DELETE FROM capture_catalog WHERE id > %1").arg(upto));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

CaptureSummary CaptureFixture::summary(qint64 id)
{
    CaptureReader reader;
    QString error;
    if (!reader.open(path(), &error))
        return {};
    CaptureListQuery query;
    query.beforeId = id + 1;
    query.afterId = id - 1;
    const auto rows = reader.list(query, &error);
    return rows && !rows->isEmpty() ? rows->first() : CaptureSummary {};
}

} // namespace hookscope::test
