// SPDX-License-Identifier: MIT
#include "core/storage/privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hookscope {

bool ensurePrivateFile(const QString& path, const QString& what, QString* error)
{
    const QFileInfo info(path);
    const bool newFolder = !info.absoluteDir().exists();
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1 for %2").arg(info.absolutePath(), what);
        return false;
    }
    if (newFolder)
        QFile::setPermissions(info.absolutePath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (!info.exists()) {
        QFile create(path);
        if (create.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            create.setPermissions(QFile::ReadOwner | QFile::WriteOwner); // SQLite gives -wal and -shm the same
    }
    return true;
}

} // namespace hookscope
