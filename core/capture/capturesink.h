// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"

#include <QList>
#include <QObject>

namespace hookscope {

// What became of one submitted capture.
struct CommitReceipt {
    quint64 ticket = 0;
    qint64 id = 0; // store id when stored
    bool stored = false;
    QString error; // why it could not be stored
};

// When the response to a stored capture was handed to the socket.
struct ResponseTime {
    qint64 id = 0;
    qint64 respondedUs = 0;
    // The capture's receive time, when known (0: not checked). Ids are handed out again after the newest
    // capture is removed, and times are written a little later than they are taken, so this tells the capture
    // a time belongs to from a newer one with the same id.
    qint64 receivedUs = 0;
};

// Where the receiver hands captures. The receiver only acknowledges a request to its sender once
// `committed` reports it stored, which is what makes acknowledgements durable.
class CaptureSink : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Thread-safe. Returns a ticket that a later `committed` receipt carries.
    virtual quint64 submit(CapturedRequest capture) = 0;

    // Records when responses left for the socket (best effort, never acknowledged).
    virtual void recordResponded(const QList<ResponseTime>& times) = 0;

Q_SIGNALS:
    void committed(const QList<hookscope::CommitReceipt>& receipts);
};

} // namespace hookscope

Q_DECLARE_METATYPE(hookscope::CommitReceipt)
