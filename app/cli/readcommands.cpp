// SPDX-License-Identifier: MIT
#include "app/cli/capturetext.h"
#include "app/cli/cliio.h"
#include "app/cli/commands.h"
#include "app/cli/profileoptions.h"
#include "core/storage/capturereader.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>

namespace hookscope::cli {

namespace {
    // A rejected request keeps its first bytes as they came; its head is those up to the blank line, when it got
    // that far.
    QByteArray headOfRejected(const QByteArray& rawPrefix)
    {
        const qsizetype blank = rawPrefix.indexOf("\r\n\r\n");
        return blank >= 0 ? rawPrefix.left(blank + 4) : rawPrefix;
    }

    // What to do about a database that is not there yet.
    QString nextStep(const QString& path)
    {
        return QFileInfo::exists(path) ? QString() : QStringLiteral(" (run 'hookscope listen' to start capturing)");
    }
} // namespace

int runRequests(const QStringList& arguments)
{
    const QString command = QStringLiteral("requests");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List captured requests, newest first."));
    ProfileOptions profileOptions(parser);
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("Show at most N (default 50; 0 = all)."),
        QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption before(
        QStringLiteral("before"), QStringLiteral("Only captures older than this id (paging)."), QStringLiteral("ID"));
    const QCommandLineOption search(QStringLiteral("search"),
        QStringLiteral("Only captures whose method, target, headers or text body contain every word."),
        QStringLiteral("TEXT"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    parser.addOptions({ limit, before, search, json });
    parser.addHelpOption();
    if (const std::optional<int> done = parseOptionsOrExit(parser, arguments, command))
        return *done;

    CaptureListQuery query;
    qint64 number = 0;
    if (!parseCount(parser.value(limit), 0, std::numeric_limits<int>::max(), &number))
        return usageError(parser, command, QStringLiteral("--limit needs a number, not '%1'").arg(parser.value(limit)));
    query.limit = int(number);
    if (parser.isSet(before)) {
        if (!parseCount(parser.value(before), 1, std::numeric_limits<qint64>::max(), &number)) {
            return usageError(
                parser, command, QStringLiteral("--before needs a capture id, not '%1'").arg(parser.value(before)));
        }
        query.beforeId = number;
    }
    query.search = parser.value(search);

    CaptureReader reader;
    QString error;
    if (!reader.open(profileOptions.databasePath(parser), &error))
        return failure(command, error + nextStep(profileOptions.databasePath(parser)));
    const std::optional<QList<CaptureSummary>> rows = reader.list(query, &error);
    if (!rows)
        return failure(command, error);
    QByteArray out;
    for (const CaptureSummary& row : *rows) {
        if (parser.isSet(json)) {
            out += QJsonDocument(summaryJson(row)).toJson(QJsonDocument::Compact) + '\n';
        } else {
            out += summaryLine(row);
        }
    }
    writeOut(out);
    flushOut();
    return Success;
}

int runShow(const QStringList& arguments)
{
    const QString command = QStringLiteral("show");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print one captured request."));
    ProfileOptions profileOptions(parser);
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Everything as one JSON object (binary bodies in base64)."));
    const QCommandLineOption head(
        QStringLiteral("head"), QStringLiteral("The request line and headers exactly as received."));
    const QCommandLineOption body(QStringLiteral("body"), QStringLiteral("Exactly the body bytes, nothing else."));
    parser.addOptions({ json, head, body });
    addCaptureIdArgument(parser);
    parser.addHelpOption();
    if (const std::optional<int> done = parseOrExit(parser, arguments, command))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return usageError(parser, command,
            positional.isEmpty() ? QStringLiteral("which capture? give its ID") : QStringLiteral("give one ID"));
    }
    qint64 id = 0;
    if (QString problem; !parseCaptureId(positional.first(), &id, &problem))
        return usageError(parser, command, problem);
    if (int(parser.isSet(json)) + int(parser.isSet(head)) + int(parser.isSet(body)) > 1)
        return usageError(parser, command, QStringLiteral("choose one of --json, --head, --body"));

    CaptureReader reader;
    QString error;
    if (!reader.open(profileOptions.databasePath(parser), &error))
        return failure(command, error + nextStep(profileOptions.databasePath(parser)));
    const std::optional<CapturedRequest> capture = reader.get(id, &error);
    if (!capture)
        return failure(command, error);
    if (parser.isSet(json)) {
        writeOut(QJsonDocument(captureJson(*capture)).toJson(QJsonDocument::Indented));
    } else if (parser.isSet(head)) {
        writeOut(capture->rejected ? headOfRejected(capture->rawPrefix) : capture->head);
    } else if (parser.isSet(body)) {
        if (capture->rejected) {
            writeErr(QStringLiteral("hookscope show: capture %1 was rejected (%2), so no body was kept; "
                                    "'hookscope show %1' shows the first bytes that arrived\n")
                         .arg(id)
                         .arg(oneLineForTerminal(capture->rejectReason)));
        }
        writeOut(capture->body);
    } else {
        writeOut(captureText(*capture));
    }
    flushOut();
    return Success;
}

} // namespace hookscope::cli
