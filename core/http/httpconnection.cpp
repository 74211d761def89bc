// SPDX-License-Identifier: MIT
#include "core/http/httpconnection.h"

#include "core/capture/wallclock.h"
#include "core/http/receiver.h"
#include "core/http/responsebytes.h"
#include "core/platform/socketshutdown.h"

#include <QTcpSocket>
#include <QTimer>

namespace hookscope {

namespace {
    constexpr qint64 kReadBufferBytes = qint64(256) * 1024;
}

HttpConnection::HttpConnection(QTcpSocket* socket, Receiver* receiver)
    : QObject(receiver)
    , m_socket(socket)
    , m_receiver(receiver)
    , m_parser(receiver->options().limits)
{
    socket->setParent(this);
    // Bounded buffering: when we stop reading (too many pipelined requests), TCP pushes back on the client.
    socket->setReadBufferSize(kReadBufferBytes);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_peerAddress = socket->peerAddress().toString();
    m_peerPort = socket->peerPort();
    m_localAddress = socket->localAddress().toString();
    m_localPort = socket->localPort();
    m_lastActivityUs = wallClockMicros();
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readSocket);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    if (socket->bytesAvailable() > 0)
        readSocket();
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::stampEndpoints(CapturedRequest& request) const
{
    // Cached at accept time: Qt forgets the peer once the socket disconnects.
    request.remoteAddress = m_peerAddress;
    request.remotePort = m_peerPort;
    request.localAddress = m_localAddress;
    request.localPort = m_localPort;
}

void HttpConnection::readSocket()
{
    if (m_finished)
        return;
    const qint64 now = wallClockMicros();
    m_lastActivityUs = now;
    if (m_lingering || m_closing) {
        // Whatever arrives after the last request we answer is drained, not parsed.
        if (m_offset >= m_buffer.size() && !m_kick) {
            m_socket->readAll();
            return;
        }
    }

    const int maxPending = m_receiver->options().limits.maxPipelinedRequests;
    while (!m_finished) {
        if (m_closing && !m_kick)
            return;
        if (m_offset >= m_buffer.size() && !m_kick) {
            if (int(m_pending.size()) >= maxPending || m_socket->bytesAvailable() <= 0)
                return;
            m_buffer = m_socket->readAll();
            m_offset = 0;
        } else if (int(m_pending.size()) >= maxPending) {
            return; // resumed by writeReadyResponses()
        }
        m_kick = false;

        const bool wasIdle = !m_parser.midMessage();
        const RequestParser::Step step
            = m_parser.feed(m_buffer.constData() + m_offset, m_buffer.size() - m_offset, now);
        m_offset += step.consumed;
        if (wasIdle && m_parser.midMessage())
            m_messageStartUs = now;

        switch (step.event) {
        case RequestParser::Event::NeedMore: break;
        case RequestParser::Event::HeadersReady:
            m_kick = true;
            if (m_parser.expectsContinue()) {
                Pending interim;
                interim.bytes = QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n");
                interim.ready = true;
                interim.interim = true;
                m_pending.push_back(std::move(interim));
                writeReadyResponses();
            }
            break;
        case RequestParser::Event::MessageComplete: handleMessage(); break;
        case RequestParser::Event::Error: reject(m_parser.errorStatus(), m_parser.errorReason()); return;
        }
    }
}

void HttpConnection::handleMessage()
{
    const bool keepAlive = m_parser.keepAlive();
    CapturedRequest request = m_parser.takeMessage();
    stampEndpoints(request);

    const ResponseCache::Framing framing = !keepAlive ? ResponseCache::Framing::Close
        : request.httpVersion == "HTTP/1.0"           ? ResponseCache::Framing::KeepAliveHttp10
                                                      : ResponseCache::Framing::KeepAlive;
    const ResponseCache::Prepared& prepared
        = m_receiver->preparedResponse(framing, request.method == "HEAD", request.completeUs);
    request.responseStatus = m_receiver->options().response.status;
    request.responseHeaders = prepared.headers;
    request.responseBody = prepared.body;

    Pending pending;
    pending.bytes = prepared.bytes;
    pending.closeAfter = !keepAlive;
    pending.ticket = m_receiver->submit(std::move(request), this);
    m_pending.push_back(std::move(pending));
    if (!keepAlive)
        m_closing = true;
}

void HttpConnection::reject(int status, const QString& reason)
{
    CapturedRequest record = m_parser.takeRejected();
    stampEndpoints(record);

    const QByteArray body = QByteArray::number(status) + ' ' + reasonPhrase(status) + ": " + reason.toUtf8() + '\n';
    const HeaderList responseHeaders {
        { "Content-Type", "text/plain; charset=utf-8" },
        { "Content-Length", QByteArray::number(body.size()) },
        { "Date", httpDate(wallClockMicros()) },
        { "Connection", "close" },
    };
    record.responseHeaders = responseHeaders;
    record.respondedUs = wallClockMicros(); // written right below, without waiting for the store
    record.responseBody = body;

    Pending pending;
    pending.bytes = responseBytes(status, responseHeaders, body);
    pending.ready = true;
    pending.closeAfter = true;
    // A rejected request is recorded, but its answer does not wait for the store: there is nothing to
    // acknowledge, and a client flooding garbage should not hold a transaction open.
    m_receiver->submit(std::move(record), nullptr);
    m_closing = true;
    m_kick = false;
    m_pending.push_back(std::move(pending));
    writeReadyResponses();
}

void HttpConnection::onCommitted(const CommitReceipt& receipt)
{
    for (Pending& pending : m_pending) {
        if (pending.ticket != receipt.ticket || pending.interim)
            continue;
        if (!receipt.stored) {
            // Never acknowledge what we could not keep: the sender should retry.
            const QByteArray body
                = "503 Service Unavailable: the request could not be stored: " + receipt.error.toUtf8() + '\n';
            pending.bytes = responseBytes(503,
                { { "Content-Type", "text/plain; charset=utf-8" },
                    { "Content-Length", QByteArray::number(body.size()) }, { "Connection", "close" } },
                body);
            pending.closeAfter = true;
            m_closing = true;
            pending.ready = true;
        } else {
            pending.captureId = receipt.id;
            const int delay = m_receiver->isShuttingDown() ? 0 : m_receiver->options().response.delayMs;
            if (delay > 0) {
                const quint64 ticket = pending.ticket;
                QTimer::singleShot(delay, this, [this, ticket] {
                    for (Pending& p : m_pending) {
                        if (p.ticket == ticket && !p.interim)
                            p.ready = true;
                    }
                    writeReadyResponses();
                });
                return;
            }
            pending.ready = true;
        }
        break;
    }
    writeReadyResponses();
}

void HttpConnection::expediteResponses()
{
    for (Pending& pending : m_pending) {
        if (pending.captureId > 0)
            pending.ready = true;
    }
    writeReadyResponses();
}

bool HttpConnection::hasUnsentResponses() const
{
    if (m_finished)
        return false;
    return !m_pending.empty() || m_socket->bytesToWrite() > 0;
}

void HttpConnection::writeReadyResponses()
{
    if (m_finished)
        return;
    bool wrote = false;
    while (!m_pending.empty() && m_pending.front().ready) {
        Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        m_socket->write(pending.bytes);
        wrote = true;
        if (pending.captureId > 0)
            m_receiver->recordResponded(pending.captureId);
        if (pending.closeAfter) {
            m_pending.clear();
            m_socket->flush();
            beginLingeringClose();
            return;
        }
    }
    if (wrote) {
        // Hand the bytes to the kernel now instead of on the next event-loop pass: saves a poll round trip
        // per response.
        m_socket->flush();
        m_lastActivityUs = wallClockMicros();
        // Reading may have paused on the pipelining bound.
        if (!m_closing && (m_offset < m_buffer.size() || m_socket->bytesAvailable() > 0))
            QMetaObject::invokeMethod(this, &HttpConnection::readSocket, Qt::QueuedConnection);
    }
}

void HttpConnection::beginLingeringClose()
{
    m_closing = true;
    m_lingering = true;
    m_lingerUntilUs = wallClockMicros() + qint64(m_receiver->options().limits.lingerMs) * 1000;
    if (m_socket->bytesToWrite() == 0)
        platform::shutdownSending(m_socket->socketDescriptor());
    m_socket->readAll();
}

void HttpConnection::onBytesWritten()
{
    if (m_lingering && m_socket->bytesToWrite() == 0)
        platform::shutdownSending(m_socket->socketDescriptor());
}

void HttpConnection::checkTimeouts(qint64 nowUs)
{
    if (m_finished)
        return;
    const ReceiverLimits& limits = m_receiver->options().limits;
    if (m_lingering) {
        if (nowUs > m_lingerUntilUs) {
            m_socket->abort();
            finish();
        }
        return;
    }
    if (m_closing)
        return; // waiting for the store; its receipt always comes
    if (m_parser.inHeaderSection()) {
        if (nowUs - m_messageStartUs > qint64(limits.headerTimeoutMs) * 1000) {
            m_parser.abortWith(
                408, QStringLiteral("the header section did not arrive within %1 ms").arg(limits.headerTimeoutMs));
            reject(408, m_parser.errorReason());
        }
    } else if (m_parser.midMessage()) {
        if (nowUs - m_lastActivityUs > qint64(limits.bodyIdleTimeoutMs) * 1000) {
            m_parser.abortWith(
                408, QStringLiteral("the body made no progress for %1 ms").arg(limits.bodyIdleTimeoutMs));
            reject(408, m_parser.errorReason());
        }
    } else if (m_pending.empty() && nowUs - m_lastActivityUs > qint64(limits.keepAliveIdleMs) * 1000) {
        m_socket->abort();
        finish();
    }
}

void HttpConnection::onDisconnected()
{
    if (m_finished)
        return;
    if (!m_closing && m_socket->bytesAvailable() > 0)
        readSocket();
    if (!m_closing && m_parser.finish()) {
        // Nothing can be answered any more, but the user must still see that something arrived.
        CapturedRequest record = m_parser.takeRejected();
        stampEndpoints(record);
        record.responseStatus = 0;
        m_receiver->submit(std::move(record), nullptr);
    }
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_pending.clear();
    Q_EMIT closed();
    deleteLater();
}

} // namespace hookscope
