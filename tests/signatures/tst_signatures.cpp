// SPDX-License-Identifier: MIT
// The signatures module against the providers' published test vectors, and every reason and likely cause
// of a failure produced on purpose. Cross-checks with the providers' own libraries: tst_signaturecrosscheck.
#include "core/signatures/constanttime.h"
#include "core/signatures/hmacparameters.h"
#include "core/signatures/jsonreformat.h"
#include "core/signatures/schemespec.h"
#include "core/signatures/signaturecrypto.h"
#include "core/signatures/signaturesigner.h"
#include "core/signatures/signatureverifier.h"
#include "core/signatures/signedurl.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace hookscope;

namespace {

using Reason = VerificationResult::Reason;
using Cause = VerificationResult::Cause;

CapturedRequest request(const HeaderList& extra, const QByteArray& body, const QByteArray& target = "/hook",
    const QByteArray& contentType = "application/json")
{
    CapturedRequest r;
    r.method = "POST";
    r.target = target;
    r.headers = { { "Host", "127.0.0.1:8080" }, { "Content-Type", contentType } };
    r.headers += extra;
    r.body = body;
    return r;
}

SchemeSpec spec(SchemeId id)
{
    SchemeSpec s;
    s.id = id;
    return s;
}

VerifyOptions options(SchemeId id, const QByteArray& secret, qint64 now, const QByteArray& url = {})
{
    VerifyOptions o;
    o.scheme = spec(id);
    o.secrets.current = secret;
    o.nowUnix = now;
    o.url = url;
    return o;
}

// What a sender puts on the wire for `body`: the signer's headers on a request carrying that body.
CapturedRequest signedRequest(const SignOptions& sign, const QByteArray& deliveredBody, const QByteArray& contentType)
{
    const SignOutput out = SignatureSigner::sign(sign);
    if (!out.ok)
        qWarning("signing failed: %s", qPrintable(out.error));
    return request(
        out.headers, deliveredBody, signedurl::target(out.url.isEmpty() ? "http://x/hook" : out.url), contentType);
}

SignOptions signing(SchemeId id, const QByteArray& secret, const QByteArray& body, qint64 timestamp = 1700000000,
    const QByteArray& url = "https://hooks.example.com/hook")
{
    SignOptions o;
    o.scheme = spec(id);
    o.secrets.current = secret;
    o.body = body;
    o.timestamp = timestamp;
    o.id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    o.url = url;
    return o;
}

QByteArray hmacBytes(QCryptographicHash::Algorithm algorithm, const QByteArray& key, const QByteArray& message)
{
    return QMessageAuthenticationCode::hash(message, key, algorithm);
}

const QByteArray kWhsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray kEd25519Seed = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
// SendGrid's published key pair (sendgrid-go helpers/eventwebhook/eventwebhook_test.go).
const QByteArray kSendGridPublic
    = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBce"
      "pxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
const QByteArray kSendGridPrivate
    = "MHcCAQEEIEQmZgBEh9DcU9zMl34czK3xov4AYvm9P3r7rNB2dNXtoAoGCCqGSM49AwEHoUQDQgAEEDr2Lj"
      "tURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";

} // namespace

class TstSignatures final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void constantTimeEquals_data();
    void constantTimeEquals();
    void publishedVectors_data();
    void publishedVectors();
    void publishedSignatures();
    void sendGridPublishedVector();
    void roundTripEveryScheme_data();
    void roundTripEveryScheme();
    void previousSecretGivesSeveralSignatures();
    void detectsTheScheme_data();
    void detectsTheScheme();
    void reasons_data();
    void reasons();
    void timestampTolerance_data();
    void timestampTolerance();
    void causes_data();
    void causes();
    void asymmetricCauses();
    void twilioFormAndBodyHash();
    void resultJsonRoundTrip();
    void resultTexts();
    void hmacParameters();
    void hmacParameterErrors_data();
    void hmacParameterErrors();
    void schemeSpecJson();
    void jsonReformat();
    void previewEscapes();
    void signerErrors();
};

void TstSignatures::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::addRow("same") << QByteArray("abcdef") << QByteArray("abcdef") << true;
    QTest::addRow("both empty") << QByteArray() << QByteArray("") << true;
    QTest::addRow("last byte") << QByteArray("abcdef") << QByteArray("abcdeg") << false;
    QTest::addRow("first byte") << QByteArray("abcdef") << QByteArray("bbcdef") << false;
    QTest::addRow("prefix") << QByteArray("abc") << QByteArray("abcdef") << false;
    QTest::addRow("one empty") << QByteArray() << QByteArray("a") << false;
    QTest::addRow("high bit") << QByteArray("\x80") << QByteArray("\x00", 1) << false;
}

void TstSignatures::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(hookscope::constantTimeEquals(a, b), equal);
    QCOMPARE(hookscope::constantTimeEquals(b, a), equal);
}

void TstSignatures::publishedVectors_data()
{
    QTest::addColumn<int>("scheme");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<qint64>("now");

    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries ("Testing the webhook
    // payload validation"). GitHub publishes no vector for the legacy SHA-1 header: tst_signaturecrosscheck
    // checks it against Node's crypto instead.
    QTest::addRow("github docs") << int(SchemeId::GitHub) << QByteArray("It's a Secret to Everybody")
                                 << HeaderList { { "X-Hub-Signature-256",
                                        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" } }
                                 << QByteArray("Hello, World!") << QByteArray() << QByteArray("application/json")
                                 << qint64(0);
    // standard-webhooks libraries/javascript/src/webhook.test.ts, "sign function works".
    const HeaderList standard { { "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek" }, { "webhook-timestamp", "1614265330" },
        { "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" } };
    QTest::addRow("standard library") << int(SchemeId::Standard) << kWhsec << standard
                                      << QByteArray(R"({"test": 2432232314})") << QByteArray()
                                      << QByteArray("application/json") << qint64(1614265330);
    // Svix's verifier is the same scheme under svix- names (svix/dist/webhook.js maps them onto webhook-).
    const HeaderList svix { { "svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek" }, { "svix-timestamp", "1614265330" },
        { "svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" } };
    QTest::addRow("svix") << int(SchemeId::Svix) << kWhsec << svix << QByteArray(R"({"test": 2432232314})")
                          << QByteArray() << QByteArray("application/json") << qint64(1614265330 + 299);
    // standard-webhooks libraries/go/webhook_asymmetric_test.go, TestAsymmetricWebhookSign: the whsk_ is the
    // base64 of the 32-byte seed; verifying with the secret key uses its public half.
    const HeaderList ed25519 { { "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek" }, { "webhook-timestamp", "1614265330" },
        { "webhook-signature",
            "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==" } };
    QTest::addRow("standard-ed25519 library")
        << int(SchemeId::StandardEd25519) << kEd25519Seed << ed25519 << QByteArray(R"({"test": 2432232314})")
        << QByteArray() << QByteArray("application/json") << qint64(1614265330);
    // https://docs.slack.dev/authentication/verifying-requests-from-slack (the worked example).
    const QByteArray slackBody
        = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name="
          "foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2F"
          "hooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015."
          "47445629121.803a0bc887a14d10d2c447fce8b6703c";
    QTest::addRow("slack docs") << int(SchemeId::Slack) << QByteArray("8f742231b10e8888abcd99yyyzzz85a5")
                                << HeaderList { { "X-Slack-Request-Timestamp", "1531420618" },
                                       { "X-Slack-Signature",
                                           "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503" } }
                                << slackBody << QByteArray() << QByteArray("application/x-www-form-urlencoded")
                                << qint64(1531420618);
    // twilio-python tests/unit/test_request_validator.py (the same values in twilio-node, -php, -csharp):
    // auth token 12345, the form fields below, and the bodySHA256 variant for a JSON body.
    QTest::addRow("twilio form")
        << int(SchemeId::Twilio) << QByteArray("12345")
        << HeaderList { { "X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=" } }
        << QByteArray(
               "CallSid=CA1234567890ABCDE&Digits=1234&From=%2B14158675309&To=%2B18005551212&Caller=%2B14158675309")
        << QByteArray("https://mycompany.com/myapp.php?foo=1&bar=2") << QByteArray("application/x-www-form-urlencoded")
        << qint64(0);
    QTest::addRow("twilio form, https with port")
        << int(SchemeId::Twilio) << QByteArray("12345")
        << HeaderList { { "X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=" } }
        << QByteArray("Caller=%2B14158675309&CallSid=CA1234567890ABCDE&Digits="
                      "1234&From=%2B14158675309&To=%2B18005551212")
        << QByteArray("https://mycompany.com:1234/myapp.php?foo=1&bar=2")
        << QByteArray("application/x-www-form-urlencoded") << qint64(0);
    QTest::addRow("twilio json body") << int(SchemeId::Twilio) << QByteArray("12345")
                                      << HeaderList { { "X-Twilio-Signature", "a9nBmqA0ju/hNViExpshrM61xv4=" } }
                                      << QByteArray(R"({"property": "value", "boolean": true})")
                                      << QByteArray("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256="
                                                    "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620")
                                      << QByteArray("application/json") << qint64(0);
    // square-nodejs-sdk tests (WebhooksHelper): the signature key is used as text, URL + body signed.
    QTest::addRow("square sdk")
        << int(SchemeId::Square) << QByteArray("Ibxx_5AKakO-3qeNVR61Dw")
        << HeaderList { { "x-square-hmacsha256-signature", "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=" } }
        << QByteArray(
               R"({"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-)"
               R"(458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks",)"
               R"("id":"bc368e64-01aa-407e-b46e-3231809b1129"}})")
        << QByteArray("https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9") << QByteArray("application/json")
        << qint64(0);
    QTest::addRow("square sdk, second") << int(SchemeId::Square) << QByteArray("signature-key")
                                        << HeaderList { { "x-square-hmacsha256-signature",
                                               "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=" } }
                                        << QByteArray(R"({"data":{"type":"webhooks","id":"fake_id"}})")
                                        << QByteArray("https://webhook.site/webhooks") << QByteArray("application/json")
                                        << qint64(0);
    // Stripe, Shopify and Paddle publish no test vectors: tst_signaturecrosscheck checks them against the
    // providers' own libraries (stripe, @shopify/shopify-api, @paddle/paddle-node-sdk) in both directions.
}

void TstSignatures::publishedVectors()
{
    QFETCH(int, scheme);
    QFETCH(QByteArray, secret);
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, contentType);
    QFETCH(qint64, now);

    const VerificationResult result = SignatureVerifier::verify(
        request(headers, body, "/hook", contentType), options(SchemeId(scheme), secret, now, url));
    QVERIFY2(result.valid, qPrintable(result.explanation()));
    QCOMPARE(result.reason, Reason::None);

    // One changed byte, and the same vector fails.
    QByteArray changed = body;
    changed[changed.size() / 2] = char(changed[changed.size() / 2] ^ 0x01);
    QVERIFY(!SignatureVerifier::verify(
        request(headers, changed, "/hook", contentType), options(SchemeId(scheme), secret, now, url))
                 .valid);
}

void TstSignatures::publishedSignatures()
{
    // Signing reproduces the published values byte for byte (Ed25519 signatures are deterministic).
    SignOptions o = signing(SchemeId::Standard, kWhsec, R"({"test": 2432232314})", 1614265330);
    o.id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    SignOutput out = SignatureSigner::sign(o);
    QVERIFY(out.ok);
    QCOMPARE(out.headers,
        (HeaderList { { "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek" }, { "webhook-timestamp", "1614265330" },
            { "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" } }));

    o.scheme = spec(SchemeId::StandardEd25519);
    o.secrets.current = kEd25519Seed;
    out = SignatureSigner::sign(o);
    QVERIFY(out.ok);
    QCOMPARE(headers::first(out.headers, "webhook-signature"),
        QByteArray("v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="));

    o = signing(SchemeId::GitHub, "It's a Secret to Everybody", "Hello, World!");
    out = SignatureSigner::sign(o);
    QCOMPARE(out.headers,
        (HeaderList {
            { "X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" } }));

    // Twilio's JSON variant: the signer adds bodySHA256 to the URL and signs that URL alone.
    o = signing(SchemeId::Twilio, "12345", R"({"property": "value", "boolean": true})", 0,
        "https://mycompany.com/myapp.php?foo=1&bar=2");
    out = SignatureSigner::sign(o);
    QCOMPARE(out.url,
        QByteArray("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256="
                   "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"));
    QCOMPARE(out.headers, (HeaderList { { "X-Twilio-Signature", "a9nBmqA0ju/hNViExpshrM61xv4=" } }));
}

void TstSignatures::sendGridPublishedVector()
{
    // sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js (the same values in sendgrid-python,
    // -ruby, -php, -java, -go). ECDSA signatures are randomised, so signing is checked by verifying.
    const QByteArray body = R"({"category":"example_payload","event":"test_event","message_id":"message_id"})";
    const HeaderList headers {
        { "X-Twilio-Email-Event-Webhook-Signature",
            "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=" },
        { "X-Twilio-Email-Event-Webhook-Timestamp", "1588788367" }
    };
    VerifyOptions o = options(SchemeId::SendGrid, kSendGridPublic, 1588788367);
    VerificationResult result = SignatureVerifier::verify(request(headers, body), o);
    QVERIFY2(result.valid, qPrintable(result.explanation()));
    QCOMPARE(result.signedPreview, QString::fromLatin1("1588788367" + body));

    // Their "bad key" case: another P-256 public key.
    o.secrets.current = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7a"
                        "NDthvj+y7GjUuFDb/R1NGe1OPzpA==";
    result = SignatureVerifier::verify(request(headers, body), o);
    QVERIFY(!result.valid);
    QCOMPARE(result.cause, Cause::WrongSecret);

    // Their private key (SEC1 DER) signs; the published public key verifies.
    const SignOutput signedOut = SignatureSigner::sign(signing(SchemeId::SendGrid, kSendGridPrivate, body, 1588788367));
    QVERIFY2(signedOut.ok, qPrintable(signedOut.error));
    result = SignatureVerifier::verify(
        request(signedOut.headers, body), options(SchemeId::SendGrid, kSendGridPublic, 1588788367));
    QVERIFY2(result.valid, qPrintable(result.explanation()));
}

void TstSignatures::roundTripEveryScheme_data()
{
    QTest::addColumn<int>("scheme");
    QTest::addColumn<QByteArray>("signingSecret");
    QTest::addColumn<QByteArray>("verifyingSecret");
    QTest::addColumn<QByteArray>("contentType");
    const std::optional<signaturecrypto::EcdsaKeyPair> ec = signaturecrypto::ecdsaP256Generate();
    QVERIFY(ec);
    const QByteArray whpk
        = "whpk_" + signaturecrypto::ed25519PublicKey(QByteArray::fromBase64(kEd25519Seed.mid(5)))->toBase64();
    QTest::addRow("github") << int(SchemeId::GitHub) << QByteArray("s3cret") << QByteArray("s3cret")
                            << QByteArray("application/json");
    QTest::addRow("github-sha1") << int(SchemeId::GitHubSha1) << QByteArray("s3cret") << QByteArray("s3cret")
                                 << QByteArray("application/json");
    QTest::addRow("stripe") << int(SchemeId::Stripe) << kWhsec << kWhsec << QByteArray("application/json");
    QTest::addRow("standard") << int(SchemeId::Standard) << kWhsec << kWhsec << QByteArray("application/json");
    QTest::addRow("standard-ed25519") << int(SchemeId::StandardEd25519) << kEd25519Seed << whpk
                                      << QByteArray("application/json");
    QTest::addRow("svix") << int(SchemeId::Svix) << kWhsec << kWhsec << QByteArray("application/json");
    QTest::addRow("shopify") << int(SchemeId::Shopify) << QByteArray("shpss_x") << QByteArray("shpss_x")
                             << QByteArray("application/json");
    QTest::addRow("slack") << int(SchemeId::Slack) << QByteArray("8f74") << QByteArray("8f74")
                           << QByteArray("application/json");
    QTest::addRow("twilio json") << int(SchemeId::Twilio) << QByteArray("token") << QByteArray("token")
                                 << QByteArray("application/json");
    QTest::addRow("square") << int(SchemeId::Square) << QByteArray("key") << QByteArray("key")
                            << QByteArray("application/json");
    QTest::addRow("paddle") << int(SchemeId::Paddle) << QByteArray("pdl_ntfset_01") << QByteArray("pdl_ntfset_01")
                            << QByteArray("application/json");
    QTest::addRow("sendgrid") << int(SchemeId::SendGrid) << ec->privateKey << ec->publicKey
                              << QByteArray("application/json");
    QTest::addRow("sendgrid pem") << int(SchemeId::SendGrid)
                                  << QByteArray("-----BEGIN PRIVATE KEY-----\n" + ec->privateKey
                                         + "\n-----END PRIVATE KEY-----\n")
                                  << QByteArray("-----BEGIN PUBLIC KEY-----\n" + ec->publicKey
                                         + "\n-----END PUBLIC KEY-----\n")
                                  << QByteArray("application/json");
}

void TstSignatures::roundTripEveryScheme()
{
    QFETCH(int, scheme);
    QFETCH(QByteArray, signingSecret);
    QFETCH(QByteArray, verifyingSecret);
    QFETCH(QByteArray, contentType);
    const QByteArray body = R"({"id":"evt_1","amount":4200,"note":"caf\u00e9 ☕"})";
    const CapturedRequest r
        = signedRequest(signing(SchemeId(scheme), signingSecret, body, 1700000000), body, contentType);
    VerificationResult result = SignatureVerifier::verify(
        r, options(SchemeId(scheme), verifyingSecret, 1700000010, "https://hooks.example.com/hook"));
    QVERIFY2(result.valid, qPrintable(result.explanation()));
    QCOMPARE(result.scheme, schemes::name(SchemeId(scheme)));
    // Auto-detection finds the scheme the signer wrote.
    VerifyOptions autoOptions
        = options(SchemeId(scheme), verifyingSecret, 1700000010, "https://hooks.example.com/hook");
    autoOptions.scheme.reset();
    QVERIFY(SignatureVerifier::verify(r, autoOptions).valid);
}

void TstSignatures::previousSecretGivesSeveralSignatures()
{
    SignOptions o = signing(SchemeId::Stripe, "whsec_new", "{}");
    o.secrets.previous = "whsec_old";
    SignOutput out = SignatureSigner::sign(o);
    const QList<QByteArray> stripe = headers::first(out.headers, "Stripe-Signature").split(',');
    QCOMPARE(stripe.size(), 3);
    QCOMPARE(stripe.at(0), QByteArray("t=1700000000"));
    QVERIFY(stripe.at(1).startsWith("v1=") && stripe.at(2).startsWith("v1="));
    // A receiver that only knows the old secret still accepts it: that is the point of sending both.
    QVERIFY(SignatureVerifier::verify(request(out.headers, "{}"), options(SchemeId::Stripe, "whsec_old", 1700000000))
                .valid);

    o.scheme = spec(SchemeId::Standard);
    o.secrets = { kWhsec, "whsec_" + QByteArray("old-secret-bytes-24bytes").toBase64() };
    out = SignatureSigner::sign(o);
    QCOMPARE(headers::first(out.headers, "webhook-signature").count(' '), 1);
    QVERIFY(SignatureVerifier::verify(
        request(out.headers, "{}"), options(SchemeId::Standard, o.secrets.previous, 1700000000))
                .valid);

    // GitHub carries one signature: the previous secret is not used.
    o.scheme = spec(SchemeId::GitHub);
    out = SignatureSigner::sign(o);
    QCOMPARE(out.headers.size(), 1);
}

void TstSignatures::detectsTheScheme_data()
{
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QString>("scheme");
    QTest::addRow("github both headers") << HeaderList { { "X-Hub-Signature", "sha1=00" },
        { "X-Hub-Signature-256", "sha256=00" } }
                                         << QStringLiteral("github");
    QTest::addRow("github legacy") << HeaderList { { "x-hub-signature", "sha1=00" } } << QStringLiteral("github-sha1");
    QTest::addRow("stripe") << HeaderList { { "stripe-signature", "t=1,v1=00" } } << QStringLiteral("stripe");
    QTest::addRow("standard") << HeaderList { { "Webhook-Signature", "v1,AA==" } } << QStringLiteral("standard");
    QTest::addRow("standard v1a") << HeaderList { { "webhook-signature", "v1a,AA==" } }
                                  << QStringLiteral("standard-ed25519");
    QTest::addRow("standard both") << HeaderList { { "webhook-signature", "v1a,AA== v1,AA==" } }
                                   << QStringLiteral("standard");
    QTest::addRow("svix") << HeaderList { { "svix-signature", "v1,AA==" } } << QStringLiteral("svix");
    QTest::addRow("shopify") << HeaderList { { "X-Shopify-Hmac-SHA256", "AA==" } } << QStringLiteral("shopify");
    QTest::addRow("slack") << HeaderList { { "X-Slack-Signature", "v0=00" } } << QStringLiteral("slack");
    QTest::addRow("twilio") << HeaderList { { "X-Twilio-Signature", "AA==" } } << QStringLiteral("twilio");
    QTest::addRow("square") << HeaderList { { "X-Square-HmacSha256-Signature", "AA==" } } << QStringLiteral("square");
    QTest::addRow("paddle") << HeaderList { { "Paddle-Signature", "ts=1;h1=00" } } << QStringLiteral("paddle");
    QTest::addRow("sendgrid") << HeaderList { { "X-Twilio-Email-Event-Webhook-Signature", "AA==" } }
                              << QStringLiteral("sendgrid");
    QTest::addRow("none") << HeaderList { { "Authorization", "Bearer x" } } << QString();
}

void TstSignatures::detectsTheScheme()
{
    QFETCH(HeaderList, headers);
    QFETCH(QString, scheme);
    const std::optional<SchemeId> id = schemes::detect(headers);
    QCOMPARE(id ? schemes::name(*id) : QString(), scheme);
}

void TstSignatures::reasons_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("detailContains");
    QTest::addRow("no header, auto") << QStringLiteral("auto") << HeaderList {} << QByteArray("s")
                                     << int(Reason::NoSignatureHeader) << QStringLiteral("no header of a known");
    QTest::addRow("no header, chosen") << QStringLiteral("github") << HeaderList {} << QByteArray("s")
                                       << int(Reason::NoSignatureHeader) << QStringLiteral("X-Hub-Signature-256");
    QTest::addRow("github without label")
        << QStringLiteral("github") << HeaderList { { "X-Hub-Signature-256", "abcdef" } } << QByteArray("s")
        << int(Reason::MalformedHeader) << QStringLiteral("sha256=");
    QTest::addRow("stripe without t") << QStringLiteral("stripe") << HeaderList { { "Stripe-Signature", "v1=abc" } }
                                      << QByteArray("s") << int(Reason::MalformedHeader) << QStringLiteral("t=");
    QTest::addRow("stripe without v1") << QStringLiteral("stripe")
                                       << HeaderList { { "Stripe-Signature", "t=1,v0=abc" } } << QByteArray("s")
                                       << int(Reason::MalformedHeader) << QStringLiteral("v1=");
    QTest::addRow("standard without id") << QStringLiteral(
        "standard") << HeaderList { { "webhook-signature", "v1,AA==" }, { "webhook-timestamp", "1" } }
                                         << kWhsec << int(Reason::MalformedHeader) << QStringLiteral("webhook-id");
    QTest::addRow("standard only v1a") << QStringLiteral("standard")
                                       << HeaderList { { "webhook-signature", "v1a,AA==" } } << kWhsec
                                       << int(Reason::MalformedHeader) << QStringLiteral("another scheme");
    QTest::addRow("slack timestamp not a number")
        << QStringLiteral("slack")
        << HeaderList { { "X-Slack-Signature", "v0=00" }, { "X-Slack-Request-Timestamp", "yesterday" } }
        << QByteArray("s") << int(Reason::MalformedHeader) << QStringLiteral("Unix seconds");
    QTest::addRow("paddle without h1") << QStringLiteral("paddle") << HeaderList { { "Paddle-Signature", "ts=1" } }
                                       << QByteArray("s") << int(Reason::MalformedHeader) << QStringLiteral("h1=");
    QTest::addRow("missing secret") << QStringLiteral("github") << HeaderList { { "X-Hub-Signature-256", "sha256=00" } }
                                    << QByteArray() << int(Reason::MissingSecret) << QStringLiteral("secret");
    QTest::addRow("standard secret not base64")
        << QStringLiteral("standard")
        << HeaderList { { "webhook-signature", "v1,AA==" }, { "webhook-id", "m" }, { "webhook-timestamp", "1" } }
        << QByteArray("whsec_not*base64!") << int(Reason::InvalidSecret) << QStringLiteral("base64");
    QTest::addRow("sendgrid key not a key")
        << QStringLiteral("sendgrid")
        << HeaderList { { "X-Twilio-Email-Event-Webhook-Signature", "AA==" },
               { "X-Twilio-Email-Event-Webhook-Timestamp", "1" } }
        << QByteArray("hello") << int(Reason::InvalidSecret) << QStringLiteral("key");
    QTest::addRow("ed25519 public key too short")
        << QStringLiteral("standard-ed25519")
        << HeaderList { { "webhook-signature", "v1a,AA==" }, { "webhook-id", "m" }, { "webhook-timestamp", "1" } }
        << QByteArray("whpk_AAAA") << int(Reason::InvalidSecret) << QStringLiteral("32-byte");
    QTest::addRow("unknown scheme") << QStringLiteral("mailchimp") << HeaderList {} << QByteArray("s")
                                    << int(Reason::UnknownScheme) << QStringLiteral("known:");
    QTest::addRow("mismatch") << QStringLiteral("github") << HeaderList { { "X-Hub-Signature-256", "sha256=00" } }
                              << QByteArray("s") << int(Reason::Mismatch) << QString();
}

void TstSignatures::reasons()
{
    QFETCH(QString, scheme);
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, secret);
    QFETCH(int, reason);
    QFETCH(QString, detailContains);
    VerifyOptions o;
    o.secrets.current = secret;
    o.nowUnix = 1;
    const VerificationResult result = SignatureVerifier::verify(request(headers, "{}"), scheme, o);
    QVERIFY(!result.valid);
    QCOMPARE(int(result.reason), reason);
    QVERIFY2(result.detail.contains(detailContains), qPrintable(result.detail));
}

void TstSignatures::timestampTolerance_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("tolerance");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("outsideBy");
    QTest::addRow("on time") << qint64(1700000000) << qint64(300) << true << qint64(0);
    QTest::addRow("300 s old: edge") << qint64(1700000300) << qint64(300) << true << qint64(0);
    QTest::addRow("301 s old") << qint64(1700000301) << qint64(300) << false << qint64(1);
    QTest::addRow("an hour old") << qint64(1700003600) << qint64(300) << false << qint64(3300);
    QTest::addRow("10 min in the future") << qint64(1699999400) << qint64(300) << false << qint64(300);
    QTest::addRow("old but no check") << qint64(1800000000) << qint64(0) << true << qint64(0);
}

void TstSignatures::timestampTolerance()
{
    QFETCH(qint64, now);
    QFETCH(qint64, tolerance);
    QFETCH(bool, valid);
    QFETCH(qint64, outsideBy);
    for (SchemeId id : { SchemeId::Stripe, SchemeId::Standard, SchemeId::Slack, SchemeId::Paddle }) {
        const CapturedRequest r = signedRequest(signing(id, kWhsec, "{}", 1700000000), "{}", "application/json");
        VerifyOptions o = options(id, kWhsec, now);
        o.toleranceSeconds = tolerance;
        const VerificationResult result = SignatureVerifier::verify(r, o);
        QCOMPARE(result.valid, valid);
        QCOMPARE(result.timestamp, std::optional<qint64>(1700000000));
        QCOMPARE(result.age, now - 1700000000);
        if (!valid) {
            QCOMPARE(result.reason, Reason::TimestampOutsideTolerance);
            QCOMPARE(result.outsideToleranceBy(), outsideBy);
            QVERIFY2(result.summary().contains(QStringLiteral("by %1 s").arg(outsideBy)), qPrintable(result.summary()));
        }
    }
}

void TstSignatures::causes_data()
{
    QTest::addColumn<int>("scheme");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("previous");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<int>("cause");
    QTest::addColumn<QString>("detailContains");

    const QByteArray body = R"({"type":"invoice.paid","data":{"id":"in_1","lines":[1,2],"empty":{}}})";
    const auto sign = [](SchemeId id, const QByteArray& secret, const QByteArray& signedBody,
                          const QByteArray& url = "https://hooks.example.com/hook") {
        return SignatureSigner::sign(signing(id, secret, signedBody, 1700000000, url)).headers;
    };

    QTest::addRow("previous secret (stripe)")
        << int(SchemeId::Stripe) << sign(SchemeId::Stripe, "whsec_old", body) << body << QByteArray("whsec_new")
        << QByteArray("whsec_old") << QByteArray() << int(Cause::PreviousSecret) << QStringLiteral("previous secret");
    // A sender that keys the HMAC with the text "whsec_..." instead of its base64-decoded bytes.
    const QByteArray rawKeyed = hmacBytes(QCryptographicHash::Sha256, kWhsec, "msg_1.1700000000." + body).toBase64();
    QTest::addRow("secret not decoded (standard)")
        << int(SchemeId::Standard)
        << HeaderList { { "webhook-id", "msg_1" }, { "webhook-timestamp", "1700000000" },
               { "webhook-signature", "v1," + rawKeyed } }
        << body << kWhsec << QByteArray() << QByteArray() << int(Cause::SecretNotDecoded) << QStringLiteral("text");
    // A Stripe sender that decodes the whsec_ secret, as Standard Webhooks does.
    const QByteArray decodedKeyed
        = hmacBytes(QCryptographicHash::Sha256, QByteArray::fromBase64(kWhsec.mid(6)), "1700000000." + body).toHex();
    QTest::addRow("secret decoded (stripe)")
        << int(SchemeId::Stripe) << HeaderList { { "Stripe-Signature", "t=1700000000,v1=" + decodedKeyed } } << body
        << kWhsec << QByteArray() << QByteArray() << int(Cause::SecretDecoded) << QStringLiteral("base64-decoded");
    QTest::addRow("hex instead of base64 (shopify)")
        << int(SchemeId::Shopify)
        << HeaderList { { "X-Shopify-Hmac-Sha256", hmacBytes(QCryptographicHash::Sha256, "shpss", body).toHex() } }
        << body << QByteArray("shpss") << QByteArray() << QByteArray() << int(Cause::HexInsteadOfBase64)
        << QStringLiteral("hex");
    QTest::addRow("base64 instead of hex (github)")
        << int(SchemeId::GitHub)
        << HeaderList { { "X-Hub-Signature-256",
               "sha256=" + hmacBytes(QCryptographicHash::Sha256, "github-secret", body).toBase64() } }
        << body << QByteArray("github-secret") << QByteArray() << QByteArray() << int(Cause::Base64InsteadOfHex)
        << QStringLiteral("base64");
    // Signed compact; a proxy pretty-printed it on the way (JSON.stringify(x, null, 2)).
    const QByteArray pretty = *jsonreformat::reformat(body, jsonreformat::Style::Indent2);
    QTest::addRow("re-serialized: pretty arrived (github)")
        << int(SchemeId::GitHub) << sign(SchemeId::GitHub, "gh", body) << pretty << QByteArray("gh") << QByteArray()
        << QByteArray() << int(Cause::BodyReserialized) << QStringLiteral("compact");
    // The sender signed JSON.stringify(obj) but sent a Python-style body.
    const QByteArray spaced = *jsonreformat::reformat(body, jsonreformat::Style::Spaced);
    QTest::addRow("re-serialized: spaced arrived (svix)")
        << int(SchemeId::Svix) << sign(SchemeId::Svix, kWhsec, body) << spaced << kWhsec << QByteArray() << QByteArray()
        << int(Cause::BodyReserialized) << QStringLiteral("compact");
    QTest::addRow("re-serialized: compact arrived, pretty signed (slack)")
        << int(SchemeId::Slack) << sign(SchemeId::Slack, "slack-signing-secret", pretty) << body
        << QByteArray("slack-signing-secret") << QByteArray() << QByteArray() << int(Cause::BodyReserialized)
        << QStringLiteral("2 spaces");
    QTest::addRow("trailing newline added (paddle)")
        << int(SchemeId::Paddle) << sign(SchemeId::Paddle, "pdl", body) << QByteArray(body + '\n') << QByteArray("pdl")
        << QByteArray() << QByteArray() << int(Cause::TrailingNewlineAdded) << QStringLiteral("final newline");
    QTest::addRow("trailing CRLF added (shopify)")
        << int(SchemeId::Shopify) << sign(SchemeId::Shopify, "shp", body) << QByteArray(body + "\r\n")
        << QByteArray("shp") << QByteArray() << QByteArray() << int(Cause::TrailingNewlineAdded)
        << QStringLiteral("CRLF");
    QTest::addRow("trailing newline removed (stripe)")
        << int(SchemeId::Stripe) << sign(SchemeId::Stripe, "whsec_x", body + '\n') << body << QByteArray("whsec_x")
        << QByteArray() << QByteArray() << int(Cause::TrailingNewlineRemoved) << QStringLiteral("newline at the end");
    // Twilio behind a TLS-terminating proxy: Twilio signed https, the receiver is told http.
    const QByteArray form = "Body=Hello+there&From=%2B15551234567&To=%2B15557654321";
    SignOptions twilio = signing(SchemeId::Twilio, "token", form, 0, "https://hooks.example.com/sms");
    twilio.contentType = "application/x-www-form-urlencoded";
    QTest::addRow("url: https signed, http given (twilio)")
        << int(SchemeId::Twilio) << SignatureSigner::sign(twilio).headers << form << QByteArray("token") << QByteArray()
        << QByteArray("http://hooks.example.com/sms") << int(Cause::UrlDiffers)
        << QStringLiteral("https instead of http");
    QTest::addRow("url: the tunnel's port (square)")
        << int(SchemeId::Square)
        << sign(SchemeId::Square, "square-signature-key", body, "https://hooks.example.com/square") << body
        << QByteArray("square-signature-key") << QByteArray() << QByteArray("https://hooks.example.com:8443/square")
        << int(Cause::UrlDiffers) << QStringLiteral("without the port :8443");
    QTest::addRow("url: query string (square)")
        << int(SchemeId::Square)
        << sign(SchemeId::Square, "square-signature-key", body, "https://hooks.example.com/square") << body
        << QByteArray("square-signature-key") << QByteArray() << QByteArray("https://hooks.example.com/square?tenant=7")
        << int(Cause::UrlDiffers) << QStringLiteral("without the query string");
    QTest::addRow("wrong secret (github)")
        << int(SchemeId::GitHub) << sign(SchemeId::GitHub, "theirs", body) << body << QByteArray("mine")
        << QByteArray("also-not") << QByteArray() << int(Cause::WrongSecret) << QStringLiteral("no variation");
}

void TstSignatures::causes()
{
    QFETCH(int, scheme);
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, previous);
    QFETCH(QByteArray, url);
    QFETCH(int, cause);
    QFETCH(QString, detailContains);
    VerifyOptions o = options(SchemeId(scheme), secret, 1700000000, url);
    o.secrets.previous = previous;
    const VerificationResult result = SignatureVerifier::verify(
        request(headers, body, "/hook",
            SchemeId(scheme) == SchemeId::Twilio ? "application/x-www-form-urlencoded" : "application/json"),
        o);
    QVERIFY(!result.valid);
    QCOMPARE(result.reason, Reason::Mismatch);
    QCOMPARE(VerificationResult::causeName(result.cause), VerificationResult::causeName(Cause(cause)));
    QVERIFY2(result.detail.contains(detailContains), qPrintable(result.detail));
    // The forensics show what was signed and what came, never the secret.
    QCOMPARE(result.signedLength > 0, true);
    QVERIFY(!result.received.isEmpty());
    QVERIFY(!result.explanation().contains(QString::fromUtf8(secret)));
}

void TstSignatures::asymmetricCauses()
{
    const QByteArray body = R"({"event":"delivered","email":"a@example.com"})";
    const std::optional<signaturecrypto::EcdsaKeyPair> oldKey = signaturecrypto::ecdsaP256Generate();
    const std::optional<signaturecrypto::EcdsaKeyPair> newKey = signaturecrypto::ecdsaP256Generate();
    QVERIFY(oldKey && newKey);
    const HeaderList byOld = SignatureSigner::sign(signing(SchemeId::SendGrid, oldKey->privateKey, body)).headers;
    VerifyOptions o = options(SchemeId::SendGrid, newKey->publicKey, 1700000000);
    o.secrets.previous = oldKey->publicKey;
    VerificationResult result = SignatureVerifier::verify(request(byOld, body), o);
    QCOMPARE(result.cause, Cause::PreviousSecret);

    result = SignatureVerifier::verify(
        request(byOld, body + '\n'), options(SchemeId::SendGrid, oldKey->publicKey, 1700000000));
    QCOMPARE(result.cause, Cause::TrailingNewlineAdded);

    const QByteArray seed = "whsk_" + signaturecrypto::randomBytes(32).toBase64();
    const HeaderList ed = SignatureSigner::sign(signing(SchemeId::StandardEd25519, seed, body)).headers;
    result = SignatureVerifier::verify(request(ed, *jsonreformat::reformat(body, jsonreformat::Style::Indent4)),
        options(SchemeId::StandardEd25519, seed, 1700000000));
    QCOMPARE(result.cause, Cause::BodyReserialized);
    QVERIFY(!result.expected.isEmpty()); // deterministic: the secret key shows what the signature should be
    result = SignatureVerifier::verify(request(ed, body), options(SchemeId::StandardEd25519, kEd25519Seed, 1700000000));
    QCOMPARE(result.cause, Cause::WrongSecret);
}

void TstSignatures::twilioFormAndBodyHash()
{
    // Form fields are sorted by name, so the order they arrive in does not matter; repeated names count once per value.
    const QByteArray url = "https://hooks.example.com/voice?account=7";
    SignOptions o = signing(SchemeId::Twilio, "token", "To=%2B1555&From=%2B1666&Digits=1&Digits=2&Digits=1", 0, url);
    o.contentType = "application/x-www-form-urlencoded";
    const SignOutput out = SignatureSigner::sign(o);
    QCOMPARE(out.url, url);
    const CapturedRequest reordered = request(out.headers, "Digits=2&Digits=1&From=%2B1666&To=%2B1555",
        "/voice?account=7", "application/x-www-form-urlencoded");
    VerificationResult result = SignatureVerifier::verify(
        reordered, options(SchemeId::Twilio, "token", 0, "https://hooks.example.com/voice"));
    QVERIFY2(result.valid, qPrintable(result.explanation()));
    QCOMPARE(result.url, QString::fromLatin1(url)); // the request's query joined the given URL
    QCOMPARE(result.signedPreview,
        QStringLiteral("https://hooks.example.com/voice?account=7Digits1Digits2From+1666To+1555"));

    // JSON body: the URL carries bodySHA256; a changed body fails the hash even though the URL signature holds.
    o = signing(SchemeId::Twilio, "token", R"({"a":1})", 0, "https://hooks.example.com/status");
    const SignOutput json = SignatureSigner::sign(o);
    const QByteArray target = signedurl::target(json.url);
    QVERIFY(SignatureVerifier::verify(request(json.headers, R"({"a":1})", target),
        options(SchemeId::Twilio, "token", 0, "https://hooks.example.com/status"))
                .valid);
    result = SignatureVerifier::verify(request(json.headers, R"({"a": 1})", target),
        options(SchemeId::Twilio, "token", 0, "https://hooks.example.com/status"));
    QVERIFY(!result.valid);
    QCOMPARE(result.cause, Cause::BodyReserialized);
}

void TstSignatures::resultJsonRoundTrip()
{
    const QByteArray body = R"({"a":1})";
    VerifyOptions o = options(SchemeId::Stripe, "whsec_new", 1700000042);
    o.secrets.previous = "whsec_old";
    const VerificationResult invalid = SignatureVerifier::verify(
        signedRequest(signing(SchemeId::Stripe, "whsec_old", body), body, "application/json"), o);
    QCOMPARE(invalid.cause, Cause::PreviousSecret);
    const QJsonObject json = invalid.toJson();
    QCOMPARE(json.value(QStringLiteral("reason")).toString(), QStringLiteral("mismatch"));
    QCOMPARE(json.value(QStringLiteral("cause")).toString(), QStringLiteral("previous-secret"));
    QCOMPARE(json.value(QStringLiteral("age")).toInteger(), 42);
    const QByteArray compact = QJsonDocument(json).toJson(QJsonDocument::Compact);
    QVERIFY(!compact.contains('\n'));
    const std::optional<VerificationResult> back
        = VerificationResult::fromJson(QJsonDocument::fromJson(compact).object());
    QVERIFY(back);
    QCOMPARE(*back, invalid);

    VerificationResult valid;
    valid.valid = true;
    valid.scheme = QStringLiteral("github");
    QCOMPARE(VerificationResult::fromJson(valid.toJson()), std::optional<VerificationResult>(valid));
    QCOMPARE(QJsonDocument(valid.toJson()).toJson(QJsonDocument::Compact),
        QByteArray(R"({"scheme":"github","valid":true})"));

    QVERIFY(!VerificationResult::fromJson(QJsonObject {}));
    QVERIFY(!VerificationResult::fromJson(
        QJsonObject { { QStringLiteral("valid"), false }, { QStringLiteral("reason"), QStringLiteral("bogus") } }));
}

void TstSignatures::resultTexts()
{
    const QByteArray body = R"({"a":1})";
    const VerificationResult result = SignatureVerifier::verify(
        signedRequest(signing(SchemeId::Slack, "sl", body), body + '\n', "application/json"),
        options(SchemeId::Slack, "sl", 1700000005));
    QCOMPARE(result.summary(),
        QStringLiteral(
            "invalid (slack): signature mismatch: a trailing newline was added to the body after it was signed"));
    const QString text = result.explanation();
    QVERIFY2(text.contains(QStringLiteral("Signed string (22 bytes): v0:1700000000:{\"a\":1}\\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Timestamp: 1700000000 (5 s ago; tolerance 300 s)")));
    QVERIFY(text.contains(QStringLiteral("Expected: ") + result.expected));
    QVERIFY(text.contains(QStringLiteral("Received: ") + result.received.first()));
    QVERIFY(text.contains(QStringLiteral("What to do: ")));

    VerificationResult future;
    future.scheme = QStringLiteral("stripe");
    future.reason = Reason::TimestampOutsideTolerance;
    future.timestamp = 2000;
    future.age = -700;
    future.tolerance = 300;
    QCOMPARE(
        future.summary(), QStringLiteral("invalid (stripe): timestamp outside the tolerance by 400 s (in the future)"));
}

void TstSignatures::hmacParameters()
{
    QString error;
    const std::optional<HmacParameters> p = HmacParameters::parse(
        QStringLiteral(
            "algorithm=sha512;encoding=base64;header=X-Acme-Signature;prefix=v1\\;sig=;template={timestamp}.{body};"
            "timestamp-header=X-Acme-Timestamp;secret=base64"),
        &error);
    QVERIFY2(p, qPrintable(error));
    QCOMPARE(p->algorithm, HmacParameters::Algorithm::Sha512);
    QCOMPARE(p->encoding, HmacParameters::Encoding::Base64);
    QCOMPARE(p->prefix, QByteArray("v1;sig="));
    QCOMPARE(p->secretEncoding, HmacParameters::SecretEncoding::Base64);
    QCOMPARE(HmacParameters::parse(p->toCompact(), &error), p);
    QCOMPARE(HmacParameters::fromJson(p->toJson(), &error), p);
    QCOMPARE(HmacParameters::parse(QString(), &error), std::optional<HmacParameters>(HmacParameters {}));

    // The described scheme signs and verifies, and what it signs is what the template says.
    SchemeSpec s;
    s.id = SchemeId::Hmac;
    s.hmac = *p;
    SignOptions o = signing(SchemeId::Hmac, "whsec_" + QByteArray("key-bytes").toBase64(), "{}", 1700000000);
    o.scheme = s;
    const SignOutput out = SignatureSigner::sign(o);
    QVERIFY2(out.ok, qPrintable(out.error));
    QCOMPARE(headers::first(out.headers, "X-Acme-Timestamp"), QByteArray("1700000000"));
    QCOMPARE(headers::first(out.headers, "X-Acme-Signature"),
        "v1;sig=" + hmacBytes(QCryptographicHash::Sha512, "key-bytes", "1700000000.{}").toBase64());
    VerifyOptions v = options(SchemeId::Hmac, o.secrets.current, 1700000000);
    v.scheme = s;
    const VerificationResult result = SignatureVerifier::verify(request(out.headers, "{}"), v);
    QVERIFY2(result.valid, qPrintable(result.explanation()));
    QCOMPARE(result.signedPreview, QStringLiteral("1700000000.{}"));

    // {url} {method} {target} {id}
    s.hmac = *HmacParameters::parse(
        QStringLiteral("template={method} {target} {url} {id}:{body};id-header=X-Id;header=X-Sig"), &error);
    o.scheme = s;
    o.url = "https://hooks.example.com/in?x=1";
    o.id = "evt_9";
    const SignOutput withUrl = SignatureSigner::sign(o);
    QVERIFY2(withUrl.ok, qPrintable(withUrl.error));
    v.scheme = s;
    v.url = o.url;
    const VerificationResult urlResult = SignatureVerifier::verify(request(withUrl.headers, "{}", "/in?x=1"), v);
    QVERIFY2(urlResult.valid, qPrintable(urlResult.explanation()));
    QCOMPARE(urlResult.signedPreview, QStringLiteral("POST /in?x=1 https://hooks.example.com/in?x=1 evt_9:{}"));
}

void TstSignatures::hmacParameterErrors_data()
{
    QTest::addColumn<QString>("compact");
    QTest::addColumn<QString>("error");
    QTest::addRow("algorithm") << QStringLiteral("algorithm=md5") << QStringLiteral("sha1, sha256 or sha512");
    QTest::addRow("encoding") << QStringLiteral("encoding=base32") << QStringLiteral("hex or base64");
    QTest::addRow("unknown key") << QStringLiteral("colour=blue") << QStringLiteral("unknown hmac parameter 'colour'");
    QTest::addRow("no value") << QStringLiteral("header") << QStringLiteral("key=value");
    QTest::addRow("placeholder") << QStringLiteral("template={nonce}.{body}") << QStringLiteral("{nonce}");
    QTest::addRow("timestamp without header")
        << QStringLiteral("template={timestamp}.{body}") << QStringLiteral("timestamp-header");
    QTest::addRow("bad header name") << QStringLiteral("header=X Sig") << QStringLiteral("not a valid header name");
}

void TstSignatures::hmacParameterErrors()
{
    QFETCH(QString, compact);
    QFETCH(QString, error);
    QString problem;
    QVERIFY(!HmacParameters::parse(compact, &problem));
    QVERIFY2(problem.contains(error), qPrintable(problem));
}

void TstSignatures::schemeSpecJson()
{
    QString error;
    for (const SchemeInfo& info : schemes::all()) {
        const std::optional<SchemeSpec> s = SchemeSpec::parse(info.name, &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(SchemeSpec::fromJson(s->toJson(), &error), s);
        QVERIFY(!info.description.isEmpty());
    }
    const std::optional<SchemeSpec> hmac
        = SchemeSpec::parse(QStringLiteral("hmac:algorithm=sha1;encoding=base64"), &error);
    QVERIFY2(hmac, qPrintable(error));
    QCOMPARE(hmac->hmac.algorithm, HmacParameters::Algorithm::Sha1);
    QCOMPARE(SchemeSpec::parse(hmac->toText(), &error), hmac);
    QCOMPARE(QJsonDocument(hmac->toJson()).toJson(QJsonDocument::Compact),
        QByteArray(
            R"({"hmac":{"algorithm":"sha1","encoding":"base64","header":"X-Signature","secret":"raw","template":"{body}"},"scheme":"hmac"})"));
    QCOMPARE(SchemeSpec::fromJson(hmac->toJson(), &error), hmac);
    QVERIFY(!SchemeSpec::parse(QStringLiteral("stripe:algorithm=sha1"), &error));
    QVERIFY(!SchemeSpec::fromJson(QJsonObject { { QStringLiteral("scheme"), QStringLiteral("nope") } }, &error));
    QVERIFY(error.contains(QStringLiteral("unknown scheme 'nope'")));
}

void TstSignatures::jsonReformat()
{
    const QByteArray json = "{ \"b\" : [1, {\"c\":\"x, y: {z}\\\"\"}], \"a\":{},\"e\":[] }";
    QCOMPARE(*jsonreformat::reformat(json, jsonreformat::Style::Compact),
        QByteArray(R"({"b":[1,{"c":"x, y: {z}\""}],"a":{},"e":[]})"));
    QCOMPARE(*jsonreformat::reformat(json, jsonreformat::Style::Spaced),
        QByteArray(R"({"b": [1, {"c": "x, y: {z}\""}], "a": {}, "e": []})"));
    // What JSON.stringify(value, null, 2) writes: empty containers stay "{}" and "[]".
    QCOMPARE(*jsonreformat::reformat(json, jsonreformat::Style::Indent2),
        QByteArray(
            "{\n  \"b\": [\n    1,\n    {\n      \"c\": \"x, y: {z}\\\"\"\n    }\n  ],\n  \"a\": {},\n  \"e\": []\n}"));
    QVERIFY(!jsonreformat::reformat("{\"a\":", jsonreformat::Style::Compact));
    QVERIFY(jsonreformat::variants("not json").isEmpty());
    // Spaced, indent 2, indent 4, and Qt's indented form (4 spaces and a final newline); the others are the same bytes.
    QCOMPARE(jsonreformat::variants(R"({"a":1})").size(), 4);
}

void TstSignatures::previewEscapes()
{
    QCOMPARE(VerificationResult::preview("a\r\nb\tc\x01"), QStringLiteral("a\\r\\nb\\tc\\x01"));
    QCOMPARE(VerificationResult::preview("caf\xc3\xa9"), QStringLiteral("café"));
    QCOMPARE(VerificationResult::preview("bad \xff byte"), QStringLiteral("bad \\xff byte"));
    const QString longText = VerificationResult::preview(QByteArray(QByteArray(1000, 'x') + "END"), 240);
    QVERIFY(longText.endsWith(QLatin1String("END")));
    QVERIFY(longText.contains(QStringLiteral("[… 763 more characters …]")));
}

void TstSignatures::signerErrors()
{
    SignOptions o = signing(SchemeId::Twilio, "token", "{}", 0, {});
    SignOutput out = SignatureSigner::sign(o);
    QVERIFY(!out.ok);
    QVERIFY(out.error.contains(QStringLiteral("URL")));
    o = signing(SchemeId::StandardEd25519, "whpk_" + QByteArray(32, 'a').toBase64(), "{}");
    out = SignatureSigner::sign(o);
    QVERIFY(!out.ok);
    QVERIFY2(out.error.contains(QStringLiteral("whsk_")), qPrintable(out.error));
    o = signing(SchemeId::SendGrid, kSendGridPublic, "{}");
    QVERIFY(!SignatureSigner::sign(o).ok);
    o = signing(SchemeId::GitHub, "", "{}");
    QVERIFY(SignatureSigner::sign(o).error.contains(QStringLiteral("secret")));
    const QByteArray id = SignatureSigner::newMessageId();
    QCOMPARE(id.size(), 31);
    QVERIFY(id.startsWith("msg_"));
}

QTEST_GUILESS_MAIN(TstSignatures)
#include "tst_signatures.moc"
