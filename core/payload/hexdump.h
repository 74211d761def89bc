// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

namespace hookscope::hexdump {

// `hexdump -C` layout, one line per 16 bytes, computed per line so a view can show any size without
// formatting it all:
//   00000010  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 ff 7f  |Hello, world....|
constexpr qsizetype bytesPerLine = 16;
// Where the hex and ASCII columns start in a line, for colouring.
constexpr qsizetype hexColumn = 10;
constexpr qsizetype asciiColumn = 60;

qsizetype lineCount(qsizetype size);
QString line(QByteArrayView bytes, qsizetype lineIndex);
// The first `maxLines` lines joined with '\n' (every line when maxLines < 0), each ending in '\n'.
QString format(QByteArrayView bytes, qsizetype maxLines = -1);
} // namespace hookscope::hexdump
