// SPDX-License-Identifier: MIT
#include "core/signatures/hmacparameters.h"

#include <QStringList>

#include <algorithm>

namespace hookscope {

namespace {
    const QStringList& keys()
    {
        static const QStringList list { QStringLiteral("algorithm"), QStringLiteral("encoding"),
            QStringLiteral("header"), QStringLiteral("prefix"), QStringLiteral("template"),
            QStringLiteral("timestamp-header"), QStringLiteral("id-header"), QStringLiteral("secret") };
        return list;
    }

    QString escaped(const QString& value)
    {
        QString out = value;
        out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        out.replace(QLatin1Char(';'), QLatin1String("\\;"));
        return out;
    }

    // Splits on ';' that is not escaped and removes the escapes.
    QStringList splitCompact(const QString& compact)
    {
        QStringList parts;
        QString current;
        for (qsizetype i = 0; i < compact.size(); ++i) {
            const QChar c = compact.at(i);
            if (c == QLatin1Char('\\') && i + 1 < compact.size()) {
                current += compact.at(++i);
            } else if (c == QLatin1Char(';')) {
                parts.append(current);
                current.clear();
            } else {
                current += c;
            }
        }
        parts.append(current);
        return parts;
    }

    bool validHeaderName(const QByteArray& name)
    {
        const auto token = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        };
        return !name.isEmpty() && std::all_of(name.begin(), name.end(), token);
    }
} // namespace

QCryptographicHash::Algorithm HmacParameters::hashAlgorithm() const
{
    switch (algorithm) {
    case Algorithm::Sha1: return QCryptographicHash::Sha1;
    case Algorithm::Sha256: return QCryptographicHash::Sha256;
    case Algorithm::Sha512: return QCryptographicHash::Sha512;
    }
    return QCryptographicHash::Sha256;
}

QString HmacParameters::algorithmName(Algorithm value)
{
    switch (value) {
    case Algorithm::Sha1: return QStringLiteral("sha1");
    case Algorithm::Sha256: return QStringLiteral("sha256");
    case Algorithm::Sha512: return QStringLiteral("sha512");
    }
    return {};
}

QString HmacParameters::encodingName(Encoding value)
{
    return value == Encoding::Hex ? QStringLiteral("hex") : QStringLiteral("base64");
}

QString HmacParameters::secretEncodingName(SecretEncoding value)
{
    switch (value) {
    case SecretEncoding::Raw: return QStringLiteral("raw");
    case SecretEncoding::Base64: return QStringLiteral("base64");
    case SecretEncoding::Hex: return QStringLiteral("hex");
    }
    return {};
}

QString HmacParameters::problem() const
{
    if (!validHeaderName(header)) {
        return QStringLiteral("the signature header name '%1' is not a valid header name")
            .arg(QString::fromUtf8(header));
    }
    if (!timestampHeader.isEmpty() && !validHeaderName(timestampHeader))
        return QStringLiteral("the timestamp header name is not a valid header name");
    if (!idHeader.isEmpty() && !validHeaderName(idHeader))
        return QStringLiteral("the id header name is not a valid header name");
    static const QList<QByteArray> known { "body", "timestamp", "id", "url", "method", "target" };
    qsizetype pos = 0;
    while ((pos = signedTemplate.indexOf('{', pos)) >= 0) {
        const qsizetype end = signedTemplate.indexOf('}', pos);
        const QByteArray name = end < 0 ? QByteArray() : signedTemplate.mid(pos + 1, end - pos - 1);
        if (!known.contains(name)) {
            return QStringLiteral("the template has '%1'; known placeholders: {body} {timestamp} {id} {url} "
                                  "{method} {target}")
                .arg(QString::fromUtf8(signedTemplate.mid(pos, end < 0 ? 20 : end - pos + 1)));
        }
        if (name == "timestamp" && timestampHeader.isEmpty())
            return QStringLiteral("the template uses {timestamp}: name the header that carries it (timestamp-header)");
        if (name == "id" && idHeader.isEmpty())
            return QStringLiteral("the template uses {id}: name the header that carries it (id-header)");
        pos = end + 1;
    }
    return {};
}

bool HmacParameters::set(const QString& key, const QString& value, QString* error)
{
    const auto bad = [&](const QString& expected) {
        *error = QStringLiteral("hmac %1 must be %2, not '%3'").arg(key, expected, value);
        return false;
    };
    if (key == QLatin1String("algorithm")) {
        const QString v = value.toLower().remove(QLatin1Char('-'));
        if (v == QLatin1String("sha1")) {
            algorithm = Algorithm::Sha1;
        } else if (v == QLatin1String("sha256")) {
            algorithm = Algorithm::Sha256;
        } else if (v == QLatin1String("sha512")) {
            algorithm = Algorithm::Sha512;
        } else {
            return bad(QStringLiteral("sha1, sha256 or sha512"));
        }
    } else if (key == QLatin1String("encoding")) {
        if (value.compare(QLatin1String("hex"), Qt::CaseInsensitive) == 0) {
            encoding = Encoding::Hex;
        } else if (value.compare(QLatin1String("base64"), Qt::CaseInsensitive) == 0) {
            encoding = Encoding::Base64;
        } else {
            return bad(QStringLiteral("hex or base64"));
        }
    } else if (key == QLatin1String("secret")) {
        if (value.compare(QLatin1String("raw"), Qt::CaseInsensitive) == 0) {
            secretEncoding = SecretEncoding::Raw;
        } else if (value.compare(QLatin1String("base64"), Qt::CaseInsensitive) == 0) {
            secretEncoding = SecretEncoding::Base64;
        } else if (value.compare(QLatin1String("hex"), Qt::CaseInsensitive) == 0) {
            secretEncoding = SecretEncoding::Hex;
        } else {
            return bad(QStringLiteral("raw, base64 or hex"));
        }
    } else if (key == QLatin1String("header")) {
        header = value.toUtf8();
    } else if (key == QLatin1String("prefix")) {
        prefix = value.toUtf8();
    } else if (key == QLatin1String("template")) {
        signedTemplate = value.toUtf8();
    } else if (key == QLatin1String("timestamp-header")) {
        timestampHeader = value.toUtf8();
    } else if (key == QLatin1String("id-header")) {
        idHeader = value.toUtf8();
    } else {
        *error = QStringLiteral("unknown hmac parameter '%1' (known: %2)").arg(key, keys().join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

std::optional<HmacParameters> HmacParameters::parse(const QString& compact, QString* error)
{
    HmacParameters out;
    for (const QString& part : splitCompact(compact)) {
        if (part.trimmed().isEmpty())
            continue;
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QStringLiteral("hmac parameter '%1' needs the form key=value").arg(part);
            return std::nullopt;
        }
        if (!out.set(part.left(eq).trimmed(), part.mid(eq + 1), error))
            return std::nullopt;
    }
    if (const QString problem = out.problem(); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    return out;
}

QString HmacParameters::toCompact() const
{
    QStringList parts { QStringLiteral("algorithm=") + algorithmName(algorithm),
        QStringLiteral("encoding=") + encodingName(encoding),
        QStringLiteral("header=") + escaped(QString::fromUtf8(header)) };
    if (!prefix.isEmpty())
        parts.append(QStringLiteral("prefix=") + escaped(QString::fromUtf8(prefix)));
    parts.append(QStringLiteral("template=") + escaped(QString::fromUtf8(signedTemplate)));
    if (!timestampHeader.isEmpty())
        parts.append(QStringLiteral("timestamp-header=") + escaped(QString::fromUtf8(timestampHeader)));
    if (!idHeader.isEmpty())
        parts.append(QStringLiteral("id-header=") + escaped(QString::fromUtf8(idHeader)));
    if (secretEncoding != SecretEncoding::Raw)
        parts.append(QStringLiteral("secret=") + secretEncodingName(secretEncoding));
    return parts.join(QLatin1Char(';'));
}

QJsonObject HmacParameters::toJson() const
{
    QJsonObject object { { QStringLiteral("algorithm"), algorithmName(algorithm) },
        { QStringLiteral("encoding"), encodingName(encoding) }, { QStringLiteral("header"), QString::fromUtf8(header) },
        { QStringLiteral("template"), QString::fromUtf8(signedTemplate) },
        { QStringLiteral("secret"), secretEncodingName(secretEncoding) } };
    if (!prefix.isEmpty())
        object.insert(QStringLiteral("prefix"), QString::fromUtf8(prefix));
    if (!timestampHeader.isEmpty())
        object.insert(QStringLiteral("timestamp-header"), QString::fromUtf8(timestampHeader));
    if (!idHeader.isEmpty())
        object.insert(QStringLiteral("id-header"), QString::fromUtf8(idHeader));
    return object;
}

std::optional<HmacParameters> HmacParameters::fromJson(const QJsonObject& object, QString* error)
{
    HmacParameters out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            *error = QStringLiteral("hmac parameter '%1' must be a string").arg(it.key());
            return std::nullopt;
        }
        if (!out.set(it.key(), it.value().toString(), error))
            return std::nullopt;
    }
    if (const QString problem = out.problem(); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    return out;
}

} // namespace hookscope
