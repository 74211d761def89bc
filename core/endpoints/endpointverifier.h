// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/endpoints/endpoint.h"
#include "core/secrets/keychain.h"
#include "core/signatures/schemespec.h"
#include "core/signatures/secretset.h"
#include "core/signatures/signatureverifier.h"

#include <QList>
#include <QReadWriteLock>

#include <optional>

namespace hookscope {

class EndpointSecrets;
class EndpointStore;

// What the receiver needs to check signatures on arrival: each endpoint's path prefix, scheme and secrets,
// loaded once (the keychain is slow and may prompt) and replaced when endpoints or secrets change. Stamps a
// capture with the endpoint it belongs to and the verdict. Thread-safe: the receiver reads while the window
// reloads.
class EndpointVerifier final {
public:
    struct Entry {
        Endpoint endpoint;
        std::optional<SchemeSpec> scheme; // nothing when the endpoint names none (or a broken one)
        SecretSet secrets;
        VerifyOptions options() const;
    };

    // Reads every endpoint and its signing secrets. Endpoints whose secrets cannot be read still claim their
    // paths (the verdict then says the secret is missing); `problems` collects what went wrong, for people.
    static QList<Entry> load(const EndpointStore& store, const EndpointSecrets& secrets, QStringList* problems);
    // The scheme an endpoint describes: its name plus, for hmac, its parameters. "url" and "tolerance" are
    // verification settings, not scheme parameters.
    static std::optional<SchemeSpec> schemeSpecFor(const Endpoint& endpoint, QString* error);

    // The current and previous signing secrets of `endpoint` from the keychain (empty when not set). The result
    // is the first failure other than "not found", or the current secret's read.
    static Keychain::Result readSigningSecrets(const EndpointSecrets& secrets, const QString& endpoint, SecretSet* out);

    void setEntries(QList<Entry> entries);
    // The endpoint with the longest path prefix that owns the request's path, if any.
    std::optional<Entry> entryFor(QByteArrayView path) const;
    // Sets capture.signature: the owning endpoint, and the verdict when it has a scheme and a secret (without
    // a secret the capture stays "not checked"). Rejected requests are left alone.
    void stamp(CapturedRequest& capture) const;
    // The verdict for a capture as it stands (for re-verifying), by the entry given.
    static CaptureSignature check(const CapturedRequest& capture, const Entry& entry);

private:
    const Entry* ownerOf(QByteArrayView path) const; // with m_lock held

    mutable QReadWriteLock m_lock;
    QList<Entry> m_entries;
};

} // namespace hookscope
