// SPDX-License-Identifier: MIT
// `hookscope verify` and `hookscope sign` driven as a user or a script would: exit codes, output, files.
#include "core/signatures/signaturesigner.h"
#include "tests/support/cliprocess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/types.h>

#include <csignal>

using namespace hookscope;

namespace {

const QString kExe = QStringLiteral(HOOKSCOPE_EXE);
constexpr int kTimeoutMs = 20'000;
const QByteArray kSecret = "It's a Secret to Everybody";
const QByteArray kBody = R"({"action":"opened","number":7})";

using Run = hookscope::test::CliRun;

QString str(const char* text)
{
    return QString::fromUtf8(text);
}

// What SignatureSigner gives for kBody with `secret` under `scheme`, signed at `timestamp`.
SignOutput signBody(SchemeId scheme, const QByteArray& secret, qint64 timestamp = 0)
{
    SignOptions o;
    o.scheme.id = scheme;
    o.secrets.current = secret;
    o.body = kBody;
    o.timestamp = timestamp;
    return SignatureSigner::sign(o);
}

} // namespace

class TstSignatureCli final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void verifyRequestFile();
    void verifyMismatchExplains();
    void verifyJson();
    void verifyRotationAndTolerance();
    void verifyCaptureFromListen();
    void verifyCaptureMissing();
    void usageErrors_data();
    void usageErrors();
    void unknownEndpoint();
    void signPrintsHeaders();
    void signThenVerify();
    void signUsageErrors_data();
    void signUsageErrors();

private:
    Run run(const QStringList& args, const QByteArray& stdinBytes = {});
    QString write(const QString& name, const QByteArray& bytes);
    QString githubRequest(const QString& name, const QByteArray& body, const QByteArray& secret);

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
};

void TstSignatureCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOOKSCOPE_PROFILE"), m_dir.filePath(QStringLiteral("profile")));
    m_env.insert(QStringLiteral("HOOK_SECRET"), QString::fromUtf8(kSecret));
    m_env.remove(QStringLiteral("HOOKSCOPE_DB"));
}

Run TstSignatureCli::run(const QStringList& args, const QByteArray& stdinBytes)
{
    return hookscope::test::runProgram(kExe, args, stdinBytes, m_env, kTimeoutMs);
}

QString TstSignatureCli::write(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

// A raw request file as a user would save it: bare LF line ends in the head, the body exact.
QString TstSignatureCli::githubRequest(const QString& name, const QByteArray& body, const QByteArray& secret)
{
    const SignOutput signedOut = signBody(SchemeId::GitHub, secret);
    QByteArray raw = "POST /github HTTP/1.1\nHost: hooks.example.com\nContent-Type: application/json\n";
    for (const HeaderField& field : signedOut.headers)
        raw += field.name + ": " + field.value + '\n';
    raw += "Content-Length: " + QByteArray::number(body.size()) + "\n\n" + body;
    return write(name, raw);
}

void TstSignatureCli::verifyRequestFile()
{
    const QString request = githubRequest(str("good.http"), kBody, kSecret);
    const Run result = run({ str("verify"), str("--request"), request, str("--secret-env"), str("HOOK_SECRET") });
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    QVERIFY(result.out.startsWith("Signature: valid (github)\n"));
    QVERIFY(result.out.contains(QByteArray("Signed string (30 bytes): " + kBody)));
    QVERIFY(!result.out.contains(kSecret));

    // A secret file's one trailing newline is not part of the secret.
    const QString secretFile = write(str("secret.txt"), kSecret + '\n');
    QCOMPARE(run({ str("verify"), str("--request"), request, str("--secret-file"), secretFile }).exitCode, 0);

    // Written by hand without Content-Length: what follows the header section is the body, and it says so.
    const QString handWritten = write(str("by-hand.http"),
        "POST /hook HTTP/1.1\nHost: example.com\nX-Hub-Signature-256: "
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n\nHello, World!");
    const Run byHand = run({ str("verify"), str("--request"), handWritten, str("--secret-env"), str("HOOK_SECRET") });
    QVERIFY2(byHand.exitCode == 0, byHand.describe().constData());
    QVERIFY(byHand.err.contains("has no Content-Length; the 13 bytes after the header section are taken as the body"));
}

void TstSignatureCli::verifyMismatchExplains()
{
    // Signed compact, delivered pretty-printed: exit 1, and the output says why.
    const QString request
        = githubRequest(str("pretty.http"), "{\n  \"action\": \"opened\",\n  \"number\": 7\n}", kSecret);
    const Run result = run({ str("verify"), str("--request"), request, str("--scheme"), str("github"),
        str("--secret-env"), str("HOOK_SECRET") });
    QVERIFY2(result.exitCode == 1, result.describe().constData());
    QVERIFY2(result.out.contains(
                 "Signature: invalid (github): signature mismatch: the body was re-serialized after it was signed"),
        result.out.constData());
    QVERIFY(result.out.contains("Detail: the signature matches the same JSON written compact (no spaces)"));
    QVERIFY(result.out.contains("Expected: "));
    QVERIFY(result.out.contains("Received: "));
    QVERIFY(!result.out.contains(kSecret) && !result.err.contains(kSecret));
}

void TstSignatureCli::verifyJson()
{
    const QString request = githubRequest(str("json.http"), kBody, "another secret");
    const Run result
        = run({ str("verify"), str("--request"), request, str("--secret-env"), str("HOOK_SECRET"), str("--json") });
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.endsWith("}\n") && result.out.count('\n') == 1);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(str("valid")).toBool(true), false);
    QCOMPARE(json.value(str("scheme")).toString(), str("github"));
    QCOMPARE(json.value(str("reason")).toString(), str("mismatch"));
    QCOMPARE(json.value(str("cause")).toString(), str("wrong-secret"));
    QCOMPARE(json.value(str("signedLength")).toInt(), kBody.size());
}

void TstSignatureCli::verifyRotationAndTolerance()
{
    const SignOutput signedOut = signBody(SchemeId::Stripe, "whsec_old", 1700000000);
    const QString request = write(str("stripe.http"),
        "POST /stripe HTTP/1.1\r\nHost: x\r\n" + signedOut.headers.first().name + ": " + signedOut.headers.first().value
            + "\r\nContent-Length: " + QByteArray::number(kBody.size()) + "\r\n\r\n" + kBody);
    write(str("new.txt"), "whsec_new");
    write(str("old.txt"), "whsec_old\n");
    Run result = run({ str("verify"), str("--request"), request, str("--secret-file"), m_dir.filePath(str("new.txt")),
        str("--previous-secret-file"), m_dir.filePath(str("old.txt")), str("--now"), str("1700000010"),
        str("--json") });
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(result.out).object().value(str("cause")).toString(), str("previous-secret"));

    result = run({ str("verify"), str("--request"), request, str("--secret-file"), m_dir.filePath(str("old.txt")),
        str("--now"), str("1700000900") });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("timestamp outside the tolerance by 600 s"), result.out.constData());
    result = run({ str("verify"), str("--request"), request, str("--secret-file"), m_dir.filePath(str("old.txt")),
        str("--now"), str("1700000900"), str("--tolerance"), str("900") });
    QCOMPARE(result.exitCode, 0);
}

void TstSignatureCli::verifyCaptureFromListen()
{
    // A capture made the real way: `hookscope listen` and a socket.
    const QString db = m_dir.filePath(str("captures.sqlite"));
    QProcess listen;
    listen.setProcessEnvironment(m_env);
    listen.start(kExe, { str("listen"), str("--port"), str("0"), str("--db"), db });
    QVERIFY(listen.waitForStarted(kTimeoutMs));
    QByteArray out;
    while (!out.contains('\n') && listen.waitForReadyRead(kTimeoutMs))
        out += listen.readAllStandardOutput();
    const QRegularExpressionMatch match
        = QRegularExpression(str("Listening on http://[^:]+:(\\d+)/")).match(QString::fromUtf8(out));
    QVERIFY2(match.hasMatch(), out.constData());

    const SignOutput signedOut = signBody(SchemeId::Slack, kSecret, 1700000000);
    QTcpSocket socket;
    socket.connectToHost(str("127.0.0.1"), match.captured(1).toUShort());
    QVERIFY(socket.waitForConnected(kTimeoutMs));
    QByteArray raw = "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    for (const HeaderField& field : signedOut.headers)
        raw += field.name + ": " + field.value + "\r\n";
    raw += "Content-Length: " + QByteArray::number(kBody.size()) + "\r\nConnection: close\r\n\r\n" + kBody;
    socket.write(raw);
    QByteArray response;
    while (socket.waitForReadyRead(kTimeoutMs))
        response += socket.readAll();
    QVERIFY2(response.startsWith("HTTP/1.1 "), response.constData()); // answered after the capture was committed
    ::kill(pid_t(listen.processId()), SIGTERM);
    QVERIFY(listen.waitForFinished(kTimeoutMs));

    Run result = run({ str("verify"), str("1"), str("--db"), db, str("--secret-env"), str("HOOK_SECRET"), str("--now"),
        str("1700000001") });
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    QVERIFY(result.out.startsWith("Signature: valid (slack)\n"));
    result = run({ str("verify"), str("1"), str("--db"), db, str("--secret-env"), str("HOOK_SECRET") });
    QCOMPARE(result.exitCode, 1); // signed in 2023: far outside the tolerance today
    QVERIFY(result.out.contains("timestamp outside the tolerance"));
}

void TstSignatureCli::verifyCaptureMissing()
{
    const Run result = run({ str("verify"), str("42"), str("--db"), m_dir.filePath(str("none.sqlite")),
        str("--secret-env"), str("HOOK_SECRET") });
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.err.startsWith("hookscope verify: "));
}

void TstSignatureCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString request = m_dir.filePath(str("good.http"));
    QTest::addRow("no id, no request") << QStringList { str("verify"), str("--secret-env"), str("HOOK_SECRET") }
                                       << str("give a capture ID or --request FILE");
    QTest::addRow("id and request") << QStringList { str("verify"), str("1"), str("--request"), request,
        str("--secret-env"), str("HOOK_SECRET") }
                                    << str("give a capture ID or --request FILE");
    QTest::addRow("id not a number") << QStringList { str("verify"), str("seven"), str("--secret-env"),
        str("HOOK_SECRET") } << str("ID must be a capture id");
    QTest::addRow("no secret") << QStringList { str("verify"), str("1") }
                               << str("one of --endpoint, --secret-file, --secret-env");
    QTest::addRow("two secrets") << QStringList { str("verify"), str("1"), str("--secret-env"), str("A"),
        str("--secret-file"), str("f") }
                                 << str("one of --endpoint");
    QTest::addRow("unset variable") << QStringList { str("verify"), str("1"), str("--secret-env"),
        str("HOOKSCOPE_NOT_SET_ANYWHERE") }
                                    << str("HOOKSCOPE_NOT_SET_ANYWHERE is not set");
    QTest::addRow("unknown scheme") << QStringList { str("verify"), str("1"), str("--scheme"), str("mailchimp"),
        str("--secret-env"), str("HOOK_SECRET") }
                                    << str("unknown scheme 'mailchimp'");
    QTest::addRow("hmac option without hmac") << QStringList { str("verify"), str("1"), str("--hmac-algorithm"),
        str("sha1"), str("--secret-env"), str("HOOK_SECRET") }
                                              << str("--hmac options need --scheme hmac");
    QTest::addRow("bad hmac parameter") << QStringList { str("verify"), str("1"), str("--scheme"), str("hmac"),
        str("--hmac-encoding"), str("base32"), str("--secret-env"), str("HOOK_SECRET") }
                                        << str("hex or base64");
    QTest::addRow("tolerance") << QStringList { str("verify"), str("1"), str("--tolerance"), str("soon"),
        str("--secret-env"), str("HOOK_SECRET") }
                               << str("--tolerance needs seconds");
    QTest::addRow("now") << QStringList { str("verify"), str("1"), str("--now"), str("today"), str("--secret-env"),
        str("HOOK_SECRET") }
                         << str("--now needs Unix seconds");
    QTest::addRow("unknown option") << QStringList { str("verify"), str("1"), str("--secert-env"), str("X") }
                                    << str("unknown option");
}

void TstSignatureCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run result = run(args);
    QVERIFY2(result.exitCode == 2, result.describe().constData());
    QVERIFY2(QString::fromUtf8(result.err).contains(message, Qt::CaseInsensitive), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TstSignatureCli::unknownEndpoint()
{
    // Endpoints with their keychain secrets are exercised in tests/app/tst_endpoints (it has a keyring).
    Run result = run({ str("verify"), str("1"), str("--endpoint"), str("stripe-live") });
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.err,
        QByteArray("hookscope verify: there is no endpoint named 'stripe-live' (see 'hookscope endpoint list')\n"));
    result = run(
        { str("sign"), str("--scheme"), str("stripe"), str("--endpoint"), str("x"), str("--body-file"), str("-") });
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(
        result.err, QByteArray("hookscope sign: there is no endpoint named 'x' (see 'hookscope endpoint list')\n"));
}

void TstSignatureCli::signPrintsHeaders()
{
    const QString body = write(str("body.json"), kBody);
    Run result = run({ str("sign"), str("--scheme"), str("stripe"), str("--secret-env"), str("HOOK_SECRET"),
        str("--timestamp"), str("1700000000"), str("--body-file"), body });
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    const SignOutput expected = signBody(SchemeId::Stripe, kSecret, 1700000000);
    QCOMPARE(result.out, "Stripe-Signature: " + expected.headers.first().value + '\n');

    // Standard Webhooks from standard input, with a previous secret: both signatures, and the id given.
    m_env.insert(str("STD_SECRET"), str("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    m_env.insert(
        str("STD_OLD"), str("whsec_") + QString::fromLatin1(QByteArray("previous-secret-24-bytes").toBase64()));
    result = run({ str("sign"), str("--scheme"), str("standard"), str("--secret-env"), str("STD_SECRET"),
                     str("--previous-secret-env"), str("STD_OLD"), str("--timestamp"), str("1614265330"), str("--id"),
                     str("msg_p5jXN8AQM9LWM0D4loKWxJek"), str("--body-file"), str("-") },
        R"({"test": 2432232314})");
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    const QList<QByteArray> lines = result.out.split('\n');
    QCOMPARE(lines.value(0), QByteArray("webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek"));
    QCOMPARE(lines.value(1), QByteArray("webhook-timestamp: 1614265330"));
    QVERIFY2(lines.value(2).startsWith("webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,"),
        lines.value(2).constData());

    // A new msg_ id when none is given; the generic scheme from options.
    result = run({ str("sign"), str("--scheme"), str("hmac"), str("--hmac"), str("algorithm=sha512;encoding=base64"),
        str("--hmac-header"), str("X-Acme-Sig"), str("--hmac-prefix"), str("v1="), str("--secret-env"),
        str("HOOK_SECRET"), str("--body-file"), body });
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    QVERIFY2(QRegularExpression(str("^X-Acme-Sig: v1=[A-Za-z0-9+/]{86}==\n$"))
                 .match(QString::fromLatin1(result.out))
                 .hasMatch(),
        result.out.constData());
    result = run({ str("sign"), str("--scheme"), str("svix"), str("--secret-env"), str("STD_SECRET"),
        str("--body-file"), body });
    QVERIFY(
        QRegularExpression(str("^svix-id: msg_[A-Za-z0-9]{27}\n")).match(QString::fromLatin1(result.out)).hasMatch());
}

void TstSignatureCli::signThenVerify()
{
    // Twilio, JSON body: `sign` tells where to send it; the request made from its output verifies.
    const QString body = write(str("twilio.json"), kBody);
    const Run signedRun = run({ str("sign"), str("--scheme"), str("twilio"), str("--secret-env"), str("HOOK_SECRET"),
        str("--url"), str("https://hooks.example.com/twilio"), str("--body-file"), body });
    QVERIFY2(signedRun.exitCode == 0, signedRun.describe().constData());
    QVERIFY(signedRun.err.startsWith("hookscope sign: send it to https://hooks.example.com/twilio?bodySHA256="));
    const QByteArray target = signedRun.err.mid(signedRun.err.indexOf("/twilio?")).trimmed();
    const QString request = write(str("twilio.http"),
        "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
            + QByteArray(signedRun.out).replace('\n', "\r\n") + "Content-Length: " + QByteArray::number(kBody.size())
            + "\r\n\r\n" + kBody);
    Run result = run({ str("verify"), str("--request"), request, str("--secret-env"), str("HOOK_SECRET"), str("--url"),
        str("https://hooks.example.com/twilio") });
    QVERIFY2(result.exitCode == 0, result.describe().constData());
    // Without --url the receiver's own http://127.0.0.1:8080 is not what Twilio signed.
    result = run({ str("verify"), str("--request"), request, str("--secret-env"), str("HOOK_SECRET"), str("--json") });
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(result.out).object().value(str("url")).toString(),
        str("http://127.0.0.1:8080") + QString::fromLatin1(target));
}

void TstSignatureCli::signUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString body = m_dir.filePath(str("body.json"));
    QTest::addRow("no scheme") << QStringList { str("sign"), str("--secret-env"), str("HOOK_SECRET"),
        str("--body-file"), body }
                               << str("give --scheme NAME");
    QTest::addRow("auto") << QStringList { str("sign"), str("--scheme"), str("auto"), str("--secret-env"),
        str("HOOK_SECRET"), str("--body-file"), body }
                          << str("unknown scheme 'auto'");
    QTest::addRow("no body") << QStringList { str("sign"), str("--scheme"), str("github"), str("--secret-env"),
        str("HOOK_SECRET") } << str("--body-file");
    QTest::addRow("twilio needs url") << QStringList { str("sign"), str("--scheme"), str("twilio"), str("--secret-env"),
        str("HOOK_SECRET"), str("--body-file"), body }
                                      << str("give the URL");
    QTest::addRow("timestamp") << QStringList { str("sign"), str("--scheme"), str("stripe"), str("--secret-env"),
        str("HOOK_SECRET"), str("--timestamp"), str("noon"), str("--body-file"), body }
                               << str("--timestamp needs Unix seconds");
    QTest::addRow("public key cannot sign") << QStringList { str("sign"), str("--scheme"), str("standard-ed25519"),
        str("--secret-env"), str("ED_PUBLIC"), str("--body-file"), body }
                                            << str("not the public key");
}

void TstSignatureCli::signUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    m_env.insert(str("ED_PUBLIC"), str("whpk_") + QString::fromLatin1(QByteArray(32, 'k').toBase64()));
    const Run result = run(args);
    QVERIFY2(result.exitCode == 2, result.describe().constData());
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TstSignatureCli)
#include "tst_signaturecli.moc"
