// SPDX-License-Identifier: MIT
#include "ui/endpoints/secretclipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

namespace hookscope {

SecretClipboard::SecretClipboard(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultClearAfterMs);
    connect(&m_timer, &QTimer::timeout, this, &SecretClipboard::clearIfUnchanged);
}

void SecretClipboard::copy(const QByteArray& secret)
{
    auto* mime = new QMimeData;
    mime->setText(QString::fromUtf8(secret));
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(mime);
    m_copied = secret;
    m_timer.start();
}

void SecretClipboard::clearIfUnchanged()
{
    QClipboard* clipboard = QGuiApplication::clipboard();
    // Something the user copied since is theirs: leave it.
    if (clipboard->text().toUtf8() == m_copied)
        clipboard->clear();
    m_copied.fill('\0');
    m_copied.clear();
    Q_EMIT cleared();
}

} // namespace hookscope
