// SPDX-License-Identifier: MIT
#include "tests/support/rawhttpclient.h"

#include <QDeadlineTimer>
#include <QHostAddress>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace hookscope::test {

QByteArray RawResponse::header(QByteArrayView name) const
{
    for (const auto& [n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

RawHttpClient::RawHttpClient(quint16 port, const QString& host)
{
    m_socket.connectToHost(QHostAddress(host), port);
    m_socket.waitForConnected(5000);
}

bool RawHttpClient::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void RawHttpClient::send(const QByteArray& bytes)
{
    m_socket.write(bytes);
    m_socket.waitForBytesWritten(5000);
}

bool RawHttpClient::parseOne(bool head, RawResponse* out)
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    RawResponse r;
    const QList<QByteArray> statusParts = lines.first().trimmed().split(' ');
    r.status = statusParts.size() > 1 ? statusParts.at(1).toInt() : -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
    }
    qsizetype length = 0;
    if (r.status >= 200 && !head)
        length = r.header("content-length").toLongLong();
    if (m_buffer.size() < end + 4 + length)
        return false;
    r.body = m_buffer.mid(end + 4, length);
    m_buffer.remove(0, end + 4 + length);
    *out = r;
    return true;
}

QList<RawResponse> RawHttpClient::read(int count, int timeoutMs, QList<bool> headRequests)
{
    QList<RawResponse> out;
    QDeadlineTimer deadline(timeoutMs);
    int finals = 0;
    while (out.size() < count && !deadline.hasExpired()) {
        RawResponse r;
        const bool head = finals < headRequests.size() && headRequests.at(finals);
        if (parseOne(head, &r)) {
            if (r.status >= 200)
                ++finals;
            out.append(r);
            continue;
        }
        if (m_socket.bytesAvailable() == 0
            && !m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                break;
        m_buffer += m_socket.readAll();
    }
    return out;
}

bool RawHttpClient::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        m_socket.waitForReadyRead(int(qMax<qint64>(1, qMin<qint64>(100, deadline.remainingTime()))));
        m_buffer += m_socket.readAll();
    }
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

void RawHttpClient::shutdownWrite()
{
    while (m_socket.bytesToWrite() > 0 && m_socket.waitForBytesWritten(5000)) { }
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(m_socket.socketDescriptor()), SD_SEND);
#else
    ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR);
#endif
}

void RawHttpClient::reset()
{
    while (m_socket.bytesToWrite() > 0 && m_socket.waitForBytesWritten(5000)) { }
    // Linger with a zero timeout: close() then sends RST.
    struct linger option {
        1, 0
    };
#ifdef Q_OS_WIN
    ::setsockopt(SOCKET(m_socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&option),
        sizeof option);
#else
    ::setsockopt(int(m_socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof option);
#endif
    m_socket.abort();
}

} // namespace hookscope::test
