// SPDX-License-Identifier: MIT
#include "core/storage/schema.h"

#include "core/storage/sqlconnection.h"

#include <QStringList>
#include <QVariant>

namespace hookscope {

namespace {

    // What search indexes for a capture, as SQL over its columns (prefix "" for a row, "old." in a trigger).
    // The index is an external-content table, so these expressions must give the same text when a row is
    // indexed and when it is removed again; defining them once guarantees that.
    QString searchedColumns(const QString& row)
    {
        return QStringLiteral("%1method, CAST(%1target AS TEXT), CAST(%1headers AS TEXT), "
                              "CASE WHEN %1text_searchable THEN CAST(substr(CASE WHEN %1rejected THEN %1raw_prefix "
                              "ELSE %1body END, 1, 65536) AS TEXT) ELSE '' END")
            .arg(row);
    }

    // Each step is a list of statements (QSQLITE runs one statement per exec). Steps are append-only:
    // once released, a step never changes; a new need gets a new step.
    QStringList stepStatements(int toVersion)
    {
        switch (toVersion) {
        case 1:
            return {
                QStringLiteral(R"(CREATE TABLE captures (
                    id INTEGER PRIMARY KEY,
                    received_us INTEGER NOT NULL,
                    complete_us INTEGER NOT NULL,
                    responded_us INTEGER NOT NULL DEFAULT 0,
                    remote_address TEXT NOT NULL,
                    remote_port INTEGER NOT NULL,
                    local_address TEXT NOT NULL,
                    local_port INTEGER NOT NULL,
                    method TEXT NOT NULL,
                    target BLOB NOT NULL,
                    path BLOB NOT NULL,
                    query BLOB NOT NULL,
                    http_version TEXT NOT NULL,
                    head BLOB NOT NULL,
                    headers BLOB NOT NULL,
                    trailers BLOB NOT NULL,
                    body BLOB NOT NULL,
                    chunked INTEGER NOT NULL,
                    response_status INTEGER NOT NULL,
                    response_headers BLOB NOT NULL,
                    response_body BLOB NOT NULL,
                    rejected INTEGER NOT NULL,
                    reject_reason TEXT NOT NULL,
                    raw_prefix BLOB NOT NULL))"),
            };
        case 2:
            // Full-text search. Rows are indexed shortly after they are stored (see CaptureWriter), so the
            // index never sits on the acknowledgement path; `indexed_upto` says how far it has got.
            return {
                QStringLiteral("CREATE VIRTUAL TABLE capture_search USING fts5(method, target, headers, body)"),
                QStringLiteral("CREATE TABLE store_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
                QStringLiteral("INSERT INTO store_state (key, value) VALUES ('indexed_upto', 0)"),
                QStringLiteral("CREATE TRIGGER captures_unindex AFTER DELETE ON captures BEGIN "
                               "DELETE FROM capture_search WHERE rowid = old.id; END"),
            };
        case 3:
            // Retention and pinning.
            return {
                QStringLiteral("ALTER TABLE captures ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0"),
                QStringLiteral("ALTER TABLE captures ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
                QStringLiteral("ALTER TABLE captures ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0"),
                QStringLiteral("UPDATE captures SET stored_bytes = length(head) + length(body) + length(raw_prefix)"),
                QStringLiteral("CREATE INDEX captures_by_time ON captures (received_us)"),
                QStringLiteral("CREATE INDEX captures_retention ON captures (pinned, id, stored_bytes)"),
            };
        case 4:
            // Whether the body (the raw prefix, if rejected) is text that search covers; the writer decides for
            // new rows. Older rows were indexed before; for them "no NUL byte" is close enough.
            return {
                QStringLiteral("ALTER TABLE captures ADD COLUMN text_searchable INTEGER NOT NULL DEFAULT 0"),
                QStringLiteral("UPDATE captures SET text_searchable = (instr(CASE WHEN rejected THEN raw_prefix "
                               "ELSE body END, x'00') = 0)"),
            };
        case 5:
            // The search index stops keeping its own copy of every text body: it reads them from the captures
            // through a view. It is rebuilt in the background from the start.
            return {
                QStringLiteral("DROP TRIGGER captures_unindex"),
                QStringLiteral("DROP TABLE capture_search"),
                QStringLiteral("CREATE VIEW capture_search_source (id, method, target, headers, body) AS SELECT id, ")
                    + searchedColumns(QString()) + QStringLiteral(" FROM captures"),
                QStringLiteral("CREATE VIRTUAL TABLE capture_search USING fts5(method, target, headers, body, "
                               "content='capture_search_source', content_rowid='id')"),
                QStringLiteral("CREATE TRIGGER captures_unindex BEFORE DELETE ON captures "
                               "WHEN old.id <= (SELECT value FROM store_state WHERE key = 'indexed_upto') BEGIN "
                               "INSERT INTO capture_search (capture_search, rowid, method, target, headers, body) "
                               "VALUES ('delete', old.id, ")
                    + searchedColumns(QStringLiteral("old.")) + QStringLiteral("); END"),
                QStringLiteral("UPDATE store_state SET value = 0 WHERE key = 'indexed_upto'"),
            };
        case 6:
            // The content type as a column, for listings and filters without parsing the header blob, and the
            // signature verdict of the endpoint a capture belongs to.
            return {
                QStringLiteral("ALTER TABLE captures ADD COLUMN content_type TEXT NOT NULL DEFAULT ''"),
                QStringLiteral("ALTER TABLE captures ADD COLUMN endpoint TEXT NOT NULL DEFAULT ''"),
                QStringLiteral("ALTER TABLE captures ADD COLUMN signature_state INTEGER NOT NULL DEFAULT 0"),
                QStringLiteral("ALTER TABLE captures ADD COLUMN signature_scheme TEXT NOT NULL DEFAULT ''"),
                QStringLiteral("ALTER TABLE captures ADD COLUMN signature_detail TEXT NOT NULL DEFAULT ''"),
                // Older rows: the first Content-Type field of the stored "Name: value\r\n" lines. lower() folds
                // ASCII only, so offsets in the folded text are offsets in the original.
                QStringLiteral("UPDATE captures SET content_type = (SELECT CASE WHEN p > 0 THEN "
                               "substr(substr(h, p + 16), 1, instr(substr(h, p + 16) || char(13, 10), "
                               "char(13, 10)) - 1) ELSE '' END FROM (SELECT h, instr(lower(h), char(13, 10) || "
                               "'content-type: ') AS p FROM (SELECT char(13, 10) || CAST(captures.headers AS TEXT) "
                               "AS h)))"),
            };
        case 7:
            // Response times in a narrow table of their own. A response goes out only after its capture's row is
            // committed, so its time came as an UPDATE that rewrote that wide row a second time: a third of what
            // storing the capture cost the writer. A two-column row appended in id order costs a fraction of that.
            // Rows from before keep their time in captures.responded_us; readers take this table's first.
            return {
                QStringLiteral("CREATE TABLE response_times (id INTEGER PRIMARY KEY, responded_us INTEGER NOT NULL)"),
                QStringLiteral("CREATE TRIGGER captures_forget_response_time AFTER DELETE ON captures BEGIN "
                               "DELETE FROM response_times WHERE id = old.id; END"),
            };
        case 8:
            // Retention reads a narrow catalog of the captures instead of two indexes on the captures table.
            // Every commit rewrote the last pages of both indexes: under load that was 2 KB of writes and 2 us
            // of the writer's time per 1 KiB request, a quarter of what storing it cost. The writer catalogs new
            // rows in bulk, a thousand at a time or every 250 ms (CaptureWriter), at open (after a crash), and
            // before each retention pass, which therefore sees every row.
            // Deleting or pinning a capture updates its catalog row in the same statement.
            return {
                QStringLiteral("CREATE TABLE capture_catalog (id INTEGER PRIMARY KEY, received_us INTEGER NOT NULL, "
                               "stored_bytes INTEGER NOT NULL, pinned INTEGER NOT NULL)"),
                QStringLiteral("CREATE INDEX capture_catalog_by_time ON capture_catalog (received_us)"),
                QStringLiteral("INSERT INTO capture_catalog (id, received_us, stored_bytes, pinned) "
                               "SELECT id, received_us, stored_bytes, pinned FROM captures"),
                QStringLiteral("DROP INDEX captures_by_time"),
                QStringLiteral("DROP INDEX captures_retention"),
                QStringLiteral("CREATE TRIGGER captures_uncatalog AFTER DELETE ON captures BEGIN "
                               "DELETE FROM capture_catalog WHERE id = old.id; END"),
                QStringLiteral("CREATE TRIGGER captures_catalog_pin AFTER UPDATE OF pinned ON captures BEGIN "
                               "UPDATE capture_catalog SET pinned = new.pinned WHERE id = new.id; END"),
            };
        default: return {};
        }
    }

} // namespace

int Schema::inspect(const SqlConnection& db, QString* error)
{
    QString sqlError;
    // The first read tells a damaged or foreign file apart from ours.
    const QVariant appId = db.scalar(QStringLiteral("PRAGMA application_id"), &sqlError);
    if (!appId.isValid()) {
        if (error) {
            *error = QStringLiteral("%1 is not a readable SQLite database (%2). Hookscope will not touch it: "
                                    "move it aside or choose another file with --db.")
                         .arg(db.path(), sqlError);
        }
        return -1;
    }
    const int version = db.scalar(QStringLiteral("PRAGMA user_version")).toInt();
    const int tables = db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema")).toInt();
    const bool ours = appId.toInt() == kApplicationId || (appId.toInt() == 0 && version == 0 && tables == 0);
    if (!ours) {
        if (error) {
            *error = QStringLiteral("%1 is not a Hookscope capture database; it was left untouched. "
                                    "Choose another file with --db.")
                         .arg(db.path());
        }
        return -1;
    }
    if (version > kLatestVersion) {
        if (error) {
            *error = QStringLiteral("%1 was written by a newer Hookscope (schema version %2; this build knows up "
                                    "to %3). It was left untouched: upgrade Hookscope or choose another --db.")
                         .arg(db.path())
                         .arg(version)
                         .arg(kLatestVersion);
        }
        return -1;
    }
    return version;
}

bool Schema::migrate(const SqlConnection& db, QString* error, int targetVersion)
{
    const int version = inspect(db, error);
    if (version < 0)
        return false;
    for (int step = version + 1; step <= targetVersion; ++step) {
        if (!applyStep(db, step, error))
            return false;
    }
    return true;
}

bool Schema::applyStep(const SqlConnection& db, int toVersion, QString* error)
{
    QString sqlError;
    if (!db.exec(QStringLiteral("BEGIN IMMEDIATE"), &sqlError)) {
        if (error)
            *error = QStringLiteral("cannot upgrade %1: %2").arg(db.path(), sqlError);
        return false;
    }
    QStringList statements = stepStatements(toVersion);
    statements << QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId)
               << QStringLiteral("PRAGMA user_version = %1").arg(toVersion);
    for (const QString& sql : std::as_const(statements)) {
        if (!db.exec(sql, &sqlError)) {
            db.exec(QStringLiteral("ROLLBACK"));
            if (error) {
                *error = QStringLiteral("cannot upgrade %1 to schema version %2: %3")
                             .arg(db.path())
                             .arg(toVersion)
                             .arg(sqlError);
            }
            return false;
        }
    }
    if (!db.exec(QStringLiteral("COMMIT"), &sqlError)) {
        db.exec(QStringLiteral("ROLLBACK"));
        if (error)
            *error = QStringLiteral("cannot upgrade %1: %2").arg(db.path(), sqlError);
        return false;
    }
    return true;
}

} // namespace hookscope
