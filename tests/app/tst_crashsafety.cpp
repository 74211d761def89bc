// SPDX-License-Identifier: MIT
// Kills a busy receiver at random moments, round after round on one database: every request it acknowledged
// must be in the database afterwards, and the database must stay intact and reusable.
#include <QElapsedTimer>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

const QString kExe = QStringLiteral(HOOKSCOPE_EXE);
constexpr int kRounds = 24;
constexpr int kTimeoutMs = 20'000;

QString str(const char* latin1)
{
    return QString::fromLatin1(latin1);
}

QProcessEnvironment childEnvironment(const QString& sandbox)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "HOOKSCOPE_PROFILE", "HOOKSCOPE_DB" })
        env.remove(str(name));
    env.insert(str("XDG_DATA_HOME"), sandbox);
    return env;
}

// Starts `hookscope listen ARGS` and returns its port once the "Listening on" line is out; 0 if it never is.
quint16 startListening(QProcess& process, const QStringList& args)
{
    process.start(kExe, QStringList { str("listen") } + args);
    if (!process.waitForStarted(kTimeoutMs))
        return 0;
    QByteArray out;
    while (!out.contains('\n')) {
        const bool more = process.waitForReadyRead(kTimeoutMs);
        out += process.readAllStandardOutput();
        if (!more)
            break;
    }
    static const QRegularExpression listening(str("^Listening on http://127\\.0\\.0\\.1:(\\d+)/\n"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(out));
    return match.hasMatch() ? match.captured(1).toUShort() : 0;
}

// One keep-alive connection posting back to back, one request in flight at a time. A token counts as
// acknowledged only once a whole `HTTP/1.1 200` response for it has arrived.
class LoadClient final {
public:
    LoadClient(int round, int client, quint16 port, quint32 seed, QByteArrayList* acknowledged)
        : m_prefix("round-" + QByteArray::number(round) + "-client-" + QByteArray::number(client) + "-seq-")
        , m_random(seed)
        , m_acknowledged(acknowledged)
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] { sendNext(); });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { readResponses(); });
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }
    Q_DISABLE_COPY_MOVE(LoadClient)

    bool done() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    int refused() const { return m_refused; }
    int sent() const { return m_sequence; }

private:
    void sendNext()
    {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            return;
        m_inFlight = m_prefix + QByteArray::number(m_sequence++);
        // Now and then a larger body, so a kill can also land in the middle of a bigger transaction.
        QByteArray body = m_inFlight + '\n';
        if (m_random.bounded(8) == 0)
            body += QByteArray(m_random.bounded(16 * 1024), 'p');
        m_socket.write("POST /crash HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    void readResponses()
    {
        m_in += m_socket.readAll();
        for (;;) {
            const qsizetype headEnd = m_in.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QByteArray head = m_in.left(headEnd);
            qint64 length = 0;
            for (const QByteArray& line : head.split('\n')) {
                if (line.trimmed().toLower().startsWith("content-length:"))
                    length = line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
            }
            if (m_in.size() < headEnd + 4 + length)
                return;
            m_in.remove(0, headEnd + 4 + length);
            if (m_inFlight.isEmpty()) {
                ++m_refused; // an answer to nothing we asked
                continue;
            }
            if (head.startsWith("HTTP/1.1 200 "))
                m_acknowledged->append(m_inFlight);
            else
                ++m_refused;
            m_inFlight.clear();
            sendNext();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_prefix;
    QRandomGenerator m_random;
    QByteArrayList* m_acknowledged;
    QByteArray m_in;
    QByteArray m_inFlight;
    int m_sequence = 0;
    int m_refused = 0;
};

} // namespace

class TstCrashSafety final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acknowledgedCapturesSurviveKill();
};

void TstCrashSafety::acknowledgedCapturesSurviveKill()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(str("crash.sqlite"));
    const QProcessEnvironment env = childEnvironment(dir.filePath(str("xdg-data")));

    const quint32 seed = qEnvironmentVariableIsSet("HOOKSCOPE_CRASH_SEED")
        ? quint32(qEnvironmentVariable("HOOKSCOPE_CRASH_SEED").toUInt())
        : QRandomGenerator::system()->generate();
    qInfo("seed %u (set HOOKSCOPE_CRASH_SEED to repeat the same kill times)", seed);
    QRandomGenerator random(seed);

    QElapsedTimer elapsed;
    elapsed.start();
    QByteArrayList acknowledged;
    int sent = 0;
    for (int round = 0; round < kRounds; ++round) {
        QProcess listen;
        listen.setProcessEnvironment(env);
        // Each round starts on what the killed one left behind: a WAL to recover and a stale lock file.
        const quint16 port = startListening(listen, { str("--port"), str("0"), str("--db"), db, str("--quiet") });
        QVERIFY2(port != 0,
            qPrintable(str("round %1: listen did not start: %2")
                           .arg(round)
                           .arg(QString::fromLocal8Bit(listen.readAllStandardError()))));

        const int clientCount = random.bounded(8, 17);
        std::vector<std::unique_ptr<LoadClient>> clients;
        for (int c = 0; c < clientCount; ++c)
            clients.push_back(std::make_unique<LoadClient>(round, c, port, random.generate(), &acknowledged));

        // A real event loop while the load runs: QTRY_* would idle 10 ms between its passes and throttle it.
        QSignalSpy finished(&listen, &QProcess::finished);
        const int killAfterMs = random.bounded(50, 401);
        QTimer::singleShot(killAfterMs, &listen, &QProcess::kill);
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(listen.exitStatus(), QProcess::CrashExit);
        // Responses the kernel had already delivered still count: read every connection to its end.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(clients.begin(), clients.end(), [](const auto& client) { return client->done(); }), kTimeoutMs);
        for (const auto& client : clients) {
            QCOMPARE(client->refused(), 0);
            sent += client->sent();
        }
    }
    const qint64 loadMs = elapsed.elapsed();

    // Reading must work on what a killed receiver left, without a receiver running.
    QProcess requests;
    requests.setProcessEnvironment(env);
    requests.start(kExe, { str("requests"), str("--db"), db, str("--json"), str("--limit"), str("5") });
    QVERIFY(requests.waitForFinished(kTimeoutMs));
    QVERIFY2(requests.exitStatus() == QProcess::NormalExit && requests.exitCode() == 0,
        requests.readAllStandardError().constData());
    QCOMPARE(requests.readAllStandardOutput().count('\n'), 5);

    const QString connection = str("tst_crashsafety-check");
    qint64 rows = 0;
    {
        QSqlDatabase check = QSqlDatabase::addDatabase(str("QSQLITE"), connection);
        check.setDatabaseName(db);
        QVERIFY(check.open());
        QSqlQuery q(check);
        QVERIFY(q.exec(str("PRAGMA integrity_check")));
        QStringList integrity;
        while (q.next())
            integrity << q.value(0).toString();
        QCOMPARE(integrity, QStringList { str("ok") });

        QVERIFY(q.exec(str("SELECT body FROM captures WHERE target = CAST('/crash' AS BLOB) AND rejected = 0")));
        QSet<QByteArray> stored;
        QByteArrayList duplicates;
        while (q.next()) {
            const QByteArray body = q.value(0).toByteArray();
            const QByteArray token = body.left(body.indexOf('\n'));
            if (stored.contains(token))
                duplicates << token;
            stored.insert(token);
            ++rows;
        }
        QByteArrayList missing;
        for (const QByteArray& token : std::as_const(acknowledged)) {
            if (!stored.contains(token))
                missing << token;
        }
        QVERIFY2(missing.isEmpty(),
            qPrintable(str("%1 of %2 acknowledged requests are not in the database, e.g. %3")
                           .arg(missing.size())
                           .arg(acknowledged.size())
                           .arg(QString::fromLatin1(missing.mid(0, 5).join(", ")))));
        QVERIFY2(duplicates.isEmpty(), duplicates.mid(0, 5).join(", ").constData());
    }
    QSqlDatabase::removeDatabase(connection);

    qInfo("%d rounds in %lld ms: %d requests sent, %lld acknowledged, %lld stored", kRounds, loadMs, sent,
        qint64(acknowledged.size()), rows);
    // Otherwise the test proves nothing.
    QVERIFY2(acknowledged.size() > 1000, qPrintable(str("only %1 requests acknowledged").arg(acknowledged.size())));

    // And the database still takes new captures from a receiver that then stops cleanly.
    QProcess last;
    last.setProcessEnvironment(env);
    const quint16 port = startListening(last, { str("--port"), str("0"), str("--db"), db, str("--quiet") });
    QVERIFY2(port != 0, last.readAllStandardError().constData());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(socket.waitForConnected(kTimeoutMs));
    socket.write("POST /after-crashes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nfinal");
    QByteArray reply;
    while (!reply.contains("\r\n\r\n") && socket.waitForReadyRead(kTimeoutMs))
        reply += socket.readAll();
    QVERIFY2(reply.startsWith("HTTP/1.1 200 "), reply.constData());
    last.terminate();
    QVERIFY(last.waitForFinished(kTimeoutMs));
    QCOMPARE(last.exitStatus(), QProcess::NormalExit);
    QCOMPARE(last.exitCode(), 0);

    requests.start(kExe, { str("requests"), str("--db"), db, str("--json"), str("--limit"), str("1") });
    QVERIFY(requests.waitForFinished(kTimeoutMs));
    QVERIFY2(requests.readAllStandardOutput().contains("\"target\":\"/after-crashes\""),
        requests.readAllStandardError().constData());
}

QTEST_GUILESS_MAIN(TstCrashSafety)
#include "tst_crashsafety.moc"
