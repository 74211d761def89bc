// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/capture/capturesummary.h"
#include "core/storage/sqlconnection.h"

#include <QList>

#include <optional>

namespace hookscope {

// What a listing asks for. Every filter is pushed down into SQL; an empty or zero field does not filter.
// All given filters must hold (AND).
struct CaptureListQuery {
    int limit = 50; // 0 or less: no limit
    qint64 beforeId = 0; // keyset paging: only captures older than this id; 0 = from the newest
    qint64 afterId = 0; // only captures newer than this id (live catch-up); 0 = no lower bound
    QString search; // free text over method, target, headers and text bodies

    QList<QByteArray> methods; // any of these, exactly as stored (HTTP methods are case-sensitive)
    // A substring of the request target (path and query) as stored: case-sensitive bytes, no decoding.
    QByteArray targetContains;
    // The status we answered, inclusive range; 0 = unbounded. One status: from == to; "4xx": 400..499.
    // A status range includes rejected requests (they were answered with that status too).
    int statusFrom = 0;
    int statusTo = 0;
    bool rejectedOnly = false;
    // A prefix of the Content-Type field value, ASCII case-insensitive (media types are): "application/json"
    // matches "application/json; charset=utf-8" (and "application/json-seq").
    QByteArray contentTypePrefix;
    // When the first byte arrived, UTC microseconds since the epoch, both inclusive; 0 = unbounded.
    qint64 receivedFromUs = 0;
    qint64 receivedToUs = 0;

    // Any filter besides paging.
    bool isFiltered() const;
    // The filters that need no database (all but `search`) checked against one summary, with the same meaning
    // as in SQL. Live rows use it before their capture is (or if it never is) stored.
    bool matchesWithoutSearch(const CaptureSummary& summary) const;

    bool operator==(const CaptureListQuery&) const = default;
};

// How many captures there are and how many match, read from one snapshot, with the newest id it held: rows
// newer than `newestId` arrived after the count.
struct CaptureCounts {
    qint64 matching = 0;
    qint64 total = 0;
    qint64 newestId = 0;
};

// Read-only access to a capture database, for listings, the command line and the window's models.
// Opening never creates or changes the file.
class CaptureReader final {
public:
    CaptureReader() = default;
    Q_DISABLE_COPY_MOVE(CaptureReader)

    bool open(const QString& path, QString* error);
    bool isOpen() const { return m_db.isOpen(); }
    void close() { m_db.close(); }
    QString path() const { return m_db.path(); }

    // Newest first.
    std::optional<QList<CaptureSummary>> list(const CaptureListQuery& query, QString* error) const;
    // How many captures match the query's filters and search, ignoring its paging fields (limit, beforeId,
    // afterId).
    std::optional<qint64> countMatching(const CaptureListQuery& query, QString* error) const;
    std::optional<CaptureCounts> counts(const CaptureListQuery& query, QString* error) const;
    std::optional<CapturedRequest> get(qint64 id, QString* error) const;
    qint64 count() const;
    qint64 newestId() const; // 0 when empty

    // Turns what a user types into an FTS5 query: every word must appear, as a word prefix.
    static QString ftsQuery(const QString& text);

private:
    SqlConnection m_db;
};

} // namespace hookscope
