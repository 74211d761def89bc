// SPDX-License-Identifier: MIT
// hookscope endpoint add | edit | list | show | remove
#include "app/cli/cliio.h"
#include "app/cli/commands.h"
#include "app/cli/endpointcli.h"
#include "app/cli/profileoptions.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>

namespace hookscope::cli {

namespace {

    const char* const kEndpointUsage
        = "Usage: hookscope endpoint add NAME [--url URL] [--path PREFIX] [--scheme SCHEME] [--method M]\n"
          "                              [--header 'Name: value']... [more options: --help]\n"
          "       hookscope endpoint edit NAME [the same options] [--rename NEW]\n"
          "       hookscope endpoint list [--json]\n"
          "       hookscope endpoint show NAME [--json]\n"
          "       hookscope endpoint remove NAME\n"
          "\n"
          "An endpoint is a named webhook configuration: where Hookscope sends (URL, method, headers, auth,\n"
          "timeout, retries, TLS), which received paths belong to it, and its signature scheme. Its secrets\n"
          "live in the OS keychain: see 'hookscope secret --help'. Every action takes --profile DIR.\n";

    // The options add and edit share, and how they change an endpoint.
    class EndpointOptions final {
    public:
        explicit EndpointOptions(QCommandLineParser& parser, bool editing);
        // Applies what was given; on a bad value returns false with the problem.
        bool apply(const QCommandLineParser& parser, Endpoint* e, QString* problem) const;

    private:
        bool applyOutgoing(const QCommandLineParser& parser, Endpoint* e, QString* problem) const;
        bool applyDelivery(const QCommandLineParser& parser, Endpoint* e, QString* problem) const;
        bool applyIncoming(const QCommandLineParser& parser, Endpoint* e, QString* problem) const;

        bool m_editing;
        QCommandLineOption m_url { QStringLiteral("url"), QStringLiteral("Where sending delivers (http or https)."),
            QStringLiteral("URL") };
        QCommandLineOption m_method { QStringLiteral("method"), QStringLiteral("Default method (default POST)."),
            QStringLiteral("M") };
        QCommandLineOption m_header { QStringLiteral("header"),
            QStringLiteral("A header sent with every request; repeat for more. With edit it replaces the fields "
                           "of that name."),
            QStringLiteral("Name: value") };
        QCommandLineOption m_removeHeader { QStringLiteral("remove-header"),
            QStringLiteral("edit: drop every header field of that name."), QStringLiteral("NAME") };
        QCommandLineOption m_auth { QStringLiteral("auth"),
            QStringLiteral("none, basic, bearer or api-key; the password, token or key is set with 'hookscope "
                           "secret set NAME --auth'."),
            QStringLiteral("KIND") };
        QCommandLineOption m_username { QStringLiteral("username"), QStringLiteral("The user name for basic auth."),
            QStringLiteral("USER") };
        QCommandLineOption m_apiKeyHeader { QStringLiteral("api-key-header"),
            QStringLiteral("The header that carries the API key (default X-API-Key)."), QStringLiteral("NAME") };
        QCommandLineOption m_timeout { QStringLiteral("timeout"),
            QStringLiteral("Seconds each attempt may take (default 10)."), QStringLiteral("SECONDS") };
        QCommandLineOption m_retries { QStringLiteral("attempts"),
            QStringLiteral("Attempts per delivery, the first included (default 3)."), QStringLiteral("N") };
        QCommandLineOption m_retryDelay { QStringLiteral("retry-delay"),
            QStringLiteral("Seconds before the first retry, doubled after each (default 1)."),
            QStringLiteral("SECONDS") };
        QCommandLineOption m_caCert { QStringLiteral("ca-cert"),
            QStringLiteral("A PEM CA certificate to trust besides the system's."), QStringLiteral("FILE") };
        QCommandLineOption m_ignoreTls { QStringLiteral("ignore-tls-errors"),
            QStringLiteral("Do not check the server's certificate. Unsafe; shown wherever the endpoint is.") };
        QCommandLineOption m_checkTls { QStringLiteral("check-tls"),
            QStringLiteral("edit: check certificates again (undoes --ignore-tls-errors).") };
        QCommandLineOption m_path { QStringLiteral("path"),
            QStringLiteral("Received requests under this path prefix belong to the endpoint (e.g. /github)."),
            QStringLiteral("PREFIX") };
        QCommandLineOption m_scheme { QStringLiteral("scheme"),
            QStringLiteral("Signature scheme: %1; 'none' to drop it.")
                .arg(signatureSchemeNames().join(QStringLiteral(", "))),
            QStringLiteral("SCHEME") };
        QCommandLineOption m_schemeOption { QStringLiteral("scheme-option"),
            QStringLiteral("A parameter of the scheme, e.g. algorithm=sha512 for hmac; repeat for more."),
            QStringLiteral("KEY=VALUE") };
    };

    EndpointOptions::EndpointOptions(QCommandLineParser& parser, bool editing)
        : m_editing(editing)
    {
        parser.addOptions({ m_url, m_method, m_header, m_auth, m_username, m_apiKeyHeader, m_timeout, m_retries,
            m_retryDelay, m_caCert, m_ignoreTls, m_path, m_scheme, m_schemeOption });
        if (editing)
            parser.addOptions({ m_removeHeader, m_checkTls });
    }

    bool EndpointOptions::apply(const QCommandLineParser& parser, Endpoint* e, QString* problem) const
    {
        return applyOutgoing(parser, e, problem) && applyDelivery(parser, e, problem)
            && applyIncoming(parser, e, problem);
    }

    bool EndpointOptions::applyOutgoing(const QCommandLineParser& parser, Endpoint* e, QString* problem) const
    {
        if (parser.isSet(m_url)) {
            if (!Endpoint::isValidUrl(parser.value(m_url))) {
                *problem = QStringLiteral("--url needs an http:// or https:// URL with a host, not '%1'")
                               .arg(parser.value(m_url));
                return false;
            }
            e->url = parser.value(m_url);
        }
        if (parser.isSet(m_method)) {
            const QByteArray method = parser.value(m_method).toLatin1();
            if (!headers::isToken(method)) {
                *problem = QStringLiteral("--method needs an HTTP method such as POST, not '%1'")
                               .arg(parser.value(m_method));
                return false;
            }
            e->method = method;
        }
        HeaderList given;
        for (const QString& line : parser.values(m_header)) {
            HeaderField field;
            if (!headers::parseLine(line, &field)) {
                *problem = QStringLiteral("--header needs 'Name: value' with a valid field name, not '%1'").arg(line);
                return false;
            }
            given.append(field);
        }
        QList<QByteArray> dropped;
        if (m_editing) {
            for (const QString& name : parser.values(m_removeHeader))
                dropped << name.toLatin1();
            for (const HeaderField& field : std::as_const(given))
                dropped << field.name;
        }
        e->headers.removeIf([&dropped](const HeaderField& field) {
            return std::any_of(dropped.cbegin(), dropped.cend(),
                [&field](const QByteArray& name) { return name.compare(field.name, Qt::CaseInsensitive) == 0; });
        });
        e->headers += given;
        return true;
    }

    bool EndpointOptions::applyDelivery(const QCommandLineParser& parser, Endpoint* e, QString* problem) const
    {
        if (parser.isSet(m_auth) && !parseAuthKind(parser.value(m_auth), &e->auth.kind)) {
            *problem
                = QStringLiteral("--auth takes none, basic, bearer or api-key, not '%1'").arg(parser.value(m_auth));
            return false;
        }
        if (parser.isSet(m_username))
            e->auth.username = parser.value(m_username);
        if (parser.isSet(m_apiKeyHeader)) {
            const QByteArray name = parser.value(m_apiKeyHeader).toLatin1();
            if (!headers::isToken(name)) {
                *problem = QStringLiteral("--api-key-header needs a header name, not '%1'")
                               .arg(parser.value(m_apiKeyHeader));
                return false;
            }
            e->auth.apiKeyHeader = name;
        }
        qint64 number = 0;
        if (parser.isSet(m_timeout)) {
            if (!parseCount(parser.value(m_timeout), 1, 3600, &number)) {
                *problem = QStringLiteral("--timeout needs whole seconds from 1 to 3600, not '%1'")
                               .arg(parser.value(m_timeout));
                return false;
            }
            e->timeoutMs = int(number * 1000);
        }
        if (parser.isSet(m_retries)) {
            if (!parseCount(parser.value(m_retries), 1, 100, &number)) {
                *problem
                    = QStringLiteral("--attempts needs a number from 1 to 100, not '%1'").arg(parser.value(m_retries));
                return false;
            }
            e->retry.maxAttempts = int(number);
        }
        if (parser.isSet(m_retryDelay)) {
            if (!parseCount(parser.value(m_retryDelay), 0, 3600, &number)) {
                *problem = QStringLiteral("--retry-delay needs whole seconds from 0 to 3600, not '%1'")
                               .arg(parser.value(m_retryDelay));
                return false;
            }
            e->retry.initialDelayMs = int(number * 1000);
        }
        if (parser.isSet(m_caCert)) {
            const QFileInfo file(parser.value(m_caCert));
            if (!parser.value(m_caCert).isEmpty() && !file.isReadable()) {
                *problem = QStringLiteral("--ca-cert: cannot read %1").arg(parser.value(m_caCert));
                return false;
            }
            e->caCertificateFile = parser.value(m_caCert).isEmpty() ? QString() : file.absoluteFilePath();
        }
        if (parser.isSet(m_ignoreTls))
            e->ignoreTlsErrors = true;
        if (m_editing && parser.isSet(m_checkTls))
            e->ignoreTlsErrors = false;
        return true;
    }

    bool EndpointOptions::applyIncoming(const QCommandLineParser& parser, Endpoint* e, QString* problem) const
    {
        if (parser.isSet(m_path)) {
            const QString prefix = parser.value(m_path);
            if (!Endpoint::isValidPathPrefix(prefix)) {
                *problem
                    = QStringLiteral("--path needs a path starting with '/', such as /github, not '%1'").arg(prefix);
                return false;
            }
            e->pathPrefix = prefix;
        }
        if (parser.isSet(m_scheme)) {
            const QString scheme = parser.value(m_scheme);
            if (scheme == QLatin1String("none") || scheme.isEmpty()) {
                e->scheme.clear();
                e->schemeParameters = {};
            } else if (!signatureSchemeNames().contains(scheme)) {
                *problem = QStringLiteral("unknown scheme '%1'; choose one of %2")
                               .arg(scheme, signatureSchemeNames().join(QStringLiteral(", ")));
                return false;
            } else {
                if (scheme != e->scheme)
                    e->schemeParameters = {};
                e->scheme = scheme;
            }
        }
        const QStringList pairs = parser.values(m_schemeOption);
        const auto bad = std::find_if(
            pairs.cbegin(), pairs.cend(), [](const QString& pair) { return pair.indexOf(QLatin1Char('=')) <= 0; });
        if (bad != pairs.cend()) {
            *problem = QStringLiteral("--scheme-option needs KEY=VALUE, not '%1'").arg(*bad);
            return false;
        }
        for (const QString& pair : pairs) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            e->schemeParameters.insert(pair.left(eq), pair.mid(eq + 1));
        }
        return true;
    }

    struct Action {
        QCommandLineParser parser;
        std::unique_ptr<ProfileOptions> profile;
        QString command;
    };

    // Sets up the parser of an action and parses; returns an exit status when the command ends here.
    enum class Arguments { Some, None };
    std::optional<int> prepare(
        Action& a, const QStringList& arguments, const QString& description, Arguments taken = Arguments::Some)
    {
        a.parser.setApplicationDescription(description);
        a.profile = std::make_unique<ProfileOptions>(a.parser, ProfileOptions::Database::NotOffered);
        a.parser.addHelpOption();
        return taken == Arguments::None ? parseOptionsOrExit(a.parser, arguments, a.command)
                                        : parseOrExit(a.parser, arguments, a.command);
    }

    // The single NAME an action takes.
    std::optional<int> takeName(const Action& a, QString* name)
    {
        const QStringList positional = a.parser.positionalArguments();
        if (positional.isEmpty())
            return usageError(a.parser, a.command, QStringLiteral("which endpoint? Give its NAME"));
        if (positional.size() > 1)
            return usageError(a.parser, a.command, QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
        *name = positional.first();
        return std::nullopt;
    }

    // The endpoint an action names, with the profile's stores opened; nothing (and `exitCode`) when the name is
    // missing or unknown.
    struct Named {
        std::unique_ptr<EndpointContext> context;
        Endpoint endpoint;
    };
    std::optional<Named> openNamed(const Action& a, int* exitCode)
    {
        QString name;
        if (auto done = takeName(a, &name)) {
            *exitCode = *done;
            return std::nullopt;
        }
        QString error;
        Named named;
        named.context = openEndpoints(a.profile->profileDirectory(a.parser), &error);
        std::optional<Endpoint> found = named.context ? named.context->store.find(name, &error) : std::nullopt;
        if (!found) {
            *exitCode = failure(a.command, error);
            return std::nullopt;
        }
        named.endpoint = *found;
        return named;
    }

    int runAdd(Action& a, const QStringList& arguments)
    {
        EndpointOptions options(a.parser, false);
        a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The endpoint's name."));
        if (auto done = prepare(a, arguments, QStringLiteral("Add a named webhook endpoint.")))
            return *done;
        Endpoint e;
        if (auto done = takeName(a, &e.name))
            return *done;
        QString problem;
        if (!Endpoint::isValidName(e.name, &problem) || !options.apply(a.parser, &e, &problem))
            return usageError(a.parser, a.command, problem);
        QString error;
        auto context = openEndpoints(a.profile->profileDirectory(a.parser), &error);
        if (!context || !context->store.add(e, &error))
            return failure(a.command, error);
        writeErr(QStringLiteral("added endpoint %1%2\n")
                     .arg(e.name,
                         e.scheme.isEmpty() ? QString()
                                            : QStringLiteral("; set its secret with 'hookscope secret set %1' or "
                                                             "'hookscope secret generate %1'")
                                                  .arg(e.name)));
        return Success;
    }

    int runEdit(Action& a, const QStringList& arguments)
    {
        EndpointOptions options(a.parser, true);
        const QCommandLineOption rename(
            QStringLiteral("rename"), QStringLiteral("A new name; the secrets move with it."), QStringLiteral("NEW"));
        a.parser.addOption(rename);
        a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The endpoint to change."));
        if (auto done = prepare(a, arguments, QStringLiteral("Change a webhook endpoint; unnamed settings stay.")))
            return *done;
        int exitCode = Failure;
        std::optional<Named> named = openNamed(a, &exitCode);
        if (!named)
            return exitCode;
        EndpointContext* context = named->context.get();
        Endpoint* e = &named->endpoint;
        QString error;
        const QString oldName = e->name;
        QString problem;
        if (!options.apply(a.parser, e, &problem))
            return usageError(a.parser, a.command, problem);
        if (a.parser.isSet(rename)) {
            e->name = a.parser.value(rename);
            if (!Endpoint::isValidName(e->name, &problem))
                return usageError(a.parser, a.command, problem);
        }
        const bool renaming = e->name != oldName;
        if (renaming) {
            // Secrets first: if the keychain is unreachable nothing changes, and no entry is orphaned.
            if (const auto moved = context->secrets->rename(oldName, e->name); !moved.ok()) {
                return failure(a.command,
                    QStringLiteral("cannot move the secrets of %1: %2; nothing was changed")
                        .arg(oldName, Keychain::explain(moved)));
            }
        }
        if (!context->store.update(*e, &error)) {
            if (renaming)
                context->secrets->rename(e->name, oldName);
            return failure(a.command, error);
        }
        writeErr(renaming ? QStringLiteral("renamed endpoint %1 to %2\n").arg(oldName, e->name)
                          : QStringLiteral("updated endpoint %1\n").arg(e->name));
        return Success;
    }

    int runList(Action& a, const QStringList& arguments)
    {
        const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
        a.parser.addOption(json);
        if (auto done = prepare(a, arguments, QStringLiteral("List the profile's endpoints."), Arguments::None))
            return *done;
        QString error;
        auto context = openEndpoints(a.profile->profileDirectory(a.parser), &error);
        if (!context)
            return failure(a.command, error);
        const QList<Endpoint> endpoints = context->store.list(&error);
        if (!error.isEmpty())
            return failure(a.command, error);
        QByteArray out;
        for (const Endpoint& e : endpoints) {
            if (a.parser.isSet(json)) {
                // Listing does not ask the keychain: it may prompt, and a list should never block.
                out += QJsonDocument(endpointJson(e, SecretPresence {})).toJson(QJsonDocument::Compact) + '\n';
                continue;
            }
            out += QStringLiteral("%1  %2  %3  %4\n")
                       .arg(e.name.leftJustified(20),
                           (e.pathPrefix.isEmpty() ? QStringLiteral("-") : e.pathPrefix).leftJustified(16),
                           (e.scheme.isEmpty() ? QStringLiteral("-") : e.scheme).leftJustified(16),
                           e.url.isEmpty() ? QStringLiteral("-") : e.url)
                       .toUtf8();
        }
        if (!a.parser.isSet(json) && !endpoints.isEmpty()) {
            out.prepend(QStringLiteral("%1  %2  %3  %4\n")
                            .arg(QStringLiteral("NAME").leftJustified(20), QStringLiteral("PATH").leftJustified(16),
                                QStringLiteral("SCHEME").leftJustified(16), QStringLiteral("URL"))
                            .toUtf8());
        }
        if (endpoints.isEmpty() && !a.parser.isSet(json)) {
            writeErr(
                QStringLiteral("no endpoints yet; add one with 'hookscope endpoint add NAME --path /PREFIX --scheme "
                               "SCHEME' to check what arrives, or '--url URL' to send to it\n"));
        }
        writeOut(out);
        flushOut();
        return Success;
    }

    int runShowEndpoint(Action& a, const QStringList& arguments)
    {
        const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
        a.parser.addOption(json);
        a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The endpoint to show."));
        if (auto done = prepare(a, arguments, QStringLiteral("Show an endpoint's settings (never its secrets).")))
            return *done;
        int exitCode = Failure;
        const std::optional<Named> named = openNamed(a, &exitCode);
        if (!named)
            return exitCode;
        const Endpoint& e = named->endpoint;
        const SecretPresence presence = secretPresence(*named->context->secrets, e.name);
        if (a.parser.isSet(json)) {
            writeOut(QByteArray(QJsonDocument(endpointJson(e, presence)).toJson(QJsonDocument::Compact) + '\n'));
        } else {
            writeOut(endpointText(e, presence).toUtf8());
        }
        flushOut();
        return Success;
    }

    int runRemove(Action& a, const QStringList& arguments)
    {
        const QCommandLineOption force(QStringLiteral("force"),
            QStringLiteral("Remove the settings even when the keychain is unreachable (its entries then stay)."));
        a.parser.addOption(force);
        a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The endpoint to remove."));
        if (auto done = prepare(a, arguments, QStringLiteral("Remove an endpoint and its keychain entries.")))
            return *done;
        int exitCode = Failure;
        const std::optional<Named> named = openNamed(a, &exitCode);
        if (!named)
            return exitCode;
        const Endpoint* e = &named->endpoint;
        EndpointContext* context = named->context.get();
        QString error;
        if (const auto removed = context->secrets->removeAll(e->name); !removed.ok()) {
            if (!a.parser.isSet(force)) {
                return failure(a.command,
                    QStringLiteral("cannot remove the secrets of %1: %2. The endpoint was kept so nothing is left "
                                   "behind; use --force to remove it anyway")
                        .arg(e->name, Keychain::explain(removed)));
            }
            writeErr(QStringLiteral("warning: the keychain entries of %1 could not be removed: %2\n")
                         .arg(e->name, Keychain::explain(removed)));
        }
        if (!context->store.remove(e->name, &error))
            return failure(a.command, error);
        writeErr(QStringLiteral("removed endpoint %1\n").arg(e->name));
        return Success;
    }

} // namespace

int runEndpoint(const QStringList& arguments)
{
    QStringList rest = arguments;
    const QString action = takeAction(rest, { QStringLiteral("--profile") });
    Action a;
    a.command = QStringLiteral("endpoint ") + action;
    if (action == QLatin1String("add"))
        return runAdd(a, rest);
    if (action == QLatin1String("edit"))
        return runEdit(a, rest);
    if (action == QLatin1String("list"))
        return runList(a, rest);
    if (action == QLatin1String("show"))
        return runShowEndpoint(a, rest);
    if (action == QLatin1String("remove"))
        return runRemove(a, rest);
    if (action.isEmpty() && (rest.contains(QStringLiteral("--help")) || rest.contains(QStringLiteral("-h")))) {
        writeOut(kEndpointUsage);
        return Success;
    }
    writeErr(action.isEmpty() ? QStringLiteral("hookscope endpoint: which action?\n")
                              : QStringLiteral("hookscope endpoint: unknown action '%1'\n").arg(action));
    writeErr(QString::fromLatin1(kEndpointUsage));
    return UsageError;
}

} // namespace hookscope::cli
