// SPDX-License-Identifier: MIT
#pragma once

#include "core/storage/capturereader.h"

#include <QDateTime>
#include <QWidget>

#include <functional>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QTimer;

namespace hookscope {

// Search and filters above the request list. Typing is debounced (300 ms); choosing from a list applies at
// once. Emits the whole query each time it changes, and shows "N of M" from setCounts().
class FilterBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)
public:
    enum class TimeRange { Any, Last5Minutes, LastHour, Today, Custom };

    explicit FilterBar(QWidget* parent = nullptr);
    ~FilterBar() override;

    // The query the controls describe now (time ranges relative to now).
    CaptureListQuery query() const;
    // For tests: what "now" is.
    void setClock(std::function<QDateTime()> clock);
    static constexpr int kDebounceMs = 300;

    void setTimeRange(TimeRange range);
    void setCustomRange(const QDateTime& from, const QDateTime& to);

public Q_SLOTS:
    // -1 for "not known yet".
    void setCounts(qint64 matching, qint64 total);
    // Back to showing everything.
    void clearFilters();
    void focusSearch();

Q_SIGNALS:
    void queryChanged(const hookscope::CaptureListQuery& query);

private:
    void scheduleEmit();
    void emitNow();
    void onTimeRangeChanged();

    QLineEdit* m_search;
    QComboBox* m_method;
    QLineEdit* m_path;
    QComboBox* m_status;
    QComboBox* m_contentType;
    QComboBox* m_time;
    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    QLabel* m_count;
    QTimer* m_debounce;
    std::function<QDateTime()> m_clock;
    bool m_emitting = true;
};

} // namespace hookscope
