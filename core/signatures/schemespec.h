// SPDX-License-Identifier: MIT
#pragma once

#include "core/signatures/hmacparameters.h"
#include "core/signatures/signaturescheme.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace hookscope {

// A scheme with its parameters: what an endpoint stores and what verifying or signing is told to use.
// JSON: {"scheme":"stripe"} or {"scheme":"hmac","hmac":{"algorithm":"sha256",...}}.
// Text: "stripe", or "hmac:" followed by HmacParameters' compact form.
struct SchemeSpec {
    SchemeId id = SchemeId::GitHub;
    HmacParameters hmac; // meaningful for SchemeId::Hmac only

    QString name() const { return schemes::name(id); }

    QJsonObject toJson() const;
    static std::optional<SchemeSpec> fromJson(const QJsonObject& object, QString* error);
    QString toText() const;
    static std::optional<SchemeSpec> parse(const QString& text, QString* error);

    friend bool operator==(const SchemeSpec& a, const SchemeSpec& b)
    {
        return a.id == b.id && (a.id != SchemeId::Hmac || a.hmac == b.hmac);
    }
};

} // namespace hookscope
