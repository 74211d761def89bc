// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace hookscope {

class Receiver;

// The top of the window: where to send webhooks (with copy buttons and a ready curl example), start/stop,
// bind address and port (with a warning when reachable from other machines), and the live request rate.
class ReceiverBar final : public QWidget {
    Q_OBJECT

public:
    explicit ReceiverBar(Receiver* receiver, QWidget* parent = nullptr);

    QString urlText() const;
    QString rateText() const;
    bool exposedWarningShown() const;
    QString curlExample() const;

public Q_SLOTS:
    void countCapture();
    void startOrStop();
    void applyAddress();

private:
    void updateState();
    void updateRate();

    Receiver* m_receiver;
    QLabel* m_url;
    QPushButton* m_copyUrl;
    QPushButton* m_copyCurl;
    QPushButton* m_startStop;
    QLineEdit* m_bind;
    QSpinBox* m_port;
    QLabel* m_exposed;
    QLabel* m_rate;
    QList<qint64> m_arrivals; // ms on m_clock, the last few seconds'
    QElapsedTimer m_clock;
};

} // namespace hookscope
