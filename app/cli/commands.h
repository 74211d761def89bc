// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace hookscope::cli {

// Each takes the arguments after the subcommand name (argv[0] first, as QCommandLineParser expects)
// and returns the process exit status.
int runListen(const QStringList& arguments);
int runRequests(const QStringList& arguments);
int runShow(const QStringList& arguments);
int runVerify(const QStringList& arguments);
int runSign(const QStringList& arguments);
int runEndpoint(const QStringList& arguments);
int runSecret(const QStringList& arguments);

// Runs the subcommand named in `arguments`, or prints help/version. Returns -1 when there is no
// subcommand and the window should start instead.
int dispatch(const QStringList& arguments);

} // namespace hookscope::cli
