// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/capture/capturesummary.h"
#include "core/storage/capturestore.h"

#include <QList>
#include <QTemporaryDir>

namespace hookscope::test {

// One request to store, described by what the list shows and filters on.
struct Sample {
    QByteArray method = "POST";
    QByteArray target = "/hooks";
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body = "{}";
    qint64 receivedUs = 0; // 0: now
    bool rejected = false;
    QString remoteAddress = QStringLiteral("127.0.0.1");
    quint16 remotePort = 50000;
};

CapturedRequest makeCapture(const Sample& sample);

// Twelve varied captures for the filter tests: capture i (1-based, id i in a new database) arrived i seconds
// after kBaseUs.
constexpr qint64 kBaseUs = 1'700'000'000'000'000;
constexpr qint64 kSecondUs = 1'000'000;
QList<Sample> filterSamples();

// A real capture database, written by the real store in a temporary folder.
class CaptureFixture final {
public:
    CaptureFixture();
    ~CaptureFixture();
    Q_DISABLE_COPY_MOVE(CaptureFixture)

    bool ok() const { return m_ok; }
    QString path() const { return m_dir.filePath(QStringLiteral("captures.sqlite")); }
    CaptureStore& store() { return m_store; }

    // Stores the samples in order and waits until they are committed; returns their ids.
    QList<qint64> add(const QList<Sample>& samples);
    // The summary the receiver would announce for a stored capture.
    CaptureSummary summary(qint64 id);
    void indexSearch() { m_store.flushSearchIndex(); }
    // Stops the store, then makes the search index and the retention catalog cover only ids up to `upto`, as
    // when the writer has not caught up with them yet (or a crash interrupted it). Readers still work on the file.
    bool closeWithIndexesUpTo(qint64 upto);

private:
    QTemporaryDir m_dir;
    CaptureStore m_store;
    bool m_ok = false;
};

} // namespace hookscope::test
