// SPDX-License-Identifier: MIT
#include "core/platform/terminationsignals.h"

#include <QMetaObject>
#include <QPointer>
#include <QSocketNotifier>

#include <array>
#include <csignal>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace hookscope::platform {

#ifdef Q_OS_WIN

namespace {
    QPointer<TerminationSignals> g_instance;

    BOOL WINAPI consoleHandler(DWORD type)
    {
        if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT || type == CTRL_CLOSE_EVENT) {
            if (TerminationSignals* target = g_instance.data()) {
                QMetaObject::invokeMethod(
                    target, [target] { Q_EMIT target->requested(SIGINT); }, Qt::QueuedConnection);
            }
            return TRUE;
        }
        return FALSE;
    }
} // namespace

TerminationSignals::TerminationSignals(QObject* parent)
    : QObject(parent)
{
    g_instance = this;
    SetConsoleCtrlHandler(consoleHandler, TRUE);
}

TerminationSignals::~TerminationSignals()
{
    SetConsoleCtrlHandler(consoleHandler, FALSE);
}

void TerminationSignals::drain() { }

#else

namespace {
    // Self-pipe: the handler may only do async-signal-safe work, so it writes the signal number into a
    // socket that the event loop watches.
    std::array<int, 2> g_pipe { -1, -1 };

    void onSignal(int number)
    {
        const auto byte = static_cast<unsigned char>(number);
        [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
    }
} // namespace

TerminationSignals::TerminationSignals(QObject* parent)
    : QObject(parent)
{
    if (g_pipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe.data()) == 0) {
        ::fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
        ::fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
        ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    }
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminationSignals::drain);

    struct sigaction action { };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    // A reader of our output that goes away (e.g. `| head`) must not kill a receiver mid-commit.
    std::signal(SIGPIPE, SIG_IGN);
}

TerminationSignals::~TerminationSignals()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void TerminationSignals::drain()
{
    unsigned char byte = 0;
    if (::read(g_pipe[0], &byte, 1) == 1)
        Q_EMIT requested(byte);
}

#endif

} // namespace hookscope::platform
