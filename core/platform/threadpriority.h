// SPDX-License-Identifier: MIT
#pragma once

namespace hookscope::platform {

// Lowers the calling thread's scheduling priority, for background work that nothing waits on, so that it
// takes the cores the threads requests wait on leave free. It stays lowered for the thread's life: an
// unprivileged thread cannot raise it again on Linux.
//
// Linux: nice 10 for this thread only. Not Qt's IdlePriority (SCHED_IDLE there), which gets so little of a
// busy machine that anything that does wait on the thread, such as closing the store, could wait seconds.
// Elsewhere: Qt's LowestPriority, which maps to the platform's thread priorities.
void lowerCurrentThreadPriority();

} // namespace hookscope::platform
