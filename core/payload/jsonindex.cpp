// SPDX-License-Identifier: MIT
#include "core/payload/jsonindex.h"

#include <algorithm>
#include <limits>

namespace hookscope {

namespace {

    class ContainerSink final {
    public:
        explicit ContainerSink(std::vector<JsonIndex::Container>& containers)
            : m_containers(containers)
        {
        }

        void beginContainer(char /*open*/, qsizetype pos, bool empty)
        {
            countInParent();
            m_containers.push_back({ pos, -1, 0 });
            if (!empty)
                m_open.push_back(m_containers.size() - 1);
        }

        void endContainer(char /*close*/, qsizetype pos, bool empty)
        {
            if (empty) {
                m_containers.back().close = pos;
                return;
            }
            m_containers[m_open.back()].close = pos;
            m_open.pop_back();
        }

        void key(qsizetype /*begin*/, qsizetype /*end*/) { }
        void scalar(JsonKind kind, qsizetype begin, qsizetype end)
        {
            countInParent();
            if (m_rootScalar.second < 0) {
                m_rootKind = kind;
                m_rootScalar = { begin, end };
            }
        }

        JsonKind m_rootKind = JsonKind::Null;
        std::pair<qsizetype, qsizetype> m_rootScalar { -1, -1 };

    private:
        void countInParent()
        {
            if (!m_open.empty())
                ++m_containers[m_open.back()].children;
        }

        std::vector<JsonIndex::Container>& m_containers;
        std::vector<std::size_t> m_open;
    };

    bool isSpace(char c)
    {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    JsonKind kindOf(char first)
    {
        switch (first) {
        case '{': return JsonKind::Object;
        case '[': return JsonKind::Array;
        case '"': return JsonKind::String;
        case 't':
        case 'f': return JsonKind::Bool;
        case 'n': return JsonKind::Null;
        default: return JsonKind::Number;
        }
    }

    qsizetype stringEnd(QByteArrayView json, qsizetype quote)
    {
        qsizetype i = quote + 1;
        while (i < json.size() && json[i] != '"')
            i += json[i] == '\\' ? 2 : 1;
        return i + 1;
    }

    void appendUtf16(QString& out, QByteArrayView hex)
    {
        bool ok = false;
        const auto unit = static_cast<char16_t>(hex.toByteArray().toUShort(&ok, 16));
        out.append(QChar(unit));
    }

} // namespace

JsonIndex JsonIndex::build(const QByteArray& json, JsonError* error)
{
    JsonIndex index;
    ContainerSink sink(index.m_containers);
    JsonScanner<ContainerSink> scanner(json, sink);
    const JsonError result = scanner.run();
    if (error)
        *error = result;
    if (result.failed())
        return {};
    index.m_json = json;
    index.m_valid = true;
    const qsizetype first = index.skipSpace(JsonScanner<ContainerSink>::start(json));
    index.m_root.kind = kindOf(json[first]);
    index.m_root.begin = first;
    index.m_root.end = index.m_root.isContainer() ? index.closeOf(first) + 1 : sink.m_rootScalar.second;
    return index;
}

const JsonIndex::Container* JsonIndex::containerAt(qsizetype open) const
{
    const auto it = std::lower_bound(m_containers.begin(), m_containers.end(), open,
        [](const Container& container, qsizetype pos) { return container.open < pos; });
    return it != m_containers.end() && it->open == open ? &*it : nullptr;
}

qsizetype JsonIndex::closeOf(qsizetype open) const
{
    const Container* container = containerAt(open);
    return container ? container->close : m_json.size() - 1;
}

qsizetype JsonIndex::skipSpace(qsizetype pos) const
{
    while (pos < m_json.size() && isSpace(m_json[pos]))
        ++pos;
    return pos;
}

qsizetype JsonIndex::scalarEnd(qsizetype pos) const
{
    if (m_json[pos] == '"')
        return stringEnd(m_json, pos);
    while (pos < m_json.size()) {
        const char c = m_json[pos];
        if (c == ',' || c == '}' || c == ']' || isSpace(c))
            break;
        ++pos;
    }
    return pos;
}

bool JsonIndex::hasChildren(const Node& node) const
{
    return node.isContainer() && m_json[skipSpace(node.begin + 1)] != m_json[node.end - 1];
}

qsizetype JsonIndex::childCount(const Node& node) const
{
    const Container* container = node.isContainer() ? containerAt(node.begin) : nullptr;
    return container ? container->children : 0;
}

QList<JsonIndex::Node> JsonIndex::children(const Node& node) const
{
    return childPage(node, -1, std::numeric_limits<qsizetype>::max()).nodes;
}

JsonIndex::ChildPage JsonIndex::childPage(const Node& node, qsizetype from, qsizetype maxCount) const
{
    ChildPage page;
    if (!node.isContainer())
        return page;
    const qsizetype close = node.end - 1;
    qsizetype pos = from < 0 ? skipSpace(node.begin + 1) : from;
    QList<Node>& out = page.nodes;
    while (pos < close) {
        if (out.size() == maxCount) {
            page.next = pos;
            break;
        }
        Node child;
        if (node.kind == JsonKind::Object) {
            child.keyBegin = pos;
            child.keyEnd = stringEnd(m_json, pos);
            pos = skipSpace(skipSpace(child.keyEnd) + 1); // past ':'
        }
        child.kind = kindOf(m_json[pos]);
        child.begin = pos;
        child.end = child.isContainer() ? closeOf(pos) + 1 : scalarEnd(pos);
        out.append(child);
        pos = skipSpace(child.end);
        if (pos < close && m_json[pos] == ',')
            pos = skipSpace(pos + 1);
    }
    return page;
}

QByteArrayView JsonIndex::rawText(const Node& node) const
{
    return QByteArrayView(m_json).sliced(node.begin, node.end - node.begin);
}

QString JsonIndex::key(const Node& node) const
{
    if (!node.hasKey())
        return {};
    return unescape(QByteArrayView(m_json).sliced(node.keyBegin, node.keyEnd - node.keyBegin));
}

QString JsonIndex::valueText(const Node& node) const
{
    if (node.kind == JsonKind::String)
        return unescape(rawText(node));
    return QString::fromUtf8(rawText(node));
}

QString JsonIndex::displayValue(const Node& node, qsizetype maxChars) const
{
    switch (node.kind) {
    case JsonKind::Object:
    case JsonKind::Array: {
        const qsizetype count = childCount(node);
        if (node.kind == JsonKind::Object)
            return count == 1 ? QStringLiteral("{1 key}") : QStringLiteral("{%1 keys}").arg(count);
        return count == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(count);
    }
    case JsonKind::String: {
        // Unescape only a prefix: a 20 MB string must not be decoded to fill one cell.
        const QByteArrayView raw = rawText(node);
        const bool cut = raw.size() > maxChars * 6 + 2;
        QString text = unescape(cut ? raw.first(maxChars * 6 + 1) : raw);
        if (text.size() > maxChars || cut)
            return u'"' + text.left(maxChars) + QStringLiteral("…\"");
        return u'"' + text + u'"';
    }
    default: return QString::fromUtf8(rawText(node));
    }
}

QString JsonIndex::unescape(QByteArrayView quoted)
{
    QByteArrayView body = quoted;
    if (body.startsWith('"'))
        body = body.sliced(1);
    if (body.endsWith('"'))
        body.chop(1);
    if (!body.contains('\\'))
        return QString::fromUtf8(body);
    QString out;
    out.reserve(body.size());
    qsizetype plainStart = 0;
    qsizetype i = 0;
    while (i < body.size()) {
        if (body[i] != '\\') {
            ++i;
            continue;
        }
        out.append(QString::fromUtf8(body.sliced(plainStart, i - plainStart)));
        const char e = i + 1 < body.size() ? body[i + 1] : '\\';
        i += 2;
        switch (e) {
        case 'b': out.append(u'\b'); break;
        case 'f': out.append(u'\f'); break;
        case 'n': out.append(u'\n'); break;
        case 'r': out.append(u'\r'); break;
        case 't': out.append(u'\t'); break;
        case 'u':
            if (i + 4 <= body.size()) {
                appendUtf16(out, body.sliced(i, 4));
                i += 4;
            }
            break;
        default: out.append(QLatin1Char(e)); break;
        }
        plainStart = i;
    }
    out.append(QString::fromUtf8(body.sliced(qMin(plainStart, body.size()))));
    return out;
}

} // namespace hookscope
