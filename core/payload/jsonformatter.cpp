// SPDX-License-Identifier: MIT
#include "core/payload/jsonformatter.h"

#include "core/payload/jsonscanner.h"

#include <vector>

namespace hookscope {

namespace {

    // Deep nesting makes indentation quadratic in size; past this depth the text is shown unformatted.
    constexpr int maxFormattedDepth = 1000;

    class PrettySink final {
    public:
        PrettySink(QByteArrayView in, QByteArray& out, int indent)
            : m_in(in)
            , m_out(out)
            , m_indent(indent)
        {
        }

        void beginContainer(char open, qsizetype /*pos*/, bool empty)
        {
            beforeValue();
            m_out.append(open);
            if (!empty)
                m_firstInLevel.push_back(true);
        }

        void endContainer(char close, qsizetype /*pos*/, bool empty)
        {
            if (!empty) {
                m_firstInLevel.pop_back();
                newLine();
            }
            m_out.append(close);
        }

        void key(qsizetype begin, qsizetype end)
        {
            separate();
            m_out.append(m_in.sliced(begin, end - begin));
            m_out.append(": ", 2);
            m_afterKey = true;
        }

        void scalar(JsonKind /*kind*/, qsizetype begin, qsizetype end)
        {
            beforeValue();
            m_out.append(m_in.sliced(begin, end - begin));
        }

    private:
        void beforeValue()
        {
            if (m_afterKey) {
                m_afterKey = false;
                return;
            }
            if (!m_firstInLevel.empty())
                separate();
        }

        void separate()
        {
            if (!m_firstInLevel.back())
                m_out.append(',');
            m_firstInLevel.back() = false;
            newLine();
        }

        void newLine()
        {
            m_out.append('\n');
            qsizetype spaces = qsizetype(m_firstInLevel.size()) * m_indent;
            constexpr qsizetype blanksSize = 64;
            static const QByteArray blanks(blanksSize, ' ');
            while (spaces > 0) {
                const qsizetype n = qMin(spaces, blanksSize);
                m_out.append(blanks.constData(), n);
                spaces -= n;
            }
        }

        QByteArrayView m_in;
        QByteArray& m_out;
        int m_indent;
        std::vector<bool> m_firstInLevel;
        bool m_afterKey = false;
    };

    struct NullSink {
        void beginContainer(char /*open*/, qsizetype /*pos*/, bool /*empty*/) { }
        void endContainer(char /*close*/, qsizetype /*pos*/, bool /*empty*/) { }
        void key(qsizetype /*begin*/, qsizetype /*end*/) { }
        void scalar(JsonKind /*kind*/, qsizetype /*begin*/, qsizetype /*end*/) { }
    };

} // namespace

FormattedJson formatJson(QByteArrayView json, int indent)
{
    FormattedJson result;
    result.text.reserve(json.size() + json.size() / 2);
    PrettySink sink(json, result.text, indent);
    JsonScanner<PrettySink> scanner(json, sink, maxFormattedDepth);
    result.error = scanner.run();
    if (result.error.failed())
        result.text.clear();
    return result;
}

JsonError validateJson(QByteArrayView json)
{
    NullSink sink;
    JsonScanner<NullSink> scanner(json, sink);
    return scanner.run();
}

} // namespace hookscope
