// SPDX-License-Identifier: MIT
// The request list, offscreen, over real databases written by the real store and a real receiver on
// 127.0.0.1: filters narrow the rows, pages follow each other without gaps or repeats while live rows arrive,
// a request appears within 100 ms of its capture, the selection and the rows on screen stay put, and a
// database that does not exist yet is no problem.
#include "core/http/receiver.h"
#include "ui/requests/filterbar.h"
#include "ui/requests/requestlistmodel.h"
#include "ui/requests/requestlistview.h"
#include "capturefixture.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QColor>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace hookscope;
using namespace hookscope::test;

Q_DECLARE_METATYPE(hookscope::CaptureListQuery)

namespace {

QList<qint64> modelIds(const RequestListModel& model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.idAt(row));
    return ids;
}

QString cell(const RequestListModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

void fetchAll(RequestListModel& model)
{
    while (model.canFetchMore({}))
        model.fetchMore({});
}

// Stores `count` captures and announces them to the model as the receiver would.
QList<qint64> addLive(CaptureFixture& fixture, RequestListModel& model, int count, const QByteArray& method = "POST")
{
    QList<Sample> samples;
    for (int i = 0; i < count; ++i)
        samples.append({ method, "/live/" + QByteArray::number(i) });
    const QList<qint64> ids = fixture.add(samples);
    for (const qint64 id : ids)
        model.addLive(fixture.summary(id));
    return ids;
}

// The id of the row at the top edge of the view.
qint64 topVisibleId(const RequestListView& view)
{
    return view.indexAt(QPoint(2, 2)).data(RequestListModel::CaptureIdRole).toLongLong();
}

bool isDescendingWithoutRepeats(const QList<qint64>& ids)
{
    for (qsizetype i = 1; i < ids.size(); ++i) {
        if (ids.at(i) >= ids.at(i - 1))
            return false;
    }
    return true;
}

} // namespace

class TstRequestList final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void filtersNarrowTheList_data();
    void filtersNarrowTheList();
    void pagesWithoutGapsOrRepeatsWhileLiveRowsArrive();
    void passesTheModelTester();
    void liveRequestAppearsWithin100ms();
    void liveRowsHonourSearchAndFilters();
    void databaseThatDoesNotExistYet();
    void unstoredRowsAreShownMarked();
    void editsAndCounts();
    void selectionAndScrollDoNotJump();
    void followNewest();
    void viewStateRoundTrips();
    void filterBarDebouncesAndDescribesTheQuery();
    void filterBarNamesEveryControl();
    void filterBarDrivesTheModel();
};

void TstRequestList::filtersNarrowTheList_data()
{
    QTest::addColumn<CaptureListQuery>("query");
    QTest::addColumn<QList<qint64>>("expected");
    const auto with = [](const std::function<void(CaptureListQuery&)>& set) {
        CaptureListQuery q;
        set(q);
        return q;
    };
    QTest::addRow("everything") << CaptureListQuery {} << QList<qint64> { 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
    QTest::addRow("method") << with([](auto& q) { q.methods = { "GET" }; }) << QList<qint64> { 11, 1 };
    QTest::addRow("path") << with([](auto& q) { q.targetContains = "/hooks/github"; })
                          << QList<qint64> { 12, 11, 9, 4, 2 };
    QTest::addRow("status class") << with([](auto& q) {
        q.statusFrom = 400;
        q.statusTo = 499;
    }) << QList<qint64> { 10, 7, 6 };
    QTest::addRow("rejected") << with([](auto& q) { q.rejectedOnly = true; }) << QList<qint64> { 6 };
    QTest::addRow("content type") << with([](auto& q) { q.contentTypePrefix = "application/json"; })
                                  << QList<qint64> { 12, 8, 4, 3, 2 };
    QTest::addRow("time range") << with([](auto& q) {
        q.receivedFromUs = kBaseUs + 3 * kSecondUs;
        q.receivedToUs = kBaseUs + 5 * kSecondUs;
    }) << QList<qint64> { 5, 4, 3 };
    QTest::addRow("search") << with([](auto& q) { q.search = QStringLiteral("zen"); }) << QList<qint64> { 9, 8, 5, 2 };
    QTest::addRow("search + method + content type") << with([](auto& q) {
        q.search = QStringLiteral("zen");
        q.methods = { "POST" };
        q.contentTypePrefix = "application/json";
    }) << QList<qint64> { 8, 2 };
}

void TstRequestList::filtersNarrowTheList()
{
    QFETCH(CaptureListQuery, query);
    QFETCH(QList<qint64>, expected);
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    fixture.add(filterSamples());
    RequestListModel model;
    model.setPageSize(2); // several pages even here
    QSignalSpy counts(&model, &RequestListModel::countsChanged);
    model.setDatabasePath(fixture.path());
    model.setQuery(query);
    fetchAll(model);
    QCOMPARE(modelIds(model), expected);
    QTRY_COMPARE(model.matchingCount(), qint64(expected.size()));
    QCOMPARE(model.totalCount(), qint64(12));
    QCOMPARE(counts.last().at(0).toLongLong(), qint64(expected.size()));
}

void TstRequestList::pagesWithoutGapsOrRepeatsWhileLiveRowsArrive()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    QList<Sample> samples;
    for (int i = 0; i < 1000; ++i)
        samples.append({ i % 2 ? "POST" : "GET", "/old/" + QByteArray::number(i) });
    fixture.add(samples);

    RequestListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(true);
    model.setPageSize(50);
    model.setDatabasePath(fixture.path());
    CaptureListQuery posts;
    posts.methods = { "POST" };
    model.setQuery(posts);
    QVERIFY(model.rowCount() >= 50); // the tester fetches more on its own

    qint64 expectedRows = 500;
    for (int round = 0; model.canFetchMore({}); ++round) {
        const int before = model.rowCount();
        model.fetchMore({});
        QVERIFY(model.rowCount() >= before); // the last page may come back empty
        if (round % 3 == 0) {
            // Live rows between pages: the POSTs go on top, the GETs are filtered out.
            const QList<qint64> posted = addLive(fixture, model, 4, "POST");
            addLive(fixture, model, 3, "GET");
            expectedRows += posted.size();
            QTRY_COMPARE(model.idAt(0), posted.last());
        }
    }
    const QList<qint64> ids = modelIds(model);
    QCOMPARE(ids.size(), expectedRows);
    QVERIFY(isDescendingWithoutRepeats(ids));
    // Exactly what the database holds for the query.
    CaptureReader reader;
    QString error;
    QVERIFY2(reader.open(fixture.path(), &error), qPrintable(error));
    CaptureListQuery all = posts;
    all.limit = 0;
    QList<qint64> stored;
    for (const CaptureSummary& s : reader.list(all, &error).value_or(QList<CaptureSummary> {}))
        stored.append(s.id);
    QCOMPARE(ids, stored);
    QTRY_COMPARE(model.matchingCount(), expectedRows);
}

void TstRequestList::passesTheModelTester()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    fixture.add(filterSamples());
    RequestListModel model;
    model.setPageSize(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(true);
    model.setDatabasePath(fixture.path());
    fetchAll(model);
    addLive(fixture, model, 3);
    QTRY_COMPARE(model.rowCount(), 15);
    CaptureSummary lost;
    lost.method = "POST";
    lost.target = "/lost";
    lost.storeError = QStringLiteral("disk full");
    model.addLive(lost);
    model.removeIds({ 3, 5 });
    model.setPinned(4, true);
    model.setSignature(2, CaptureSignature::State::Valid, QStringLiteral("github"));
    CaptureListQuery q;
    q.search = QStringLiteral("github");
    model.setQuery(q);
    fetchAll(model);
    model.reload();
    QVERIFY(model.rowCount() > 0);
}

void TstRequestList::liveRequestAppearsWithin100ms()
{
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("captures.sqlite"))), qPrintable(store.errorString()));
    Receiver receiver(&store);
    QVERIFY(receiver.start({}));
    RequestListModel model;
    model.setDatabasePath(store.path());
    QCOMPARE(model.rowCount(), 0);

    QElapsedTimer clock;
    clock.start();
    qint64 capturedAt = -1;
    qint64 shownAt = -1;
    connect(&receiver, &Receiver::captured, &model, [&] { capturedAt = clock.nsecsElapsed(); });
    connect(&receiver, &Receiver::captured, &model, &RequestListModel::addLive);
    connect(&model, &QAbstractItemModel::rowsInserted, &model, [&] { shownAt = clock.nsecsElapsed(); });

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, receiver.port());
    QVERIFY(client.waitForConnected(5000));
    const QByteArray request = "POST /hooks/orders?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                               "Content-Length: 2\r\n\r\n{}";
    client.write(request);
    QTRY_COMPARE(model.rowCount(), 1);
    QVERIFY(capturedAt >= 0 && shownAt >= capturedAt);
    const double delayMs = double(shownAt - capturedAt) / 1e6;
    qInfo("shown %.2f ms after the capture signal", delayMs);
    QVERIFY2(delayMs < 100, qPrintable(QString::number(delayMs)));

    QVERIFY(model.idAt(0) > 0);
    QCOMPARE(cell(model, 0, RequestListModel::MethodColumn), QStringLiteral("POST"));
    QCOMPARE(cell(model, 0, RequestListModel::PathColumn), QStringLiteral("/hooks/orders?x=1"));
    QCOMPARE(cell(model, 0, RequestListModel::StatusColumn), QStringLiteral("200"));
    QCOMPARE(cell(model, 0, RequestListModel::ContentTypeColumn), QStringLiteral("application/json"));
    QCOMPARE(cell(model, 0, RequestListModel::SourceColumn), QStringLiteral("127.0.0.1:%1").arg(client.localPort()));
    QCOMPARE(cell(model, 0, RequestListModel::SizeColumn),
        QLocale::c().formattedDataSize(request.size(), 1, QLocale::DataSizeIecFormat));
    QVERIFY(cell(model, 0, RequestListModel::TimeColumn).contains(QLatin1Char('.'))); // milliseconds

    // A rejected request is listed too, marked, with its reason.
    QTcpSocket bad;
    bad.connectToHost(QHostAddress::LocalHost, receiver.port());
    QVERIFY(bad.waitForConnected(5000));
    bad.write("GET /no-host HTTP/1.1\r\n\r\n");
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, RequestListModel::StatusColumn), QStringLiteral("400 rejected"));
    QVERIFY(cell(model, 0, RequestListModel::StatusColumn, Qt::ToolTipRole).contains(QStringLiteral("Host")));
    QVERIFY(model.data(model.index(0, RequestListModel::StatusColumn), Qt::ForegroundRole).canConvert<QColor>());
    QVERIFY(!model.data(model.index(1, RequestListModel::StatusColumn), Qt::ForegroundRole).isValid());
    QCOMPARE(model.data(model.index(0, 0), RequestListModel::RejectedRole).toBool(), true);
    QTRY_COMPARE(model.matchingCount(), qint64(2));
}

void TstRequestList::liveRowsHonourSearchAndFilters()
{
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("captures.sqlite"))));
    Receiver receiver(&store);
    QVERIFY(receiver.start({}));
    RequestListModel model;
    model.setDatabasePath(store.path());
    CaptureListQuery query;
    query.search = QStringLiteral("invoice"); // only in the body, which the live summary does not carry
    query.methods = { "POST" };
    model.setQuery(query);
    connect(&receiver, &Receiver::captured, &model, &RequestListModel::addLive);
    QSignalSpy captured(&receiver, &Receiver::captured);

    const auto send = [&](const QByteArray& method, const QByteArray& body) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, receiver.port());
        QVERIFY(client.waitForConnected(5000));
        client.write(method + " /hooks HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body);
        // The receiver runs on this thread: wait for the answer without blocking it.
        QTRY_VERIFY(client.bytesAvailable() > 0);
    };
    send("POST", R"({"type":"invoice.paid"})");
    send("POST", R"({"type":"charge.paid"})");
    send("PUT", R"({"type":"invoice.paid"})");
    send("POST", R"({"type":"Invoice.created"})");
    QTRY_COMPARE(captured.size(), 4);
    QTRY_COMPARE(model.rowCount(), 2);
    QTest::qWait(50); // nothing else trickles in
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.idAt(0), captured.at(3).at(0).value<CaptureSummary>().id);
    QCOMPARE(model.idAt(1), captured.at(0).at(0).value<CaptureSummary>().id);
}

void TstRequestList::databaseThatDoesNotExistYet()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("later/captures.sqlite"));
    RequestListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(true);
    QSignalSpy errors(&model, &RequestListModel::errorOccurred);
    model.setDatabasePath(path);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.matchingCount(), qint64(0));
    model.reload();
    QCOMPARE(model.rowCount(), 0);

    CaptureStore store;
    QVERIFY(store.open(path));
    Receiver receiver(&store);
    QVERIFY(receiver.start({}));
    connect(&receiver, &Receiver::captured, &model, &RequestListModel::addLive);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, receiver.port());
    QVERIFY(client.waitForConnected(5000));
    client.write("POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, RequestListModel::PathColumn), QStringLiteral("/first"));
    QTRY_COMPARE(model.matchingCount(), qint64(1));
    QCOMPARE(model.totalCount(), qint64(1));
    QCOMPARE(errors.size(), 0);
}

void TstRequestList::unstoredRowsAreShownMarked()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    fixture.add(filterSamples());
    RequestListModel model;
    model.setDatabasePath(fixture.path());
    CaptureSummary lost;
    lost.method = "POST";
    lost.target = "/hooks/lost";
    lost.status = 503;
    lost.storeError = QStringLiteral("the capture database is full");
    model.addLive(lost);
    QCOMPARE(model.rowCount(), 13);
    QCOMPARE(model.idAt(0), qint64(0));
    QCOMPARE(cell(model, 0, RequestListModel::StatusColumn), QStringLiteral("503 (not stored)"));
    QVERIFY(cell(model, 0, RequestListModel::StatusColumn, Qt::ToolTipRole).contains(QStringLiteral("full")));
    QCOMPARE(model.data(model.index(0, 0), RequestListModel::StoredRole).toBool(), false);
    // A filter it does not match keeps it out.
    CaptureListQuery gets;
    gets.methods = { "GET" };
    model.setQuery(gets);
    model.addLive(lost);
    QCOMPARE(modelIds(model), (QList<qint64> { 11, 1 }));
}

void TstRequestList::editsAndCounts()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    fixture.add(filterSamples());
    RequestListModel model;
    model.setDatabasePath(fixture.path());
    QTRY_COMPARE(model.matchingCount(), qint64(12));
    QCOMPARE(model.rowOf(7), 5);
    QCOMPARE(model.rowOf(99), -1);
    QCOMPARE(model.summaryAt(5).target, QByteArray("/items/7"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSignature(7, CaptureSignature::State::Invalid, QStringLiteral("stripe"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell(model, 5, RequestListModel::SignatureColumn), QStringLiteral("invalid (stripe)"));
    model.setSignature(7, CaptureSignature::State::Valid, QStringLiteral("stripe"));
    QCOMPARE(cell(model, 5, RequestListModel::SignatureColumn), QStringLiteral("valid (stripe)"));
    model.setPinned(7, true);
    QCOMPARE(model.data(model.index(5, 0), RequestListModel::PinnedRole).toBool(), true);
    QCOMPARE(model.summaryAt(5).pinned, true);

    model.removeIds({ 7, 1 });
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.rowOf(7), -1);
    QCOMPARE(model.matchingCount(), qint64(10));
    QCOMPARE(model.totalCount(), qint64(10));

    addLive(fixture, model, 2);
    QTRY_COMPARE(model.rowCount(), 12);
    QCOMPARE(model.matchingCount(), qint64(12));
    QCOMPARE(model.totalCount(), qint64(12));
}

void TstRequestList::selectionAndScrollDoNotJump()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    QList<Sample> samples;
    for (int i = 0; i < 300; ++i)
        samples.append({ "POST", "/old/" + QByteArray::number(i) });
    fixture.add(samples);
    RequestListModel model;
    model.setDatabasePath(fixture.path());
    RequestListView view;
    view.setModel(&model);
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // The user reads an older request further down.
    const qint64 readId = model.idAt(40);
    QVERIFY(view.selectCapture(readId));
    QCOMPARE(view.currentCaptureId(), readId);
    view.verticalScrollBar()->setValue(30);
    QTest::qWait(1);
    const qint64 topId = topVisibleId(view);
    QCOMPARE(topId, model.idAt(30));
    QSignalSpy currentChanged(&view, &RequestListView::currentCaptureChanged);

    for (int burst = 0; burst < 3; ++burst) {
        const QList<qint64> ids = addLive(fixture, model, 5);
        QTRY_COMPARE(model.idAt(0), ids.last());
        QCOMPARE(view.currentCaptureId(), readId);
        QCOMPARE(view.currentIndex().data(RequestListModel::CaptureIdRole).toLongLong(), readId);
        QCOMPARE(view.selectionModel()->selectedRows().size(), 1);
        QCOMPARE(
            view.selectionModel()->selectedRows().first().data(RequestListModel::CaptureIdRole).toLongLong(), readId);
        QCOMPARE(topVisibleId(view), topId);
    }
    QCOMPARE(currentChanged.size(), 0);

    // A new filter that still matches keeps the request selected.
    CaptureListQuery posts;
    posts.methods = { "POST" };
    model.setQuery(posts);
    fetchAll(model);
    QCOMPARE(view.currentCaptureId(), readId);
    QCOMPARE(view.currentIndex().data(RequestListModel::CaptureIdRole).toLongLong(), readId);
    QCOMPARE(currentChanged.size(), 0);
    // One that does not clears it, and says so.
    CaptureListQuery gets;
    gets.methods = { "GET" };
    model.setQuery(gets);
    QCOMPARE(view.currentCaptureId(), qint64(0));
    QCOMPARE(currentChanged.size(), 1);
    QCOMPARE(currentChanged.first().at(0).toLongLong(), qint64(0));
}

void TstRequestList::followNewest()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    QList<Sample> samples;
    for (int i = 0; i < 100; ++i)
        samples.append({ "POST", "/old/" + QByteArray::number(i) });
    fixture.add(samples);
    RequestListModel model;
    model.setDatabasePath(fixture.path());
    RequestListView view;
    view.setModel(&model);
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.followNewest());
    QVERIFY(view.followNewestAction()->isChecked());

    // At the top, following: new rows come into view, and the selection stays on its request.
    const qint64 readId = model.idAt(2);
    QVERIFY(view.selectCapture(readId));
    view.scrollToTop();
    QList<qint64> ids = addLive(fixture, model, 3);
    QTRY_COMPARE(model.idAt(0), ids.last());
    QCOMPARE(topVisibleId(view), ids.last());
    QCOMPARE(view.currentCaptureId(), readId);

    // Not following: the rows on screen stay, even at the top.
    QSignalSpy toggled(&view, &RequestListView::followNewestChanged);
    view.followNewestAction()->trigger();
    QCOMPARE(view.followNewest(), false);
    QCOMPARE(toggled.size(), 1);
    const qint64 topBefore = topVisibleId(view);
    ids = addLive(fixture, model, 4);
    QTRY_COMPARE(model.idAt(0), ids.last());
    QCOMPARE(topVisibleId(view), topBefore);

    // Following again jumps back to the newest.
    view.setFollowNewest(true);
    QCOMPARE(topVisibleId(view), ids.last());
    QVERIFY(view.followNewestAction()->isChecked());
}

void TstRequestList::viewStateRoundTrips()
{
    RequestListModel model;
    RequestListView first;
    first.setModel(&model);
    first.header()->hideSection(RequestListModel::SourceColumn);
    first.header()->moveSection(RequestListModel::StatusColumn, 0);
    first.header()->resizeSection(RequestListModel::MethodColumn, 123);
    first.setFollowNewest(false);
    const QByteArray state = first.saveState();

    RequestListView second;
    second.setModel(&model);
    QVERIFY(second.restoreState(state));
    QVERIFY(second.header()->isSectionHidden(RequestListModel::SourceColumn));
    QCOMPARE(second.header()->visualIndex(RequestListModel::StatusColumn), 0);
    QCOMPARE(second.header()->sectionSize(RequestListModel::MethodColumn), 123);
    QCOMPARE(second.followNewest(), false);
    QVERIFY(!second.restoreState(QByteArray("not a state")));
}

void TstRequestList::filterBarDebouncesAndDescribesTheQuery()
{
    FilterBar bar;
    const QDateTime now(QDate(2024, 5, 6), QTime(12, 0));
    bar.setClock([now] { return now; });
    QSignalSpy changed(&bar, &FilterBar::queryChanged);
    auto* search = bar.findChild<QLineEdit*>(QStringLiteral("search"));
    QVERIFY(search);

    QElapsedTimer timer;
    timer.start();
    QTest::keyClicks(search, QStringLiteral("invoice paid"));
    QCOMPARE(changed.size(), 0); // not on every key
    QVERIFY(changed.wait(2000));
    QVERIFY(timer.elapsed() >= FilterBar::kDebounceMs * 9 / 10); // coarse timers may fire 5% early
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.last().at(0).value<CaptureListQuery>().search, QStringLiteral("invoice paid"));

    // Lists apply at once.
    auto* method = bar.findChild<QComboBox*>(QStringLiteral("method"));
    method->setCurrentIndex(method->findText(QStringLiteral("POST")));
    QCOMPARE(changed.size(), 2);
    auto* status = bar.findChild<QComboBox*>(QStringLiteral("status"));
    status->setCurrentIndex(status->findText(QStringLiteral("4xx")));
    CaptureListQuery q = changed.last().at(0).value<CaptureListQuery>();
    QCOMPARE(q.methods, (QList<QByteArray> { "POST" }));
    QCOMPARE(q.statusFrom, 400);
    QCOMPARE(q.statusTo, 499);
    status->setCurrentIndex(status->findText(QStringLiteral("Rejected")));
    q = changed.last().at(0).value<CaptureListQuery>();
    QVERIFY(q.rejectedOnly);
    QCOMPARE(q.statusFrom, 0);

    bar.findChild<QLineEdit*>(QStringLiteral("path"))->setText(QStringLiteral("/hooks/"));
    bar.findChild<QComboBox*>(QStringLiteral("contentType"))->setEditText(QStringLiteral("application/json"));
    QVERIFY(changed.wait(2000));
    q = changed.last().at(0).value<CaptureListQuery>();
    QCOMPARE(q.targetContains, QByteArray("/hooks/"));
    QCOMPARE(q.contentTypePrefix, QByteArray("application/json"));

    const qint64 nowUs = now.toMSecsSinceEpoch() * 1000;
    bar.setTimeRange(FilterBar::TimeRange::Last5Minutes);
    QCOMPARE(changed.last().at(0).value<CaptureListQuery>().receivedFromUs, nowUs - 300'000'000);
    bar.setTimeRange(FilterBar::TimeRange::LastHour);
    QCOMPARE(changed.last().at(0).value<CaptureListQuery>().receivedFromUs, nowUs - 3'600'000'000);
    bar.setTimeRange(FilterBar::TimeRange::Today);
    QCOMPARE(changed.last().at(0).value<CaptureListQuery>().receivedFromUs,
        QDateTime(now.date(), QTime(0, 0)).toMSecsSinceEpoch() * 1000);
    const QDateTime from(QDate(2024, 5, 1), QTime(9, 0));
    const QDateTime to(QDate(2024, 5, 2), QTime(18, 30, 15));
    bar.setCustomRange(from, to);
    q = changed.last().at(0).value<CaptureListQuery>();
    QCOMPARE(q.receivedFromUs, from.toMSecsSinceEpoch() * 1000);
    QCOMPARE(q.receivedToUs, to.toMSecsSinceEpoch() * 1000 + 999'999);

    bar.setCounts(3, 1200);
    auto* count = bar.findChild<QLabel*>(QStringLiteral("count"));
    QCOMPARE(count->text(), QStringLiteral("3 of %1").arg(QLocale().toString(1200)));
    const int before = int(changed.size());
    bar.clearFilters();
    QCOMPARE(changed.size(), before + 1);
    QCOMPARE(changed.last().at(0).value<CaptureListQuery>(), CaptureListQuery {});
    QTest::qWait(FilterBar::kDebounceMs + 50);
    QCOMPARE(changed.size(), before + 1); // clearing does not echo through the debounce
}

void TstRequestList::filterBarNamesEveryControl()
{
    FilterBar bar;
    bar.setTimeRange(FilterBar::TimeRange::Custom);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    int controls = 0;
    for (const QWidget* w : bar.findChildren<QWidget*>()) {
        if (w->focusPolicy() == Qt::NoFocus && !qobject_cast<const QLabel*>(w))
            continue;
        if (!w->isVisible())
            continue;
        ++controls;
        QVERIFY2(
            !w->accessibleName().isEmpty() || (w->parentWidget() && !w->parentWidget()->accessibleName().isEmpty()),
            w->metaObject()->className());
    }
    QVERIFY(controls >= 9);
}

void TstRequestList::filterBarDrivesTheModel()
{
    CaptureFixture fixture;
    QVERIFY(fixture.ok());
    fixture.add(filterSamples());
    RequestListModel model;
    model.setDatabasePath(fixture.path());
    FilterBar bar;
    connect(&bar, &FilterBar::queryChanged, &model, &RequestListModel::setQuery);
    connect(&model, &RequestListModel::countsChanged, &bar, &FilterBar::setCounts);
    auto* count = bar.findChild<QLabel*>(QStringLiteral("count"));
    QTest::keyClicks(bar.findChild<QLineEdit*>(QStringLiteral("search")), QStringLiteral("zen"));
    QTRY_COMPARE(modelIds(model), (QList<qint64> { 9, 8, 5, 2 }));
    QTRY_COMPARE(count->text(), QStringLiteral("4 of 12"));
    auto* method = bar.findChild<QComboBox*>(QStringLiteral("method"));
    method->setCurrentIndex(method->findText(QStringLiteral("POST")));
    QCOMPARE(modelIds(model), (QList<qint64> { 8, 2 }));
    QTRY_COMPARE(count->text(), QStringLiteral("2 of 12"));
}

QTEST_MAIN(TstRequestList)
#include "tst_requestlist.moc"
