// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturesignature.h"
#include "core/capture/headerfield.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace hookscope {

// Everything Hookscope knows about one request that reached the receiver, accepted or rejected.
// A plain value: the receiver fills it, the store persists it, readers get it back unchanged.
struct CapturedRequest {
    qint64 id = 0; // assigned by the store; 0 until then

    // Wall-clock instants, UTC microseconds since the Unix epoch.
    qint64 receivedUs = 0; // first byte of the request
    qint64 completeUs = 0; // last byte of the request
    qint64 respondedUs = 0; // response handed to the socket; 0 while unknown

    QString remoteAddress;
    quint16 remotePort = 0;
    QString localAddress;
    quint16 localPort = 0;

    QByteArray method;
    QByteArray target; // the request target exactly as sent
    QByteArray path; // target up to '?'
    QByteArray query; // after '?', still percent-encoded
    QByteArray httpVersion; // "HTTP/1.1"

    QByteArray head; // request line and header section, byte for byte, ending in the blank line
    HeaderList headers;
    HeaderList trailers; // chunked trailers, never merged into headers
    QByteArray body; // decoded from chunked framing, otherwise exact
    bool chunked = false;

    int responseStatus = 0;
    HeaderList responseHeaders;
    QByteArray responseBody;

    bool rejected = false;
    QString rejectReason;
    QByteArray rawPrefix; // first bytes of a rejected request, capped

    bool pinned = false;
    QString note; // the user's own words about it
    CaptureSignature signature;

    qint64 headSize() const { return head.size(); }
    qint64 bodySize() const { return body.size(); }
    qint64 totalSize() const { return head.size() + body.size() + rawPrefix.size(); }
};

} // namespace hookscope

Q_DECLARE_METATYPE(hookscope::CapturedRequest)
