// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/capture/capturesummary.h"

#include <QByteArray>
#include <QJsonObject>

namespace hookscope::cli {

// How captures look on the command line: one line of text, or one JSON object, per capture.
// "valid", "invalid" or "unchecked".
QString signatureStateName(CaptureSignature::State state);
QByteArray summaryLine(const CaptureSummary& summary);
// `text` (which a sender may have chosen) with its control characters, line ends included, written out as \xNN.
QString oneLineForTerminal(const QString& text);
QJsonObject summaryJson(const CaptureSummary& summary);
QJsonObject captureJson(const CapturedRequest& capture);
QByteArray captureText(const CapturedRequest& capture);
QString isoTime(qint64 unixUs);

} // namespace hookscope::cli
