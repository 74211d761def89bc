// SPDX-License-Identifier: MIT
#include "core/platform/socketshutdown.h"

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace hookscope::platform {

void shutdownSending(qintptr socketDescriptor)
{
    if (socketDescriptor < 0)
        return;
#ifdef Q_OS_WIN
    ::shutdown(static_cast<SOCKET>(socketDescriptor), SD_SEND);
#else
    ::shutdown(static_cast<int>(socketDescriptor), SHUT_WR);
#endif
}

} // namespace hookscope::platform
