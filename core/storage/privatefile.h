// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace hookscope {

// Makes sure `path` exists, creating its folder (owner-only, when new) and the empty file (owner-only) if
// needed. Captures and endpoint settings carry customer data and tokens, so nothing Hookscope creates is
// readable by other users. `what` names the file in the error ("the capture database").
bool ensurePrivateFile(const QString& path, const QString& what, QString* error);

} // namespace hookscope
