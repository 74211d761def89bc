// SPDX-License-Identifier: MIT
#pragma once

#include "core/endpoints/endpoint.h"
#include "core/secrets/keychain.h"

#include <QHash>

#include <array>

namespace hookscope {

// The secrets of a profile's endpoints, kept in the keychain under one stable key per profile, endpoint and
// field. When no keychain is reachable the window may switch to session-only secrets: held in this object's
// memory until the app quits, never written anywhere.
class EndpointSecrets final {
public:
    using Result = Keychain::Result;

    explicit EndpointSecrets(QString profileId, Keychain keychain = Keychain());

    Result get(const QString& endpoint, SecretField field) const;
    Result set(const QString& endpoint, SecretField field, const QByteArray& secret);
    // Clearing a secret that is not set succeeds.
    Result clear(const QString& endpoint, SecretField field);

    // Moves every secret of `from` to `to`, so a renamed endpoint keeps them and nothing stays behind.
    Result rename(const QString& from, const QString& to);
    // Removes every secret of `endpoint`.
    Result removeAll(const QString& endpoint);
    // Makes the current signing secret the previous one and stores `newSecret` as current.
    Result rotate(const QString& endpoint, const QByteArray& newSecret);

    // Whether the keychain answers at all (a read of a key nobody writes).
    Result probe() const;

    void setSessionOnly(bool sessionOnly) { m_sessionOnly = sessionOnly; }
    bool isSessionOnly() const { return m_sessionOnly; }

    // "hookscope/<profile id>/<endpoint>/<field>": readable in a keychain manager, unique per profile.
    QString keyFor(const QString& endpoint, SecretField field) const;
    static QString fieldName(SecretField field);
    static constexpr std::array<SecretField, 3> kAllFields
        = { SecretField::SigningSecret, SecretField::PreviousSigningSecret, SecretField::AuthSecret };

private:
    QString m_profileId;
    Keychain m_keychain;
    bool m_sessionOnly = false;
    QHash<QString, QByteArray> m_session; // by key, only while session-only
};

} // namespace hookscope
