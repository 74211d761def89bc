// SPDX-License-Identifier: MIT
#include "ui/endpoints/secretrow.h"

#include "core/secrets/secretgenerator.h"
#include "ui/endpoints/secretclipboard.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>

namespace hookscope {

SecretRow::SecretRow(const QString& label, bool canGenerate, SecretClipboard* clipboard, QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_reveal(new QToolButton(this))
    , m_copy(new QToolButton(this))
    , m_clipboard(clipboard)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setAccessibleName(label);
    layout->addWidget(m_edit, 1);

    m_reveal->setText(tr("Show"));
    m_reveal->setCheckable(true);
    m_reveal->setAccessibleName(tr("Show %1").arg(label));
    connect(m_reveal, &QToolButton::toggled, this, [this](bool shown) {
        m_edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_reveal->setText(shown ? tr("Hide") : tr("Show"));
    });
    layout->addWidget(m_reveal);

    m_copy->setText(tr("Copy"));
    m_copy->setAccessibleName(tr("Copy %1").arg(label));
    m_copy->setToolTip(
        tr("Copies the secret; the clipboard is cleared after %1 s").arg(SecretClipboard::kDefaultClearAfterMs / 1000));
    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (!m_edit->text().isEmpty())
            m_clipboard->copy(m_edit->text().toUtf8());
    });
    layout->addWidget(m_copy);

    if (canGenerate) {
        auto* generate = new QToolButton(this);
        generate->setText(tr("Generate"));
        generate->setAccessibleName(tr("Generate %1").arg(label));
        generate->setPopupMode(QToolButton::InstantPopup);
        auto* menu = new QMenu(generate);
        menu->addAction(tr("Standard Webhooks (whsec_…)"), this,
            [this] { setValue(generateSecret(SecretFormat::StandardWebhooks)); });
        menu->addAction(tr("Hex (64 digits)"), this, [this] { setValue(generateSecret(SecretFormat::Hex)); });
        generate->setMenu(menu);
        layout->addWidget(generate);
    }

    auto* clear = new QToolButton(this);
    clear->setText(tr("Clear"));
    clear->setAccessibleName(tr("Clear %1").arg(label));
    connect(clear, &QToolButton::clicked, this, [this] { setValue({}); });
    layout->addWidget(clear);

    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        m_edited = true;
        updatePlaceholder();
        Q_EMIT edited();
    });
    updatePlaceholder();
}

void SecretRow::load(const QByteArray& secret)
{
    m_edit->setEnabled(true);
    m_edit->setText(QString::fromUtf8(secret));
    m_edited = false;
    updatePlaceholder();
}

QByteArray SecretRow::value() const
{
    return m_edit->text().toUtf8();
}

void SecretRow::setValue(const QByteArray& secret)
{
    m_edit->setEnabled(true);
    m_edit->setText(QString::fromUtf8(secret));
    m_edited = true;
    updatePlaceholder();
    Q_EMIT edited();
}

void SecretRow::setUnknown(const QString& why)
{
    m_edit->clear();
    m_edit->setPlaceholderText(tr("unknown: keychain unreachable"));
    m_edit->setToolTip(why);
    m_edited = false;
}

void SecretRow::forget()
{
    m_edit->clear();
    m_edited = false;
    m_reveal->setChecked(false);
    updatePlaceholder();
}

void SecretRow::updatePlaceholder()
{
    m_edit->setPlaceholderText(m_edited ? tr("will be cleared when saved") : tr("not set"));
    m_edit->setToolTip({});
    m_copy->setEnabled(!m_edit->text().isEmpty());
}

} // namespace hookscope
