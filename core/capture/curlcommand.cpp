// SPDX-License-Identifier: MIT
#include "core/capture/curlcommand.h"

#include <QStringBuilder>

#include <algorithm>

namespace hookscope {

namespace {
    // Measured with curl 7.88.1: above this size curl adds "Expect: 100-continue" to a body of known size.
    constexpr qsizetype ExpectThreshold = qsizetype(1024) * 1024;
    // Linux refuses a single exec argument above 128 KiB (MAX_ARG_STRLEN); bigger bodies go through printf,
    // a builtin in sh, bash and zsh, so no exec limit applies to it.
    constexpr qsizetype InlineBodyLimit = qsizetype(64) * 1024;

    constexpr QLatin1StringView Continuation(" \\\n  ");

    bool isBidiControl(uint c)
    {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    // Text a person can read and paste: valid UTF-8 with no control characters (a pasted CR, ESC or
    // bracketed-paste terminator would change what the shell receives) and no bidi overrides (which make
    // the visible command differ from the executed one).
    bool isPlainText(QByteArrayView bytes, bool allowTabAndNewline)
    {
        const QString text = QString::fromUtf8(bytes);
        if (text.toUtf8() != bytes)
            return false;
        const QList<uint> codePoints = text.toUcs4();
        return std::ranges::all_of(codePoints, [allowTabAndNewline](uint c) {
            const bool allowed = allowTabAndNewline && (c == U'\t' || c == U'\n');
            return (c >= 0x20 || allowed) && (c < 0x7F || c > 0x9F) && !isBidiControl(c);
        });
    }

    // Characters that need no quoting in sh, bash or zsh anywhere in a word ('=' and '~' are special to zsh
    // at the start of a word, so they are left out).
    bool isBareWord(QByteArrayView bytes)
    {
        if (bytes.isEmpty())
            return false;
        return std::ranges::all_of(bytes, [](char c) {
            const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            return alnum || QByteArrayView("_%+:,./-").indexOf(c) >= 0;
        });
    }

    QString singleQuoted(QByteArrayView bytes)
    {
        QString text = QString::fromUtf8(bytes);
        text.replace(QLatin1Char('\''), QLatin1StringView("'\\''"));
        return QLatin1Char('\'') % text % QLatin1Char('\'');
    }

    QString headerArgument(const HeaderField& field)
    {
        // curl sends "-H 'Name:'" as nothing at all (it removes its own header); "Name;" is its spelling
        // of a header with an empty value.
        if (field.value.isEmpty())
            return QStringLiteral("-H ") % shellquote::word(QByteArray(field.name + ';'));
        return QStringLiteral("-H ") % shellquote::word(QByteArray(field.name + ": " + field.value));
    }

    QString suppressArgument(QLatin1StringView name)
    {
        return QStringLiteral("-H '") % name % QStringLiteral(":'");
    }

    bool hasHeader(const HeaderList& list, QByteArrayView name)
    {
        return headers::count(list, name) > 0;
    }

    // How the body travels: inline, or piped in from printf when it is large, binary or starts with '@'
    // (which --data-binary would read as a file name).
    struct BodyPlan {
        QString pipePrefix; // "printf ... | " or empty
        QString argument; // "--data-binary ..."
    };

    BodyPlan planBody(const QByteArray& body)
    {
        const bool text = isPlainText(body, true);
        if (text && body.size() <= InlineBodyLimit && !body.startsWith('@'))
            return { {}, QStringLiteral("--data-binary ") % singleQuoted(body) };
        const QString printf = text
            ? QString(QStringLiteral("printf '%s' ") % singleQuoted(body))
            : QString(QStringLiteral("printf '") % shellquote::printfFormat(body) % QLatin1Char('\''));
        return { printf % QStringLiteral(" | "), QStringLiteral("--data-binary @-") };
    }

    struct Builder {
        const CapturedRequest& request;
        QStringList options; // on the first line, before the URL
        QStringList arguments; // one per continuation line
        QStringList caveats;

        bool sendsBody() const { return !request.body.isEmpty() || request.chunked; }

        void addVersion()
        {
            if (request.httpVersion == "HTTP/1.0") {
                options << QStringLiteral("--http1.0");
                return;
            }
            options << QStringLiteral("--http1.1");
            if (request.httpVersion != "HTTP/1.1") {
                caveats << QStringLiteral("curl sends HTTP/1.1, not %1.").arg(QString::fromLatin1(request.httpVersion));
            }
        }

        void addMethod()
        {
            const QByteArray& method = request.method;
            if (!sendsBody()) {
                if (method == "HEAD") {
                    options << QStringLiteral("--head");
                } else if (method != "GET") {
                    options << QStringLiteral("-X ") % shellquote::word(method);
                }
                return;
            }
            if (method == "HEAD") {
                caveats << QStringLiteral("curl waits for a response body to a HEAD request with a body; stop it with "
                                          "Ctrl+C once the request is sent.");
            }
            if (method != "POST")
                options << QStringLiteral("-X ") % shellquote::word(method);
        }

        void addHost()
        {
            const QList<QByteArray> hosts = headers::values(request.headers, "Host");
            if (hosts.isEmpty()) {
                arguments << suppressArgument(QLatin1StringView("Host"));
                return;
            }
            const HeaderField* first = nullptr;
            for (const HeaderField& field : request.headers) {
                if (field.name.compare("Host", Qt::CaseInsensitive) == 0) {
                    first = &field;
                    break;
                }
            }
            arguments << headerArgument(*first);
            if (first->name != "Host")
                caveats << QStringLiteral("curl spells the Host header \"Host\".");
            if (first != &request.headers.first())
                caveats << QStringLiteral("curl sends Host before every other header.");
            if (hosts.size() > 1)
                caveats << QStringLiteral("curl sends only the first Host header.");
        }

        void addHeaders()
        {
            addHost();
            for (const HeaderField& field : request.headers) {
                if (field.name.compare("Host", Qt::CaseInsensitive) != 0)
                    arguments << headerArgument(field);
            }
            // curl's own headers, removed unless the capture had them (then the captured ones replace them).
            const HeaderList& list = request.headers;
            for (const char* name : { "User-Agent", "Accept" }) {
                if (!hasHeader(list, name))
                    arguments << suppressArgument(QLatin1StringView(name));
            }
            if (sendsBody() && !hasHeader(list, "Content-Type"))
                arguments << suppressArgument(QLatin1StringView("Content-Type"));
            const bool http11 = request.httpVersion != "HTTP/1.0";
            if (sendsBody() && http11 && request.body.size() > ExpectThreshold - 1 && !hasHeader(list, "Expect"))
                arguments << suppressArgument(QLatin1StringView("Expect"));
            if (!request.trailers.isEmpty()) {
                caveats << QStringLiteral(
                    "curl cannot send chunked trailers from the command line; the body is sent without them.");
            }
        }

        QString url(const QUrl& base)
        {
            const QByteArray& target = request.target;
            QString origin
                = base.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                      .toString(QUrl::FullyEncoded);
            // curl's URL parser drops a fragment, refuses spaces and percent-encodes non-ASCII bytes in the
            // path; --request-target sends any target verbatim, at the cost of a less familiar command.
            bool verbatim = target.startsWith('/') && !target.contains('#');
            for (const char c : target)
                verbatim = verbatim && c > 0x20 && c < 0x7F;
            if (!verbatim) {
                options << QStringLiteral("--request-target ") % shellquote::word(target);
                return origin;
            }
            const QByteArray path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
            if (path.contains("/."))
                options << QStringLiteral("--path-as-is"); // otherwise curl removes dot segments
            QString all = origin + QString::fromLatin1(target);
            if (all.contains(QLatin1Char('[')) || all.contains(QLatin1Char('{')) || all.contains(QLatin1Char(']'))
                || all.contains(QLatin1Char('}'))) {
                options << QStringLiteral("--globoff"); // otherwise curl expands [1-3] and {a,b} ranges
            }
            return all;
        }
    };

} // namespace

namespace shellquote {

    QString printfFormat(QByteArrayView bytes)
    {
        QString out;
        out.reserve(bytes.size() * 2);
        for (const char c : bytes) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '\n') {
                out += QLatin1StringView("\\n");
            } else if (c == '\t') {
                out += QLatin1StringView("\\t");
            } else if (byte >= 0x20 && byte < 0x7F && QByteArrayView("'\\%!\"$`").indexOf(c) < 0
                && !(c == '-' && out.isEmpty())) { // printf would read a leading '-' as an option
                out += QLatin1Char(c);
            } else {
                // Always three digits, so a digit that follows is never read as part of the escape.
                out += QLatin1Char('\\') % QLatin1Char(char('0' + (byte >> 6)))
                    % QLatin1Char(char('0' + ((byte >> 3) & 7))) % QLatin1Char(char('0' + (byte & 7)));
            }
        }
        return out;
    }

    QString word(QByteArrayView bytes)
    {
        if (isBareWord(bytes))
            return QString::fromLatin1(bytes);
        if (isPlainText(bytes, false))
            return singleQuoted(bytes);
        return QStringLiteral("\"$(printf '") % printfFormat(bytes) % QStringLiteral("')\"");
    }

} // namespace shellquote

CurlCommand buildCurlCommand(const CapturedRequest& request, const QUrl& base, CurlShell shell)
{
    Q_UNUSED(shell) // one shell dialect so far
    CurlCommand result;
    if (request.rejected || request.method.isEmpty()) {
        result.error = QStringLiteral("The receiver rejected this request before it was understood, so there is no "
                                      "request to replay.");
        return result;
    }
    if (!base.isValid() || base.host().isEmpty()) {
        result.error = QStringLiteral("The receiver's address is unknown.");
        return result;
    }
    Builder builder { request, {}, {}, {} };
    builder.addVersion();
    builder.addMethod();
    const QString url = builder.url(base);
    builder.addHeaders();
    BodyPlan body;
    if (builder.sendsBody()) {
        body = planBody(request.body);
        builder.arguments << body.argument;
    }
    QString text = body.pipePrefix % QStringLiteral("curl");
    for (const QString& option : std::as_const(builder.options))
        text += QLatin1Char(' ') % option;
    text += QLatin1Char(' ') % shellquote::word(url.toUtf8());
    for (const QString& argument : std::as_const(builder.arguments))
        text += Continuation % argument;
    result.text = text;
    result.caveats = builder.caveats;
    return result;
}

QString curlCommand(const CapturedRequest& request, const QUrl& base, CurlShell shell)
{
    return buildCurlCommand(request, base, shell).text;
}

} // namespace hookscope
