// SPDX-License-Identifier: MIT
// The only place that knows every concrete piece: it picks the command line or the window and wires them.
#include "app/cli/commands.h"
#include "core/endpoints/endpointstore.h"
#include "core/endpoints/endpointverifier.h"
#include "core/http/receiver.h"
#include "core/profile/profile.h"
#include "core/secrets/endpointsecrets.h"
#include "core/storage/capturestore.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("hookscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));
}

// Without a display Qt aborts with advice that does not fit (reinstalling); say what to do instead.
bool haveDisplay()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
#else
    return true;
#endif
}

int runWindow(int argc, char** argv)
{
    if (!haveDisplay()) {
        std::fputs("hookscope: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.\n"
                   "For headless use run 'hookscope listen' (see 'hookscope --help'); for the window use a desktop "
                   "session or xvfb-run.\n",
            stderr);
        return 1;
    }
    QApplication app(argc, argv);
    describeApplication();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Hookscope"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.hookscope.Hookscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hookscope-256.png")));

    QCommandLineParser parser;
    const QCommandLineOption profile(
        QStringLiteral("profile"), QStringLiteral("Profile folder."), QStringLiteral("DIR"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Capture database."), QStringLiteral("FILE"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Receiver port (default 8787)."),
        QStringLiteral("N"), QStringLiteral("8787"));
    parser.addOptions({ profile, db, port });
    parser.process(app);

    const hookscope::Profile where(parser.value(profile));
    hookscope::CaptureStore store;
    if (!store.open(where.captureDatabase(parser.value(db)))) {
        QMessageBox::critical(nullptr, QStringLiteral("Hookscope"), store.errorString());
        return 1;
    }
    hookscope::Receiver receiver(&store);
    hookscope::ReceiverOptions options;
    options.port = quint16(parser.value(port).toUInt());

    // Endpoints claim received paths and check their signatures on arrival. Without them (the settings file
    // cannot be opened) the window still captures; it says why in the status bar.
    hookscope::EndpointStore endpoints;
    QString endpointError;
    const bool haveEndpoints = endpoints.open(hookscope::EndpointStore::defaultPath(where.directory()), &endpointError);
    hookscope::EndpointSecrets secrets(endpoints.profileId());
    hookscope::EndpointVerifier verifier;
    if (haveEndpoints) {
        QStringList problems;
        verifier.setEntries(hookscope::EndpointVerifier::load(endpoints, secrets, &problems));
        receiver.setStamp([&verifier](hookscope::CapturedRequest& capture) { verifier.stamp(capture); });
    }

    hookscope::WindowServices services;
    services.receiver = &receiver;
    services.store = &store;
    services.endpoints = haveEndpoints ? &endpoints : nullptr;
    services.secrets = haveEndpoints ? &secrets : nullptr;
    services.verifier = haveEndpoints ? &verifier : nullptr;
    services.profileDirectory = where.directory();
    hookscope::MainWindow window(services);
    if (!receiver.start(options)) {
        // Another receiver may hold the default port: fall back to any free one rather than not starting.
        options.port = 0;
        receiver.start(options);
    }
    window.show();
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    {
        // Subcommands never create a QApplication: they must work without a display.
        QCoreApplication probe(argc, argv);
        describeApplication();
        const int rc = hookscope::cli::dispatch(QCoreApplication::arguments());
        if (rc >= 0)
            return rc;
    }
    return runWindow(argc, argv);
}
