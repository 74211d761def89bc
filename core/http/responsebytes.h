// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"

#include <QByteArray>

namespace hookscope {

// Serializes an HTTP/1.1 response exactly as it goes on the wire.
QByteArray responseBytes(int status, const HeaderList& headers, const QByteArray& body);

// "Sun, 06 Nov 1994 08:49:37 GMT" for the given instant; cached per second because every response needs one.
QByteArray httpDate(qint64 nowUs);

} // namespace hookscope
