// SPDX-License-Identifier: MIT
#include "ui/requests/filterbar.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>

namespace hookscope {

namespace {
    enum class StatusChoice { Any, Success, Redirect, ClientError, ServerError, Rejected };

    QComboBox* comboBox(QWidget* parent, const QString& name, const QString& accessibleName)
    {
        auto* box = new QComboBox(parent);
        box->setObjectName(name);
        box->setAccessibleName(accessibleName);
        return box;
    }
} // namespace

FilterBar::FilterBar(QWidget* parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_method(comboBox(this, QStringLiteral("method"), tr("Method")))
    , m_path(new QLineEdit(this))
    , m_status(comboBox(this, QStringLiteral("status"), tr("Status")))
    , m_contentType(comboBox(this, QStringLiteral("contentType"), tr("Content type")))
    , m_time(comboBox(this, QStringLiteral("time"), tr("Time range")))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_count(new QLabel(this))
    , m_debounce(new QTimer(this))
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setAccessibleName(tr("Search"));
    m_search->setPlaceholderText(tr("Search methods, paths, headers and bodies"));
    m_search->setToolTip(
        tr("Every word must appear, at the start of a word. Bodies are searched in their first 64 KiB of text."));
    m_search->setClearButtonEnabled(true);

    m_method->addItem(tr("Any method"));
    for (const char* method : { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" })
        m_method->addItem(QString::fromLatin1(method), QByteArray(method));

    m_path->setObjectName(QStringLiteral("path"));
    m_path->setAccessibleName(tr("Path contains"));
    m_path->setPlaceholderText(tr("Path contains"));
    m_path->setClearButtonEnabled(true);

    m_status->addItem(tr("Any status"), int(StatusChoice::Any));
    m_status->addItem(tr("2xx"), int(StatusChoice::Success));
    m_status->addItem(tr("3xx"), int(StatusChoice::Redirect));
    m_status->addItem(tr("4xx"), int(StatusChoice::ClientError));
    m_status->addItem(tr("5xx"), int(StatusChoice::ServerError));
    m_status->addItem(tr("Rejected"), int(StatusChoice::Rejected));

    // Editable: any prefix of a media type, with the common ones one click away.
    m_contentType->setEditable(true);
    m_contentType->setInsertPolicy(QComboBox::NoInsert);
    m_contentType->addItems(
        { QString(), QStringLiteral("application/json"), QStringLiteral("application/x-www-form-urlencoded"),
            QStringLiteral("multipart/form-data"), QStringLiteral("application/xml"), QStringLiteral("text/") });
    m_contentType->lineEdit()->setPlaceholderText(tr("Any content type"));
    m_contentType->lineEdit()->setAccessibleName(tr("Content type"));

    m_time->addItem(tr("Any time"), int(TimeRange::Any));
    m_time->addItem(tr("Last 5 minutes"), int(TimeRange::Last5Minutes));
    m_time->addItem(tr("Last hour"), int(TimeRange::LastHour));
    m_time->addItem(tr("Today"), int(TimeRange::Today));
    m_time->addItem(tr("Custom…"), int(TimeRange::Custom));
    for (QDateTimeEdit* edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setVisible(false);
    }
    m_from->setObjectName(QStringLiteral("from"));
    m_from->setAccessibleName(tr("From"));
    m_to->setObjectName(QStringLiteral("to"));
    m_to->setAccessibleName(tr("To"));

    m_count->setObjectName(QStringLiteral("count"));
    m_count->setAccessibleName(tr("Matching requests"));

    // The content type list holds long media types; they must not squeeze the path field.
    m_contentType->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_contentType->setMinimumContentsLength(12);
    auto* top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_count);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_method);
    filters->addWidget(m_path, 2);
    filters->addWidget(m_status);
    filters->addWidget(m_contentType, 1);
    filters->addWidget(m_time);
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(filters);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &FilterBar::emitNow);
    connect(m_search, &QLineEdit::textChanged, this, &FilterBar::scheduleEmit);
    connect(m_path, &QLineEdit::textChanged, this, &FilterBar::scheduleEmit);
    connect(m_contentType, &QComboBox::editTextChanged, this, &FilterBar::scheduleEmit);
    // Enter applies what was typed without waiting.
    connect(m_search, &QLineEdit::returnPressed, this, &FilterBar::emitNow);
    connect(m_path, &QLineEdit::returnPressed, this, &FilterBar::emitNow);
    connect(m_method, &QComboBox::currentIndexChanged, this, &FilterBar::emitNow);
    connect(m_status, &QComboBox::currentIndexChanged, this, &FilterBar::emitNow);
    connect(m_time, &QComboBox::currentIndexChanged, this, &FilterBar::onTimeRangeChanged);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::scheduleEmit);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::scheduleEmit);
    setCounts(-1, -1);
}

FilterBar::~FilterBar() = default;

void FilterBar::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

CaptureListQuery FilterBar::query() const
{
    CaptureListQuery q;
    q.search = m_search->text().trimmed();
    const QByteArray method = m_method->currentData().toByteArray();
    if (!method.isEmpty())
        q.methods = { method };
    q.targetContains = m_path->text().toUtf8();
    switch (StatusChoice(m_status->currentData().toInt())) {
    case StatusChoice::Any: break;
    case StatusChoice::Success: q.statusFrom = 200, q.statusTo = 299; break;
    case StatusChoice::Redirect: q.statusFrom = 300, q.statusTo = 399; break;
    case StatusChoice::ClientError: q.statusFrom = 400, q.statusTo = 499; break;
    case StatusChoice::ServerError: q.statusFrom = 500, q.statusTo = 599; break;
    case StatusChoice::Rejected: q.rejectedOnly = true; break;
    }
    q.contentTypePrefix = m_contentType->currentText().trimmed().toLatin1();
    const QDateTime now = m_clock();
    switch (TimeRange(m_time->currentData().toInt())) {
    case TimeRange::Any: break;
    case TimeRange::Last5Minutes: q.receivedFromUs = now.addSecs(qint64(-5) * 60).toMSecsSinceEpoch() * 1000; break;
    case TimeRange::LastHour: q.receivedFromUs = now.addSecs(-3600).toMSecsSinceEpoch() * 1000; break;
    case TimeRange::Today: q.receivedFromUs = QDateTime(now.date(), QTime(0, 0)).toMSecsSinceEpoch() * 1000; break;
    case TimeRange::Custom:
        q.receivedFromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
        // The editor shows whole seconds: "to 10:00:05" includes all of that second.
        q.receivedToUs = m_to->dateTime().toMSecsSinceEpoch() * 1000 + 999'999;
        break;
    }
    return q;
}

void FilterBar::setTimeRange(TimeRange range)
{
    m_time->setCurrentIndex(m_time->findData(int(range)));
}

void FilterBar::setCustomRange(const QDateTime& from, const QDateTime& to)
{
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_from->setDateTime(from);
    m_to->setDateTime(to);
    if (TimeRange(m_time->currentData().toInt()) == TimeRange::Custom) {
        emitNow();
    } else {
        setTimeRange(TimeRange::Custom);
    }
}

void FilterBar::onTimeRangeChanged()
{
    const bool custom = TimeRange(m_time->currentData().toInt()) == TimeRange::Custom;
    if (custom && m_from->isHidden()) {
        // Start from the last hour, something sensible to narrow down from.
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        const QDateTime now = m_clock();
        if (m_from->dateTime() == m_from->minimumDateTime())
            m_from->setDateTime(now.addSecs(-3600));
        if (m_to->dateTime() == m_to->minimumDateTime())
            m_to->setDateTime(now);
    }
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    emitNow();
}

void FilterBar::setCounts(qint64 matching, qint64 total)
{
    if (matching < 0 || total < 0) {
        m_count->setText(tr("counting…"));
        return;
    }
    const QLocale locale;
    m_count->setText(tr("%1 of %2").arg(locale.toString(matching), locale.toString(total)));
}

void FilterBar::clearFilters()
{
    m_emitting = false;
    m_search->clear();
    m_method->setCurrentIndex(0);
    m_path->clear();
    m_status->setCurrentIndex(0);
    m_contentType->setCurrentIndex(0);
    m_contentType->setEditText(QString());
    m_time->setCurrentIndex(0);
    m_emitting = true;
    emitNow();
}

void FilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void FilterBar::scheduleEmit()
{
    if (m_emitting)
        m_debounce->start();
}

void FilterBar::emitNow()
{
    if (!m_emitting)
        return;
    m_debounce->stop();
    Q_EMIT queryChanged(query());
}

} // namespace hookscope
