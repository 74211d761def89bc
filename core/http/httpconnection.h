// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesink.h"
#include "core/capture/capturesummary.h"
#include "core/http/receiverlimits.h"
#include "core/http/requestparser.h"
#include "core/http/responsespec.h"

#include <QObject>
#include <QPointer>

#include <deque>

class QTcpSocket;

namespace hookscope {

class Receiver;

// One client connection: feeds socket bytes to the parser, submits each request to the sink, and writes
// responses strictly in request order once their captures are stored.
class HttpConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(QTcpSocket* socket, Receiver* receiver);
    ~HttpConnection() override;

    // The capture behind `ticket` is stored (or failed to be): its response may go out.
    void onCommitted(const CommitReceipt& receipt);
    // Enforces the header, body-progress and keep-alive timeouts; called periodically by the receiver.
    void checkTimeouts(qint64 nowUs);
    // Shutting down: responses waiting out a configured delay go now.
    void expediteResponses();
    // A request is waiting for its capture to be stored, or a response is not yet with the kernel.
    bool hasUnsentResponses() const;

Q_SIGNALS:
    void closed();

private:
    struct Pending {
        quint64 ticket = 0;
        QByteArray bytes; // the complete response, once known
        bool ready = false;
        bool closeAfter = false;
        qint64 captureId = 0;
        bool interim = false; // 100 Continue
    };

    void readSocket();
    void handleMessage();
    void reject(int status, const QString& reason);
    void writeReadyResponses();
    void beginLingeringClose();
    void onBytesWritten();
    void onDisconnected();
    void finish();
    void stampEndpoints(CapturedRequest& request) const;

    QTcpSocket* m_socket;
    Receiver* m_receiver;
    RequestParser m_parser;
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    std::deque<Pending> m_pending;
    qint64 m_lastActivityUs = 0;
    qint64 m_messageStartUs = 0;
    qint64 m_lingerUntilUs = 0;
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
