// SPDX-License-Identifier: MIT
#include "core/secrets/endpointsecrets.h"

#include <utility>

namespace hookscope {

EndpointSecrets::EndpointSecrets(QString profileId, Keychain keychain)
    : m_profileId(std::move(profileId))
    , m_keychain(std::move(keychain))
{
}

QString EndpointSecrets::fieldName(SecretField field)
{
    switch (field) {
    case SecretField::SigningSecret: return QStringLiteral("signing-secret");
    case SecretField::PreviousSigningSecret: return QStringLiteral("previous-signing-secret");
    case SecretField::AuthSecret: return QStringLiteral("auth-secret");
    }
    return {};
}

QString EndpointSecrets::keyFor(const QString& endpoint, SecretField field) const
{
    return QStringLiteral("hookscope/%1/%2/%3").arg(m_profileId, endpoint, fieldName(field));
}

EndpointSecrets::Result EndpointSecrets::get(const QString& endpoint, SecretField field) const
{
    const QString key = keyFor(endpoint, field);
    if (m_sessionOnly) {
        const auto it = m_session.constFind(key);
        if (it == m_session.constEnd())
            return { Keychain::Status::NotFound, {}, QStringLiteral("not set in this session") };
        return { Keychain::Status::Ok, *it, {} };
    }
    return m_keychain.read(key);
}

EndpointSecrets::Result EndpointSecrets::set(const QString& endpoint, SecretField field, const QByteArray& secret)
{
    const QString key = keyFor(endpoint, field);
    if (m_sessionOnly) {
        m_session.insert(key, secret);
        return {};
    }
    return m_keychain.write(key, secret);
}

EndpointSecrets::Result EndpointSecrets::clear(const QString& endpoint, SecretField field)
{
    const QString key = keyFor(endpoint, field);
    if (m_sessionOnly) {
        m_session.remove(key);
        return {};
    }
    Result result = m_keychain.remove(key);
    if (result.status == Keychain::Status::NotFound)
        return {};
    return result;
}

EndpointSecrets::Result EndpointSecrets::rename(const QString& from, const QString& to)
{
    for (const SecretField field : kAllFields) {
        Result current = get(from, field);
        if (current.status == Keychain::Status::NotFound)
            continue;
        if (!current.ok())
            return current;
        // Written under the new name before the old entry goes, so a failure in between loses nothing.
        if (Result written = set(to, field, current.data); !written.ok())
            return written;
        if (Result cleared = clear(from, field); !cleared.ok())
            return cleared;
    }
    return {};
}

EndpointSecrets::Result EndpointSecrets::removeAll(const QString& endpoint)
{
    for (const SecretField field : kAllFields) {
        if (Result cleared = clear(endpoint, field); !cleared.ok())
            return cleared;
    }
    return {};
}

EndpointSecrets::Result EndpointSecrets::rotate(const QString& endpoint, const QByteArray& newSecret)
{
    Result current = get(endpoint, SecretField::SigningSecret);
    if (current.ok()) {
        if (Result kept = set(endpoint, SecretField::PreviousSigningSecret, current.data); !kept.ok())
            return kept;
    } else if (current.status != Keychain::Status::NotFound) {
        return current;
    }
    return set(endpoint, SecretField::SigningSecret, newSecret);
}

EndpointSecrets::Result EndpointSecrets::probe() const
{
    if (m_sessionOnly)
        return {};
    Result result = m_keychain.read(QStringLiteral("hookscope/%1/probe").arg(m_profileId));
    if (result.status == Keychain::Status::NotFound)
        return {};
    result.data.clear();
    return result;
}

} // namespace hookscope
