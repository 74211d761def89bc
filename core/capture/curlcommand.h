// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace hookscope {

// The shell the command is written for. Posix output runs unchanged in sh (dash), bash and zsh.
enum class CurlShell { Posix };

// A curl 7.88+ command line that makes the receiver capture the same method, target, header fields (names,
// values, order) and body bytes again.
struct CurlCommand {
    QString text; // empty when no command can reproduce the capture
    QString error; // why text is empty, in words for the user
    QStringList caveats; // where the request curl sends cannot match the capture, one sentence each

    bool ok() const { return !text.isEmpty(); }
};

// `base` is where the receiver listens (scheme, host and port; any path in it is ignored because the
// captured target is the whole origin-form path). `request.target` is sent exactly.
CurlCommand buildCurlCommand(const CapturedRequest& request, const QUrl& base, CurlShell shell = CurlShell::Posix);

// The command alone; an empty string when the capture cannot be replayed (a rejected request).
QString curlCommand(const CapturedRequest& request, const QUrl& base, CurlShell shell = CurlShell::Posix);

namespace shellquote {
    // One POSIX shell word that expands to exactly `bytes` (which must hold no NUL or line break): a
    // single-quoted word when the bytes are plain printable UTF-8, otherwise "$(printf '\ooo...')".
    QString word(QByteArrayView bytes);
    // A POSIX printf format string (without quotes) that prints exactly `bytes`, NULs included.
    QString printfFormat(QByteArrayView bytes);
} // namespace shellquote

} // namespace hookscope
