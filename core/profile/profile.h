// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace hookscope {

// Where Hookscope keeps its state. One folder (the profile) holds the capture database and everything
// else; tests and portable installs point it elsewhere with --profile or HOOKSCOPE_PROFILE.
class Profile final {
public:
    // `override` (from --profile) wins over HOOKSCOPE_PROFILE, which wins over the platform's data folder.
    explicit Profile(const QString& override = {});

    const QString& directory() const { return m_directory; }
    // --db, then HOOKSCOPE_DB, then captures.sqlite in the profile.
    QString captureDatabase(const QString& override = {}) const;

private:
    QString m_directory;
};

} // namespace hookscope
