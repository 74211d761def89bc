// SPDX-License-Identifier: MIT
// The receiver over real sockets on loopback: what a careful server answers to every kind of request,
// byte for byte, and that what it acknowledges is stored exactly.
#include "core/http/requestparser.h"
#include "tests/support/rawhttpclient.h"
#include "tests/support/receiverharness.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <ctime>

using namespace hookscope;
using namespace hookscope::test;

namespace {

constexpr qint64 kTestMaxBody = 64 * 1024;

ReceiverOptions testOptions()
{
    ReceiverOptions options;
    options.limits.maxBodyBytes = kTestMaxBody;
    return options;
}

QByteArray get(const QByteArray& target = "/next")
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
}

// `count` pipelined GETs of prefix0, prefix1, ...
QByteArray gets(const QByteArray& prefix, int count)
{
    QByteArray burst;
    for (int i = 0; i < count; ++i)
        burst += get(prefix + QByteArray::number(i));
    return burst;
}

QByteArray repeat(char c, int n)
{
    return QByteArray(n, c);
}

// CPU time of this whole process (the receiver's thread included), in milliseconds: a connection that spins on a
// level-triggered readiness it never consumes shows up here while the test itself only waits.
qint64 processCpuMs()
{
    return qint64(std::clock()) * 1000 / CLOCKS_PER_SEC;
}

QByteArray patterned(qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char('a' + (i * 7 + i / 4096) % 26);
    return out;
}

} // namespace

class TstReceiver final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void malformedAndEdgeCases_data();
    void malformedAndEdgeCases();
    void expectContinueSendsInterimThenFinal();
    void everySplitPointParsesTheSameRequest();
    void byteByByteWrites();
    void pipelinedRequestsAnswerInOrder();
    void pipeliningBeyondTheBoundIsStillServed();
    void responsesLargerThanTheSocketBufferArriveWhole();
    void keepAliveReusesTheConnection();
    void responseTimesReachTheStore();
    void binaryBodyWithEveryByteValueIsKept();
    void headerOrderCaseAndDuplicatesKept();
    void targetSplitsIntoPathAndQuery_data();
    void targetSplitsIntoPathAndQuery();
    void qnamRequestIsCapturedExactly();
    void acknowledgedMeansStored();
    void headerTimeoutAnswers408();
    void bodyIdleTimeoutAnswers408();
    void idleKeepAliveClosesQuietly();
    void ipv6Loopback();
    void defaultBindIsLoopback();
    void portInUseIsReported();
    void customResponseAndHead();
    void bodilessStatusesSendNoBody_data();
    void bodilessStatusesSendNoBody();
    void fullDatabaseRefusesWith503AndLosesNothingAcknowledged();
    void halfClosedClientStillGetsItsResponses_data();
    void halfClosedClientStillGetsItsResponses();
    void resetWhileResponsesAreQueuedLosesNoCapture();
    void lingeringCloseDrainsTheBodyWithoutSpinning();
    void closingConnectionWithBufferedBytesDoesNotSpin();
    void clientThatDoesNotReadIsPushedBack();
    void slowReaderIsNotCutOffByIdleTimeouts_data();
    void slowReaderIsNotCutOffByIdleTimeouts();
    void stalledReaderIsDroppedAfterTheSendTimeout();
    void shutdownAnswersEveryHalfClosedConnection();
};

void TstReceiver::malformedAndEdgeCases_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<QString>("recorded"); // reject reason fragment, or "" for an accepted capture

    const QByteArray host = "Host: a\r\n";
    // Accepted requests: the connection stays open.
    QTest::addRow("plain GET") << get("/") << 200 << false << QString();
    QTest::addRow("POST with body") << QByteArray("POST /hook HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello")
                                    << 200 << false << QString();
    QTest::addRow("chunked with trailer") << QByteArray(
        "POST /c HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n")
                                          << 200 << false << QString();
    QTest::addRow("small chunk extension") << QByteArray(
        "POST /c HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;name=val\r\nhello\r\n0\r\n\r\n")
                                           << 200 << false << QString();
    QTest::addRow("leading blank line") << QByteArray("\r\n" + get("/lead")) << 200 << false << QString();
    QTest::addRow("absolute-form target")
        << QByteArray("GET http://example.com/x?y=1 HTTP/1.1\r\n" + host + "\r\n") << 200 << false << QString();
    QTest::addRow("asterisk-form OPTIONS")
        << QByteArray("OPTIONS * HTTP/1.1\r\n" + host + "\r\n") << 200 << false << QString();
    QTest::addRow("obs-text in a value") << QByteArray("GET / HTTP/1.1\r\n" + host + "X-Latin: caf\xe9\r\n\r\n") << 200
                                         << false << QString();
    QTest::addRow("empty header value") << QByteArray("GET / HTTP/1.1\r\n" + host + "X-Empty:\r\n\r\n") << 200 << false
                                        << QString();
    QTest::addRow("Upgrade is ignored, never 101")
        << QByteArray("GET /ws HTTP/1.1\r\n" + host + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n") << 200
        << false << QString();
    QTest::addRow("DELETE with body") << QByteArray("DELETE /x HTTP/1.1\r\n" + host + "Content-Length: 2\r\n\r\n{}")
                                      << 200 << false << QString();
    // HTTP/1.0 without keep-alive closes after the response, without needing Host.
    QTest::addRow("HTTP/1.0 without Host") << QByteArray("GET /old HTTP/1.0\r\n\r\n") << 200 << true << QString();
    QTest::addRow("Connection: close") << QByteArray("GET / HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n") << 200
                                       << true << QString();

    // Framing and syntax errors: 400 and close.
    QTest::addRow("missing Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << true
                                  << QStringLiteral("missing Host");
    QTest::addRow("duplicate Host") << QByteArray("GET / HTTP/1.1\r\n" + host + host + "\r\n") << 400 << true
                                    << QStringLiteral("more than one Host");
    QTest::addRow("duplicate Host on 1.0") << QByteArray("GET / HTTP/1.0\r\n" + host + host + "\r\n") << 400 << true
                                           << QStringLiteral("more than one Host");
    QTest::addRow("CL with TE") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                << 400 << true << QStringLiteral("Content-Length together with Transfer-Encoding");
    QTest::addRow("duplicate CL") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
                                  << 400 << true << QStringLiteral("more than one Content-Length");
    QTest::addRow("same CL twice") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello")
                                   << 400 << true << QStringLiteral("more than one Content-Length");
    QTest::addRow("CL not a number") << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n") << 400
                                     << true << QStringLiteral("Content-Length");
    QTest::addRow("CL negative") << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n") << 400
                                 << true << QStringLiteral("Content-Length");
    QTest::addRow("CL with plus sign") << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: +5\r\n\r\nhello")
                                       << 400 << true << QStringLiteral("Content-Length");
    QTest::addRow("CL overflowing") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999999\r\n\r\n")
                                    << 400 << true << QStringLiteral("Content-Length");
    QTest::addRow("TE not ending in chunked")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n") << 400 << true
        << QStringLiteral("chunked");
    QTest::addRow("chunked twice") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n")
                                   << 400 << true << QStringLiteral("chunked");
    QTest::addRow("TE on HTTP/1.0") << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                    << 400 << true << QStringLiteral("HTTP/1.0");
    QTest::addRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\n" + host + "X-Fold: a\r\n  b\r\n\r\n") << 400 << true
                              << QStringLiteral("folding");
    QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << 400 << true
                                        << QStringLiteral("whitespace between the header name Host and its colon");
    QTest::addRow("space before colon, any header")
        << QByteArray("GET / HTTP/1.1\r\n" + host + "X-A : b\r\n\r\n") << 400 << true
        << QStringLiteral("whitespace between the header name X-A");
    QTest::addRow("space in Host") << QByteArray("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") << 400 << true
                                   << QStringLiteral("malformed Host");
    QTest::addRow("IPv6 Host with port") << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n") << 200 << false
                                         << QString();
    QTest::addRow("bare CR in value") << QByteArray("GET / HTTP/1.1\r\n" + host + "X-A: a\rb\r\n\r\n") << 400 << true
                                      << QString();
    QTest::addRow("bare LF line ends") << QByteArray("GET / HTTP/1.1\nHost: a\n\n") << 400 << true
                                       << QStringLiteral("bare LF");
    QTest::addRow("no target or version")
        << QByteArray("GARBAGE\r\n\r\n") << 400 << true << QStringLiteral("malformed request line");
    QTest::addRow("NUL in value") << QByteArray(
        "GET / HTTP/1.1\r\n" + host + "X-A: a" + QByteArray(1, '\0') + "b\r\n\r\n")
                                  << 400 << true << QString();
    QTest::addRow("control byte in value")
        << QByteArray("GET / HTTP/1.1\r\n" + host + "X-A: a\x01z\r\n\r\n") << 400 << true << QString();
    QTest::addRow("DEL in value") << QByteArray("GET / HTTP/1.1\r\n" + host + "X-A: a\x7fz\r\n\r\n") << 400 << true
                                  << QString();
    QTest::addRow("bad token in name") << QByteArray("GET / HTTP/1.1\r\n" + host + "X(A): b\r\n\r\n") << 400 << true
                                       << QString();
    QTest::addRow("malformed method") << QByteArray("G@T / HTTP/1.1\r\n" + host + "\r\n") << 400 << true
                                      << QStringLiteral("method");
    QTest::addRow("space after request line")
        << QByteArray("GET / HTTP/1.1 \r\n" + host + "\r\n") << 400 << true << QString();
    QTest::addRow("HTTP/0.9 request") << QByteArray("GET /\r\n\r\n") << 400 << true << QString();
    QTest::addRow("malformed version") << QByteArray("GET / HTTP/1.x\r\n" + host + "\r\n") << 400 << true
                                       << QStringLiteral("version");
    QTest::addRow("lowercase protocol") << QByteArray("GET / http/1.1\r\n" + host + "\r\n") << 400 << true << QString();
    QTest::addRow("bad chunk size") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
                                    << 400 << true << QStringLiteral("chunk");
    QTest::addRow("chunk data overruns") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n")
                                         << 400 << true << QString();
    QTest::addRow("CONNECT is refused") << QByteArray(
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
                                        << 405 << true << QStringLiteral("CONNECT");
    QTest::addRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505 << true << QString();

    // Not implemented, not supported, too large.
    QTest::addRow("unknown transfer coding")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: foo, chunked\r\n\r\n0\r\n\r\n") << 501 << true
        << QStringLiteral("foo");
    QTest::addRow("gzip transfer coding")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") << 501 << true
        << QStringLiteral("gzip");
    QTest::addRow("unknown method") << QByteArray("FROB / HTTP/1.1\r\n" + host + "\r\n") << 501 << true
                                    << QStringLiteral("FROB");
    QTest::addRow("HTTP/2.0 request line")
        << QByteArray("GET / HTTP/2.0\r\n" + host + "\r\n") << 505 << true << QStringLiteral("HTTP/2");
    QTest::addRow("HTTP/3.0 request line")
        << QByteArray("GET / HTTP/3.0\r\n" + host + "\r\n") << 505 << true << QString();
    QTest::addRow("target over 8 KiB") << QByteArray("GET /" + repeat('a', 9000) + " HTTP/1.1\r\n" + host + "\r\n")
                                       << 414 << true << QStringLiteral("target");
    // Arrives in several reads, none holding a line end.
    QTest::addRow("target of 100 KiB") << QByteArray("GET /" + repeat('a', 100 * 1024) + " HTTP/1.1\r\n" + host
        + "\r\n") << 414 << true << QStringLiteral("target");
    QTest::addRow("header over 32 KiB") << QByteArray("GET / HTTP/1.1\r\n" + host + "X-Big: " + repeat('b', 33 * 1024)
        + "\r\n\r\n") << 431 << true << QStringLiteral("header section");
    QByteArray many = "GET / HTTP/1.1\r\n" + host;
    for (int i = 0; i < 201; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::addRow("more than 200 fields") << QByteArray(many + "\r\n") << 431 << true << QStringLiteral("200");
    QTest::addRow("declared body over limit") << QByteArray(
        "POST / HTTP/1.1\r\n" + host + "Content-Length: " + QByteArray::number(kTestMaxBody + 1) + "\r\n\r\n")
                                              << 413 << true << QStringLiteral("limit");
    QTest::addRow("chunked body over limit") << QByteArray("POST / HTTP/1.1\r\n" + host
        + "Transfer-Encoding: chunked\r\n\r\n" + QByteArray::number(kTestMaxBody + 1, 16) + "\r\n"
        + repeat('x', int(kTestMaxBody) + 1) + "\r\n0\r\n\r\n")
                                             << 413 << true << QStringLiteral("limit");
    QTest::addRow("chunk extension over 16 KiB") << QByteArray("POST / HTTP/1.1\r\n" + host
        + "Transfer-Encoding: chunked\r\n\r\n5;e=" + repeat('e', 17 * 1024) + "\r\nhello\r\n0\r\n\r\n")
                                                 << 413 << true << QStringLiteral("extension");
    QTest::addRow("unsupported expectation")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Expect: teapot\r\nContent-Length: 1\r\n\r\nx") << 417 << true
        << QStringLiteral("teapot");
    QTest::addRow("100-continue over limit") << QByteArray("POST / HTTP/1.1\r\n" + host
        + "Expect: 100-continue\r\nContent-Length: " + QByteArray::number(kTestMaxBody * 2) + "\r\n\r\n")
                                             << 413 << true << QStringLiteral("limit");
}

void TstReceiver::malformedAndEdgeCases()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, closes);
    QFETCH(QString, recorded);

    ReceiverHarness harness(testOptions());
    QVERIFY2(harness.ok(), qPrintable(harness.error()));
    {
        RawHttpClient client(harness.port());
        QVERIFY(client.isConnected());
        client.send(request);
        const bool head = request.startsWith("HEAD");
        const QList<RawResponse> responses = client.read(1, 5000, { head });
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, status);
        QVERIFY(responses.first().status != 101);
        if (closes) {
            QVERIFY2(client.waitForClose(), "the server should close this connection");
        } else {
            QVERIFY(responses.first().header("connection").isEmpty());
            client.send(get("/same-connection"));
            const QList<RawResponse> again = client.read(1);
            QCOMPARE(again.size(), 1);
            QCOMPARE(again.first().status, 200);
        }
    }

    // What arrived is on record, with why it failed.
    const QList<CaptureSummary> all = harness.captures();
    QVERIFY(!all.isEmpty());
    const CaptureSummary& first = closes ? all.first() : all.at(1);
    QCOMPARE(first.status, status);
    QCOMPARE(first.rejected, status >= 400);
    if (first.rejected) {
        const std::optional<CapturedRequest> capture = harness.capture(first.id);
        QVERIFY(capture);
        QVERIFY2(capture->rejectReason.contains(recorded, Qt::CaseInsensitive),
            qPrintable(QStringLiteral("reason '%1' should mention '%2'").arg(capture->rejectReason, recorded)));
        QVERIFY(!capture->rawPrefix.isEmpty());
        QVERIFY(capture->rawPrefix.size() <= 4096);
        if (status == 414) // the method was sent, even though the line never ended
            QCOMPARE(capture->method, QByteArray("GET"));
        const QByteArray firstBytes = request.trimmed().left(8);
        QVERIFY2(
            capture->rawPrefix.contains(firstBytes.left(qMin<qsizetype>(firstBytes.size(), capture->rawPrefix.size()))),
            capture->rawPrefix.left(80).constData());
    }

    // The receiver keeps serving.
    RawHttpClient next(harness.port());
    next.send(get("/after"));
    const QList<RawResponse> after = next.read(1);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().status, 200);
}

void TstReceiver::expectContinueSendsInterimThenFinal()
{
    ReceiverHarness harness(testOptions());
    RawHttpClient client(harness.port());
    client.send("POST /upload HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    const QList<RawResponse> interim = client.read(1);
    QCOMPARE(interim.size(), 1);
    QCOMPARE(interim.first().status, 100);
    client.send("hello");
    const QList<RawResponse> final = client.read(1);
    QCOMPARE(final.size(), 1);
    QCOMPARE(final.first().status, 200);
    QCOMPARE(harness.newest()->body, QByteArray("hello"));

    // HTTP/1.0 clients never get a 1xx.
    RawHttpClient old(harness.port());
    old.send("POST /old HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
    const QList<RawResponse> answers = old.read(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
}

void TstReceiver::everySplitPointParsesTheSameRequest()
{
    ReceiverHarness harness(testOptions());
    const QByteArray request
        = "POST /split?q=1 HTTP/1.1\r\nHost: a\r\nX-Case: MiXeD\r\nTransfer-Encoding: chunked\r\n\r\n"
          "4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (int split = 1; split < request.size(); ++split) {
        RawHttpClient client(harness.port());
        client.send(request.left(split));
        QTest::qWait(1); // let the first part arrive on its own
        client.send(request.mid(split));
        const QList<RawResponse> responses = client.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 200);
    }
    const QList<CaptureSummary> all = harness.captures();
    QCOMPARE(all.size(), request.size() - 1);
    for (const CaptureSummary& s : all) {
        const std::optional<CapturedRequest> c = harness.capture(s.id);
        QCOMPARE(c->body, QByteArray("wikipedia"));
        QCOMPARE(c->target, QByteArray("/split?q=1"));
        QCOMPARE(c->trailers.size(), 1);
        QCOMPARE(c->trailers.first().name, QByteArray("X-Trailer"));
        QCOMPARE(headers::first(c->headers, "x-case"), QByteArray("MiXeD"));
        QVERIFY(c->chunked);
        QCOMPARE(c->head, request.left(request.indexOf("\r\n\r\n") + 4));
    }
}

void TstReceiver::byteByByteWrites()
{
    ReceiverHarness harness(testOptions());
    const QByteArray request = "PUT /bytes HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world";
    RawHttpClient client(harness.port());
    for (char c : request) {
        client.send(QByteArray(1, c));
        client.socket().flush();
    }
    const QList<RawResponse> responses = client.read(1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);
    QCOMPARE(harness.newest()->body, QByteArray("hello world"));
}

void TstReceiver::pipelinedRequestsAnswerInOrder()
{
    ReceiverHarness harness(testOptions());
    RawHttpClient client(harness.port());
    QByteArray burst;
    QList<bool> head;
    for (int i = 0; i < 12; ++i) {
        const bool isHead = i % 3 == 1;
        head << isHead;
        burst += (isHead ? "HEAD" : "POST") + QByteArray(" /p") + QByteArray::number(i) + " HTTP/1.1\r\nHost: a\r\n"
            + (isHead ? QByteArray() : "Content-Length: 2\r\n\r\n" + QByteArray::number(10 + i))
            + (isHead ? "\r\n" : "");
    }
    client.send(burst);
    const QList<RawResponse> responses = client.read(12, 5000, head);
    QCOMPARE(responses.size(), 12);
    for (int i = 0; i < 12; ++i) {
        QCOMPARE(responses.at(i).status, 200);
        // HEAD answers carry no body: framing only stays intact if the order is right.
        QCOMPARE(responses.at(i).body.isEmpty(), head.at(i));
    }
    const QList<CaptureSummary> all = harness.captures();
    QCOMPARE(all.size(), 12);
    for (int i = 0; i < 12; ++i)
        QCOMPARE(all.at(11 - i).target, "/p" + QByteArray::number(i)); // stored in arrival order
}

void TstReceiver::pipeliningBeyondTheBoundIsStillServed()
{
    ReceiverOptions options = testOptions();
    options.limits.maxPipelinedRequests = 3;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(gets("/b", 100));
    const QList<RawResponse> responses = client.read(100, 10000);
    QCOMPARE(responses.size(), 100);
    QCOMPARE(harness.captures().size(), 100);
}

void TstReceiver::responsesLargerThanTheSocketBufferArriveWhole()
{
    // Several MiB of responses outrun the kernel's socket buffers: the receiver must keep what the kernel did not
    // take and send it when the socket drains, in order and byte for byte.
    ReceiverOptions options = testOptions();
    const QByteArray big = patterned(3 * 1024 * 1024);
    options.response.body = big;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(gets("/large", 4));
    const QList<RawResponse> responses = client.read(4, 20000);
    QCOMPARE(responses.size(), 4);
    for (const RawResponse& response : responses) {
        QCOMPARE(response.status, 200);
        QVERIFY(response.body == big);
    }
    QCOMPARE(harness.captures().size(), 4);
    // The connection is still good for more.
    client.send(get("/after"));
    QCOMPARE(client.read(1, 10000).value(0).body.size(), big.size());
}

void TstReceiver::keepAliveReusesTheConnection()
{
    ReceiverHarness harness(testOptions());
    RawHttpClient client(harness.port());
    for (int i = 0; i < 5; ++i) {
        client.send(get("/k" + QByteArray::number(i)));
        const QList<RawResponse> r = client.read(1);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r.first().status, 200);
    }
    const QList<CaptureSummary> all = harness.captures();
    QCOMPARE(all.size(), 5);
    QSet<QString> remotes;
    for (const CaptureSummary& s : all)
        remotes.insert(s.remoteAddress + QString::number(s.remotePort));
    QCOMPARE(remotes.size(), 1); // one client port: one connection
}

void TstReceiver::responseTimesReachTheStore()
{
    // The receiver hands the store each response's time, naming the capture by id and receive time; the store
    // keeps it only when both match, so a wrong receive time would leave every capture without one.
    ReceiverHarness harness(testOptions());
    RawHttpClient client(harness.port());
    constexpr int kRequests = 3;
    for (int i = 0; i < kRequests; ++i) {
        client.send(get("/timed" + QByteArray::number(i)));
        QCOMPARE(client.read(1).value(0).status, 200);
    }
    const auto allTimed = [&] {
        harness.store().flush();
        const QList<CaptureSummary> all = harness.captures();
        return all.size() == kRequests && std::all_of(all.begin(), all.end(), [&](const CaptureSummary& s) {
            const auto c = harness.capture(s.id);
            return c && c->respondedUs >= c->completeUs && c->completeUs >= c->receivedUs;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allTimed(), 5000);
}

void TstReceiver::binaryBodyWithEveryByteValueIsKept()
{
    ReceiverHarness harness(testOptions());
    QByteArray body;
    for (int round = 0; round < 4; ++round)
        for (int b = 0; b < 256; ++b)
            body.append(char(b));
    RawHttpClient client(harness.port());
    client.send("POST /bin HTTP/1.1\r\nHost: a\r\nContent-Type: application/octet-stream\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(client.read(1).value(0).status, 200);
    QCOMPARE(harness.newest()->body, body);
}

void TstReceiver::headerOrderCaseAndDuplicatesKept()
{
    ReceiverHarness harness(testOptions());
    const QByteArray head
        = "POST /h HTTP/1.1\r\nhost: a\r\nX-Dup: one\r\nx-lower: l\r\nX-DUP: two\r\nContent-Length: 0\r\n"
          "X-Spaces:   padded   \r\n\r\n";
    RawHttpClient client(harness.port());
    client.send(head);
    QCOMPARE(client.read(1).value(0).status, 200);
    const CapturedRequest c = *harness.newest();
    const HeaderList expected {
        { "host", "a" },
        { "X-Dup", "one" },
        { "x-lower", "l" },
        { "X-DUP", "two" },
        { "Content-Length", "0" },
        { "X-Spaces", "padded" },
    };
    QCOMPARE(c.headers, expected);
    QCOMPARE(c.head, head); // the raw head keeps even the padding
}

void TstReceiver::targetSplitsIntoPathAndQuery_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addRow("origin form") << QByteArray("/hooks/a?x=1&y=2") << QByteArray("/hooks/a") << QByteArray("x=1&y=2");
    QTest::addRow("root") << QByteArray("/") << QByteArray("/") << QByteArray();
    QTest::addRow("second question mark") << QByteArray("/p?x?y") << QByteArray("/p") << QByteArray("x?y");
    QTest::addRow("absolute form") << QByteArray("http://example.com/abs?q=1") << QByteArray("/abs")
                                   << QByteArray("q=1");
    QTest::addRow("absolute, upper-case scheme, port, no path")
        << QByteArray("HTTPS://example.com:8443") << QByteArray("/") << QByteArray();
    QTest::addRow("absolute, query, no path") << QByteArray("http://h?q") << QByteArray("/") << QByteArray("q");
    QTest::addRow("asterisk form") << QByteArray("*") << QByteArray("*") << QByteArray();
    QTest::addRow("a path that looks like a URL")
        << QByteArray("/http://x/y") << QByteArray("/http://x/y") << QByteArray();
}

void TstReceiver::targetSplitsIntoPathAndQuery()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QByteArray gotPath;
    QByteArray gotQuery;
    RequestParser::splitTarget(target, &gotPath, &gotQuery);
    QCOMPARE(gotPath, path);
    QCOMPARE(gotQuery, query);
}

void TstReceiver::qnamRequestIsCapturedExactly()
{
    ReceiverHarness harness(testOptions());
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/qt/hook?event=push&x=%2F").arg(harness.port())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("X-GitHub-Event", "push");
    const QByteArray payload = R"({"ref":"refs/heads/main","size":3})";
    QNetworkReply* reply = nam.post(request, payload);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray(R"({"ok":true})"));
    reply->deleteLater();

    const CapturedRequest c = *harness.newest();
    QCOMPARE(c.method, QByteArray("POST"));
    QCOMPARE(c.path, QByteArray("/qt/hook"));
    QCOMPARE(c.query, QByteArray("event=push&x=%2F"));
    QCOMPARE(c.body, payload);
    QCOMPARE(headers::first(c.headers, "X-GitHub-Event"), QByteArray("push"));
    QCOMPARE(c.responseStatus, 200);
    QCOMPARE(c.remoteAddress, QStringLiteral("127.0.0.1"));
    QVERIFY(c.receivedUs > 0 && c.completeUs >= c.receivedUs);
}

void TstReceiver::acknowledgedMeansStored()
{
    ReceiverHarness harness(testOptions());
    for (int i = 0; i < 20; ++i) {
        RawHttpClient client(harness.port());
        const QByteArray token = "token-" + QByteArray::number(i);
        client.send("POST /ack HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(token.size()) + "\r\n\r\n"
            + token);
        QCOMPARE(client.read(1).value(0).status, 200);
        // No flush: the 200 itself promises the row is committed.
        CaptureReader reader;
        QString error;
        QVERIFY2(reader.open(harness.databasePath(), &error), qPrintable(error));
        CaptureListQuery query;
        query.limit = 1;
        const auto rows = reader.list(query, &error);
        QVERIFY(rows && !rows->isEmpty());
        QCOMPARE(reader.get(rows->first().id, &error)->body, token);
    }
}

void TstReceiver::headerTimeoutAnswers408()
{
    ReceiverOptions options = testOptions();
    options.limits.headerTimeoutMs = 200;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send("GET /slow HTTP/1.1\r\nHost: a\r\n"); // never finishes the header section
    const QList<RawResponse> r = client.read(1, 5000);
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().status, 408);
    QVERIFY(client.waitForClose());
    QVERIFY(harness.captures().value(0).rejected);
}

void TstReceiver::bodyIdleTimeoutAnswers408()
{
    ReceiverOptions options = testOptions();
    options.limits.bodyIdleTimeoutMs = 200;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
    const QList<RawResponse> r = client.read(1, 5000);
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().status, 408);
    const CaptureSummary s = harness.captures().value(0);
    QVERIFY(s.rejected);
    QVERIFY(harness.capture(s.id)->rawPrefix.endsWith("abc"));
}

void TstReceiver::idleKeepAliveClosesQuietly()
{
    ReceiverOptions options = testOptions();
    options.limits.keepAliveIdleMs = 200;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(get("/once"));
    QCOMPARE(client.read(1).value(0).status, 200);
    QVERIFY(client.waitForClose(5000));
    QCOMPARE(harness.captures().size(), 1); // an idle connection is not a request
}

void TstReceiver::ipv6Loopback()
{
    ReceiverOptions options = testOptions();
    options.address = QHostAddress(QHostAddress::LocalHostIPv6);
    ReceiverHarness harness(options);
    if (!harness.ok())
        QSKIP("no IPv6 loopback on this machine");
    RawHttpClient client(harness.port(), QStringLiteral("::1"));
    QVERIFY(client.isConnected());
    client.send(get("/v6"));
    QCOMPARE(client.read(1).value(0).status, 200);
    const CapturedRequest c = *harness.newest();
    QCOMPARE(c.remoteAddress, QStringLiteral("::1"));
    QCOMPARE(c.target, QByteArray("/v6"));
}

void TstReceiver::defaultBindIsLoopback()
{
    QCOMPARE(ReceiverOptions().address, QHostAddress(QHostAddress::LocalHost));
}

void TstReceiver::portInUseIsReported()
{
    ReceiverHarness first(testOptions());
    ReceiverOptions options = testOptions();
    options.port = first.port();
    ReceiverHarness second(options);
    QVERIFY(!second.ok());
    QVERIFY2(second.error().contains(QStringLiteral("in use")), qPrintable(second.error()));
}

void TstReceiver::customResponseAndHead()
{
    ReceiverOptions options = testOptions();
    options.response.status = 202;
    // A Date of the user's own replaces the one the receiver would add.
    const QByteArray date = "Tue, 01 Jan 2030 00:00:00 GMT";
    options.response.headers = { { "X-Reply", "yes" }, { "Content-Type", "text/plain" }, { "Date", date } };
    options.response.body = "accepted";
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(get("/custom"));
    RawResponse r = client.read(1).value(0);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.header("x-reply"), QByteArray("yes"));
    QCOMPARE(std::count_if(r.headers.cbegin(), r.headers.cend(),
                 [](const auto& h) { return h.first.compare("date", Qt::CaseInsensitive) == 0; }),
        1);
    QCOMPARE(r.header("date"), date);
    QCOMPARE(r.body, QByteArray("accepted"));
    client.send("HEAD /custom HTTP/1.1\r\nHost: a\r\n\r\n");
    r = client.read(1, 5000, { true }).value(0);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.header("content-length"), QByteArray("8"));
    QVERIFY(r.body.isEmpty());
    const CapturedRequest c = *harness.newest();
    QCOMPARE(c.responseStatus, 202);
    QCOMPARE(headers::first(c.responseHeaders, "x-reply"), QByteArray("yes"));
}

// A body after a 204 or 304 would be read as the start of the next response on a kept-alive connection (curl:
// "Excess found"), whatever body the user configured.
void TstReceiver::bodilessStatusesSendNoBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentLength"); // null: no Content-Length at all
    QTest::newRow("204") << 204 << QByteArray();
    QTest::newRow("205") << 205 << QByteArray("0");
    QTest::newRow("304") << 304 << QByteArray();
}

void TstReceiver::bodilessStatusesSendNoBody()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentLength);
    ReceiverOptions options = testOptions();
    options.response.status = status;
    options.response.body = "not for this status";
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(get("/first") + get("/second"));
    const QList<RawResponse> responses = client.read(2);
    QCOMPARE(responses.size(), 2);
    for (const RawResponse& r : responses) {
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-length"), contentLength);
        QVERIFY(r.body.isEmpty());
    }
    // Nothing follows the two heads: a stray body would be left over here.
    QVERIFY(!client.socket().waitForReadyRead(200));
    QCOMPARE(client.socket().bytesAvailable(), 0);
    const CapturedRequest c = *harness.newest();
    QCOMPARE(c.responseStatus, status);
    QVERIFY(c.responseBody.isEmpty());
}

void TstReceiver::fullDatabaseRefusesWith503AndLosesNothingAcknowledged()
{
    StoreOptions storeOptions;
    storeOptions.maxDatabaseBytes = 512 * 1024;
    ReceiverHarness harness(testOptions(), storeOptions);
    QVERIFY2(harness.ok(), qPrintable(harness.error()));
    QSignalSpy failures(&harness.store(), &CaptureStore::writeFailed);
    QList<QByteArray> acknowledged;
    RawResponse refusal;
    for (int i = 0; i < 200 && refusal.status == 0; ++i) {
        const QByteArray token = "token-" + QByteArray::number(i);
        const QByteArray body = token + QByteArray(20 * 1024, ' ');
        RawHttpClient client(harness.port());
        client.send(
            "POST /fill HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const RawResponse r = client.read(1).value(0);
        if (r.status == 200) {
            acknowledged << token;
        } else {
            refusal = r;
            QVERIFY(client.waitForClose());
        }
    }
    QCOMPARE(refusal.status, 503);
    QVERIFY2(refusal.body.contains("could not be stored"), refusal.body.constData());
    // The disk has room: the sender and the user learn it is the limit they set, not a full disk.
    QVERIFY2(refusal.body.contains("reached its size limit of 524288 bytes"), refusal.body.constData());
    QVERIFY(acknowledged.size() >= 5);

    // More refusals in the same spell are answered each, but reported once.
    for (int i = 0; i < 3; ++i) {
        RawHttpClient client(harness.port());
        const QByteArray body(40 * 1024, 'x');
        client.send(
            "POST /over HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QCOMPARE(client.read(1).value(0).status, 503);
    }
    QCOMPARE(failures.size(), 1);

    // The receiver keeps answering, honestly: 200 if freed pages let this one in, 503 if not.
    RawHttpClient again(harness.port());
    const QByteArray last = "token-last" + QByteArray(30000, ' ');
    again.send(
        "POST /more HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(last.size()) + "\r\n\r\n" + last);
    const int lastStatus = again.read(1).value(0).status;
    QVERIFY2(lastStatus == 200 || lastStatus == 503, QByteArray::number(lastStatus).constData());
    if (lastStatus == 200)
        acknowledged << "token-last";

    // Every request that got its 200 is there, byte for byte.
    const QList<CaptureSummary> all = harness.captures();
    QSet<QByteArray> stored;
    for (const CaptureSummary& s : all)
        stored.insert(harness.capture(s.id)->body.left(16).trimmed());
    for (const QByteArray& token : std::as_const(acknowledged))
        QVERIFY2(stored.contains(token), token.constData());
}

void TstReceiver::halfClosedClientStillGetsItsResponses_data()
{
    QTest::addColumn<QByteArray>("requests");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("delayMs");
    QTest::addRow("one GET") << get("/half") << 1 << 0;
    QTest::addRow("three pipelined") << QByteArray(get("/h1") + get("/h2") + get("/h3")) << 3 << 0;
    QTest::addRow("Connection: close") << QByteArray("GET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") << 1
                                       << 0;
    QTest::addRow("HTTP/1.0") << QByteArray("POST /old HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi") << 1 << 0;
    QTest::addRow("delayed response") << get("/slow") << 1 << 300;
    QTest::addRow("delayed, Connection: close")
        << QByteArray("GET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") << 1 << 300;
}

void TstReceiver::halfClosedClientStillGetsItsResponses()
{
    // End of stream from the client means "no more requests", not "gone": what it asked is still answered.
    QFETCH(QByteArray, requests);
    QFETCH(int, count);
    QFETCH(int, delayMs);
    ReceiverOptions options = testOptions();
    options.response.delayMs = delayMs;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(requests);
    client.shutdownWrite();
    const QList<RawResponse> responses = client.read(count, 5000);
    QCOMPARE(responses.size(), count);
    for (const RawResponse& r : responses)
        QCOMPARE(r.status, 200);
    QVERIFY(client.waitForClose());
    QCOMPARE(harness.captures().size(), count);

    // A request cut short by the half-close is answered up to it and recorded as cut off.
    RawHttpClient cut(harness.port());
    cut.send(get("/whole") + "POST /cut HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
    cut.shutdownWrite();
    const QList<RawResponse> first = cut.read(1, 5000);
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().status, 200);
    QVERIFY(cut.waitForClose());
    QTRY_COMPARE(harness.captures().size(), count + 2);
    const CaptureSummary last = harness.captures().first();
    QVERIFY(last.rejected);
    QCOMPARE(last.target, QByteArray("/cut"));
}

void TstReceiver::resetWhileResponsesAreQueuedLosesNoCapture()
{
    ReceiverOptions options = testOptions();
    options.response.delayMs = 200;
    ReceiverHarness harness(options);
    {
        RawHttpClient client(harness.port());
        client.send(
            get("/r1") + get("/r2") + get("/r3") + "POST /r4 HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc");
        QTRY_COMPARE(harness.captures().size(), 3);
        client.reset();
    }
    QTRY_COMPARE(harness.captures().size(), 4); // the cut-off fourth is on record too
    QVERIFY(harness.captures().first().rejected);
    RawHttpClient next(harness.port());
    next.send(get("/after"));
    QCOMPARE(next.read(1).value(0).status, 200);
}

void TstReceiver::lingeringCloseDrainsTheBodyWithoutSpinning()
{
    // A refused upload's body keeps coming after the 413: the receiver drains it so the client reads the answer
    // instead of a reset, and notices the client's FIN long before the linger timeout.
    ReceiverOptions options = testOptions();
    options.limits.lingerMs = 4000;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    const QByteArray body = repeat('u', 1024 * 1024);
    client.send("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
        + body.left(200 * 1024));
    const QList<RawResponse> r = client.read(1, 5000);
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().status, 413);
    const qint64 cpuBefore = processCpuMs();
    QElapsedTimer elapsed;
    elapsed.start();
    client.send(body.mid(200 * 1024));
    client.shutdownWrite();
    QVERIFY(client.waitForClose(8000));
    const qint64 cpu = processCpuMs() - cpuBefore;
    QVERIFY2(elapsed.elapsed() < 2500, qPrintable(QStringLiteral("closed after %1 ms").arg(elapsed.elapsed())));
    QVERIFY2(cpu < 1000, qPrintable(QStringLiteral("%1 ms of CPU while draining").arg(cpu)));
}

void TstReceiver::closingConnectionWithBufferedBytesDoesNotSpin()
{
    // Bytes after a `Connection: close` request are never parsed; while its response waits out a delay, more
    // bytes and the client's FIN arrive. Nothing may spin on them.
    ReceiverOptions options = testOptions();
    options.response.delayMs = 1500;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send("GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + get("/ignored"));
    QTRY_COMPARE(harness.captures().size(), 1);
    const qint64 cpuBefore = processCpuMs();
    client.send(get("/more"));
    client.shutdownWrite();
    const QList<RawResponse> r = client.read(1, 5000);
    const qint64 cpu = processCpuMs() - cpuBefore;
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().status, 200);
    QVERIFY(client.waitForClose());
    QVERIFY2(cpu < 150, qPrintable(QStringLiteral("%1 ms of CPU during a 1500 ms delay").arg(cpu)));
    QCOMPARE(harness.captures().size(), 1);
}

void TstReceiver::clientThatDoesNotReadIsPushedBack()
{
    // A client pipelining requests without reading the answers must not grow the receiver's memory without
    // bound: once the kernel stops taking responses, the receiver stops reading requests.
    ReceiverOptions options = testOptions();
    options.limits.maxPipelinedRequests = 4;
    const QByteArray big = patterned(1024 * 1024);
    options.response.body = big;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    constexpr int kRequests = 100;
    client.send(gets("/np", kRequests));
    // The client reads nothing meanwhile. QTRY_VERIFY would not do: the event loop it runs lets the client's
    // QTcpSocket drain the responses into its own buffer.
    QElapsedTimer waited;
    waited.start();
    while (harness.captures().size() < 4 && waited.elapsed() < 10000)
        QThread::msleep(20);
    QVERIFY(harness.captures().size() >= 4);
    QThread::msleep(500);
    const qsizetype taken = harness.captures().size();
    QVERIFY2(taken < kRequests / 2, qPrintable(QStringLiteral("%1 requests read ahead of the client").arg(taken)));
    const QList<RawResponse> responses = client.read(kRequests, 60000);
    QCOMPARE(responses.size(), kRequests);
    for (const RawResponse& response : responses)
        QVERIFY(response.status == 200 && response.body == big);
    QCOMPARE(harness.captures().size(), kRequests);
}

void TstReceiver::slowReaderIsNotCutOffByIdleTimeouts_data()
{
    QTest::addColumn<bool>("close");
    QTest::addRow("keep-alive") << false;
    QTest::addRow("Connection: close") << true;
}

void TstReceiver::slowReaderIsNotCutOffByIdleTimeouts()
{
    // The keep-alive idle and lingering-close timeouts are about a quiet peer; a client still taking a large
    // response is neither.
    QFETCH(bool, close);
    ReceiverOptions options = testOptions();
    options.limits.keepAliveIdleMs = 300;
    options.limits.lingerMs = 300;
    const QByteArray big = patterned(24 * 1024 * 1024);
    options.response.body = big;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send("GET /slow HTTP/1.1\r\nHost: a\r\n" + QByteArray(close ? "Connection: close\r\n" : "") + "\r\n");
    QThread::msleep(900); // reads nothing for a while: the kernel's buffers fill and the receiver waits
    const QList<RawResponse> r = client.read(1, 20000);
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().body.size(), big.size());
    QVERIFY(r.first().body == big);
}

void TstReceiver::stalledReaderIsDroppedAfterTheSendTimeout()
{
    // A client that half-closes and then never reads its large response must not hold the connection forever.
    ReceiverOptions options = testOptions();
    options.limits.sendIdleTimeoutMs = 300;
    const QByteArray big = patterned(24 * 1024 * 1024);
    options.response.body = big;
    ReceiverHarness harness(options);
    RawHttpClient client(harness.port());
    client.send(get("/stall"));
    client.shutdownWrite();
    QThread::msleep(1500);
    QVERIFY2(client.read(1, 5000).isEmpty(), "the response should have been cut off");
    QVERIFY(client.waitForClose(5000));
}

void TstReceiver::shutdownAnswersEveryHalfClosedConnection()
{
    // Shutting down answers every delayed request at once; connections whose peers already half-closed finish
    // while that happens, and none may be skipped. (The receiver runs on this thread: shutdown() is synchronous.)
    QTemporaryDir dir;
    CaptureStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("captures.sqlite"))));
    Receiver receiver(&store);
    ReceiverOptions options = testOptions();
    options.response.delayMs = 60'000;
    QVERIFY(receiver.start(options));
    QSignalSpy captured(&receiver, &Receiver::captured);
    constexpr int kClients = 64;
    std::vector<std::unique_ptr<RawHttpClient>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<RawHttpClient>(receiver.port()));
        clients.back()->send("GET /s" + QByteArray::number(i) + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        clients.back()->shutdownWrite();
    }
    QTRY_COMPARE_WITH_TIMEOUT(captured.size(), kClients, 10000);
    QTest::qWait(50); // the receiver reads each client's end of stream
    QSignalSpy drained(&receiver, &Receiver::drained);
    QElapsedTimer elapsed;
    elapsed.start();
    receiver.shutdown(3000);
    QTRY_COMPARE_WITH_TIMEOUT(drained.size(), 1, 10000);
    QVERIFY2(elapsed.elapsed() < 2000, qPrintable(QStringLiteral("drained after %1 ms").arg(elapsed.elapsed())));
    for (const auto& client : clients)
        QCOMPARE(client->read(1, 2000).value(0).status, 200);
    store.close();
}

QTEST_GUILESS_MAIN(TstReceiver)
#include "tst_receiver.moc"
