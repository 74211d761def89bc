// SPDX-License-Identifier: MIT
// Cross-checks with the providers' own libraries from npm (tests/node/crosscheck.mjs), in both directions:
// what Hookscope signs, their verifiers accept; what they sign, Hookscope accepts; one changed byte, an old
// timestamp or a wrong secret, both reject. One Node process per scheme.
#include "core/signatures/schemerules.h"
#include "core/signatures/signaturecrypto.h"
#include "core/signatures/signaturesigner.h"
#include "core/signatures/signatureverifier.h"
#include "core/signatures/signedurl.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace hookscope;

namespace {

using Reason = VerificationResult::Reason;
using Cause = VerificationResult::Cause;

const QString kNodeDir = QStringLiteral(HOOKSCOPE_NODE_DIR);
// Not a raw string: moc's tokenizer loses its way in raw strings holding \" before the class.
const QByteArray kBody
    = "{\"id\":\"evt_1\",\"amount\":4200,\"note\":\"caf\\u00e9 \xe2\x98\x95 \\\"quoted\\\"\",\"items\":[1,2,3]}";
const QByteArray kForm
    = "Body=Hello+there+%E2%98%95&From=%2B15551234567&To=%2B15557654321&MediaUrl0=https%3A%2F%2Fx.example%2Fa";
constexpr int kNodeTimeoutMs = 60'000;

// What the libraries are handed: the request as a JSON case.
QJsonObject headersJson(const HeaderList& list)
{
    QJsonObject out;
    for (const HeaderField& field : list)
        out.insert(QString::fromUtf8(field.name), QString::fromUtf8(field.value));
    return out;
}

HeaderList headersFrom(const QJsonObject& object)
{
    HeaderList out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.append({ it.key().toUtf8(), it.value().toString().toUtf8() });
    return out;
}

QByteArray tampered(QByteArray body)
{
    body[body.size() / 2] = char(body[body.size() / 2] ^ 0x01);
    return body;
}

struct Row {
    SchemeId scheme;
    QByteArray signingSecret;
    QByteArray verifyingSecret;
    QByteArray otherSigningSecret; // a secret (key) that is not the endpoint's
    QByteArray otherVerifyingSecret;
    QByteArray body;
    QByteArray contentType;
    bool theirVerifierChecksTime; // SendGrid's library leaves the timestamp to the caller
};

} // namespace

Q_DECLARE_METATYPE(Row)

class TstSignatureCrossCheck final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bothDirections_data();
    void bothDirections();

private:
    // Runs the libraries on a batch of cases; fails the test (and returns nothing) when Node cannot run.
    std::optional<QJsonArray> runNode(const QString& scheme, const QJsonArray& cases);
};

void TstSignatureCrossCheck::initTestCase()
{
    // Failing, not skipping: CI installs Node and the modules, so their absence is a broken set-up.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty(),
        "node is not installed: run 'bash .ci/dev test' or apt-get install nodejs npm");
    QVERIFY2(QFileInfo::exists(kNodeDir + QStringLiteral("/node_modules/stripe/package.json")),
        qPrintable(QStringLiteral("the providers' libraries are missing: run 'npm ci --prefix %1'").arg(kNodeDir)));
}

std::optional<QJsonArray> TstSignatureCrossCheck::runNode(const QString& scheme, const QJsonArray& cases)
{
    QProcess node;
    node.setWorkingDirectory(kNodeDir);
    node.start(QStringLiteral("node"), { kNodeDir + QStringLiteral("/crosscheck.mjs") });
    if (!node.waitForStarted(kNodeTimeoutMs)) {
        qWarning("node did not start: %s", qPrintable(node.errorString()));
        return std::nullopt;
    }
    node.write(QJsonDocument(QJsonObject { { QStringLiteral("scheme"), scheme }, { QStringLiteral("cases"), cases } })
                   .toJson(QJsonDocument::Compact));
    node.closeWriteChannel();
    if (!node.waitForFinished(kNodeTimeoutMs) || node.exitCode() != 0) {
        qWarning("node failed: %s", node.readAllStandardError().constData());
        return std::nullopt;
    }
    const QJsonArray results
        = QJsonDocument::fromJson(node.readAllStandardOutput()).object().value(QStringLiteral("results")).toArray();
    if (results.size() != cases.size()) {
        qWarning("node answered %lld results for %lld cases", qlonglong(results.size()), qlonglong(cases.size()));
        return std::nullopt;
    }
    return results;
}

void TstSignatureCrossCheck::bothDirections_data()
{
    QTest::addColumn<Row>("row");
    const std::optional<signaturecrypto::EcdsaKeyPair> ec = signaturecrypto::ecdsaP256Generate();
    const std::optional<signaturecrypto::EcdsaKeyPair> otherEc = signaturecrypto::ecdsaP256Generate();
    QVERIFY(ec && otherEc);
    const QByteArray whsk = "whsk_" + signaturecrypto::randomBytes(32).toBase64();
    const QByteArray otherWhsk = "whsk_" + signaturecrypto::randomBytes(32).toBase64();
    const auto whpk = [](const QByteArray& secretKey) -> QByteArray {
        return "whpk_" + signaturecrypto::ed25519PublicKey(QByteArray::fromBase64(secretKey.mid(5)))->toBase64();
    };
    const QByteArray whsec = "whsec_" + signaturecrypto::randomBytes(24).toBase64();
    const QByteArray otherWhsec = "whsec_" + signaturecrypto::randomBytes(24).toBase64();
    const auto hmacRow = [&](SchemeId id, const QByteArray& secret, const QByteArray& other,
                             const QByteArray& body = kBody, const QByteArray& contentType = "application/json") {
        return Row { id, secret, secret, other, other, body, contentType, true };
    };
    QTest::addRow("github (@octokit/webhooks-methods)") << hmacRow(SchemeId::GitHub, "gh-secret", "gh-other");
    QTest::addRow("github-sha1 (node crypto)") << hmacRow(SchemeId::GitHubSha1, "gh-secret", "gh-other");
    QTest::addRow("stripe (stripe)") << hmacRow(SchemeId::Stripe, whsec, otherWhsec);
    QTest::addRow("standard (standardwebhooks)") << hmacRow(SchemeId::Standard, whsec, otherWhsec);
    QTest::addRow("svix (svix)") << hmacRow(SchemeId::Svix, whsec, otherWhsec);
    QTest::addRow("standard-ed25519 (node crypto)") << Row { SchemeId::StandardEd25519, whsk, whpk(whsk), otherWhsk,
        whpk(otherWhsk), kBody, "application/json", true };
    QTest::addRow("shopify (@shopify/shopify-api)") << hmacRow(SchemeId::Shopify, "shpss_1234", "shpss_other");
    QTest::addRow("slack (@slack/bolt)") << hmacRow(SchemeId::Slack, "8f742231b10e8888abcd99yyyzzz85a5", "other");
    QTest::addRow("twilio form (twilio)")
        << hmacRow(SchemeId::Twilio, "auth-token-1", "auth-token-2", kForm, "application/x-www-form-urlencoded");
    QTest::addRow("twilio json (twilio)") << hmacRow(SchemeId::Twilio, "auth-token-1", "auth-token-2");
    QTest::addRow("square (square)") << hmacRow(SchemeId::Square, "sq0-signature-key", "sq0-other");
    QTest::addRow("paddle (@paddle/paddle-node-sdk)")
        << hmacRow(SchemeId::Paddle, "pdl_ntfset_01abc_secret", "pdl_ntfset_other");
    QTest::addRow("sendgrid (@sendgrid/eventwebhook)") << Row { SchemeId::SendGrid, ec->privateKey, ec->publicKey,
        otherEc->privateKey, otherEc->publicKey, kBody, "application/json", false };
}

void TstSignatureCrossCheck::bothDirections()
{
    QFETCH(Row, row);
    const QString scheme = schemes::name(row.scheme);
    const QByteArray baseUrl = "https://hooks.example.com/" + scheme.toUtf8() + "?tenant=7";
    // The libraries read the clock themselves (Standard Webhooks, Svix, Paddle with 5 s of tolerance).
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 old = now - 600;

    SignOptions sign;
    sign.scheme.id = row.scheme;
    sign.secrets.current = row.signingSecret;
    sign.body = row.body;
    sign.timestamp = now;
    sign.url = baseUrl;
    sign.contentType = row.contentType;
    const SignOutput ours = SignatureSigner::sign(sign);
    QVERIFY2(ours.ok, qPrintable(ours.error));
    sign.timestamp = old;
    const SignOutput oursOld = SignatureSigner::sign(sign);

    const auto verifyCase = [&](const SignOutput& signed_, const QByteArray& body, const QByteArray& secret) {
        return QJsonObject { { QStringLiteral("op"), QStringLiteral("verify") },
            { QStringLiteral("body"), QString::fromLatin1(body.toBase64()) },
            { QStringLiteral("headers"), headersJson(signed_.headers) },
            { QStringLiteral("secret"), QString::fromUtf8(secret) },
            { QStringLiteral("url"), QString::fromUtf8(signed_.url) }, { QStringLiteral("now"), now },
            { QStringLiteral("contentType"), QString::fromUtf8(row.contentType) } };
    };
    const auto signCase = [&](qint64 timestamp, const QByteArray& secret) {
        return QJsonObject { { QStringLiteral("op"), QStringLiteral("sign") },
            { QStringLiteral("body"), QString::fromLatin1(row.body.toBase64()) },
            { QStringLiteral("secret"), QString::fromUtf8(secret) }, { QStringLiteral("timestamp"), timestamp },
            { QStringLiteral("id"), QStringLiteral("msg_crosscheck1") },
            { QStringLiteral("url"), QString::fromUtf8(baseUrl) },
            { QStringLiteral("contentType"), QString::fromUtf8(row.contentType) } };
    };
    const QJsonArray cases { verifyCase(ours, row.body, row.verifyingSecret),
        verifyCase(ours, tampered(row.body), row.verifyingSecret), verifyCase(oursOld, row.body, row.verifyingSecret),
        verifyCase(ours, row.body, row.otherVerifyingSecret), signCase(now, row.signingSecret),
        signCase(old, row.signingSecret), signCase(now, row.otherSigningSecret) };
    const std::optional<QJsonArray> results = runNode(scheme, cases);
    QVERIFY2(results, "the providers' libraries could not be run (see the warning above)");
    const auto theyAccept = [&](int i) { return results->at(i).toObject().value(QStringLiteral("ok")).toBool(); };

    // What we sign, they accept; changed byte, old timestamp, wrong secret: they reject.
    QVERIFY2(theyAccept(0),
        qPrintable(QStringLiteral("their verifier rejects what Hookscope signed: ")
            + results->at(0).toObject().value(QStringLiteral("error")).toString()));
    QVERIFY2(!theyAccept(1), "their verifier accepts a changed byte");
    if (row.theirVerifierChecksTime && schemerules::hasTimestamp(sign.scheme))
        QVERIFY2(!theyAccept(2), "their verifier accepts a 10 minutes old timestamp");
    QVERIFY2(!theyAccept(3), "their verifier accepts another secret");

    // What they sign, we accept; changed byte, old timestamp, wrong secret: we reject, for the right reason.
    const auto ourVerdict = [&](int i, const QByteArray& body) {
        const QJsonObject result = results->at(i).toObject();
        const QByteArray url = result.value(QStringLiteral("url")).toString().toUtf8();
        CapturedRequest r;
        r.method = "POST";
        r.target = signedurl::target(url.isEmpty() ? baseUrl : url);
        r.headers = HeaderList { { "Host", "127.0.0.1:8080" }, { "Content-Type", row.contentType } }
            + headersFrom(result.value(QStringLiteral("headers")).toObject());
        r.body = body;
        VerifyOptions o;
        o.scheme = sign.scheme;
        o.secrets.current = row.verifyingSecret;
        o.nowUnix = now;
        o.url = signedurl::withoutQuery(baseUrl);
        return SignatureVerifier::verify(r, o);
    };
    VerificationResult verdict = ourVerdict(4, row.body);
    QVERIFY2(verdict.valid, qPrintable(verdict.explanation()));
    verdict = ourVerdict(4, tampered(row.body));
    QVERIFY(!verdict.valid);
    QCOMPARE(verdict.reason, Reason::Mismatch);
    if (schemerules::hasTimestamp(sign.scheme)) {
        verdict = ourVerdict(5, row.body);
        QCOMPARE(verdict.reason, Reason::TimestampOutsideTolerance);
        QCOMPARE(verdict.outsideToleranceBy(), 300);
    }
    verdict = ourVerdict(6, row.body);
    QVERIFY(!verdict.valid);
    QCOMPARE(verdict.reason, Reason::Mismatch);
    QCOMPARE(verdict.cause, Cause::WrongSecret);
}

QTEST_GUILESS_MAIN(TstSignatureCrossCheck)
#include "tst_signaturecrosscheck.moc"
