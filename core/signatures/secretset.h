// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace hookscope {

// The secrets of one endpoint, exactly as the user pasted them ("whsec_...", a PEM key, an auth token).
// Each scheme decides how text turns into key bytes. During a rotation `previous` still holds the old one.
// For the asymmetric schemes a secret is a key: verifying takes the public key (or the private key, whose
// public half is used), signing the private key.
struct SecretSet {
    QByteArray current;
    QByteArray previous; // empty when there is none

    friend bool operator==(const SecretSet&, const SecretSet&) = default;
};

} // namespace hookscope
