// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/capture/capturesummary.h"
#include "core/storage/sqlconnection.h"

#include <QList>

#include <optional>

namespace hookscope {

struct CaptureListQuery {
    int limit = 50;
    qint64 beforeId = 0; // keyset paging: only captures older than this id; 0 = from the newest
    QString search; // free text over method, target, headers and text bodies
};

// Read-only access to a capture database, for listings, the command line and the window's models.
// Opening never creates or changes the file.
class CaptureReader final {
public:
    CaptureReader() = default;
    Q_DISABLE_COPY_MOVE(CaptureReader)

    bool open(const QString& path, QString* error);

    // Newest first.
    std::optional<QList<CaptureSummary>> list(const CaptureListQuery& query, QString* error) const;
    std::optional<CapturedRequest> get(qint64 id, QString* error) const;
    qint64 count() const;

    // Turns what a user types into an FTS5 query: every word must appear, as a word prefix.
    static QString ftsQuery(const QString& text);

private:
    SqlConnection m_db;
};

} // namespace hookscope
