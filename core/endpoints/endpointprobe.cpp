// SPDX-License-Identifier: MIT
#include "core/endpoints/endpointprobe.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace hookscope {

QString ProbeResult::summary() const
{
    if (!reached)
        return QStringLiteral("failed after %1 ms: %2").arg(elapsedMs).arg(reason);
    return QStringLiteral("HTTP %1 %2 in %3 ms").arg(status).arg(reason).arg(elapsedMs);
}

EndpointProbe::EndpointProbe(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

EndpointProbe::~EndpointProbe() = default;

void EndpointProbe::start(const Endpoint& endpoint)
{
    QNetworkRequest request { QUrl(endpoint.url) };
    request.setTransferTimeout(endpoint.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Hookscope endpoint test"));
    if (request.url().scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!endpoint.caCertificateFile.isEmpty()) {
            QList<QSslCertificate> cas = tls.caCertificates();
            cas += QSslCertificate::fromPath(endpoint.caCertificateFile, QSsl::Pem);
            tls.setCaCertificates(cas);
        }
        if (endpoint.ignoreTlsErrors)
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
    QNetworkReply* reply = m_network->head(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, startedMs] { onFinished(reply, startedMs); });
}

void EndpointProbe::onFinished(QNetworkReply* reply, qint64 startedMs)
{
    reply->deleteLater();
    ProbeResult result;
    result.elapsedMs = QDateTime::currentMSecsSinceEpoch() - startedMs;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.reached = status.isValid();
    if (result.reached) {
        result.status = status.toInt();
        result.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    } else {
        result.reason = reply->errorString();
    }
    Q_EMIT finished(result);
}

} // namespace hookscope
