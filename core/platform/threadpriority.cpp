// SPDX-License-Identifier: MIT
#include "core/platform/threadpriority.h"

#include <QThread>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace hookscope::platform {

void lowerCurrentThreadPriority()
{
#if defined(Q_OS_LINUX)
    // On Linux a nice value belongs to a thread, and Qt's priorities other than Idle change nothing for
    // ordinary threads. Failure only leaves the thread at normal priority.
    constexpr int kBackgroundNice = 10;
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBackgroundNice);
#else
    QThread::currentThread()->setPriority(QThread::LowestPriority);
#endif
}

} // namespace hookscope::platform
