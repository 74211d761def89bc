// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace hookscope {

enum class SecretFormat {
    StandardWebhooks, // "whsec_" + base64 of 32 random bytes, as Standard Webhooks and Svix expect
    Hex, // 64 hex digits (32 random bytes)
};

// A new signing secret from the operating system's cryptographically secure random source.
QByteArray generateSecret(SecretFormat format);
bool parseSecretFormat(const QString& text, SecretFormat* out);

} // namespace hookscope
