// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QSqlDatabase;
struct sqlite3;

namespace hookscope {

// The `sqlite3*` behind a Qt SQL connection, for the few statements that run once per captured request.
//
// Why: Qt SQL costs the writer thread several microseconds per row (QString::arg in every positional bind,
// QVariant conversions, text bound as UTF-16, allocations), as much as SQLite's own work. Calling the C API on
// the same connection removes that, while schema, reads, edits and everything else stay on Qt SQL.
//
// It is only sound when Qt's SQLite plugin uses the very libsqlite3 Hookscope links: a handle from a copy
// built into the plugin would be a foreign struct to our functions. The build decides whether that holds
// (cmake/NativeSqlite.cmake checks the plugin's NEEDED entries); at run time this checks again that both
// sides report the same SQLite (version and source id) and that the driver hands out a "sqlite3*".
class SqliteHandle final {
public:
    // Whether this build has the native path at all.
    static bool compiledIn();
    // Whether SQLite took the settings made when the program loaded (memory statistics off). It refuses them
    // once initialized, for instance by another library that opened a database first.
    static bool configuredAtLoad();
    // The handle of `db` when the checks above pass, else nullptr and `whyNot` says which failed.
    static sqlite3* from(const QSqlDatabase& db, QString* whyNot);
    // Flushes the main database file of `handle` to disk, through SQLite's own file descriptor. (Opening and
    // closing another descriptor of that file would drop the POSIX locks SQLite holds on it.)
    static bool syncDatabaseFile(sqlite3* handle);
};

} // namespace hookscope
