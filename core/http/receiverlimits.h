// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace hookscope {

// The bounds a careful server puts on what a client may send; every one has a status code that says which
// bound was crossed. Timeouts are in milliseconds so tests can shrink them.
struct ReceiverLimits {
    int maxRequestLineBytes = 8 * 1024; // -> 414
    int maxHeaderBytes = 32 * 1024; // -> 431
    int maxHeaderFields = 200; // -> 431
    qint64 maxBodyBytes = qint64(25) * 1024 * 1024; // -> 413, checked before the body is read
    int maxChunkExtensionBytes = 16 * 1024; // -> 413
    int maxRawPrefixBytes = 4 * 1024; // how much of a rejected request is kept

    int headerTimeoutMs = 30'000; // whole header section -> 408
    int bodyIdleTimeoutMs = 30'000; // no body progress -> 408
    int keepAliveIdleMs = 75'000; // idle between requests -> quiet close
    int lingerMs = 2'000; // how long a closing connection is drained, once its last response is out
    int sendIdleTimeoutMs = 60'000; // a response the peer takes no byte of for this long -> dropped

    int maxPipelinedRequests = 32; // reading pauses while this many responses are pending
};

} // namespace hookscope
