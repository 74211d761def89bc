// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace hookscope::platform {

// Half-closes a connected socket: no more bytes will be sent, but the peer's bytes can still be read.
// A lingering close needs this so a client still sending gets our error response instead of a reset.
void shutdownSending(qintptr socketDescriptor);

} // namespace hookscope::platform
