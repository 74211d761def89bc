// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

namespace hookscope::platform {

// Turns SIGINT/SIGTERM (Ctrl+C / console close on Windows) into a Qt signal delivered on the event loop,
// so a headless receiver can flush its store and exit 0 instead of dying mid-transaction.
class TerminationSignals final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)
public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    void requested(int signalNumber);

private:
    void drain();
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace hookscope::platform
