// SPDX-License-Identifier: MIT
#pragma once

#include "core/endpoints/endpoint.h"

#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace hookscope {

struct ProbeResult {
    bool reached = false; // an HTTP answer came back, whatever its status
    int status = 0;
    QString reason; // the status line's phrase, or what went wrong
    qint64 elapsedMs = 0;
    QString summary() const; // "HTTP 405 Method Not Allowed in 12 ms" / "failed: …"
};

// "Test" for an endpoint: a harmless HEAD request to its URL with its TLS options and timeout, to show
// whether the URL answers. Never sends a body, a signature or a secret.
class EndpointProbe final : public QObject {
    Q_OBJECT

public:
    explicit EndpointProbe(QObject* parent = nullptr);
    ~EndpointProbe() override;
    Q_DISABLE_COPY_MOVE(EndpointProbe)

    void start(const Endpoint& endpoint);

Q_SIGNALS:
    void finished(const hookscope::ProbeResult& result);

private:
    void onFinished(QNetworkReply* reply, qint64 startedMs);

    QNetworkAccessManager* m_network;
};

} // namespace hookscope
