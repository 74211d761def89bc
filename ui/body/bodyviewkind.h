// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/contentkind.h"

#include <QList>
#include <QString>

#include <optional>

namespace hookscope {

enum class BodyViewKind { Auto, PrettyJson, JsonTree, Form, Multipart, Xml, Text, Hex };

namespace bodyviews {
    // Every view in switcher order, Auto first.
    QList<BodyViewKind> all();
    // Stable ids for settings: "auto", "json", "tree", "form", "multipart", "xml", "text", "hex".
    QString id(BodyViewKind view);
    std::optional<BodyViewKind> fromId(const QString& id);
    QString label(BodyViewKind view);
    // The view Auto picks for a kind of content.
    BodyViewKind natural(ContentKind kind);
    // Whether `view` shows `kind` meaningfully: a user's choice is kept for bodies it fits, and Auto decides
    // for the others (a JSON tree makes no sense for a form, hex fits everything).
    bool fits(BodyViewKind view, ContentKind kind);
    BodyViewKind resolve(BodyViewKind preferred, ContentKind kind);
} // namespace bodyviews

} // namespace hookscope
