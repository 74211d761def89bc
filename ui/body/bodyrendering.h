// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/contentencoding.h"
#include "core/payload/contentkind.h"
#include "core/payload/formdecoder.h"
#include "core/payload/jsonindex.h"
#include "core/payload/mediatype.h"
#include "core/payload/multipartparser.h"
#include "ui/body/bodyviewkind.h"
#include "ui/body/rowsyntax.h"
#include "ui/body/textrows.h"

#include <memory>
#include <optional>

namespace hookscope {

// What BodyView asks a worker thread to prepare. Plain values only: the worker touches no widget.
struct BodyRenderRequest {
    QByteArray raw; // the body as received
    MediaType type;
    QByteArray contentEncoding;
    BodyViewKind view = BodyViewKind::Auto;
    bool forceView = false; // the user picked `view` for this body: show it even where it does not fit
    bool showRaw = false; // skip Content-Encoding decoding
    std::shared_ptr<const DecodedContent> decoded; // from an earlier render of the same body, if any
};

// Everything a body view shows, computed off the UI thread; setting it on the widgets costs O(1) or O(rows on
// screen).
struct RenderedBody {
    std::shared_ptr<const DecodedContent> decoded; // null when no Content-Encoding applies
    QByteArray shown; // the bytes on screen: decoded or raw
    ContentKind kind = ContentKind::Empty;
    BodyViewKind view = BodyViewKind::Text; // never Auto

    std::shared_ptr<const TextRows> rows; // Pretty JSON, XML, Text, Hex, and documents that failed to parse
    Syntax syntax = Syntax::Plain;
    std::shared_ptr<const JsonIndex> index; // JSON tree
    JsonIndex::ChildPage rootPage; // the root's first children, listed here rather than on the UI thread
    QList<FormField> fields;
    MultipartContent multipart;

    QString problem; // "Invalid JSON: Expected ',' or '}' at line 3, column 5 (byte 42)"
    std::optional<TextRows::Position> problemAt;
    QString note; // charset fallbacks, decoding trouble
};

RenderedBody renderBody(const BodyRenderRequest& request);

} // namespace hookscope
