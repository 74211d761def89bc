// SPDX-License-Identifier: MIT
#include "core/signatures/schemespec.h"

namespace hookscope {

namespace {
    std::optional<SchemeId> schemeByName(const QString& name, QString* error)
    {
        const std::optional<SchemeId> id = schemes::fromName(name);
        if (!id) {
            QStringList names;
            for (const SchemeInfo& info : schemes::all())
                names.append(info.name);
            *error = QStringLiteral("unknown scheme '%1' (known: %2)").arg(name, names.join(QStringLiteral(", ")));
        }
        return id;
    }
} // namespace

QJsonObject SchemeSpec::toJson() const
{
    QJsonObject object { { QStringLiteral("scheme"), name() } };
    if (id == SchemeId::Hmac)
        object.insert(QStringLiteral("hmac"), hmac.toJson());
    return object;
}

std::optional<SchemeSpec> SchemeSpec::fromJson(const QJsonObject& object, QString* error)
{
    const std::optional<SchemeId> id = schemeByName(object.value(QStringLiteral("scheme")).toString(), error);
    if (!id)
        return std::nullopt;
    SchemeSpec spec;
    spec.id = *id;
    if (spec.id == SchemeId::Hmac) {
        const std::optional<HmacParameters> params
            = HmacParameters::fromJson(object.value(QStringLiteral("hmac")).toObject(), error);
        if (!params)
            return std::nullopt;
        spec.hmac = *params;
    }
    return spec;
}

QString SchemeSpec::toText() const
{
    return id == SchemeId::Hmac ? name() + QLatin1Char(':') + hmac.toCompact() : name();
}

std::optional<SchemeSpec> SchemeSpec::parse(const QString& text, QString* error)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const std::optional<SchemeId> id = schemeByName(colon < 0 ? text.trimmed() : text.left(colon).trimmed(), error);
    if (!id)
        return std::nullopt;
    SchemeSpec spec;
    spec.id = *id;
    if (colon >= 0) {
        if (spec.id != SchemeId::Hmac) {
            *error = QStringLiteral("only the hmac scheme takes parameters");
            return std::nullopt;
        }
        const std::optional<HmacParameters> params = HmacParameters::parse(text.mid(colon + 1), error);
        if (!params)
            return std::nullopt;
        spec.hmac = *params;
    }
    return spec;
}

} // namespace hookscope
