// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"
#include "core/signatures/schemespec.h"
#include "core/signatures/verificationresult.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace hookscope::schemerules {

// The facts of every scheme, shared by the verifier and the signer: where the signature goes, what is
// signed, how the secret becomes a key and how the signature is written.

// What is signed besides the scheme's rules: the request's parts.
struct SignedContext {
    QByteArray body;
    QByteArray timestamp; // Unix seconds as text, exactly as the header carries it
    QByteArray id;
    QByteArray url; // the full URL the sender signed (Twilio, Square, hmac {url})
    QByteArray method;
    QByteArray target;
    QByteArray contentType;
};

// What a request's headers carry for one scheme.
struct HeaderParts {
    QList<QByteArray> signatures; // the encoded signatures of the scheme's own version, as sent
    QByteArray timestamp;
    QByteArray id;
    VerificationResult::Reason failure = VerificationResult::Reason::None;
    QString problem; // for a failure: what exactly is missing or malformed
};

HeaderParts read(const SchemeSpec& spec, const HeaderList& list);

bool isAsymmetric(SchemeId id);
bool hasTimestamp(const SchemeSpec& spec);
bool hasId(const SchemeSpec& spec);
bool usesUrl(const SchemeSpec& spec);

// Twilio signs the URL alone when it carries bodySHA256 (JSON bodies), otherwise the URL and the form fields.
bool twilioBodyHashVariant(const SignedContext& context);
bool isFormContentType(QByteArrayView contentType);

// The exact bytes that are signed.
QByteArray message(const SchemeSpec& spec, const SignedContext& context);

// HMAC schemes.
enum class KeyForm { Text, Base64, Hex };
KeyForm keyForm(const SchemeSpec& spec);
// The key bytes for `secret` read in `form`: base64 and hex drop a "whsec_"-style prefix first.
std::optional<QByteArray> key(QByteArrayView secret, KeyForm form);
QCryptographicHash::Algorithm algorithm(const SchemeSpec& spec);
bool base64Signature(const SchemeSpec& spec);
QByteArray encode(QByteArrayView mac, bool base64);
// The signature over `message` as the header carries it (without labels such as "v1,").
QByteArray hmacSignature(const SchemeSpec& spec, QByteArrayView key, QByteArrayView message);

// The headers that carry `signatures` (several where the scheme allows, else the first).
HeaderList signatureHeaders(const SchemeSpec& spec, const QList<QByteArray>& signatures, const SignedContext& context);

} // namespace hookscope::schemerules

namespace hookscope::schemerules {

// Standard Webhooks' asymmetric keys: "whsk_" + base64 of the 32-byte seed, "whpk_" + base64 of the public
// key. Verifying takes either (a secret key's public half is used); a key without prefix is a public key.
std::optional<QByteArray> ed25519PublicKey(QByteArrayView text, QString* error);
std::optional<QByteArray> ed25519Seed(QByteArrayView text, QString* error);

} // namespace hookscope::schemerules
