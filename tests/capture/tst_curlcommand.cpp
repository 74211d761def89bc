// SPDX-License-Identifier: MIT
#include "core/capture/curlcommand.h"
#include "tests/support/rawhttpclient.h"
#include "tests/support/receiverharness.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;
using hookscope::test::RawHttpClient;
using hookscope::test::ReceiverHarness;

namespace {

// Waits until the harness holds `count` captures and returns the newest.
std::optional<CapturedRequest> waitForCapture(ReceiverHarness& harness, qsizetype count)
{
    QDeadlineTimer deadline(20'000);
    while (!deadline.hasExpired()) {
        if (harness.captures().size() >= count)
            return harness.newest();
        QTest::qWait(10);
    }
    return std::nullopt;
}

QByteArray request(const QByteArray& head, const QByteArray& body = {})
{
    return head + "\r\n\r\n" + body;
}

QByteArray withLength(const QByteArray& head, const QByteArray& body)
{
    return head + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray chunked(const QList<QByteArray>& chunks)
{
    QByteArray out;
    for (const QByteArray& chunk : chunks)
        out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    return out + "0\r\n\r\n";
}

QByteArray binaryBody(qsizetype size)
{
    QByteArray out(size, '\0');
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char((i * 7 + i / 251) & 0xFF);
    return out;
}

QByteArray textBody(qsizetype size)
{
    const QByteArray line = "{\"id\":\"evt_1\",\"note\":\"it's $HOME \\\\ `id` !x %s\"}"
                            "\n";
    QByteArray out;
    while (out.size() < size)
        out += line;
    out.truncate(size);
    return out;
}

QStringList shells()
{
    QStringList out;
    for (const QString& name : { QStringLiteral("sh"), QStringLiteral("bash"), QStringLiteral("zsh") }) {
        if (!QStandardPaths::findExecutable(name).isEmpty())
            out << name;
    }
    return out;
}

QString describe(const HeaderList& list)
{
    return QString::fromLatin1(headers::serialize(list).toPercentEncoding(" :\r\n"));
}

} // namespace

class TstCurlCommand final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void simpleGet();
    void postJson();
    void binaryBodyUsesPrintf();
    void headAndEmptyValues();
    void oddTargetsAndVersions();
    void quoting();
    void rejectedHasNoCommand();
    void caveats();
    void roundTrip_data();
    void roundTrip();

private:
    // Runs `command` through `shell` with no proxy and no ~/.curlrc, the way a terminal would.
    bool run(const QString& shell, const QString& command, QString* error);

    QTemporaryDir m_home;
};

void TstCurlCommand::initTestCase()
{
    QVERIFY(m_home.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed");
}

bool TstCurlCommand::run(const QString& shell, const QString& command, QString* error)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), m_home.path());
    environment.insert(QStringLiteral("CURL_HOME"), m_home.path());
    environment.insert(QStringLiteral("ZDOTDIR"), m_home.path());
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardOutputFile(QProcess::nullDevice());
    // One exec argument may not exceed 128 KiB on Linux: a big command goes through a script file instead,
    // which the shell reads the same way it reads a pasted command.
    if (command.size() < 100'000) {
        process.start(shell, { QStringLiteral("-c"), command });
    } else {
        const QString path = m_home.filePath(QStringLiteral("command.sh"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(command.toUtf8() + '\n') < 0) {
            *error = file.errorString();
            return false;
        }
        file.close();
        process.start(shell, { path });
    }
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        *error = QStringLiteral("%1 did not finish").arg(shell);
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1 exited with %2: %3")
                     .arg(shell)
                     .arg(process.exitCode())
                     .arg(QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

// Exact command text for the simple cases, so a change in the output is a deliberate one.
void TstCurlCommand::simpleGet()
{
    CapturedRequest capture;
    capture.method = "GET";
    capture.target = "/hook?x=1&y=2";
    capture.httpVersion = "HTTP/1.1";
    capture.headers = { { "Host", "127.0.0.1:8787" }, { "User-Agent", "Stripe/1.0" } };
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:8787"))),
        QStringLiteral("curl --http1.1 'http://127.0.0.1:8787/hook?x=1&y=2' \\\n"
                       "  -H 'Host: 127.0.0.1:8787' \\\n"
                       "  -H 'User-Agent: Stripe/1.0' \\\n"
                       "  -H 'Accept:'"));
}

void TstCurlCommand::postJson()
{
    CapturedRequest capture;
    capture.method = "POST";
    capture.target = "/stripe";
    capture.httpVersion = "HTTP/1.1";
    capture.body = "{\"note\":\"it's $5\"}";
    capture.headers = { { "Host", "localhost:8787" }, { "Content-Type", "application/json" },
        { "Content-Length", QByteArray::number(capture.body.size()) } };
    // The path of the base is ignored: the captured target is the whole path.
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://localhost:8787/ignored/"))),
        QStringLiteral("curl --http1.1 http://localhost:8787/stripe \\\n"
                       "  -H 'Host: localhost:8787' \\\n"
                       "  -H 'Content-Type: application/json' \\\n"
                       "  -H 'Content-Length: 18' \\\n"
                       "  -H 'User-Agent:' \\\n"
                       "  -H 'Accept:' \\\n"
                       "  --data-binary '{\"note\":\"it'\\''s $5\"}'"));
}

void TstCurlCommand::binaryBodyUsesPrintf()
{
    CapturedRequest capture;
    capture.method = "PUT";
    capture.target = "/b";
    capture.httpVersion = "HTTP/1.1";
    capture.body = QByteArray("a\0\xff%'\n1", 7);
    capture.headers = { { "Host", "h" }, { "Content-Length", "7" } };
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:1"))),
        QStringLiteral("printf 'a\\000\\377\\045\\047\\n1' | curl --http1.1 -X PUT http://127.0.0.1:1/b \\\n"
                       "  -H 'Host: h' \\\n"
                       "  -H 'Content-Length: 7' \\\n"
                       "  -H 'User-Agent:' \\\n"
                       "  -H 'Accept:' \\\n"
                       "  -H 'Content-Type:' \\\n"
                       "  --data-binary @-"));
}

void TstCurlCommand::headAndEmptyValues()
{
    CapturedRequest capture;
    capture.method = "HEAD";
    capture.target = "/";
    capture.httpVersion = "HTTP/1.1";
    capture.headers = { { "Host", "h" }, { "X-Empty", "" }, { "Accept", "*/*" } };
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:1"))),
        QStringLiteral("curl --http1.1 --head http://127.0.0.1:1/ \\\n"
                       "  -H 'Host: h' \\\n"
                       "  -H 'X-Empty;' \\\n"
                       "  -H 'Accept: */*' \\\n"
                       "  -H 'User-Agent:'"));
}

void TstCurlCommand::oddTargetsAndVersions()
{
    CapturedRequest capture;
    capture.method = "DELETE";
    capture.target = "/a/../b?y=[1]";
    capture.httpVersion = "HTTP/1.0";
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://[::1]:8787"))),
        QStringLiteral("curl --http1.0 -X DELETE --path-as-is --globoff 'http://[::1]:8787/a/../b?y=[1]' \\\n"
                       "  -H 'Host:' \\\n"
                       "  -H 'User-Agent:' \\\n"
                       "  -H 'Accept:'"));
    capture.target = "/a b#c";
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:1"))),
        QStringLiteral("curl --http1.0 -X DELETE --request-target '/a b#c' http://127.0.0.1:1 \\\n"
                       "  -H 'Host:' \\\n"
                       "  -H 'User-Agent:' \\\n"
                       "  -H 'Accept:'"));
}

void TstCurlCommand::quoting()
{
    QCOMPARE(shellquote::word("plain/path:1,2.3-4_5%6+7"), QStringLiteral("plain/path:1,2.3-4_5%6+7"));
    QCOMPARE(shellquote::word("=x"), QStringLiteral("'=x'"));
    QCOMPARE(shellquote::word("it's"), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellquote::word("X: Zo\xc3\xab $HOME"), QStringLiteral("'X: Zo\u00eb $HOME'"));
    QCOMPARE(shellquote::word("X: \xff!"), QStringLiteral("\"$(printf 'X: \\377\\041')\""));
    QCOMPARE(shellquote::word("a\tb"), QStringLiteral("\"$(printf 'a\\tb')\""));
    QCOMPARE(shellquote::printfFormat("-a-\r"), QStringLiteral("\\055a-\\015"));
    // A bidi override would make the pasted command read differently from what runs.
    QCOMPARE(shellquote::word("a\xe2\x80\xae"
                              "b"),
        QStringLiteral("\"$(printf 'a\\342\\200\\256b')\""));
}

void TstCurlCommand::rejectedHasNoCommand()
{
    CapturedRequest capture;
    capture.rejected = true;
    capture.rawPrefix = "GARBAGE";
    const CurlCommand command = buildCurlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:1")));
    QVERIFY(!command.ok());
    QVERIFY(command.text.isEmpty());
    QVERIFY(!command.error.isEmpty());
    QCOMPARE(curlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:1"))), QString());
}

void TstCurlCommand::caveats()
{
    CapturedRequest capture;
    capture.method = "POST";
    capture.target = "/";
    capture.httpVersion = "HTTP/1.1";
    capture.chunked = true;
    capture.headers = { { "X", "1" }, { "host", "a" }, { "Host", "b" }, { "Transfer-Encoding", "chunked" } };
    capture.trailers = { { "X-Checksum", "1" } };
    const CurlCommand command = buildCurlCommand(capture, QUrl(QStringLiteral("http://127.0.0.1:1")));
    QVERIFY(command.ok());
    QCOMPARE(command.caveats.size(), 4); // Host spelling, Host position, second Host, trailers
    QVERIFY(command.text.endsWith(QStringLiteral("--data-binary ''")));
}

// Each row is a request sent byte for byte; its capture becomes a curl command, the command runs in every
// shell present, and the capture curl produces must match the first one.
void TstCurlCommand::roundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");

    const QByteArray json = "{\"type\":\"charge.succeeded\",\"note\":\"it's \\\"$HOME\\\" \\\\ `id` !1 %s\"}";
    QTest::addRow("get with query") << request("GET /hook?x=1&y=%20z&z HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                               "User-Agent: Stripe/1.0 (+https://stripe.com)\r\nAccept: */*");
    QTest::addRow("post json") << withLength("POST /stripe HTTP/1.1\r\nHost: localhost:8787\r\n"
                                             "Content-Type: application/json; charset=utf-8\r\n"
                                             "Stripe-Signature: t=1,v1=abc",
        json);
    QTest::addRow("form") << withLength("POST /form HTTP/1.1\r\nHost: h\r\n"
                                        "Content-Type: application/x-www-form-urlencoded",
        "a=1&b=%26&c=\xc3\xa9+x");
    QTest::addRow("binary nul ff") << withLength(
        "POST /bin HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream",
        QByteArray("\0\xff\r\n\\000%%'\"\x1b[201~\0\n\n", 19));
    QTest::addRow("body starting with @") << withLength("POST /at HTTP/1.1\r\nHost: h", "@/etc/passwd");
    QTest::addRow("duplicate headers") << request("GET /dup HTTP/1.1\r\nHost: h\r\nX-Dup: 1\r\nUser-Agent: a\r\n"
                                                  "x-dup: 2\r\nAccept: text/html\r\nUser-Agent: b\r\nX-DUP: 3\r\n"
                                                  "accept: */*");
    QTest::addRow("quotes dollar backslash")
        << withLength("PATCH /q HTTP/1.1\r\nHost: h\r\nX-Quote: \"double\" 'single' $HOME ${x} `id` $(id) \\n\\ !!\r\n"
                      "Content-Type: text/plain",
               "'\"$HOME\\`id`!!\\'\n\n");
    QTest::addRow("empty header values") << request("GET /e HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Space: \r\n"
                                                    "User-Agent:\r\nAccept:");
    QTest::addRow("non-ascii header values") << request("GET /n HTTP/1.1\r\nHost: h\r\nX-Name: Zo\xc3\xab\r\n"
                                                        "X-Raw: \xff\xfe latin \xe9\r\nX-Tab: a\tb");
    QTest::addRow("2 MB text") << withLength(
        "POST /big HTTP/1.1\r\nHost: h\r\nContent-Type: application/json", textBody(qsizetype(2) * 1024 * 1024));
    QTest::addRow("2 MB binary with expect") << withLength(
        "POST /bigbin HTTP/1.1\r\nHost: h\r\nExpect: 100-continue", binaryBody(qsizetype(2) * 1024 * 1024));
    QTest::addRow("small body with expect") << withLength("PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue", "hi");
    QTest::addRow("head") << request("HEAD /h HTTP/1.1\r\nHost: h\r\nAccept: */*");
    QTest::addRow("put without body") << request("PUT /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0");
    QTest::addRow("post without body") << request("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0");
    QTest::addRow("delete") << request("DELETE /d/1 HTTP/1.1\r\nHost: h");
    QTest::addRow("get with body") << withLength("GET /g HTTP/1.1\r\nHost: h", "abc");
    QTest::addRow("http/1.0 without host") << withLength("POST /old HTTP/1.0\r\nContent-Type: text/plain", "abc");
    QTest::addRow("chunked") << request("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                                        "Content-Type: text/plain",
        chunked({ "abc", QByteArray("\0\xff\n'x", 5), "last" }));
    QTest::addRow("chunked empty") << request("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked", chunked({}));
    QTest::addRow("dot segments and brackets") << request("GET /a/../b?x=%20&y=[1] HTTP/1.1\r\nHost: h");
    QTest::addRow("braces and dots") << request("GET /./a/{x,y}/./%2e%2e/ HTTP/1.1\r\nHost: h");
    QTest::addRow("fragment") << request("GET /a#frag?x HTTP/1.1\r\nHost: h");
    QTest::addRow("options asterisk") << request("OPTIONS * HTTP/1.1\r\nHost: h");
    QTest::addRow("absolute form") << request("GET http://example.com/x?y=1 HTTP/1.1\r\nHost: example.com");
    QTest::addRow("non-ascii target") << request("GET /caf\xc3\xa9/\xff?q=\xe9t\xc3\xa9 HTTP/1.1\r\nHost: h");
    QTest::addRow("http/1.0 big body with host")
        << withLength("PUT /old HTTP/1.0\r\nHost: h\r\nConnection: keep-alive", binaryBody(qsizetype(1100) * 1024));
    QTest::addRow("connection close") << withLength("POST /close HTTP/1.1\r\nHost: h\r\nConnection: close\r\n"
                                                    "Content-Type: multipart/form-data; boundary=\"--x\"",
        "----x--\r\n");
    QTest::addRow("leading dashes") << withLength("POST /-x HTTP/1.1\r\nHost: h\r\n-X: \xff-\r\n--: -", "-d x");
    QTest::addRow("custom method") << withLength("PURGE /cache HTTP/1.1\r\nHost: h", "x");
}

void TstCurlCommand::roundTrip()
{
    QFETCH(QByteArray, bytes);
    ReceiverHarness harness;
    QVERIFY2(harness.ok(), qPrintable(harness.error()));
    const QUrl base(QStringLiteral("http://127.0.0.1:%1").arg(harness.port()));

    RawHttpClient client(harness.port());
    QVERIFY(client.isConnected());
    client.send(bytes);
    const std::optional<CapturedRequest> original = waitForCapture(harness, 1);
    QVERIFY(original);
    QVERIFY2(!original->rejected, qPrintable(original->rejectReason));

    const CurlCommand command = buildCurlCommand(*original, base);
    QVERIFY2(command.ok(), qPrintable(command.error));
    QVERIFY2(command.caveats.isEmpty(), qPrintable(command.caveats.join(QLatin1Char(' '))));

    qsizetype expected = 1;
    for (const QString& shell : shells()) {
        QString error;
        QVERIFY2(run(shell, command.text, &error), qPrintable(error + QLatin1Char('\n') + command.text.left(2000)));
        const std::optional<CapturedRequest> replay = waitForCapture(harness, ++expected);
        QVERIFY(replay);
        QVERIFY2(!replay->rejected, qPrintable(replay->rejectReason));
        QCOMPARE(replay->method, original->method);
        QCOMPARE(replay->target, original->target);
        QCOMPARE(replay->httpVersion, original->httpVersion);
        QCOMPARE(describe(replay->headers), describe(original->headers));
        QCOMPARE(replay->headers, original->headers);
        QCOMPARE(replay->chunked, original->chunked);
        QCOMPARE(replay->body.size(), original->body.size());
        QVERIFY(replay->body == original->body);
    }
    QVERIFY(expected > 1);
}

QTEST_GUILESS_MAIN(TstCurlCommand)
#include "tst_curlcommand.moc"
