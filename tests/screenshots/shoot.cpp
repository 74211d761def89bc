// SPDX-License-Identifier: MIT
// Takes the README's screenshots of the inspector in its main states (empty, JSON, form, binary, search):
// a real window with a real receiver, fed real requests. Run through take.sh, under Xvfb.
#include "core/http/receiver.h"
#include "core/storage/capturestore.h"
#include "ui/body/bodyview.h"
#include "ui/detail/capturedetailview.h"
#include "ui/mainwindow.h"
#include "ui/requests/requestlistview.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace hookscope;

namespace {

void send(quint16 port, const QByteArray& request)
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    client.write(request);
    if (!QTest::qWaitFor([&] { return client.bytesAvailable() > 0; }, 5000))
        std::fprintf(stderr, "no answer from the receiver\n");
}

QByteArray post(const QByteArray& target, const QByteArray& type, const QByteArray& body, const QByteArray& extra = {})
{
    return "POST " + target
        + " HTTP/1.1\r\nHost: localhost:8787\r\nUser-Agent: GitHub-Hookshot/7f3a1c2\r\nContent-Type: " + type + "\r\n"
        + extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

bool shoot(QWidget& window, const QString& path)
{
    QTest::qWait(400); // let formatting and painting settle
    const bool saved = window.grab().save(path);
    std::fprintf(stderr, "%s %s\n", saved ? "wrote" : "FAILED", qPrintable(path));
    return saved;
}

void select(MainWindow& window, int row, CaptureDetailView::Tab tab)
{
    QSignalSpy shown(&window, &MainWindow::captureShown);
    window.listView()->setCurrentIndex(window.listView()->model()->index(row, 0));
    shown.wait(5000);
    window.detailView()->tabs()->setCurrentIndex(tab);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QTemporaryDir profile;
    CaptureStore store;
    if (!store.open(profile.filePath(QStringLiteral("captures.sqlite"))))
        return 1;
    Receiver receiver(&store);
    ReceiverOptions options;
    options.port = 8787;
    if (!receiver.start(options)) {
        options.port = 0;
        receiver.start(options);
    }
    WindowServices services;
    services.receiver = &receiver;
    services.store = &store;
    services.profileDirectory = profile.path();
    MainWindow window(services);
    window.resize(1280, 760);
    window.show();
    bool ok = shoot(window, out + QStringLiteral("/empty.png"));

    const quint16 port = receiver.port();
    send(port,
        post("/stripe/events", "application/json",
            R"({"id":"evt_1Q2w3E","type":"invoice.paid","data":{"object":{"id":"in_1","amount_paid":4200,)"
            R"("currency":"eur","lines":[{"id":"il_1","amount":4200,"description":"Pro plan"}],"paid":true}}})",
            "Stripe-Signature: t=1764240000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd\r\n"));
    send(port,
        post("/twilio/sms", "application/x-www-form-urlencoded",
            "AccountSid=AC123&From=%2B15551234567&To=%2B15557654321&Body=Hello+from+Twilio&NumMedia=0"));
    send(port,
        post("/uploads", "application/octet-stream", QByteArray::fromHex("89504e470d0a1a0a0000000d4948445200000010")));
    send(port,
        post("/github/push?delivery=42", "application/json",
            R"({"ref":"refs/heads/main","repository":{"full_name":"hookscope/hookscope"},"pusher":{"name":"octocat"}})",
            "X-GitHub-Event: push\r\nX-Hub-Signature-256: sha256=0c5b1b4a\r\n"));
    if (!QTest::qWaitFor([&] { return window.listView()->model()->rowCount() == 4; }, 5000)) {
        std::fprintf(stderr, "the four requests did not appear\n");
        return 1;
    }

    select(window, 3, CaptureDetailView::Body);
    ok &= shoot(window, out + QStringLiteral("/json.png"));
    select(window, 2, CaptureDetailView::Body);
    ok &= shoot(window, out + QStringLiteral("/form.png"));
    select(window, 1, CaptureDetailView::Body);
    ok &= shoot(window, out + QStringLiteral("/binary.png"));
    for (QLineEdit* edit : window.findChildren<QLineEdit*>()) {
        if (edit->accessibleName().contains(QStringLiteral("Search"), Qt::CaseInsensitive)) {
            QTest::keyClicks(edit, QStringLiteral("invoice"));
            break;
        }
    }
    if (!QTest::qWaitFor([&] { return window.listView()->model()->rowCount() == 1; }, 5000)) {
        std::fprintf(stderr, "the search did not narrow the list\n");
        return 1;
    }
    select(window, 0, CaptureDetailView::Overview);
    ok &= shoot(window, out + QStringLiteral("/search.png"));
    return ok ? 0 : 1;
}
