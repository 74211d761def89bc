// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"

#include <QFutureWatcher>
#include <QObject>

namespace hookscope {

// Reads one whole capture (its body may be tens of megabytes) on a worker thread, so selecting a request
// never stalls the window. Only the newest request asked for is delivered.
class CaptureLoader final : public QObject {
    Q_OBJECT

public:
    explicit CaptureLoader(QObject* parent = nullptr);
    ~CaptureLoader() override;

    void setDatabasePath(const QString& path) { m_path = path; }
    void load(qint64 id);

Q_SIGNALS:
    void loaded(const hookscope::CapturedRequest& capture);
    void failed(qint64 id, const QString& error);

private:
    struct Result {
        qint64 id = 0;
        std::optional<CapturedRequest> capture;
        QString error;
    };
    void deliver();

    QString m_path;
    qint64 m_wanted = 0;
    QFutureWatcher<Result> m_watcher;
};

} // namespace hookscope
