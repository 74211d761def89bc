// SPDX-License-Identifier: MIT
#include "core/signatures/signaturesigner.h"

#include "core/signatures/schemerules.h"
#include "core/signatures/signaturecrypto.h"
#include "core/signatures/signedurl.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace hookscope {

namespace {
    SignOutput failed(const QString& error)
    {
        SignOutput out;
        out.error = error;
        return out;
    }

    // Twilio signs form fields; any other body goes the bodySHA256 way.
    bool twilioForm(const SignOptions& options)
    {
        if (!options.contentType.isEmpty())
            return schemerules::isFormContentType(options.contentType);
        if (options.body.isEmpty())
            return true;
        QJsonParseError error {};
        QJsonDocument::fromJson(options.body, &error);
        return error.error != QJsonParseError::NoError;
    }

    bool allowsSeveral(SchemeId id)
    {
        switch (id) {
        case SchemeId::Stripe:
        case SchemeId::Standard:
        case SchemeId::StandardEd25519:
        case SchemeId::Svix:
        case SchemeId::Paddle: return true;
        default: return false;
        }
    }

    std::optional<QByteArray> signOne(
        const SchemeSpec& spec, const QByteArray& secret, const QByteArray& message, QString* error)
    {
        if (spec.id == SchemeId::StandardEd25519) {
            const std::optional<QByteArray> seed = schemerules::ed25519Seed(secret, error);
            const std::optional<QByteArray> signature
                = seed ? signaturecrypto::ed25519Sign(*seed, message) : std::nullopt;
            return signature ? std::optional<QByteArray>(signature->toBase64()) : std::nullopt;
        }
        if (spec.id == SchemeId::SendGrid) {
            const std::optional<QByteArray> signature = signaturecrypto::ecdsaP256Sign(secret, message, error);
            return signature ? std::optional<QByteArray>(signature->toBase64()) : std::nullopt;
        }
        const std::optional<QByteArray> key = schemerules::key(secret, schemerules::keyForm(spec));
        if (!key) {
            *error = QStringLiteral("the secret is not valid %1 after its prefix")
                         .arg(schemerules::keyForm(spec) == schemerules::KeyForm::Hex ? QStringLiteral("hex")
                                                                                      : QStringLiteral("base64"));
            return std::nullopt;
        }
        return schemerules::hmacSignature(spec, *key, message);
    }
} // namespace

QByteArray SignatureSigner::newMessageId()
{
    static constexpr QByteArrayView alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray id = QByteArrayLiteral("msg_");
    for (int i = 0; i < 27; ++i)
        id += alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
    return id;
}

SignOutput SignatureSigner::sign(const SignOptions& options)
{
    const SchemeSpec& spec = options.scheme;
    if (spec.id == SchemeId::Hmac) {
        if (const QString problem = spec.hmac.problem(); !problem.isEmpty())
            return failed(problem);
    }
    if (options.secrets.current.isEmpty())
        return failed(QStringLiteral("signing needs a secret"));
    if (schemerules::usesUrl(spec) && options.url.isEmpty()) {
        return failed(
            QStringLiteral("the %1 scheme signs the URL: give the URL the request is sent to").arg(spec.name()));
    }

    schemerules::SignedContext context;
    context.body = options.body;
    context.timestamp = QByteArray::number(options.timestamp);
    context.id = options.id.isEmpty() && schemerules::hasId(spec) ? newMessageId() : options.id;
    context.url = options.url;
    context.method = options.method;
    context.target = signedurl::target(options.url);
    context.contentType = options.contentType;
    if (spec.id == SchemeId::Twilio) {
        if (twilioForm(options)) {
            context.contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
        } else {
            const QByteArray hash = QCryptographicHash::hash(options.body, QCryptographicHash::Sha256).toHex();
            context.url = signedurl::withQueryParameter(options.url, "bodySHA256", hash);
        }
    }

    const QByteArray message = schemerules::message(spec, context);
    QList<QByteArray> signatures;
    QList<QByteArray> secrets { options.secrets.current };
    if (!options.secrets.previous.isEmpty() && allowsSeveral(spec.id))
        secrets.append(options.secrets.previous);
    for (const QByteArray& secret : secrets) {
        QString error;
        const std::optional<QByteArray> signature = signOne(spec, secret, message, &error);
        if (!signature)
            return failed(secret == options.secrets.current ? error : QStringLiteral("previous secret: ") + error);
        signatures.append(*signature);
    }
    SignOutput out;
    out.ok = true;
    out.headers = schemerules::signatureHeaders(spec, signatures, context);
    out.url = context.url;
    return out;
}

} // namespace hookscope
