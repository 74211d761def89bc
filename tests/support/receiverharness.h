// SPDX-License-Identifier: MIT
#pragma once

#include "core/http/receiver.h"
#include "core/storage/capturereader.h"
#include "core/storage/capturestore.h"

#include <QTemporaryDir>
#include <QThread>

#include <optional>

namespace hookscope::test {

// A real receiver and store on a temporary database, the receiver on its own thread so a test can use
// blocking socket calls without starving it.
class ReceiverHarness final {
public:
    explicit ReceiverHarness(
        ReceiverOptions options = {}, const StoreOptions& storeOptions = {}, Receiver::CaptureStamp stamp = {});
    ~ReceiverHarness();
    Q_DISABLE_COPY_MOVE(ReceiverHarness)

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    QString databasePath() const { return m_dir.filePath(QStringLiteral("captures.sqlite")); }
    CaptureStore& store() { return m_store; }

    // Every capture so far, committed; newest first.
    QList<CaptureSummary> captures();
    std::optional<CapturedRequest> newest();
    std::optional<CapturedRequest> capture(qint64 id);

private:
    QTemporaryDir m_dir;
    CaptureStore m_store;
    QThread m_thread;
    Receiver* m_receiver = nullptr;
    quint16 m_port = 0;
    bool m_ok = false;
    QString m_error;
};

} // namespace hookscope::test
