// SPDX-License-Identifier: MIT
// The reader's filters against a real database written by the real store: each filter, alone and combined
// with search, lists exactly the expected captures, newest first, page after page; the count agrees; search
// means the same whether the index covers every row, half of them or none.
#include "core/storage/capturereader.h"
#include "capturefixture.h"

#include <QTest>

using namespace hookscope;
using namespace hookscope::test;

Q_DECLARE_METATYPE(hookscope::CaptureListQuery)

namespace {

CaptureListQuery methods(QList<QByteArray> list)
{
    CaptureListQuery q;
    q.methods = std::move(list);
    return q;
}
CaptureListQuery target(const QByteArray& part)
{
    CaptureListQuery q;
    q.targetContains = part;
    return q;
}
CaptureListQuery status(int from, int to)
{
    CaptureListQuery q;
    q.statusFrom = from;
    q.statusTo = to;
    return q;
}
CaptureListQuery contentType(const QByteArray& prefix)
{
    CaptureListQuery q;
    q.contentTypePrefix = prefix;
    return q;
}
CaptureListQuery received(qint64 fromSecond, qint64 toSecond)
{
    CaptureListQuery q;
    q.receivedFromUs = fromSecond > 0 ? kBaseUs + fromSecond * kSecondUs : 0;
    q.receivedToUs = toSecond > 0 ? kBaseUs + toSecond * kSecondUs : 0;
    return q;
}
CaptureListQuery search(const QString& text, CaptureListQuery q = {})
{
    q.search = text;
    return q;
}

QList<qint64> idsOf(const QList<CaptureSummary>& rows)
{
    QList<qint64> ids;
    for (const CaptureSummary& s : rows)
        ids.append(s.id);
    return ids;
}

} // namespace

class TstCaptureFilters final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void filters_data();
    void filters();
    void liveMatchingAgreesWithSql_data() { filters_data(); }
    void liveMatchingAgreesWithSql();
    void countsComeFromOneSnapshot();

private:
    // One database per state of the search index and the retention catalog: every row in them, half, none.
    struct Database {
        std::unique_ptr<CaptureFixture> fixture;
        CaptureReader reader;
    };
    std::array<Database, 3> m_databases;
    QList<CaptureSummary> m_all;
};

void TstCaptureFilters::initTestCase()
{
    const std::array<qint64, 3> indexedUpto { 12, 6, 0 };
    for (size_t i = 0; i < m_databases.size(); ++i) {
        Database& db = m_databases.at(i);
        db.fixture = std::make_unique<CaptureFixture>();
        QVERIFY(db.fixture->ok());
        const QList<qint64> ids = db.fixture->add(filterSamples());
        QCOMPARE(ids, (QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }));
        QVERIFY(db.fixture->closeWithIndexesUpTo(indexedUpto.at(i)));
        QString error;
        QVERIFY2(db.reader.open(db.fixture->path(), &error), qPrintable(error));
    }
    CaptureListQuery all;
    all.limit = 0;
    QString error;
    m_all = m_databases.at(0).reader.list(all, &error).value_or(QList<CaptureSummary> {});
    QCOMPARE(m_all.size(), 12);
}

void TstCaptureFilters::filters_data()
{
    QTest::addColumn<CaptureListQuery>("query");
    QTest::addColumn<QList<qint64>>("expected");

    QTest::addRow("no filter") << CaptureListQuery {} << QList<qint64> { 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
    QTest::addRow("method POST") << methods({ "POST" }) << QList<qint64> { 12, 10, 8, 4, 3, 2 };
    QTest::addRow("methods GET or DELETE") << methods({ "GET", "DELETE" }) << QList<qint64> { 11, 7, 1 };
    QTest::addRow("method is case-sensitive") << methods({ "post" }) << QList<qint64> {};
    QTest::addRow("target contains github") << target("github") << QList<qint64> { 12, 11, 9, 4, 2 };
    QTest::addRow("target bytes are case-sensitive") << target("Github") << QList<qint64> { 5 };
    QTest::addRow("target contains a query") << target("?") << QList<qint64> { 9, 3 };
    QTest::addRow("target prefix") << target("/hooks/s") << QList<qint64> { 8, 3 };
    QTest::addRow("2xx") << status(200, 299) << QList<qint64> { 12, 11, 9, 5, 3, 2, 1 };
    QTest::addRow("3xx") << status(300, 399) << QList<qint64> { 8 };
    QTest::addRow("4xx includes rejected") << status(400, 499) << QList<qint64> { 10, 7, 6 };
    QTest::addRow("5xx") << status(500, 599) << QList<qint64> { 4 };
    QTest::addRow("exactly 404") << status(404, 404) << QList<qint64> { 7 };
    {
        CaptureListQuery q;
        q.rejectedOnly = true;
        QTest::addRow("rejected") << q << QList<qint64> { 6 };
    }
    QTest::addRow("json, any case, any parameters")
        << contentType("application/json") << QList<qint64> { 12, 8, 4, 3, 2 };
    QTest::addRow("text/ prefix") << contentType("text/") << QList<qint64> { 9 };
    QTest::addRow("LIKE wildcards are literal") << contentType("application%") << QList<qint64> {};
    QTest::addRow("underscore is literal") << contentType("applicatio_/json") << QList<qint64> {};
    QTest::addRow("time from..to inclusive") << received(4, 7) << QList<qint64> { 7, 6, 5, 4 };
    QTest::addRow("time from") << received(10, 0) << QList<qint64> { 12, 11, 10 };
    QTest::addRow("time to") << received(0, 2) << QList<qint64> { 2, 1 };
    {
        CaptureListQuery q = received(4, 7);
        q.methods = { "POST" };
        QTest::addRow("time + method") << q << QList<qint64> { 4 };
    }
    {
        CaptureListQuery q = methods({ "POST" });
        q.statusFrom = 200;
        q.statusTo = 299;
        q.contentTypePrefix = "application/json";
        QTest::addRow("POST + 2xx + json") << q << QList<qint64> { 12, 3, 2 };
    }
    QTest::addRow("search alone") << search(QStringLiteral("zen")) << QList<qint64> { 9, 8, 5, 2 };
    QTest::addRow("search covers rejected bytes and any case")
        << search(QStringLiteral("github")) << QList<qint64> { 12, 11, 9, 6, 5, 4, 2 };
    QTest::addRow("search two words") << search(QStringLiteral("action open")) << QList<qint64> { 12, 2 };
    QTest::addRow("search + method") << search(QStringLiteral("zen"), methods({ "POST" })) << QList<qint64> { 8, 2 };
    QTest::addRow("search + content type")
        << search(QStringLiteral("zen"), contentType("application/json")) << QList<qint64> { 8, 2 };
    QTest::addRow("search + 5xx") << search(QStringLiteral("github"), status(500, 599)) << QList<qint64> { 4 };
    QTest::addRow("search + rejected") << search(QStringLiteral("github"), [] {
        CaptureListQuery q;
        q.rejectedOnly = true;
        return q;
    }()) << QList<qint64> { 6 };
    QTest::addRow("search + time") << search(QStringLiteral("github"), received(5, 11))
                                   << QList<qint64> { 11, 9, 6, 5 };
    QTest::addRow("search + target") << search(QStringLiteral("opened"), target("/hooks/github"))
                                     << QList<qint64> { 12, 2 };
    QTest::addRow("search without a match") << search(QStringLiteral("nowhere")) << QList<qint64> {};
}

void TstCaptureFilters::filters()
{
    QFETCH(CaptureListQuery, query);
    QFETCH(QList<qint64>, expected);
    for (size_t i = 0; i < m_databases.size(); ++i) {
        const CaptureReader& reader = m_databases.at(i).reader;
        const QByteArray where = "database " + QByteArray::number(qulonglong(i));
        QString error;
        // All at once.
        CaptureListQuery all = query;
        all.limit = 0;
        const auto rows = reader.list(all, &error);
        QVERIFY2(rows, qPrintable(error));
        QVERIFY2(idsOf(*rows) == expected, where.constData());
        // Page by page: the same rows, in the same order, none twice.
        for (const int pageSize : { 1, 2, 5 }) {
            QList<qint64> paged;
            CaptureListQuery page = query;
            page.limit = pageSize;
            for (int guard = 0; guard < 20; ++guard) {
                const auto chunk = reader.list(page, &error);
                QVERIFY2(chunk, qPrintable(error));
                QVERIFY(chunk->size() <= pageSize);
                paged += idsOf(*chunk);
                if (chunk->size() < pageSize)
                    break;
                page.beforeId = chunk->last().id;
            }
            QVERIFY2(paged == expected, where.constData());
        }
        // Bounded from both sides, as the model's live catch-up asks.
        CaptureListQuery window = all;
        window.afterId = 4;
        window.beforeId = 10;
        QList<qint64> inWindow;
        for (const qint64 id : std::as_const(expected)) {
            if (id > 4 && id < 10)
                inWindow.append(id);
        }
        const auto windowRows = reader.list(window, &error);
        QVERIFY2(windowRows, qPrintable(error));
        QVERIFY2(idsOf(*windowRows) == inWindow, where.constData());

        const auto count = reader.countMatching(query, &error);
        QVERIFY2(count, qPrintable(error));
        QCOMPARE(*count, qint64(expected.size()));
        QCOMPARE(reader.count(), qint64(12));
    }
}

void TstCaptureFilters::liveMatchingAgreesWithSql()
{
    QFETCH(CaptureListQuery, query);
    // Search needs the database; every other filter must mean the same in memory as in SQL.
    query.search.clear();
    query.limit = 0;
    QString error;
    const auto rows = m_databases.at(0).reader.list(query, &error);
    QVERIFY2(rows, qPrintable(error));
    const QList<qint64> inSql = idsOf(*rows);
    for (const CaptureSummary& s : std::as_const(m_all))
        QVERIFY2(query.matchesWithoutSearch(s) == inSql.contains(s.id), qPrintable(QString::number(s.id)));
}

void TstCaptureFilters::countsComeFromOneSnapshot()
{
    const CaptureReader& reader = m_databases.at(1).reader;
    QString error;
    const auto counts = reader.counts(search(QStringLiteral("github")), &error);
    QVERIFY2(counts, qPrintable(error));
    QCOMPARE(counts->total, qint64(12));
    QCOMPARE(counts->matching, qint64(7));
    QCOMPARE(counts->newestId, qint64(12));
    const auto unfiltered = reader.counts({}, &error);
    QVERIFY2(unfiltered, qPrintable(error));
    QCOMPARE(unfiltered->matching, qint64(12));
}

QTEST_GUILESS_MAIN(TstCaptureFilters)
#include "tst_capturefilters.moc"
