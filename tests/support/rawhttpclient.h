// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpSocket>

namespace hookscope::test {

// One response as a client reads it off the wire.
struct RawResponse {
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
};

// A deliberately dumb HTTP client over a real socket, so tests control every byte that is sent and see every
// byte that comes back.
class RawHttpClient final {
public:
    explicit RawHttpClient(quint16 port, const QString& host = QStringLiteral("127.0.0.1"));

    bool isConnected() const;
    void send(const QByteArray& bytes);
    // Reads responses until `count` are complete (interim 1xx included) or `timeoutMs` passes.
    // `headRequests` lists which of them answer HEAD (no body despite Content-Length).
    QList<RawResponse> read(int count, int timeoutMs = 5000, QList<bool> headRequests = {});
    // True once the server has closed the connection (reads and discards anything still arriving).
    bool waitForClose(int timeoutMs = 5000);
    // Sends everything written so far, then half-closes: the server sees end of stream but can still answer
    // (what `nc -N` and some HTTP libraries do after a request).
    void shutdownWrite();
    // Drops the connection with a reset instead of a FIN.
    void reset();
    QTcpSocket& socket() { return m_socket; }

private:
    bool parseOne(bool head, RawResponse* out);

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace hookscope::test
