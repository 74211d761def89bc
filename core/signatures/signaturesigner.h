// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"
#include "core/signatures/schemespec.h"
#include "core/signatures/secretset.h"

#include <QByteArray>
#include <QString>

namespace hookscope {

struct SignOptions {
    SchemeSpec scheme;
    SecretSet secrets; // with a previous secret, both signatures where the scheme carries several
    QByteArray body;
    qint64 timestamp = 0; // Unix seconds
    QByteArray id; // the message id (Standard Webhooks, Svix, hmac {id}); empty: a new msg_... id
    QByteArray url; // where the request goes (Twilio, Square, hmac {url})
    QByteArray method = QByteArrayLiteral("POST");
    QByteArray contentType; // Twilio: form bodies sign their fields, others the bodySHA256 URL; empty: guessed
};

struct SignOutput {
    bool ok = false;
    QString error; // when !ok: what is missing or wrong, in words
    HeaderList headers; // the headers to add to the request
    QByteArray url; // the URL to send to: Twilio's JSON variant adds bodySHA256 to it
};

// Produces the headers a provider would send for a body, for sending and replaying (and the CLI's `sign`).
class SignatureSigner final {
public:
    static SignOutput sign(const SignOptions& options);
    // "msg_" and 27 random letters and digits, like the ids Svix and Standard Webhooks senders use.
    static QByteArray newMessageId();
};

} // namespace hookscope
