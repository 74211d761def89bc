// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineOption>

class QCommandLineParser;

namespace hookscope::cli {

// --profile and --db, which every command takes.
class ProfileOptions final {
public:
    enum class Database { Offered, NotOffered }; // commands that never touch captures do not take --db

    explicit ProfileOptions(QCommandLineParser& parser, Database database = Database::Offered);
    QString profileDirectory(const QCommandLineParser& parser) const;
    QString databasePath(const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_profile;
    QCommandLineOption m_db;
};

} // namespace hookscope::cli
