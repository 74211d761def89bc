// SPDX-License-Identifier: MIT
// The first window, offscreen: it names the URL to send webhooks to and lists what arrives, live.
#include "core/http/receiver.h"
#include "core/storage/capturestore.h"
#include "ui/mainwindow.h"

#include <QLabel>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace hookscope;

class TstMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheUrlAndListsRequestsAsTheyArrive();
    void saysWhyTheReceiverIsStopped();
};

namespace {

QString labelText(const QWidget& window, const QString& accessibleName)
{
    for (const QLabel* label : window.findChildren<QLabel*>()) {
        if (label->accessibleName() == accessibleName)
            return label->text();
    }
    return {};
}

} // namespace

void TstMainWindow::showsTheUrlAndListsRequestsAsTheyArrive()
{
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("captures.sqlite"))), qPrintable(store.errorString()));
    Receiver receiver(&store);
    QVERIFY(receiver.start({}));
    MainWindow window(&receiver, store.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(receiver.port());
    QVERIFY2(labelText(window, QStringLiteral("Receiver address")).contains(url),
        qPrintable(labelText(window, QStringLiteral("Receiver address"))));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, receiver.port());
    QVERIFY(client.waitForConnected(5000));
    client.write("POST /hooks/orders?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}");
    auto* list = window.findChild<QTreeWidget*>();
    QVERIFY(list);
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    const QTreeWidgetItem* row = list->topLevelItem(0);
    QCOMPARE(row->text(2), QStringLiteral("POST"));
    QCOMPARE(row->text(3), QStringLiteral("/hooks/orders?x=1"));
    QCOMPARE(row->text(4), QStringLiteral("200"));
    QCOMPARE(window.capturedCount(), 1);
    QVERIFY(labelText(window, QStringLiteral("Captured requests")).startsWith(QStringLiteral("1 ")));

    // A rejected request is listed too, newest first, with its reason.
    QTcpSocket bad;
    bad.connectToHost(QHostAddress::LocalHost, receiver.port());
    QVERIFY(bad.waitForConnected(5000));
    bad.write("GET /no-host HTTP/1.1\r\n\r\n");
    QTRY_COMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(4), QStringLiteral("400"));
    QVERIFY(list->topLevelItem(0)->text(6).contains(QStringLiteral("Host")));
}

void TstMainWindow::saysWhyTheReceiverIsStopped()
{
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("captures.sqlite"))));
    Receiver first(&store);
    QVERIFY(first.start({}));
    Receiver second(&store);
    ReceiverOptions taken;
    taken.port = first.port();
    QVERIFY(!second.start(taken));
    MainWindow window(&second, store.path());
    QVERIFY(labelText(window, QStringLiteral("Receiver address")).contains(QStringLiteral("in use")));
}

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
