// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/jsonerror.h"
#include "core/payload/jsonscanner.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

namespace hookscope {

// A lazy index over a valid JSON text, for a tree view of a large document. Building it validates the text and
// records only where each object and array closes and how many children it has (24 bytes per container); the children
// of a node are found when asked, skipping nested containers in O(log n). Values are never materialized: node text is
// read from the original bytes.
class JsonIndex final {
public:
    struct Node {
        JsonKind kind = JsonKind::Null;
        qsizetype keyBegin = -1; // the quoted key in the parent object; -1 in arrays and for the root
        qsizetype keyEnd = -1;
        qsizetype begin = 0; // the value's text, `end` exclusive
        qsizetype end = 0;

        bool isContainer() const { return kind == JsonKind::Object || kind == JsonKind::Array; }
        bool hasKey() const { return keyBegin >= 0; }
    };

    JsonIndex() = default;
    // An empty index (isValid() false) with `error` set when `json` is not valid JSON.
    static JsonIndex build(const QByteArray& json, JsonError* error = nullptr);

    bool isValid() const { return m_valid; }
    const QByteArray& json() const { return m_json; }
    Node root() const { return m_root; }

    bool hasChildren(const Node& node) const;
    // Walks the node's direct children once (nested containers are skipped in O(log n)).
    QList<Node> children(const Node& node) const;
    // At most `maxCount` children starting at byte `from` (-1: the first child); `next` resumes the walk, -1 at
    // the end. A tree shows a node with millions of children page by page.
    struct ChildPage {
        QList<Node> nodes;
        qsizetype next = -1;
    };
    ChildPage childPage(const Node& node, qsizetype from, qsizetype maxCount) const;
    // Counted while building: O(log n).
    qsizetype childCount(const Node& node) const;

    // The value's bytes as received (for containers: the whole subtree).
    QByteArrayView rawText(const Node& node) const;
    // The key, unescaped.
    QString key(const Node& node) const;
    // Strings unescaped, numbers and literals as received, containers as their raw text.
    QString valueText(const Node& node) const;
    // A one-line summary for a table cell: unescaped strings in quotes, cut after `maxChars`; "{3 keys}" for
    // objects.
    QString displayValue(const Node& node, qsizetype maxChars = 200) const;

    // Unescapes a quoted JSON string ("\u00e9" -> "é"), quotes included in `quoted`.
    static QString unescape(QByteArrayView quoted);

    struct Container {
        qsizetype open = 0;
        qsizetype close = -1;
        qsizetype children = 0;
    };

private:
    const Container* containerAt(qsizetype open) const;
    qsizetype closeOf(qsizetype open) const;
    qsizetype skipSpace(qsizetype pos) const;
    qsizetype scalarEnd(qsizetype pos) const;

    QByteArray m_json;
    std::vector<Container> m_containers; // sorted by `open`
    Node m_root;
    bool m_valid = false;
};

} // namespace hookscope
