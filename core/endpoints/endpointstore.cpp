// SPDX-License-Identifier: MIT
#include "core/endpoints/endpointstore.h"

#include "core/storage/privatefile.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace hookscope {

namespace {

    // Everything but the name, the path prefix and the scheme, which have columns of their own for lookups.
    QByteArray settingsJson(const Endpoint& e)
    {
        QJsonArray headerArray;
        for (const HeaderField& h : e.headers)
            headerArray.append(QJsonArray { QString::fromLatin1(h.name), QString::fromUtf8(h.value) });
        const QJsonObject settings {
            { QStringLiteral("url"), e.url },
            { QStringLiteral("method"), QString::fromLatin1(e.method) },
            { QStringLiteral("headers"), headerArray },
            { QStringLiteral("auth"),
                QJsonObject { { QStringLiteral("kind"), authKindName(e.auth.kind) },
                    { QStringLiteral("username"), e.auth.username },
                    { QStringLiteral("apiKeyHeader"), QString::fromLatin1(e.auth.apiKeyHeader) } } },
            { QStringLiteral("timeoutMs"), e.timeoutMs },
            { QStringLiteral("retry"), retryJson(e.retry) },
            { QStringLiteral("caCertificateFile"), e.caCertificateFile },
            { QStringLiteral("ignoreTlsErrors"), e.ignoreTlsErrors },
            { QStringLiteral("schemeParameters"), e.schemeParameters },
        };
        return QJsonDocument(settings).toJson(QJsonDocument::Compact);
    }

    void applySettings(const QByteArray& json, Endpoint* e)
    {
        const QJsonObject s = QJsonDocument::fromJson(json).object();
        const Endpoint defaults;
        e->url = s.value(QStringLiteral("url")).toString();
        e->method = s.value(QStringLiteral("method")).toString(QString::fromLatin1(defaults.method)).toLatin1();
        for (const auto& h : s.value(QStringLiteral("headers")).toArray()) {
            const QJsonArray pair = h.toArray();
            e->headers.append({ pair.at(0).toString().toLatin1(), pair.at(1).toString().toUtf8() });
        }
        const QJsonObject auth = s.value(QStringLiteral("auth")).toObject();
        parseAuthKind(auth.value(QStringLiteral("kind")).toString(), &e->auth.kind);
        e->auth.username = auth.value(QStringLiteral("username")).toString();
        e->auth.apiKeyHeader = auth.value(QStringLiteral("apiKeyHeader"))
                                   .toString(QString::fromLatin1(defaults.auth.apiKeyHeader))
                                   .toLatin1();
        e->timeoutMs = s.value(QStringLiteral("timeoutMs")).toInt(defaults.timeoutMs);
        const QJsonObject retry = s.value(QStringLiteral("retry")).toObject();
        e->retry.maxAttempts = retry.value(QStringLiteral("maxAttempts")).toInt(defaults.retry.maxAttempts);
        e->retry.initialDelayMs = retry.value(QStringLiteral("initialDelayMs")).toInt(defaults.retry.initialDelayMs);
        e->retry.maxDelayMs = retry.value(QStringLiteral("maxDelayMs")).toInt(defaults.retry.maxDelayMs);
        e->caCertificateFile = s.value(QStringLiteral("caCertificateFile")).toString();
        e->ignoreTlsErrors = s.value(QStringLiteral("ignoreTlsErrors")).toBool();
        e->schemeParameters = s.value(QStringLiteral("schemeParameters")).toObject();
    }

    const QString kColumns = QStringLiteral("id, name, path_prefix, scheme, settings");

    Endpoint endpointFrom(const QSqlQuery& q)
    {
        Endpoint e;
        e.id = q.value(0).toLongLong();
        e.name = q.value(1).toString();
        e.pathPrefix = q.value(2).toString();
        e.scheme = q.value(3).toString();
        applySettings(q.value(4).toByteArray(), &e);
        return e;
    }

    // Qt binds a null QString as SQL NULL; the columns want ''.
    QString text(const QString& value)
    {
        return value.isNull() ? QStringLiteral("") : value;
    }

    bool run(QSqlQuery& q, const QString& what, QString* error)
    {
        if (q.exec())
            return true;
        if (error)
            *error = describeSqlError(q, what);
        return false;
    }

} // namespace

QString EndpointStore::defaultPath(const QString& profileDirectory)
{
    return QDir(profileDirectory).filePath(QStringLiteral("endpoints.sqlite"));
}

bool EndpointStore::open(const QString& path, QString* error)
{
    if (!ensurePrivateFile(path, QStringLiteral("the endpoint settings"), error))
        return false;
    if (!m_db.open(path, SqlConnection::Mode::ReadWrite, error))
        return false;
    m_db.exec(QStringLiteral("PRAGMA busy_timeout = 5000"));
    if (!migrate(error)) {
        m_db.close();
        return false;
    }
    m_profileId = m_db.scalar(QStringLiteral("SELECT value FROM profile_state WHERE key = 'profile_id'")).toString();
    return true;
}

bool EndpointStore::migrate(QString* error)
{
    QString sqlError;
    const QVariant appId = m_db.scalar(QStringLiteral("PRAGMA application_id"), &sqlError);
    if (!appId.isValid()) {
        if (error)
            *error = QStringLiteral("%1 is not a readable SQLite database (%2)").arg(m_db.path(), sqlError);
        return false;
    }
    const int version = m_db.scalar(QStringLiteral("PRAGMA user_version")).toInt();
    if (appId.toInt() != kApplicationId && !(appId.toInt() == 0 && version == 0)) {
        if (error)
            *error = QStringLiteral("%1 is not a Hookscope endpoints file; it was left untouched").arg(m_db.path());
        return false;
    }
    if (version > kLatestVersion) {
        if (error) {
            *error = QStringLiteral("%1 was written by a newer Hookscope (version %2): upgrade Hookscope")
                         .arg(m_db.path())
                         .arg(version);
        }
        return false;
    }
    if (version == kLatestVersion)
        return true;
    const QStringList statements {
        QStringLiteral("BEGIN IMMEDIATE"),
        QStringLiteral(
            "CREATE TABLE endpoints (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, "
            "path_prefix TEXT NOT NULL DEFAULT '', scheme TEXT NOT NULL DEFAULT '', settings TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE profile_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO profile_state (key, value) VALUES ('profile_id', '%1')")
            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)),
        QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
        QStringLiteral("PRAGMA user_version = %1").arg(kLatestVersion),
        QStringLiteral("COMMIT"),
    };
    for (const QString& sql : statements) {
        if (!m_db.exec(sql, &sqlError)) {
            m_db.exec(QStringLiteral("ROLLBACK"));
            if (error)
                *error = QStringLiteral("cannot set up %1: %2").arg(m_db.path(), sqlError);
            return false;
        }
    }
    return true;
}

QList<Endpoint> EndpointStore::list(QString* error) const
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM endpoints ORDER BY name COLLATE NOCASE"));
    QList<Endpoint> out;
    if (!run(q, QStringLiteral("cannot list endpoints"), error))
        return out;
    while (q.next())
        out.append(endpointFrom(q));
    return out;
}

std::optional<Endpoint> EndpointStore::find(const QString& name, QString* error) const
{
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM endpoints WHERE name = ?"));
    q.bindValue(0, name);
    if (!run(q, QStringLiteral("cannot read endpoint %1").arg(name), error))
        return std::nullopt;
    if (!q.next()) {
        if (error)
            *error = QStringLiteral("there is no endpoint named '%1' (see 'hookscope endpoint list')").arg(name);
        return std::nullopt;
    }
    return endpointFrom(q);
}

bool EndpointStore::nameIsFree(const QString& name, qint64 exceptId, QString* error) const
{
    if (!Endpoint::isValidName(name, error))
        return false;
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT name FROM endpoints WHERE name = ? AND id != ?"));
    q.bindValue(0, name);
    q.bindValue(1, exceptId);
    if (!run(q, QStringLiteral("cannot check the name %1").arg(name), error))
        return false;
    if (q.next()) {
        if (error)
            *error = QStringLiteral("an endpoint named '%1' already exists").arg(q.value(0).toString());
        return false;
    }
    return true;
}

bool EndpointStore::add(Endpoint& endpoint, QString* error)
{
    if (!nameIsFree(endpoint.name, 0, error))
        return false;
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("INSERT INTO endpoints (name, path_prefix, scheme, settings) VALUES (?, ?, ?, ?)"));
    q.bindValue(0, endpoint.name);
    q.bindValue(1, text(endpoint.pathPrefix));
    q.bindValue(2, text(endpoint.scheme));
    q.bindValue(3, QString::fromUtf8(settingsJson(endpoint)));
    if (!run(q, QStringLiteral("cannot add endpoint %1").arg(endpoint.name), error))
        return false;
    endpoint.id = q.lastInsertId().toLongLong();
    return true;
}

bool EndpointStore::update(const Endpoint& endpoint, QString* error)
{
    if (!nameIsFree(endpoint.name, endpoint.id, error))
        return false;
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("UPDATE endpoints SET name = ?, path_prefix = ?, scheme = ?, settings = ? WHERE id = ?"));
    q.bindValue(0, endpoint.name);
    q.bindValue(1, text(endpoint.pathPrefix));
    q.bindValue(2, text(endpoint.scheme));
    q.bindValue(3, QString::fromUtf8(settingsJson(endpoint)));
    q.bindValue(4, endpoint.id);
    if (!run(q, QStringLiteral("cannot save endpoint %1").arg(endpoint.name), error))
        return false;
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = QStringLiteral("endpoint '%1' no longer exists").arg(endpoint.name);
        return false;
    }
    return true;
}

bool EndpointStore::remove(const QString& name, QString* error)
{
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("DELETE FROM endpoints WHERE name = ?"));
    q.bindValue(0, name);
    if (!run(q, QStringLiteral("cannot remove endpoint %1").arg(name), error))
        return false;
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = QStringLiteral("there is no endpoint named '%1' (see 'hookscope endpoint list')").arg(name);
        return false;
    }
    return true;
}

} // namespace hookscope
