// SPDX-License-Identifier: MIT
#pragma once

#include "core/endpoints/endpoint.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace hookscope {

class SecretClipboard;
class SecretRow;

// The form for one endpoint: sending, receiving, signature, and its three secrets. Shows and returns plain
// values; saving is the EndpointsDialog's job.
class EndpointEditor final : public QWidget {
    Q_OBJECT

public:
    explicit EndpointEditor(SecretClipboard* clipboard, QWidget* parent = nullptr);

    void setEndpoint(const Endpoint& endpoint);
    // The form's values on top of the endpoint last set (its id is kept); nothing when a field is invalid,
    // with the problem.
    std::optional<Endpoint> endpoint(QString* problem) const;

    SecretRow* secretRow(SecretField field) const;
    // "Make the current secret previous, set a new one": a generated secret of the current one's kind.
    void rotate();

Q_SIGNALS:
    void edited();

private:
    QWidget* buildSending();
    QWidget* buildReceiving();
    QWidget* buildSecrets(SecretClipboard* clipboard);
    void updateFlags();

    Endpoint m_base;
    QLineEdit* m_name;
    QLineEdit* m_url;
    QLineEdit* m_method;
    QPlainTextEdit* m_headers;
    QComboBox* m_authKind;
    QLineEdit* m_username;
    QLineEdit* m_apiKeyHeader;
    QSpinBox* m_timeout;
    QSpinBox* m_attempts;
    QSpinBox* m_retryDelay;
    QLineEdit* m_caCertificate;
    QCheckBox* m_ignoreTls;
    QLabel* m_tlsWarning;
    QLineEdit* m_pathPrefix;
    QComboBox* m_scheme;
    QPlainTextEdit* m_schemeOptions;
    SecretRow* m_signing;
    SecretRow* m_previous;
    SecretRow* m_auth;
};

} // namespace hookscope
