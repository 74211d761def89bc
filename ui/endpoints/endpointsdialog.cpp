// SPDX-License-Identifier: MIT
#include "ui/endpoints/endpointsdialog.h"

#include "core/endpoints/endpointprobe.h"
#include "core/endpoints/endpointstore.h"
#include "core/secrets/endpointsecrets.h"
#include "ui/endpoints/endpointeditor.h"
#include "ui/endpoints/secretclipboard.h"
#include "ui/endpoints/secretrow.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace hookscope {

EndpointsDialog::EndpointsDialog(EndpointStore* store, EndpointSecrets* secrets, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_clipboard(new SecretClipboard(this))
    , m_probe(new EndpointProbe(this))
    , m_confirm([this](const QString& question) {
        return QMessageBox::question(this, tr("Endpoints"), question) == QMessageBox::Yes;
    })
    , m_list(new QListWidget)
    , m_editor(new EndpointEditor(m_clipboard))
    , m_status(new QLabel)
{
    setWindowTitle(tr("Endpoints"));
    resize(900, 720);
    auto* layout = new QVBoxLayout(this);
    buildBanner();
    layout->addWidget(m_banner);

    auto* splitter = new QSplitter;
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_list->setAccessibleName(tr("Endpoints"));
    leftLayout->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    const auto button = [this](const QString& text, const QString& name, void (EndpointsDialog::*slot)()) {
        auto* b = new QPushButton(text);
        b->setAccessibleName(name);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    listButtons->addWidget(button(tr("&Add"), tr("Add endpoint"), &EndpointsDialog::addEndpoint));
    listButtons->addWidget(button(tr("D&uplicate"), tr("Duplicate endpoint"), &EndpointsDialog::duplicateCurrent));
    listButtons->addWidget(button(tr("&Delete…"), tr("Delete endpoint"), &EndpointsDialog::deleteCurrent));
    leftLayout->addLayout(listButtons);
    splitter->addWidget(left);

    auto* scroll = new QScrollArea;
    scroll->setWidget(m_editor);
    scroll->setWidgetResizable(true);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    auto* bottom = new QHBoxLayout;
    auto* test = new QPushButton(tr("&Test"));
    test->setAccessibleName(tr("Test endpoint"));
    test->setToolTip(tr("Send a harmless HEAD request to the URL and show the answer"));
    connect(test, &QPushButton::clicked, this, &EndpointsDialog::testCurrent);
    bottom->addWidget(test);
    m_status->setAccessibleName(tr("Status"));
    m_status->setWordWrap(true);
    bottom->addWidget(m_status, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close);
    buttons->button(QDialogButtonBox::Save)->setAccessibleName(tr("Save endpoint"));
    connect(buttons->button(QDialogButtonBox::Save), &QPushButton::clicked, this, &EndpointsDialog::saveCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &EndpointsDialog::reject);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    connect(m_editor, &EndpointEditor::edited, this, [this] { m_dirty = true; });
    connect(m_list, &QListWidget::currentTextChanged, this, &EndpointsDialog::showEndpoint);
    connect(m_probe, &EndpointProbe::finished, this, [this](const ProbeResult& result) {
        setStatus(tr("Test: %1").arg(result.summary()), !result.reached);
        Q_EMIT probeFinished(result.summary());
    });

    checkKeychain();
    reload({});
}

EndpointsDialog::~EndpointsDialog() = default;

void EndpointsDialog::buildBanner()
{
    m_banner = new QWidget;
    m_banner->setAutoFillBackground(true);
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window, QColor(0xf6, 0xd3, 0x2d)); // a warning yellow, readable in both themes
    palette.setColor(QPalette::WindowText, Qt::black);
    m_banner->setPalette(palette);
    auto* layout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel;
    m_bannerText->setWordWrap(true);
    m_bannerText->setAccessibleName(tr("Keychain status"));
    layout->addWidget(m_bannerText, 1);
    m_sessionOnly = new QPushButton(tr("Use session-only secrets"));
    m_sessionOnly->setAccessibleName(tr("Use session-only secrets"));
    connect(m_sessionOnly, &QPushButton::clicked, this, &EndpointsDialog::useSessionOnlySecrets);
    layout->addWidget(m_sessionOnly);
    m_banner->hide();
}

void EndpointsDialog::checkKeychain()
{
    const Keychain::Result probe = m_secrets->probe();
    m_keychain = probe;
    if (m_secrets->isSessionOnly()) {
        m_bannerText->setText(tr("Session-only secrets: held in memory until Hookscope quits, never written "
                                 "anywhere. Install or unlock a keychain to keep them."));
        m_sessionOnly->hide();
        m_banner->show();
    } else if (!probe.ok()) {
        m_bannerText->setText(Keychain::explain(probe));
        m_sessionOnly->show();
        m_banner->show();
    } else {
        m_banner->hide();
    }
}

bool EndpointsDialog::bannerShown() const
{
    return !m_banner->isHidden();
}

void EndpointsDialog::useSessionOnlySecrets()
{
    m_secrets->setSessionOnly(true);
    checkKeychain();
    showEndpoint(currentName());
}

QString EndpointsDialog::statusText() const
{
    return m_status->text();
}

void EndpointsDialog::setStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    QPalette palette = this->palette();
    if (problem)
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_status->setPalette(palette);
}

QString EndpointsDialog::currentName() const
{
    return m_list->currentItem() ? m_list->currentItem()->text() : QString();
}

void EndpointsDialog::reload(const QString& select)
{
    QString error;
    const QList<Endpoint> endpoints = m_store->list(&error);
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const Endpoint& e : endpoints)
        m_list->addItem(e.name);
    if (!error.isEmpty())
        setStatus(error, true);
    const QList<QListWidgetItem*> found = m_list->findItems(select, Qt::MatchExactly);
    m_list->setCurrentItem(found.isEmpty() ? m_list->item(0) : found.first());
    showEndpoint(currentName());
}

void EndpointsDialog::showEndpoint(const QString& name)
{
    if (m_dirty && !m_shown.isEmpty() && name != m_shown) {
        if (!m_confirm(tr("Discard the unsaved changes to %1?").arg(m_shown))) {
            const QSignalBlocker block(m_list);
            const QList<QListWidgetItem*> back = m_list->findItems(m_shown, Qt::MatchExactly);
            if (!back.isEmpty())
                m_list->setCurrentItem(back.first());
            return;
        }
    }
    for (const SecretField field : EndpointSecrets::kAllFields)
        m_editor->secretRow(field)->forget();
    m_shown = name;
    m_dirty = false;
    m_editor->setEnabled(!name.isEmpty());
    if (name.isEmpty()) {
        m_editor->setEndpoint(Endpoint {});
        return;
    }
    QString error;
    const std::optional<Endpoint> e = m_store->find(name, &error);
    if (!e) {
        setStatus(error, true);
        return;
    }
    m_editor->setEndpoint(*e);
    // A keychain known not to answer is not asked again for each field (each ask would wait for its timeout).
    const Keychain::Result& reachable = m_keychain;
    for (const SecretField field : EndpointSecrets::kAllFields) {
        const Keychain::Result result = reachable.ok() ? m_secrets->get(name, field) : reachable;
        if (result.ok() || result.status == Keychain::Status::NotFound) {
            m_editor->secretRow(field)->load(result.data);
        } else {
            m_editor->secretRow(field)->setUnknown(Keychain::explain(result));
        }
    }
    m_dirty = false;
}

QString EndpointsDialog::freeName(const QString& base) const
{
    QString name = base;
    for (int n = 2; !m_list->findItems(name, Qt::MatchFixedString).isEmpty(); ++n)
        name = QStringLiteral("%1-%2").arg(base).arg(n);
    return name;
}

void EndpointsDialog::addEndpoint()
{
    Endpoint e;
    e.name = freeName(QStringLiteral("new-endpoint"));
    QString error;
    if (!m_store->add(e, &error)) {
        setStatus(error, true);
        return;
    }
    m_dirty = false;
    reload(e.name);
    setStatus(tr("Added %1: fill it in and save").arg(e.name), false);
    Q_EMIT endpointsChanged();
}

void EndpointsDialog::duplicateCurrent()
{
    QString error;
    std::optional<Endpoint> e = m_store->find(currentName(), &error);
    if (!e)
        return;
    e->id = 0;
    e->name = freeName(e->name + QStringLiteral("-copy"));
    if (!m_store->add(*e, &error)) {
        setStatus(error, true);
        return;
    }
    m_dirty = false;
    reload(e->name);
    setStatus(tr("Duplicated as %1 (secrets are not copied)").arg(e->name), false);
    Q_EMIT endpointsChanged();
}

void EndpointsDialog::deleteCurrent()
{
    const QString name = currentName();
    if (name.isEmpty() || !m_confirm(tr("Delete endpoint %1 and its secrets in the keychain?").arg(name)))
        return;
    if (const Keychain::Result removed = m_secrets->removeAll(name); !removed.ok()) {
        setStatus(tr("Kept %1: its secrets could not be removed: %2").arg(name, Keychain::explain(removed)), true);
        return;
    }
    QString error;
    if (!m_store->remove(name, &error)) {
        setStatus(error, true);
        return;
    }
    m_dirty = false;
    reload({});
    setStatus(tr("Deleted %1").arg(name), false);
    Q_EMIT endpointsChanged();
}

bool EndpointsDialog::saveCurrent()
{
    if (m_shown.isEmpty())
        return false;
    QString problem;
    const std::optional<Endpoint> e = m_editor->endpoint(&problem);
    if (!e) {
        setStatus(tr("Not saved: %1").arg(problem), true);
        return false;
    }
    const bool renaming = e->name != m_shown;
    if (renaming) {
        if (const Keychain::Result moved = m_secrets->rename(m_shown, e->name); !moved.ok()) {
            setStatus(
                tr("Not saved: the secrets could not move to the new name: %1").arg(Keychain::explain(moved)), true);
            return false;
        }
    }
    if (!m_store->update(*e, &problem)) {
        if (renaming)
            m_secrets->rename(e->name, m_shown);
        setStatus(tr("Not saved: %1").arg(problem), true);
        return false;
    }
    const bool secretsSaved = saveSecrets(e->name);
    m_dirty = false;
    m_shown = e->name;
    reload(e->name);
    if (secretsSaved)
        setStatus(tr("Saved %1").arg(e->name), false);
    Q_EMIT endpointsChanged();
    return secretsSaved;
}

bool EndpointsDialog::saveSecrets(const QString& name)
{
    bool saved = true;
    for (const SecretField field : EndpointSecrets::kAllFields) {
        SecretRow* row = m_editor->secretRow(field);
        if (!row->isEdited())
            continue;
        const QByteArray value = row->value();
        const Keychain::Result result
            = value.isEmpty() ? m_secrets->clear(name, field) : m_secrets->set(name, field, value);
        if (!result.ok()) {
            setStatus(tr("Settings saved, but a secret was not: %1").arg(Keychain::explain(result)), true);
            checkKeychain();
            saved = false;
            break;
        }
    }
    return saved;
}

void EndpointsDialog::testCurrent()
{
    QString problem;
    const std::optional<Endpoint> e = m_editor->endpoint(&problem);
    if (!e || e->url.isEmpty()) {
        setStatus(e ? tr("Give the endpoint a URL to test") : problem, true);
        return;
    }
    setStatus(tr("Testing %1…").arg(e->url), false);
    m_probe->start(*e);
}

} // namespace hookscope
