// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace hookscope {

// The operating system's keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows)
// through QtKeychain, as blocking calls: each runs a local event loop until the keychain answers. QtKeychain's
// plain-text fallback is never enabled: a secret goes to the keychain or nowhere.
class Keychain final {
public:
    enum class Status {
        Ok,
        NotFound, // read or remove of a key that has no entry
        Unavailable, // no keychain service, locked, or it did not answer in time
        Denied, // the user or the system refused access
    };
    struct Result {
        Status status = Status::Ok;
        QByteArray data; // read: the secret
        QString message; // what went wrong, from the keychain, for people
        bool ok() const { return status == Status::Ok; }
    };

    explicit Keychain(QString service = QStringLiteral("Hookscope"));

    Result read(const QString& key) const;
    Result write(const QString& key, const QByteArray& secret) const;
    Result remove(const QString& key) const;

    // A sentence for a failed result: what happened and what to do about it.
    static QString explain(const Result& result);

    // How long a call waits for the keychain before giving up (it may be waiting for an unlock prompt).
    static constexpr int kTimeoutMs = 20'000;

private:
    QString m_service;
};

} // namespace hookscope
