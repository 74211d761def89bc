// SPDX-License-Identifier: MIT
#include "ui/body/savebytes.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>

namespace hookscope {

bool writeBytes(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

QString saveBytesAs(QWidget* parent, const QString& title, const QString& suggestedName, const QByteArray& bytes)
{
    QString path
        = QFileDialog::getSaveFileName(parent, title, QDir::home().filePath(QFileInfo(suggestedName).fileName()));
    if (path.isEmpty())
        return {};
    QString error;
    if (!writeBytes(path, bytes, &error)) {
        QMessageBox::warning(
            parent, title, QObject::tr("Could not save %1: %2").arg(QDir::toNativeSeparators(path), error));
        return {};
    }
    return path;
}

} // namespace hookscope
