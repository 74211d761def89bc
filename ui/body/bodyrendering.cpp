// SPDX-License-Identifier: MIT
#include "ui/body/bodyrendering.h"

#include "core/payload/jsonformatter.h"
#include "core/payload/textdecoder.h"
#include "core/payload/xmlformatter.h"
#include "ui/body/jsontreemodel.h"

#include <QObject>

namespace hookscope {

namespace {

    // The document could not be parsed: show its text as it is, with the spot marked.
    void showBroken(RenderedBody& out, Syntax syntax, const QString& problem)
    {
        out.rows = std::make_shared<Utf8Rows>(out.shown);
        out.syntax = syntax;
        out.problem = problem;
    }

    void renderJsonText(RenderedBody& out)
    {
        FormattedJson json = formatJson(out.shown);
        if (json.error.failed()) {
            showBroken(out, Syntax::Json, QObject::tr("Invalid JSON: %1").arg(json.error.describe()));
            out.problemAt = static_cast<const Utf8Rows&>(*out.rows).positionOfByte(json.error.offset);
            return;
        }
        out.rows = std::make_shared<Utf8Rows>(std::move(json.text));
        out.syntax = Syntax::Json;
    }

    void renderJsonTree(RenderedBody& out)
    {
        JsonError error;
        auto index = std::make_shared<JsonIndex>(JsonIndex::build(out.shown, &error));
        if (error.failed()) {
            showBroken(out, Syntax::Json, QObject::tr("Invalid JSON: %1").arg(error.describe()));
            out.problemAt = static_cast<const Utf8Rows&>(*out.rows).positionOfByte(error.offset);
            return;
        }
        out.rootPage = index->childPage(index->root(), -1, JsonTreeModel::pageSize);
        out.index = std::move(index);
    }

    void renderXml(RenderedBody& out)
    {
        FormattedXml xml = formatXml(out.shown);
        if (xml.failed) {
            showBroken(out, Syntax::Xml, QObject::tr("Invalid XML: %1").arg(xml.describe()));
            out.problemAt = out.rows->locate(xml.line, xml.column);
            return;
        }
        out.rows = std::make_shared<Utf8Rows>(std::move(xml.text));
        out.syntax = Syntax::Xml;
    }

    void renderText(RenderedBody& out, const MediaType& type)
    {
        DecodedText text = decodeText(out.shown, type.charset);
        out.rows = std::make_shared<Utf16Rows>(std::move(text.text));
        out.syntax = Syntax::Plain;
        out.note = text.note;
        if (text.note.isEmpty() && text.hadErrors) {
            out.note
                = QObject::tr("Some bytes are not valid %1 and show as \uFFFD").arg(QString::fromLatin1(text.charset));
        }
    }

    void renderMultipart(RenderedBody& out, const MediaType& type)
    {
        out.multipart = multipart::parse(out.shown, type.boundary);
        if (!out.multipart.error.isEmpty())
            out.problem = QObject::tr("Multipart: %1").arg(out.multipart.error);
    }

    std::shared_ptr<const DecodedContent> decodedFor(const BodyRenderRequest& request)
    {
        if (request.decoded)
            return request.decoded;
        auto decoded = std::make_shared<DecodedContent>(decodeContentEncoding(request.raw, request.contentEncoding));
        return decoded->applies() ? decoded : nullptr;
    }

} // namespace

RenderedBody renderBody(const BodyRenderRequest& request)
{
    RenderedBody out;
    out.decoded = decodedFor(request);
    const bool decodedShown
        = out.decoded && !request.showRaw && out.decoded->status != DecodedContent::Status::Unsupported;
    out.shown = decodedShown ? out.decoded->bytes : request.raw;
    if (out.decoded && out.decoded->status != DecodedContent::Status::Decoded)
        out.note = out.decoded->error;
    // Raw compressed bytes are binary whatever the Content-Type says.
    out.kind = decodedShown || !out.decoded ? detectContentKind(request.type, out.shown) : ContentKind::Binary;
    out.view = request.forceView && request.view != BodyViewKind::Auto ? request.view
                                                                       : bodyviews::resolve(request.view, out.kind);
    switch (out.view) {
    case BodyViewKind::Auto:
    case BodyViewKind::PrettyJson: renderJsonText(out); break;
    case BodyViewKind::JsonTree: renderJsonTree(out); break;
    case BodyViewKind::Form: out.fields = form::decode(out.shown); break;
    case BodyViewKind::Multipart: renderMultipart(out, request.type); break;
    case BodyViewKind::Xml: renderXml(out); break;
    case BodyViewKind::Text: renderText(out, request.type); break;
    case BodyViewKind::Hex:
        out.rows = std::make_shared<HexRows>(out.shown);
        out.syntax = Syntax::HexDump;
        break;
    }
    return out;
}

} // namespace hookscope
