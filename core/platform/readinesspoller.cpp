// SPDX-License-Identifier: MIT
#include "core/platform/readinesspoller.h"

#include <QSocketNotifier>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

#ifdef Q_OS_LINUX
#include <sys/epoll.h>
#include <unistd.h>
#endif

namespace hookscope::platform {

class ReadinessPoller::Backend {
public:
    Backend() = default;
    virtual ~Backend() = default;
    Q_DISABLE_COPY_MOVE(Backend)
    virtual void watch(qintptr socket, Client* client, bool read, bool write) = 0;
    virtual void setInterest(qintptr socket, bool read, bool write) = 0;
    virtual void unwatch(qintptr socket) = 0;
};

namespace {

#ifdef Q_OS_LINUX

    // One epoll set, level-triggered. A socket with no interest at all is taken out of the set, because epoll
    // reports hang-ups and errors even without interest, and a connection that paused reading would spin on
    // them.
    class EpollBackend final : public ReadinessPoller::Backend {
    public:
        using Client = ReadinessPoller::Client;
        explicit EpollBackend(QObject* owner)
            : m_epoll(epoll_create1(EPOLL_CLOEXEC))
        {
            if (m_epoll < 0)
                qFatal("epoll_create1 failed: the receiver cannot watch its sockets");
            m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, owner);
            QObject::connect(m_notifier, &QSocketNotifier::activated, owner, [this] { dispatch(); });
        }
        ~EpollBackend() override
        {
            delete m_notifier; // before the set it watches
            ::close(m_epoll);
        }
        Q_DISABLE_COPY_MOVE(EpollBackend)

        void watch(qintptr socket, Client* client, bool read, bool write) override
        {
            const auto index = size_t(socket);
            if (index >= m_entries.size())
                m_entries.resize(index + 1);
            m_entries[index] = { client, false, false };
            setInterest(socket, read, write);
        }

        void setInterest(qintptr socket, bool read, bool write) override
        {
            Entry& entry = m_entries[size_t(socket)];
            if (entry.read == read && entry.write == write)
                return;
            const bool wasInSet = entry.read || entry.write;
            const bool inSet = read || write;
            entry.read = read;
            entry.write = write;
            epoll_event event {};
            event.events = (read ? quint32(EPOLLIN | EPOLLRDHUP) : 0U) | (write ? quint32(EPOLLOUT) : 0U);
            event.data.fd = int(socket);
            const int op = !inSet ? EPOLL_CTL_DEL : wasInSet ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
            epoll_ctl(m_epoll, op, int(socket), &event);
        }

        void unwatch(qintptr socket) override
        {
            if (size_t(socket) >= m_entries.size())
                return;
            setInterest(socket, false, false);
            m_entries[size_t(socket)] = {};
        }

    private:
        struct Entry {
            Client* client = nullptr;
            bool read = false;
            bool write = false;
        };

        void dispatch()
        {
            std::array<epoll_event, 256> events {};
            const int ready = epoll_wait(m_epoll, events.data(), int(events.size()), 0);
            for (int i = 0; i < ready; ++i) {
                const auto index = size_t(events.at(size_t(i)).data.fd);
                const quint32 what = events.at(size_t(i)).events;
                // Looked up afresh before each call: an earlier client in this batch may have closed this one.
                if (entryWants(index, &Entry::read) && (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0)
                    m_entries[index].client->socketReadable();
                if (entryWants(index, &Entry::write) && (what & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0)
                    m_entries[index].client->socketWritable();
            }
        }

        bool entryWants(size_t index, bool Entry::*interest) const
        {
            return index < m_entries.size() && m_entries[index].client != nullptr && m_entries[index].*interest;
        }

        int m_epoll;
        QSocketNotifier* m_notifier = nullptr;
        std::vector<Entry> m_entries; // indexed by file descriptor, which POSIX keeps small
    };

#endif

    // Portable: a read and a write QSocketNotifier per socket, enabled as interest says.
    class NotifierBackend final : public ReadinessPoller::Backend {
    public:
        using Client = ReadinessPoller::Client;
        explicit NotifierBackend(QObject* owner)
            : m_owner(owner)
        {
        }

        void watch(qintptr socket, Client* client, bool read, bool write) override
        {
            Entry entry { std::make_unique<QSocketNotifier>(socket, QSocketNotifier::Read),
                std::make_unique<QSocketNotifier>(socket, QSocketNotifier::Write) };
            QObject::connect(
                entry.read.get(), &QSocketNotifier::activated, m_owner, [client] { client->socketReadable(); });
            QObject::connect(
                entry.write.get(), &QSocketNotifier::activated, m_owner, [client] { client->socketWritable(); });
            m_entries[socket] = std::move(entry);
            setInterest(socket, read, write);
        }

        void setInterest(qintptr socket, bool read, bool write) override
        {
            const auto it = m_entries.find(socket);
            if (it != m_entries.end()) {
                it->second.read->setEnabled(read);
                it->second.write->setEnabled(write);
            }
        }

        void unwatch(qintptr socket) override { m_entries.erase(socket); }

    private:
        struct Entry {
            std::unique_ptr<QSocketNotifier> read;
            std::unique_ptr<QSocketNotifier> write;
        };

        QObject* m_owner; // the context of the connections, so they end with the poller
        std::unordered_map<qintptr, Entry> m_entries;
    };

    std::unique_ptr<ReadinessPoller::Backend> makeBackend(QObject* owner)
    {
#ifdef Q_OS_LINUX
        // HOOKSCOPE_POLLER=notifiers picks the portable backend, so that the tests run it here too.
        if (qgetenv("HOOKSCOPE_POLLER") != "notifiers")
            return std::make_unique<EpollBackend>(owner);
#endif
        return std::make_unique<NotifierBackend>(owner);
    }

} // namespace

ReadinessPoller::ReadinessPoller(QObject* parent)
    : QObject(parent)
    , m_backend(makeBackend(this))
{
}

ReadinessPoller::~ReadinessPoller() = default;

void ReadinessPoller::watch(qintptr socket, Client* client, bool read, bool write)
{
    m_backend->watch(socket, client, read, write);
}

void ReadinessPoller::setInterest(qintptr socket, bool read, bool write)
{
    m_backend->setInterest(socket, read, write);
}

void ReadinessPoller::unwatch(qintptr socket)
{
    m_backend->unwatch(socket);
}

} // namespace hookscope::platform
