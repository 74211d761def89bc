// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"

#include <QList>
#include <QString>

#include <optional>

namespace hookscope {

// Every signature scheme Hookscope can verify and sign.
enum class SchemeId {
    GitHub, // X-Hub-Signature-256: sha256=<hex>
    GitHubSha1, // X-Hub-Signature: sha1=<hex>
    Stripe, // Stripe-Signature: t=<unix>,v1=<hex>
    Standard, // Standard Webhooks, HMAC (v1)
    StandardEd25519, // Standard Webhooks, Ed25519 (v1a)
    Svix, // Standard Webhooks with svix- header names
    Shopify, // X-Shopify-Hmac-Sha256: <base64>
    Slack, // X-Slack-Signature: v0=<hex>
    Twilio, // X-Twilio-Signature: <base64 HMAC-SHA1 over URL + sorted parameters>
    Square, // x-square-hmacsha256-signature: <base64 over URL + body>
    Paddle, // Paddle-Signature: ts=<unix>;h1=<hex>
    SendGrid, // ECDSA P-256 over timestamp + body
    Hmac, // generic HMAC, described by HmacParameters
};

struct SchemeInfo {
    SchemeId id;
    QString name; // what users type: "github", "standard-ed25519", ...
    QString description; // one line
};

namespace schemes {
    // In the order the command line lists them.
    const QList<SchemeInfo>& all();
    QString name(SchemeId id);
    std::optional<SchemeId> fromName(QStringView name);
    // The header that carries the signature (for Hmac: none, the parameters name it).
    QByteArray signatureHeader(SchemeId id);
    // The scheme a request was signed with, judged by its headers; nothing when none is recognised.
    std::optional<SchemeId> detect(const HeaderList& list);
} // namespace schemes

} // namespace hookscope
