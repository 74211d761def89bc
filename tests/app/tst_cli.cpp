// SPDX-License-Identifier: MIT
// Drives the real `hookscope` binary the way people and scripts do: curl, raw sockets, signals, exit codes.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <csignal>

namespace {

const QString kExe = QStringLiteral(HOOKSCOPE_EXE);
constexpr int kProcessTimeoutMs = 20'000;

QString str(const char* latin1)
{
    return QString::fromLatin1(latin1);
}

struct Finished {
    bool exited = false; // ran to the end by itself, without a signal or a timeout
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QByteArray describe() const
    {
        return "exited=" + QByteArray(exited ? "yes" : "no") + " code=" + QByteArray::number(exitCode)
            + "\nstdout: " + out.left(2000) + "\nstderr: " + err.left(2000);
    }
};

Finished runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    Finished result;
    if (!process.waitForStarted(kProcessTimeoutMs)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    const bool finished = process.waitForFinished(kProcessTimeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished(kProcessTimeoutMs);
    }
    result.exited = finished && process.exitStatus() == QProcess::NormalExit;
    result.exitCode = result.exited ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Writes `request` on `socket`, connecting it to the receiver on `port` first, and returns what came back until
// the end of a response head (or what came before the connection went quiet). The socket stays open.
QByteArray sendRaw(QTcpSocket& socket, quint16 port, const QByteArray& request)
{
    if (socket.state() != QAbstractSocket::ConnectedState) {
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        if (!socket.waitForConnected(kProcessTimeoutMs))
            return {};
    }
    socket.write(request);
    QByteArray reply;
    while (!reply.contains("\r\n\r\n") && socket.waitForReadyRead(kProcessTimeoutMs))
        reply += socket.readAll();
    return reply;
}

// The same on a connection of its own, closed afterwards.
QByteArray sendRaw(quint16 port, const QByteArray& request)
{
    QTcpSocket socket;
    return sendRaw(socket, port, request);
}

QList<QByteArray> nonEmptyLines(const QByteArray& text)
{
    QList<QByteArray> lines = text.split('\n');
    lines.removeIf([](const QByteArray& line) { return line.isEmpty(); });
    return lines;
}

QList<QJsonObject> jsonLines(const QByteArray& text)
{
    QList<QJsonObject> out;
    for (const QByteArray& line : nonEmptyLines(text)) {
        QJsonParseError error {};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        // A line that is not one JSON object turns into an empty one, which fails every field check.
        out.append(error.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject());
    }
    return out;
}

// A running `hookscope listen`, read one line at a time from its standard output.
class Listener final {
public:
    explicit Listener(const QProcessEnvironment& env) { m_process.setProcessEnvironment(env); }
    ~Listener()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(kProcessTimeoutMs);
        }
    }
    Q_DISABLE_COPY_MOVE(Listener)

    // Starts `hookscope listen OPTIONS` and waits for the "Listening on" line; false if it never comes.
    bool start(const QStringList& options)
    {
        m_process.start(kExe, QStringList { str("listen") } + options);
        if (!m_process.waitForStarted(kProcessTimeoutMs))
            return false;
        while (!m_out.contains('\n')) {
            const bool more = m_process.waitForReadyRead(kProcessTimeoutMs);
            m_out += m_process.readAllStandardOutput();
            if (!more)
                break;
        }
        static const QRegularExpression listening(str("^Listening on http://([^/]+):(\\d+)/$"));
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_out.left(m_out.indexOf('\n'))));
        if (!match.hasMatch())
            return false;
        m_host = match.captured(1);
        m_port = match.captured(2).toUShort();
        return m_port != 0;
    }

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString url(const QString& pathAndQuery) const
    {
        return str("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery);
    }
    qint64 pid() const { return m_process.processId(); }
    QProcess& process() { return m_process; }

    // Complete lines after the "Listening on" line.
    QList<QByteArray> captureLines()
    {
        m_out += m_process.readAllStandardOutput();
        const qsizetype end = m_out.lastIndexOf('\n');
        const qsizetype first = m_out.indexOf('\n');
        if (first < 0 || end <= first)
            return {};
        return nonEmptyLines(m_out.mid(first + 1, end - first));
    }
    QList<QJsonObject> captures() { return jsonLines(captureLines().join('\n')); }

    bool waitForCaptureLines(int count)
    {
        QElapsedTimer timer;
        timer.start();
        while (captureLines().size() < count) {
            const qint64 left = kProcessTimeoutMs - timer.elapsed();
            if (left <= 0 || m_process.state() == QProcess::NotRunning)
                return captureLines().size() >= count;
            m_process.waitForReadyRead(int(left));
        }
        return true;
    }

    // Sends `signal` and waits for the exit; true when the process exited by itself (not killed by it).
    bool stop(int signal)
    {
        ::kill(pid_t(m_process.processId()), signal);
        const bool finished = m_process.waitForFinished(kProcessTimeoutMs);
        m_out += m_process.readAllStandardOutput();
        return finished && m_process.exitStatus() == QProcess::NormalExit;
    }
    int exitCode() const { return m_process.exitCode(); }

    QByteArray errors()
    {
        m_err += m_process.readAllStandardError();
        return m_err;
    }
    QByteArray describe()
    {
        m_out += m_process.readAllStandardOutput();
        return "listen stdout: " + m_out.left(4000) + "\nlisten stderr: " + errors().left(4000);
    }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
    QString m_host;
    quint16 m_port = 0;
};

// What the sender saw: curl's status code (-1 when curl itself failed), and how long the exchange took.
struct CurlResult {
    int status = 0;
    qint64 elapsedMs = 0;
    QByteArray err;
};

} // namespace

class TstCli final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void captureAndReadBack();
    void customResponse();
    void delayedResponse();
    void malformedRequestIsRejectedAndRecorded_data();
    void malformedRequestIsRejectedAndRecorded();
    void sendersControlBytesNeverReachTheTerminal();
    void targetThatIsNotUtf8KeepsItsBytesInJson();
    void refusedCapturesAreListedWithWhatTheSenderGot();
    void terminationFlushesAndExitsZero_data();
    void terminationFlushesAndExitsZero();
    void terminationRightAfterListeningLine();
    void terminationRecordsAHalfSentRequest();
    void searchNeedsEveryWordNotThePhrase();
    void portInUse();
    void databaseInUse_data();
    void databaseInUse();
    void usageErrors_data();
    void usageErrors();
    void showUnknownId();
    void readCommandsInAReadOnlyFolder();
    void readCommandsWithoutDatabase_data();
    void readCommandsWithoutDatabase();
    void versionWithoutDisplay();
    void windowWithoutDisplaySaysWhatToDo();
    void profileFromEnvironment();
    void databaseFromEnvironment();

private:
    QProcessEnvironment childEnvironment() const;
    Finished hookscope(const QStringList& args) const { return runProgram(kExe, args, childEnvironment()); }
    Finished hookscope(const QStringList& args, const QProcessEnvironment& env) const
    {
        return runProgram(kExe, args, env);
    }
    // Runs curl ARGS writing the response body to `output`.
    CurlResult curl(const QStringList& args, const QString& output = QStringLiteral("/dev/null")) const;
    void checkReadBack(
        const QString& profile, const QList<QJsonObject>& live, const QString& binaryFile, const QByteArray& jsonBody);

    QString m_curl;
    QTemporaryDir m_sandbox; // stands in for the user's data folder, so nothing here touches the real one
};

void TstCli::initTestCase()
{
    QVERIFY2(QFileInfo(kExe).isExecutable(), qPrintable(kExe));
    QVERIFY(m_sandbox.isValid());
    m_curl = QStandardPaths::findExecutable(str("curl"));
}

QProcessEnvironment TstCli::childEnvironment() const
{
    // Every command must work without a display; and none may reach the developer's own profile.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "HOOKSCOPE_PROFILE", "HOOKSCOPE_DB" })
        env.remove(str(name));
    env.insert(str("XDG_DATA_HOME"), m_sandbox.filePath(str("xdg-data")));
    env.insert(str("XDG_CONFIG_HOME"), m_sandbox.filePath(str("xdg-config")));
    return env;
}

CurlResult TstCli::curl(const QStringList& args, const QString& output) const
{
    const QStringList common { str("-sS"), str("--noproxy"), str("*"), str("--max-time"), str("30"), str("-o"), output,
        str("-w"), str("%{http_code}") };
    QElapsedTimer timer;
    timer.start();
    const Finished run = runProgram(m_curl, common + args, childEnvironment());
    CurlResult result;
    result.elapsedMs = timer.elapsed();
    result.status = run.exited && run.exitCode == 0 ? run.out.right(3).toInt() : -1;
    result.err = run.describe();
    return result;
}

#define REQUIRE_CURL()                                                                                                 \
    do {                                                                                                               \
        if (m_curl.isEmpty())                                                                                          \
            QSKIP("curl is not installed");                                                                            \
    } while (false)

void TstCli::captureAndReadBack()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    QVERIFY(profile.isValid());

    // Every byte value, plus bytes that look like the end of a head and a second request.
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    binary.append("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    for (int i = 255; i >= 0; --i)
        binary.append(char(i));
    const QString binaryFile = profile.filePath(str("all-bytes.bin"));
    const QByteArray jsonBody = "{\"event\":\"zebrafish.created\",\"data\":{\"id\":42,\"name\":\"Gr\xc3\xbc\xc3\x9f"
                                "e\"}}";
    const QString jsonFile = profile.filePath(str("event.json"));
    for (const auto& [path, bytes] : { std::pair { binaryFile, binary }, std::pair { jsonFile, jsonBody } }) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
    }

    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json") }),
        listen.describe().constData());
    QCOMPARE(listen.host(), str("127.0.0.1"));

    CurlResult r = curl({ str("-H"), str("Content-Type: application/json"), str("--data-binary"), str("@") + jsonFile,
        listen.url(str("/hooks/github?delivery=1")) });
    QVERIFY2(r.status == 200, r.err.constData());
    r = curl({ str("-H"), str("Content-Type: application/octet-stream"), str("--data-binary"), str("@") + binaryFile,
        listen.url(str("/upload")) });
    QVERIFY2(r.status == 200, r.err.constData());
    r = curl({ listen.url(str("/search?q=hello%20world&page=2")) });
    QVERIFY2(r.status == 200, r.err.constData());
    r = curl({ str("-H"), str("X-ODD-case: One"), str("-H"), str("x-Dup: first"), str("-H"), str("x-Dup: second"),
        str("-H"), str("ALLCAPS: yes"), listen.url(str("/headers")) });
    QVERIFY2(r.status == 200, r.err.constData());

    // One JSON line per capture, in the order they were answered.
    QVERIFY2(listen.waitForCaptureLines(4), listen.describe().constData());
    const QList<QJsonObject> live = listen.captures();
    QCOMPARE(live.size(), 4);
    const QStringList methods { str("POST"), str("POST"), str("GET"), str("GET") };
    const QStringList targets { str("/hooks/github?delivery=1"), str("/upload"), str("/search?q=hello%20world&page=2"),
        str("/headers") };
    for (int i = 0; i < live.size(); ++i) {
        const QJsonObject& o = live.at(i);
        QVERIFY2(o.contains(str("id")) && o.contains(str("bytes")), QJsonDocument(o).toJson().constData());
        QCOMPARE(o.value(str("method")).toString(), methods.at(i));
        QCOMPARE(o.value(str("target")).toString(), targets.at(i));
        QCOMPARE(o.value(str("status")).toInt(), 200);
        QCOMPARE(o.value(str("rejected")).toBool(true), false);
        QVERIFY(o.value(str("bytes")).toInteger() > 0);
        if (i > 0)
            QVERIFY(o.value(str("id")).toInteger() > live.at(i - 1).value(str("id")).toInteger());
    }
    QVERIFY(live.at(1).value(str("bytes")).toInteger() > binary.size());

    checkReadBack(profile.path(), live, binaryFile, jsonBody);
    if (QTest::currentTestFailed())
        return;

    QVERIFY2(listen.stop(SIGTERM), listen.describe().constData());
    QCOMPARE(listen.exitCode(), 0);
    checkReadBack(profile.path(), live, binaryFile, jsonBody);
}

void TstCli::checkReadBack(
    const QString& profile, const QList<QJsonObject>& live, const QString& binaryFile, const QByteArray& jsonBody)
{
    const QString profileArg = str("--profile=") + profile;
    const auto idOf = [&](int i) { return QString::number(live.at(i).value(str("id")).toInteger()); };

    // Newest first, each row agreeing with what listen printed for it.
    Finished run = hookscope({ str("requests"), profileArg, str("--json") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    const QList<QJsonObject> listed = jsonLines(run.out);
    QCOMPARE(listed.size(), live.size());
    for (int i = 0; i < listed.size(); ++i) {
        const QJsonObject& row = listed.at(i);
        const QJsonObject& echoed = live.at(live.size() - 1 - i);
        for (const char* key : { "id", "method", "target", "status", "bytes", "rejected" })
            QCOMPARE(row.value(str(key)), echoed.value(str(key)));
    }

    run = hookscope({ str("requests"), profileArg, str("--json"), str("--limit"), str("2") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    const QList<QJsonObject> newest = jsonLines(run.out);
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.at(0).value(str("id")), live.at(3).value(str("id")));
    QCOMPARE(newest.at(1).value(str("id")), live.at(2).value(str("id")));

    // A word from the JSON body, then a header name: each finds exactly its capture.
    const std::pair<const char*, int> searches[] = { { "zebrafish", 0 }, { "ALLCAPS", 3 } };
    for (const auto& [word, index] : searches) {
        run = hookscope({ str("requests"), profileArg, str("--json"), str("--search"), str(word) });
        QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
        const QList<QJsonObject> found = jsonLines(run.out);
        QVERIFY2(found.size() == 1, run.describe().constData());
        QCOMPARE(found.first().value(str("id")), live.at(index).value(str("id")));
    }
    run = hookscope({ str("requests"), profileArg, str("--search"), str("zebrafish") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(nonEmptyLines(run.out).size(), 1);
    QVERIFY2(run.out.contains("/hooks/github?delivery=1"), run.out.constData());

    // --body writes exactly the bytes that were sent.
    QFile file(binaryFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray binary = file.readAll();
    run = hookscope({ str("show"), idOf(1), profileArg, str("--body") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.out.size(), binary.size());
    QCOMPARE(run.out, binary);
    run = hookscope({ str("show"), idOf(0), profileArg, str("--body") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.out, jsonBody);

    // --head is the request line and the header lines as they came: order, case and duplicates kept.
    run = hookscope({ str("show"), idOf(3), profileArg, str("--head") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    const QByteArray head = run.out;
    QVERIFY2(head.startsWith("GET /headers HTTP/1.1\r\n"), head.constData());
    QVERIFY2(head.endsWith("\r\n\r\n"), head.constData());
    qsizetype at = 0;
    for (const char* line : { "\r\nHost: 127.0.0.1:", "\r\nX-ODD-case: One\r\n", "\r\nx-Dup: first\r\n",
             "\r\nx-Dup: second\r\n", "\r\nALLCAPS: yes\r\n" }) {
        const qsizetype found = head.indexOf(line, at);
        QVERIFY2(
            found >= at, QByteArray(QByteArray("missing or out of order: ") + line + "\nin:\n" + head).constData());
        at = found + 1;
    }
    run = hookscope({ str("show"), idOf(1), profileArg, str("--head") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.startsWith("POST /upload HTTP/1.1\r\n"), run.out.constData());
    QVERIFY2(run.out.endsWith("\r\n\r\n"), run.out.constData());
    QVERIFY2(run.out.contains(QByteArray("\r\nContent-Length: " + QByteArray::number(binary.size()) + "\r\n")),
        run.out.constData());
    QVERIFY2(!run.out.contains(binary.left(16)), "the head must not carry the body");

    // --json: one object with the parsed request; binary bodies survive as base64.
    run = hookscope({ str("show"), idOf(3), profileArg, str("--json") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QJsonObject shown = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(shown.value(str("id")), live.at(3).value(str("id")));
    QCOMPARE(shown.value(str("method")).toString(), str("GET"));
    QCOMPARE(shown.value(str("target")).toString(), str("/headers"));
    QCOMPARE(shown.value(str("status")).toInt(), 200);
    QJsonArray headerPairs = shown.value(str("headers")).toArray();
    QStringList dupValues;
    for (const QJsonValue& pair : std::as_const(headerPairs)) {
        if (pair.toArray().at(0).toString() == str("x-Dup"))
            dupValues << pair.toArray().at(1).toString();
    }
    QCOMPARE(dupValues, (QStringList { str("first"), str("second") }));

    run = hookscope({ str("show"), idOf(2), profileArg, str("--json") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    shown = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(shown.value(str("path")).toString(), str("/search"));
    QCOMPARE(shown.value(str("query")).toString(), str("q=hello%20world&page=2"));

    run = hookscope({ str("show"), idOf(1), profileArg, str("--json") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    shown = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(QByteArray::fromBase64(shown.value(str("bodyBase64")).toString().toLatin1()), binary);
    QCOMPARE(shown.value(str("bodyBytes")).toInteger(), binary.size());

    run = hookscope({ str("show"), idOf(0), profileArg, str("--json") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    shown = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(shown.value(str("body")).toString().toUtf8(), jsonBody);

    // The plain view names the capture and shows a text body.
    run = hookscope({ str("show"), idOf(0), profileArg });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.contains(QByteArray("#" + idOf(0).toLatin1())), run.out.constData());
    QVERIFY2(run.out.contains(jsonBody), run.out.constData());
}

void TstCli::customResponse()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--status"), str("202"),
                 str("--header"), str("X-Test: yes"), str("--body"), str("hi") }),
        listen.describe().constData());

    const QString headFile = profile.filePath(str("response-head"));
    const QString bodyFile = profile.filePath(str("response-body"));
    const CurlResult r = curl({ str("-D"), headFile, str("--data"), str("x=1"), listen.url(str("/custom")) }, bodyFile);
    QVERIFY2(r.status == 202, r.err.constData());

    QFile head(headFile);
    QVERIFY(head.open(QIODevice::ReadOnly));
    const QByteArray headBytes = head.readAll();
    QVERIFY2(headBytes.startsWith("HTTP/1.1 202 "), headBytes.constData());
    QVERIFY2(headBytes.contains("\r\nX-Test: yes\r\n"), headBytes.constData());
    QFile body(bodyFile);
    QVERIFY(body.open(QIODevice::ReadOnly));
    QCOMPARE(body.readAll(), QByteArray("hi"));

    // Lines without --json are text, one per capture, naming the status that was sent.
    QVERIFY2(listen.waitForCaptureLines(1), listen.describe().constData());
    const QByteArray line = listen.captureLines().first();
    QVERIFY2(line.contains("POST") && line.contains("/custom") && line.contains(" 202 "), line.constData());
}

void TstCli::delayedResponse()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--delay"), str("300"),
                 str("--json") }),
        listen.describe().constData());
    const CurlResult r = curl({ listen.url(str("/slow")) });
    QVERIFY2(r.status == 200, r.err.constData());
    QVERIFY2(r.elapsedMs >= 300, qPrintable(QString::number(r.elapsedMs)));
    QVERIFY2(listen.waitForCaptureLines(1), listen.describe().constData());
    QCOMPARE(listen.captures().first().value(str("target")).toString(), str("/slow"));
}

void TstCli::malformedRequestIsRejectedAndRecorded_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("head"); // what show --head writes: the bytes up to the blank line, if any
    const QByteArray smuggling
        = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QList<std::tuple<const char*, QByteArray, int, QByteArray>> rows {
        { "no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400, "GET / HTTP/1.1\r\n\r\n" },
        { "two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400,
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" },
        { "bare LF", "GET / HTTP/1.1\nHost: a\n\n", 400, "GET / HTTP/1.1\nHost: a\n\n" },
        { "unknown method", "HELLO / HTTP/1.1\r\nHost: a\r\n\r\n", 501, "HELLO / HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "body after a rejected head", smuggling + "0\r\n\r\n", 400, smuggling },
    };
    for (const auto& [name, request, status, head] : rows)
        QTest::addRow("%s", name) << request << status << head;
}

void TstCli::malformedRequestIsRejectedAndRecorded()
{
    REQUIRE_CURL();
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, head);
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json") }),
        listen.describe().constData());

    const QByteArray reply = sendRaw(listen.port(), request);
    QVERIFY2(reply.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), reply.constData());
    QVERIFY2(reply.contains("\r\nConnection: close\r\n"), reply.constData());

    QVERIFY2(listen.waitForCaptureLines(1), listen.describe().constData());
    const QJsonObject rejected = listen.captures().first();
    QCOMPARE(rejected.value(str("rejected")).toBool(), true);
    QCOMPARE(rejected.value(str("status")).toInt(), status);

    // The receiver keeps serving new connections.
    const CurlResult r = curl({ listen.url(str("/after")) });
    QVERIFY2(r.status == 200, r.err.constData());
    QVERIFY2(listen.waitForCaptureLines(2), listen.describe().constData());
    const QJsonObject good = listen.captures().at(1);
    QCOMPARE(good.value(str("rejected")).toBool(true), false);
    QCOMPARE(good.value(str("target")).toString(), str("/after"));

    // The rejected request is kept as it arrived.
    const QString id = QString::number(rejected.value(str("id")).toInteger());
    const Finished show = hookscope({ str("show"), id, str("--profile"), profile.path(), str("--head") });
    QVERIFY2(show.exited && show.exitCode == 0, show.describe().constData());
    QCOMPARE(show.out, head);
    const Finished json = hookscope({ str("show"), id, str("--profile"), profile.path(), str("--json") });
    const QJsonObject shown = QJsonDocument::fromJson(json.out).object();
    const QByteArray raw = shown.contains(str("rawPrefixBase64"))
        ? QByteArray::fromBase64(shown.value(str("rawPrefixBase64")).toString().toLatin1())
        : shown.value(str("rawPrefix")).toString().toUtf8();
    QCOMPARE(raw, request); // every byte that came, the body included
    // It has no body, and show --body says why rather than writing nothing without a word.
    const Finished body = hookscope({ str("show"), id, str("--profile"), profile.path(), str("--body") });
    QVERIFY2(body.exited && body.exitCode == 0 && body.out.isEmpty(), body.describe().constData());
    QVERIFY2(body.err.contains("was rejected"), body.describe().constData());
}

// A sender's escape sequences (here: retitle the terminal, clear it, turn text red) must not be played on the
// user's terminal by the text views; the exact-bytes views still give them back untouched.
void TstCli::sendersControlBytesNeverReachTheTerminal()
{
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(
        listen.start({ str("--port"), str("0"), str("--profile"), profile.path() }), listen.describe().constData());
    const QByteArray body = "{\"note\":\"\x1b]0;PWNED\x07\x1b[2J\"}";
    const QList<QByteArray> requests {
        "GET /esc\x1b[31mRED HTTP/1.1\r\nHost: a\r\n\r\n", // rejected: the target is kept as it came
        "POST /ok HTTP/1.1\r\nHost: a\r\nX-Latin: caf\xe9\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body,
    };
    for (const QByteArray& request : requests) {
        const QByteArray reply = sendRaw(listen.port(), request);
        QVERIFY2(reply.startsWith("HTTP/1.1 "), reply.constData());
    }
    QVERIFY2(listen.waitForCaptureLines(2), listen.describe().constData());
    const QByteArray lines = listen.captureLines().join('\n');
    QVERIFY2(!lines.contains('\x1b'), lines.constData());
    QVERIFY2(lines.contains("/esc\\x1b[31mRED"), lines.constData());

    const Finished list = hookscope({ str("requests"), str("--profile"), profile.path() });
    QVERIFY2(list.exited && list.exitCode == 0, list.describe().constData());
    QVERIFY2(!list.out.contains('\x1b') && list.out.contains("/esc\\x1b[31mRED"), list.out.constData());
    for (const QString& id : { str("1"), str("2") }) {
        const Finished show = hookscope({ str("show"), id, str("--profile"), profile.path() });
        QVERIFY2(show.exited && show.exitCode == 0, show.describe().constData());
        QVERIFY2(!show.out.contains('\x1b') && !show.out.contains('\x07'), show.out.constData());
        QVERIFY2(show.out.contains("\\x1b"), show.out.constData());
    }
    // A byte that is not UTF-8 (obs-text in a header value) shows as itself, not as a replacement character.
    const Finished view = hookscope({ str("show"), str("2"), str("--profile"), profile.path() });
    QVERIFY2(view.out.contains("X-Latin: caf\\xe9") && !view.out.contains("\xef\xbf\xbd"), view.out.constData());
    const Finished raw = hookscope({ str("show"), str("2"), str("--profile"), profile.path(), str("--body") });
    QVERIFY2(raw.exited && raw.exitCode == 0, raw.describe().constData());
    QCOMPARE(raw.out, body);
}

void TstCli::targetThatIsNotUtf8KeepsItsBytesInJson()
{
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json") }),
        listen.describe().constData());
    const QByteArray target = "/caf\xe9?q=\xff";
    const QByteArray reply = sendRaw(listen.port(), "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY2(reply.startsWith("HTTP/1.1 200 "), reply.constData()); // accepted: the bytes are obs-text
    QVERIFY2(listen.waitForCaptureLines(1), listen.describe().constData());
    const auto bytesOf = [](const QJsonObject& o) {
        return QByteArray::fromBase64(o.value(str("targetBase64")).toString().toLatin1());
    };
    QCOMPARE(bytesOf(listen.captures().first()), target);
    const Finished show = hookscope({ str("show"), str("1"), str("--profile"), profile.path(), str("--json") });
    QVERIFY2(show.exited && show.exitCode == 0, show.describe().constData());
    QCOMPARE(bytesOf(QJsonDocument::fromJson(show.out).object()), target);
}

// Past --max-db-bytes, a request that waited for the store was answered 503 and is listed so; one rejected on
// arrival was answered 400 and keeps that, though it could not be stored either.
void TstCli::refusedCapturesAreListedWithWhatTheSenderGot()
{
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json"),
                 str("--max-db-bytes"), str("300000") }),
        listen.describe().constData());
    const auto exchange = [&](const QByteArray& request) { return sendRaw(listen.port(), request).left(12); };
    const QByteArray body(30 * 1024, 'a');
    int sent = 0;
    QByteArray status;
    while (status != "HTTP/1.1 503" && sent < 40) {
        status = exchange("POST /fill HTTP/1.1\r\nHost: a\r\nContent-Length: 30720\r\n\r\n" + body);
        ++sent;
    }
    QCOMPARE(status, QByteArray("HTTP/1.1 503"));
    // Then small ones, until not even they fit in the pages left.
    do {
        status = exchange("GET /small HTTP/1.1\r\nHost: a\r\n\r\n");
        ++sent;
    } while (status != "HTTP/1.1 503" && sent < 2000);
    QCOMPARE(status, QByteArray("HTTP/1.1 503"));
    QCOMPARE(exchange("GET /no-host HTTP/1.1\r\n\r\n"), QByteArray("HTTP/1.1 400"));
    QVERIFY2(listen.waitForCaptureLines(sent + 1), listen.describe().constData());
    const QList<QJsonObject> lines = listen.captures();
    const QJsonObject refused = lines.at(sent - 1);
    QCOMPARE(refused.value(str("status")).toInt(), 503);
    QVERIFY2(refused.value(str("storeError")).toString().contains(str("size limit")), listen.describe().constData());
    const QJsonObject rejected = lines.at(sent);
    QCOMPARE(rejected.value(str("status")).toInt(), 400);
    QVERIFY(rejected.contains(str("storeError")));
}

void TstCli::terminationFlushesAndExitsZero_data()
{
    QTest::addColumn<int>("signal");
    QTest::addRow("SIGTERM") << int(SIGTERM);
    QTest::addRow("SIGINT") << int(SIGINT);
}

void TstCli::terminationFlushesAndExitsZero()
{
    REQUIRE_CURL();
    QFETCH(int, signal);
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json") }),
        listen.describe().constData());
    constexpr int kRequests = 5;
    for (int i = 0; i < kRequests; ++i) {
        const CurlResult r
            = curl({ str("--data-binary"), str("term-body-%1").arg(i), listen.url(str("/t/%1").arg(i)) });
        QVERIFY2(r.status == 200, r.err.constData());
    }
    QVERIFY2(listen.stop(signal), listen.describe().constData());
    QCOMPARE(listen.exitCode(), 0);
    QCOMPARE(listen.captures().size(), kRequests);

    const QString connection = str("tst_cli-termination-%1").arg(signal);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(str("QSQLITE"), connection);
        db.setDatabaseName(profile.filePath(str("captures.sqlite")));
        db.setConnectOptions(str("QSQLITE_OPEN_READONLY"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(str("SELECT method, target, body, rejected, response_status FROM captures ORDER BY id")));
        int row = 0;
        while (q.next()) {
            QCOMPARE(q.value(0).toString(), str("POST"));
            QCOMPARE(q.value(1).toByteArray(), str("/t/%1").arg(row).toLatin1());
            QCOMPARE(q.value(2).toByteArray(), str("term-body-%1").arg(row).toLatin1());
            QCOMPARE(q.value(3).toInt(), 0);
            QCOMPARE(q.value(4).toInt(), 200);
            ++row;
        }
        QCOMPARE(row, kRequests);
    }
    QSqlDatabase::removeDatabase(connection);
}

// Stopping the receiver while a request is still arriving: what came must be on record, not silently dropped.
void TstCli::terminationRecordsAHalfSentRequest()
{
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json") }),
        listen.describe().constData());
    // The interim answer says the receiver has read the head: stopping it now finds a request half in.
    const QByteArray head = "POST /half HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n";
    QTcpSocket socket;
    const QByteArray interim = sendRaw(socket, listen.port(), head);
    QVERIFY2(interim.startsWith("HTTP/1.1 100 "), interim.constData());
    socket.write("only-part");
    QVERIFY(socket.waitForBytesWritten(kProcessTimeoutMs));

    QVERIFY(listen.stop(SIGTERM));
    QCOMPARE(listen.exitCode(), 0);
    const QList<QJsonObject> lines = listen.captures();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value(str("rejected")).toBool(), true);
    QVERIFY2(lines.first().value(str("reason")).toString().contains(str("stopped listening")),
        listen.describe().constData());

    const Finished show = hookscope({ str("show"), str("1"), str("--profile"), profile.path(), str("--json") });
    QVERIFY2(show.exited && show.exitCode == 0, show.describe().constData());
    // The head for certain; the part of the body too if it was read before the signal.
    const QByteArray kept = QJsonDocument::fromJson(show.out).object().value(str("rawPrefix")).toString().toUtf8();
    QVERIFY2(kept == head || kept == head + "only-part", kept.constData());
}

void TstCli::terminationRightAfterListeningLine()
{
    // Scripts take the "Listening on" line as "ready" and may stop the receiver the moment they see it. That
    // moment is made to last here: the receiver's stderr is a FIFO that is already full, so its next stderr
    // write (the note listen prints when bound beyond loopback) blocks until the test drains it.
    QTemporaryDir dir;
    const QByteArray fifo = QFile::encodeName(dir.filePath(str("stderr.fifo")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    const int reader = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(reader >= 0);
    const auto closeReader = qScopeGuard([reader] { ::close(reader); });
    {
        const int filler = ::open(fifo.constData(), O_WRONLY | O_NONBLOCK);
        QVERIFY(filler >= 0);
        const QByteArray chunk(4096, 'x');
        while (::write(filler, chunk.constData(), size_t(chunk.size())) > 0) { }
        while (::write(filler, "x", 1) == 1) { }
        ::close(filler);
    }

    Listener listen(childEnvironment());
    listen.process().setStandardErrorFile(QFile::decodeName(fifo));
    QVERIFY2(listen.start({ str("--bind"), str("0.0.0.0"), str("--port"), str("0"), str("--profile"), dir.path() }),
        listen.describe().constData());
    QCOMPARE(listen.host(), str("0.0.0.0"));

    ::kill(pid_t(listen.pid()), SIGTERM);
    const auto drainedAndGone = [&] {
        char buffer[4096];
        while (::read(reader, buffer, sizeof buffer) > 0) { }
        return listen.process().state() == QProcess::NotRunning;
    };
    QTRY_VERIFY_WITH_TIMEOUT(drainedAndGone(), kProcessTimeoutMs);
    QVERIFY2(listen.process().exitStatus() == QProcess::NormalExit,
        "killed by SIGTERM: the signal arrived before its handler was installed");
    QCOMPARE(listen.exitCode(), 0);
}

void TstCli::searchNeedsEveryWordNotThePhrase()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), profile.path(), str("--json") }),
        listen.describe().constData());
    const CurlResult r = curl({ str("--data-binary"), str("walrus eats kelp"), listen.url(str("/words")) });
    QVERIFY2(r.status == 200, r.err.constData());
    QVERIFY2(listen.stop(SIGTERM), listen.describe().constData());

    // The search index catches up in the background; a crash can leave recent rows unindexed. Whether a row
    // is indexed yet must not change what a search finds, so forget the index as a crash would.
    const QString connection = str("tst_cli-unindex");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(str("QSQLITE"), connection);
        db.setDatabaseName(profile.filePath(str("captures.sqlite")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(str("INSERT INTO capture_search (capture_search) VALUES ('delete-all')")));
        QVERIFY(q.exec(str("UPDATE store_state SET value = 0 WHERE key = 'indexed_upto'")));
    }
    QSqlDatabase::removeDatabase(connection);

    const QString profileArg = str("--profile=") + profile.path();
    Finished run = hookscope({ str("requests"), profileArg, str("--json"), str("--search"), str("walrus kelp") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QVERIFY2(jsonLines(run.out).size() == 1, run.describe().constData());
    run = hookscope({ str("requests"), profileArg, str("--json"), str("--search"), str("kelp walrus") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QVERIFY2(jsonLines(run.out).size() == 1, run.describe().constData());
    run = hookscope({ str("requests"), profileArg, str("--json"), str("--search"), str("walrus penguin") });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QVERIFY2(jsonLines(run.out).isEmpty(), run.describe().constData());
}

void TstCli::portInUse()
{
    QTemporaryDir first;
    QTemporaryDir second;
    Listener listen(childEnvironment());
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--profile"), first.path() }), listen.describe().constData());
    const QString port = QString::number(listen.port());

    const Finished run = hookscope({ str("listen"), str("--port"), port, str("--profile"), second.path() });
    QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains(port.toLatin1()), run.err.constData());
    QVERIFY2(!run.out.contains("Listening on"), run.out.constData());
}

void TstCli::databaseInUse_data()
{
    QTest::addColumn<bool>("byProfile");
    QTest::addRow("same profile") << true;
    QTest::addRow("same --db") << false;
}

void TstCli::databaseInUse()
{
    REQUIRE_CURL();
    QFETCH(bool, byProfile);
    QTemporaryDir dir;
    const QStringList where = byProfile ? QStringList { str("--profile"), dir.path() }
                                        : QStringList { str("--db"), dir.filePath(str("shared.sqlite")) };
    Listener listen(childEnvironment());
    QVERIFY2(listen.start(QStringList { str("--port"), str("0") } + where), listen.describe().constData());

    for (int attempt = 0; attempt < 2; ++attempt) {
        // The refused receiver must not disturb the running one's claim either: ask twice.
        const Finished run = hookscope(QStringList { str("listen"), str("--port"), str("0") } + where);
        QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
        QVERIFY2(run.err.contains("in use"), run.err.constData());
        QVERIFY2(!run.out.contains("Listening on"), run.out.constData());
    }
    const CurlResult r = curl({ listen.url(str("/still-here")) });
    QVERIFY2(r.status == 200, r.err.constData());
}

void TstCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("mentions");
    QTest::addRow("listen --port abc") << QStringList { str("listen"), str("--port"), str("abc") } << QByteArray("abc");
    QTest::addRow("listen --port 70000") << QStringList { str("listen"), str("--port"), str("70000") }
                                         << QByteArray("70000");
    QTest::addRow("listen --bogus") << QStringList { str("listen"), str("--port"), str("0"), str("--bogus") }
                                    << QByteArray("bogus");
    QTest::addRow("listen --status abc") << QStringList { str("listen"), str("--port"), str("0"), str("--status"),
        str("abc") } << QByteArray("--status");
    QTest::addRow("listen --header without colon") << QStringList { str("listen"), str("--port"), str("0"),
        str("--header"), str("NoColon") } << QByteArray("NoColon");
    QTest::addRow("listen --body and --body-file")
        << QStringList { str("listen"), str("--port"), str("0"), str("--body"), str("a"), str("--body-file"), str("b") }
        << QByteArray("--body");
    QTest::addRow("listen stray argument")
        << QStringList { str("listen"), str("--port"), str("0"), str("extra") } << QByteArray("extra");
    QTest::addRow("show without id") << QStringList { str("show") } << QByteArray("ID");
    QTest::addRow("show abc") << QStringList { str("show"), str("abc") } << QByteArray("abc");
    QTest::addRow("show two modes") << QStringList { str("show"), str("1"), str("--json"), str("--body") }
                                    << QByteArray("--json");
    QTest::addRow("requests --limit x") << QStringList { str("requests"), str("--limit"), str("x") }
                                        << QByteArray("--limit");
    QTest::addRow("requests --profile ''")
        << QStringList { str("requests"), str("--profile"), QString() } << QByteArray("--profile needs a folder");
    QTest::addRow("listen --db ''") << QStringList { str("listen"), str("--port"), str("0"), str("--db"), QString() }
                                    << QByteArray("--db needs a file name");
    QTest::addRow("show --db a folder") << QStringList { str("show"), str("1"), str("--db"), QDir::tempPath() }
                                        << QByteArray("is a folder");
    QTest::addRow("requests --profile a file")
        << QStringList { str("requests"), str("--profile"), QCoreApplication::applicationFilePath() }
        << QByteArray("is a file");
    QTest::addRow("unknown command") << QStringList { str("frobnicate") } << QByteArray("frobnicate");
    QTest::addRow("unknown long option, no command") << QStringList { str("--versoin") } << QByteArray("--versoin");
    QTest::addRow("unknown short option, no command") << QStringList { str("-x") } << QByteArray("-x");
    QTest::addRow("listen --help-all is help")
        << QStringList { str("listen"), str("--help-all"), str("--bogus") } << QByteArray("bogus");
}

void TstCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, mentions);
    QTemporaryDir profile;
    const Finished run = hookscope(args + QStringList { str("--profile"), profile.path() });
    QVERIFY2(run.exited && run.exitCode == 2, run.describe().constData());
    QVERIFY2(run.err.contains(mentions), run.describe().constData());
    QVERIFY2(run.err.contains("Usage:"), run.describe().constData());
    QVERIFY2(run.out.isEmpty(), run.describe().constData());
    // A usage error decides nothing about the database, so none appears.
    QVERIFY(!QFileInfo::exists(profile.filePath(str("captures.sqlite"))));
}

void TstCli::showUnknownId()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    Listener listen(childEnvironment());
    QVERIFY2(
        listen.start({ str("--port"), str("0"), str("--profile"), profile.path() }), listen.describe().constData());
    const CurlResult r = curl({ listen.url(str("/one")) });
    QVERIFY2(r.status == 200, r.err.constData());
    QVERIFY2(listen.stop(SIGTERM), listen.describe().constData());
    QCOMPARE(listen.exitCode(), 0);

    for (const QString& mode : { QString(), str("--json"), str("--head"), str("--body") }) {
        QStringList args { str("show"), str("99999"), str("--profile"), profile.path() };
        if (!mode.isEmpty())
            args << mode;
        const Finished run = hookscope(args);
        QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
        QVERIFY2(run.err.contains("99999"), run.describe().constData());
        QVERIFY2(run.out.isEmpty(), run.describe().constData());
    }
}

// A database in a folder the user cannot write (a mounted CI artifact, another user's folder): SQLite cannot add
// the -shm file it reads WAL databases through, which used to be reported as an unreadable database.
void TstCli::readCommandsInAReadOnlyFolder()
{
    REQUIRE_CURL();
    QTemporaryDir base;
    QVERIFY(base.isValid());
    const QString folder = base.filePath(str("artifact"));
    const QString db = folder + str("/captures.sqlite");
    QVERIFY(QDir().mkpath(folder));
    {
        Listener listen(childEnvironment());
        QVERIFY2(listen.start({ str("--port"), str("0"), str("--db"), db, str("--profile"), base.filePath(str("p")) }),
            listen.describe().constData());
        const CurlResult r = curl({ str("--data-binary"), str("kept"), listen.url(str("/artifact")) });
        QVERIFY2(r.status == 200, r.err.constData());
        QVERIFY(listen.stop(SIGTERM));
    }
    QVERIFY2(!QFileInfo::exists(db + str("-wal")), "listen left a -wal file behind");

    // Root writes anywhere, so under root the reading runs as nobody, from a copy of the program it can reach.
    const bool root = ::geteuid() == 0;
    const QString setpriv = QStandardPaths::findExecutable(str("setpriv"));
    if (root && setpriv.isEmpty())
        QSKIP("running as root without setpriv to drop to another user");
    const QStringList asNobody { str("--reuid=65534"), str("--regid=65534"), str("--clear-groups") };
    const QString program = base.filePath(str("hookscope"));
    QVERIFY(QFile::copy(kExe, program));
    const QString reader = base.filePath(str("reader"));
    QVERIFY(QDir().mkpath(reader));
    const auto everyone
        = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
    QVERIFY(QFile::setPermissions(base.path(), everyone | QFile::WriteOwner));
    QVERIFY(QFile::setPermissions(program, everyone));
    QVERIFY(QFile::setPermissions(reader, everyone | QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther));
    QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(QFile::setPermissions(folder, everyone));
    const auto restore = qScopeGuard([&] { QFile::setPermissions(folder, everyone | QFile::WriteOwner); });

    QProcessEnvironment env = childEnvironment();
    env.insert(str("XDG_DATA_HOME"), reader);
    env.insert(str("XDG_CONFIG_HOME"), reader);
    env.insert(str("HOME"), reader);
    const auto run = [&](const QStringList& args) {
        const QStringList full = args + QStringList { str("--db"), db, str("--profile"), reader };
        return root ? runProgram(setpriv, asNobody + QStringList { program } + full, env)
                    : runProgram(program, full, env);
    };
    // Qt may sit where nobody cannot reach it, or the temporary folder may not allow running programs.
    if (const Finished probe = root ? runProgram(setpriv, asNobody + QStringList { program, str("--version") }, env)
                                    : Finished { true, 0, {}, {} };
        !probe.exited || probe.exitCode != 0)
        QSKIP("user nobody cannot run a copy of hookscope from the temporary folder here");
    const Finished list = run({ str("requests") });
    QVERIFY2(list.exited && list.exitCode == 0, list.describe().constData());
    QVERIFY2(list.out.contains("/artifact"), list.out.constData());
    const Finished body = run({ str("show"), str("1"), str("--body") });
    QVERIFY2(body.exited && body.exitCode == 0, body.describe().constData());
    QCOMPARE(body.out, QByteArray("kept"));
    QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList { str("captures.sqlite") }); // nothing added
}

void TstCli::readCommandsWithoutDatabase_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("requests") << QStringList { str("requests") };
    QTest::addRow("requests --json") << QStringList { str("requests"), str("--json") };
    QTest::addRow("show 1") << QStringList { str("show"), str("1") };
}

void TstCli::readCommandsWithoutDatabase()
{
    QFETCH(QStringList, args);
    QTemporaryDir profile;
    const QString db = profile.filePath(str("captures.sqlite"));
    const Finished run = hookscope(args + QStringList { str("--profile"), profile.path() });
    QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains(db.toUtf8()), run.describe().constData());
    QVERIFY2(run.err.contains("does not exist"), run.describe().constData());
    QVERIFY2(run.out.isEmpty(), run.describe().constData());
    // Looking must not create anything.
    QVERIFY(!QFileInfo::exists(db));
}

void TstCli::windowWithoutDisplaySaysWhatToDo()
{
    // Qt would abort with advice to reinstall; the user needs to hear about the headless commands instead.
    QProcessEnvironment env = childEnvironment();
    QVERIFY(!env.contains(str("DISPLAY")) && !env.contains(str("QT_QPA_PLATFORM")));
    const Finished run = hookscope({}, env);
    QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains("no display") && run.err.contains("hookscope listen"), run.describe().constData());
}

void TstCli::versionWithoutDisplay()
{
    QProcessEnvironment env = childEnvironment();
    QVERIFY(!env.contains(str("DISPLAY")) && !env.contains(str("QT_QPA_PLATFORM")));
    const Finished run = hookscope({ str("--version") }, env);
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.out, QByteArray("hookscope " HOOKSCOPE_VERSION "\n"));
    QVERIFY2(run.err.isEmpty(), run.err.constData());
}

void TstCli::profileFromEnvironment()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    QTemporaryDir other;
    QProcessEnvironment env = childEnvironment();
    env.insert(str("HOOKSCOPE_PROFILE"), profile.path());

    Listener listen(env);
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--json") }), listen.describe().constData());
    QVERIFY(QFileInfo::exists(profile.filePath(str("captures.sqlite"))));
    const CurlResult r = curl({ str("--data-binary"), str("from-env"), listen.url(str("/env")) });
    QVERIFY2(r.status == 200, r.err.constData());
    QVERIFY2(listen.waitForCaptureLines(1), listen.describe().constData());

    Finished run = hookscope({ str("requests"), str("--json") }, env);
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(jsonLines(run.out).size(), 1);
    run = hookscope(
        { str("show"), QString::number(listen.captures().first().value(str("id")).toInteger()), str("--body") }, env);
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.out, QByteArray("from-env"));
    // --profile on the command line wins over the environment.
    run = hookscope({ str("requests"), str("--profile"), other.path() }, env);
    QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
}

void TstCli::databaseFromEnvironment()
{
    REQUIRE_CURL();
    QTemporaryDir profile;
    QTemporaryDir dir;
    const QString dbPath = dir.filePath(str("chosen.sqlite"));
    QProcessEnvironment env = childEnvironment();
    env.insert(str("HOOKSCOPE_PROFILE"), profile.path());
    env.insert(str("HOOKSCOPE_DB"), dbPath);

    Listener listen(env);
    QVERIFY2(listen.start({ str("--port"), str("0"), str("--json") }), listen.describe().constData());
    QVERIFY(QFileInfo::exists(dbPath));
    QVERIFY(!QFileInfo::exists(profile.filePath(str("captures.sqlite"))));
    const CurlResult r = curl({ str("--data-binary"), str("db-from-env"), listen.url(str("/env-db")) });
    QVERIFY2(r.status == 200, r.err.constData());
    QVERIFY2(listen.waitForCaptureLines(1), listen.describe().constData());
    const QString id = QString::number(listen.captures().first().value(str("id")).toInteger());

    Finished run = hookscope({ str("show"), id, str("--body") }, env);
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.out, QByteArray("db-from-env"));
    run = hookscope({ str("show"), id, str("--body"), str("--db"), dbPath });
    QVERIFY2(run.exited && run.exitCode == 0, run.describe().constData());
    QCOMPARE(run.out, QByteArray("db-from-env"));
    // --db on the command line wins over the environment.
    run = hookscope({ str("requests"), str("--db"), dir.filePath(str("absent.sqlite")) }, env);
    QVERIFY2(run.exited && run.exitCode == 1, run.describe().constData());
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
