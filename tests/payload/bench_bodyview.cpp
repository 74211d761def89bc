// SPDX-License-Identifier: MIT
// Run by hand (see README.md here): a 50 MB JSON body shown by BodyView versus the naive way
// (QJsonDocument::fromJson + toJson + QPlainTextEdit::setPlainText), both measured in the same run on the same bytes:
// time to first view, and the longest stall of the UI thread, seen by a QTimer ticking every 5 ms.
#include "ui/body/bodyview.h"
#include "ui/body/textrowsview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QTimer>

#include <cstdio>

using namespace hookscope;

namespace {

// The largest gap between ticks of a 5 ms timer: how long the event loop could not answer.
class StallMeter final {
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longest = qMax(m_longest, now - m_last);
            m_last = now;
        });
    }

    void start()
    {
        m_longest = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }

    double stop()
    {
        m_timer.stop();
        return double(m_longest) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

QByteArray makeBody(qsizetype size)
{
    QByteArray body = "{\"object\":\"list\",\"data\":[";
    body.reserve(size + 1024);
    for (qint64 i = 0; body.size() < size; ++i) {
        if (i > 0)
            body.append(',');
        body.append(QStringLiteral(
            R"({"id":"evt_%1","type":"invoice.payment_succeeded","created":%2,"livemode":false,)"
            R"("data":{"amount_paid":%3,"currency":"eur","lines":[{"price":19.90,"qty":2},{"price":0.5,"qty":1}],)"
            R"("customer":{"name":"Zoë Müller","email":"zoe@example.com","tags":["vip","eu"]}},"note":null})")
                        .arg(i)
                        .arg(1700000000 + i)
                        .arg(i * 7 % 100000)
                        .toUtf8());
    }
    body.append("],\"has_more\":false}");
    return body;
}

struct Figures {
    double firstViewMs = 0;
    double stallMs = 0;
};

Figures measureBodyView(const QByteArray& body, const QString& view)
{
    BodyView widget;
    widget.resize(1000, 700);
    widget.setPreferredView(view);
    widget.show();
    spin(200);
    StallMeter meter;
    meter.start();
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&widget, &BodyView::rendered, &loop, &QEventLoop::quit);
    widget.setBody(body, { { "Content-Type", "application/json" } });
    loop.exec();
    widget.repaint();
    Figures figures;
    figures.firstViewMs = double(clock.nsecsElapsed()) / 1e6;
    // Scroll to the middle and back, as a reader would.
    widget.textView()->scrollToRow(widget.textView()->rows() ? widget.textView()->rows()->rowCount() / 2 : 0);
    spin(100);
    figures.stallMs = meter.stop();
    return figures;
}

Figures measureNaive(const QByteArray& body)
{
    QPlainTextEdit edit;
    edit.setReadOnly(true);
    edit.resize(1000, 700);
    edit.show();
    spin(200);
    StallMeter meter;
    meter.start();
    spin(20);
    QElapsedTimer clock;
    clock.start();
    const QJsonDocument document = QJsonDocument::fromJson(body);
    edit.setPlainText(QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
    edit.repaint();
    Figures figures;
    figures.firstViewMs = double(clock.nsecsElapsed()) / 1e6;
    spin(100);
    figures.stallMs = meter.stop();
    return figures;
}

long residentMegabytes()
{
    QFile status(QStringLiteral("/proc/self/statm"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = status.readAll().split(' ');
    return fields.size() > 1 ? long(fields[1].toLongLong() * 4096 / (1024 * 1024)) : -1;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const qsizetype megabytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 50;
    const QByteArray body = makeBody(megabytes * 1024 * 1024);
    std::printf("JSON body: %.1f MB\n\n", double(body.size()) / (1024.0 * 1024.0));
    std::printf("%-44s %16s %20s %10s\n", "", "first view (ms)", "longest stall (ms)", "RSS (MB)");

    const Figures pretty = measureBodyView(body, QStringLiteral("json"));
    std::printf("%-44s %16.0f %20.1f %10ld\n", "BodyView, Pretty JSON", pretty.firstViewMs, pretty.stallMs,
        residentMegabytes());
    const Figures tree = measureBodyView(body, QStringLiteral("tree"));
    std::printf(
        "%-44s %16.0f %20.1f %10ld\n", "BodyView, JSON tree", tree.firstViewMs, tree.stallMs, residentMegabytes());
    const Figures hex = measureBodyView(body, QStringLiteral("hex"));
    std::printf("%-44s %16.0f %20.1f %10ld\n", "BodyView, Hex", hex.firstViewMs, hex.stallMs, residentMegabytes());
    const Figures naive = qEnvironmentVariableIsSet("SKIP_NAIVE") ? Figures {} : measureNaive(body);
    std::printf("%-44s %16.0f %20.1f %10ld\n", "QJsonDocument + QPlainTextEdit (naive peer)", naive.firstViewMs,
        naive.stallMs, residentMegabytes());
    // The tree's worst case: millions of children under one node.
    QByteArray flat = "[";
    for (qint64 i = 0; flat.size() < megabytes * 1024 * 1024; ++i)
        flat.append(QByteArray::number(i)).append(',');
    flat.back() = ']';
    const Figures flatTree = measureBodyView(flat, QStringLiteral("tree"));
    std::printf("%-44s %16.0f %20.1f %10ld\n", "BodyView, JSON tree of a flat array (below)", flatTree.firstViewMs,
        flatTree.stallMs, residentMegabytes());
    std::printf("\nFlat array: %.1f MB of numbers, one root with millions of children.\n",
        double(flat.size()) / (1024.0 * 1024.0));
    std::printf("Goal: no UI stall over 100 ms.\n");
    return 0;
}
