// SPDX-License-Identifier: MIT
#include "ui/body/rowsyntax.h"

#include "core/payload/hexdump.h"

namespace hookscope {

namespace {

    class RunBuilder final {
    public:
        explicit RunBuilder(QList<SyntaxRun>& runs)
            : m_runs(runs)
        {
        }

        void add(qsizetype start, qsizetype end, SyntaxRole role)
        {
            if (end <= start)
                return;
            if (!m_runs.isEmpty() && m_runs.back().role == role
                && m_runs.back().start + m_runs.back().length == start) {
                m_runs.back().length += end - start;
                return;
            }
            m_runs.append({ start, end - start, role });
        }

    private:
        QList<SyntaxRun>& m_runs;
    };

    qsizetype quotedEnd(QStringView row, qsizetype quote, QChar mark)
    {
        qsizetype i = quote + 1;
        while (i < row.size() && row[i] != mark)
            i += row[i] == u'\\' && mark == u'"' ? 2 : 1;
        return qMin(i + 1, row.size());
    }

    bool isWordChar(QChar c)
    {
        return c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'+' || c == u'_';
    }

    qsizetype nextNonSpace(QStringView row, qsizetype i)
    {
        while (i < row.size() && row[i].isSpace())
            ++i;
        return i;
    }

    void highlightJson(QStringView row, RunBuilder& out)
    {
        qsizetype i = 0;
        while (i < row.size()) {
            const QChar c = row[i];
            if (c == u'"') {
                const qsizetype end = quotedEnd(row, i, u'"');
                const qsizetype after = nextNonSpace(row, end);
                out.add(i, end, after < row.size() && row[after] == u':' ? SyntaxRole::Key : SyntaxRole::String);
                i = end;
            } else if (c == u'-' || c.isDigit()) {
                qsizetype end = i + 1;
                while (end < row.size() && isWordChar(row[end]))
                    ++end;
                out.add(i, end, SyntaxRole::Number);
                i = end;
            } else if (c.isLetter()) {
                qsizetype end = i + 1;
                while (end < row.size() && row[end].isLetter())
                    ++end;
                const QStringView word = row.sliced(i, end - i);
                const bool keyword = word == u"true" || word == u"false" || word == u"null";
                out.add(i, end, keyword ? SyntaxRole::Keyword : SyntaxRole::Plain);
                i = end;
            } else {
                const bool punctuation = c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' || c == u':';
                out.add(i, i + 1, punctuation ? SyntaxRole::Punctuation : SyntaxRole::Plain);
                ++i;
            }
        }
    }

    // Inside a tag: the name, then attribute names, '=' and quoted values, up to '>'.
    qsizetype highlightTag(QStringView row, qsizetype i, RunBuilder& out)
    {
        qsizetype nameEnd = i + 1;
        while (nameEnd < row.size() && (row[nameEnd] == u'/' || row[nameEnd] == u'?' || row[nameEnd] == u'!'))
            ++nameEnd;
        out.add(i, nameEnd, SyntaxRole::Punctuation);
        i = nameEnd;
        while (nameEnd < row.size() && !row[nameEnd].isSpace() && row[nameEnd] != u'>' && row[nameEnd] != u'/')
            ++nameEnd;
        out.add(i, nameEnd, SyntaxRole::Tag);
        i = nameEnd;
        while (i < row.size() && row[i] != u'>') {
            const QChar c = row[i];
            if (c == u'"' || c == u'\'') {
                const qsizetype end = quotedEnd(row, i, c);
                out.add(i, end, SyntaxRole::String);
                i = end;
            } else {
                out.add(i, i + 1,
                    c == u'=' || c == u'/' || c == u'?' || c.isSpace() ? SyntaxRole::Punctuation
                                                                       : SyntaxRole::Attribute);
                ++i;
            }
        }
        out.add(i, qMin(i + 1, row.size()), SyntaxRole::Punctuation);
        return qMin(i + 1, row.size());
    }

    void highlightXml(QStringView row, RunBuilder& out)
    {
        qsizetype i = 0;
        while (i < row.size()) {
            if (row.sliced(i).startsWith(u"<!--")) {
                const qsizetype close = row.indexOf(u"-->", i);
                const qsizetype end = close < 0 ? row.size() : close + 3;
                out.add(i, end, SyntaxRole::Comment);
                i = end;
            } else if (row.sliced(i).startsWith(u"<![CDATA[")) {
                const qsizetype close = row.indexOf(u"]]>", i);
                const qsizetype end = close < 0 ? row.size() : close + 3;
                out.add(i, end, SyntaxRole::String);
                i = end;
            } else if (row[i] == u'<') {
                i = highlightTag(row, i, out);
            } else {
                const qsizetype next = row.indexOf(u'<', i);
                const qsizetype end = next < 0 ? row.size() : next;
                out.add(i, end, SyntaxRole::Plain);
                i = end;
            }
        }
    }

    void highlightHex(QStringView row, RunBuilder& out)
    {
        const qsizetype hexStart = qMin(hexdump::hexColumn, row.size());
        const qsizetype asciiStart = qMin(hexdump::asciiColumn, row.size());
        out.add(0, hexStart, SyntaxRole::Muted);
        out.add(hexStart, asciiStart, SyntaxRole::Plain);
        out.add(asciiStart, row.size(), SyntaxRole::String);
    }

} // namespace

QList<SyntaxRun> highlightRow(Syntax syntax, QStringView row)
{
    QList<SyntaxRun> runs;
    RunBuilder out(runs);
    switch (syntax) {
    case Syntax::Plain: out.add(0, row.size(), SyntaxRole::Plain); break;
    case Syntax::Json: highlightJson(row, out); break;
    case Syntax::Xml: highlightXml(row, out); break;
    case Syntax::HexDump: highlightHex(row, out); break;
    }
    return runs;
}

} // namespace hookscope
