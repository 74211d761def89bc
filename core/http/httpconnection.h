// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesink.h"
#include "core/capture/capturesummary.h"
#include "core/http/receiverlimits.h"
#include "core/http/requestparser.h"
#include "core/http/responsespec.h"
#include "core/platform/readinesspoller.h"

#include <QObject>
#include <QPointer>

#include <deque>

namespace hookscope {

class Receiver;

// One client connection: feeds socket bytes to the parser, submits each request to the sink, and writes
// responses strictly in request order once their captures are stored. It owns the accepted socket and reads
// and writes it directly when the receiver's poller says it can (see platform/rawsocket.h for why).
class HttpConnection final : public QObject, private platform::ReadinessPoller::Client {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(qintptr socket, platform::ReadinessPoller* poller, Receiver* receiver);
    ~HttpConnection() override;

    // The capture behind `ticket` is stored (or failed to be): its response may go out. Returns the status sent
    // instead of the prepared response's (503 when it could not be stored), or 0.
    int onCommitted(const CommitReceipt& receipt);
    // Enforces the header, body-progress and keep-alive timeouts; called periodically by the receiver.
    void checkTimeouts(qint64 nowUs);
    // Shutting down: responses waiting out a configured delay go now.
    void expediteResponses();
    // A request is waiting for its capture to be stored, or a response is not yet with the kernel.
    bool hasUnsentResponses() const;
    // The receiver stops: a request still arriving is recorded as cut off, for `why`.
    void recordCutOffRequest(const QString& why);

Q_SIGNALS:
    void closed();

private:
    struct Pending {
        quint64 ticket = 0;
        QByteArray bytes; // the complete response, once known
        bool ready = false;
        bool closeAfter = false;
        qint64 captureId = 0;
        qint64 receivedUs = 0; // of the capture, for its response time
        bool interim = false; // 100 Continue
    };

    void socketReadable() override;
    void socketWritable() override;
    void readSocket();
    bool fillBuffer(); // false: nothing more to read now (or the peer is done or gone)
    void drainSocket(); // reads and drops what arrives once no further request is parsed
    void handleMessage();
    void reject(int status, const QString& reason);
    void writeReadyResponses();
    void sendOutput();
    void resumeReadingIfRoom();
    void updateInterest();
    void beginLingeringClose();
    void stopParsing();
    void onPeerEof();
    void onBroken();
    void closeSocket();
    void finish();
    void stampEndpoints(CapturedRequest& request) const;
    qint64 unsentBytes() const { return m_output.size() - m_outputOffset; }
    // Too many requests awaiting answers, or too many answers the kernel has not taken: read no further.
    bool mustPushBack() const;

    qintptr m_socket;
    platform::ReadinessPoller* m_poller;
    Receiver* m_receiver;
    RequestParser m_parser;
    QByteArray m_buffer; // holds bytes [m_offset, m_filled) not yet parsed
    qsizetype m_offset = 0;
    qsizetype m_filled = 0;
    QByteArray m_output; // response bytes the kernel has not taken yet, from m_outputOffset
    qsizetype m_outputOffset = 0;
    bool m_peerEof = false; // the peer half-closed (or closed): nothing more arrives, but it may still read
    bool m_broken = false; // reset or another error: nothing can be sent either
    bool m_readPaused = false; // too many pipelined requests wait, or responses are not taken: TCP pushes back
    bool m_readQueued = false;
    bool m_readable = false; // the poller said so, and no read since came back short
    std::deque<Pending> m_pending;
    qint64 m_lastActivityUs = 0;
    qint64 m_messageStartUs = 0;
    qint64 m_lingerUntilUs = 0; // set once the last response is out and our FIN sent
    qint64 m_lastSendProgressUs = 0;
    bool m_finSent = false;
    bool m_kick = false; // the parser needs another (possibly empty) feed to move past a pause
    bool m_closing = false; // no further requests are read; close once responses are out
    bool m_lingering = false;
    bool m_finished = false;
    QString m_peerAddress;
    quint16 m_peerPort = 0;
    QString m_localAddress;
    quint16 m_localPort = 0;
};

} // namespace hookscope
