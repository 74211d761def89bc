// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

namespace hookscope {

// Copies secrets to the clipboard the way password managers do: marked so clipboard managers skip their
// history (x-kde-passwordManagerHint: secret), and cleared again after a while if it still holds the secret.
class SecretClipboard final : public QObject {
    Q_OBJECT

public:
    explicit SecretClipboard(QObject* parent = nullptr);

    void copy(const QByteArray& secret);
    void setClearAfterMs(int ms) { m_timer.setInterval(ms); }
    int clearAfterMs() const { return m_timer.interval(); }

    static constexpr int kDefaultClearAfterMs = 30'000;

Q_SIGNALS:
    void cleared();

private:
    void clearIfUnchanged();

    QTimer m_timer;
    QByteArray m_copied;
};

} // namespace hookscope
