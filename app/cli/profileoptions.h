// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineOption>

class QCommandLineParser;

namespace hookscope::cli {

// --profile and --db, which every command takes.
class ProfileOptions final {
public:
    explicit ProfileOptions(QCommandLineParser& parser);
    QString profileDirectory(const QCommandLineParser& parser) const;
    QString databasePath(const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_profile;
    QCommandLineOption m_db;
};

} // namespace hookscope::cli
