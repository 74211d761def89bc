// SPDX-License-Identifier: MIT
#include "core/endpoints/endpoint.h"

#include "core/endpoints/endpointverifier.h"
#include "core/signatures/signaturescheme.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <array>

namespace hookscope {

bool Endpoint::isValidName(const QString& name, QString* problem)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (valid.match(name).hasMatch())
        return true;
    if (problem) {
        *problem = name.isEmpty()
            ? QStringLiteral("an endpoint needs a name")
            : QStringLiteral("'%1' is not a usable endpoint name: use letters, digits, '.', '_' and '-', starting "
                             "with a letter or digit, at most 64 characters")
                  .arg(name);
    }
    return false;
}

bool Endpoint::isValidUrl(const QString& url)
{
    if (url.isEmpty())
        return true;
    const QUrl parsed(url, QUrl::StrictMode);
    const bool web = parsed.scheme() == QLatin1String("http") || parsed.scheme() == QLatin1String("https");
    return parsed.isValid() && web && !parsed.host().isEmpty();
}

bool Endpoint::isValidPathPrefix(const QString& prefix)
{
    return prefix.isEmpty() || (prefix.startsWith(QLatin1Char('/')) && !prefix.contains(QLatin1Char('?')));
}

bool Endpoint::validate(QString* problem) const
{
    if (!isValidName(name, problem))
        return false;
    const auto fail = [problem](const QString& text) {
        if (problem)
            *problem = text;
        return false;
    };
    if (!isValidUrl(url))
        return fail(QStringLiteral("the URL must be an http:// or https:// URL with a host"));
    if (!headers::isToken(method))
        return fail(QStringLiteral("the method must be an HTTP method such as POST"));
    for (const HeaderField& field : headers) {
        if (!headers::isToken(field.name))
            return fail(QStringLiteral("'%1' is not a valid header name").arg(QString::fromLatin1(field.name)));
    }
    if (auth.kind == EndpointAuth::Kind::ApiKey && !headers::isToken(auth.apiKeyHeader))
        return fail(QStringLiteral("the API key header must be a header name"));
    if (!isValidPathPrefix(pathPrefix))
        return fail(QStringLiteral("the path prefix must start with '/' (e.g. /github) and hold no query"));
    QString schemeProblem;
    if (!scheme.isEmpty() && !EndpointVerifier::schemeSpecFor(*this, &schemeProblem))
        return fail(schemeProblem);
    if (timeoutMs <= 0 || retry.maxAttempts < 1 || retry.initialDelayMs < 0)
        return fail(QStringLiteral("timeout and attempts must be positive"));
    return true;
}

bool Endpoint::ownsPath(QByteArrayView path) const
{
    if (pathPrefix.isEmpty())
        return false;
    QByteArray prefix = pathPrefix.toUtf8();
    while (prefix.size() > 1 && prefix.endsWith('/'))
        prefix.chop(1);
    if (!path.startsWith(prefix))
        return false;
    if (path.size() == prefix.size() || prefix == "/")
        return true;
    const char next = path.at(prefix.size());
    return next == '/' || next == '?';
}

QString authKindName(EndpointAuth::Kind kind)
{
    switch (kind) {
    case EndpointAuth::Kind::None: return QStringLiteral("none");
    case EndpointAuth::Kind::Basic: return QStringLiteral("basic");
    case EndpointAuth::Kind::Bearer: return QStringLiteral("bearer");
    case EndpointAuth::Kind::ApiKey: return QStringLiteral("api-key");
    }
    return {};
}

QJsonObject retryJson(const RetryPolicy& retry)
{
    return { { QStringLiteral("maxAttempts"), retry.maxAttempts },
        { QStringLiteral("initialDelayMs"), retry.initialDelayMs },
        { QStringLiteral("maxDelayMs"), retry.maxDelayMs } };
}

const QStringList& signatureSchemeNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const SchemeInfo& info : schemes::all())
            out << info.name;
        return out;
    }();
    return names;
}

bool parseAuthKind(const QString& text, EndpointAuth::Kind* out)
{
    static constexpr std::array kinds { EndpointAuth::Kind::None, EndpointAuth::Kind::Basic, EndpointAuth::Kind::Bearer,
        EndpointAuth::Kind::ApiKey };
    const auto* found = std::find_if(kinds.begin(), kinds.end(),
        [&text](EndpointAuth::Kind kind) { return text.compare(authKindName(kind), Qt::CaseInsensitive) == 0; });
    if (found == kinds.end())
        return false;
    *out = *found;
    return true;
}

} // namespace hookscope
