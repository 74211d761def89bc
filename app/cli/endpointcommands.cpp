// SPDX-License-Identifier: MIT
// Placeholder until endpoints land (issue 4).
#include "app/cli/cliio.h"
#include "app/cli/commands.h"

namespace hookscope::cli {

int runEndpoint(const QStringList&) { return failure(QStringLiteral("endpoint"), QStringLiteral("not available yet")); }
int runSecret(const QStringList&) { return failure(QStringLiteral("secret"), QStringLiteral("not available yet")); }

} // namespace hookscope::cli
