// SPDX-License-Identifier: MIT
#include "core/storage/sqlconnection.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace hookscope {

namespace {
    QString uniqueConnectionName()
    {
        static QAtomicInteger<quint64> counter;
        return QStringLiteral("hookscope-%1").arg(counter.fetchAndAddRelaxed(1));
    }
} // namespace

SqlConnection::~SqlConnection()
{
    close();
}

bool SqlConnection::open(const QString& path, Mode mode, QString* error)
{
    close();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        if (error) {
            *error = QStringLiteral("Qt's SQLite driver is missing (Debian/Ubuntu: apt-get install libqt6sql6-sqlite)");
        }
        return false;
    }
    const QString name = uniqueConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
        if (mode == Mode::Snapshot) {
            db.setDatabaseName(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
                + QStringLiteral("?immutable=1"));
            options += QStringLiteral(";QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI");
        } else {
            db.setDatabaseName(path);
        }
        if (mode == Mode::ReadOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        db.setConnectOptions(options);
        if (!db.open()) {
            if (error)
                *error = QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return false;
        }
    }
    m_name = name;
    m_path = path;
    return true;
}

void SqlConnection::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

QSqlDatabase SqlConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

bool SqlConnection::exec(const QString& sql, QString* error) const
{
    QSqlQuery query(database());
    if (query.exec(sql))
        return true;
    if (error)
        *error = describeSqlError(query, sql.left(60));
    return false;
}

QVariant SqlConnection::scalar(const QString& sql, QString* error) const
{
    QSqlQuery query(database());
    if (!query.exec(sql)) {
        if (error)
            *error = describeSqlError(query, sql.left(60));
        return {};
    }
    return query.next() ? query.value(0) : QVariant();
}

QString describeSqlError(const QSqlQuery& query, const QString& what)
{
    const QSqlError err = query.lastError();
    QString text = err.databaseText();
    if (text.isEmpty())
        text = err.text();
    return QStringLiteral("%1: %2").arg(what, text);
}

} // namespace hookscope
