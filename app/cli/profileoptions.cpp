// SPDX-License-Identifier: MIT
#include "app/cli/profileoptions.h"

#include "core/profile/profile.h"

#include <QCommandLineParser>

namespace hookscope::cli {

ProfileOptions::ProfileOptions(QCommandLineParser& parser, Database database)
    : m_profile(QStringLiteral("profile"),
        QStringLiteral("Profile folder holding Hookscope's state (or HOOKSCOPE_PROFILE)."), QStringLiteral("DIR"))
    , m_db(QStringLiteral("db"),
          QStringLiteral("Capture database (or HOOKSCOPE_DB; default: captures.sqlite in the profile)."),
          QStringLiteral("FILE"))
{
    parser.addOption(m_profile);
    if (database == Database::Offered)
        parser.addOption(m_db);
}

QString ProfileOptions::profileDirectory(const QCommandLineParser& parser) const
{
    return Profile(parser.value(m_profile)).directory();
}

QString ProfileOptions::databasePath(const QCommandLineParser& parser) const
{
    return Profile(parser.value(m_profile)).captureDatabase(parser.value(m_db));
}

} // namespace hookscope::cli
