// SPDX-License-Identifier: MIT
// hookscope secret set | generate | clear | rotate
#include "app/cli/cliio.h"
#include "app/cli/commands.h"
#include "app/cli/endpointcli.h"
#include "app/cli/profileoptions.h"
#include "core/platform/terminalecho.h"
#include "core/secrets/secretgenerator.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>

namespace hookscope::cli {

namespace {

    const char* const kSecretUsage
        = "Usage: hookscope secret set NAME [--previous | --auth]       read the secret from standard input\n"
          "       hookscope secret generate NAME [--format whsec|hex]  store a new one and print it once\n"
          "       hookscope secret clear NAME [--previous | --auth]\n"
          "       hookscope secret rotate NAME [--generate [--format whsec|hex]]\n"
          "\n"
          "Secrets live only in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager),\n"
          "never in files or on the command line. Every action takes --profile DIR.\n";

    struct SecretAction {
        QString command;
        QCommandLineParser parser;
        std::unique_ptr<ProfileOptions> profile;
        std::unique_ptr<EndpointContext> context;
        Endpoint endpoint;
    };

    // Parses, opens the profile and finds the endpoint; returns an exit status when the command ends here.
    std::optional<int> prepare(SecretAction& a, const QStringList& arguments, const QString& description)
    {
        a.parser.setApplicationDescription(description);
        a.profile = std::make_unique<ProfileOptions>(a.parser, ProfileOptions::Database::NotOffered);
        a.parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The endpoint."));
        a.parser.addHelpOption();
        if (auto done = parseOrExit(a.parser, arguments, a.command))
            return done;
        const QStringList positional = a.parser.positionalArguments();
        if (positional.isEmpty())
            return usageError(a.parser, a.command, QStringLiteral("which endpoint? Give its NAME"));
        if (positional.size() > 1) {
            return usageError(a.parser, a.command,
                QStringLiteral("unexpected argument '%1' (secrets are read from standard input, never taken as "
                               "arguments)")
                    .arg(positional.at(1)));
        }
        QString error;
        a.context = openEndpoints(a.profile->profileDirectory(a.parser), &error);
        if (!a.context)
            return failure(a.command, error);
        std::optional<Endpoint> found = a.context->store.find(positional.first(), &error);
        if (!found)
            return failure(a.command, error);
        a.endpoint = *found;
        return std::nullopt;
    }

    // --previous and --auth pick the field; both at once is a usage error.
    std::optional<int> chooseField(
        SecretAction& a, const QCommandLineOption& previous, const QCommandLineOption& auth, SecretField* field)
    {
        if (a.parser.isSet(previous) && a.parser.isSet(auth))
            return usageError(a.parser, a.command, QStringLiteral("choose --previous or --auth, not both"));
        *field = a.parser.isSet(previous) ? SecretField::PreviousSigningSecret
            : a.parser.isSet(auth)        ? SecretField::AuthSecret
                                          : SecretField::SigningSecret;
        return std::nullopt;
    }

    QString fieldLabel(SecretField field)
    {
        switch (field) {
        case SecretField::SigningSecret: return QStringLiteral("signing secret");
        case SecretField::PreviousSigningSecret: return QStringLiteral("previous signing secret");
        case SecretField::AuthSecret: return QStringLiteral("auth secret");
        }
        return {};
    }

    // The secret from standard input: typed without echo on a terminal (one line), or everything piped in.
    // One trailing line break is not part of it.
    QByteArray readSecret(const QString& prompt)
    {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return {};
        QByteArray secret;
        if (platform::TerminalEchoOff::stdinIsTerminal()) {
            writeErr(prompt);
            const platform::TerminalEchoOff noEcho;
            secret = in.readLine();
            writeErr(QStringLiteral("\n"));
        } else {
            secret = in.readAll();
        }
        if (secret.endsWith('\n'))
            secret.chop(1);
        if (secret.endsWith('\r'))
            secret.chop(1);
        return secret;
    }

    std::optional<int> readFormat(const SecretAction& a, const QCommandLineOption& format, SecretFormat* out)
    {
        if (parseSecretFormat(a.parser.value(format), out))
            return std::nullopt;
        return usageError(
            a.parser, a.command, QStringLiteral("--format takes whsec or hex, not '%1'").arg(a.parser.value(format)));
    }

    int keychainFailure(const SecretAction& a, const Keychain::Result& result)
    {
        return failure(a.command, Keychain::explain(result));
    }

    int runSet(SecretAction& a, const QStringList& arguments)
    {
        const QCommandLineOption previous(
            QStringLiteral("previous"), QStringLiteral("Set the previous signing secret (still accepted)."));
        const QCommandLineOption auth(
            QStringLiteral("auth"), QStringLiteral("Set the Basic password, Bearer token or API key."));
        a.parser.addOptions({ previous, auth });
        if (auto done = prepare(a, arguments,
                QStringLiteral("Store an endpoint's secret in the keychain, read from standard input (typed "
                               "without echo on a terminal; one trailing newline is dropped).")))
            return *done;
        SecretField field = SecretField::SigningSecret;
        if (auto done = chooseField(a, previous, auth, &field))
            return *done;
        const QByteArray secret
            = readSecret(QStringLiteral("%1 for %2 (not shown): ").arg(fieldLabel(field), a.endpoint.name));
        if (secret.isEmpty()) {
            return failure(a.command,
                QStringLiteral("no secret on standard input; pipe it in (e.g. from a file) or type it when asked"));
        }
        if (const auto stored = a.context->secrets->set(a.endpoint.name, field, secret); !stored.ok())
            return keychainFailure(a, stored);
        writeErr(QStringLiteral("stored the %1 of %2 in the keychain\n").arg(fieldLabel(field), a.endpoint.name));
        return Success;
    }

    int runGenerate(SecretAction& a, const QStringList& arguments)
    {
        const QCommandLineOption format(QStringLiteral("format"),
            QStringLiteral("whsec (Standard Webhooks: whsec_ + base64 of 32 random bytes; default) or hex."),
            QStringLiteral("FORMAT"), QStringLiteral("whsec"));
        a.parser.addOption(format);
        if (auto done = prepare(
                a, arguments, QStringLiteral("Generate a signing secret, store it in the keychain and print it once.")))
            return *done;
        SecretFormat chosen = SecretFormat::StandardWebhooks;
        if (auto done = readFormat(a, format, &chosen))
            return *done;
        const QByteArray secret = generateSecret(chosen);
        // A secret already set is not thrown away: it becomes the previous one, still accepted.
        const Keychain::Result existing = a.context->secrets->get(a.endpoint.name, SecretField::SigningSecret);
        if (!existing.ok() && existing.status != Keychain::Status::NotFound)
            return keychainFailure(a, existing);
        const auto stored = existing.ok()
            ? a.context->secrets->rotate(a.endpoint.name, secret)
            : a.context->secrets->set(a.endpoint.name, SecretField::SigningSecret, secret);
        if (!stored.ok())
            return keychainFailure(a, stored);
        writeOut(QByteArray(secret + '\n'));
        flushOut();
        writeErr(QStringLiteral("stored as the signing secret of %1; this is the only time it is shown: paste it "
                                "into your application now\n")
                     .arg(a.endpoint.name));
        if (existing.ok()) {
            writeErr(QStringLiteral("the secret it replaces is kept as the previous secret (still accepted) until "
                                    "'hookscope secret clear %1 --previous'\n")
                         .arg(a.endpoint.name));
        }
        return Success;
    }

    int runClear(SecretAction& a, const QStringList& arguments)
    {
        const QCommandLineOption previous(
            QStringLiteral("previous"), QStringLiteral("Clear the previous signing secret (ends a rotation)."));
        const QCommandLineOption auth(
            QStringLiteral("auth"), QStringLiteral("Clear the Basic password, Bearer token or API key."));
        a.parser.addOptions({ previous, auth });
        if (auto done = prepare(a, arguments, QStringLiteral("Remove an endpoint's secret from the keychain.")))
            return *done;
        SecretField field = SecretField::SigningSecret;
        if (auto done = chooseField(a, previous, auth, &field))
            return *done;
        if (const auto cleared = a.context->secrets->clear(a.endpoint.name, field); !cleared.ok())
            return keychainFailure(a, cleared);
        writeErr(QStringLiteral("cleared the %1 of %2\n").arg(fieldLabel(field), a.endpoint.name));
        return Success;
    }

    int runRotate(SecretAction& a, const QStringList& arguments)
    {
        const QCommandLineOption generate(
            QStringLiteral("generate"), QStringLiteral("Generate the new secret and print it once."));
        const QCommandLineOption format(QStringLiteral("format"),
            QStringLiteral("With --generate: whsec (default) or hex."), QStringLiteral("FORMAT"),
            QStringLiteral("whsec"));
        a.parser.addOptions({ generate, format });
        if (auto done = prepare(a, arguments,
                QStringLiteral("Make the current signing secret the previous one and set a new one (read from "
                               "standard input, or generated).")))
            return *done;
        SecretFormat chosen = SecretFormat::StandardWebhooks;
        if (auto done = readFormat(a, format, &chosen))
            return *done;
        const QByteArray secret = a.parser.isSet(generate)
            ? generateSecret(chosen)
            : readSecret(QStringLiteral("new signing secret for %1 (not shown): ").arg(a.endpoint.name));
        if (secret.isEmpty())
            return failure(a.command, QStringLiteral("no new secret on standard input (or use --generate)"));
        if (const auto rotated = a.context->secrets->rotate(a.endpoint.name, secret); !rotated.ok())
            return keychainFailure(a, rotated);
        if (a.parser.isSet(generate)) {
            writeOut(QByteArray(secret + '\n'));
            flushOut();
        }
        writeErr(QStringLiteral("rotated the signing secret of %1: the old one stays accepted as the previous "
                                "secret until 'hookscope secret clear %1 --previous'\n")
                     .arg(a.endpoint.name));
        return Success;
    }

} // namespace

int runSecret(const QStringList& arguments)
{
    QStringList rest = arguments;
    const QString action = takeAction(rest, { QStringLiteral("--profile"), QStringLiteral("--format") });
    SecretAction a;
    a.command = QStringLiteral("secret ") + action;
    if (action == QLatin1String("set"))
        return runSet(a, rest);
    if (action == QLatin1String("generate"))
        return runGenerate(a, rest);
    if (action == QLatin1String("clear"))
        return runClear(a, rest);
    if (action == QLatin1String("rotate"))
        return runRotate(a, rest);
    if (action.isEmpty() && (rest.contains(QStringLiteral("--help")) || rest.contains(QStringLiteral("-h")))) {
        writeOut(kSecretUsage);
        return Success;
    }
    writeErr(action.isEmpty() ? QStringLiteral("hookscope secret: which action?\n")
                              : QStringLiteral("hookscope secret: unknown action '%1'\n").arg(action));
    writeErr(QString::fromLatin1(kSecretUsage));
    return UsageError;
}

} // namespace hookscope::cli
