// SPDX-License-Identifier: MIT
#include "core/platform/rawsocket.h"

#include <algorithm>

#ifdef Q_OS_WIN
#include <winsock2.h>
#include <ws2tcpip.h>

#include <climits>
#else
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace hookscope::platform {

namespace {
#ifdef Q_OS_WIN
    using Native = SOCKET;
    bool wouldBlock()
    {
        return WSAGetLastError() == WSAEWOULDBLOCK;
    }
    bool interrupted()
    {
        return WSAGetLastError() == WSAEINTR;
    }
#else
    using Native = int;
    bool wouldBlock()
    {
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    bool interrupted()
    {
        return errno == EINTR;
    }
#endif
    Native native(qintptr socket)
    {
        return static_cast<Native>(socket);
    }

    // sockaddr_in and sockaddr_in6 both keep the port right after the family.
    quint16 portOf(const sockaddr_storage& address)
    {
        return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    }

    SocketIo outcome(qint64 result)
    {
        SocketIo io;
        if (result >= 0) {
            io.bytes = result;
        } else if (wouldBlock()) {
            io.wouldBlock = true;
        } else {
            io.failed = true;
        }
        return io;
    }
} // namespace

bool prepareAcceptedSocket(qintptr socket)
{
    int one = 1;
#ifdef Q_OS_WIN
    u_long nonBlocking = 1;
    if (ioctlsocket(native(socket), FIONBIO, &nonBlocking) != 0)
        return false;
    setsockopt(native(socket), IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
#else
    const int flags = fcntl(native(socket), F_GETFL);
    if (flags < 0 || fcntl(native(socket), F_SETFL, flags | O_NONBLOCK) < 0)
        return false;
    setsockopt(native(socket), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
    setsockopt(native(socket), SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one); // macOS has no MSG_NOSIGNAL
#endif
#endif
    return true;
}

SocketIo receiveSome(qintptr socket, char* into, qint64 capacity)
{
    for (;;) {
#ifdef Q_OS_WIN
        const qint64 n = ::recv(native(socket), into, int(std::min<qint64>(capacity, INT_MAX)), 0);
#else
        const qint64 n = ::recv(native(socket), into, size_t(capacity), 0);
#endif
        if (n < 0 && interrupted())
            continue;
        return outcome(n);
    }
}

SocketIo sendSome(qintptr socket, const char* from, qint64 size)
{
    for (;;) {
#ifdef Q_OS_WIN
        const qint64 n = ::send(native(socket), from, int(std::min<qint64>(size, INT_MAX)), 0);
#elif defined(MSG_NOSIGNAL)
        const qint64 n = ::send(native(socket), from, size_t(size), MSG_NOSIGNAL);
#else
        const qint64 n = ::send(native(socket), from, size_t(size), 0);
#endif
        if (n < 0 && interrupted())
            continue;
        SocketIo io = outcome(n);
        if (!io.failed && !io.wouldBlock && n == 0 && size > 0)
            io.wouldBlock = true; // nothing taken is not a close when sending
        return io;
    }
}

void shutdownSending(qintptr socket)
{
    if (socket < 0)
        return;
#ifdef Q_OS_WIN
    ::shutdown(native(socket), SD_SEND);
#else
    ::shutdown(native(socket), SHUT_WR);
#endif
}

void closeSocket(qintptr socket)
{
    if (socket < 0)
        return;
#ifdef Q_OS_WIN
    ::closesocket(native(socket));
#else
    ::close(native(socket));
#endif
}

bool socketEnds(qintptr socket, QHostAddress* local, quint16* localPort, QHostAddress* peer, quint16* peerPort)
{
    sockaddr_storage address {};
#ifdef Q_OS_WIN
    int length = sizeof address;
#else
    socklen_t length = sizeof address;
#endif
    if (::getpeername(native(socket), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return false;
    *peer = QHostAddress(reinterpret_cast<const sockaddr*>(&address));
    *peerPort = portOf(address);
    length = sizeof address;
    if (::getsockname(native(socket), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return false;
    *local = QHostAddress(reinterpret_cast<const sockaddr*>(&address));
    *localPort = portOf(address);
    return true;
}

} // namespace hookscope::platform
