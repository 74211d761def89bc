// SPDX-License-Identifier: MIT
// `hookscope endpoint` and `hookscope secret` against a real Secret Service: a private GNOME Keyring that
// keyring/with-keyring.sh starts for this test. Secrets are checked where they must be (the keychain, seen
// both through QtKeychain and through libsecret's own `secret-tool`) and where they must never be (any file
// of the profile, anything the commands print).
#include "core/endpoints/endpointstore.h"
#include "core/secrets/endpointsecrets.h"
#include "tests/support/cliprocess.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDirIterator>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using hookscope::test::CliRun;

namespace {

const QString kExe = QStringLiteral(HOOKSCOPE_EXE);

// Every file under `dir` whose bytes contain `needle`.
QStringList filesContaining(const QString& dir, const QByteArray& needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits << file.fileName();
    }
    return hits;
}

} // namespace

class TstEndpoints final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void addShowAndList();
    void editChangesOnlyWhatIsNamed();
    void badInputIsAUsageError_data();
    void badInputIsAUsageError();
    void unknownEndpointFails();
    void secretLivesOnlyInTheKeychain();
    void generateStoresAndPrintsOnce_data();
    void generateStoresAndPrintsOnce();
    void rotateKeepsThePreviousSecret();
    void renameMovesKeychainEntries();
    void removeLeavesNothingBehind();
    void secretsSurviveARestart();
    void withoutKeychainEverySecretOperationFails();
    void endpointSignsListensAndVerifies();
    void oldCapturesAreJudgedAsOfTheirArrival();
    void noSecretReachesDiskOrOutput();

private:
    CliRun run(const QStringList& args, const QByteArray& stdinBytes = {}) const;
    CliRun runWithoutKeychain(const QStringList& args, const QByteArray& stdinBytes = {}) const;
    QString profileId() const;
    hookscope::EndpointSecrets secrets() const { return hookscope::EndpointSecrets(profileId()); }
    // What libsecret itself finds under QtKeychain's attributes for `key`; empty when there is no entry.
    QByteArray secretToolLookup(const QString& key) const;
    // A running `hookscope listen --port 0` on this profile; its port once it announced itself.
    quint16 startListening(QProcess* listener) const;
    // Sends a POST with `headers` and `body` to the listener and waits for the answer's status line.
    static QByteArray post(
        quint16 port, const QByteArray& path, const QList<QByteArray>& headers, const QByteArray& body);

    std::unique_ptr<QTemporaryDir> m_profile;
    QByteArrayList m_printed; // everything the commands wrote, searched for secrets at the end of a test
};

void TstEndpoints::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
        "run through keyring/with-keyring.sh (ctest does), which starts a private keyring");
    QVERIFY2(!QStandardPaths::findExecutable(u"secret-tool"_s).isEmpty(),
        "secret-tool missing: apt install libsecret-tools");
}

void TstEndpoints::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    m_printed.clear();
}

CliRun TstEndpoints::run(const QStringList& args, const QByteArray& stdinBytes) const
{
    CliRun r = hookscope::test::runProgram(kExe, args + QStringList { u"--profile"_s, m_profile->path() }, stdinBytes);
    const_cast<TstEndpoints*>(this)->m_printed << r.out << r.err;
    return r;
}

CliRun TstEndpoints::runWithoutKeychain(const QStringList& args, const QByteArray& stdinBytes) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/hookscope-no-bus"_s);
    CliRun r
        = hookscope::test::runProgram(kExe, args + QStringList { u"--profile"_s, m_profile->path() }, stdinBytes, env);
    const_cast<TstEndpoints*>(this)->m_printed << r.out << r.err;
    return r;
}

QString TstEndpoints::profileId() const
{
    hookscope::EndpointStore store;
    QString error;
    if (!store.open(hookscope::EndpointStore::defaultPath(m_profile->path()), &error))
        qFatal("cannot open the endpoint store: %s", qPrintable(error));
    return store.profileId();
}

QByteArray TstEndpoints::secretToolLookup(const QString& key) const
{
    // QtKeychain's libsecret schema: "server" is the service, "user" the key; binary data is base64 encoded.
    const CliRun r
        = hookscope::test::runProgram(u"secret-tool"_s, { u"lookup"_s, u"server"_s, u"Hookscope"_s, u"user"_s, key });
    if (r.exitCode != 0)
        return {};
    return QByteArray::fromBase64(r.out.trimmed());
}

void TstEndpoints::addShowAndList()
{
    CliRun r = run({ u"endpoint"_s, u"add"_s, u"github-prod"_s, u"--url"_s, u"https://hooks.example.com/in"_s,
        u"--path"_s, u"/github"_s, u"--scheme"_s, u"github"_s, u"--method"_s, u"PUT"_s, u"--header"_s,
        u"X-Team: core"_s, u"--header"_s, u"X-Team: web"_s, u"--auth"_s, u"basic"_s, u"--username"_s, u"ci"_s,
        u"--timeout"_s, u"7"_s, u"--attempts"_s, u"5"_s, u"--retry-delay"_s, u"2"_s, u"--ignore-tls-errors"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY(r.err.contains("added endpoint github-prod"));
    QVERIFY2(run({ u"endpoint"_s, u"add"_s, u"stripe"_s, u"--scheme"_s, u"stripe"_s }).exitCode == 0, "second add");

    r = run({ u"endpoint"_s, u"show"_s, u"github-prod"_s, u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QJsonObject e = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(e.value(u"name"_s).toString(), u"github-prod"_s);
    QCOMPARE(e.value(u"url"_s).toString(), u"https://hooks.example.com/in"_s);
    QCOMPARE(e.value(u"method"_s).toString(), u"PUT"_s);
    QCOMPARE(e.value(u"headers"_s).toArray(), (QJsonArray { u"X-Team: core"_s, u"X-Team: web"_s }));
    QCOMPARE(e.value(u"auth"_s).toObject().value(u"kind"_s).toString(), u"basic"_s);
    QCOMPARE(e.value(u"auth"_s).toObject().value(u"username"_s).toString(), u"ci"_s);
    QCOMPARE(e.value(u"timeoutMs"_s).toInt(), 7000);
    QCOMPARE(e.value(u"retry"_s).toObject().value(u"maxAttempts"_s).toInt(), 5);
    QCOMPARE(e.value(u"retry"_s).toObject().value(u"initialDelayMs"_s).toInt(), 2000);
    QCOMPARE(e.value(u"ignoreTlsErrors"_s).toBool(), true);
    QCOMPARE(e.value(u"path"_s).toString(), u"/github"_s);
    QCOMPARE(e.value(u"scheme"_s).toString(), u"github"_s);
    QCOMPARE(e.value(u"secrets"_s).toObject().value(u"signing"_s), QJsonValue(false));

    r = run({ u"endpoint"_s, u"show"_s, u"github-prod"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY2(r.out.contains("IGNORING TLS ERRORS"), r.out.constData());
    QVERIFY2(r.out.contains("receives at:      /github"), r.out.constData());
    QVERIFY2(r.out.contains("signing secret:   not set"), r.out.constData());

    r = run({ u"endpoint"_s, u"list"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith("NAME"));
    QVERIFY(lines.at(1).startsWith("github-prod "));
    QVERIFY(lines.at(1).contains("/github") && lines.at(1).contains("https://hooks.example.com/in"));
    QVERIFY(lines.at(2).startsWith("stripe "));

    r = run({ u"endpoint"_s, u"list"_s, u"--json"_s });
    const QList<QByteArray> json = r.out.trimmed().split('\n');
    QCOMPARE(json.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(json.at(1)).object().value(u"scheme"_s).toString(), u"stripe"_s);
}

void TstEndpoints::editChangesOnlyWhatIsNamed()
{
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"ep"_s, u"--url"_s, u"http://127.0.0.1:9/x"_s, u"--header"_s, u"A: 1"_s,
                     u"--header"_s, u"B: 2"_s, u"--header"_s, u"A: 3"_s, u"--ignore-tls-errors"_s })
                 .exitCode,
        0);
    const CliRun r = run({ u"endpoint"_s, u"edit"_s, u"ep"_s, u"--header"_s, u"a: 9"_s, u"--remove-header"_s, u"b"_s,
        u"--check-tls"_s, u"--scheme"_s, u"hmac"_s, u"--scheme-option"_s, u"algorithm=sha512"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QJsonObject e = QJsonDocument::fromJson(run({ u"endpoint"_s, u"show"_s, u"ep"_s, u"--json"_s }).out).object();
    QCOMPARE(e.value(u"headers"_s).toArray(), QJsonArray { u"a: 9"_s });
    QCOMPARE(e.value(u"url"_s).toString(), u"http://127.0.0.1:9/x"_s);
    QCOMPARE(e.value(u"ignoreTlsErrors"_s).toBool(), false);
    QCOMPARE(e.value(u"schemeParameters"_s).toObject().value(u"algorithm"_s).toString(), u"sha512"_s);
}

void TstEndpoints::badInputIsAUsageError_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no action") << QStringList { u"endpoint"_s } << QByteArray("which action?");
    QTest::newRow("unknown action") << QStringList { u"endpoint"_s, u"frob"_s } << QByteArray("unknown action 'frob'");
    QTest::newRow("no name") << QStringList { u"endpoint"_s, u"add"_s } << QByteArray("Give its NAME");
    QTest::newRow("bad name") << QStringList { u"endpoint"_s, u"add"_s, u"has space"_s }
                              << QByteArray("not a usable endpoint name");
    QTest::newRow("bad url") << QStringList { u"endpoint"_s, u"add"_s, u"x"_s, u"--url"_s, u"ftp://h/"_s }
                             << QByteArray("--url needs an http:// or https:// URL");
    QTest::newRow("bad scheme") << QStringList { u"endpoint"_s, u"add"_s, u"x"_s, u"--scheme"_s, u"gitlab"_s }
                                << QByteArray("unknown scheme 'gitlab'");
    QTest::newRow("bad header") << QStringList { u"endpoint"_s, u"add"_s, u"x"_s, u"--header"_s, u"NoColon"_s }
                                << QByteArray("--header needs 'Name: value'");
    QTest::newRow("bad path") << QStringList { u"endpoint"_s, u"add"_s, u"x"_s, u"--path"_s, u"github"_s }
                              << QByteArray("--path needs a path starting with '/'");
    QTest::newRow("bad timeout") << QStringList { u"endpoint"_s, u"add"_s, u"x"_s, u"--timeout"_s, u"soon"_s }
                                 << QByteArray("--timeout needs whole seconds");
    QTest::newRow("secret as argument") << QStringList { u"secret"_s, u"set"_s, u"x"_s, u"hunter2"_s }
                                        << QByteArray("never taken as arguments");
    QTest::newRow("bad format") << QStringList { u"secret"_s, u"generate"_s, u"x"_s, u"--format"_s, u"b64"_s }
                                << QByteArray("--format takes whsec or hex");
}

void TstEndpoints::badInputIsAUsageError()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"x"_s }).exitCode, 0); // so secret commands get past the lookup
    const CliRun r = run(args);
    QVERIFY2(r.exitCode == 2, r.describe().constData());
    QVERIFY2(r.err.contains(message), r.describe().constData());
}

void TstEndpoints::unknownEndpointFails()
{
    for (const QStringList& args :
        { QStringList { u"endpoint"_s, u"show"_s, u"ghost"_s }, QStringList { u"endpoint"_s, u"remove"_s, u"ghost"_s },
            QStringList { u"secret"_s, u"clear"_s, u"ghost"_s },
            QStringList { u"endpoint"_s, u"edit"_s, u"ghost"_s, u"--url"_s, u"http://h/"_s } }) {
        const CliRun r = run(args);
        QVERIFY2(r.exitCode == 1, r.describe().constData());
        QVERIFY2(r.err.contains("there is no endpoint named 'ghost'"), r.describe().constData());
    }
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"Dup"_s }).exitCode, 0);
    const CliRun dup = run({ u"endpoint"_s, u"add"_s, u"dup"_s });
    QVERIFY2(
        dup.exitCode == 1 && dup.err.contains("an endpoint named 'Dup' already exists"), dup.describe().constData());
}

void TstEndpoints::secretLivesOnlyInTheKeychain()
{
    const QByteArray secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const QByteArray token = "tok-e5b1c9d0-only-in-keychain";
    QCOMPARE(
        run({ u"endpoint"_s, u"add"_s, u"sw"_s, u"--scheme"_s, u"standard"_s, u"--auth"_s, u"bearer"_s }).exitCode, 0);
    CliRun r = run({ u"secret"_s, u"set"_s, u"sw"_s }, secret + "\n");
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY2(r.err.contains("stored the signing secret of sw in the keychain"), r.describe().constData());
    r = run({ u"secret"_s, u"set"_s, u"sw"_s, u"--auth"_s }, token); // piped without a newline
    QVERIFY2(r.exitCode == 0, r.describe().constData());

    const hookscope::EndpointSecrets vault = secrets();
    const QString signingKey = vault.keyFor(u"sw"_s, hookscope::SecretField::SigningSecret);
    QCOMPARE(vault.get(u"sw"_s, hookscope::SecretField::SigningSecret).data, secret); // the newline is not part
    QCOMPARE(vault.get(u"sw"_s, hookscope::SecretField::AuthSecret).data, token);
    QCOMPARE(secretToolLookup(signingKey), secret);
    QVERIFY(signingKey.startsWith(u"hookscope/"_s + profileId() + u"/sw/"_s));

    r = run({ u"endpoint"_s, u"show"_s, u"sw"_s });
    QVERIFY2(r.out.contains("signing secret:   set (in the keychain)"), r.out.constData());
    QVERIFY2(r.out.contains("auth secret:      set (in the keychain)"), r.out.constData());

    QCOMPARE(filesContaining(m_profile->path(), secret), QStringList {});
    QCOMPARE(filesContaining(m_profile->path(), token), QStringList {});
    for (const QByteArray& printed : std::as_const(m_printed))
        QVERIFY2(!printed.contains(secret) && !printed.contains(token), printed.constData());

    r = run({ u"secret"_s, u"clear"_s, u"sw"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(vault.get(u"sw"_s, hookscope::SecretField::SigningSecret).status, hookscope::Keychain::Status::NotFound);
    QCOMPARE(secretToolLookup(signingKey), QByteArray());
    QCOMPARE(run({ u"secret"_s, u"clear"_s, u"sw"_s }).exitCode, 0); // clearing twice is fine

    r = run({ u"secret"_s, u"set"_s, u"sw"_s }, QByteArray());
    QVERIFY2(r.exitCode == 1 && r.err.contains("no secret on standard input"), r.describe().constData());
}

void TstEndpoints::generateStoresAndPrintsOnce_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("whsec") << u"whsec"_s << u"^whsec_[A-Za-z0-9+/]{43}=$"_s;
    QTest::newRow("hex") << u"hex"_s << u"^[0-9a-f]{64}$"_s;
}

void TstEndpoints::generateStoresAndPrintsOnce()
{
    QFETCH(QString, format);
    QFETCH(QString, pattern);
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"gen"_s }).exitCode, 0);
    const CliRun first = run({ u"secret"_s, u"generate"_s, u"gen"_s, u"--format"_s, format });
    QVERIFY2(first.exitCode == 0, first.describe().constData());
    const QByteArray printed = first.out.trimmed();
    QVERIFY2(QRegularExpression(pattern).match(QString::fromLatin1(printed)).hasMatch(), printed.constData());
    QVERIFY2(first.err.contains("only time it is shown"), first.describe().constData());
    QCOMPARE(secrets().get(u"gen"_s, hookscope::SecretField::SigningSecret).data, printed.constData());
    const QByteArray raw = format == u"hex"_s ? QByteArray::fromHex(printed) : QByteArray::fromBase64(printed.mid(6));
    QCOMPARE(raw.size(), 32);

    const CliRun second = run({ u"secret"_s, u"generate"_s, u"gen"_s, u"--format"_s, format });
    QVERIFY(second.out.trimmed() != printed);
    // The secret it replaced is kept as the previous one, not thrown away.
    QCOMPARE(secrets().get(u"gen"_s, hookscope::SecretField::PreviousSigningSecret).data, printed);
    QVERIFY(second.err.contains("kept as the previous secret"));
    // Shown once: neither show nor list ever prints it again.
    const CliRun show = run({ u"endpoint"_s, u"show"_s, u"gen"_s, u"--json"_s });
    QVERIFY(!show.out.contains(second.out.trimmed()));
    QCOMPARE(filesContaining(m_profile->path(), second.out.trimmed()), QStringList {});
}

void TstEndpoints::rotateKeepsThePreviousSecret()
{
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"rot"_s }).exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"rot"_s }, "old-secret-1").exitCode, 0);
    CliRun r = run({ u"secret"_s, u"rotate"_s, u"rot"_s }, "new-secret-2\n");
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const hookscope::EndpointSecrets vault = secrets();
    QCOMPARE(vault.get(u"rot"_s, hookscope::SecretField::SigningSecret).data, QByteArray("new-secret-2"));
    QCOMPARE(vault.get(u"rot"_s, hookscope::SecretField::PreviousSigningSecret).data, QByteArray("old-secret-1"));

    r = run({ u"secret"_s, u"rotate"_s, u"rot"_s, u"--generate"_s, u"--format"_s, u"hex"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(vault.get(u"rot"_s, hookscope::SecretField::SigningSecret).data, r.out.trimmed());
    QCOMPARE(vault.get(u"rot"_s, hookscope::SecretField::PreviousSigningSecret).data, QByteArray("new-secret-2"));

    QCOMPARE(run({ u"secret"_s, u"clear"_s, u"rot"_s, u"--previous"_s }).exitCode, 0);
    QCOMPARE(vault.get(u"rot"_s, hookscope::SecretField::PreviousSigningSecret).status,
        hookscope::Keychain::Status::NotFound);
    QCOMPARE(vault.get(u"rot"_s, hookscope::SecretField::SigningSecret).data, r.out.trimmed());
}

void TstEndpoints::renameMovesKeychainEntries()
{
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"before"_s, u"--auth"_s, u"bearer"_s }).exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"before"_s }, "sig-AAA").exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"before"_s, u"--previous"_s }, "sig-BBB").exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"before"_s, u"--auth"_s }, "tok-CCC").exitCode, 0);
    const CliRun r = run({ u"endpoint"_s, u"edit"_s, u"before"_s, u"--rename"_s, u"after"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());

    const hookscope::EndpointSecrets vault = secrets();
    using hookscope::SecretField;
    QCOMPARE(vault.get(u"after"_s, SecretField::SigningSecret).data, QByteArray("sig-AAA"));
    QCOMPARE(vault.get(u"after"_s, SecretField::PreviousSigningSecret).data, QByteArray("sig-BBB"));
    QCOMPARE(vault.get(u"after"_s, SecretField::AuthSecret).data, QByteArray("tok-CCC"));
    for (const SecretField field : hookscope::EndpointSecrets::kAllFields) {
        QCOMPARE(vault.get(u"before"_s, field).status, hookscope::Keychain::Status::NotFound);
        QCOMPARE(secretToolLookup(vault.keyFor(u"before"_s, field)), QByteArray());
    }
    QCOMPARE(run({ u"endpoint"_s, u"show"_s, u"before"_s }).exitCode, 1);
    QCOMPARE(run({ u"endpoint"_s, u"show"_s, u"after"_s }).exitCode, 0);
}

void TstEndpoints::removeLeavesNothingBehind()
{
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"gone"_s }).exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"gone"_s }, "sig-DDD").exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"gone"_s, u"--auth"_s }, "tok-EEE").exitCode, 0);
    const hookscope::EndpointSecrets vault = secrets();
    const QString key = vault.keyFor(u"gone"_s, hookscope::SecretField::SigningSecret);
    QCOMPARE(secretToolLookup(key), QByteArray("sig-DDD"));

    const CliRun r = run({ u"endpoint"_s, u"remove"_s, u"gone"_s });
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    for (const hookscope::SecretField field : hookscope::EndpointSecrets::kAllFields)
        QCOMPARE(vault.get(u"gone"_s, field).status, hookscope::Keychain::Status::NotFound);
    QCOMPARE(secretToolLookup(key), QByteArray());
    // A new endpoint of the same name starts without the old secrets.
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"gone"_s }).exitCode, 0);
    QVERIFY(run({ u"endpoint"_s, u"show"_s, u"gone"_s }).out.contains("signing secret:   not set"));
}

void TstEndpoints::secretsSurviveARestart()
{
    // Each command is its own process; this also reads the keychain from a fresh connection in this process.
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"keep"_s }).exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"keep"_s }, "persisted-FFF").exitCode, 0);
    const hookscope::EndpointSecrets fresh(profileId());
    QCOMPARE(fresh.get(u"keep"_s, hookscope::SecretField::SigningSecret).data, QByteArray("persisted-FFF"));
    // Another profile with the same endpoint name does not see it.
    const QString otherProfile = m_profile->path() + u"/other"_s;
    QCOMPARE(hookscope::test::runProgram(kExe, { u"endpoint"_s, u"add"_s, u"keep"_s, u"--profile"_s, otherProfile })
                 .exitCode,
        0);
    const CliRun other
        = hookscope::test::runProgram(kExe, { u"endpoint"_s, u"show"_s, u"keep"_s, u"--profile"_s, otherProfile });
    QVERIFY2(other.out.contains("signing secret:   not set"), other.describe().constData());
}

void TstEndpoints::withoutKeychainEverySecretOperationFails()
{
    QCOMPARE(runWithoutKeychain({ u"endpoint"_s, u"add"_s, u"nokc"_s, u"--scheme"_s, u"github"_s }).exitCode, 0);
    const QByteArray secret = "never-written-anywhere-GGG";
    const QList<std::pair<QStringList, QByteArray>> operations {
        { { u"secret"_s, u"set"_s, u"nokc"_s }, secret },
        { { u"secret"_s, u"set"_s, u"nokc"_s, u"--previous"_s }, secret },
        { { u"secret"_s, u"generate"_s, u"nokc"_s }, {} },
        { { u"secret"_s, u"rotate"_s, u"nokc"_s }, secret },
        { { u"secret"_s, u"clear"_s, u"nokc"_s }, {} },
        { { u"endpoint"_s, u"edit"_s, u"nokc"_s, u"--rename"_s, u"other"_s }, {} },
        { { u"endpoint"_s, u"remove"_s, u"nokc"_s }, {} },
    };
    for (const auto& [args, input] : operations) {
        const CliRun r = runWithoutKeychain(args, input);
        QVERIFY2(r.exitCode == 1, QByteArray(args.join(u' ').toUtf8() + "\n" + r.describe()).constData());
        QVERIFY2(r.err.contains("no keychain is reachable"), r.describe().constData());
        QVERIFY2(r.out.isEmpty(), r.describe().constData()); // generate printed nothing it could not store
    }
    // Nothing changed: still there under its name, and show says what it cannot know.
    const CliRun show = runWithoutKeychain({ u"endpoint"_s, u"show"_s, u"nokc"_s });
    QVERIFY2(show.exitCode == 0, show.describe().constData());
    QVERIFY2(show.out.contains("signing secret:   unknown (keychain unreachable)"), show.out.constData());
    QVERIFY2(show.out.contains("no keychain is reachable"), show.out.constData());

    QCOMPARE(filesContaining(m_profile->path(), secret), QStringList {});
    for (const QByteArray& printed : std::as_const(m_printed))
        QVERIFY(!printed.contains(secret));

    const CliRun forced = runWithoutKeychain({ u"endpoint"_s, u"remove"_s, u"nokc"_s, u"--force"_s });
    QVERIFY2(forced.exitCode == 0 && forced.err.contains("could not be removed"), forced.describe().constData());
}

quint16 TstEndpoints::startListening(QProcess* listener) const
{
    listener->start(kExe, { u"listen"_s, u"--port"_s, u"0"_s, u"--json"_s, u"--profile"_s, m_profile->path() });
    if (!listener->waitForStarted(10'000))
        return 0;
    QByteArray first;
    QDeadlineTimer deadline(15'000);
    while (!first.contains('\n') && !deadline.hasExpired()) {
        listener->waitForReadyRead(200);
        first += listener->readAllStandardOutput();
    }
    const QRegularExpressionMatch m = QRegularExpression(u"127\\.0\\.0\\.1:(\\d+)"_s).match(QString::fromUtf8(first));
    return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
}

QByteArray TstEndpoints::post(
    quint16 port, const QByteArray& path, const QList<QByteArray>& headers, const QByteArray& body)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    QByteArray request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    for (const QByteArray& header : headers)
        request += header + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    socket.write(request);
    QByteArray answer;
    while (socket.waitForReadyRead(5000))
        answer += socket.readAll();
    return answer.left(answer.indexOf("\r\n"));
}

void TstEndpoints::endpointSignsListensAndVerifies()
{
    const QByteArray secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // Standard Webhooks' documented example
    const QByteArray body = R"({"type":"invoice.paid","id":42})";
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"billing"_s, u"--path"_s, u"/billing"_s, u"--scheme"_s, u"standard"_s })
                 .exitCode,
        0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"billing"_s }, secret).exitCode, 0);

    QTemporaryDir work;
    QFile bodyFile(work.filePath(u"body.json"_s));
    QVERIFY(bodyFile.open(QIODevice::WriteOnly));
    bodyFile.write(body);
    bodyFile.close();
    // sign takes the scheme and the secret from the endpoint.
    const CliRun signedRun = run(
        { u"sign"_s, u"--endpoint"_s, u"billing"_s, u"--body-file"_s, bodyFile.fileName(), u"--id"_s, u"msg_1"_s });
    QVERIFY2(signedRun.exitCode == 0, signedRun.describe().constData());
    const QList<QByteArray> headers = signedRun.out.trimmed().split('\n');
    QCOMPARE(headers.size(), 3);
    QVERIFY(headers.at(0).startsWith("webhook-id: msg_1"));

    QProcess listener;
    const quint16 port = startListening(&listener);
    QVERIFY2(port != 0, listener.readAllStandardError().constData());
    QCOMPARE(post(port, "/billing/events", headers, body), QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(post(port, "/billing/events", headers, body + " "), QByteArray("HTTP/1.1 200 OK"));
    listener.terminate();
    QVERIFY(listener.waitForFinished(10'000));
    const QList<QByteArray> lines = listener.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(u"signature"_s).toString(), u"valid"_s);
    QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(u"endpoint"_s).toString(), u"billing"_s);
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(u"signature"_s).toString(), u"invalid"_s);

    // verify by id with the endpoint: the stored captures judged again with the keychain's secret.
    CliRun verify = run({ u"verify"_s, u"1"_s, u"--endpoint"_s, u"billing"_s, u"--json"_s });
    QVERIFY2(verify.exitCode == 0, verify.describe().constData());
    verify = run({ u"verify"_s, u"2"_s, u"--endpoint"_s, u"billing"_s });
    QVERIFY2(verify.exitCode == 1, verify.describe().constData());
    QVERIFY2(verify.out.contains("trailing") || verify.out.contains("mismatch"), verify.out.constData());

    // Without a secret option, the endpoint the capture arrived at is used.
    verify = run({ u"verify"_s, u"1"_s });
    QVERIFY2(verify.exitCode == 0, verify.describe().constData());
    QVERIFY(verify.err.contains("with endpoint billing, which capture 1 arrived at"));
    // The endpoint's scheme with a secret given directly: here a wrong one.
    QFile wrong(work.filePath(u"wrong.txt"_s));
    QVERIFY(wrong.open(QIODevice::WriteOnly));
    wrong.write("whsec_c2VjcmV0LXRoYXQtaXMtd3Jvbmc=\n");
    wrong.close();
    verify = run({ u"verify"_s, u"1"_s, u"--endpoint"_s, u"billing"_s, u"--secret-file"_s, wrong.fileName() });
    QVERIFY2(verify.exitCode == 1 && verify.out.contains("standard"), verify.describe().constData());

    // Without a secret the endpoint cannot verify: a clear message, not a crash.
    QCOMPARE(run({ u"secret"_s, u"clear"_s, u"billing"_s }).exitCode, 0);
    verify = run({ u"verify"_s, u"1"_s, u"--endpoint"_s, u"billing"_s });
    QVERIFY2(verify.exitCode == 1 && verify.err.contains("has no signing secret"), verify.describe().constData());
}

void TstEndpoints::oldCapturesAreJudgedAsOfTheirArrival()
{
    QCOMPARE(
        run({ u"endpoint"_s, u"add"_s, u"stripe"_s, u"--path"_s, u"/stripe"_s, u"--scheme"_s, u"stripe"_s }).exitCode,
        0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"stripe"_s }, "whsec_test_secret_for_age").exitCode, 0);
    QTemporaryDir work;
    QFile bodyFile(work.filePath(u"body.json"_s));
    QVERIFY(bodyFile.open(QIODevice::WriteOnly));
    bodyFile.write(R"({"type":"charge.succeeded"})");
    bodyFile.close();
    // Signed an hour ago: on arrival now it is outside the 300 s tolerance.
    const qint64 anHourAgo = QDateTime::currentSecsSinceEpoch() - 3600;
    const CliRun signedRun = run({ u"sign"_s, u"--endpoint"_s, u"stripe"_s, u"--body-file"_s, bodyFile.fileName(),
        u"--timestamp"_s, QString::number(anHourAgo) });
    QVERIFY2(signedRun.exitCode == 0, signedRun.describe().constData());
    QProcess listener;
    const quint16 port = startListening(&listener);
    QVERIFY(port != 0);
    QCOMPARE(post(port, "/stripe", signedRun.out.trimmed().split('\n'), R"({"type":"charge.succeeded"})"),
        QByteArray("HTTP/1.1 200 OK"));
    listener.terminate();
    QVERIFY(listener.waitForFinished(10'000));
    CliRun verify = run({ u"verify"_s, u"1"_s, u"--json"_s });
    QCOMPARE(verify.exitCode, 1);
    QCOMPARE(
        QJsonDocument::fromJson(verify.out).object().value(u"reason"_s).toString(), u"timestamp-outside-tolerance"_s);

    // Had it arrived when it was signed, checking it again today still finds it valid.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"age"_s);
        db.setDatabaseName(m_profile->filePath(u"captures.sqlite"_s));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"UPDATE captures SET received_us = %1 WHERE id = 1"_s.arg(anHourAgo * 1'000'000)));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"age"_s);
    verify = run({ u"verify"_s, u"1"_s });
    QVERIFY2(verify.exitCode == 0, verify.describe().constData());
    // --now still judges it as of another time.
    verify = run({ u"verify"_s, u"1"_s, u"--now"_s, QString::number(QDateTime::currentSecsSinceEpoch()) });
    QCOMPARE(verify.exitCode, 1);
}

void TstEndpoints::noSecretReachesDiskOrOutput()
{
    // A scripted session: secrets set and generated, signed requests received, captures verified and exported.
    const QByteArray signing = "scrub-signing-5f1c2a9e77";
    const QByteArray previous = "scrub-previous-0b8d4e6f11";
    const QByteArray token = "scrub-token-c3a7e2d9f4";
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"gh"_s, u"--path"_s, u"/gh"_s, u"--scheme"_s, u"github"_s, u"--auth"_s,
                     u"bearer"_s, u"--url"_s, u"http://127.0.0.1:9/out"_s })
                 .exitCode,
        0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"gh"_s, u"--previous"_s }, previous).exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"gh"_s }, signing).exitCode, 0);
    QCOMPARE(run({ u"secret"_s, u"set"_s, u"gh"_s, u"--auth"_s }, token).exitCode, 0);
    QCOMPARE(run({ u"endpoint"_s, u"add"_s, u"gen"_s }).exitCode, 0);
    const CliRun generated = run({ u"secret"_s, u"generate"_s, u"gen"_s });
    const QByteArray generatedSecret = generated.out.trimmed();
    m_printed.removeAll(generated.out); // printed once on purpose: the one place it may appear

    QTemporaryDir work;
    QFile bodyFile(work.filePath(u"body.json"_s));
    QVERIFY(bodyFile.open(QIODevice::WriteOnly));
    bodyFile.write(R"({"zen":"Keep it logically awesome."})");
    bodyFile.close();
    const CliRun signedRun = run({ u"sign"_s, u"--endpoint"_s, u"gh"_s, u"--body-file"_s, bodyFile.fileName() });
    QVERIFY2(signedRun.exitCode == 0, signedRun.describe().constData());

    QProcess listener;
    const quint16 port = startListening(&listener);
    QVERIFY(port != 0);
    QCOMPARE(post(port, "/gh", signedRun.out.trimmed().split('\n'), R"({"zen":"Keep it logically awesome."})"),
        QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(post(port, "/gh", { "X-Hub-Signature-256: sha256=00" }, "{}"), QByteArray("HTTP/1.1 200 OK"));
    listener.terminate();
    QVERIFY(listener.waitForFinished(10'000));
    m_printed << listener.readAllStandardOutput() << listener.readAllStandardError();

    for (const QString& id : { u"1"_s, u"2"_s }) {
        run({ u"verify"_s, id, u"--endpoint"_s, u"gh"_s });
        run({ u"verify"_s, id, u"--endpoint"_s, u"gh"_s, u"--json"_s });
        run({ u"show"_s, id, u"--json"_s });
        run({ u"show"_s, id });
    }
    run({ u"requests"_s, u"--json"_s });
    run({ u"endpoint"_s, u"show"_s, u"gh"_s, u"--json"_s });
    run({ u"endpoint"_s, u"list"_s, u"--json"_s });
    QVERIFY(m_printed.size() > 20);

    for (const QByteArray& secret : { signing, previous, token, generatedSecret }) {
        QCOMPARE(filesContaining(m_profile->path(), secret), QStringList {});
        for (const QByteArray& printed : std::as_const(m_printed))
            QVERIFY2(!printed.contains(secret), printed.constData());
    }
}

QTEST_GUILESS_MAIN(TstEndpoints)
#include "tst_endpoints.moc"
