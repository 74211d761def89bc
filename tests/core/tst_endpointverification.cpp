// SPDX-License-Identifier: MIT
// The receiver checks signatures on arrival: a request under an endpoint's path prefix is stored with that
// endpoint's name and the verdict, over the exact bytes that came off the socket.
#include "core/endpoints/endpointverifier.h"
#include "core/signatures/verificationresult.h"
#include "tests/support/rawhttpclient.h"
#include "tests/support/receiverharness.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using hookscope::CaptureSignature;
using hookscope::EndpointVerifier;

namespace {

// GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
const QByteArray kGitHubSecret = "It's a Secret to Everybody";
const QByteArray kGitHubBody = "Hello, World!";
const QByteArray kGitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

EndpointVerifier::Entry entry(const QString& name, const QString& prefix, const QString& scheme, QByteArray secret)
{
    hookscope::Endpoint endpoint;
    endpoint.name = name;
    endpoint.pathPrefix = prefix;
    endpoint.scheme = scheme;
    QString error;
    return { endpoint, EndpointVerifier::schemeSpecFor(endpoint, &error), { std::move(secret), {} } };
}

QByteArray post(const QByteArray& target, const QByteArray& body, const QByteArray& signature)
{
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nX-Hub-Signature-256: "
        + signature + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TstEndpointVerification final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void verdictIsStoredWithTheCapture_data();
    void verdictIsStoredWithTheCapture();
    void reverifyReplacesTheVerdict();
    void schemeSpecFromEndpoint();

private:
    EndpointVerifier m_verifier;
};

void TstEndpointVerification::init()
{
    m_verifier.setEntries({
        entry(u"github"_s, u"/github"_s, u"github"_s, kGitHubSecret),
        entry(u"github-enterprise"_s, u"/github/enterprise"_s, u"github"_s, "another secret"),
        entry(u"no-secret"_s, u"/nosecret"_s, u"github"_s, {}),
        entry(u"unsigned"_s, u"/plain"_s, QString(), {}),
    });
}

void TstEndpointVerification::verdictIsStoredWithTheCapture_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("reason");

    const int valid = int(CaptureSignature::State::Valid);
    const int invalid = int(CaptureSignature::State::Invalid);
    const int unchecked = int(CaptureSignature::State::NotChecked);
    QTest::newRow("valid") << post("/github", kGitHubBody, kGitHubSignature) << u"github"_s << valid << u""_s;
    QTest::newRow("valid under the prefix, with a query")
        << post("/github/push?delivery=1", kGitHubBody, kGitHubSignature) << u"github"_s << valid << u""_s;
    QTest::newRow("one byte changed") << post("/github", "Hello, World?", kGitHubSignature) << u"github"_s << invalid
                                      << u"mismatch"_s;
    QTest::newRow("longest prefix wins") << post("/github/enterprise/x", kGitHubBody, kGitHubSignature)
                                         << u"github-enterprise"_s << invalid << u"mismatch"_s;
    QTest::newRow("no secret: not checked, never invalid")
        << post("/nosecret", kGitHubBody, kGitHubSignature) << u"no-secret"_s << unchecked << u""_s;
    QTest::newRow("endpoint without a scheme")
        << post("/plain/x", kGitHubBody, kGitHubSignature) << u"unsigned"_s << unchecked << u""_s;
    QTest::newRow("no endpoint claims it")
        << post("/githubber", kGitHubBody, kGitHubSignature) << u""_s << unchecked << u""_s;
}

void TstEndpointVerification::verdictIsStoredWithTheCapture()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, endpoint);
    QFETCH(int, state);
    QFETCH(QString, reason);

    hookscope::test::ReceiverHarness harness({}, {}, [this](hookscope::CapturedRequest& c) { m_verifier.stamp(c); });
    QVERIFY2(harness.ok(), qPrintable(harness.error()));
    hookscope::test::RawHttpClient client(harness.port());
    client.send(request);
    const auto responses = client.read(1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);

    const auto stored = harness.newest();
    QVERIFY(stored);
    QCOMPARE(stored->signature.endpoint, endpoint);
    QCOMPARE(int(stored->signature.state), state);
    const QList<hookscope::CaptureSummary> listed = harness.captures();
    QCOMPARE(int(listed.first().signatureState), state);
    QCOMPARE(listed.first().endpoint, endpoint);
    if (state == int(CaptureSignature::State::NotChecked)) {
        QCOMPARE(stored->signature.detail, QString());
        return;
    }
    QCOMPARE(stored->signature.scheme, u"github"_s);
    const auto result
        = hookscope::VerificationResult::fromJson(QJsonDocument::fromJson(stored->signature.detail.toUtf8()).object());
    QVERIFY(result);
    QCOMPARE(result->valid, state == int(CaptureSignature::State::Valid));
    if (!reason.isEmpty())
        QCOMPARE(hookscope::VerificationResult::reasonName(result->reason), reason);
    // The secret never reaches the stored verdict.
    QVERIFY(!stored->signature.detail.contains(QString::fromLatin1(kGitHubSecret)));
}

void TstEndpointVerification::reverifyReplacesTheVerdict()
{
    hookscope::test::ReceiverHarness harness({}, {}, [this](hookscope::CapturedRequest& c) { m_verifier.stamp(c); });
    QVERIFY(harness.ok());
    hookscope::test::RawHttpClient client(harness.port());
    client.send(post("/github/enterprise", kGitHubBody, kGitHubSignature));
    QCOMPARE(client.read(1).size(), 1);
    auto stored = harness.newest();
    QCOMPARE(stored->signature.state, CaptureSignature::State::Invalid);

    // The user fixes the enterprise endpoint's secret and re-verifies the stored capture.
    const EndpointVerifier::Entry fixed
        = entry(u"github-enterprise"_s, u"/github/enterprise"_s, u"github"_s, kGitHubSecret);
    harness.store().setSignature(stored->id, EndpointVerifier::check(*stored, fixed));
    stored = harness.capture(stored->id);
    QCOMPARE(stored->signature.state, CaptureSignature::State::Valid);
    QCOMPARE(stored->signature.endpoint, u"github-enterprise"_s);
}

void TstEndpointVerification::schemeSpecFromEndpoint()
{
    hookscope::Endpoint e;
    e.name = u"inhouse"_s;
    e.scheme = u"hmac"_s;
    e.schemeParameters = { { u"algorithm"_s, u"sha512"_s }, { u"encoding"_s, u"base64"_s }, { u"header"_s, u"X-Sig"_s },
        { u"url"_s, u"https://public.example/hook"_s }, { u"tolerance"_s, u"60"_s } };
    QString error;
    const auto spec = EndpointVerifier::schemeSpecFor(e, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id, hookscope::SchemeId::Hmac);
    QCOMPARE(spec->hmac.algorithm, hookscope::HmacParameters::Algorithm::Sha512);
    QCOMPARE(spec->hmac.header, QByteArray("X-Sig"));
    const EndpointVerifier::Entry withOptions { e, spec, {} };
    QCOMPARE(withOptions.options().url, QByteArray("https://public.example/hook"));
    QCOMPARE(withOptions.options().toleranceSeconds, 60);
    QVERIFY(e.validate(&error));

    e.schemeParameters.insert(u"algorithm"_s, u"md5"_s);
    QVERIFY(!EndpointVerifier::schemeSpecFor(e, &error));
    QVERIFY2(error.contains(u"md5"_s), qPrintable(error));
    QVERIFY(!e.validate(&error));
}

QTEST_GUILESS_MAIN(TstEndpointVerification)
#include "tst_endpointverification.moc"
