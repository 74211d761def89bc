// SPDX-License-Identifier: MIT
#include "core/profile/profile.h"

#include <QDir>
#include <QStandardPaths>

namespace hookscope {

Profile::Profile(const QString& override)
{
    QString dir = override;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("HOOKSCOPE_PROFILE");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    m_directory = QDir::cleanPath(QDir(dir).absolutePath());
}

QString Profile::captureDatabase(const QString& override) const
{
    QString path = override;
    if (path.isEmpty())
        path = qEnvironmentVariable("HOOKSCOPE_DB");
    if (path.isEmpty())
        return QDir(m_directory).filePath(QStringLiteral("captures.sqlite"));
    return QDir::cleanPath(QDir::current().absoluteFilePath(path));
}

} // namespace hookscope
