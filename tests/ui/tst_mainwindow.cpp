// SPDX-License-Identifier: MIT
// The inspector window, offscreen, with a real receiver and store: requests appear live, the detail tabs show
// what arrived, the actions change the stored captures, search narrows the list, and settings survive.
#include "core/endpoints/endpointverifier.h"
#include "core/http/receiver.h"
#include "core/storage/capturereader.h"
#include "core/storage/capturestore.h"
#include "ui/body/bodyview.h"
#include "ui/detail/capturedetailview.h"
#include "ui/mainwindow.h"
#include "ui/receiverbar.h"
#include "ui/requests/filterbar.h"
#include "ui/requests/requestlistmodel.h"
#include "ui/requests/requestlistview.h"

#include <QAction>
#include <QClipboard>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;
using namespace Qt::StringLiterals;

namespace {

// GitHub's documented example delivery:
// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
const QByteArray kGitHubSecret = "It's a Secret to Everybody";
const QByteArray kGitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

// The receiver runs on this thread: wait for its answer with the event loop running, never blocked.
void send(quint16 port, const QByteArray& bytes)
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    client.write(bytes);
    QTRY_VERIFY_WITH_TIMEOUT(client.bytesAvailable() > 0, 5000);
}

QByteArray post(const QByteArray& target, const QByteArray& contentType, const QByteArray& body,
    const QByteArray& extraHeaders = {})
{
    return "POST " + target + " HTTP/1.1\r\nHost: hooks.test\r\nContent-Type: " + contentType + "\r\n" + extraHeaders
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TstMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void requestAppearsWithin100msOfItsCapture();
    void detailTabsShowWhatArrived();
    void actionsChangeTheStoredCaptures();
    void clearAllKeepsPinned();
    void searchAndFiltersNarrowTheList();
    void signatureVerdictIsShown();
    void settingsSurviveARestart();
    void warnsWhenReachableFromOtherMachines();
    void saysWhyTheReceiverIsStopped();

private:
    void openWindow();
    // Selects the newest row and waits for its detail.
    qint64 selectNewest();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CaptureStore> m_store;
    std::unique_ptr<Receiver> m_receiver;
    EndpointVerifier m_verifier;
    std::unique_ptr<MainWindow> m_window;
};

void TstMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<CaptureStore>();
    QVERIFY2(m_store->open(m_dir->filePath(u"captures.sqlite"_s)), qPrintable(m_store->errorString()));
    m_receiver = std::make_unique<Receiver>(m_store.get());
    m_receiver->setStamp([this](CapturedRequest& c) { m_verifier.stamp(c); });
    QVERIFY(m_receiver->start({}));
}

void TstMainWindow::cleanup()
{
    m_window.reset();
    m_receiver.reset();
    m_store.reset();
    m_verifier.setEntries({});
}

void TstMainWindow::openWindow()
{
    WindowServices services;
    services.receiver = m_receiver.get();
    services.store = m_store.get();
    services.verifier = &m_verifier;
    services.profileDirectory = m_dir->path();
    m_window = std::make_unique<MainWindow>(services);
    m_window->setConfirm([](const QString&) { return true; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

qint64 TstMainWindow::selectNewest()
{
    RequestListView* list = m_window->listView();
    if (list->currentIndex().row() != 0)
        list->setCurrentIndex(list->model()->index(0, 0));
    const qint64 newest = m_window->listModel()->idAt(0);
    const CaptureDetailView* detail = m_window->detailView();
    const bool shown = QTest::qWaitFor([&] { return detail->hasCapture() && detail->capture().id == newest; }, 5000);
    return shown ? newest : 0;
}

void TstMainWindow::requestAppearsWithin100msOfItsCapture()
{
    openWindow();
    QVERIFY(m_window->receiverBar()->urlText().contains(m_receiver->url().toString()));
    // The empty window says where to send and how to try it.
    QLabel* message = nullptr;
    for (QLabel* label : m_window->detailView()->findChildren<QLabel*>()) {
        if (label->accessibleName() == u"Detail message"_s)
            message = label;
    }
    QVERIFY(message);
    QVERIFY2(message->text().contains(u"No requests yet"_s), qPrintable(message->text()));
    QVERIFY(message->text().contains(u"curl -i -X POST '"_s + m_receiver->url().toString()));
    QElapsedTimer sinceCapture;
    qint64 shownAfterMs = -1;
    connect(m_receiver.get(), &Receiver::captured, this, [&] { sinceCapture.start(); });
    connect(m_window->listModel(), &QAbstractItemModel::rowsInserted, this, [&] {
        if (sinceCapture.isValid() && shownAfterMs < 0)
            shownAfterMs = sinceCapture.elapsed();
    });
    send(m_receiver->port(), post("/hooks/orders?x=1", "application/json", R"({"id":1})"));
    QTRY_VERIFY(shownAfterMs >= 0);
    QVERIFY2(shownAfterMs <= 100, qPrintable(u"shown %1 ms after its capture"_s.arg(shownAfterMs)));
    // Nothing was selected and the list follows the newest: the first webhook is shown at once.
    QTRY_VERIFY(m_window->detailView()->hasCapture());
    QCOMPARE(m_window->detailView()->capture().target, QByteArray("/hooks/orders?x=1"));
    const QAbstractItemModel* model = m_window->listModel();
    QCOMPARE(model->index(0, RequestListModel::MethodColumn).data().toString(), u"POST"_s);
    QCOMPARE(model->index(0, RequestListModel::PathColumn).data().toString(), u"/hooks/orders?x=1"_s);
    QCOMPARE(model->index(0, RequestListModel::StatusColumn).data().toString(), u"200"_s);
    QVERIFY(model->index(0, RequestListModel::ContentTypeColumn).data().toString().startsWith(u"application/json"_s));
    QTRY_VERIFY(m_window->receiverBar()->rateText() != u"0.0 req/s"_s);

    // A rejected request is listed too, marked.
    send(m_receiver->port(), "GET /no-host HTTP/1.1\r\n\r\n");
    QTRY_COMPARE(model->rowCount(), 2);
    QVERIFY(model->index(0, RequestListModel::StatusColumn).data().toString().contains(u"rejected"_s));
    // Its body tab says why there is none, not that nothing is selected; its headers are the ones read.
    QVERIFY(selectNewest() > 0);
    QLabel* bodyMessage = nullptr;
    for (QLabel* label : m_window->detailView()->bodyView()->findChildren<QLabel*>()) {
        if (label->accessibleName() == u"Body message"_s)
            bodyMessage = label;
    }
    QVERIFY(bodyMessage);
    QVERIFY2(bodyMessage->text().contains(u"Rejected before its body was read (missing Host"_s),
        qPrintable(bodyMessage->text()));
    QVERIFY(m_window->detailView()->tabs()->tabText(CaptureDetailView::Headers).contains(u"before the rejection"_s));
}

void TstMainWindow::detailTabsShowWhatArrived()
{
    openWindow();
    send(m_receiver->port(),
        post("/hooks/orders?tag=a&tag=b&q=hello+world", "application/json", R"({"order":{"id":7,"paid":true}})",
            "X-Dup: one\r\nX-Dup: two\r\n"));
    QTRY_COMPARE(m_window->listModel()->rowCount(), 1);
    QVERIFY(selectNewest() > 0);
    CaptureDetailView* detail = m_window->detailView();
    QVERIFY2(detail->overviewText().contains(u"POST /hooks/orders?tag=a&tag=b&q=hello+world HTTP/1.1"_s),
        qPrintable(detail->overviewText()));
    QVERIFY(detail->overviewText().contains(u"200 OK"_s));
    // Shown at once, before its response time was stored: the time comes in by itself, and nothing the user
    // opened in the meantime moves.
    detail->tabs()->setCurrentIndex(CaptureDetailView::Headers);
    static const QRegularExpression answered(u"answered after [0-9.]+ ms"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(
        answered.match(detail->overviewText()).hasMatch(), qPrintable(detail->overviewText()), 5000);
    QCOMPARE(detail->tabs()->currentIndex(), int(CaptureDetailView::Headers));

    QTableWidget* headers = detail->headersTable();
    QStringList names;
    for (int row = 0; row < headers->rowCount(); ++row)
        names << headers->item(row, 0)->text();
    QCOMPARE(names, (QStringList { u"Host"_s, u"Content-Type"_s, u"X-Dup"_s, u"X-Dup"_s, u"Content-Length"_s }));
    QCOMPARE(headers->item(3, 1)->text(), u"two"_s);
    headers->selectRow(2);
    const auto click = [detail](const QString& name) {
        for (QPushButton* button : detail->findChildren<QPushButton*>()) {
            if (button->accessibleName() == name)
                button->click();
        }
    };
    click(u"Copy name"_s);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"X-Dup"_s);
    click(u"Copy all"_s);
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(u"Host: hooks.test\nContent-Type: application/json\n"_s));

    const QAbstractItemModel* query = detail->queryTable()->model();
    QCOMPARE(query->rowCount(), 3);
    QCOMPARE(query->index(1, 0).data().toString(), u"tag"_s);
    QCOMPARE(query->index(1, 1).data().toString(), u"b"_s);
    QCOMPARE(query->index(2, 1).data().toString(), u"hello world"_s);

    QTRY_COMPARE(detail->bodyView()->currentView(), u"json"_s);
    QVERIFY(detail->responseText().startsWith(u"HTTP/1.1 200 OK\n"_s));
    QVERIFY(detail->responseText().contains(u"{\"ok\":true}"_s));
    QVERIFY(detail->signatureText().contains(u"no endpoint's path prefix matches /hooks/orders"_s));

    m_window->copyRaw();
    const QByteArray raw = QGuiApplication::clipboard()->mimeData()->data(u"application/octet-stream"_s);
    QVERIFY(raw.startsWith("POST /hooks/orders?tag=a&tag=b&q=hello+world HTTP/1.1\r\nHost: hooks.test\r\n"));
    QVERIFY(raw.endsWith("\r\n\r\n{\"order\":{\"id\":7,\"paid\":true}}"));
}

void TstMainWindow::actionsChangeTheStoredCaptures()
{
    openWindow();
    send(m_receiver->port(), post("/a", "text/plain", "first"));
    send(m_receiver->port(), post("/b", "text/plain", "second"));
    QTRY_COMPARE(m_window->listModel()->rowCount(), 2);
    const qint64 id = selectNewest();
    QVERIFY(id > 0);

    m_window->action(u"pin"_s)->trigger();
    m_window->setAskNote(
        [](const QString& current) -> std::optional<QString> { return current + u"retry of order 7"_s; });
    m_window->action(u"note"_s)->trigger();
    m_store->flush();
    CaptureReader reader;
    QString error;
    QVERIFY(reader.open(m_store->path(), &error));
    auto stored = reader.get(id, &error);
    QVERIFY(stored->pinned);
    QCOMPARE(stored->note, u"retry of order 7"_s);
    QVERIFY(m_window->detailView()->overviewText().contains(u"retry of order 7"_s));
    QCOMPARE(m_window->action(u"pin"_s)->text(), u"Un&pin"_s);

    // Copy as cURL, run by a shell against the same receiver: the new capture has the same bytes.
    m_window->action(u"copyCurl"_s)->trigger();
    const QString command = QGuiApplication::clipboard()->text();
    QVERIFY2(command.contains(u"curl "_s), qPrintable(command));
    QProcess shell;
    shell.start(u"sh"_s, { u"-c"_s, command + u" >/dev/null"_s });
    QTRY_COMPARE_WITH_TIMEOUT(shell.state(), QProcess::NotRunning, 15'000);
    QCOMPARE(shell.exitCode(), 0);
    QTRY_COMPARE(m_window->listModel()->rowCount(), 3);
    m_store->flush();
    const auto again = reader.get(m_window->listModel()->idAt(0), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->method, stored->method);
    QCOMPARE(again->target, stored->target);
    QCOMPARE(again->headers, stored->headers);
    QCOMPARE(again->body, stored->body);

    m_window->action(u"delete"_s)->trigger();
    m_store->flush();
    QCOMPARE(m_window->listModel()->rowCount(), 2);
    QVERIFY(!reader.get(id, &error));
    QCOMPARE(reader.count(), 2);
}

void TstMainWindow::clearAllKeepsPinned()
{
    openWindow();
    for (const char* path : { "/one", "/two", "/three" })
        send(m_receiver->port(), post(path, "text/plain", "x"));
    QTRY_COMPARE(m_window->listModel()->rowCount(), 3);
    const qint64 pinned = selectNewest();
    m_window->togglePin();
    QStringList questions;
    m_window->setConfirm([&questions](const QString& q) {
        questions << q;
        return true;
    });
    m_window->clearAll();
    QCOMPARE(questions.size(), 1);
    QTRY_COMPARE(m_window->listModel()->rowCount(), 1);
    QCOMPARE(m_window->listModel()->idAt(0), pinned);
}

void TstMainWindow::searchAndFiltersNarrowTheList()
{
    openWindow();
    send(m_receiver->port(), post("/github", "application/json", R"({"event":"push","repo":"aardvark"})"));
    send(m_receiver->port(), post("/stripe", "application/json", R"({"type":"invoice.paid"})"));
    send(m_receiver->port(), post("/form", "application/x-www-form-urlencoded", "a=1&animal=okapi"));
    QTRY_COMPARE(m_window->listModel()->rowCount(), 3);
    QLineEdit* search = nullptr;
    for (QLineEdit* edit : m_window->filterBar()->findChildren<QLineEdit*>()) {
        if (edit->accessibleName().contains(u"Search"_s, Qt::CaseInsensitive))
            search = edit;
    }
    QVERIFY(search);
    QTest::keyClicks(search, u"aardvark"_s);
    QTRY_COMPARE(m_window->listModel()->rowCount(), 1);
    QCOMPARE(m_window->listModel()->index(0, RequestListModel::PathColumn).data().toString(), u"/github"_s);
    // Nothing matching is not the same as nothing captured.
    search->clear();
    QTest::keyClicks(search, u"zebrafish"_s);
    QTRY_COMPARE(m_window->listModel()->rowCount(), 0);
    QLabel* message = nullptr;
    for (QLabel* label : m_window->detailView()->findChildren<QLabel*>()) {
        if (label->accessibleName() == u"Detail message"_s)
            message = label;
    }
    QVERIFY(message);
    QTRY_VERIFY2(message->text().contains(u"No request matches the search and filters (3 captured in all)"_s),
        qPrintable(message->text()));
    search->clear();
    QTRY_COMPARE(m_window->listModel()->rowCount(), 3);
}

void TstMainWindow::signatureVerdictIsShown()
{
    Endpoint github;
    github.name = u"github"_s;
    github.pathPrefix = u"/github"_s;
    github.scheme = u"github"_s;
    QString error;
    m_verifier.setEntries({ { github, EndpointVerifier::schemeSpecFor(github, &error), { kGitHubSecret, {} } } });
    openWindow();
    send(m_receiver->port(),
        post("/github", "text/plain", "Hello, World!", "X-Hub-Signature-256: " + kGitHubSignature + "\r\n"));
    send(m_receiver->port(),
        post("/github", "text/plain", "Hello, World?", "X-Hub-Signature-256: " + kGitHubSignature + "\r\n"));
    QTRY_COMPARE(m_window->listModel()->rowCount(), 2);
    const QAbstractItemModel* model = m_window->listModel();
    QVERIFY2(model->index(0, RequestListModel::SignatureColumn).data().toString().contains(u"invalid"_s),
        qPrintable(model->index(0, RequestListModel::SignatureColumn).data().toString()));
    QVERIFY(model->index(1, RequestListModel::SignatureColumn).data().toString().contains(u"valid"_s));
    QVERIFY(selectNewest() > 0);
    const QString verdict = m_window->detailView()->signatureText();
    QVERIFY2(verdict.contains(u"mismatch"_s), qPrintable(verdict));
    QVERIFY2(verdict.contains(u"Hello, World?"_s), qPrintable(verdict)); // the signed string, shown
    QVERIFY(!verdict.contains(QString::fromLatin1(kGitHubSecret)));
    QCOMPARE(m_window->detailView()->tabs()->tabText(CaptureDetailView::Signature), u"Signature ✗"_s);
}

void TstMainWindow::settingsSurviveARestart()
{
    openWindow();
    m_window->resize(1111, 777);
    m_window->findChild<QSplitter*>()->setSizes({ 300, 800 });
    m_window->detailView()->bodyView()->setPreferredView(u"hex"_s);
    m_window->close();
    const QList<int> sizes = m_window->findChild<QSplitter*>()->sizes();
    m_window.reset();

    openWindow();
    QCOMPARE(m_window->size(), QSize(1111, 777));
    QCOMPARE(m_window->findChild<QSplitter*>()->sizes(), sizes);
    QCOMPARE(m_window->detailView()->bodyView()->preferredView(), u"hex"_s);
}

void TstMainWindow::warnsWhenReachableFromOtherMachines()
{
    openWindow();
    QVERIFY(!m_window->receiverBar()->exposedWarningShown());
    ReceiverOptions everywhere;
    everywhere.address = QHostAddress::AnyIPv4;
    m_receiver->stop();
    QVERIFY(m_receiver->start(everywhere));
    QTRY_VERIFY(m_window->receiverBar()->exposedWarningShown());
}

void TstMainWindow::saysWhyTheReceiverIsStopped()
{
    Receiver second(m_store.get());
    ReceiverOptions taken;
    taken.port = m_receiver->port();
    QVERIFY(!second.start(taken));
    WindowServices services { &second, m_store.get(), nullptr, nullptr, nullptr, m_dir->path() };
    MainWindow window(services);
    QVERIFY2(window.receiverBar()->urlText().contains(u"in use"_s), qPrintable(window.receiverBar()->urlText()));
}

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
