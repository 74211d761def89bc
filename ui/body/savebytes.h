// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

class QWidget;

namespace hookscope {

// Writes `bytes` to `path` atomically (QSaveFile); false with a reason in `error` otherwise.
bool writeBytes(const QString& path, const QByteArray& bytes, QString* error);

// Asks where to save, then writes; a failure is shown in a message box. Returns the path written, or empty.
QString saveBytesAs(QWidget* parent, const QString& title, const QString& suggestedName, const QByteArray& bytes);

} // namespace hookscope
