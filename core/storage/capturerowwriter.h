// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/capture/capturesink.h"

#include <QString>

#include <memory>
#include <span>
#include <vector>

class QSqlQuery;

namespace hookscope {

class SqlConnection;

// The statements the capture writer runs for every capture, every response time and every group commit:
// through the SQLite C API on the writer's own connection where SqliteHandle allows it (that is where the
// writer's time per row went: see sqlitehandle.h), through Qt SQL otherwise. Both paths store the same values,
// column for column; tst_capturestorepaths compares them.
class CaptureRowWriter final {
public:
    CaptureRowWriter();
    ~CaptureRowWriter();
    Q_DISABLE_COPY_MOVE(CaptureRowWriter)

    // Prepares the statements on `db`, natively unless `qtSqlOnly` or the checks say no.
    bool prepare(const SqlConnection& db, bool qtSqlOnly, QString* error);
    // Finalizes the statements; must come before the connection closes.
    void release();
    bool usesNativeSqlite() const;

    enum class Transaction { Begin, Commit, Rollback };
    bool transaction(Transaction step, QString* error);
    // Inserts one capture; `id` is its row id. On failure `error` says why, and the transaction must roll back.
    bool insert(const CapturedRequest& capture, qint64* id, QString* error);
    // Stores the response times whose capture is still the row with that id (see ResponseTime::receivedUs).
    bool markResponded(const std::vector<ResponseTime>& times, QString* error);

private:
    struct NativePath; // defined in the .cpp (empty without the native path)

    bool prepareNative(QString* error);
    bool insertQt(const CapturedRequest& capture, qint64* id, QString* error);
    bool insertNative(const CapturedRequest& capture, qint64* id, QString* error);
    // One statement's worth: a single time, or a group of kRespondedGroup.
    bool markRespondedQt(std::span<const ResponseTime> rows, bool group, const QString& what, QString* error);
    bool markRespondedNative(std::span<const ResponseTime> rows, bool group, const QString& what, QString* error);

    const SqlConnection* m_db = nullptr;
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_markResponded;
    std::unique_ptr<QSqlQuery> m_markRespondedGroup;
    std::unique_ptr<NativePath> m_native; // null: everything runs through Qt SQL
};

} // namespace hookscope
