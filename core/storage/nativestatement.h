// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace hookscope {

// One prepared statement run through the SQLite C API on a connection Qt opened (see SqliteHandle for when
// that is allowed). It exists for the capture writer's per-row statements: binding here is a pointer and a
// length, where Qt SQL formats a placeholder name, wraps a QVariant and converts text to UTF-16 for every
// value. Only compiled when the build found the native path usable.
class NativeStatement final {
public:
    NativeStatement() = default;
    ~NativeStatement();
    Q_DISABLE_COPY_MOVE(NativeStatement)

    bool prepare(sqlite3* db, const char* sql, QString* error);

    // Columns count from 1, as in SQL. Bound bytes are not copied: they must stay valid until run() returns.
    void bindInt(int column, qint64 value);
    // UTF-8 text; empty (even null) binds '' rather than NULL, as the schema wants.
    void bindText(int column, QByteArrayView utf8);
    // Empty (even null) binds a zero-length blob rather than NULL.
    void bindBlob(int column, QByteArrayView bytes);

    // Steps to completion and resets; false and "what: SQLite's message" on failure.
    bool run(const QString& what, QString* error);
    qint64 lastInsertId() const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace hookscope
