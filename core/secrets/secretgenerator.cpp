// SPDX-License-Identifier: MIT
#include "core/secrets/secretgenerator.h"

#include <QRandomGenerator>

#include <array>

namespace hookscope {

QByteArray generateSecret(SecretFormat format)
{
    // QRandomGenerator::system() reads the OS source (getrandom, BCryptGenRandom, arc4random): fit for keys.
    std::array<quint32, 8> words {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray raw(reinterpret_cast<const char*>(words.data()), sizeof(words));
    switch (format) {
    case SecretFormat::StandardWebhooks: return QByteArrayLiteral("whsec_") + raw.toBase64();
    case SecretFormat::Hex: return raw.toHex();
    }
    return {};
}

bool parseSecretFormat(const QString& text, SecretFormat* out)
{
    if (text == QLatin1String("whsec")) {
        *out = SecretFormat::StandardWebhooks;
        return true;
    }
    if (text == QLatin1String("hex")) {
        *out = SecretFormat::Hex;
        return true;
    }
    return false;
}

} // namespace hookscope
