// SPDX-License-Identifier: MIT
#include "ui/requests/requestlistmodel.h"

#include <QApplication>
#include <QColor>
#include <QDateTime>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>
#include <QRunnable>
#include <QStyle>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

namespace hookscope {

namespace {
    // The same unit style as the command line and the README: B, KiB, MiB.
    QString byteSize(qint64 bytes)
    {
        return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
    }

    // "127.0.0.1:5555" or "[::1]:5555".
    QString source(const QString& address, quint16 port)
    {
        if (address.isEmpty())
            return {};
        const QString host
            = address.contains(QLatin1Char(':')) ? QLatin1Char('[') + address + QLatin1Char(']') : address;
        return host + QLatin1Char(':') + QString::number(port);
    }

    QString localTime(qint64 us)
    {
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(us / 1000);
        // Today's requests need no date; older ones do, or two rows at 10:00 look alike.
        if (when.date() == QDate::currentDate())
            return when.toString(QStringLiteral("HH:mm:ss.zzz"));
        return when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    }

    // Readable on light and dark palettes alike.
    QColor rejectedColor()
    {
        return { 0xd3, 0x2f, 0x2f };
    }
} // namespace

RequestListModel::RequestListModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_liveTimer(new QTimer(this))
{
    m_strings << QString();
    m_stringIds.insert(QString(), 0);
    // Live rows that arrive together are caught up with one query, on the next pass of the event loop.
    m_liveTimer->setSingleShot(true);
    m_liveTimer->setInterval(0);
    connect(m_liveTimer, &QTimer::timeout, this, &RequestListModel::flushLive);
}

RequestListModel::~RequestListModel() = default;

void RequestListModel::setDatabasePath(const QString& path)
{
    m_path = path;
    m_reader.reset();
    reload();
}

void RequestListModel::setQuery(const CaptureListQuery& query)
{
    CaptureListQuery filters = query;
    filters.limit = 0;
    filters.beforeId = 0;
    filters.afterId = 0;
    if (filters == m_query)
        return;
    m_query = filters;
    reload();
}

bool RequestListModel::ensureReader()
{
    if (m_reader && m_reader->isOpen())
        return true;
    if (m_path.isEmpty() || !QFileInfo::exists(m_path))
        return false;
    auto reader = std::make_unique<CaptureReader>();
    QString error;
    // A database the store is still creating has no schema yet; the next capture tries again.
    if (!reader->open(m_path, &error))
        return false;
    m_reader = std::move(reader);
    return true;
}

void RequestListModel::fail(const QString& error)
{
    m_error = error;
    Q_EMIT errorOccurred(error);
}

void RequestListModel::reload()
{
    m_changing = true;
    beginResetModel();
    m_changing = false;
    m_rows.clear();
    m_strings.resize(1);
    m_stringIds.clear();
    m_stringIds.insert(QString(), 0);
    m_coveredFrom = 0;
    m_newestId = 0;
    m_atEnd = true;
    m_pending.clear();
    m_pendingUpto = 0;
    m_error.clear();
    loadFirstPage();
    m_changing = true;
    endResetModel();
    m_changing = false;
    startCount();
}

void RequestListModel::loadFirstPage()
{
    if (!ensureReader())
        return;
    // Read before the page: a row committed in between is then either on the page or newer than this.
    const qint64 newestBefore = m_reader->newestId();
    CaptureListQuery page = m_query;
    page.limit = m_pageSize;
    QString error;
    const auto rows = m_reader->list(page, &error);
    if (!rows) {
        fail(error);
        return;
    }
    for (const CaptureSummary& s : *rows)
        m_rows.append(rowFrom(s));
    m_newestId = qMax(newestBefore, rows->isEmpty() ? 0 : rows->first().id);
    m_atEnd = rows->size() < m_pageSize;
    m_coveredFrom = rows->isEmpty() ? 0 : rows->last().id;
}

bool RequestListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_changing;
}

void RequestListModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_atEnd || m_changing || !ensureReader())
        return;
    CaptureListQuery page = m_query;
    page.limit = m_pageSize;
    page.beforeId = m_coveredFrom;
    QString error;
    const auto rows = m_reader->list(page, &error);
    if (!rows) {
        m_atEnd = true;
        fail(error);
        return;
    }
    m_atEnd = rows->size() < m_pageSize;
    if (rows->isEmpty())
        return;
    m_coveredFrom = rows->last().id;
    QList<Row> loaded;
    loaded.reserve(rows->size());
    for (const CaptureSummary& s : *rows)
        loaded.append(rowFrom(s));
    insertLoaded(int(m_rows.size()), loaded);
}

void RequestListModel::insertLoaded(int at, const QList<Row>& rows)
{
    if (rows.isEmpty())
        return;
    // Views (and QAbstractItemModelTester) ask for more rows from inside the insertion's signals; fetching
    // there would nest one change inside another, so canFetchMore says no until this one is done.
    m_changing = true;
    beginInsertRows({}, at, at + int(rows.size()) - 1);
    if (at == 0) {
        // Oldest of the batch first, so the newest ends on top; QList prepends without moving the other rows.
        for (qsizetype i = rows.size() - 1; i >= 0; --i)
            m_rows.prepend(rows.at(i));
    } else {
        m_rows.append(rows);
    }
    endInsertRows();
    m_changing = false;
}

void RequestListModel::addLive(const CaptureSummary& summary)
{
    if (!summary.stored) {
        // Not in the database, so only its summary can tell whether it matches.
        if (matchesUnstored(summary))
            insertLoaded(0, { rowFrom(summary) });
        return;
    }
    if (summary.id <= m_newestId)
        return; // already read from the database
    m_pending.append(summary);
    m_pendingUpto = qMax(m_pendingUpto, summary.id);
    if (!m_liveTimer->isActive())
        m_liveTimer->start();
}

void RequestListModel::flushLive()
{
    if (m_pending.isEmpty())
        return;
    const QList<CaptureSummary> pending = std::exchange(m_pending, {});
    const qint64 upto = std::exchange(m_pendingUpto, 0);
    if (upto <= m_newestId)
        return;
    qint64 storedCount = 0;
    for (const CaptureSummary& s : pending)
        storedCount += s.id > qMax(m_newestId, m_countedUpto) ? 1 : 0;

    const bool wasOpen = m_reader && m_reader->isOpen();
    QList<Row> rows;
    if (ensureReader()) {
        // Asking the database, not the summaries, answers the search too (the reader scans rows the index
        // has not reached yet) and fills any gap left by captures announced before this model listened.
        CaptureListQuery catchUp = m_query;
        catchUp.beforeId = upto + 1;
        catchUp.afterId = m_newestId;
        const bool firstRows = m_newestId == 0 && m_rows.isEmpty();
        catchUp.limit = firstRows ? m_pageSize : 0;
        QString error;
        const auto found = m_reader->list(catchUp, &error);
        if (!found) {
            fail(error);
            return;
        }
        for (const CaptureSummary& s : *found)
            rows.append(rowFrom(s));
        if (firstRows && !found->isEmpty()) {
            m_coveredFrom = found->last().id;
            m_atEnd = found->size() < m_pageSize;
        }
    } else {
        for (qsizetype i = pending.size() - 1; i >= 0; --i) {
            if (pending.at(i).id > m_newestId && matchesUnstored(pending.at(i)))
                rows.append(rowFrom(pending.at(i)));
        }
    }
    m_newestId = upto;
    if (m_matching < 0) {
        for (const CaptureSummary& s : pending)
            m_liveIdsSinceCount.append(s.id);
    }
    insertLoaded(0, rows);
    if (!wasOpen && m_reader) {
        startCount(); // the database just appeared: count what it holds
    } else if (m_matching >= 0) {
        // A count that finished first may have seen some of these rows already.
        m_matching += std::count_if(rows.cbegin(), rows.cend(), [this](const Row& r) { return r.id > m_countedUpto; });
        m_total += storedCount;
        Q_EMIT countsChanged(m_matching, m_total);
    }
}

bool RequestListModel::matchesUnstored(const CaptureSummary& s) const
{
    if (!m_query.matchesWithoutSearch(s))
        return false;
    // Without the database, search looks at what the summary has: the method and the target.
    static const QRegularExpression split(QStringLiteral("\\s+"));
    const QString haystack = (QString::fromLatin1(s.method) + QLatin1Char(' ') + QString::fromUtf8(s.target)).toLower();
    const QStringList words = m_query.search.toLower().split(split, Qt::SkipEmptyParts);
    return std::all_of(words.cbegin(), words.cend(), [&](const QString& word) { return haystack.contains(word); });
}

void RequestListModel::startCount()
{
    const quint64 generation = ++m_generation;
    m_liveIdsSinceCount.clear();
    m_countedUpto = 0;
    m_matching = -1;
    m_total = -1;
    if (!ensureReader()) {
        m_matching = 0;
        m_total = 0;
        Q_EMIT countsChanged(0, 0);
        return;
    }
    // A count over a million rows with filters takes a while: it runs on its own connection off the UI
    // thread, and rows announced meanwhile are added to what it finds.
    // The result is posted to a messenger living on this thread; it finds the model gone if it was deleted.
    auto* messenger = new QObject;
    QThreadPool::globalInstance()->start(
        [messenger, model = QPointer<RequestListModel>(this), generation, path = m_path, query = m_query] {
            CaptureReader reader;
            QString error;
            std::optional<CaptureCounts> counts;
            if (reader.open(path, &error))
                counts = reader.counts(query, &error);
            QMetaObject::invokeMethod(
                messenger,
                [messenger, model, generation, counts] {
                    if (model && counts)
                        model->applyCount(generation, counts->matching, counts->total, counts->newestId);
                    messenger->deleteLater();
                },
                Qt::QueuedConnection);
        });
}

void RequestListModel::applyCount(quint64 generation, qint64 matching, qint64 total, qint64 newestId)
{
    if (generation != m_generation)
        return;
    // Rows above the counted snapshot are on top of the list.
    for (const Row& row : std::as_const(m_rows)) {
        if (row.stored && row.id <= newestId)
            break;
        matching += row.stored ? 1 : 0;
    }
    for (const qint64 id : std::as_const(m_liveIdsSinceCount))
        total += id > newestId ? 1 : 0;
    m_liveIdsSinceCount.clear();
    m_countedUpto = newestId;
    m_matching = matching;
    m_total = total;
    Q_EMIT countsChanged(m_matching, m_total);
}

quint32 RequestListModel::intern(const QString& text)
{
    const auto it = m_stringIds.constFind(text);
    if (it != m_stringIds.cend())
        return it.value();
    const auto id = quint32(m_strings.size());
    m_strings.append(text);
    m_stringIds.insert(text, id);
    return id;
}

RequestListModel::Row RequestListModel::rowFrom(const CaptureSummary& s)
{
    Row row;
    row.id = s.stored ? s.id : 0;
    row.receivedUs = s.receivedUs;
    row.bytes = s.bytes;
    row.target = s.target;
    row.method = intern(QString::fromLatin1(s.method));
    row.contentType = intern(QString::fromLatin1(s.contentType));
    row.remoteAddress = intern(s.remoteAddress);
    row.endpoint = intern(s.endpoint);
    row.reason = intern(s.stored ? s.rejectReason : s.storeError);
    row.remotePort = s.remotePort;
    row.status = qint16(s.status);
    row.signature = quint8(s.signatureState);
    row.rejected = s.rejected;
    row.pinned = s.pinned;
    row.stored = s.stored;
    return row;
}

qint64 RequestListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int RequestListModel::rowOf(qint64 id) const
{
    if (id <= 0)
        return -1;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return int(i);
    }
    return -1;
}

CaptureSummary RequestListModel::summaryAt(int row) const
{
    CaptureSummary s;
    if (row < 0 || row >= m_rows.size())
        return s;
    const Row& r = m_rows.at(row);
    s.id = r.id;
    s.receivedUs = r.receivedUs;
    s.method = text(r.method).toLatin1();
    s.target = r.target;
    s.status = r.status;
    s.bytes = r.bytes;
    s.rejected = r.rejected;
    s.remoteAddress = text(r.remoteAddress);
    s.remotePort = r.remotePort;
    s.contentType = text(r.contentType).toLatin1();
    s.pinned = r.pinned;
    s.endpoint = text(r.endpoint);
    s.signatureState = CaptureSignature::State(r.signature);
    s.stored = r.stored;
    (r.stored ? s.rejectReason : s.storeError) = text(r.reason);
    return s;
}

void RequestListModel::removeIds(const QList<qint64>& ids)
{
    for (const qint64 id : ids) {
        const int row = rowOf(id);
        if (m_total > 0)
            --m_total;
        if (row < 0)
            continue;
        m_changing = true;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        m_changing = false;
        if (m_matching > 0)
            --m_matching;
    }
    if (m_matching >= 0)
        Q_EMIT countsChanged(m_matching, m_total);
}

void RequestListModel::setPinned(qint64 id, bool pinned)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_rows[row].pinned = pinned;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RequestListModel::setSignature(qint64 id, CaptureSignature::State state, const QString& endpoint)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_rows[row].signature = quint8(state);
    m_rows[row].endpoint = intern(endpoint);
    Q_EMIT dataChanged(index(row, SignatureColumn), index(row, SignatureColumn));
}

int RequestListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestListModel::display(const Row& row, int column) const
{
    switch (column) {
    case TimeColumn: return localTime(row.receivedUs);
    case MethodColumn: return text(row.method);
    case PathColumn: return QString::fromUtf8(row.target);
    case StatusColumn: {
        // A request cut off before we could answer has no status: a dash, not a 0.
        QString status = row.status > 0 ? QString::number(row.status) : QStringLiteral("-");
        if (row.rejected)
            status += QLatin1Char(' ') + tr("rejected");
        if (!row.stored)
            status += QLatin1Char(' ') + tr("(not stored)");
        return status;
    }
    case SizeColumn: return byteSize(row.bytes);
    case ContentTypeColumn: return text(row.contentType);
    case SourceColumn: return source(text(row.remoteAddress), row.remotePort);
    case SignatureColumn: {
        QString verdict;
        switch (CaptureSignature::State(row.signature)) {
        case CaptureSignature::State::Valid: verdict = tr("valid"); break;
        case CaptureSignature::State::Invalid: verdict = tr("invalid"); break;
        case CaptureSignature::State::NotChecked: break;
        }
        const QString& endpoint = text(row.endpoint);
        if (endpoint.isEmpty() || verdict.isEmpty())
            return endpoint.isEmpty() ? verdict : endpoint;
        return QStringLiteral("%1 (%2)").arg(verdict, endpoint);
    }
    default: return {};
    }
}

QVariant RequestListModel::toolTip(const Row& row, int column) const
{
    if (column == StatusColumn && row.rejected)
        return tr("Rejected: %1").arg(text(row.reason));
    if (column == StatusColumn && !row.stored)
        return tr("Not stored: %1").arg(text(row.reason));
    if (column == TimeColumn)
        return QDateTime::fromMSecsSinceEpoch(row.receivedUs / 1000).toString(Qt::ISODateWithMs);
    if (column == PathColumn)
        return QString::fromUtf8(row.target);
    if (column == SignatureColumn && row.signature != 0) {
        return row.signature == quint8(CaptureSignature::State::Valid)
            ? tr("Signature valid for endpoint %1").arg(text(row.endpoint))
            : tr("Signature invalid for endpoint %1").arg(text(row.endpoint));
    }
    if (column == SizeColumn)
        return tr("%n byte(s)", nullptr, int(qMin<qint64>(row.bytes, INT_MAX)));
    return {};
}

QVariant RequestListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(row, column);
    case Qt::ToolTipRole: return toolTip(row, column);
    case Qt::ForegroundRole:
        return (column == StatusColumn && (row.rejected || !row.stored))
                || (column == SignatureColumn && row.signature == quint8(CaptureSignature::State::Invalid))
            ? QVariant(rejectedColor())
            : QVariant();
    case Qt::DecorationRole: {
        const QStyle* style = QApplication::style();
        if (!style)
            return {};
        if (column == StatusColumn && (row.rejected || !row.stored))
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        if (column == SignatureColumn && row.signature == quint8(CaptureSignature::State::Valid))
            return style->standardIcon(QStyle::SP_DialogApplyButton);
        if (column == SignatureColumn && row.signature == quint8(CaptureSignature::State::Invalid))
            return style->standardIcon(QStyle::SP_MessageBoxCritical);
        return {};
    }
    case Qt::TextAlignmentRole:
        return column == SizeColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case CaptureIdRole: return row.id;
    case RejectedRole: return row.rejected;
    case StoredRole: return row.stored;
    case PinnedRole: return row.pinned;
    default: return {};
    }
}

QVariant RequestListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case MethodColumn: return tr("Method");
    case PathColumn: return tr("Path");
    case StatusColumn: return tr("Status");
    case SizeColumn: return tr("Size");
    case ContentTypeColumn: return tr("Content type");
    case SourceColumn: return tr("Source");
    case SignatureColumn: return tr("Signature");
    default: return {};
    }
}

} // namespace hookscope
