// SPDX-License-Identifier: MIT
// Placeholder until the signatures module lands (issue 5).
#include "app/cli/cliio.h"
#include "app/cli/commands.h"

namespace hookscope::cli {

int runVerify(const QStringList&) { return failure(QStringLiteral("verify"), QStringLiteral("not available yet")); }
int runSign(const QStringList&) { return failure(QStringLiteral("sign"), QStringLiteral("not available yet")); }

} // namespace hookscope::cli
