// SPDX-License-Identifier: MIT
#include "ui/body/bodyviewkind.h"

#include <QCoreApplication>

namespace hookscope {

QList<BodyViewKind> bodyviews::all()
{
    return { BodyViewKind::Auto, BodyViewKind::PrettyJson, BodyViewKind::JsonTree, BodyViewKind::Form,
        BodyViewKind::Multipart, BodyViewKind::Xml, BodyViewKind::Text, BodyViewKind::Hex };
}

QString bodyviews::id(BodyViewKind view)
{
    switch (view) {
    case BodyViewKind::Auto: return QStringLiteral("auto");
    case BodyViewKind::PrettyJson: return QStringLiteral("json");
    case BodyViewKind::JsonTree: return QStringLiteral("tree");
    case BodyViewKind::Form: return QStringLiteral("form");
    case BodyViewKind::Multipart: return QStringLiteral("multipart");
    case BodyViewKind::Xml: return QStringLiteral("xml");
    case BodyViewKind::Text: return QStringLiteral("text");
    case BodyViewKind::Hex: return QStringLiteral("hex");
    }
    return {};
}

std::optional<BodyViewKind> bodyviews::fromId(const QString& id)
{
    for (const BodyViewKind view : all()) {
        if (bodyviews::id(view) == id)
            return view;
    }
    return std::nullopt;
}

QString bodyviews::label(BodyViewKind view)
{
    switch (view) {
    case BodyViewKind::Auto: return QCoreApplication::translate("BodyView", "Auto");
    case BodyViewKind::PrettyJson: return QCoreApplication::translate("BodyView", "Pretty JSON");
    case BodyViewKind::JsonTree: return QCoreApplication::translate("BodyView", "JSON tree");
    case BodyViewKind::Form: return QCoreApplication::translate("BodyView", "Form");
    case BodyViewKind::Multipart: return QCoreApplication::translate("BodyView", "Multipart");
    case BodyViewKind::Xml: return QCoreApplication::translate("BodyView", "XML");
    case BodyViewKind::Text: return QCoreApplication::translate("BodyView", "Text");
    case BodyViewKind::Hex: return QCoreApplication::translate("BodyView", "Hex");
    }
    return {};
}

BodyViewKind bodyviews::natural(ContentKind kind)
{
    switch (kind) {
    case ContentKind::Json: return BodyViewKind::PrettyJson;
    case ContentKind::FormUrlEncoded: return BodyViewKind::Form;
    case ContentKind::Multipart: return BodyViewKind::Multipart;
    case ContentKind::Xml: return BodyViewKind::Xml;
    case ContentKind::Empty:
    case ContentKind::Text: return BodyViewKind::Text;
    case ContentKind::Binary: return BodyViewKind::Hex;
    }
    return BodyViewKind::Hex;
}

bool bodyviews::fits(BodyViewKind view, ContentKind kind)
{
    switch (view) {
    case BodyViewKind::Auto: return true;
    case BodyViewKind::PrettyJson:
    case BodyViewKind::JsonTree: return kind == ContentKind::Json;
    case BodyViewKind::Form: return kind == ContentKind::FormUrlEncoded;
    case BodyViewKind::Multipart: return kind == ContentKind::Multipart;
    case BodyViewKind::Xml: return kind == ContentKind::Xml;
    case BodyViewKind::Text: return kind != ContentKind::Binary && kind != ContentKind::Multipart;
    case BodyViewKind::Hex: return true;
    }
    return false;
}

BodyViewKind bodyviews::resolve(BodyViewKind preferred, ContentKind kind)
{
    return preferred != BodyViewKind::Auto && fits(preferred, kind) ? preferred : natural(kind);
}

} // namespace hookscope
