// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <chrono>

namespace hookscope {

// The instant captures are stamped with: UTC microseconds since the Unix epoch.
inline qint64 wallClockMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace hookscope
