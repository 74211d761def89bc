// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

#include <optional>

namespace hookscope::signaturecrypto {

// HMAC comes from Qt; only the asymmetric schemes need OpenSSL's libcrypto.
QByteArray hmac(QCryptographicHash::Algorithm algorithm, QByteArrayView key, QByteArrayView message);

// Ed25519 with a 32-byte seed (the private key as Standard Webhooks' whsk_ carries it) and 32-byte public keys.
std::optional<QByteArray> ed25519PublicKey(QByteArrayView seed);
std::optional<QByteArray> ed25519Sign(QByteArrayView seed, QByteArrayView message);
bool ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);
QByteArray randomBytes(qsizetype count);

// ECDSA over P-256 with SHA-256, signatures DER-encoded (as SendGrid sends them, base64'd).
// Keys as text: PEM, or base64 of DER (SubjectPublicKeyInfo for public keys; PKCS#8 or SEC1 for private ones).
// Verifying accepts a private key too and uses its public half.
struct EcdsaKeyPair {
    QByteArray privateKey; // base64 PKCS#8 DER
    QByteArray publicKey; // base64 SubjectPublicKeyInfo DER, the form SendGrid shows
};
std::optional<QByteArray> ecdsaP256Sign(QByteArrayView privateKeyText, QByteArrayView message, QString* error);
// nullopt when the key cannot be used (`error` says why); otherwise whether the signature verifies.
std::optional<bool> ecdsaP256Verify(
    QByteArrayView keyText, QByteArrayView message, QByteArrayView derSignature, QString* error);
std::optional<EcdsaKeyPair> ecdsaP256Generate();

} // namespace hookscope::signaturecrypto
