// SPDX-License-Identifier: MIT
#include "core/signatures/schemerules.h"

#include "core/signatures/signaturecrypto.h"
#include "core/signatures/signedurl.h"

#include <algorithm>
#include <cctype>

namespace hookscope::schemerules {

namespace {
    using Reason = VerificationResult::Reason;

    HeaderParts failed(Reason reason, const QString& problem)
    {
        HeaderParts parts;
        parts.failure = reason;
        parts.problem = problem;
        return parts;
    }

    QString text(QByteArrayView bytes)
    {
        return QString::fromUtf8(bytes);
    }

    HeaderParts missing(QByteArrayView header)
    {
        return failed(Reason::NoSignatureHeader, QStringLiteral("the request has no %1 header").arg(text(header)));
    }

    bool isUnsignedInteger(QByteArrayView value)
    {
        return !value.isEmpty() && value.size() <= 18
            && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    }

    // "sha256=<hex>" style: one header, one labelled value.
    HeaderParts readLabelled(const HeaderList& list, QByteArrayView header, QByteArrayView label)
    {
        const QByteArray value = headers::first(list, header);
        if (value.isNull())
            return missing(header);
        if (!value.startsWith(label) || value.size() == label.size()) {
            return failed(Reason::MalformedHeader,
                QStringLiteral("%1 should read '%2<signature>', not '%3'")
                    .arg(text(header), text(label), text(value.left(40))));
        }
        HeaderParts parts;
        parts.signatures.append(value.mid(label.size()).trimmed());
        return parts;
    }

    HeaderParts readPlain(const HeaderList& list, QByteArrayView header)
    {
        const QByteArray value = headers::first(list, header).trimmed();
        if (value.isNull())
            return missing(header);
        if (value.isEmpty())
            return failed(Reason::MalformedHeader, QStringLiteral("%1 is empty").arg(text(header)));
        HeaderParts parts;
        parts.signatures.append(value);
        return parts;
    }

    // A required companion header (timestamp, id); sets `parts.failure` when absent or not a number.
    void requireCompanion(
        HeaderParts& parts, const HeaderList& list, QByteArrayView header, bool numeric, QByteArray* out)
    {
        if (parts.failure != Reason::None)
            return;
        *out = headers::first(list, header).trimmed();
        if (out->isEmpty()) {
            parts = failed(Reason::MalformedHeader, QStringLiteral("the %1 header is missing").arg(text(header)));
        } else if (numeric && !isUnsignedInteger(*out)) {
            parts = failed(Reason::MalformedHeader,
                QStringLiteral("%1 should be Unix seconds, not '%2'").arg(text(header), text(out->left(40))));
        }
    }

    // Stripe "t=..,v1=..,v1=.." and Paddle "ts=..;h1=..".
    HeaderParts readKeyed(const HeaderList& list, QByteArrayView header, char separator, QByteArrayView timeKey,
        QByteArrayView signatureKey)
    {
        const QByteArray value = headers::first(list, header);
        if (value.isNull())
            return missing(header);
        HeaderParts parts;
        for (const QByteArray& item : value.split(separator)) {
            const qsizetype eq = item.indexOf('=');
            const QByteArray name = item.left(eq).trimmed();
            const QByteArray v = item.mid(eq + 1).trimmed();
            if (eq < 0)
                continue;
            if (name == timeKey) {
                parts.timestamp = v;
            } else if (name == signatureKey && !v.isEmpty()) {
                parts.signatures.append(v);
            }
        }
        if (!isUnsignedInteger(parts.timestamp)) {
            return failed(Reason::MalformedHeader,
                QStringLiteral("%1 has no %2=<unix seconds>").arg(text(header), text(timeKey)));
        }
        if (parts.signatures.isEmpty()) {
            return failed(Reason::MalformedHeader,
                QStringLiteral("%1 has no %2= signature").arg(text(header), text(signatureKey)));
        }
        return parts;
    }

    HeaderParts readStandard(const HeaderList& list, QByteArrayView prefix, QByteArrayView version)
    {
        const QByteArray header = prefix.toByteArray() + "signature";
        const QByteArray value = headers::first(list, header);
        if (value.isNull())
            return missing(header);
        HeaderParts parts;
        QList<QByteArray> otherVersions;
        for (const QByteArray& item : value.split(' ')) {
            const qsizetype comma = item.indexOf(',');
            if (comma <= 0)
                continue;
            if (item.left(comma) == version) {
                parts.signatures.append(item.mid(comma + 1));
            } else {
                otherVersions.append(item.left(comma));
            }
        }
        if (parts.signatures.isEmpty()) {
            QString problem = QStringLiteral("%1 has no %2,<signature> entry").arg(text(header), text(version));
            if (!otherVersions.isEmpty())
                problem += QStringLiteral(" (it has %1: another scheme?)").arg(text(otherVersions.join(", ")));
            return failed(Reason::MalformedHeader, problem);
        }
        requireCompanion(parts, list, QByteArray(prefix.toByteArray() + "id"), false, &parts.id);
        requireCompanion(parts, list, QByteArray(prefix.toByteArray() + "timestamp"), true, &parts.timestamp);
        return parts;
    }

    HeaderParts readHmac(const HmacParameters& params, const HeaderList& list)
    {
        const QByteArray value = headers::first(list, params.header);
        if (value.isNull())
            return missing(params.header);
        if (!value.startsWith(params.prefix) || value.size() == params.prefix.size()) {
            return failed(Reason::MalformedHeader,
                QStringLiteral("%1 should read '%2<signature>'").arg(text(params.header), text(params.prefix)));
        }
        HeaderParts parts;
        parts.signatures.append(value.mid(params.prefix.size()).trimmed());
        if (params.signedTemplate.contains("{timestamp}"))
            requireCompanion(parts, list, params.timestampHeader, true, &parts.timestamp);
        if (params.signedTemplate.contains("{id}"))
            requireCompanion(parts, list, params.idHeader, false, &parts.id);
        return parts;
    }

    QByteArray expandTemplate(const QByteArray& pattern, const SignedContext& c)
    {
        // One pass, so a body that happens to contain "{id}" is never expanded.
        QByteArray out;
        qsizetype pos = 0;
        while (pos < pattern.size()) {
            const qsizetype open = pattern.indexOf('{', pos);
            const qsizetype close = open < 0 ? -1 : pattern.indexOf('}', open);
            if (close < 0) {
                out += pattern.mid(pos);
                break;
            }
            out += pattern.mid(pos, open - pos);
            const QByteArray name = pattern.mid(open + 1, close - open - 1);
            if (name == "body") {
                out += c.body;
            } else if (name == "timestamp") {
                out += c.timestamp;
            } else if (name == "id") {
                out += c.id;
            } else if (name == "url") {
                out += c.url;
            } else if (name == "method") {
                out += c.method;
            } else if (name == "target") {
                out += c.target;
            } else {
                out += pattern.mid(open, close - open + 1);
            }
            pos = close + 1;
        }
        return out;
    }

    QByteArray twilioMessage(const SignedContext& c)
    {
        QByteArray out = c.url;
        if (twilioBodyHashVariant(c) || !isFormContentType(c.contentType))
            return out;
        // Names sorted; a repeated name contributes each distinct value once, sorted (as Twilio's libraries do).
        QList<QPair<QByteArray, QByteArray>> params = signedurl::formParameters(c.body);
        std::sort(params.begin(), params.end());
        params.erase(std::unique(params.begin(), params.end()), params.end());
        for (const auto& [name, value] : params)
            out += name + value;
        return out;
    }
} // namespace

HeaderParts read(const SchemeSpec& spec, const HeaderList& list)
{
    HeaderParts parts;
    switch (spec.id) {
    case SchemeId::GitHub: return readLabelled(list, "X-Hub-Signature-256", "sha256=");
    case SchemeId::GitHubSha1: return readLabelled(list, "X-Hub-Signature", "sha1=");
    case SchemeId::Stripe: return readKeyed(list, "Stripe-Signature", ',', "t", "v1");
    case SchemeId::Paddle: return readKeyed(list, "Paddle-Signature", ';', "ts", "h1");
    case SchemeId::Standard: return readStandard(list, "webhook-", "v1");
    case SchemeId::StandardEd25519: return readStandard(list, "webhook-", "v1a");
    case SchemeId::Svix: return readStandard(list, "svix-", "v1");
    case SchemeId::Shopify: return readPlain(list, "X-Shopify-Hmac-Sha256");
    case SchemeId::Twilio: return readPlain(list, "X-Twilio-Signature");
    case SchemeId::Square: return readPlain(list, "x-square-hmacsha256-signature");
    case SchemeId::Slack:
        parts = readLabelled(list, "X-Slack-Signature", "v0=");
        requireCompanion(parts, list, "X-Slack-Request-Timestamp", true, &parts.timestamp);
        return parts;
    case SchemeId::SendGrid:
        parts = readPlain(list, "X-Twilio-Email-Event-Webhook-Signature");
        requireCompanion(parts, list, "X-Twilio-Email-Event-Webhook-Timestamp", true, &parts.timestamp);
        return parts;
    case SchemeId::Hmac: return readHmac(spec.hmac, list);
    }
    return parts;
}

bool isAsymmetric(SchemeId id)
{
    return id == SchemeId::StandardEd25519 || id == SchemeId::SendGrid;
}

bool hasTimestamp(const SchemeSpec& spec)
{
    switch (spec.id) {
    case SchemeId::Stripe:
    case SchemeId::Standard:
    case SchemeId::StandardEd25519:
    case SchemeId::Svix:
    case SchemeId::Slack:
    case SchemeId::Paddle:
    case SchemeId::SendGrid: return true;
    case SchemeId::Hmac: return spec.hmac.signedTemplate.contains("{timestamp}");
    default: return false;
    }
}

bool hasId(const SchemeSpec& spec)
{
    switch (spec.id) {
    case SchemeId::Standard:
    case SchemeId::StandardEd25519:
    case SchemeId::Svix: return true;
    case SchemeId::Hmac: return spec.hmac.signedTemplate.contains("{id}");
    default: return false;
    }
}

bool usesUrl(const SchemeSpec& spec)
{
    return spec.id == SchemeId::Twilio || spec.id == SchemeId::Square
        || (spec.id == SchemeId::Hmac && spec.hmac.signedTemplate.contains("{url}"));
}

bool twilioBodyHashVariant(const SignedContext& context)
{
    return !signedurl::queryValue(context.url, "bodySHA256").isNull();
}

bool isFormContentType(QByteArrayView contentType)
{
    return contentType.trimmed().toByteArray().toLower().startsWith("application/x-www-form-urlencoded");
}

QByteArray message(const SchemeSpec& spec, const SignedContext& c)
{
    switch (spec.id) {
    case SchemeId::GitHub:
    case SchemeId::GitHubSha1:
    case SchemeId::Shopify: return c.body;
    case SchemeId::Stripe: return c.timestamp + '.' + c.body;
    case SchemeId::Standard:
    case SchemeId::StandardEd25519:
    case SchemeId::Svix: return c.id + '.' + c.timestamp + '.' + c.body;
    case SchemeId::Slack: return "v0:" + c.timestamp + ':' + c.body;
    case SchemeId::Twilio: return twilioMessage(c);
    case SchemeId::Square: return c.url + c.body;
    case SchemeId::Paddle: return c.timestamp + ':' + c.body;
    case SchemeId::SendGrid: return c.timestamp + c.body;
    case SchemeId::Hmac: return expandTemplate(spec.hmac.signedTemplate, c);
    }
    return {};
}

KeyForm keyForm(const SchemeSpec& spec)
{
    if (spec.id == SchemeId::Standard || spec.id == SchemeId::Svix)
        return KeyForm::Base64;
    if (spec.id == SchemeId::Hmac) {
        switch (spec.hmac.secretEncoding) {
        case HmacParameters::SecretEncoding::Raw: return KeyForm::Text;
        case HmacParameters::SecretEncoding::Base64: return KeyForm::Base64;
        case HmacParameters::SecretEncoding::Hex: return KeyForm::Hex;
        }
    }
    return KeyForm::Text;
}

std::optional<QByteArray> key(QByteArrayView secret, KeyForm form)
{
    if (form == KeyForm::Text)
        return secret.toByteArray();
    // "whsec_" and similar: letters and an underscore before the encoded part.
    QByteArray encoded = secret.toByteArray().trimmed();
    const qsizetype underscore = encoded.indexOf('_');
    if (underscore > 0 && underscore <= 8
        && std::all_of(encoded.begin(), encoded.begin() + underscore, [](char c) { return c >= 'a' && c <= 'z'; }))
        encoded = encoded.mid(underscore + 1);
    if (form == KeyForm::Hex) {
        const bool hex = encoded.size() % 2 == 0 && std::all_of(encoded.begin(), encoded.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c));
        });
        return hex && !encoded.isEmpty() ? std::optional<QByteArray>(QByteArray::fromHex(encoded)) : std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return std::nullopt;
    return decoded.decoded;
}

QCryptographicHash::Algorithm algorithm(const SchemeSpec& spec)
{
    switch (spec.id) {
    case SchemeId::GitHubSha1:
    case SchemeId::Twilio: return QCryptographicHash::Sha1;
    case SchemeId::Hmac: return spec.hmac.hashAlgorithm();
    default: return QCryptographicHash::Sha256;
    }
}

bool base64Signature(const SchemeSpec& spec)
{
    switch (spec.id) {
    case SchemeId::Standard:
    case SchemeId::StandardEd25519:
    case SchemeId::Svix:
    case SchemeId::Shopify:
    case SchemeId::Twilio:
    case SchemeId::Square:
    case SchemeId::SendGrid: return true;
    case SchemeId::Hmac: return spec.hmac.encoding == HmacParameters::Encoding::Base64;
    default: return false;
    }
}

QByteArray encode(QByteArrayView mac, bool base64)
{
    return base64 ? mac.toByteArray().toBase64() : mac.toByteArray().toHex();
}

QByteArray hmacSignature(const SchemeSpec& spec, QByteArrayView key, QByteArrayView message)
{
    return encode(signaturecrypto::hmac(algorithm(spec), key, message), base64Signature(spec));
}

HeaderList signatureHeaders(const SchemeSpec& spec, const QList<QByteArray>& signatures, const SignedContext& c)
{
    const QByteArray first = signatures.value(0);
    const auto joined = [&](const QByteArray& label, const QByteArray& separator) {
        QList<QByteArray> items;
        for (const QByteArray& signature : signatures)
            items.append(label + signature);
        return items.join(separator);
    };
    switch (spec.id) {
    case SchemeId::GitHub: return { { "X-Hub-Signature-256", "sha256=" + first } };
    case SchemeId::GitHubSha1: return { { "X-Hub-Signature", "sha1=" + first } };
    case SchemeId::Stripe: return { { "Stripe-Signature", "t=" + c.timestamp + ',' + joined("v1=", ",") } };
    case SchemeId::Paddle: return { { "Paddle-Signature", "ts=" + c.timestamp + ';' + joined("h1=", ";") } };
    case SchemeId::Standard:
        return { { "webhook-id", c.id }, { "webhook-timestamp", c.timestamp },
            { "webhook-signature", joined("v1,", " ") } };
    case SchemeId::StandardEd25519:
        return { { "webhook-id", c.id }, { "webhook-timestamp", c.timestamp },
            { "webhook-signature", joined("v1a,", " ") } };
    case SchemeId::Svix:
        return { { "svix-id", c.id }, { "svix-timestamp", c.timestamp }, { "svix-signature", joined("v1,", " ") } };
    case SchemeId::Shopify: return { { "X-Shopify-Hmac-Sha256", first } };
    case SchemeId::Slack:
        return { { "X-Slack-Request-Timestamp", c.timestamp }, { "X-Slack-Signature", "v0=" + first } };
    case SchemeId::Twilio: return { { "X-Twilio-Signature", first } };
    case SchemeId::Square: return { { "x-square-hmacsha256-signature", first } };
    case SchemeId::SendGrid:
        return { { "X-Twilio-Email-Event-Webhook-Signature", first },
            { "X-Twilio-Email-Event-Webhook-Timestamp", c.timestamp } };
    case SchemeId::Hmac: {
        HeaderList out;
        if (hasTimestamp(spec))
            out.append({ spec.hmac.timestampHeader, c.timestamp });
        if (hasId(spec))
            out.append({ spec.hmac.idHeader, c.id });
        out.append({ spec.hmac.header, spec.hmac.prefix + first });
        return out;
    }
    }
    return {};
}

} // namespace hookscope::schemerules

namespace hookscope::schemerules {

namespace {
    std::optional<QByteArray> base64Key(QByteArrayView text)
    {
        const auto decoded
            = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        return decoded.decoded;
    }
} // namespace

std::optional<QByteArray> ed25519Seed(QByteArrayView text, QString* error)
{
    const QByteArray trimmed = text.toByteArray().trimmed();
    if (trimmed.startsWith("whpk_")) {
        *error = QStringLiteral("signing needs the secret key (whsk_...), not the public key (whpk_...)");
        return std::nullopt;
    }
    std::optional<QByteArray> seed = base64Key(trimmed.startsWith("whsk_") ? trimmed.mid(5) : trimmed);
    // Some tools write the 64-byte form (seed followed by the public key).
    if (seed && seed->size() == 64)
        seed->truncate(32);
    if (!seed || seed->size() != 32) {
        *error = QStringLiteral("the key is not whsk_ followed by the base64 of a 32-byte Ed25519 seed");
        return std::nullopt;
    }
    return seed;
}

std::optional<QByteArray> ed25519PublicKey(QByteArrayView text, QString* error)
{
    const QByteArray trimmed = text.toByteArray().trimmed();
    if (trimmed.startsWith("whsk_")) {
        const std::optional<QByteArray> seed = ed25519Seed(trimmed, error);
        return seed ? signaturecrypto::ed25519PublicKey(*seed) : std::nullopt;
    }
    std::optional<QByteArray> key = base64Key(trimmed.startsWith("whpk_") ? trimmed.mid(5) : trimmed);
    if (!key || key->size() != 32) {
        *error = QStringLiteral("the key is not whpk_ followed by the base64 of a 32-byte Ed25519 public key");
        return std::nullopt;
    }
    return key;
}

} // namespace hookscope::schemerules
