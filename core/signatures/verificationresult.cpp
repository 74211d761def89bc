// SPDX-License-Identifier: MIT
#include "core/signatures/verificationresult.h"

#include <QJsonArray>
#include <QStringDecoder>

#include <array>
#include <utility>

namespace hookscope {

namespace {
    using Reason = VerificationResult::Reason;
    using Cause = VerificationResult::Cause;

    constexpr std::array<std::pair<Reason, const char*>, 8> kReasons { {
        { Reason::None, "none" },
        { Reason::NoSignatureHeader, "no-signature-header" },
        { Reason::MalformedHeader, "malformed-header" },
        { Reason::TimestampOutsideTolerance, "timestamp-outside-tolerance" },
        { Reason::Mismatch, "mismatch" },
        { Reason::MissingSecret, "missing-secret" },
        { Reason::InvalidSecret, "invalid-secret" },
        { Reason::UnknownScheme, "unknown-scheme" },
    } };

    constexpr std::array<std::pair<Cause, const char*>, 11> kCauses { {
        { Cause::None, "none" },
        { Cause::PreviousSecret, "previous-secret" },
        { Cause::SecretNotDecoded, "secret-not-decoded" },
        { Cause::SecretDecoded, "secret-decoded" },
        { Cause::HexInsteadOfBase64, "hex-instead-of-base64" },
        { Cause::Base64InsteadOfHex, "base64-instead-of-hex" },
        { Cause::BodyReserialized, "body-reserialized" },
        { Cause::TrailingNewlineAdded, "trailing-newline-added" },
        { Cause::TrailingNewlineRemoved, "trailing-newline-removed" },
        { Cause::UrlDiffers, "url-differs" },
        { Cause::WrongSecret, "wrong-secret" },
    } };

    QString causeWords(Cause cause)
    {
        switch (cause) {
        case Cause::None: return {};
        case Cause::PreviousSecret: return QStringLiteral("the previous secret matches (the rotation is not finished)");
        case Cause::SecretNotDecoded:
            return QStringLiteral("the sender used the secret text as the key; this scheme base64-decodes it");
        case Cause::SecretDecoded:
            return QStringLiteral("the sender base64-decoded the secret; this scheme uses the text as the key");
        case Cause::HexInsteadOfBase64: return QStringLiteral("the signature is hex where base64 is expected");
        case Cause::Base64InsteadOfHex: return QStringLiteral("the signature is base64 where hex is expected");
        case Cause::BodyReserialized: return QStringLiteral("the body was re-serialized after it was signed");
        case Cause::TrailingNewlineAdded:
            return QStringLiteral("a trailing newline was added to the body after it was signed");
        case Cause::TrailingNewlineRemoved:
            return QStringLiteral("a trailing newline was removed from the body after it was signed");
        case Cause::UrlDiffers: return QStringLiteral("the sender signed a different URL");
        case Cause::WrongSecret: return QStringLiteral("most likely a different secret");
        }
        return {};
    }

    QString causeAdvice(Cause cause)
    {
        switch (cause) {
        case Cause::None: return {};
        case Cause::PreviousSecret:
            return QStringLiteral("The sender still signs with the previous secret. Finish the rotation at the sender, "
                                  "or keep accepting the previous secret until it does.");
        case Cause::SecretNotDecoded:
            return QStringLiteral("Strip the prefix (whsec_), base64-decode the rest and use those bytes as the key.");
        case Cause::SecretDecoded:
            return QStringLiteral("Use the secret exactly as shown (prefix included) as the key; do not decode it.");
        case Cause::HexInsteadOfBase64: return QStringLiteral("Write the HMAC as base64, not hex.");
        case Cause::Base64InsteadOfHex: return QStringLiteral("Write the HMAC as lowercase hex, not base64.");
        case Cause::BodyReserialized:
        case Cause::TrailingNewlineAdded:
        case Cause::TrailingNewlineRemoved:
            return QStringLiteral(
                "Sign and verify the exact body bytes. Something parsed and re-wrote the body between "
                "signing and receiving (a framework, a proxy, a copy and paste).");
        case Cause::UrlDiffers:
            return QStringLiteral(
                "Verify against the URL the provider was configured with (behind a proxy or tunnel it "
                "is not the one the receiver sees): pass it with --url.");
        case Cause::WrongSecret:
            return QStringLiteral("Check that the secret belongs to this endpoint (and to the same test or live mode), "
                                  "and that the body was not changed on the way.");
        }
        return {};
    }

    QString escapedText(const QString& text)
    {
        QString out;
        out.reserve(text.size());
        for (const QChar c : text) {
            if (c == QLatin1Char('\n')) {
                out += QLatin1String("\\n");
            } else if (c == QLatin1Char('\r')) {
                out += QLatin1String("\\r");
            } else if (c == QLatin1Char('\t')) {
                out += QLatin1String("\\t");
            } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            } else {
                out += c;
            }
        }
        return out;
    }

    // For bytes that are not UTF-8: ASCII as text, everything else as \xNN.
    QString escapedBytes(QByteArrayView bytes)
    {
        QString out;
        for (const char ch : bytes) {
            const auto byte = static_cast<unsigned char>(ch);
            out += byte < 0x80 ? escapedText(QString(QChar(char16_t(byte))))
                               : QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
        }
        return out;
    }
} // namespace

QString VerificationResult::reasonName(Reason reason)
{
    for (const auto& [value, name] : kReasons) {
        if (value == reason)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<VerificationResult::Reason> VerificationResult::reasonFromName(const QString& name)
{
    for (const auto& [value, text] : kReasons) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString VerificationResult::causeName(Cause cause)
{
    for (const auto& [value, name] : kCauses) {
        if (value == cause)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<VerificationResult::Cause> VerificationResult::causeFromName(const QString& name)
{
    for (const auto& [value, text] : kCauses) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString VerificationResult::preview(QByteArrayView bytes, qsizetype limit)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes);
    QString text = decoder.hasError() ? escapedBytes(bytes) : escapedText(decoded);
    if (text.size() > limit) {
        const qsizetype head = limit * 2 / 3;
        const qsizetype tail = limit - head;
        const qsizetype omitted = text.size() - head - tail;
        text = text.left(head) + QStringLiteral(" [… %1 more characters …] ").arg(omitted) + text.right(tail);
    }
    return text;
}

qint64 VerificationResult::outsideToleranceBy() const
{
    const qint64 distance = age < 0 ? -age : age;
    return distance > tolerance ? distance - tolerance : 0;
}

QString VerificationResult::summary() const
{
    const QString who = scheme.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(scheme);
    if (valid)
        return QStringLiteral("valid") + who;
    QString why;
    switch (reason) {
    case Reason::None: why = QStringLiteral("not verified"); break;
    case Reason::NoSignatureHeader: why = QStringLiteral("no signature header"); break;
    case Reason::MalformedHeader: why = QStringLiteral("malformed signature header"); break;
    case Reason::TimestampOutsideTolerance:
        why = QStringLiteral("timestamp outside the tolerance by %1 s%2")
                  .arg(outsideToleranceBy())
                  .arg(age < 0 ? QStringLiteral(" (in the future)") : QString());
        break;
    case Reason::Mismatch: why = QStringLiteral("signature mismatch"); break;
    case Reason::MissingSecret: why = QStringLiteral("no secret given"); break;
    case Reason::InvalidSecret: why = QStringLiteral("the secret cannot be used"); break;
    case Reason::UnknownScheme: why = QStringLiteral("unknown scheme"); break;
    }
    if (cause != Cause::None)
        why += QStringLiteral(": ") + causeWords(cause);
    return QStringLiteral("invalid") + who + QStringLiteral(": ") + why;
}

QString VerificationResult::explanation() const
{
    QStringList lines { QStringLiteral("Signature: ") + summary() };
    if (!detail.isEmpty())
        lines.append(QStringLiteral("Detail: ") + detail);
    if (!valid && cause != Cause::None)
        lines.append(QStringLiteral("What to do: ") + causeAdvice(cause));
    if (timestamp) {
        const QString when = age >= 0 ? QStringLiteral("%1 s ago").arg(age) : QStringLiteral("%1 s ahead").arg(-age);
        lines.append(QStringLiteral("Timestamp: %1 (%2; tolerance %3 s)").arg(*timestamp).arg(when).arg(tolerance));
    }
    if (!url.isEmpty())
        lines.append(QStringLiteral("URL: ") + url);
    if (signedLength > 0 || !signedPreview.isEmpty())
        lines.append(QStringLiteral("Signed string (%1 bytes): %2").arg(signedLength).arg(signedPreview));
    if (!expected.isEmpty())
        lines.append(QStringLiteral("Expected: ") + expected);
    for (const QString& value : received)
        lines.append(QStringLiteral("Received: ") + value);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject VerificationResult::toJson() const
{
    QJsonObject object { { QStringLiteral("valid"), valid } };
    const auto put = [&object](const char* key, const QString& value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(key), value);
    };
    if (reason != Reason::None)
        object.insert(QStringLiteral("reason"), reasonName(reason));
    if (cause != Cause::None)
        object.insert(QStringLiteral("cause"), causeName(cause));
    put("scheme", scheme);
    put("detail", detail);
    if (timestamp) {
        object.insert(QStringLiteral("timestamp"), *timestamp);
        object.insert(QStringLiteral("age"), age);
    }
    if (tolerance != 0)
        object.insert(QStringLiteral("tolerance"), tolerance);
    if (signedLength != 0)
        object.insert(QStringLiteral("signedLength"), signedLength);
    put("signedPreview", signedPreview);
    put("expected", expected);
    if (!received.isEmpty())
        object.insert(QStringLiteral("received"), QJsonArray::fromStringList(received));
    put("url", url);
    return object;
}

std::optional<VerificationResult> VerificationResult::fromJson(const QJsonObject& object)
{
    if (!object.value(QStringLiteral("valid")).isBool())
        return std::nullopt;
    VerificationResult out;
    out.valid = object.value(QStringLiteral("valid")).toBool();
    const std::optional<Reason> reason
        = reasonFromName(object.value(QStringLiteral("reason")).toString(QStringLiteral("none")));
    const std::optional<Cause> cause
        = causeFromName(object.value(QStringLiteral("cause")).toString(QStringLiteral("none")));
    if (!reason || !cause)
        return std::nullopt;
    out.reason = *reason;
    out.cause = *cause;
    out.scheme = object.value(QStringLiteral("scheme")).toString();
    out.detail = object.value(QStringLiteral("detail")).toString();
    if (object.contains(QStringLiteral("timestamp"))) {
        out.timestamp = object.value(QStringLiteral("timestamp")).toInteger();
        out.age = object.value(QStringLiteral("age")).toInteger();
    }
    out.tolerance = object.value(QStringLiteral("tolerance")).toInteger();
    out.signedLength = object.value(QStringLiteral("signedLength")).toInteger();
    out.signedPreview = object.value(QStringLiteral("signedPreview")).toString();
    out.expected = object.value(QStringLiteral("expected")).toString();
    const QJsonArray received = object.value(QStringLiteral("received")).toArray();
    for (const QJsonValue value : received)
        out.received.append(value.toString());
    out.url = object.value(QStringLiteral("url")).toString();
    return out;
}

} // namespace hookscope
