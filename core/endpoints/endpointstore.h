// SPDX-License-Identifier: MIT
#pragma once

#include "core/endpoints/endpoint.h"
#include "core/storage/sqlconnection.h"

#include <QList>

#include <optional>

namespace hookscope {

// The profile's endpoints, in their own SQLite file (endpoints.sqlite in the profile folder), apart from the
// captures so that clearing or trimming captures never touches configuration. Holds no secret: those are in
// the keychain (EndpointSecrets). Short transactions, so the window and the command line can edit the same
// profile at once.
class EndpointStore final {
public:
    static constexpr int kApplicationId = 0x486b5345; // "HkSE"
    static constexpr int kLatestVersion = 1;

    EndpointStore() = default;
    Q_DISABLE_COPY_MOVE(EndpointStore)

    // Creates the file (owner-only) when it does not exist.
    bool open(const QString& path, QString* error);
    static QString defaultPath(const QString& profileDirectory);

    // A random id made when the file is created; it keeps two profiles' keychain entries apart.
    QString profileId() const { return m_profileId; }

    QList<Endpoint> list(QString* error) const; // by name
    std::optional<Endpoint> find(const QString& name, QString* error) const;

    // Each returns false with a sentence in `error`: an invalid or taken name, an unknown endpoint, SQL trouble.
    bool add(Endpoint& endpoint, QString* error);
    bool update(const Endpoint& endpoint, QString* error); // by id; may rename
    bool remove(const QString& name, QString* error);

private:
    bool migrate(QString* error);
    bool nameIsFree(const QString& name, qint64 exceptId, QString* error) const;

    SqlConnection m_db;
    QString m_profileId;
};

} // namespace hookscope
