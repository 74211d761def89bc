// SPDX-License-Identifier: MIT
#include "ui/endpoints/endpointeditor.h"

#include "core/secrets/secretgenerator.h"
#include "ui/endpoints/secretrow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace hookscope {

namespace {
    template <typename W>
    W* named(W* widget, const QString& accessibleName)
    {
        widget->setAccessibleName(accessibleName);
        return widget;
    }

    QSpinBox* spin(int min, int max, const QString& suffix, const QString& name)
    {
        auto* box = named(new QSpinBox, name);
        box->setRange(min, max);
        box->setSuffix(suffix);
        return box;
    }
} // namespace

EndpointEditor::EndpointEditor(SecretClipboard* clipboard, QWidget* parent)
    : QWidget(parent)
    , m_name(named(new QLineEdit, tr("Endpoint name")))
    , m_url(named(new QLineEdit, tr("Target URL")))
    , m_method(named(new QLineEdit, tr("Method")))
    , m_headers(named(new QPlainTextEdit, tr("Headers sent")))
    , m_authKind(named(new QComboBox, tr("Authentication")))
    , m_username(named(new QLineEdit, tr("User name")))
    , m_apiKeyHeader(named(new QLineEdit, tr("API key header")))
    , m_timeout(spin(1, 3600, tr(" s"), tr("Timeout per attempt")))
    , m_attempts(spin(1, 100, QString(), tr("Attempts")))
    , m_retryDelay(spin(0, 3600, tr(" s"), tr("First retry delay")))
    , m_caCertificate(named(new QLineEdit, tr("Extra CA certificate")))
    , m_ignoreTls(named(new QCheckBox(tr("Ignore TLS errors (unsafe)")), tr("Ignore TLS errors")))
    , m_tlsWarning(new QLabel)
    , m_pathPrefix(named(new QLineEdit, tr("Receive path prefix")))
    , m_scheme(named(new QComboBox, tr("Signature scheme")))
    , m_schemeOptions(named(new QPlainTextEdit, tr("Scheme options")))
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QFormLayout;
    top->addRow(tr("&Name:"), m_name);
    layout->addLayout(top);
    layout->addWidget(buildSending());
    layout->addWidget(buildReceiving());
    layout->addWidget(buildSecrets(clipboard));
    layout->addStretch(1);

    for (QLineEdit* edit : { m_name, m_url, m_method, m_username, m_apiKeyHeader, m_caCertificate, m_pathPrefix })
        connect(edit, &QLineEdit::textEdited, this, &EndpointEditor::edited);
    for (QPlainTextEdit* edit : { m_headers, m_schemeOptions })
        connect(edit, &QPlainTextEdit::textChanged, this, &EndpointEditor::edited);
    for (QSpinBox* box : { m_timeout, m_attempts, m_retryDelay })
        connect(box, &QSpinBox::valueChanged, this, &EndpointEditor::edited);
    for (QComboBox* box : { m_authKind, m_scheme }) {
        connect(box, &QComboBox::currentIndexChanged, this, &EndpointEditor::edited);
        connect(box, &QComboBox::currentIndexChanged, this, &EndpointEditor::updateFlags);
    }
    connect(m_ignoreTls, &QCheckBox::toggled, this, &EndpointEditor::edited);
    connect(m_ignoreTls, &QCheckBox::toggled, this, &EndpointEditor::updateFlags);
    for (SecretRow* row : { m_signing, m_previous, m_auth })
        connect(row, &SecretRow::edited, this, &EndpointEditor::edited);
}

QWidget* EndpointEditor::buildSending()
{
    auto* box = new QGroupBox(tr("Sending"));
    auto* form = new QFormLayout(box);
    m_url->setPlaceholderText(QStringLiteral("https://example.com/webhooks"));
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("&Method:"), m_method);
    m_headers->setPlaceholderText(tr("One 'Name: value' per line"));
    m_headers->setMaximumHeight(m_headers->fontMetrics().lineSpacing() * 5);
    form->addRow(tr("&Headers:"), m_headers);
    for (const auto kind :
        { EndpointAuth::Kind::None, EndpointAuth::Kind::Basic, EndpointAuth::Kind::Bearer, EndpointAuth::Kind::ApiKey })
        m_authKind->addItem(authKindName(kind), int(kind));
    form->addRow(tr("&Authentication:"), m_authKind);
    form->addRow(tr("User name:"), m_username);
    form->addRow(tr("API key header:"), m_apiKeyHeader);
    auto* delivery = new QHBoxLayout;
    delivery->addWidget(new QLabel(tr("Timeout")));
    delivery->addWidget(m_timeout);
    delivery->addWidget(new QLabel(tr("Attempts")));
    delivery->addWidget(m_attempts);
    delivery->addWidget(new QLabel(tr("First retry after")));
    delivery->addWidget(m_retryDelay);
    delivery->addStretch(1);
    form->addRow(tr("Delivery:"), delivery);
    auto* ca = new QHBoxLayout;
    ca->addWidget(m_caCertificate, 1);
    auto* browse = named(new QPushButton(tr("Browse…")), tr("Choose a CA certificate"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("CA certificate"), QString(), tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty()) {
            m_caCertificate->setText(file);
            Q_EMIT edited();
        }
    });
    ca->addWidget(browse);
    form->addRow(tr("Extra CA:"), ca);
    form->addRow(QString(), m_ignoreTls);
    m_tlsWarning->setText(tr("⚠ Certificates are not checked: anyone on the path can read and change what is sent."));
    m_tlsWarning->setWordWrap(true);
    m_tlsWarning->setAccessibleName(tr("TLS warning"));
    QPalette warning = m_tlsWarning->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_tlsWarning->setPalette(warning);
    form->addRow(QString(), m_tlsWarning);
    return box;
}

QWidget* EndpointEditor::buildReceiving()
{
    auto* box = new QGroupBox(tr("Receiving and signatures"));
    auto* form = new QFormLayout(box);
    m_pathPrefix->setPlaceholderText(QStringLiteral("/github"));
    form->addRow(tr("&Path prefix:"), m_pathPrefix);
    m_scheme->addItem(tr("(none)"), QString());
    for (const QString& name : signatureSchemeNames())
        m_scheme->addItem(name, name);
    form->addRow(tr("&Scheme:"), m_scheme);
    m_schemeOptions->setPlaceholderText(tr("key=value per line, e.g. algorithm=sha512"));
    m_schemeOptions->setMaximumHeight(m_schemeOptions->fontMetrics().lineSpacing() * 4);
    form->addRow(tr("Scheme options:"), m_schemeOptions);
    return box;
}

QWidget* EndpointEditor::buildSecrets(SecretClipboard* clipboard)
{
    auto* box = new QGroupBox(tr("Secrets (kept in the system keychain)"));
    auto* form = new QFormLayout(box);
    m_signing = new SecretRow(tr("Signing secret"), true, clipboard);
    m_previous = new SecretRow(tr("Previous signing secret"), false, clipboard);
    m_auth = new SecretRow(tr("Password, token or API key"), false, clipboard);
    form->addRow(tr("Signing secret:"), m_signing);
    form->addRow(tr("Previous secret:"), m_previous);
    form->addRow(tr("Auth secret:"), m_auth);
    auto* rotate = named(new QPushButton(tr("Rotate…")), tr("Rotate the signing secret"));
    rotate->setToolTip(tr("Make the current secret the previous one and generate a new one"));
    connect(rotate, &QPushButton::clicked, this, &EndpointEditor::rotate);
    form->addRow(QString(), rotate);
    return box;
}

void EndpointEditor::setEndpoint(const Endpoint& e)
{
    const QSignalBlocker block(this);
    m_base = e;
    m_name->setText(e.name);
    m_url->setText(e.url);
    m_method->setText(QString::fromLatin1(e.method));
    m_headers->setPlainText(QString::fromUtf8(headers::serialize(e.headers))
                                .replace(QStringLiteral("\r\n"), QStringLiteral("\n"))
                                .trimmed());
    m_authKind->setCurrentIndex(m_authKind->findData(int(e.auth.kind)));
    m_username->setText(e.auth.username);
    m_apiKeyHeader->setText(QString::fromLatin1(e.auth.apiKeyHeader));
    m_timeout->setValue(e.timeoutMs / 1000);
    m_attempts->setValue(e.retry.maxAttempts);
    m_retryDelay->setValue(e.retry.initialDelayMs / 1000);
    m_caCertificate->setText(e.caCertificateFile);
    m_ignoreTls->setChecked(e.ignoreTlsErrors);
    m_pathPrefix->setText(e.pathPrefix);
    m_scheme->setCurrentIndex(std::max(0, m_scheme->findData(e.scheme)));
    QStringList options;
    for (auto it = e.schemeParameters.constBegin(); it != e.schemeParameters.constEnd(); ++it)
        options << it.key() + QLatin1Char('=') + it.value().toVariant().toString();
    m_schemeOptions->setPlainText(options.join(QLatin1Char('\n')));
    updateFlags();
}

std::optional<Endpoint> EndpointEditor::endpoint(QString* problem) const
{
    Endpoint e = m_base;
    e.name = m_name->text().trimmed();
    e.url = m_url->text().trimmed();
    e.method = m_method->text().trimmed().toLatin1();
    e.headers.clear();
    for (const QString& line : m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        HeaderField field;
        if (!headers::parseLine(line, &field)) {
            *problem = tr("header line '%1' is not 'Name: value'").arg(line);
            return std::nullopt;
        }
        e.headers.append(field);
    }
    e.auth.kind = EndpointAuth::Kind(m_authKind->currentData().toInt());
    e.auth.username = m_username->text();
    e.auth.apiKeyHeader = m_apiKeyHeader->text().trimmed().toLatin1();
    e.timeoutMs = m_timeout->value() * 1000;
    e.retry.maxAttempts = m_attempts->value();
    e.retry.initialDelayMs = m_retryDelay->value() * 1000;
    e.caCertificateFile = m_caCertificate->text().trimmed();
    e.ignoreTlsErrors = m_ignoreTls->isChecked();
    e.pathPrefix = m_pathPrefix->text().trimmed();
    const QString scheme = m_scheme->currentData().toString();
    e.schemeParameters = {};
    for (const QString& line : m_schemeOptions->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *problem = tr("scheme option '%1' is not key=value").arg(line);
            return std::nullopt;
        }
        e.schemeParameters.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    e.scheme = scheme;
    if (!e.validate(problem))
        return std::nullopt;
    return e;
}

SecretRow* EndpointEditor::secretRow(SecretField field) const
{
    switch (field) {
    case SecretField::SigningSecret: return m_signing;
    case SecretField::PreviousSigningSecret: return m_previous;
    case SecretField::AuthSecret: return m_auth;
    }
    return nullptr;
}

void EndpointEditor::rotate()
{
    const QByteArray current = m_signing->value();
    const bool hex = !current.isEmpty() && !current.startsWith("whsec_");
    m_previous->setValue(current);
    m_signing->setValue(generateSecret(hex ? SecretFormat::Hex : SecretFormat::StandardWebhooks));
}

void EndpointEditor::updateFlags()
{
    const auto kind = EndpointAuth::Kind(m_authKind->currentData().toInt());
    m_username->setEnabled(kind == EndpointAuth::Kind::Basic);
    m_apiKeyHeader->setEnabled(kind == EndpointAuth::Kind::ApiKey);
    m_auth->setEnabled(kind != EndpointAuth::Kind::None);
    m_tlsWarning->setVisible(m_ignoreTls->isChecked());
}

} // namespace hookscope
