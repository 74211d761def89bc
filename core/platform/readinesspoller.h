// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <memory>

namespace hookscope::platform {

// Tells the receiver's connections when their sockets can be read or written, from the thread's Qt event loop.
//
// On Linux one epoll set holds every connection and the event loop watches only that set: a busy receiver then
// costs the loop one wake-up per batch of ready sockets, and switching a socket's interest is one system call
// that does not wake the loop. Elsewhere each socket gets QSocketNotifiers, which is correct but does more work
// per request.
class ReadinessPoller final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReadinessPoller)
public:
    class Client {
    public:
        virtual void socketReadable() = 0; // also when the peer closed or the socket failed
        virtual void socketWritable() = 0;

    protected:
        ~Client() = default;
    };

    explicit ReadinessPoller(QObject* parent = nullptr);
    ~ReadinessPoller() override;

    // A socket stays watched until unwatch(), which must come before the socket is closed.
    void watch(qintptr socket, Client* client, bool read, bool write);
    void setInterest(qintptr socket, bool read, bool write);
    void unwatch(qintptr socket);

    class Backend;

private:
    std::unique_ptr<Backend> m_backend;
};

} // namespace hookscope::platform
