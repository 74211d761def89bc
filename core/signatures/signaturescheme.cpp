// SPDX-License-Identifier: MIT
#include "core/signatures/signaturescheme.h"

#include <array>

namespace hookscope::schemes {

const QList<SchemeInfo>& all()
{
    static const QList<SchemeInfo> list {
        { SchemeId::GitHub, QStringLiteral("github"),
            QStringLiteral("GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>") },
        { SchemeId::GitHubSha1, QStringLiteral("github-sha1"),
            QStringLiteral("GitHub legacy: X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>") },
        { SchemeId::Stripe, QStringLiteral("stripe"),
            QStringLiteral(
                "Stripe: Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">, whsec_ secret as is") },
        { SchemeId::Standard, QStringLiteral("standard"),
            QStringLiteral(
                "Standard Webhooks: webhook-id/-timestamp/-signature v1,<base64 HMAC-SHA256>, whsec_ secret") },
        { SchemeId::StandardEd25519, QStringLiteral("standard-ed25519"),
            QStringLiteral("Standard Webhooks asymmetric: webhook-signature v1a,<base64 Ed25519>, whsk_/whpk_ keys") },
        { SchemeId::Svix, QStringLiteral("svix"),
            QStringLiteral("Svix: Standard Webhooks with svix-id/-timestamp/-signature headers") },
        { SchemeId::Shopify, QStringLiteral("shopify"),
            QStringLiteral("Shopify: X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>") },
        { SchemeId::Slack, QStringLiteral("slack"),
            QStringLiteral("Slack: X-Slack-Signature: v0=<hex HMAC-SHA256 of \"v0:timestamp:body\">") },
        { SchemeId::Twilio, QStringLiteral("twilio"),
            QStringLiteral("Twilio: X-Twilio-Signature: <base64 HMAC-SHA1 of URL + sorted form parameters>") },
        { SchemeId::Square, QStringLiteral("square"),
            QStringLiteral("Square: x-square-hmacsha256-signature: <base64 HMAC-SHA256 of URL + body>") },
        { SchemeId::Paddle, QStringLiteral("paddle"),
            QStringLiteral("Paddle: Paddle-Signature: ts=<unix>;h1=<hex HMAC-SHA256 of \"ts:body\">") },
        { SchemeId::SendGrid, QStringLiteral("sendgrid"),
            QStringLiteral("SendGrid: ECDSA P-256 of timestamp + body; public key verifies, private key signs") },
        { SchemeId::Hmac, QStringLiteral("hmac"),
            QStringLiteral("Generic HMAC: algorithm, encoding, header, prefix and a template of what is signed") },
    };
    return list;
}

QString name(SchemeId id)
{
    for (const SchemeInfo& info : all()) {
        if (info.id == id)
            return info.name;
    }
    return {};
}

std::optional<SchemeId> fromName(QStringView name)
{
    for (const SchemeInfo& info : all()) {
        if (name.compare(info.name, Qt::CaseInsensitive) == 0)
            return info.id;
    }
    return std::nullopt;
}

QByteArray signatureHeader(SchemeId id)
{
    switch (id) {
    case SchemeId::GitHub: return QByteArrayLiteral("X-Hub-Signature-256");
    case SchemeId::GitHubSha1: return QByteArrayLiteral("X-Hub-Signature");
    case SchemeId::Stripe: return QByteArrayLiteral("Stripe-Signature");
    case SchemeId::Standard:
    case SchemeId::StandardEd25519: return QByteArrayLiteral("webhook-signature");
    case SchemeId::Svix: return QByteArrayLiteral("svix-signature");
    case SchemeId::Shopify: return QByteArrayLiteral("X-Shopify-Hmac-Sha256");
    case SchemeId::Slack: return QByteArrayLiteral("X-Slack-Signature");
    case SchemeId::Twilio: return QByteArrayLiteral("X-Twilio-Signature");
    case SchemeId::Square: return QByteArrayLiteral("x-square-hmacsha256-signature");
    case SchemeId::Paddle: return QByteArrayLiteral("Paddle-Signature");
    case SchemeId::SendGrid: return QByteArrayLiteral("X-Twilio-Email-Event-Webhook-Signature");
    case SchemeId::Hmac: break;
    }
    return {};
}

std::optional<SchemeId> detect(const HeaderList& list)
{
    // Standard Webhooks carries both kinds in one header; an asymmetric-only header means v1a.
    const QByteArray standard = headers::first(list, "webhook-signature");
    if (!standard.isNull()) {
        const bool symmetric = standard.startsWith("v1,") || standard.contains(" v1,");
        const bool asymmetric = standard.startsWith("v1a,") || standard.contains(" v1a,");
        return asymmetric && !symmetric ? SchemeId::StandardEd25519 : SchemeId::Standard;
    }
    // Checked in this order: X-Hub-Signature-256 wins over the legacy header GitHub sends beside it.
    static constexpr std::array order { SchemeId::GitHub, SchemeId::GitHubSha1, SchemeId::Stripe, SchemeId::Svix,
        SchemeId::Shopify, SchemeId::Slack, SchemeId::SendGrid, SchemeId::Twilio, SchemeId::Square, SchemeId::Paddle };
    for (SchemeId id : order) {
        if (headers::count(list, signatureHeader(id)) > 0)
            return id;
    }
    return std::nullopt;
}

} // namespace hookscope::schemes
