// SPDX-License-Identifier: MIT
#include "app/cli/endpointcli.h"

#include <QJsonArray>

#include <array>

namespace hookscope::cli {

std::unique_ptr<EndpointContext> openEndpoints(const QString& profileDirectory, QString* error)
{
    auto context = std::make_unique<EndpointContext>();
    if (!context->store.open(EndpointStore::defaultPath(profileDirectory), error))
        return nullptr;
    context->secrets = std::make_unique<EndpointSecrets>(context->store.profileId());
    return context;
}

QString takeAction(QStringList& arguments, const QStringList& valuedOptions)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        if (valuedOptions.contains(arg)) {
            ++i;
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')))
            continue;
        QString action = arg;
        arguments.removeAt(i);
        arguments[0] += QLatin1Char(' ') + action;
        return action;
    }
    return {};
}

SecretPresence secretPresence(const EndpointSecrets& secrets, const QString& endpoint)
{
    SecretPresence presence;
    const std::array<bool*, 3> flags { &presence.signing, &presence.previous, &presence.auth };
    int i = 0;
    for (const SecretField field : EndpointSecrets::kAllFields) {
        const Keychain::Result result = secrets.get(endpoint, field);
        if (!result.ok() && result.status != Keychain::Status::NotFound) {
            presence.problem = Keychain::explain(result);
            return presence;
        }
        *flags[i++] = result.ok();
    }
    presence.known = true;
    return presence;
}

namespace {
    QJsonValue presenceValue(const SecretPresence& presence, bool set)
    {
        return presence.known ? QJsonValue(set) : QJsonValue(QJsonValue::Null);
    }

    QString presenceText(const SecretPresence& presence, bool set)
    {
        if (!presence.known)
            return QStringLiteral("unknown (keychain unreachable)");
        return set ? QStringLiteral("set (in the keychain)") : QStringLiteral("not set");
    }

    QString seconds(int ms)
    {
        return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 s").arg(ms / 1000.0);
    }
} // namespace

QJsonObject endpointJson(const Endpoint& e, const SecretPresence& presence)
{
    QJsonArray headerArray;
    for (const HeaderField& h : e.headers)
        headerArray.append(QString(QString::fromLatin1(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value)));
    QJsonObject auth { { QStringLiteral("kind"), authKindName(e.auth.kind) } };
    if (e.auth.kind == EndpointAuth::Kind::Basic)
        auth.insert(QStringLiteral("username"), e.auth.username);
    if (e.auth.kind == EndpointAuth::Kind::ApiKey)
        auth.insert(QStringLiteral("header"), QString::fromLatin1(e.auth.apiKeyHeader));
    return {
        { QStringLiteral("name"), e.name },
        { QStringLiteral("url"), e.url },
        { QStringLiteral("method"), QString::fromLatin1(e.method) },
        { QStringLiteral("headers"), headerArray },
        { QStringLiteral("auth"), auth },
        { QStringLiteral("timeoutMs"), e.timeoutMs },
        { QStringLiteral("retry"), retryJson(e.retry) },
        { QStringLiteral("caCertificateFile"), e.caCertificateFile },
        { QStringLiteral("ignoreTlsErrors"), e.ignoreTlsErrors },
        { QStringLiteral("path"), e.pathPrefix },
        { QStringLiteral("scheme"), e.scheme },
        { QStringLiteral("schemeParameters"), e.schemeParameters },
        { QStringLiteral("secrets"),
            QJsonObject { { QStringLiteral("signing"), presenceValue(presence, presence.signing) },
                { QStringLiteral("previous"), presenceValue(presence, presence.previous) },
                { QStringLiteral("auth"), presenceValue(presence, presence.auth) } } },
    };
}

QString endpointText(const Endpoint& e, const SecretPresence& presence)
{
    QStringList lines;
    const auto line = [&lines](const char* label, const QString& value) {
        lines << QStringLiteral("%1 %2").arg(QString::fromLatin1(label).leftJustified(17), value);
    };
    const QString none = QStringLiteral("(none)");
    line("name:", e.name);
    line("url:", e.url.isEmpty() ? none : e.url);
    line("method:", QString::fromLatin1(e.method));
    if (e.headers.isEmpty())
        line("headers:", none);
    for (const HeaderField& h : e.headers)
        line("header:", QString::fromLatin1(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value));
    QString auth = authKindName(e.auth.kind);
    if (e.auth.kind == EndpointAuth::Kind::Basic)
        auth += QStringLiteral(" (user %1)").arg(e.auth.username);
    if (e.auth.kind == EndpointAuth::Kind::ApiKey)
        auth += QStringLiteral(" (header %1)").arg(QString::fromLatin1(e.auth.apiKeyHeader));
    line("auth:", auth);
    line("timeout:", seconds(e.timeoutMs) + QStringLiteral(" per attempt"));
    line("retries:",
        QStringLiteral("up to %1 attempts, waiting %2 doubling up to %3")
            .arg(e.retry.maxAttempts)
            .arg(seconds(e.retry.initialDelayMs), seconds(e.retry.maxDelayMs)));
    QString tls = e.caCertificateFile.isEmpty() ? QStringLiteral("system CAs")
                                                : QStringLiteral("system CAs + %1").arg(e.caCertificateFile);
    if (e.ignoreTlsErrors)
        tls += QStringLiteral("; IGNORING TLS ERRORS (certificates are not checked)");
    line("tls:", tls);
    line("receives at:", e.pathPrefix.isEmpty() ? none : e.pathPrefix);
    line("scheme:", e.scheme.isEmpty() ? none : e.scheme);
    for (auto it = e.schemeParameters.constBegin(); it != e.schemeParameters.constEnd(); ++it)
        line("scheme option:", it.key() + QLatin1Char('=') + it.value().toVariant().toString());
    line("signing secret:", presenceText(presence, presence.signing));
    line("previous secret:", presenceText(presence, presence.previous));
    if (e.auth.kind != EndpointAuth::Kind::None)
        line("auth secret:", presenceText(presence, presence.auth));
    if (!presence.known)
        lines << QStringLiteral("note: %1").arg(presence.problem);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace hookscope::cli
