// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesummary.h"
#include "core/storage/capturereader.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <memory>

class QTimer;

namespace hookscope {

// The captured requests, newest first, paged from the capture database (keyset pagination through
// CaptureReader, one page per fetchMore) and updated live from the receiver's `captured` signal. It never
// loads every row: only what the view scrolled to. The database is read-only here; the store writes it on
// another thread or in another process, and it may not exist yet (the list is empty until it does).
class RequestListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestListModel)
public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        StatusColumn,
        SizeColumn,
        ContentTypeColumn,
        SourceColumn,
        SignatureColumn,
        ColumnCount
    };
    enum Role {
        CaptureIdRole = Qt::UserRole + 1, // qint64; 0 for a request that was not stored
        RejectedRole, // bool
        StoredRole, // bool
        PinnedRole, // bool
    };

    explicit RequestListModel(QObject* parent = nullptr);
    ~RequestListModel() override;

    // Where the captures are; the file may appear later. Resets the list.
    void setDatabasePath(const QString& path);
    QString databasePath() const { return m_path; }
    // Filters and search; paging fields are the model's own. Resets the list if the query changed.
    void setQuery(const CaptureListQuery& query);
    const CaptureListQuery& query() const { return m_query; }
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    // The last error reading the database, empty when fine (a missing database is not an error).
    QString errorString() const { return m_error; }

    qint64 idAt(int row) const; // 0 when out of range or not stored
    int rowOf(qint64 id) const; // -1 when not loaded
    CaptureSummary summaryAt(int row) const;
    // After deleting captures: drops their rows.
    void removeIds(const QList<qint64>& ids);
    void setPinned(qint64 id, bool pinned);
    void setSignature(qint64 id, CaptureSignature::State state, const QString& endpoint);

    // "N of M": -1 while not known yet (they are counted in the background).
    qint64 matchingCount() const { return m_matching; }
    qint64 totalCount() const { return m_total; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

public Q_SLOTS:
    // One capture, as the receiver announces it once stored (or failed to store). Shown when it matches.
    void addLive(const hookscope::CaptureSummary& summary);
    // Drops everything and loads the newest page again (after "clear all", or to pick up other writers).
    void reload();

Q_SIGNALS:
    void countsChanged(qint64 matching, qint64 total);
    void errorOccurred(const QString& error);

private:
    // A compact row: strings that repeat (method, address, content type, endpoint, reasons) are interned, so a
    // deep scroll costs little memory per row.
    struct Row {
        qint64 id = 0;
        qint64 receivedUs = 0;
        qint64 bytes = 0;
        QByteArray target;
        quint32 method = 0;
        quint32 contentType = 0;
        quint32 remoteAddress = 0;
        quint32 endpoint = 0;
        quint32 reason = 0; // reject reason, or why it was not stored
        quint16 remotePort = 0;
        qint16 status = 0;
        quint8 signature = 0;
        bool rejected = false;
        bool pinned = false;
        bool stored = false;
    };
    struct CountResult;

    bool ensureReader();
    Row rowFrom(const CaptureSummary& s);
    quint32 intern(const QString& text);
    const QString& text(quint32 id) const { return m_strings.at(id); }
    QVariant display(const Row& row, int column) const;
    QVariant toolTip(const Row& row, int column) const;
    // Rows at the end (a page) or at 0 (live rows, newest first).
    void insertLoaded(int at, const QList<Row>& rows);
    void flushLive();
    bool matchesUnstored(const CaptureSummary& s) const;
    void loadFirstPage();
    void startCount();
    void applyCount(quint64 generation, qint64 matching, qint64 total, qint64 newestId);
    void fail(const QString& error);

    QString m_path;
    CaptureListQuery m_query;
    std::unique_ptr<CaptureReader> m_reader;
    QList<Row> m_rows;
    QList<QString> m_strings;
    QHash<QString, quint32> m_stringIds;
    int m_pageSize = 200;
    // Every matching stored row with an id in [m_coveredFrom, m_newestId] is in m_rows; fetchMore continues
    // below m_coveredFrom (0: from the newest), live catch-up above m_newestId.
    qint64 m_coveredFrom = 0;
    qint64 m_newestId = 0;
    bool m_atEnd = true;
    bool m_changing = false; // inside a begin/end pair, including its signals
    QList<CaptureSummary> m_pending; // stored live rows waiting for the next catch-up
    qint64 m_pendingUpto = 0;
    QTimer* m_liveTimer;
    QList<qint64> m_liveIdsSinceCount; // stored ids announced live, for counts taken before they arrived
    qint64 m_countedUpto = 0; // the newest id the last count saw
    qint64 m_matching = -1;
    qint64 m_total = -1;
    quint64 m_generation = 0;
    QString m_error;
};

} // namespace hookscope
