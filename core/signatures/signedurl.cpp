// SPDX-License-Identifier: MIT
#include "core/signatures/signedurl.h"

namespace hookscope::signedurl {

namespace {
    struct Parts {
        QByteArray scheme; // "https://"
        QByteArray host; // with user info
        QByteArray port; // ":8080" or empty
        QByteArray rest; // path, query and fragment
    };

    std::optional<Parts> split(const QByteArray& url)
    {
        const qsizetype schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0)
            return std::nullopt;
        Parts parts;
        parts.scheme = url.left(schemeEnd + 3);
        qsizetype authorityEnd = schemeEnd + 3;
        while (authorityEnd < url.size() && !QByteArrayView("/?#").contains(url.at(authorityEnd)))
            ++authorityEnd;
        const QByteArray authority = url.mid(schemeEnd + 3, authorityEnd - schemeEnd - 3);
        // A colon starts the port only after the closing bracket of an IPv6 literal.
        const qsizetype bracket = authority.lastIndexOf(']');
        const qsizetype colon = authority.indexOf(':', bracket < 0 ? authority.lastIndexOf('@') + 1 : bracket);
        parts.host = colon < 0 ? authority : authority.left(colon);
        parts.port = colon < 0 ? QByteArray() : authority.mid(colon);
        parts.rest = url.mid(authorityEnd);
        return parts;
    }

    QByteArray join(const Parts& parts)
    {
        return parts.scheme + parts.host + parts.port + parts.rest;
    }

    bool isHttps(const Parts& parts)
    {
        return parts.scheme.compare("https://", Qt::CaseInsensitive) == 0;
    }

    QByteArray decodeForm(QByteArray text)
    {
        text.replace('+', ' ');
        return QByteArray::fromPercentEncoding(text);
    }
} // namespace

QByteArray reconstruct(const CapturedRequest& request)
{
    if (request.target.startsWith("http://") || request.target.startsWith("https://"))
        return request.target;
    return "http://" + headers::first(request.headers, "Host") + request.target;
}

QByteArray withQueryOf(const QByteArray& url, const QByteArray& target)
{
    const qsizetype query = target.indexOf('?');
    if (url.contains('?') || query < 0)
        return url;
    return url + target.mid(query);
}

QByteArray withoutPort(const QByteArray& url)
{
    std::optional<Parts> parts = split(url);
    if (!parts)
        return url;
    parts->port.clear();
    return join(*parts);
}

QByteArray withDefaultPort(const QByteArray& url)
{
    std::optional<Parts> parts = split(url);
    if (!parts || !parts->port.isEmpty())
        return url;
    parts->port = isHttps(*parts) ? ":443" : ":80";
    return join(*parts);
}

QByteArray withoutQuery(const QByteArray& url)
{
    const qsizetype query = url.indexOf('?');
    return query < 0 ? url : url.left(query);
}

QByteArray target(const QByteArray& url)
{
    const std::optional<Parts> parts = split(url);
    const QByteArray rest = parts ? parts->rest : url;
    return rest.isEmpty() || rest.startsWith('?') ? "/" + rest : rest;
}

QByteArray queryValue(const QByteArray& url, QByteArrayView name)
{
    const qsizetype query = url.indexOf('?');
    if (query < 0)
        return {};
    const qsizetype fragment = url.indexOf('#', query);
    const QByteArray text = url.mid(query + 1, fragment < 0 ? -1 : fragment - query - 1);
    for (const QByteArray& pair : text.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (decodeForm(eq < 0 ? pair : pair.left(eq)) == name)
            return eq < 0 ? QByteArray("") : decodeForm(pair.mid(eq + 1));
    }
    return {};
}

QByteArray withQueryParameter(const QByteArray& url, QByteArrayView name, QByteArrayView value)
{
    return url + (url.contains('?') ? '&' : '?') + name.toByteArray() + '=' + value.toByteArray();
}

QList<Variant> variants(const QByteArray& url)
{
    QList<Variant> out;
    const std::optional<Parts> parts = split(url);
    if (!parts)
        return out;
    const auto add = [&](const QByteArray& candidate, const QString& difference) {
        if (candidate == url)
            return;
        for (const Variant& seen : out) {
            if (seen.url == candidate)
                return;
        }
        out.append({ candidate, difference });
    };
    const bool https = isHttps(*parts);
    Parts swapped = *parts;
    swapped.scheme = https ? "http://" : "https://";
    const QString swapWords = https ? QStringLiteral("http instead of https") : QStringLiteral("https instead of http");
    const QString portWords = QStringLiteral("without the port %1").arg(QString::fromLatin1(parts->port));
    Parts noPort = *parts;
    noPort.port.clear();
    Parts swappedNoPort = swapped;
    swappedNoPort.port.clear();

    add(join(swapped), swapWords);
    if (!parts->port.isEmpty()) {
        add(join(noPort), portWords);
        add(join(swappedNoPort), swapWords + QStringLiteral(", ") + portWords);
    } else {
        add(withDefaultPort(url), QStringLiteral("with the default port written out"));
    }
    if (url.contains('?')) {
        const QString queryWords = QStringLiteral("without the query string");
        add(withoutQuery(url), queryWords);
        add(withoutQuery(join(swapped)), swapWords + QStringLiteral(", ") + queryWords);
        add(withoutQuery(join(noPort)), portWords + QStringLiteral(", ") + queryWords);
        add(withoutQuery(join(swappedNoPort)),
            swapWords + QStringLiteral(", ") + portWords + QStringLiteral(", ") + queryWords);
    }
    return out;
}

QList<QPair<QByteArray, QByteArray>> formParameters(QByteArrayView body)
{
    QList<QPair<QByteArray, QByteArray>> out;
    for (const QByteArray& pair : body.toByteArray().split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        out.append({ decodeForm(eq < 0 ? pair : pair.left(eq)), eq < 0 ? QByteArray() : decodeForm(pair.mid(eq + 1)) });
    }
    return out;
}

} // namespace hookscope::signedurl
