// SPDX-License-Identifier: MIT
#include "core/storage/nativestatement.h"

#include <sqlite3.h>

namespace hookscope {

namespace {
    // SQLite binds a null pointer as NULL; any valid pointer with length 0 is an empty value.
    const char* nonNullData(QByteArrayView bytes)
    {
        return bytes.data() ? bytes.data() : "";
    }
} // namespace

NativeStatement::~NativeStatement()
{
    sqlite3_finalize(m_stmt);
}

bool NativeStatement::prepare(sqlite3* db, const char* sql, QString* error)
{
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    m_db = db;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) == SQLITE_OK)
        return true;
    if (error)
        *error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    return false;
}

void NativeStatement::bindInt(int column, qint64 value)
{
    sqlite3_bind_int64(m_stmt, column, value);
}

void NativeStatement::bindText(int column, QByteArrayView utf8)
{
    sqlite3_bind_text64(m_stmt, column, nonNullData(utf8), sqlite3_uint64(utf8.size()), SQLITE_STATIC, SQLITE_UTF8);
}

void NativeStatement::bindBlob(int column, QByteArrayView bytes)
{
    sqlite3_bind_blob64(m_stmt, column, nonNullData(bytes), sqlite3_uint64(bytes.size()), SQLITE_STATIC);
}

bool NativeStatement::run(const QString& what, QString* error)
{
    int rc = sqlite3_step(m_stmt);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(m_stmt);
    if (rc != SQLITE_DONE && error)
        *error = what + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_stmt);
    return rc == SQLITE_DONE;
}

qint64 NativeStatement::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace hookscope
