// SPDX-License-Identifier: MIT
#include "core/http/httpconnection.h"

#include "core/capture/wallclock.h"
#include "core/http/receiver.h"
#include "core/http/responsebytes.h"
#include "core/platform/rawsocket.h"

#include <QTimer>

#include <array>

namespace hookscope {

namespace {
    // One read takes a small request with room to spare, and a large body in few system calls. What is not
    // read stays in the kernel, so TCP pushes back on a client that sends faster than we store.
    constexpr qsizetype kReadChunkBytes = qsizetype(64) * 1024;
    // Responses the kernel has not taken yet, beyond which no further request is read or response queued: a
    // client that pipelines without reading its answers is pushed back by TCP instead of growing our memory.
    constexpr qsizetype kOutputHighWaterBytes = qsizetype(256) * 1024;
    // One readiness report drains at most this much: a peer flooding a closing connection cannot hold the thread.
    constexpr int kDrainReadsPerWakeup = 16;
} // namespace

HttpConnection::HttpConnection(qintptr socket, platform::ReadinessPoller* poller, Receiver* receiver)
    : QObject(receiver)
    , m_socket(socket)
    , m_poller(poller)
    , m_receiver(receiver)
    , m_parser(receiver->options().limits)
{
    // Cached at accept time: the ends are unknown once the peer has gone.
    QHostAddress local;
    QHostAddress peer;
    platform::socketEnds(socket, &local, &m_localPort, &peer, &m_peerPort);
    m_localAddress = local.toString();
    m_peerAddress = peer.toString();
    m_lastActivityUs = wallClockMicros();
    if (!platform::prepareAcceptedSocket(socket)) {
        closeSocket();
        QMetaObject::invokeMethod(this, &HttpConnection::finish, Qt::QueuedConnection);
        return;
    }
    m_poller->watch(socket, this, true, false);
}

HttpConnection::~HttpConnection()
{
    closeSocket();
}

void HttpConnection::stampEndpoints(CapturedRequest& request) const
{
    // Cached at accept time: a socket whose peer has gone no longer tells.
    request.remoteAddress = m_peerAddress;
    request.remotePort = m_peerPort;
    request.localAddress = m_localAddress;
    request.localPort = m_localPort;
}

void HttpConnection::socketReadable()
{
    m_readable = true;
    readSocket();
}

void HttpConnection::socketWritable()
{
    sendOutput();
    writeReadyResponses(); // responses held back while the kernel's buffer was full
}

void HttpConnection::readSocket()
{
    m_readQueued = false;
    if (m_finished)
        return;
    const qint64 now = wallClockMicros();
    m_lastActivityUs = now;
    if (m_closing) {
        // Whatever arrives after the last request we answer is drained, not parsed. It must be read all the same:
        // the poller is level-triggered and would report it again and again, and the peer's FIN or reset is
        // behind it.
        stopParsing();
        drainSocket();
        return;
    }

    while (!m_finished && !m_closing) {
        if (mustPushBack()) {
            // Resumed by resumeReadingIfRoom(). Until then the kernel holds the bytes and TCP pushes back.
            m_readPaused = true;
            updateInterest();
            return;
        }
        if (m_offset >= m_filled && !m_kick && !fillBuffer()) {
            if (m_broken) {
                onBroken();
            } else if (m_peerEof) {
                onPeerEof();
            }
            return;
        }
        m_kick = false;

        const bool wasIdle = !m_parser.midMessage();
        const RequestParser::Step step = m_parser.feed(m_buffer.constData() + m_offset, m_filled - m_offset, now);
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

bool HttpConnection::fillBuffer()
{
    // After a short read the socket is empty until the poller says otherwise: asking again would only cost a
    // system call that answers "would block".
    if (!m_readable || m_peerEof || m_broken || m_socket < 0)
        return false;
    if (m_buffer.size() != kReadChunkBytes)
        m_buffer.resize(kReadChunkBytes);
    const platform::SocketIo io = platform::receiveSome(m_socket, m_buffer.data(), m_buffer.size());
    if (io.wouldBlock) {
        m_readable = false;
        return false;
    }
    if (io.failed || io.bytes == 0) {
        (io.failed ? m_broken : m_peerEof) = true;
        return false;
    }
    m_offset = 0;
    m_filled = io.bytes;
    m_readable = io.bytes == m_buffer.size();
    return true;
}

void HttpConnection::drainSocket()
{
    std::array<char, std::size_t(16) * 1024> scratch {};
    for (int i = 0; i < kDrainReadsPerWakeup && m_socket >= 0 && !m_peerEof && !m_broken; ++i) {
        const platform::SocketIo io = platform::receiveSome(m_socket, scratch.data(), qint64(scratch.size()));
        if (io.wouldBlock)
            return;
        if (io.failed) {
            m_broken = true;
            onBroken();
            return;
        }
        if (io.bytes == 0) {
            m_peerEof = true;
            onPeerEof();
            return;
        }
    }
}

void HttpConnection::stopParsing()
{
    m_closing = true;
    m_offset = m_filled;
    m_kick = false;
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
    pending.receivedUs = request.receivedUs;
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

int HttpConnection::onCommitted(const CommitReceipt& receipt)
{
    int answered = 0;
    for (Pending& pending : m_pending) {
        if (pending.ticket != receipt.ticket || pending.interim)
            continue;
        if (!receipt.stored) {
            // Never acknowledge what we could not keep: the sender should retry.
            answered = 503;
            const QByteArray body
                = "503 Service Unavailable: the request could not be stored: " + receipt.error.toUtf8() + '\n';
            pending.bytes = responseBytes(answered,
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
                return answered;
            }
            pending.ready = true;
        }
        break;
    }
    writeReadyResponses();
    return answered;
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
    return !m_pending.empty() || unsentBytes() > 0;
}

void HttpConnection::writeReadyResponses()
{
    while (!m_finished) {
        bool moved = false;
        // Bounded by what the kernel has not taken yet: the rest waits in m_pending, which bounds reading.
        while (!m_pending.empty() && m_pending.front().ready && unsentBytes() < kOutputHighWaterBytes) {
            Pending pending = std::move(m_pending.front());
            m_pending.pop_front();
            if (unsentBytes() == 0) {
                m_output = std::move(pending.bytes); // shares the cached response: no copy
                m_outputOffset = 0;
                m_lastSendProgressUs = wallClockMicros();
            } else {
                m_output.append(pending.bytes);
            }
            moved = true;
            m_lastActivityUs = wallClockMicros();
            if (pending.captureId > 0)
                m_receiver->recordResponded(pending.captureId, pending.receivedUs);
            if (pending.closeAfter) {
                m_pending.clear();
                beginLingeringClose();
                return;
            }
        }
        if (!moved)
            break;
        // Straight to the kernel: a response that fits its buffer (nearly all) costs one system call.
        sendOutput();
    }
    resumeReadingIfRoom();
}

bool HttpConnection::mustPushBack() const
{
    return int(m_pending.size()) >= m_receiver->options().limits.maxPipelinedRequests
        || unsentBytes() >= kOutputHighWaterBytes;
}

void HttpConnection::resumeReadingIfRoom()
{
    if (m_finished || !m_readPaused || m_closing)
        return;
    if (mustPushBack())
        return;
    m_readPaused = false;
    m_readable = true;
    updateInterest();
    // Requests may already wait in the buffer; parse them on the next pass, outside whoever called us.
    if (!m_readQueued) {
        m_readQueued = true;
        QMetaObject::invokeMethod(this, &HttpConnection::readSocket, Qt::QueuedConnection);
    }
}

void HttpConnection::sendOutput()
{
    if (m_finished)
        return;
    while (unsentBytes() > 0 && m_socket >= 0 && !m_broken) {
        const platform::SocketIo io
            = platform::sendSome(m_socket, m_output.constData() + m_outputOffset, unsentBytes());
        if (io.wouldBlock)
            break; // the poller says when the kernel takes more
        if (io.failed) {
            m_broken = true;
            onBroken();
            return;
        }
        m_outputOffset += io.bytes;
        m_lastSendProgressUs = wallClockMicros();
    }
    if (unsentBytes() == 0 && !m_output.isEmpty()) {
        m_output = QByteArray();
        m_outputOffset = 0;
    }
    if (unsentBytes() == 0) {
        if (m_peerEof && m_pending.empty()) {
            // The peer sends nothing more and has every answer it asked for.
            finish();
            return;
        }
        if (m_lingering && !m_finSent) {
            platform::shutdownSending(m_socket);
            m_finSent = true;
            // The lingering time counts from here: a large last response may take longer than that to go out.
            m_lingerUntilUs = wallClockMicros() + qint64(m_receiver->options().limits.lingerMs) * 1000;
        }
    }
    updateInterest();
}

void HttpConnection::updateInterest()
{
    // Reading stops at end of stream: a level-triggered poller would report it again on every pass.
    if (m_socket >= 0)
        m_poller->setInterest(m_socket, !m_readPaused && !m_peerEof && !m_broken, unsentBytes() > 0 && !m_broken);
}

void HttpConnection::beginLingeringClose()
{
    stopParsing();
    m_lingering = true;
    m_readPaused = false;
    sendOutput();
    if (m_finished)
        return;
    m_readable = true;
    drainSocket();
}

void HttpConnection::checkTimeouts(qint64 nowUs)
{
    if (m_finished)
        return;
    const ReceiverLimits& limits = m_receiver->options().limits;
    if (unsentBytes() > 0) {
        // A peer still taking its response is not idle, however long that takes; one that takes nothing is.
        if (nowUs - m_lastSendProgressUs > qint64(limits.sendIdleTimeoutMs) * 1000)
            finish();
        return;
    }
    if (m_lingering) {
        if (m_finSent && nowUs > m_lingerUntilUs)
            finish();
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
        finish();
    }
}

void HttpConnection::recordCutOffRequest(const QString& why)
{
    if (m_closing || !m_parser.finish(why))
        return;
    // Nothing can be answered any more, but the user must still see that something arrived.
    CapturedRequest record = m_parser.takeRejected();
    stampEndpoints(record);
    record.responseStatus = 0;
    m_receiver->submit(std::move(record), nullptr);
}

void HttpConnection::onPeerEof()
{
    if (m_finished)
        return;
    // A half-close ends the requests, not the connection: the peer may still be reading (`nc -N` and some HTTP
    // libraries shut down their sending side right after the request). Answer what was asked, then close.
    recordCutOffRequest({});
    stopParsing();
    if (m_pending.empty() && unsentBytes() == 0) {
        finish();
        return;
    }
    updateInterest();
}

void HttpConnection::onBroken()
{
    if (m_finished)
        return;
    // The peer is gone; what it sent before still counts.
    recordCutOffRequest({});
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_pending.clear();
    closeSocket();
    Q_EMIT closed();
    deleteLater();
}

void HttpConnection::closeSocket()
{
    if (m_socket < 0)
        return;
    m_poller->unwatch(m_socket);
    platform::closeSocket(m_socket);
    m_socket = -1;
}

} // namespace hookscope
