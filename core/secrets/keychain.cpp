// SPDX-License-Identifier: MIT
#include "core/secrets/keychain.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <utility>

namespace hookscope {

namespace {

    Keychain::Status statusOf(QKeychain::Error error)
    {
        switch (error) {
        case QKeychain::NoError: return Keychain::Status::Ok;
        case QKeychain::EntryNotFound: return Keychain::Status::NotFound;
        case QKeychain::AccessDenied:
        case QKeychain::AccessDeniedByUser: return Keychain::Status::Denied;
        default: return Keychain::Status::Unavailable;
        }
    }

    // Starts `job` and waits for it. The job deletes itself when it finishes, even after a timeout, so a
    // late answer finds nothing dangling.
    Keychain::Result runJob(QKeychain::Job* job)
    {
        job->setAutoDelete(true);
        job->setInsecureFallback(false);
        Keychain::Result result;
        result.status = Keychain::Status::Unavailable;
        result.message = QStringLiteral("the keychain did not answer within %1 s").arg(Keychain::kTimeoutMs / 1000);
        QEventLoop loop;
        QObject::connect(job, &QKeychain::Job::finished, &loop, [&result, &loop](QKeychain::Job* finished) {
            result.status = statusOf(finished->error());
            result.message = finished->error() == QKeychain::NoError ? QString() : finished->errorString();
            if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(finished); read && result.ok())
                result.data = read->binaryData();
            loop.quit();
        });
        QTimer::singleShot(Keychain::kTimeoutMs, &loop, &QEventLoop::quit);
        job->start();
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        return result;
    }

} // namespace

Keychain::Keychain(QString service)
    : m_service(std::move(service))
{
}

Keychain::Result Keychain::read(const QString& key) const
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    return runJob(job);
}

Keychain::Result Keychain::write(const QString& key, const QByteArray& secret) const
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(secret);
    return runJob(job);
}

Keychain::Result Keychain::remove(const QString& key) const
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    return runJob(job);
}

QString Keychain::explain(const Result& result)
{
    switch (result.status) {
    case Status::Ok: return {};
    case Status::NotFound: return QStringLiteral("no such entry in the keychain");
    case Status::Denied:
        return QStringLiteral("the keychain refused access (%1); allow Hookscope in your keychain's settings")
            .arg(result.message);
    case Status::Unavailable: break;
    }
    return QStringLiteral("no keychain is reachable (%1). Hookscope keeps secrets only in the system keychain: "
                          "install and unlock one (on Linux a Secret Service such as GNOME Keyring or KWallet, "
                          "e.g. 'apt install gnome-keyring'), then try again")
        .arg(result.message);
}

} // namespace hookscope
