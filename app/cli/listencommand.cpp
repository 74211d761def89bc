// SPDX-License-Identifier: MIT
#include "app/cli/capturetext.h"
#include "app/cli/cliio.h"
#include "app/cli/commands.h"
#include "app/cli/endpointcli.h"
#include "app/cli/profileoptions.h"
#include "core/endpoints/endpointverifier.h"
#include "core/http/receiver.h"
#include "core/platform/terminationsignals.h"
#include "core/storage/capturestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <array>

namespace hookscope::cli {

namespace {

    // Collects per-capture lines and writes them once per event-loop pass: one write per group commit
    // instead of one per request keeps a fast receiver from spending its time in write().
    class CaptureEcho final : public QObject {
    public:
        CaptureEcho(bool json, bool quiet)
            : m_json(json)
            , m_quiet(quiet)
        {
        }
        int count() const { return m_count; }
        int unstored() const { return m_unstored; }
        void add(const CaptureSummary& summary)
        {
            ++m_count;
            if (!summary.stored)
                ++m_unstored;
            if (m_quiet)
                return;
            if (m_json) {
                m_buffer += QJsonDocument(summaryJson(summary)).toJson(QJsonDocument::Compact) + '\n';
            } else {
                m_buffer += summaryLine(summary);
            }
            if (!m_scheduled) {
                m_scheduled = true;
                QMetaObject::invokeMethod(this, &CaptureEcho::flush, Qt::QueuedConnection);
            }
        }
        void flush()
        {
            m_scheduled = false;
            if (m_buffer.isEmpty())
                return;
            writeOut(m_buffer);
            flushOut();
            m_buffer.clear();
        }

    private:
        bool m_json;
        bool m_quiet;
        bool m_scheduled = false;
        int m_count = 0;
        int m_unstored = 0;
        QByteArray m_buffer;
    };

    bool parseHeader(const QString& text, HeaderField* out)
    {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return false;
        out->name = text.left(colon).trimmed().toLatin1();
        out->value = text.mid(colon + 1).trimmed().toUtf8();
        for (char c : std::as_const(out->name)) {
            if (c <= ' ' || c == ':' || c >= 0x7f)
                return false;
        }
        return !out->value.contains('\r') && !out->value.contains('\n');
    }

    // Adds the user's --header values to the response, each replacing a default of the same name. Returns
    // what is wrong with them, if anything.
    QString applyResponseHeaders(const QStringList& values, HeaderList& headers)
    {
        HeaderList given;
        for (const QString& text : values) {
            HeaderField field;
            if (!parseHeader(text, &field))
                return QStringLiteral("--header needs 'Name: value', not '%1'").arg(text);
            for (const char* framing : { "content-length", "connection", "transfer-encoding" }) {
                if (field.name.compare(framing, Qt::CaseInsensitive) == 0) {
                    return QStringLiteral("--header %1 is set by the receiver itself")
                        .arg(QString::fromLatin1(field.name));
                }
            }
            given.append(field);
        }
        for (const HeaderField& field : std::as_const(given)) {
            headers.removeIf([&](const HeaderField& existing) {
                return existing.name.compare(field.name, Qt::CaseInsensitive) == 0;
            });
        }
        headers.append(given);
        return {};
    }

    // The contract's first stdout line, then notes for people on stderr (none when `databasePath` is empty,
    // as with --quiet).
    void announce(
        const Receiver& receiver, const QHostAddress& address, const QString& bindText, const QString& databasePath)
    {
        QString host = address.isNull() ? bindText : address.toString();
        if (address.protocol() == QAbstractSocket::IPv6Protocol || host.contains(QLatin1Char(':')))
            host = QLatin1Char('[') + host + QLatin1Char(']');
        writeOut(QStringLiteral("Listening on http://%1:%2/\n").arg(host).arg(receiver.port()).toUtf8());
        flushOut();
        if (!address.isLoopback()) {
            writeErr(QStringLiteral("hookscope listen: note: listening beyond loopback on %1: other machines can "
                                    "send requests here (from this one: http://127.0.0.1:%2/)\n")
                         .arg(bindText)
                         .arg(receiver.port()));
        }
        if (!databasePath.isEmpty())
            writeErr(QStringLiteral("hookscope listen: storing captures in %1; Ctrl+C stops\n").arg(databasePath));
    }

} // namespace

namespace {
    // Endpoints with a path prefix claim requests, whose signatures are then checked on arrival. A keychain
    // that does not answer costs the verdicts, never the captures: listening goes on, with a note.
    bool loadEndpoints(const QString& profileDirectory, EndpointVerifier* verifier)
    {
        if (!QFileInfo::exists(EndpointStore::defaultPath(profileDirectory)))
            return false;
        QString error;
        const std::unique_ptr<EndpointContext> context = openEndpoints(profileDirectory, &error);
        if (!context) {
            writeErr(QStringLiteral("hookscope listen: endpoints not loaded: %1\n").arg(error));
            return false;
        }
        QStringList problems;
        QList<EndpointVerifier::Entry> entries = EndpointVerifier::load(context->store, *context->secrets, &problems);
        for (const QString& problem : std::as_const(problems))
            writeErr(QStringLiteral("hookscope listen: signatures cannot be checked for %1\n").arg(problem));
        if (entries.isEmpty())
            return false;
        verifier->setEntries(std::move(entries));
        return true;
    }
} // namespace

int runListen(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run the receiver: capture every request into the database and answer it once it is stored."));
    const QString command = QStringLiteral("listen");
    ProfileOptions profileOptions(parser);
    const QCommandLineOption bind(QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port; 0 picks a free one (default 8787)."),
        QStringLiteral("N"), QStringLiteral("8787"));
    const QCommandLineOption status(QStringLiteral("status"),
        QStringLiteral("Status code to answer with (default 200)."), QStringLiteral("CODE"), QStringLiteral("200"));
    const QCommandLineOption header(QStringLiteral("header"),
        QStringLiteral("Response header 'Name: value'; repeatable."), QStringLiteral("HEADER"));
    const QCommandLineOption body(
        QStringLiteral("body"), QStringLiteral("Response body text."), QStringLiteral("TEXT"));
    const QCommandLineOption bodyFile(
        QStringLiteral("body-file"), QStringLiteral("Response body from a file."), QStringLiteral("FILE"));
    const QCommandLineOption delay(QStringLiteral("delay"), QStringLiteral("Wait this long before answering."),
        QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption maxBody(QStringLiteral("max-body"),
        QStringLiteral("Largest body accepted (default 26214400 = 25 MiB)."), QStringLiteral("BYTES"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per captured request."));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Print only the listening line."));
    const QCommandLineOption fsync(QStringLiteral("fsync"),
        QStringLiteral("Flush every commit to disk so acknowledged requests survive power loss (slower)."));
    const QCommandLineOption maxCount(
        QStringLiteral("keep-count"), QStringLiteral("Keep at most N unpinned captures."), QStringLiteral("N"));
    const QCommandLineOption maxAge(QStringLiteral("keep-seconds"),
        QStringLiteral("Drop unpinned captures older than this."), QStringLiteral("SECONDS"));
    const QCommandLineOption maxDatabase(QStringLiteral("max-db-bytes"),
        QStringLiteral("Refuse captures (503) once the database file reaches this size."), QStringLiteral("BYTES"));
    const QCommandLineOption maxBytes(QStringLiteral("keep-bytes"),
        QStringLiteral("Keep at most this many bytes of unpinned captures."), QStringLiteral("BYTES"));
    parser.addOptions({ bind, port, status, header, body, bodyFile, delay, maxBody, json, quiet, fsync, maxCount,
        maxAge, maxBytes, maxDatabase });
    parser.addHelpOption();

    if (const std::optional<int> done = parseOptionsOrExit(parser, arguments, command))
        return *done;

    ReceiverOptions options;
    const QString bindText = parser.value(bind);
    if (bindText == QLatin1String("localhost")) {
        options.address = QHostAddress(QHostAddress::LocalHost);
    } else if (!options.address.setAddress(bindText)) {
        return usageError(parser, command,
            QStringLiteral("--bind needs an IP address such as 127.0.0.1, ::1 or 0.0.0.0, not '%1'").arg(bindText));
    }

    qint64 number = 0;
    if (!parseCount(parser.value(port), 0, 65535, &number)) {
        return usageError(
            parser, command, QStringLiteral("--port needs a number from 0 to 65535, not '%1'").arg(parser.value(port)));
    }
    options.port = quint16(number);
    if (!parseCount(parser.value(status), 200, 599, &number)) {
        return usageError(parser, command,
            QStringLiteral("--status needs a final status code from 200 to 599, not '%1'").arg(parser.value(status)));
    }
    options.response.status = int(number);
    if (!parseCount(parser.value(delay), 0, 600'000, &number)) {
        return usageError(parser, command,
            QStringLiteral("--delay needs milliseconds from 0 to 600000, not '%1'").arg(parser.value(delay)));
    }
    options.response.delayMs = int(number);
    if (parser.isSet(maxBody)) {
        if (!parseCount(parser.value(maxBody), 0, qint64(1) << 32, &number)) {
            return usageError(
                parser, command, QStringLiteral("--max-body needs a byte count, not '%1'").arg(parser.value(maxBody)));
        }
        options.limits.maxBodyBytes = number;
    }

    if (parser.isSet(body) && parser.isSet(bodyFile))
        return usageError(parser, command, QStringLiteral("give --body or --body-file, not both"));
    if (parser.isSet(body)) {
        options.response.body = parser.value(body).toUtf8();
        options.response.headers = { { "Content-Type", "text/plain; charset=utf-8" } };
    } else if (parser.isSet(bodyFile)) {
        QFile file(parser.value(bodyFile));
        if (!file.open(QIODevice::ReadOnly)) {
            return usageError(parser, command,
                QStringLiteral("cannot read --body-file %1: %2").arg(file.fileName(), file.errorString()));
        }
        options.response.body = file.readAll();
        options.response.headers = { { "Content-Type", "application/octet-stream" } };
    }
    if (const QString problem = applyResponseHeaders(parser.values(header), options.response.headers);
        !problem.isEmpty())
        return usageError(parser, command, problem);

    StoreOptions storeOptions;
    storeOptions.syncEveryCommit = parser.isSet(fsync);
    const std::array<std::pair<const QCommandLineOption*, qint64*>, 4> retention { {
        { &maxCount, &storeOptions.retention.maxCount },
        { &maxAge, &storeOptions.retention.maxAgeSeconds },
        { &maxBytes, &storeOptions.retention.maxTotalBytes },
        { &maxDatabase, &storeOptions.maxDatabaseBytes },
    } };
    for (const auto& [option, target] : retention) {
        if (parser.isSet(*option)
            && !parseCount(parser.value(*option), 1, std::numeric_limits<qint64>::max(), target)) {
            return usageError(parser, command,
                QStringLiteral("--%1 needs a positive number, not '%2'")
                    .arg(option->names().first(), parser.value(*option)));
        }
    }

    // Installed before anything is announced: a script that stops us on seeing the listening line must get
    // a clean exit, not the default action of the signal.
    platform::TerminationSignals signals;

    const QString dbPath = profileOptions.databasePath(parser);
    CaptureStore store;
    if (!store.open(dbPath, storeOptions))
        return failure(command, store.errorString());
    if (const qint64 size = QFileInfo(dbPath).size();
        storeOptions.maxDatabaseBytes > 0 && size >= storeOptions.maxDatabaseBytes) {
        writeErr(QStringLiteral("hookscope listen: warning: %1 is already %2 bytes, at least the --max-db-bytes limit "
                                "of %3: it will not grow, so captures are refused (503) once the room left in it is "
                                "used\n")
                     .arg(dbPath)
                     .arg(size)
                     .arg(storeOptions.maxDatabaseBytes));
    }

    Receiver receiver(&store);
    EndpointVerifier verifier;
    if (loadEndpoints(profileOptions.profileDirectory(parser), &verifier))
        receiver.setStamp([&verifier](CapturedRequest& capture) { verifier.stamp(capture); });
    if (!receiver.start(options)) {
        return failure(command,
            receiver.errorString()
                + (receiver.addressInUse() ? QStringLiteral("; choose another with --port, or --port 0 for a free one")
                                           : QString()));
    }

    CaptureEcho echo(parser.isSet(json), parser.isSet(quiet));
    QObject::connect(&receiver, &Receiver::captured, &echo, &CaptureEcho::add);
    // Said once per spell of failures; each refused capture's line says NOT STORED, and its sender got a 503.
    QObject::connect(&store, &CaptureStore::writeFailed, &echo, [](const QString& error) {
        const QString next = CaptureStore::isSizeLimitError(error)
            ? QStringLiteral(
                "raise --max-db-bytes, or keep fewer captures with --keep-count, --keep-bytes or --keep-age")
            : QStringLiteral("free space or fix the problem; listening goes on");
        writeErr(QStringLiteral("hookscope listen: cannot store captures in the database: %1. Each is answered 503 "
                                "until storing works again: %2.\n")
                     .arg(error, next));
    });

    announce(receiver, options.address, bindText, parser.isSet(quiet) ? QString() : dbPath);

    QObject::connect(&signals, &platform::TerminationSignals::requested, &receiver, [&] {
        // Stop accepting, commit what was received, answer it, then leave.
        receiver.shutdown(2000);
        store.flush();
    });
    QObject::connect(&receiver, &Receiver::drained, &receiver, [&] {
        store.close();
        QCoreApplication::sendPostedEvents();
        echo.flush();
        if (!parser.isSet(quiet)) {
            writeErr(QStringLiteral("hookscope listen: stopped; %1 request%2 captured%3\n")
                         .arg(echo.count())
                         .arg(echo.count() == 1 ? QString() : QStringLiteral("s"))
                         .arg(echo.unstored() > 0 ? QStringLiteral(", %1 of them not stored").arg(echo.unstored())
                                                  : QString()));
        }
        QCoreApplication::exit(Success);
    });
    const int rc = QCoreApplication::exec();
    echo.flush();
    return rc;
}

} // namespace hookscope::cli
