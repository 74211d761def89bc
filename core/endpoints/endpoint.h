// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hookscope {

// How Hookscope authenticates when it sends to an endpoint. The password, token or key itself is a secret
// (SecretField::AuthSecret) and lives in the keychain, never here.
struct EndpointAuth {
    enum class Kind { None, Basic, Bearer, ApiKey };
    Kind kind = Kind::None;
    QString username; // Basic
    QByteArray apiKeyHeader = "X-API-Key"; // ApiKey: the header that carries the key
};

struct RetryPolicy {
    int maxAttempts = 3; // including the first
    int initialDelayMs = 1000; // doubled after each failed attempt
    int maxDelayMs = 60'000;
};

// A named webhook configuration, used both ways: where Hookscope sends (url, method, headers, auth, timeouts,
// retries, TLS) and which of the receiver's requests belong to it (path prefix), with the signature scheme
// that signs and verifies them. A plain value; secrets are referenced by SecretField, never held.
struct Endpoint {
    qint64 id = 0; // assigned by the EndpointStore
    QString name;

    QString url;
    QByteArray method = "POST";
    HeaderList headers;
    EndpointAuth auth;
    int timeoutMs = 10'000; // per attempt
    RetryPolicy retry;
    QString caCertificateFile; // trusted in addition to the system's CAs
    bool ignoreTlsErrors = false; // an explicit, visibly flagged choice

    QString pathPrefix; // e.g. "/github"; empty: receives nothing
    QString scheme; // a signature scheme name, e.g. "github"; empty: none
    QJsonObject schemeParameters; // what the scheme needs besides the secret (e.g. the generic HMAC's shape)

    // Names are typed on command lines and shown in keychain managers: letters, digits, '.', '_' and '-',
    // starting with a letter or digit, at most 64 characters.
    static bool isValidName(const QString& name, QString* problem);
    static bool isValidUrl(const QString& url); // empty, or http(s) with a host
    static bool isValidPathPrefix(const QString& prefix); // empty, or starts with '/' and has no query
    // All fields at once, for editors; false with the first problem.
    bool validate(QString* problem) const;

    // "/github" owns "/github", "/github/…" and "/github?…", not "/githubber".
    bool ownsPath(QByteArrayView path) const;
};

// The secrets an endpoint can have. Each lives in the keychain under a key made of the profile, the endpoint's
// name and the field.
enum class SecretField {
    SigningSecret, // signs outgoing and verifies incoming requests
    PreviousSigningSecret, // still accepted while a rotation is under way
    AuthSecret, // the Basic password, Bearer token or API key
};

QString authKindName(EndpointAuth::Kind kind);
// {"maxAttempts", "initialDelayMs", "maxDelayMs"}: the settings file and the command line's --json agree.
QJsonObject retryJson(const RetryPolicy& retry);
// The signature scheme names an endpoint may name (core/signatures knows them).
const QStringList& signatureSchemeNames();
bool parseAuthKind(const QString& text, EndpointAuth::Kind* out);

} // namespace hookscope
