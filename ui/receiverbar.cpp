// SPDX-License-Identifier: MIT
#include "ui/receiverbar.h"

#include "core/http/receiver.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

namespace hookscope {

namespace {
    constexpr qint64 kRateWindowMs = 5000;

    QPushButton* button(const QString& text, const QString& accessibleName)
    {
        auto* b = new QPushButton(text);
        b->setAccessibleName(accessibleName);
        return b;
    }
} // namespace

ReceiverBar::ReceiverBar(Receiver* receiver, QWidget* parent)
    : QWidget(parent)
    , m_receiver(receiver)
    , m_url(new QLabel)
    , m_copyUrl(button(tr("Copy URL"), tr("Copy the receiver URL")))
    , m_copyCurl(button(tr("Copy curl example"), tr("Copy a curl example")))
    , m_startStop(button(tr("Stop"), tr("Start or stop the receiver")))
    , m_bind(new QLineEdit)
    , m_port(new QSpinBox)
    , m_exposed(new QLabel)
    , m_rate(new QLabel)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setAccessibleName(tr("Receiver address"));
    QFont big = m_url->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_url->setFont(big);
    layout->addWidget(m_url, 1);
    layout->addWidget(m_copyUrl);
    layout->addWidget(m_copyCurl);
    layout->addSpacing(12);
    m_bind->setAccessibleName(tr("Bind address"));
    m_bind->setToolTip(tr("127.0.0.1 keeps the receiver private to this machine; 0.0.0.0 exposes it"));
    m_bind->setMaximumWidth(m_bind->fontMetrics().horizontalAdvance(QStringLiteral("000.000.000.000__")));
    layout->addWidget(m_bind);
    m_port->setRange(0, 65535);
    m_port->setAccessibleName(tr("Port"));
    m_port->setToolTip(tr("0 picks a free port"));
    layout->addWidget(m_port);
    auto* apply = button(tr("Apply"), tr("Apply the bind address and port"));
    layout->addWidget(apply);
    layout->addWidget(m_startStop);
    m_exposed->setText(tr("⚠ reachable from other machines"));
    m_exposed->setAccessibleName(tr("Exposure warning"));
    QPalette warning = m_exposed->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_exposed->setPalette(warning);
    layout->addWidget(m_exposed);
    m_rate->setAccessibleName(tr("Request rate"));
    m_rate->setMinimumWidth(m_rate->fontMetrics().horizontalAdvance(QStringLiteral("00000.0 req/s")));
    layout->addWidget(m_rate);

    connect(m_copyUrl, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(m_receiver->url().toString()); });
    connect(m_copyCurl, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(curlExample()); });
    connect(m_startStop, &QPushButton::clicked, this, &ReceiverBar::startOrStop);
    connect(apply, &QPushButton::clicked, this, &ReceiverBar::applyAddress);
    connect(m_bind, &QLineEdit::returnPressed, this, &ReceiverBar::applyAddress);
    connect(m_receiver, &Receiver::listeningChanged, this, &ReceiverBar::updateState);
    auto* tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, &ReceiverBar::updateRate);
    tick->start(1000);
    m_clock.start();
    m_bind->setText(m_receiver->options().address.toString());
    m_port->setValue(m_receiver->options().port);
    updateState();
    updateRate();
}

QString ReceiverBar::curlExample() const
{
    return QStringLiteral(
        "curl -i -X POST '%1hello' -H 'Content-Type: application/json' --data '{\"hello\":\"world\"}'")
        .arg(m_receiver->url().toString());
}

void ReceiverBar::updateState()
{
    const bool listening = m_receiver->isListening();
    if (listening) {
        m_url->setText(tr("Send webhooks to <b>%1</b>").arg(m_receiver->url().toString().toHtmlEscaped()));
        m_port->setValue(m_receiver->port());
    } else {
        m_url->setText(m_receiver->errorString().isEmpty()
                ? tr("The receiver is stopped.")
                : tr("The receiver is stopped: %1").arg(m_receiver->errorString().toHtmlEscaped()));
    }
    m_copyUrl->setEnabled(listening);
    m_copyCurl->setEnabled(listening);
    m_startStop->setText(listening ? tr("Stop") : tr("Start"));
    m_exposed->setVisible(listening && !m_receiver->address().isLoopback());
}

QString ReceiverBar::urlText() const
{
    return m_url->text();
}

bool ReceiverBar::exposedWarningShown() const
{
    return !m_exposed->isHidden();
}

void ReceiverBar::startOrStop()
{
    if (m_receiver->isListening()) {
        m_receiver->stop();
        updateState();
        return;
    }
    applyAddress();
}

void ReceiverBar::applyAddress()
{
    ReceiverOptions options = m_receiver->options();
    const QHostAddress address(m_bind->text().trimmed());
    if (address.isNull()) {
        m_url->setText(tr("'%1' is not an IP address; use 127.0.0.1 (this machine only) or 0.0.0.0 (all)")
                           .arg(m_bind->text().toHtmlEscaped()));
        return;
    }
    options.address = address;
    options.port = quint16(m_port->value());
    if (m_receiver->isListening())
        m_receiver->stop();
    m_receiver->start(options);
    updateState();
}

void ReceiverBar::countCapture()
{
    m_arrivals.append(m_clock.elapsed());
}

void ReceiverBar::updateRate()
{
    const qint64 now = m_clock.elapsed();
    while (!m_arrivals.isEmpty() && now - m_arrivals.first() > kRateWindowMs)
        m_arrivals.removeFirst();
    const double span = double(std::min(now, kRateWindowMs)) / 1000.0;
    m_rate->setText(tr("%1 req/s").arg(span > 0 ? double(m_arrivals.size()) / span : 0.0, 0, 'f', 1));
}

QString ReceiverBar::rateText() const
{
    return m_rate->text();
}

} // namespace hookscope
