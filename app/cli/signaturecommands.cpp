// SPDX-License-Identifier: MIT
// `hookscope verify` and `hookscope sign`: the signatures module on the command line.
#include "app/cli/cliio.h"
#include "app/cli/commands.h"
#include "app/cli/endpointcli.h"
#include "app/cli/profileoptions.h"
#include "core/endpoints/endpointverifier.h"
#include "core/http/requestparser.h"
#include "core/signatures/signaturesigner.h"
#include "core/signatures/signatureverifier.h"
#include "core/storage/capturereader.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace hookscope::cli {

namespace {
    // What --endpoint NAME contributes: the endpoint's scheme, its secrets from the keychain, and its public
    // URL and tolerance settings. Nothing, with `exitCode` set, when the endpoint or its secret cannot be had.
    std::optional<EndpointVerifier::Entry> endpointEntry(
        const QString& command, const QString& profileDirectory, const QString& name, bool readSecrets, int* exitCode)
    {
        QString error;
        const std::unique_ptr<EndpointContext> context = openEndpoints(profileDirectory, &error);
        std::optional<Endpoint> endpoint = context ? context->store.find(name, &error) : std::nullopt;
        *exitCode = Failure;
        if (!endpoint) {
            failure(command, error);
            return std::nullopt;
        }
        EndpointVerifier::Entry entry { *endpoint, EndpointVerifier::schemeSpecFor(*endpoint, &error), {} };
        if (!error.isEmpty()) {
            failure(command, QStringLiteral("endpoint %1: %2").arg(name, error));
            return std::nullopt;
        }
        if (!readSecrets)
            return entry;
        const Keychain::Result read
            = EndpointVerifier::readSigningSecrets(*context->secrets, endpoint->name, &entry.secrets);
        if (read.status == Keychain::Status::NotFound) {
            failure(command,
                QStringLiteral("endpoint %1 has no signing secret; set one with 'hookscope secret set %1'")
                    .arg(endpoint->name));
            return std::nullopt;
        }
        if (!read.ok()) {
            failure(command,
                Keychain::explain(read)
                    + QStringLiteral(". Or give the secret directly with --secret-file FILE or --secret-env VAR "
                                     "(--endpoint still supplies the scheme and URL)"));
            return std::nullopt;
        }
        return entry;
    }

    QString schemeList()
    {
        QString text = QStringLiteral("\nSchemes:\n");
        for (const SchemeInfo& info : schemes::all())
            text += QStringLiteral("  %1  %2\n").arg(info.name.leftJustified(17), info.description);
        return text;
    }

    // Where a secret comes from: a file, an environment variable or an endpoint; plus the previous secret.
    class SecretOptions final {
    public:
        explicit SecretOptions(QCommandLineParser& parser, bool signing)
            : m_endpoint(QStringLiteral("endpoint"),
                QStringLiteral("Use the scheme, secrets (from the keychain) and URL settings of this endpoint."),
                QStringLiteral("NAME"))
            , m_file(QStringLiteral("secret-file"),
                  signing
                      ? QStringLiteral("Read the secret (or private key) from FILE; one trailing newline is ignored.")
                      : QStringLiteral("Read the secret (or public key) from FILE; one trailing newline is ignored."),
                  QStringLiteral("FILE"))
            , m_env(QStringLiteral("secret-env"), QStringLiteral("Read the secret from the environment variable VAR."),
                  QStringLiteral("VAR"))
            , m_previousFile(QStringLiteral("previous-secret-file"),
                  signing
                      ? QStringLiteral("Also sign with the previous secret in FILE, where the scheme carries several.")
                      : QStringLiteral("The previous secret, in FILE: tells whether the sender still uses it."),
                  QStringLiteral("FILE"))
            , m_previousEnv(QStringLiteral("previous-secret-env"),
                  QStringLiteral("The previous secret, from the environment variable VAR."), QStringLiteral("VAR"))
        {
            parser.addOptions({ m_endpoint, m_file, m_env, m_previousFile, m_previousEnv });
        }

        static inline const QString kNoSecret
            = QStringLiteral("give the secret with one of --endpoint, --secret-file, --secret-env");

        bool endpoint(const QCommandLineParser& parser) const { return parser.isSet(m_endpoint); }
        // A secret given on the command line (file or variable), which wins over an endpoint's keychain secret.
        bool direct(const QCommandLineParser& parser) const { return parser.isSet(m_file) || parser.isSet(m_env); }
        QString endpointName(const QCommandLineParser& parser) const { return parser.value(m_endpoint); }

        // A problem with how the options are combined; empty when they are fine.
        // `noneAllowed`: the secret may come from the endpoint the capture belongs to.
        QString conflict(const QCommandLineParser& parser, bool noneAllowed = false) const
        {
            const int direct = int(parser.isSet(m_file)) + int(parser.isSet(m_env));
            if (direct > 1 || (direct == 0 && !parser.isSet(m_endpoint) && !noneAllowed))
                return kNoSecret;
            if (parser.isSet(m_previousFile) && parser.isSet(m_previousEnv)) {
                return QStringLiteral(
                    "give the previous secret with --previous-secret-file or --previous-secret-env, not both");
            }
            return {};
        }

        // Reads the secrets; on failure sets `error` (which never contains a secret).
        std::optional<SecretSet> read(const QCommandLineParser& parser, QString* error) const
        {
            SecretSet set;
            const std::optional<QByteArray> current = readOne(parser, m_file, m_env, error);
            if (!current)
                return std::nullopt;
            set.current = *current;
            if (parser.isSet(m_previousFile) || parser.isSet(m_previousEnv)) {
                const std::optional<QByteArray> previous = readOne(parser, m_previousFile, m_previousEnv, error);
                if (!previous)
                    return std::nullopt;
                set.previous = *previous;
            }
            return set;
        }

    private:
        static std::optional<QByteArray> readOne(const QCommandLineParser& parser, const QCommandLineOption& fileOption,
            const QCommandLineOption& envOption, QString* error)
        {
            QByteArray secret;
            if (parser.isSet(fileOption)) {
                QFile file(parser.value(fileOption));
                if (!file.open(QIODevice::ReadOnly)) {
                    *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
                    return std::nullopt;
                }
                secret = file.readAll();
                // Editors end files with a newline; a secret never ends with one.
                if (secret.endsWith("\r\n")) {
                    secret.chop(2);
                } else if (secret.endsWith('\n')) {
                    secret.chop(1);
                }
            } else {
                const QString name = parser.value(envOption);
                secret = qgetenv(name.toLocal8Bit().constData());
                if (secret.isEmpty()) {
                    *error = QStringLiteral("the environment variable %1 is not set or empty").arg(name);
                    return std::nullopt;
                }
            }
            if (secret.isEmpty()) {
                *error = QStringLiteral("the secret file %1 is empty").arg(parser.value(fileOption));
                return std::nullopt;
            }
            return secret;
        }

        QCommandLineOption m_endpoint;
        QCommandLineOption m_file;
        QCommandLineOption m_env;
        QCommandLineOption m_previousFile;
        QCommandLineOption m_previousEnv;
    };

    // --scheme and the generic HMAC scheme's parameters.
    class SchemeOptions final {
    public:
        SchemeOptions(QCommandLineParser& parser, bool allowAuto)
            : m_allowAuto(allowAuto)
            , m_scheme(QStringLiteral("scheme"),
                  allowAuto ? QStringLiteral("The signature scheme, or auto to recognise it by the headers (default).")
                            : QStringLiteral("The signature scheme (see the list below)."),
                  QStringLiteral("NAME"), allowAuto ? QStringLiteral("auto") : QString())
            , m_hmac(QStringLiteral("hmac"),
                  QStringLiteral("hmac parameters in one string: key=value pairs separated by ';' (keys as below)."),
                  QStringLiteral("PARAMS"))
        {
            parser.addOptions({ m_scheme, m_hmac });
            const QList<std::pair<const char*, const char*>> items {
                { "algorithm", "hmac: sha1, sha256 (default) or sha512." },
                { "encoding", "hmac: how the signature is written, hex (default) or base64." },
                { "header", "hmac: the header carrying the signature (default X-Signature)." },
                { "prefix", "hmac: text before the signature in that header, e.g. sha256=." },
                { "template",
                    "hmac: what is signed, over {body} {timestamp} {id} {url} {method} {target} (default {body})." },
                { "timestamp-header", "hmac: the header carrying {timestamp}." },
                { "id-header", "hmac: the header carrying {id}." },
                { "secret-encoding", "hmac: how the secret becomes the key: raw (default), base64 or hex." },
            };
            for (const auto& [key, help] : items) {
                m_params.append({ QString::fromLatin1(key),
                    QCommandLineOption(QStringLiteral("hmac-") + QLatin1String(key), QString::fromLatin1(help),
                        QStringLiteral("VALUE")) });
                parser.addOption(m_params.last().second);
            }
        }

        bool isSet(const QCommandLineParser& parser) const { return parser.isSet(m_scheme); }

        // Nothing for "auto" (when allowed); sets `problem` for a usage error.
        std::optional<SchemeSpec> read(const QCommandLineParser& parser, bool* isAuto, QString* problem) const
        {
            const QString name = parser.value(m_scheme);
            *isAuto = false;
            if (name.isEmpty()) {
                *problem = QStringLiteral("which scheme? give --scheme NAME");
                return std::nullopt;
            }
            const bool hmacOptions = parser.isSet(m_hmac)
                || std::any_of(m_params.begin(), m_params.end(), [&](const auto& p) { return parser.isSet(p.second); });
            if (m_allowAuto && name == QLatin1String("auto")) {
                *isAuto = true;
                if (hmacOptions)
                    *problem = QStringLiteral("--hmac options need --scheme hmac");
                return std::nullopt;
            }
            std::optional<SchemeSpec> spec = SchemeSpec::parse(name, problem);
            if (!spec)
                return std::nullopt;
            if (spec->id != SchemeId::Hmac) {
                if (hmacOptions) {
                    *problem = QStringLiteral("--hmac options need --scheme hmac");
                    return std::nullopt;
                }
                return spec;
            }
            if (parser.isSet(m_hmac)) {
                const std::optional<HmacParameters> params = HmacParameters::parse(parser.value(m_hmac), problem);
                if (!params)
                    return std::nullopt;
                spec->hmac = *params;
            }
            for (const auto& [key, option] : m_params) {
                const QString compactKey = key == QLatin1String("secret-encoding") ? QStringLiteral("secret") : key;
                if (parser.isSet(option) && !spec->hmac.set(compactKey, parser.value(option), problem))
                    return std::nullopt;
            }
            if (const QString inconsistent = spec->hmac.problem(); !inconsistent.isEmpty()) {
                *problem = inconsistent;
                return std::nullopt;
            }
            return spec;
        }

    private:
        bool m_allowAuto;
        QCommandLineOption m_scheme;
        QCommandLineOption m_hmac;
        QList<std::pair<QString, QCommandLineOption>> m_params;
    };

    std::optional<qint64> parseInteger(const QString& text)
    {
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        return ok ? std::optional<qint64>(value) : std::nullopt;
    }

    // --tolerance, --now and --url into `options`; the problem with them, if any.
    QString readJudgement(const QCommandLineParser& parser, const QCommandLineOption& tolerance,
        const QCommandLineOption& now, const QCommandLineOption& url, VerifyOptions* options)
    {
        const std::optional<qint64> toleranceValue = parseInteger(parser.value(tolerance));
        if (!toleranceValue || *toleranceValue < 0)
            return QStringLiteral("--tolerance needs seconds, not '%1'").arg(parser.value(tolerance));
        options->toleranceSeconds = *toleranceValue;
        if (parser.isSet(now)) {
            options->nowUnix = parseInteger(parser.value(now));
            if (!options->nowUnix)
                return QStringLiteral("--now needs Unix seconds, not '%1'").arg(parser.value(now));
        }
        options->url = parser.value(url).toUtf8();
        if (!options->url.isEmpty() && !options->url.startsWith("http://") && !options->url.startsWith("https://"))
            return QStringLiteral("--url needs an http:// or https:// URL");
        return {};
    }

    // Which of an endpoint's settings the command line already decided.
    struct GivenOnCommandLine {
        bool schemeIsAuto = false;
        bool tolerance = false;
        bool secret = false;
    };

    // Fills what the command line left open from endpoint `name`: its scheme, URL, tolerance and (from the
    // keychain) secrets. Returns an exit status; Success when it could.
    int applyEndpointTo(VerifyOptions* options, const QString& command, const QString& profileDirectory,
        const QString& name, GivenOnCommandLine given)
    {
        int exitCode = Failure;
        const auto entry = endpointEntry(command, profileDirectory, name, !given.secret, &exitCode);
        if (!entry)
            return exitCode;
        const VerifyOptions fromEndpoint = entry->options();
        if (given.schemeIsAuto && fromEndpoint.scheme)
            options->scheme = fromEndpoint.scheme;
        if (options->url.isEmpty())
            options->url = fromEndpoint.url;
        if (!given.tolerance)
            options->toleranceSeconds = fromEndpoint.toleranceSeconds;
        if (!given.secret)
            options->secrets = fromEndpoint.secrets;
        return Success;
    }

    // A raw HTTP request as a file: the head may use bare LF line ends (files written by hand); the body
    // is taken exactly.
    std::optional<CapturedRequest> parseRequestFile(const QString& path, QString* error)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        QByteArray bytes = file.readAll();
        if (!bytes.contains("\r\n")) {
            const qsizetype blank = bytes.indexOf("\n\n");
            const qsizetype headEnd = blank < 0 ? bytes.size() : blank + 2;
            QByteArray head = bytes.left(headEnd);
            head.replace('\n', "\r\n");
            bytes = head + bytes.mid(headEnd);
        }
        RequestParser parser { ReceiverLimits {} };
        const qint64 nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        qsizetype pos = 0;
        // The parser pauses after the header section; feeding goes on until the message is complete.
        for (;;) {
            const RequestParser::Step step = parser.feed(bytes.constData() + pos, bytes.size() - pos, nowUs);
            pos += step.consumed;
            if (step.event == RequestParser::Event::MessageComplete) {
                CapturedRequest message = parser.takeMessage();
                // A hand-written file often has a body but no Content-Length: everything after the header
                // section is what the author meant to sign.
                const QByteArray rest = bytes.mid(pos);
                if (message.body.isEmpty() && !message.chunked && !rest.isEmpty()
                    && headers::count(message.headers, "content-length") == 0) {
                    message.body = rest;
                    writeErr(QStringLiteral("hookscope verify: %1 has no Content-Length; the %2 bytes after the "
                                            "header section are taken as the body\n")
                                 .arg(path)
                                 .arg(rest.size()));
                }
                return message;
            }
            if (step.event == RequestParser::Event::Error) {
                *error = QStringLiteral("%1 is not a valid HTTP request: %2").arg(path, parser.errorReason());
                return std::nullopt;
            }
            if (step.event == RequestParser::Event::NeedMore)
                break;
        }
        *error = QStringLiteral("%1 is not a complete HTTP request (is Content-Length right?)").arg(path);
        return std::nullopt;
    }

    std::optional<CapturedRequest> loadCapture(const QString& databasePath, qint64 id, QString* error)
    {
        CaptureReader reader;
        if (!reader.open(databasePath, error))
            return std::nullopt;
        return reader.get(id, error);
    }
} // namespace

int runVerify(const QStringList& arguments)
{
    const QString command = QStringLiteral("verify");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check a captured request's signature and explain a mismatch.\n"
                       "Exit status: 0 valid, 1 invalid (the reason and the forensics are printed), 2 usage error.")
        + schemeList());
    ProfileOptions profileOptions(parser);
    const SchemeOptions schemeOptions(parser, true);
    const SecretOptions secretOptions(parser, false);
    const QCommandLineOption request(QStringLiteral("request"),
        QStringLiteral("Verify the raw HTTP request in FILE instead of a capture."), QStringLiteral("FILE"));
    const QCommandLineOption tolerance(QStringLiteral("tolerance"),
        QStringLiteral("How far the signed timestamp may be from now, either way (default 300; 0 = no check)."),
        QStringLiteral("SECONDS"), QStringLiteral("300"));
    const QCommandLineOption now(QStringLiteral("now"),
        QStringLiteral("Judge timestamps as if it were this time (Unix seconds)."), QStringLiteral("UNIX"));
    const QCommandLineOption url(QStringLiteral("url"),
        QStringLiteral("The public URL the provider signed (Twilio, Square); default http:// + Host + target. "
                       "Without a query string the request's own is added."),
        QStringLiteral("URL"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("The verdict as one JSON object."));
    parser.addOptions({ request, tolerance, now, url, json });
    addCaptureIdArgument(parser);
    parser.addHelpOption();
    if (const std::optional<int> done = parseOrExit(parser, arguments, command))
        return *done;

    const QStringList positional = parser.positionalArguments();
    qint64 id = 0;
    if (parser.isSet(request) == !positional.isEmpty())
        return usageError(parser, command, QStringLiteral("give a capture ID or --request FILE (one of them)"));
    if (positional.size() > 1)
        return usageError(parser, command, QStringLiteral("give one ID"));
    if (QString problem; !positional.isEmpty() && !parseCaptureId(positional.first(), &id, &problem))
        return usageError(parser, command, problem);
    VerifyOptions options;
    bool isAuto = false;
    QString problem;
    options.scheme = schemeOptions.read(parser, &isAuto, &problem);
    if (!problem.isEmpty())
        return usageError(parser, command, problem);
    if (const QString conflict = secretOptions.conflict(parser, !parser.isSet(request)); !conflict.isEmpty())
        return usageError(parser, command, conflict);
    if (const QString wrong = readJudgement(parser, tolerance, now, url, &options); !wrong.isEmpty())
        return usageError(parser, command, wrong);
    // Secrets given directly, then an endpoint named, are checked before the capture is read: usage first.
    if (secretOptions.direct(parser)) {
        const std::optional<SecretSet> secrets = secretOptions.read(parser, &problem);
        if (!secrets)
            return usageError(parser, command, problem);
        options.secrets = *secrets;
    }
    const auto applyEndpoint = [&](const QString& name) {
        return applyEndpointTo(&options, command, profileOptions.profileDirectory(parser), name,
            { isAuto, parser.isSet(tolerance), secretOptions.direct(parser) });
    };
    if (secretOptions.endpoint(parser)) {
        if (const int status = applyEndpoint(secretOptions.endpointName(parser)); status != Success)
            return status;
    }

    std::optional<CapturedRequest> captured;
    if (parser.isSet(request)) {
        captured = parseRequestFile(parser.value(request), &problem);
        if (!captured)
            return failure(command, problem);
    } else {
        captured = loadCapture(profileOptions.databasePath(parser), id, &problem);
        if (!captured) {
            // Without a secret the usage is what is wrong, whatever the capture.
            if (!secretOptions.direct(parser) && !secretOptions.endpoint(parser))
                return usageError(parser, command, SecretOptions::kNoSecret);
            return failure(command, problem);
        }
        // A stored capture is judged as of when it arrived, so re-checking it later does not fail on age.
        if (!parser.isSet(now))
            options.nowUnix = captured->receivedUs / 1'000'000;
    }
    if (!secretOptions.direct(parser) && !secretOptions.endpoint(parser)) {
        // No secret given: the endpoint the capture arrived at knows it.
        if (captured->signature.endpoint.isEmpty()) {
            return usageError(parser, command,
                SecretOptions::kNoSecret + QStringLiteral(" (capture %1 belongs to no endpoint)").arg(id));
        }
        writeErr(QStringLiteral("hookscope verify: with endpoint %1, which capture %2 arrived at\n")
                     .arg(captured->signature.endpoint)
                     .arg(id));
        if (const int status = applyEndpoint(captured->signature.endpoint); status != Success)
            return status;
    }

    const VerificationResult result = SignatureVerifier::verify(*captured, options);
    if (parser.isSet(json)) {
        writeOut(QByteArray(QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact) + '\n'));
    } else {
        writeOut(result.explanation().toUtf8());
    }
    flushOut();
    return result.valid ? Success : Failure;
}

int runSign(const QStringList& arguments)
{
    const QString command = QStringLiteral("sign");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print the signature headers a provider would send with a body, one \"Name: value\" line each.")
        + schemeList());
    ProfileOptions profileOptions(parser);
    const SchemeOptions schemeOptions(parser, false);
    const SecretOptions secretOptions(parser, true);
    const QCommandLineOption bodyFile(QStringLiteral("body-file"),
        QStringLiteral("The body to sign, exactly ('-' reads standard input)."), QStringLiteral("FILE"));
    const QCommandLineOption id(QStringLiteral("id"),
        QStringLiteral("The message id, where the scheme signs one (default: a new msg_... id)."),
        QStringLiteral("ID"));
    const QCommandLineOption timestamp(QStringLiteral("timestamp"),
        QStringLiteral("The signing time in Unix seconds (default: now)."), QStringLiteral("UNIX"));
    const QCommandLineOption url(QStringLiteral("url"),
        QStringLiteral("The URL the request goes to (Twilio, Square, hmac {url})."), QStringLiteral("URL"));
    const QCommandLineOption contentType(QStringLiteral("content-type"),
        QStringLiteral("Twilio: form bodies sign their fields, others add bodySHA256 to the URL (default: guessed)."),
        QStringLiteral("TYPE"));
    parser.addOptions({ bodyFile, id, timestamp, url, contentType });
    parser.addHelpOption();
    if (const std::optional<int> done = parseOptionsOrExit(parser, arguments, command))
        return *done;
    SignOptions options;
    bool isAuto = false;
    QString problem;
    if (const QString conflict = secretOptions.conflict(parser); !conflict.isEmpty())
        return usageError(parser, command, conflict);
    std::optional<EndpointVerifier::Entry> entry;
    if (secretOptions.endpoint(parser)) {
        int exitCode = Failure;
        entry = endpointEntry(command, profileOptions.profileDirectory(parser), secretOptions.endpointName(parser),
            !secretOptions.direct(parser), &exitCode);
        if (!entry)
            return exitCode;
    }
    const bool schemeFromEndpoint = entry && entry->scheme && !schemeOptions.isSet(parser);
    const std::optional<SchemeSpec> scheme
        = schemeFromEndpoint ? entry->scheme : schemeOptions.read(parser, &isAuto, &problem);
    if (!scheme)
        return usageError(parser, command, problem);
    options.scheme = *scheme;
    if (!parser.isSet(bodyFile))
        return usageError(parser, command, QStringLiteral("give the body with --body-file FILE"));
    options.timestamp = QDateTime::currentSecsSinceEpoch();
    if (parser.isSet(timestamp)) {
        const std::optional<qint64> value = parseInteger(parser.value(timestamp));
        if (!value || *value < 0) {
            return usageError(parser, command,
                QStringLiteral("--timestamp needs Unix seconds, not '%1'").arg(parser.value(timestamp)));
        }
        options.timestamp = *value;
    }
    options.id = parser.value(id).toUtf8();
    options.url = parser.value(url).toUtf8();
    options.contentType = parser.value(contentType).toUtf8();
    if (entry) {
        options.secrets = entry->secrets;
        if (options.url.isEmpty())
            options.url = entry->options().url;
        if (options.url.isEmpty())
            options.url = entry->endpoint.url.toUtf8();
    }
    if (secretOptions.direct(parser)) {
        const std::optional<SecretSet> secrets = secretOptions.read(parser, &problem);
        if (!secrets)
            return usageError(parser, command, problem);
        options.secrets = *secrets;
    }

    QFile body;
    bool opened = false;
    if (parser.value(bodyFile) == QLatin1String("-")) {
        opened = body.open(stdin, QIODevice::ReadOnly);
    } else {
        body.setFileName(parser.value(bodyFile));
        opened = body.open(QIODevice::ReadOnly);
    }
    if (!opened)
        return failure(command, QStringLiteral("cannot read %1: %2").arg(parser.value(bodyFile), body.errorString()));
    options.body = body.readAll();

    const SignOutput out = SignatureSigner::sign(options);
    if (!out.ok)
        return usageError(parser, command, out.error);
    QByteArray text;
    for (const HeaderField& field : out.headers)
        text += field.name + ": " + field.value + '\n';
    writeOut(text);
    flushOut();
    if (out.url != options.url)
        writeErr(QStringLiteral("hookscope sign: send it to %1\n").arg(QString::fromUtf8(out.url)));
    return Success;
}

} // namespace hookscope::cli
