// SPDX-License-Identifier: MIT
#include "core/signatures/jsonreformat.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace hookscope::jsonreformat {

namespace {
    bool isSpace(char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    // The end (one past the closing quote) of the string starting at `pos`.
    qsizetype stringEnd(QByteArrayView json, qsizetype pos)
    {
        for (qsizetype i = pos + 1; i < json.size(); ++i) {
            if (json[i] == '\\') {
                ++i;
            } else if (json[i] == '"') {
                return i + 1;
            }
        }
        return json.size();
    }

    class Writer {
    public:
        explicit Writer(Style style)
            : m_style(style)
        {
        }

        void open(char c, bool empty)
        {
            m_out += c;
            m_empty.append(empty);
            if (!empty)
                newline();
        }
        void close(char c)
        {
            const bool empty = !m_empty.isEmpty() && m_empty.takeLast();
            if (!empty)
                newline();
            m_out += c;
        }
        void comma()
        {
            m_out += ',';
            if (m_style == Style::Spaced) {
                m_out += ' ';
            } else {
                newline();
            }
        }
        void colon()
        {
            m_out += ':';
            if (m_style != Style::Compact)
                m_out += ' ';
        }
        void token(QByteArrayView bytes) { m_out += bytes; }
        QByteArray take() { return std::move(m_out); }

    private:
        void newline()
        {
            const int width = m_style == Style::Indent2 ? 2 : m_style == Style::Indent4 ? 4 : 0;
            if (width == 0)
                return;
            m_out += '\n';
            m_out += QByteArray(m_empty.size() * width, ' ');
        }

        Style m_style;
        QList<bool> m_empty; // one per open container: whether it holds nothing
        QByteArray m_out;
    };

    // Whether the next non-space byte after `pos` closes the container just opened.
    bool emptyContainer(QByteArrayView json, qsizetype pos, char close)
    {
        while (pos < json.size() && isSpace(json[pos]))
            ++pos;
        return pos < json.size() && json[pos] == close;
    }
} // namespace

std::optional<QByteArray> reformat(QByteArrayView json, Style style)
{
    QJsonParseError error {};
    QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        // QJsonDocument only takes objects and arrays; a bare scalar is not worth re-formatting either.
        return std::nullopt;
    }
    Writer writer(style);
    for (qsizetype i = 0; i < json.size();) {
        const char c = json[i];
        if (isSpace(c)) {
            ++i;
        } else if (c == '"') {
            const qsizetype end = stringEnd(json, i);
            writer.token(json.sliced(i, end - i));
            i = end;
        } else if (c == '{' || c == '[') {
            writer.open(c, emptyContainer(json, i + 1, c == '{' ? '}' : ']'));
            ++i;
        } else if (c == '}' || c == ']') {
            writer.close(c);
            ++i;
        } else if (c == ',') {
            writer.comma();
            ++i;
        } else if (c == ':') {
            writer.colon();
            ++i;
        } else {
            qsizetype end = i;
            while (end < json.size() && !isSpace(json[end]) && !QByteArrayView(",:]}").contains(json[end]))
                ++end;
            writer.token(json.sliced(i, end - i));
            i = end;
        }
    }
    return writer.take();
}

QList<Variant> variants(QByteArrayView json)
{
    QList<Variant> out;
    const auto add = [&](std::optional<QByteArray> bytes, const char* name) {
        if (!bytes || *bytes == json)
            return;
        for (const Variant& seen : out) {
            if (seen.bytes == *bytes)
                return;
        }
        out.append({ std::move(*bytes), name });
    };
    add(reformat(json, Style::Compact), "compact (no spaces)");
    add(reformat(json, Style::Spaced), "with spaces after ',' and ':' (Python's default)");
    add(reformat(json, Style::Indent2), "pretty-printed with 2 spaces");
    add(reformat(json, Style::Indent4), "pretty-printed with 4 spaces");
    if (out.isEmpty() && !reformat(json, Style::Compact))
        return out;
    // Parsers that sort keys and normalise escapes (Qt, Python with sort_keys, jq -S).
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray());
    add(doc.toJson(QJsonDocument::Compact), "keys sorted, compact");
    add(doc.toJson(QJsonDocument::Indented), "keys sorted, pretty-printed");
    return out;
}

} // namespace hookscope::jsonreformat
