// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesignature.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace hookscope {

// The few facts about a stored capture that a live listing needs, without its body.
struct CaptureSummary {
    qint64 id = 0;
    qint64 receivedUs = 0;
    QByteArray method;
    QByteArray target;
    int status = 0; // what we answered
    qint64 bytes = 0; // head + body as received
    bool rejected = false;
    QString rejectReason;
    QString remoteAddress;
    quint16 remotePort = 0;
    QByteArray contentType;
    bool pinned = false;
    QString endpoint; // the endpoint whose path prefix matched, if any
    CaptureSignature::State signatureState = CaptureSignature::State::NotChecked;
    bool stored = false;
    QString storeError;
};

} // namespace hookscope

Q_DECLARE_METATYPE(hookscope::CaptureSummary)
