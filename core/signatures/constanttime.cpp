// SPDX-License-Identifier: MIT
#include "core/signatures/constanttime.h"

namespace hookscope {

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Signature lengths are public (they follow from the scheme), so an early exit on length leaks nothing.
    if (a.size() != b.size())
        return false;
    // volatile keeps the compiler from turning the loop into an early-exit memcmp.
    volatile unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff = diff | static_cast<unsigned char>(a.data()[i] ^ b.data()[i]);
    return diff == 0;
}

} // namespace hookscope
