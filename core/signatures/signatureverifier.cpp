// SPDX-License-Identifier: MIT
#include "core/signatures/signatureverifier.h"

#include "core/signatures/constanttime.h"
#include "core/signatures/jsonreformat.h"
#include "core/signatures/schemerules.h"
#include "core/signatures/signaturecrypto.h"
#include "core/signatures/signedurl.h"

#include <QCryptographicHash>
#include <QDateTime>

#include <functional>

namespace hookscope {

namespace {
    using Reason = VerificationResult::Reason;
    using Cause = VerificationResult::Cause;
    using schemerules::SignedContext;

    // A body the sender may have signed instead of the one that arrived.
    struct BodyVariant {
        QByteArray body;
        Cause cause;
        QString words;
    };

    QList<BodyVariant> bodyVariants(const QByteArray& body)
    {
        // Newlines first: a JSON body with an extra newline is also "re-serialized", but less precisely so.
        QList<BodyVariant> out;
        if (body.endsWith("\r\n")) {
            out.append({ body.chopped(2), Cause::TrailingNewlineAdded,
                QStringLiteral("the signature matches the body without its final CRLF") });
        } else if (body.endsWith('\n')) {
            out.append({ body.chopped(1), Cause::TrailingNewlineAdded,
                QStringLiteral("the signature matches the body without its final newline") });
        }
        out.append({ body + '\n', Cause::TrailingNewlineRemoved,
            QStringLiteral("the signature matches the body with a newline at the end") });
        out.append({ body + "\r\n", Cause::TrailingNewlineRemoved,
            QStringLiteral("the signature matches the body with a CRLF at the end") });
        for (jsonreformat::Variant& variant : jsonreformat::variants(body)) {
            out.append({ std::move(variant.bytes), Cause::BodyReserialized,
                QStringLiteral("the signature matches the same JSON written %1")
                    .arg(QString::fromLatin1(variant.name)) });
        }
        return out;
    }

    // One verification: the request's parts for one scheme, and the checks the diagnosis repeats with variations.
    class Check {
    public:
        Check(SchemeSpec spec, const schemerules::HeaderParts& parts, SignedContext context)
            : m_spec(std::move(spec))
            , m_context(std::move(context))
            , m_received(parts.signatures)
        {
        }

        const SignedContext& context() const { return m_context; }

        // Whether `key` signs `context`, its signature written base64 or hex as `flip` says.
        bool hmacMatches(const QByteArray& key, const SignedContext& context, bool flip = false) const
        {
            QList<QByteArray> urls { context.url };
            if (m_spec.id == SchemeId::Twilio) {
                // Twilio's own validators accept the URL with and without the default port.
                urls = { context.url, signedurl::withoutPort(context.url), signedurl::withDefaultPort(context.url) };
            }
            bool signatureOk = false;
            for (const QByteArray& url : urls) {
                SignedContext c = context;
                c.url = url;
                const QByteArray mac
                    = signaturecrypto::hmac(schemerules::algorithm(m_spec), key, schemerules::message(m_spec, c));
                const bool base64 = schemerules::base64Signature(m_spec) != flip;
                signatureOk = signatureOk || anyReceived(schemerules::encode(mac, base64), !base64);
            }
            return signatureOk && bodyHashOk(context);
        }

        bool asymmetricMatches(const QByteArray& keyText, const SignedContext& context, QString* error) const
        {
            const QByteArray message = schemerules::message(m_spec, context);
            if (m_spec.id == SchemeId::StandardEd25519) {
                const std::optional<QByteArray> publicKey = schemerules::ed25519PublicKey(keyText, error);
                if (!publicKey)
                    return false;
                return std::any_of(m_received.begin(), m_received.end(), [&](const QByteArray& signature) {
                    return signaturecrypto::ed25519Verify(*publicKey, message, QByteArray::fromBase64(signature));
                });
            }
            bool any = false;
            for (const QByteArray& signature : m_received) {
                const std::optional<bool> ok
                    = signaturecrypto::ecdsaP256Verify(keyText, message, QByteArray::fromBase64(signature), error);
                if (!ok)
                    return false;
                any = any || *ok;
            }
            return any;
        }

    private:
        bool anyReceived(const QByteArray& expected, bool hex) const
        {
            bool any = false;
            for (const QByteArray& signature : m_received) {
                // Every comparison runs in full: the result must not depend on which one matched first.
                any = constantTimeEquals(hex ? signature.toLower() : signature, expected) || any;
            }
            return any;
        }

        bool bodyHashOk(const SignedContext& context) const
        {
            if (m_spec.id != SchemeId::Twilio || !schemerules::twilioBodyHashVariant(context))
                return true;
            const QByteArray hash = QCryptographicHash::hash(context.body, QCryptographicHash::Sha256).toHex();
            return constantTimeEquals(hash, signedurl::queryValue(context.url, "bodySHA256").toLower());
        }

        SchemeSpec m_spec;
        SignedContext m_context;
        QList<QByteArray> m_received;
    };

    SignedContext contextFor(
        const CapturedRequest& request, const schemerules::HeaderParts& parts, const VerifyOptions& options)
    {
        SignedContext c;
        c.body = request.body;
        c.timestamp = parts.timestamp;
        c.id = parts.id;
        c.url = options.url.isEmpty() ? signedurl::reconstruct(request)
                                      : signedurl::withQueryOf(options.url, request.target);
        c.method = request.method;
        c.target = request.target;
        c.contentType = headers::first(request.headers, "Content-Type");
        return c;
    }

    void fail(VerificationResult& result, Reason reason, Cause cause, const QString& detail)
    {
        result.valid = false;
        result.reason = reason;
        result.cause = cause;
        result.detail = detail;
    }

    // Tries each way the sender's signature may have come about; the first that matches names the cause.
    using Matcher = std::function<bool(const QByteArray& secretOrKey, const SignedContext&)>;
    bool diagnoseVariations(VerificationResult& result, const Check& check, const QByteArray& key,
        const Matcher& matches, const SchemeSpec& spec)
    {
        for (const BodyVariant& variant : bodyVariants(check.context().body)) {
            SignedContext c = check.context();
            c.body = variant.body;
            if (matches(key, c)) {
                fail(result, Reason::Mismatch, variant.cause, variant.words);
                return true;
            }
        }
        if (schemerules::usesUrl(spec)) {
            for (const signedurl::Variant& variant : signedurl::variants(check.context().url)) {
                SignedContext c = check.context();
                c.url = variant.url;
                if (matches(key, c)) {
                    fail(result, Reason::Mismatch, Cause::UrlDiffers,
                        QStringLiteral("the signature matches %1 (%2)")
                            .arg(QString::fromUtf8(variant.url), variant.difference));
                    return true;
                }
            }
        }
        return false;
    }

    void diagnoseHmac(VerificationResult& result, const Check& check, const SchemeSpec& spec, const SecretSet& secrets,
        const QByteArray& key)
    {
        const schemerules::KeyForm form = schemerules::keyForm(spec);
        const SignedContext& c = check.context();
        if (!secrets.previous.isEmpty()) {
            const std::optional<QByteArray> previous = schemerules::key(secrets.previous, form);
            if (previous && check.hmacMatches(*previous, c)) {
                fail(result, Reason::Mismatch, Cause::PreviousSecret,
                    QStringLiteral("the signature was made with the previous secret"));
                return;
            }
        }
        if (form == schemerules::KeyForm::Text) {
            const std::optional<QByteArray> decoded = schemerules::key(secrets.current, schemerules::KeyForm::Base64);
            if (decoded && check.hmacMatches(*decoded, c)) {
                fail(result, Reason::Mismatch, Cause::SecretDecoded,
                    QStringLiteral("the signature matches the base64-decoded secret as the key"));
                return;
            }
        } else {
            for (const QByteArray& raw : { secrets.current, secrets.current.mid(secrets.current.indexOf('_') + 1) }) {
                if (check.hmacMatches(raw, c)) {
                    fail(result, Reason::Mismatch, Cause::SecretNotDecoded,
                        QStringLiteral("the signature matches the secret's text used as the key"));
                    return;
                }
            }
        }
        if (check.hmacMatches(key, c, true)) {
            const bool base64 = schemerules::base64Signature(spec);
            fail(result, Reason::Mismatch, base64 ? Cause::HexInsteadOfBase64 : Cause::Base64InsteadOfHex,
                base64 ? QStringLiteral("the received signature is the right HMAC written in hex")
                       : QStringLiteral("the received signature is the right HMAC written in base64"));
            return;
        }
        const Matcher matches
            = [&check](const QByteArray& k, const SignedContext& variant) { return check.hmacMatches(k, variant); };
        if (!diagnoseVariations(result, check, key, matches, spec)) {
            fail(result, Reason::Mismatch, Cause::WrongSecret,
                QStringLiteral("no variation of the secret, encoding, body or URL matches"));
        }
    }

    void verifyHmac(VerificationResult& result, const Check& check, const SchemeSpec& spec, const SecretSet& secrets)
    {
        const std::optional<QByteArray> key = schemerules::key(secrets.current, schemerules::keyForm(spec));
        if (!key) {
            fail(result, Reason::InvalidSecret, Cause::None,
                QStringLiteral("the secret should be %1 after its prefix")
                    .arg(schemerules::keyForm(spec) == schemerules::KeyForm::Hex ? QStringLiteral("hex")
                                                                                 : QStringLiteral("base64")));
            return;
        }
        const QByteArray message = schemerules::message(spec, check.context());
        result.expected = QString::fromUtf8(schemerules::encode(
            signaturecrypto::hmac(schemerules::algorithm(spec), *key, message), schemerules::base64Signature(spec)));
        if (check.hmacMatches(*key, check.context())) {
            result.valid = true;
            return;
        }
        if (spec.id == SchemeId::Twilio && schemerules::twilioBodyHashVariant(check.context())) {
            const QByteArray hash = QCryptographicHash::hash(check.context().body, QCryptographicHash::Sha256).toHex();
            result.detail = QStringLiteral("body SHA-256 %1").arg(QString::fromLatin1(hash));
        }
        diagnoseHmac(result, check, spec, secrets, *key);
    }

    void verifyAsymmetric(
        VerificationResult& result, const Check& check, const SchemeSpec& spec, const SecretSet& secrets)
    {
        QString error;
        const bool ok = check.asymmetricMatches(secrets.current, check.context(), &error);
        if (!error.isEmpty()) {
            fail(result, Reason::InvalidSecret, Cause::None, error);
            return;
        }
        if (spec.id == SchemeId::StandardEd25519 && secrets.current.trimmed().startsWith("whsk_")) {
            // Ed25519 is deterministic: with the secret key the expected signature can be shown.
            const std::optional<QByteArray> seed = schemerules::ed25519Seed(secrets.current, &error);
            const std::optional<QByteArray> signature = seed
                ? signaturecrypto::ed25519Sign(*seed, schemerules::message(spec, check.context()))
                : std::nullopt;
            if (signature)
                result.expected = QString::fromLatin1(signature->toBase64());
        }
        if (ok) {
            result.valid = true;
            return;
        }
        QString ignored;
        if (!secrets.previous.isEmpty() && check.asymmetricMatches(secrets.previous, check.context(), &ignored)) {
            fail(result, Reason::Mismatch, Cause::PreviousSecret,
                QStringLiteral("the signature verifies with the previous key"));
            return;
        }
        const Matcher matches = [&check](const QByteArray& keyText, const SignedContext& variant) {
            QString unused;
            return check.asymmetricMatches(keyText, variant, &unused);
        };
        if (!diagnoseVariations(result, check, secrets.current, matches, spec)) {
            fail(result, Reason::Mismatch, Cause::WrongSecret,
                QStringLiteral("no signature verifies with this public key, for any variation of the body"));
        }
    }
} // namespace

VerificationResult SignatureVerifier::verify(const CapturedRequest& request, const VerifyOptions& options)
{
    VerificationResult result;
    SchemeSpec spec;
    if (options.scheme) {
        spec = *options.scheme;
    } else if (const std::optional<SchemeId> detected = schemes::detect(request.headers)) {
        spec.id = *detected;
    } else {
        fail(result, Reason::NoSignatureHeader, Cause::None,
            QStringLiteral("no header of a known signature scheme; choose one with --scheme"));
        return result;
    }
    result.scheme = spec.name();
    const schemerules::HeaderParts parts = schemerules::read(spec, request.headers);
    for (const QByteArray& signature : parts.signatures)
        result.received.append(QString::fromUtf8(signature));
    if (parts.failure != Reason::None) {
        fail(result, parts.failure, Cause::None, parts.problem);
        return result;
    }
    if (options.secrets.current.isEmpty()) {
        fail(result, Reason::MissingSecret, Cause::None, QStringLiteral("verifying needs the endpoint's secret"));
        return result;
    }
    const Check check(spec, parts, contextFor(request, parts, options));
    if (schemerules::hasTimestamp(spec)) {
        const qint64 now = options.nowUnix.value_or(QDateTime::currentSecsSinceEpoch());
        result.timestamp = parts.timestamp.toLongLong();
        result.age = now - *result.timestamp;
        result.tolerance = options.toleranceSeconds;
    }
    if (schemerules::usesUrl(spec))
        result.url = QString::fromUtf8(check.context().url);
    const QByteArray message = schemerules::message(spec, check.context());
    result.signedLength = message.size();
    result.signedPreview = VerificationResult::preview(message);

    if (schemerules::isAsymmetric(spec.id)) {
        verifyAsymmetric(result, check, spec, options.secrets);
    } else {
        verifyHmac(result, check, spec, options.secrets);
    }

    if (result.valid && result.timestamp && options.toleranceSeconds > 0 && result.outsideToleranceBy() > 0) {
        fail(result, Reason::TimestampOutsideTolerance, Cause::None,
            result.age > 0
                ? QStringLiteral("the signature is right, but it was made %1 s ago").arg(result.age)
                : QStringLiteral("the signature is right, but its timestamp is %1 s in the future").arg(-result.age));
    }
    return result;
}

VerificationResult SignatureVerifier::verify(
    const CapturedRequest& request, const QString& scheme, VerifyOptions options)
{
    if (scheme.isEmpty() || scheme == QLatin1String("auto")) {
        options.scheme.reset();
        return verify(request, options);
    }
    QString error;
    const std::optional<SchemeSpec> spec = SchemeSpec::parse(scheme, &error);
    if (!spec) {
        VerificationResult result;
        result.reason = Reason::UnknownScheme;
        result.detail = error;
        return result;
    }
    options.scheme = spec;
    return verify(request, options);
}

} // namespace hookscope
