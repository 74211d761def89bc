// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>

namespace hookscope {

// Compares two byte strings in time that depends only on their lengths, never on where they differ,
// so a signature check cannot be turned into an oracle that leaks the expected value byte by byte.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace hookscope
