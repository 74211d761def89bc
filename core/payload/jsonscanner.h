// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/jsonerror.h"

#include <QByteArrayView>
#include <QString>

#include <vector>

namespace hookscope {

enum class JsonKind { Object, Array, String, Number, Bool, Null };

// A strict RFC 8259 validator that reports structure to a sink as it goes, without building values: the pretty
// printer and the tree index both keep token text exactly as received. Iterative, so nesting depth costs heap,
// not stack.
//
// Sink interface (offsets are byte offsets into the input, `end` exclusive):
//   void beginContainer(char open, qsizetype pos, bool empty);
//   void endContainer(char close, qsizetype pos, bool empty);
//   void key(qsizetype begin, qsizetype end);           // the quoted key, quotes included
//   void scalar(JsonKind kind, qsizetype begin, qsizetype end);
template <typename Sink>
class JsonScanner final {
public:
    JsonScanner(QByteArrayView input, Sink& sink, int maxDepth = 100000)
        : m_in(input)
        , m_sink(sink)
        , m_maxDepth(maxDepth)
    {
    }

    // Offset of the first byte after an optional UTF-8 BOM.
    static qsizetype start(QByteArrayView input) { return input.startsWith("\xEF\xBB\xBF") ? 3 : 0; }

    JsonError run()
    {
        m_pos = start(m_in);
        skipSpace();
        if (m_pos == m_in.size()) {
            fail(m_pos, QStringLiteral("The body holds no JSON value"));
            return m_error;
        }
        State state = State::Value;
        while (!m_failed) {
            skipSpace();
            switch (state) {
            case State::Value: state = value(); break;
            case State::Key: state = key(); break;
            case State::AfterValue:
                if (m_stack.empty())
                    return finish();
                state = afterValue();
                break;
            }
        }
        return m_error;
    }

private:
    enum class State { Value, Key, AfterValue };

    static bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    static char closerOf(char open) { return open == '{' ? '}' : ']'; }

    bool atEnd() const { return m_pos >= m_in.size(); }
    char peek() const { return m_in[m_pos]; }

    void skipSpace()
    {
        while (m_pos < m_in.size() && isSpace(m_in[m_pos]))
            ++m_pos;
    }

    static QString describeChar(char c)
    {
        const auto u = static_cast<unsigned char>(c);
        if (u > 0x20 && u < 0x7F)
            return QStringLiteral("'%1'").arg(QLatin1Char(c));
        return QStringLiteral("byte 0x%1").arg(u, 2, 16, QLatin1Char('0'));
    }

    State fail(qsizetype offset, const QString& message)
    {
        if (!m_failed) {
            m_failed = true;
            m_error = JsonError::at(m_in, offset, message);
        }
        return State::AfterValue;
    }

    State unexpected(const QString& expectation)
    {
        if (atEnd()) {
            QString lowered = expectation;
            lowered[0] = lowered[0].toLower();
            return fail(m_pos, QStringLiteral("Unexpected end of input, %1").arg(lowered));
        }
        return fail(m_pos, QStringLiteral("%1, found %2").arg(expectation, describeChar(peek())));
    }

    JsonError finish()
    {
        skipSpace();
        if (!atEnd())
            fail(m_pos, QStringLiteral("Unexpected %1 after the JSON value").arg(describeChar(peek())));
        return m_error;
    }

    State value()
    {
        if (atEnd())
            return unexpected(QStringLiteral("Expected a value"));
        const char c = peek();
        if (c == '{' || c == '[')
            return open(c);
        if (c == '"')
            return scalarEnd(JsonKind::String, stringEnd(m_pos));
        if (c == '-' || isDigit(c))
            return scalarEnd(JsonKind::Number, numberEnd(m_pos));
        if (c == 't')
            return literal("true", JsonKind::Bool);
        if (c == 'f')
            return literal("false", JsonKind::Bool);
        if (c == 'n')
            return literal("null", JsonKind::Null);
        return unexpected(QStringLiteral("Expected a value"));
    }

    State open(char c)
    {
        if (static_cast<int>(m_stack.size()) >= m_maxDepth)
            return fail(m_pos, QStringLiteral("Nesting deeper than %1 levels").arg(m_maxDepth));
        const qsizetype openPos = m_pos;
        ++m_pos;
        skipSpace();
        const bool empty = !atEnd() && peek() == closerOf(c);
        m_sink.beginContainer(c, openPos, empty);
        if (empty) {
            m_sink.endContainer(closerOf(c), m_pos, true);
            ++m_pos;
            return State::AfterValue;
        }
        m_stack.push_back(c);
        return c == '{' ? State::Key : State::Value;
    }

    State key()
    {
        if (atEnd() || peek() != '"')
            return unexpected(QStringLiteral("Expected a string key"));
        const qsizetype begin = m_pos;
        const qsizetype end = stringEnd(begin);
        if (end < 0)
            return State::AfterValue;
        m_sink.key(begin, end);
        m_pos = end;
        skipSpace();
        if (atEnd() || peek() != ':')
            return unexpected(QStringLiteral("Expected ':' after the key"));
        ++m_pos;
        return State::Value;
    }

    State afterValue()
    {
        const char open = m_stack.back();
        const char close = closerOf(open);
        if (atEnd() || (peek() != ',' && peek() != close)) {
            return unexpected(
                open == '{' ? QStringLiteral("Expected ',' or '}'") : QStringLiteral("Expected ',' or ']'"));
        }
        if (peek() == close) {
            m_sink.endContainer(close, m_pos, false);
            m_stack.pop_back();
            ++m_pos;
            return State::AfterValue;
        }
        ++m_pos;
        skipSpace();
        if (!atEnd() && (peek() == '}' || peek() == ']'))
            return fail(m_pos, QStringLiteral("Trailing comma before %1").arg(describeChar(peek())));
        return open == '{' ? State::Key : State::Value;
    }

    State scalarEnd(JsonKind kind, qsizetype end)
    {
        if (end < 0)
            return State::AfterValue;
        m_sink.scalar(kind, m_pos, end);
        m_pos = end;
        return State::AfterValue;
    }

    State literal(const char* word, JsonKind kind)
    {
        const QByteArrayView expected(word);
        if (m_in.sliced(m_pos).startsWith(expected))
            return scalarEnd(kind, m_pos + expected.size());
        qsizetype bad = m_pos;
        while (bad < m_in.size() && bad - m_pos < expected.size() && m_in[bad] == expected[bad - m_pos])
            ++bad;
        return fail(bad, QStringLiteral("Invalid literal, expected '%1'").arg(QLatin1String(expected)));
    }

    // Offset after the closing quote, or -1 after reporting an error.
    qsizetype stringEnd(qsizetype quote)
    {
        qsizetype i = quote + 1;
        while (i < m_in.size()) {
            const char c = m_in[i];
            if (c == '"')
                return i + 1;
            if (c == '\\') {
                if (!escapeOk(i))
                    return -1;
                i += m_in[i + 1] == 'u' ? 6 : 2;
                continue;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail(i, QStringLiteral("Unescaped control character (%1) in a string").arg(describeChar(c)));
                return -1;
            }
            ++i;
        }
        fail(quote, QStringLiteral("Unterminated string"));
        return -1;
    }

    bool escapeOk(qsizetype backslash)
    {
        if (backslash + 1 >= m_in.size()) {
            fail(backslash, QStringLiteral("Unterminated string"));
            return false;
        }
        const char e = m_in[backslash + 1];
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't')
            return true;
        if (e != 'u') {
            fail(backslash, QStringLiteral("Invalid escape '\\%1' in a string").arg(QLatin1Char(e)));
            return false;
        }
        for (qsizetype k = backslash + 2; k < backslash + 6; ++k) {
            if (k >= m_in.size() || !isHex(m_in[k])) {
                fail(backslash, QStringLiteral("Invalid \\u escape: four hex digits expected"));
                return false;
            }
        }
        return true;
    }

    qsizetype digitsEnd(qsizetype i) const
    {
        while (i < m_in.size() && isDigit(m_in[i]))
            ++i;
        return i;
    }

    // Offset after the number, or -1 after reporting an error.
    qsizetype numberEnd(qsizetype begin)
    {
        qsizetype i = begin;
        if (m_in[i] == '-')
            ++i;
        if (i >= m_in.size() || !isDigit(m_in[i]))
            return invalidNumber(i);
        i = m_in[i] == '0' ? i + 1 : digitsEnd(i);
        if (i < m_in.size() && m_in[i] == '.') {
            ++i;
            if (i >= m_in.size() || !isDigit(m_in[i]))
                return invalidNumber(i);
            i = digitsEnd(i);
        }
        if (i < m_in.size() && (m_in[i] == 'e' || m_in[i] == 'E')) {
            ++i;
            if (i < m_in.size() && (m_in[i] == '+' || m_in[i] == '-'))
                ++i;
            if (i >= m_in.size() || !isDigit(m_in[i]))
                return invalidNumber(i);
            i = digitsEnd(i);
        }
        return i;
    }

    qsizetype invalidNumber(qsizetype at)
    {
        fail(at, QStringLiteral("Invalid number"));
        return -1;
    }

    QByteArrayView m_in;
    Sink& m_sink;
    int m_maxDepth;
    qsizetype m_pos = 0;
    std::vector<char> m_stack;
    bool m_failed = false;
    JsonError m_error;
};

} // namespace hookscope
