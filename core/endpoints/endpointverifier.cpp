// SPDX-License-Identifier: MIT
#include "core/endpoints/endpointverifier.h"

#include "core/endpoints/endpointstore.h"
#include "core/secrets/endpointsecrets.h"

#include <QJsonDocument>

#include <utility>

namespace hookscope {

namespace {
    const QString kUrlKey = QStringLiteral("url");
    const QString kToleranceKey = QStringLiteral("tolerance");
} // namespace

std::optional<SchemeSpec> EndpointVerifier::schemeSpecFor(const Endpoint& endpoint, QString* error)
{
    if (endpoint.scheme.isEmpty())
        return std::nullopt;
    const std::optional<SchemeId> id = schemes::fromName(endpoint.scheme);
    if (!id) {
        if (error)
            *error = QStringLiteral("unknown signature scheme '%1'").arg(endpoint.scheme);
        return std::nullopt;
    }
    SchemeSpec spec;
    spec.id = *id;
    if (spec.id != SchemeId::Hmac)
        return spec;
    for (auto it = endpoint.schemeParameters.constBegin(); it != endpoint.schemeParameters.constEnd(); ++it) {
        if (it.key() == kUrlKey || it.key() == kToleranceKey)
            continue;
        QString problem;
        if (!spec.hmac.set(it.key(), it.value().toString(), &problem)) {
            if (error)
                *error = problem;
            return std::nullopt;
        }
    }
    if (const QString problem = spec.hmac.problem(); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return std::nullopt;
    }
    return spec;
}

VerifyOptions EndpointVerifier::Entry::options() const
{
    VerifyOptions options;
    options.scheme = scheme;
    options.secrets = secrets;
    options.url = endpoint.schemeParameters.value(kUrlKey).toString().toUtf8();
    bool ok = false;
    const qint64 tolerance = endpoint.schemeParameters.value(kToleranceKey).toString().toLongLong(&ok);
    if (ok && tolerance >= 0)
        options.toleranceSeconds = tolerance;
    return options;
}

QList<EndpointVerifier::Entry> EndpointVerifier::load(
    const EndpointStore& store, const EndpointSecrets& secrets, QStringList* problems)
{
    QString error;
    const QList<Endpoint> endpoints = store.list(&error);
    if (!error.isEmpty() && problems)
        *problems << error;
    // One question first: a keychain that does not answer would otherwise make each read wait for its timeout.
    const Keychain::Result reachable = secrets.probe();
    if (!reachable.ok() && problems)
        *problems << QStringLiteral("every endpoint: %1").arg(Keychain::explain(reachable));
    QList<Entry> entries;
    for (const Endpoint& endpoint : endpoints) {
        if (endpoint.pathPrefix.isEmpty())
            continue;
        Entry entry { endpoint, schemeSpecFor(endpoint, &error), {} };
        if (!entry.scheme) {
            if (!endpoint.scheme.isEmpty() && problems)
                *problems << QStringLiteral("%1: %2").arg(endpoint.name, error);
            entries << entry;
            continue;
        }
        if (!reachable.ok()) {
            entries << entry;
            continue;
        }
        const Keychain::Result read = readSigningSecrets(secrets, endpoint.name, &entry.secrets);
        const QString problem = QStringLiteral("%1: %2").arg(endpoint.name, Keychain::explain(read));
        if (!read.ok() && read.status != Keychain::Status::NotFound && problems && !problems->contains(problem))
            *problems << problem;
        entries << entry;
    }
    return entries;
}

void EndpointVerifier::setEntries(QList<Entry> entries)
{
    const QWriteLocker lock(&m_lock);
    m_entries = std::move(entries);
}

Keychain::Result EndpointVerifier::readSigningSecrets(
    const EndpointSecrets& secrets, const QString& endpoint, SecretSet* out)
{
    Keychain::Result current = secrets.get(endpoint, SecretField::SigningSecret);
    Keychain::Result previous = secrets.get(endpoint, SecretField::PreviousSigningSecret);
    *out = { current.data, previous.data };
    if (previous.ok() || previous.status == Keychain::Status::NotFound || !current.ok())
        return current;
    return previous;
}

const EndpointVerifier::Entry* EndpointVerifier::ownerOf(QByteArrayView path) const
{
    const Entry* best = nullptr;
    for (const Entry& entry : m_entries) {
        if (entry.endpoint.ownsPath(path)
            && (!best || entry.endpoint.pathPrefix.size() > best->endpoint.pathPrefix.size()))
            best = &entry;
    }
    return best;
}

std::optional<EndpointVerifier::Entry> EndpointVerifier::entryFor(QByteArrayView path) const
{
    const QReadLocker lock(&m_lock);
    if (const Entry* owner = ownerOf(path))
        return *owner;
    return std::nullopt;
}

CaptureSignature EndpointVerifier::check(const CapturedRequest& capture, const Entry& entry)
{
    CaptureSignature signature;
    signature.endpoint = entry.endpoint.name;
    if (!entry.scheme)
        return signature;
    signature.scheme = entry.scheme->name();
    // Without a secret nothing can be judged: "not checked", never "invalid".
    if (entry.secrets.current.isEmpty())
        return signature;
    VerifyOptions options = entry.options();
    // Judged as of its arrival, so re-verifying an old capture does not fail on its age.
    if (capture.receivedUs > 0)
        options.nowUnix = capture.receivedUs / 1'000'000;
    const VerificationResult result = SignatureVerifier::verify(capture, options);
    signature.state = result.valid ? CaptureSignature::State::Valid : CaptureSignature::State::Invalid;
    signature.scheme = result.scheme.isEmpty() ? entry.scheme->name() : result.scheme;
    signature.detail = QString::fromUtf8(QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact));
    return signature;
}

void EndpointVerifier::stamp(CapturedRequest& capture) const
{
    if (capture.rejected)
        return;
    // Checked under the read lock rather than on a copy: this runs for every request.
    const QReadLocker lock(&m_lock);
    if (const Entry* owner = ownerOf(capture.path))
        capture.signature = check(capture, *owner);
}

} // namespace hookscope
