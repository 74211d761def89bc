// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QtGlobal>

namespace hookscope::platform {

// The receiver talks to accepted TCP sockets through these few calls instead of QTcpSocket. QTcpSocket
// buffers every byte once more, asks the kernel how much is readable before each read, and switches its
// notifiers on and off for each response, which wakes the event loop each time; at tens of thousands of
// requests a second that was most of the receiver's time. These are the only socket calls that differ
// between POSIX and Windows.

struct SocketIo {
    qint64 bytes = 0; // transferred; 0 with `wouldBlock` false and `failed` false means the peer closed
    bool wouldBlock = false;
    bool failed = false; // reset, or another error: the connection is gone
};

// Non-blocking, no Nagle delay (responses are small and go out whole), no SIGPIPE.
bool prepareAcceptedSocket(qintptr socket);
SocketIo receiveSome(qintptr socket, char* into, qint64 capacity);
SocketIo sendSome(qintptr socket, const char* from, qint64 size);
// No more bytes will be sent, but the peer's bytes can still be read: a lingering close needs this so a client
// still sending gets our error response instead of a reset.
void shutdownSending(qintptr socket);
void closeSocket(qintptr socket);
// Both ends of a connected socket; false if the socket is no longer connected.
bool socketEnds(qintptr socket, QHostAddress* local, quint16* localPort, QHostAddress* peer, quint16* peerPort);

} // namespace hookscope::platform
