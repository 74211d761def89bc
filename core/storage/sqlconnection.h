// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace hookscope {

// A named QSqlDatabase connection that is removed again when this goes away. Qt SQL connections belong to
// the thread that opened them, so each thread owns one of these.
class SqlConnection final {
public:
    // Snapshot: read-only for a file nobody can be writing, such as one in a folder SQLite cannot create its
    // -shm file in (SQLite's immutable mode: no locks, no -shm).
    enum class Mode { ReadWrite, ReadOnly, Snapshot };

    SqlConnection() = default;
    ~SqlConnection();
    Q_DISABLE_COPY_MOVE(SqlConnection)

    // Opens `path`; on failure returns false and sets `error` to a sentence naming the file.
    bool open(const QString& path, Mode mode, QString* error);
    void close();
    bool isOpen() const { return !m_name.isEmpty(); }
    QSqlDatabase database() const;
    const QString& path() const { return m_path; }

    // Runs one statement; false and a readable error on failure.
    bool exec(const QString& sql, QString* error = nullptr) const;
    // The first column of the first row of `sql`, or an invalid QVariant.
    QVariant scalar(const QString& sql, QString* error = nullptr) const;

private:
    QString m_name;
    QString m_path;
};

// "what failed: driver text" for a failed query.
QString describeSqlError(const QSqlQuery& query, const QString& what);

} // namespace hookscope
