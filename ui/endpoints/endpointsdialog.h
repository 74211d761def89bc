// SPDX-License-Identifier: MIT
#pragma once

#include "core/secrets/keychain.h"

#include <QDialog>

#include <functional>

class QLabel;
class QListWidget;
class QPushButton;

namespace hookscope {

class EndpointEditor;
class EndpointProbe;
class EndpointSecrets;
class EndpointStore;
class SecretClipboard;
struct ProbeResult;

// The Endpoints manager: list, add, edit, duplicate, delete and test endpoints, with their secrets in the
// keychain. When no keychain answers, a banner says so and offers session-only secrets.
class EndpointsDialog final : public QDialog {
    Q_OBJECT

public:
    EndpointsDialog(EndpointStore* store, EndpointSecrets* secrets, QWidget* parent = nullptr);
    ~EndpointsDialog() override;

    // Asks the user a yes/no question; replaceable so tests can answer.
    using Confirm = std::function<bool(const QString& question)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    EndpointEditor* editor() const { return m_editor; }
    SecretClipboard* clipboard() const { return m_clipboard; }
    QListWidget* list() const { return m_list; }
    QString statusText() const;
    bool bannerShown() const;

    void addEndpoint();
    void duplicateCurrent();
    void deleteCurrent();
    bool saveCurrent();
    void testCurrent();
    void useSessionOnlySecrets();

Q_SIGNALS:
    void endpointsChanged();
    void probeFinished(const QString& summary);

private:
    void buildBanner();
    void reload(const QString& select);
    void showEndpoint(const QString& name);
    bool saveSecrets(const QString& name);
    QString currentName() const;
    QString freeName(const QString& base) const;
    void setStatus(const QString& text, bool problem);
    void checkKeychain();

    EndpointStore* m_store;
    EndpointSecrets* m_secrets;
    SecretClipboard* m_clipboard;
    EndpointProbe* m_probe;
    Confirm m_confirm;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_sessionOnly = nullptr;
    QListWidget* m_list;
    EndpointEditor* m_editor;
    QLabel* m_status;
    Keychain::Result m_keychain; // whether it answered when last asked
    bool m_dirty = false;
    QString m_shown;
};

} // namespace hookscope
