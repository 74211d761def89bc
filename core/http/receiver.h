// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesink.h"
#include "core/capture/capturesummary.h"
#include "core/http/receiverlimits.h"
#include "core/http/responsecache.h"
#include "core/http/responsespec.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <functional>

class QTimer;

namespace hookscope {

namespace platform {
    class ReadinessPoller;
}
class ConnectionListener;
class HttpConnection;

struct ReceiverOptions {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 picks a free port; port() tells which
    ReceiverLimits limits;
    ResponseSpec response;
};

// The local HTTP receiver: accepts connections, hands every request to the capture sink, and answers only
// after the sink has stored it.
class Receiver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Receiver)
public:
    explicit Receiver(CaptureSink* sink, QObject* parent = nullptr);
    ~Receiver() override;

    bool start(const ReceiverOptions& options);
    // Drops every connection at once.
    void stop();
    // Stops accepting, answers every request whose capture is (or is about to be) stored without waiting
    // out response delays, then stops and emits `drained`; `graceMs` bounds the wait.
    void shutdown(int graceMs);
    bool isShuttingDown() const { return m_shuttingDown; }
    bool isListening() const;
    QString errorString() const { return m_error; }
    bool addressInUse() const { return m_addressInUse; }
    QHostAddress address() const;
    quint16 port() const;
    QUrl url() const; // what to paste into a provider

    const ReceiverOptions& options() const { return m_options; }
    void setResponse(const ResponseSpec& response);
    // Runs on each capture before it is stored, e.g. to record which endpoint it belongs to and whether its
    // signature holds. Called on the receiver's thread; it delays that request's acknowledgement only.
    using CaptureStamp = std::function<void(CapturedRequest&)>;
    void setStamp(CaptureStamp stamp) { m_stamp = std::move(stamp); }

    // Used by connections.
    quint64 submit(CapturedRequest capture, HttpConnection* from);
    void recordResponded(qint64 captureId, qint64 receivedUs);
    const ResponseCache::Prepared& preparedResponse(ResponseCache::Framing framing, bool headRequest, qint64 nowUs)
    {
        return m_responses.get(framing, headRequest, nowUs);
    }

Q_SIGNALS:
    void captured(const hookscope::CaptureSummary& summary);
    void listeningChanged(bool listening);
    void drained();

private:
    struct Ticket {
        QPointer<HttpConnection> connection;
        CaptureSummary summary;
    };

    void accept(qintptr socket);
    void onCommitted(const QList<hookscope::CommitReceipt>& receipts);
    void sweep();
    void checkDrained();
    void handOverResponseTimes();

    CaptureSink* m_sink;
    platform::ReadinessPoller* m_poller;
    ConnectionListener* m_server;
    QTimer* m_sweepTimer;
    ReceiverOptions m_options;
    QString m_error;
    QSet<HttpConnection*> m_connections;
    QHash<quint64, Ticket> m_tickets;
    ResponseCache m_responses;
    QList<ResponseTime> m_responded; // handed to the sink once per event-loop pass
    CaptureStamp m_stamp;
    bool m_shuttingDown = false;
    bool m_addressInUse = false;
    qint64 m_drainDeadlineUs = 0;
    QTimer* m_drainTimer;
};

} // namespace hookscope
