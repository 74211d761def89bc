// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/signatures/schemespec.h"
#include "core/signatures/secretset.h"
#include "core/signatures/verificationresult.h"

#include <optional>

namespace hookscope {

struct VerifyOptions {
    std::optional<SchemeSpec> scheme; // nothing: recognise the scheme by the request's headers
    SecretSet secrets;
    qint64 toleranceSeconds = 300; // how far the signed timestamp may lie from now, either way; 0 = no check
    std::optional<qint64> nowUnix; // nothing: the system clock
    // The public URL the provider signed (Twilio, Square, hmac {url}). Empty: "http://" + Host + target.
    // When it has no query string, the request's own query is appended.
    QByteArray url;
};

// Checks a captured request's signature over its exact bytes and, when it does not match, looks for the
// likely cause by trying what commonly goes wrong: the previous secret, the secret's encoding, hex for
// base64, a re-serialized body, a trailing newline, another URL.
class SignatureVerifier final {
public:
    static VerificationResult verify(const CapturedRequest& request, const VerifyOptions& options);
    // `scheme` as text: "auto", a scheme name, or "hmac:<parameters>"; an unknown one gives UnknownScheme.
    static VerificationResult verify(const CapturedRequest& request, const QString& scheme, VerifyOptions options);
};

} // namespace hookscope
