// SPDX-License-Identifier: MIT
#include "core/http/receiver.h"

#include "core/capture/wallclock.h"
#include "core/http/httpconnection.h"
#include "core/platform/readinesspoller.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcReceiver, "hookscope.receiver", QtWarningMsg)

namespace hookscope {

// Listens and accepts with Qt, but hands over the bare socket: the connection does its own I/O
// (see HttpConnection).
class ConnectionListener final : public QTcpServer {
public:
    ConnectionListener(std::function<void(qintptr)> accepted, QObject* parent)
        : QTcpServer(parent)
        , m_accepted(std::move(accepted))
    {
    }

protected:
    void incomingConnection(qintptr socket) override { m_accepted(socket); }

private:
    std::function<void(qintptr)> m_accepted;
};

namespace {
    // Bursts from a provider's retry queue open many connections at once; Qt's default backlog (50) would
    // refuse some of them. (Qt's pending-connection limit does not apply: each one is taken over at once.)
    constexpr int kListenBacklog = 1024;

    int sweepIntervalMs(const ReceiverLimits& limits)
    {
        const int shortest
            = std::min({ limits.headerTimeoutMs, limits.bodyIdleTimeoutMs, limits.keepAliveIdleMs, limits.lingerMs });
        return std::clamp(shortest / 4, 5, 1000);
    }
} // namespace

Receiver::Receiver(CaptureSink* sink, QObject* parent)
    : QObject(parent)
    , m_sink(sink)
    , m_poller(new platform::ReadinessPoller(this))
    , m_server(new ConnectionListener([this](qintptr socket) { accept(socket); }, this))
    , m_sweepTimer(new QTimer(this))
    , m_drainTimer(new QTimer(this))
{
    qRegisterMetaType<hookscope::CaptureSummary>();
    connect(m_sink, &CaptureSink::committed, this, &Receiver::onCommitted);
    connect(m_sweepTimer, &QTimer::timeout, this, &Receiver::sweep);
    m_drainTimer->setInterval(5);
    connect(m_drainTimer, &QTimer::timeout, this, &Receiver::checkDrained);
}

Receiver::~Receiver()
{
    // stop() records requests cut off mid-way; what stamps them may be gone already (it is owned elsewhere).
    m_stamp = {};
    stop();
}

bool Receiver::start(const ReceiverOptions& options)
{
    stop();
    m_options = options;
    m_server->setListenBacklogSize(kListenBacklog);
    if (!m_server->listen(options.address, options.port)) {
        m_addressInUse = m_server->serverError() == QAbstractSocket::AddressInUseError;
        m_error = m_server->serverError() == QAbstractSocket::AddressInUseError
            ? QStringLiteral("port %1 on %2 is already in use").arg(options.port).arg(options.address.toString())
            : QStringLiteral("cannot listen on %1 port %2: %3")
                  .arg(options.address.toString())
                  .arg(options.port)
                  .arg(m_server->errorString());
        return false;
    }
    m_error.clear();
    m_responses.setSpec(options.response);
    m_sweepTimer->start(sweepIntervalMs(options.limits));
    Q_EMIT listeningChanged(true);
    return true;
}

void Receiver::stop()
{
    if (!m_responded.isEmpty())
        handOverResponseTimes();
    m_drainTimer->stop();
    m_shuttingDown = false;
    if (!m_server->isListening() && m_connections.isEmpty())
        return;
    m_server->close();
    m_sweepTimer->stop();
    const QSet<HttpConnection*> connections = m_connections;
    m_connections.clear();
    for (HttpConnection* connection : connections) {
        // Nothing that arrived goes unrecorded, not even half a request.
        connection->recordCutOffRequest(QStringLiteral("Hookscope stopped listening before the request was complete"));
        delete connection;
    }
    Q_EMIT listeningChanged(false);
}

void Receiver::shutdown(int graceMs)
{
    m_server->close();
    m_shuttingDown = true;
    m_drainDeadlineUs = wallClockMicros() + qint64(graceMs) * 1000;
    // A copy: a connection whose peer is already gone finishes right here and leaves the set.
    const QSet<HttpConnection*> connections = m_connections;
    for (HttpConnection* connection : connections)
        connection->expediteResponses();
    m_drainTimer->start();
    checkDrained();
}

void Receiver::checkDrained()
{
    bool busy = false;
    for (HttpConnection* connection : std::as_const(m_connections))
        busy = busy || connection->hasUnsentResponses();
    if (busy && wallClockMicros() < m_drainDeadlineUs)
        return;
    stop();
    Q_EMIT drained();
}

bool Receiver::isListening() const
{
    return m_server->isListening();
}

QHostAddress Receiver::address() const
{
    return m_server->serverAddress();
}

quint16 Receiver::port() const
{
    return m_server->serverPort();
}

QUrl Receiver::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = address();
    // A wildcard bind is reachable on loopback; that is the address to try first.
    if (host == QHostAddress::AnyIPv4) {
        host = QHostAddress(QHostAddress::LocalHost);
    } else if (host == QHostAddress::AnyIPv6 || host == QHostAddress::Any) {
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    }
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

void Receiver::setResponse(const ResponseSpec& response)
{
    m_options.response = response;
    m_responses.setSpec(response);
}

void Receiver::accept(qintptr socket)
{
    auto* connection = new HttpConnection(socket, m_poller, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::closed, this, [this, connection] { m_connections.remove(connection); });
}

quint64 Receiver::submit(CapturedRequest capture, HttpConnection* from)
{
    if (m_stamp)
        m_stamp(capture);
    Ticket ticket;
    ticket.connection = from;
    CaptureSummary& s = ticket.summary;
    s.receivedUs = capture.receivedUs;
    s.method = capture.method;
    s.target = capture.target;
    s.status = capture.responseStatus;
    s.bytes = capture.rejected ? capture.rawPrefix.size() : capture.head.size() + capture.body.size();
    s.rejected = capture.rejected;
    s.rejectReason = capture.rejectReason;
    s.remoteAddress = capture.remoteAddress;
    s.remotePort = capture.remotePort;
    s.contentType = headers::first(capture.headers, "content-type");
    s.endpoint = capture.signature.endpoint;
    s.signatureState = capture.signature.state;
    const quint64 id = m_sink->submit(std::move(capture));
    m_tickets.emplace(id, std::move(ticket));
    return id;
}

void Receiver::recordResponded(qint64 captureId, qint64 receivedUs)
{
    if (m_responded.isEmpty())
        QMetaObject::invokeMethod(this, &Receiver::handOverResponseTimes, Qt::QueuedConnection);
    m_responded.append({ captureId, wallClockMicros(), receivedUs });
}

void Receiver::handOverResponseTimes()
{
    m_sink->recordResponded(std::exchange(m_responded, {}));
}

void Receiver::onCommitted(const QList<CommitReceipt>& receipts)
{
    for (const CommitReceipt& receipt : receipts) {
        auto it = m_tickets.find(receipt.ticket);
        if (it == m_tickets.end())
            continue;
        Ticket ticket = std::move(it.value());
        m_tickets.erase(it);
        ticket.summary.id = receipt.id;
        ticket.summary.stored = receipt.stored;
        ticket.summary.storeError = receipt.error;
        if (HttpConnection* connection = ticket.connection.data()) {
            // A request refused by the store is answered 503 if its connection still waits for the answer;
            // one already rejected (400, 414, ...) or cut off keeps the status it got.
            if (const int answered = connection->onCommitted(receipt); answered != 0)
                ticket.summary.status = answered;
        }
        Q_EMIT captured(ticket.summary);
    }
}

void Receiver::sweep()
{
    const qint64 now = wallClockMicros();
    const QSet<HttpConnection*> connections = m_connections;
    for (HttpConnection* connection : connections)
        connection->checkTimeouts(now);
}

} // namespace hookscope
