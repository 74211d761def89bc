// SPDX-License-Identifier: MIT
#include "core/http/requestparser.h"

#include "core/capture/wallclock.h"

#include <QList>

#include <algorithm>
#include <string_view>
#include <utility>

namespace hookscope {

namespace {

    QList<QByteArray> transferCodings(const HeaderList& fields)
    {
        QList<QByteArray> codings;
        for (const QByteArray& value : headers::values(fields, "transfer-encoding")) {
            for (const QByteArray& part : value.split(',')) {
                QByteArray coding = part.trimmed().toLower();
                // Parameters (";q=...") do not change which coding it is.
                if (const qsizetype semi = coding.indexOf(';'); semi >= 0)
                    coding = coding.left(semi).trimmed();
                if (!coding.isEmpty())
                    codings.append(coding);
            }
        }
        return codings;
    }

} // namespace

const llhttp_settings_t& RequestParser::settings()
{
    static const llhttp_settings_t s = [] {
        llhttp_settings_t init {};
        llhttp_settings_init(&init);
        init.on_message_begin = &RequestParser::onMessageBegin;
        init.on_url = &RequestParser::onUrl;
        init.on_header_field = &RequestParser::onHeaderField;
        init.on_header_value = &RequestParser::onHeaderValue;
        init.on_header_value_complete = &RequestParser::onHeaderValueComplete;
        init.on_headers_complete = &RequestParser::onHeadersComplete;
        init.on_body = &RequestParser::onBody;
        init.on_chunk_extension_name = &RequestParser::onChunkExtension;
        init.on_chunk_extension_value = &RequestParser::onChunkExtension;
        init.on_chunk_complete = &RequestParser::onChunkComplete;
        init.on_message_complete = &RequestParser::onMessageComplete;
        return init;
    }();
    return s;
}

RequestParser::RequestParser(const ReceiverLimits& limits)
    : m_limits(limits)
{
    llhttp_init(&m_parser, HTTP_REQUEST, &settings());
    m_parser.data = this;
}

RequestParser::Step RequestParser::feed(const char* data, qsizetype size, qint64 nowUs)
{
    if (m_failed)
        return { Event::Error, 0 };
    m_nowUs = nowUs;
    if (llhttp_get_errno(&m_parser) == HPE_PAUSED)
        llhttp_resume(&m_parser);

    static const char empty = 0;
    if (data == nullptr)
        data = &empty;
    const bool wasInHead = !m_headersDone;
    const llhttp_errno_t err = llhttp_execute(&m_parser, data, static_cast<size_t>(size));
    const qsizetype stopped = (err == HPE_OK) ? size : (llhttp_get_error_pos(&m_parser) - data);

    if (wasInHead) {
        // A syntax error keeps what follows it too (capped): the record should show what broke the request. A
        // head refused as a whole (Host, limits, expectations) keeps just the head: the body was never wanted.
        const bool wholeHead = err == HPE_OK || err == HPE_PAUSED || err == HPE_CB_HEADERS_COMPLETE;
        const qsizetype headPart = wholeHead ? stopped : qMin(size, stopped + m_limits.maxRawPrefixBytes);
        appendRaw(data, headPart);
    }

    if (err == HPE_OK)
        return { Event::NeedMore, size };

    if (err == HPE_PAUSED) {
        if (m_pausedForMessage) {
            m_pausedForMessage = false;
            return { Event::MessageComplete, stopped };
        }
        // Paused right after the header section: checks that need the raw bytes happen here.
        if (validateRawHead() != 0)
            return { Event::Error, stopped };
        return { Event::HeadersReady, stopped };
    }

    if (!m_failed)
        mapLlhttpError(err);
    return { Event::Error, stopped };
}

bool RequestParser::finish(const QString& reason)
{
    if (m_failed || !m_inMessage)
        return false;
    fail(400, reason.isEmpty() ? QStringLiteral("the connection closed before the request was complete") : reason);
    return true;
}

void RequestParser::appendRaw(const char* data, qsizetype size)
{
    const qsizetype cap = qsizetype(m_limits.maxRequestLineBytes) + m_limits.maxHeaderBytes + 1024;
    const qsizetype room = cap - m_message.head.size();
    if (room > 0)
        m_message.head.append(data, qMin(room, size));
}

int RequestParser::validateRawHead()
{
    QByteArray& head = m_message.head;
    // llhttp tolerates blank lines before a request line; they are not part of the request.
    qsizetype lead = 0;
    while (lead < head.size() && (head[lead] == '\r' || head[lead] == '\n'))
        ++lead;
    if (lead > 0)
        head.remove(0, lead);

    if (const QString problem = lineEndProblem(head); !problem.isEmpty())
        return fail(400, problem);
    const qsizetype lineEnd = head.indexOf('\n');
    for (qsizetype i = 0; i < head.size(); ++i) {
        const auto c = static_cast<unsigned char>(head[i]);
        if (c == '\n') {
            if (i > lineEnd && i + 1 < head.size() && (head[i + 1] == ' ' || head[i + 1] == '\t'))
                return fail(400, QStringLiteral("obsolete line folding (a header line starting with whitespace)"));
        } else if ((c < 0x20 && c != '\r' && c != '\t') || c == 0x7f) {
            return fail(400, QStringLiteral("control byte 0x%1 in the header section").arg(c, 2, 16, QLatin1Char('0')));
        }
    }
    return 0;
}

int RequestParser::fail(int status, QString reason)
{
    if (!m_failed) {
        m_failed = true;
        m_errorStatus = status;
        m_errorReason = std::move(reason);
    }
    return HPE_USER;
}

void RequestParser::mapLlhttpError(llhttp_errno_t err)
{
    const QString detail = QString::fromLatin1(llhttp_get_error_reason(&m_parser));
    switch (err) {
    case HPE_INVALID_METHOD: {
        const QByteArray& raw = m_message.head;
        // llhttp stops at the first byte that no known method continues with; the bytes so far tell a
        // well-formed but unknown method (501) from garbage (400).
        const qsizetype space = raw.indexOf(' ');
        const QByteArrayView method = space > 0 ? QByteArrayView(raw).first(space) : QByteArrayView(raw);
        const qsizetype lineEnd = raw.indexOf('\n');
        if (raw.startsWith("PRI * HTTP/2")) {
            fail(505, QStringLiteral("HTTP/2 connection preface on an HTTP/1.1 port"));
        } else if (lineEnd >= 0 && (space < 0 || space > lineEnd)) {
            fail(400, QStringLiteral("malformed request line (it should read METHOD TARGET HTTP/1.1)"));
        } else if (headers::isToken(method)) {
            fail(501, QStringLiteral("method %1 is not implemented").arg(QString::fromLatin1(method)));
        } else {
            fail(400, QStringLiteral("malformed method"));
        }
        break;
    }
    case HPE_INVALID_VERSION: {
        // llhttp refuses versions it does not know; a well-formed higher major version deserves 505.
        const qsizetype at = m_message.head.indexOf(" HTTP/");
        const QByteArray version = at >= 0 ? m_message.head.mid(at + 6, 3) : QByteArray();
        if (version.size() == 3 && version[0] >= '2' && version[0] <= '9' && version[1] == '.' && version[2] >= '0'
            && version[2] <= '9') {
            fail(505, QStringLiteral("HTTP/%1 is not supported").arg(QString::fromLatin1(version)));
        } else {
            fail(400, QStringLiteral("malformed HTTP version"));
        }
        break;
    }
    case HPE_INVALID_TRANSFER_ENCODING:
        if (checkTransferEncoding() == 0)
            fail(400, QStringLiteral("invalid Transfer-Encoding (it must list codings ending in one chunked)"));
        break;
    case HPE_UNEXPECTED_CONTENT_LENGTH:
        // llhttp reports a second Content-Length under the same code; only its message tells them apart.
        fail(400,
            detail.startsWith(QLatin1String("Duplicate"))
                ? QStringLiteral("more than one Content-Length header")
                : QStringLiteral("Content-Length together with Transfer-Encoding"));
        break;
    case HPE_INVALID_CONTENT_LENGTH: fail(400, QStringLiteral("malformed Content-Length")); break;
    case HPE_INVALID_CHUNK_SIZE: fail(400, QStringLiteral("malformed chunk size")); break;
    case HPE_PAUSED_UPGRADE: fail(400, QStringLiteral("protocol upgrade is not supported")); break;
    default:
        if (m_message.head.startsWith("PRI * HTTP/2")) {
            fail(505, QStringLiteral("HTTP/2 connection preface on an HTTP/1.1 port"));
            break;
        }
        // llhttp names what it choked on in its own terms ("Invalid header value char"); line ends that are not
        // CRLF have a plainer name, the one validateRawHead() gives them in heads llhttp lets through.
        if (const QString problem = lineEndProblem(m_message.head); !problem.isEmpty()) {
            fail(400, problem);
            break;
        }
        fail(400,
            detail.isEmpty() ? QStringLiteral("malformed request")
                             : QStringLiteral("malformed request: %1").arg(detail));
        break;
    }
}

int RequestParser::checkTransferEncoding()
{
    const QList<QByteArray> codings = transferCodings(m_message.headers);
    if (codings.isEmpty())
        return 0;
    if (m_parser.http_major == 1 && m_parser.http_minor == 0)
        return fail(400, QStringLiteral("Transfer-Encoding in an HTTP/1.0 request"));
    if (codings.last() != "chunked")
        return fail(400, QStringLiteral("Transfer-Encoding does not end in chunked"));
    if (codings.count("chunked") > 1)
        return fail(400, QStringLiteral("chunked applied more than once"));
    for (const QByteArray& coding : codings) {
        if (coding != "chunked") {
            return fail(
                501, QStringLiteral("transfer coding '%1' is not implemented").arg(QString::fromLatin1(coding)));
        }
    }
    return 0;
}

namespace {
    // uri-host [ ":" port ] (RFC 9112 3.2, RFC 3986 3.2.2): names, IPv4, bracketed IPv6, percent-escapes. Empty
    // is allowed (a target without an authority).
    bool isHostValue(QByteArrayView value)
    {
        return std::all_of(value.begin(), value.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || std::string_view("-._~%!$&'()*+,;=:[]").find(c) != std::string_view::npos;
        });
    }
} // namespace

QString RequestParser::lineEndProblem(const QByteArray& head)
{
    // Up to the end of the head, where there is one: bytes after it belong to a body.
    const qsizetype end = head.indexOf("\r\n\r\n");
    const qsizetype size = end >= 0 ? end : head.size();
    for (qsizetype i = 0; i < size; ++i) {
        if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r'))
            return QStringLiteral("a line ends in a bare LF instead of CRLF");
        // A CR last may just be waiting for its LF (a head that failed for another reason ends anywhere).
        if (head[i] == '\r' && i + 1 < head.size() && head[i + 1] != '\n')
            return QStringLiteral("a bare CR in the header section");
    }
    return {};
}

void RequestParser::splitTarget(const QByteArray& target, QByteArray* path, QByteArray* query)
{
    const qsizetype question = target.indexOf('?');
    *path = question >= 0 ? target.left(question) : target;
    *query = question >= 0 ? target.mid(question + 1) : QByteArray();
    // Absolute form (RFC 9112 3.2.2), as proxies send it: the path is what follows the authority, "/" if nothing.
    qsizetype authority = 0; // where the authority starts, after the scheme
    for (const char* scheme : { "http://", "https://" }) {
        const auto length = qsizetype(qstrlen(scheme));
        if (path->size() >= length && qstrnicmp(path->constData(), scheme, length) == 0)
            authority = length;
    }
    if (authority > 0) {
        const qsizetype slash = path->indexOf('/', authority);
        *path = slash >= 0 ? path->mid(slash) : QByteArrayLiteral("/");
    }
}

int RequestParser::validateHeaderSection()
{
    const HeaderList& fields = m_message.headers;
    const int major = m_parser.http_major;
    const int minor = m_parser.http_minor;

    if (major == 0)
        return fail(400, QStringLiteral("HTTP/0.9 requests are not accepted"));
    if (major > 1)
        return fail(505, QStringLiteral("HTTP/%1.%2 is not supported").arg(major).arg(minor));

    const int hosts = headers::count(fields, "host");
    if (hosts > 1)
        return fail(400, QStringLiteral("more than one Host header"));
    if (hosts == 0 && minor >= 1)
        return fail(400, QStringLiteral("missing Host header (required in HTTP/1.1)"));
    if (hosts == 1 && !isHostValue(headers::first(fields, "host")))
        return fail(400, QStringLiteral("malformed Host header (it must be a host name or address, and a port)"));

    if (m_parser.method == HTTP_CONNECT)
        return fail(405, QStringLiteral("CONNECT is not supported: this is a webhook receiver, not a proxy"));
    if (m_parser.method == HTTP_PRI)
        return fail(400, QStringLiteral("HTTP/2 connection preface on an HTTP/1.1 port"));

    if (const int rc = checkTransferEncoding(); rc != 0)
        return rc;

    if ((m_parser.flags & F_CONTENT_LENGTH) != 0 && m_parser.content_length > quint64(m_limits.maxBodyBytes)) {
        return fail(413,
            QStringLiteral("declared body of %1 bytes exceeds the %2-byte limit")
                .arg(m_parser.content_length)
                .arg(m_limits.maxBodyBytes));
    }

    const QList<QByteArray> expectations = headers::values(fields, "expect");
    if (!expectations.isEmpty()) {
        if (expectations.size() > 1 || expectations.first().trimmed().toLower() != "100-continue") {
            return fail(
                417, QStringLiteral("unsupported expectation '%1'").arg(QString::fromLatin1(expectations.first())));
        }
        const bool hasBody = (m_parser.flags & F_CHUNKED) != 0 || m_parser.content_length > 0;
        // HTTP/1.0 clients do not know 1xx responses.
        m_expectContinue = hasBody && minor >= 1;
    }
    return 0;
}

void RequestParser::resetMessage()
{
    m_message = CapturedRequest {};
    m_field.clear();
    m_value.clear();
    m_headerBytes = 0;
    m_trailerBytes = 0;
    m_chunkExtensionBytes = 0;
    m_inMessage = false;
    m_headersDone = false;
    m_expectContinue = false;
}

CapturedRequest RequestParser::takeMessage()
{
    CapturedRequest out = std::move(m_message);
    resetMessage();
    return out;
}

CapturedRequest RequestParser::takeRejected()
{
    CapturedRequest out = std::move(m_message);
    // Parsing may have stopped before llhttp named the method and target; the raw bytes still do.
    if (out.method.isEmpty() || out.target.isEmpty()) {
        // A request line cut off by a limit has no line end (and Qt's left(-1) is empty, not everything).
        const qsizetype lineEnd = out.head.indexOf('\n');
        const QByteArray line = (lineEnd >= 0 ? out.head.left(lineEnd) : out.head).trimmed();
        const QList<QByteArray> parts = line.split(' ');
        if (out.method.isEmpty() && !parts.isEmpty() && headers::isToken(parts.first()))
            out.method = parts.first();
        if (out.target.isEmpty() && parts.size() > 1)
            out.target = parts.at(1).left(m_limits.maxRequestLineBytes);
    }
    out.rejected = true;
    out.rejectReason = m_errorReason;
    out.responseStatus = m_errorStatus;
    out.rawPrefix = out.head.left(m_limits.maxRawPrefixBytes);
    if (out.rawPrefix.size() < m_limits.maxRawPrefixBytes)
        out.rawPrefix.append(out.body.left(m_limits.maxRawPrefixBytes - out.rawPrefix.size()));
    // The rejected request's bytes live in rawPrefix only; head and body may be partial or oversized.
    out.head.clear();
    out.body.clear();
    if (out.completeUs == 0)
        out.completeUs = m_nowUs;
    if (out.receivedUs == 0)
        out.receivedUs = m_nowUs;
    resetMessage();
    return out;
}

int RequestParser::onMessageBegin(llhttp_t* p)
{
    RequestParser* s = self(p);
    s->m_inMessage = true;
    s->m_message.receivedUs = s->m_nowUs;
    s->m_message.headers.reserve(16); // one allocation instead of several regrowths for typical requests
    return 0;
}

int RequestParser::onUrl(llhttp_t* p, const char* at, size_t len)
{
    RequestParser* s = self(p);
    s->m_message.target.append(at, qsizetype(len));
    if (s->m_message.target.size() > s->m_limits.maxRequestLineBytes) {
        return s->fail(414, QStringLiteral("request target longer than %1 bytes").arg(s->m_limits.maxRequestLineBytes));
    }
    return 0;
}

int RequestParser::onHeaderField(llhttp_t* p, const char* at, size_t len)
{
    RequestParser* s = self(p);
    s->m_field.append(at, qsizetype(len));
    int& used = s->m_headersDone ? s->m_trailerBytes : s->m_headerBytes;
    used += int(len);
    if (used > s->m_limits.maxHeaderBytes)
        return s->fail(431, QStringLiteral("header section larger than %1 bytes").arg(s->m_limits.maxHeaderBytes));
    return 0;
}

int RequestParser::onHeaderValue(llhttp_t* p, const char* at, size_t len)
{
    RequestParser* s = self(p);
    s->m_value.append(at, qsizetype(len));
    int& used = s->m_headersDone ? s->m_trailerBytes : s->m_headerBytes;
    used += int(len);
    if (used > s->m_limits.maxHeaderBytes)
        return s->fail(431, QStringLiteral("header section larger than %1 bytes").arg(s->m_limits.maxHeaderBytes));
    return 0;
}

int RequestParser::onHeaderValueComplete(llhttp_t* p)
{
    RequestParser* s = self(p);
    HeaderList& list = s->m_headersDone ? s->m_message.trailers : s->m_message.headers;
    // llhttp 8 takes whitespace before the colon into the name; RFC 9112 5.1 asks for a 400, since proxies
    // disagree about what such a name means.
    if (!headers::isToken(s->m_field)) {
        const bool spaced = !s->m_field.isEmpty() && (s->m_field.back() == ' ' || s->m_field.back() == '\t');
        return s->fail(400,
            spaced ? QStringLiteral("whitespace between the header name %1 and its colon")
                         .arg(QString::fromLatin1(s->m_field.trimmed()))
                   : QStringLiteral("invalid character in the header name %1").arg(QString::fromLatin1(s->m_field)));
    }
    // llhttp keeps trailing whitespace in a value; it is not part of the value (RFC 9110 5.5).
    while (!s->m_value.isEmpty() && (s->m_value.back() == ' ' || s->m_value.back() == '\t'))
        s->m_value.chop(1);
    for (char c : std::as_const(s->m_value)) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return s->fail(400, QStringLiteral("control byte in the value of %1").arg(QString::fromLatin1(s->m_field)));
    }
    list.append({ std::exchange(s->m_field, {}), std::exchange(s->m_value, {}) });
    int& used = s->m_headersDone ? s->m_trailerBytes : s->m_headerBytes;
    used += 4; // ": " and CRLF
    if (list.size() > s->m_limits.maxHeaderFields)
        return s->fail(431, QStringLiteral("more than %1 header fields").arg(s->m_limits.maxHeaderFields));
    return 0;
}

int RequestParser::onHeadersComplete(llhttp_t* p)
{
    RequestParser* s = self(p);
    CapturedRequest& m = s->m_message;
    // Both nearly always name one of a few constants: refer to them instead of allocating per request.
    const char* method = llhttp_method_name(static_cast<llhttp_method_t>(p->method));
    m.method = QByteArray::fromRawData(method, qsizetype(qstrlen(method)));
    if (p->http_major == 1 && p->http_minor == 1) {
        m.httpVersion = QByteArrayLiteral("HTTP/1.1");
    } else if (p->http_major == 1 && p->http_minor == 0) {
        m.httpVersion = QByteArrayLiteral("HTTP/1.0");
    } else {
        m.httpVersion = "HTTP/" + QByteArray::number(p->http_major) + '.' + QByteArray::number(p->http_minor);
    }
    splitTarget(m.target, &m.path, &m.query);
    m.chunked = (p->flags & F_CHUNKED) != 0;

    if (const int rc = s->validateHeaderSection(); rc != 0)
        return -1;

    if ((p->flags & F_CONTENT_LENGTH) != 0 && p->content_length > 0)
        m.body.reserve(qsizetype(p->content_length));
    // A webhook receiver never switches protocols: an Upgrade request is answered as plain HTTP.
    p->upgrade = 0;
    s->m_headersDone = true;
    return HPE_PAUSED;
}

int RequestParser::onBody(llhttp_t* p, const char* at, size_t len)
{
    RequestParser* s = self(p);
    if (s->m_message.body.size() + qint64(len) > s->m_limits.maxBodyBytes)
        return s->fail(413, QStringLiteral("body exceeds the %1-byte limit").arg(s->m_limits.maxBodyBytes));
    s->m_message.body.append(at, qsizetype(len));
    return 0;
}

int RequestParser::onChunkExtension(llhttp_t* p, const char* /*at*/, size_t len)
{
    RequestParser* s = self(p);
    s->m_chunkExtensionBytes += int(len);
    if (s->m_chunkExtensionBytes > s->m_limits.maxChunkExtensionBytes) {
        return s->fail(
            413, QStringLiteral("chunk extensions longer than %1 bytes").arg(s->m_limits.maxChunkExtensionBytes));
    }
    return 0;
}

int RequestParser::onChunkComplete(llhttp_t* p)
{
    self(p)->m_chunkExtensionBytes = 0;
    return 0;
}

int RequestParser::onMessageComplete(llhttp_t* p)
{
    RequestParser* s = self(p);
    s->m_keepAlive = llhttp_should_keep_alive(p) != 0;
    // Read the clock again: a body that arrived in one read still took time to parse and copy.
    s->m_message.completeUs = std::max(s->m_nowUs, wallClockMicros());
    s->m_inMessage = false;
    s->m_pausedForMessage = true;
    return HPE_PAUSED;
}

} // namespace hookscope
