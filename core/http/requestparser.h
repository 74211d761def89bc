// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"
#include "core/http/receiverlimits.h"

#include <QByteArray>
#include <QString>

#include <llhttp.h>

namespace hookscope {

// Incremental HTTP/1.x request parser: llhttp for the grammar, plus the checks llhttp 8 leaves to the
// server (Host, versions, obs-fold, control bytes, size limits, transfer codings, expectations).
// It stops after each header section and each complete message, so the caller can answer
// `Expect: 100-continue` and keep pipelined requests apart.
class RequestParser final {
public:
    enum class Event {
        NeedMore, // everything given was consumed
        HeadersReady, // a header section is complete; the body follows
        MessageComplete, // takeMessage() holds a whole request
        Error, // errorStatus()/errorReason(); the connection must close
    };
    struct Step {
        Event event = Event::NeedMore;
        qsizetype consumed = 0;
    };

    explicit RequestParser(const ReceiverLimits& limits);
    ~RequestParser() = default;
    Q_DISABLE_COPY_MOVE(RequestParser)

    // `nowUs` stamps the first byte of a message and its completion.
    Step feed(const char* data, qsizetype size, qint64 nowUs);
    // The request stream ends here: the peer closed its sending side (or, with `reason`, the receiver stops).
    // Returns true when that cut a request short (an Error with that reason is then set).
    bool finish(const QString& reason = {});

    bool midMessage() const { return m_inMessage; }
    bool inHeaderSection() const { return m_inMessage && !m_headersDone; }

    // Valid after HeadersReady.
    bool expectsContinue() const { return m_expectContinue; }
    // Valid after MessageComplete.
    CapturedRequest takeMessage();
    bool keepAlive() const { return m_keepAlive; }

    // Valid after Error.
    int errorStatus() const { return m_errorStatus; }
    const QString& errorReason() const { return m_errorReason; }
    // Fails the message in progress from outside (a timeout).
    void abortWith(int status, QString reason) { fail(status, std::move(reason)); }
    // What was received of the failing request, for the record (capped).
    CapturedRequest takeRejected();

    // The path and query of a request target, in origin form ("/a?b") or absolute form ("http://h/a?b").
    static void splitTarget(const QByteArray& target, QByteArray* path, QByteArray* query);
    // What is wrong with the line ends of a head (a bare LF or CR), or an empty string.
    static QString lineEndProblem(const QByteArray& head);

private:
    static int onMessageBegin(llhttp_t* p);
    static int onUrl(llhttp_t* p, const char* at, size_t len);
    static int onHeaderField(llhttp_t* p, const char* at, size_t len);
    static int onHeaderValue(llhttp_t* p, const char* at, size_t len);
    static int onHeaderValueComplete(llhttp_t* p);
    static int onHeadersComplete(llhttp_t* p);
    static int onBody(llhttp_t* p, const char* at, size_t len);
    static int onChunkExtension(llhttp_t* p, const char* at, size_t len);
    static int onChunkComplete(llhttp_t* p);
    static int onMessageComplete(llhttp_t* p);

    static RequestParser* self(llhttp_t* p) { return static_cast<RequestParser*>(p->data); }
    static const llhttp_settings_t& settings();

    int fail(int status, QString reason); // records the error; returns the llhttp user-error code
    int validateHeaderSection();
    int validateRawHead();
    int checkTransferEncoding();
    void mapLlhttpError(llhttp_errno_t err);
    void appendRaw(const char* data, qsizetype size);
    void resetMessage();

    ReceiverLimits m_limits;
    llhttp_t m_parser {};

    CapturedRequest m_message;
    QByteArray m_field;
    QByteArray m_value;
    bool m_valueOpen = false;
    int m_headerBytes = 0;
    int m_trailerBytes = 0;
    int m_chunkExtensionBytes = 0;
    qint64 m_nowUs = 0;

    bool m_inMessage = false;
    bool m_headersDone = false;
    bool m_expectContinue = false;
    bool m_keepAlive = true;
    bool m_pausedForMessage = false;
    bool m_failed = false;

    int m_errorStatus = 0;
    QString m_errorReason;
};

} // namespace hookscope
