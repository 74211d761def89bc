// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope {

// The verdict on one request's signature, with what a developer needs to fix a failure.
// A plain value: stored with the capture (as compact JSON), shown in the window and printed by the CLI.
struct VerificationResult {
    enum class Reason {
        None, // valid
        NoSignatureHeader,
        MalformedHeader,
        TimestampOutsideTolerance,
        Mismatch,
        MissingSecret,
        InvalidSecret, // the secret or key cannot be used by this scheme (not base64, not a P-256 key, ...)
        UnknownScheme,
    };
    // Why a signature did not match, when a variation that does match was found.
    enum class Cause {
        None,
        PreviousSecret, // the previous secret matches: the sender has not switched to the new one yet
        SecretNotDecoded, // the sender used the secret text as the key where it should be base64-decoded
        SecretDecoded, // the sender base64-decoded the secret where the text itself is the key
        HexInsteadOfBase64, // the signature is hex where the scheme writes base64
        Base64InsteadOfHex,
        BodyReserialized, // the sender signed another serialization of the same JSON
        TrailingNewlineAdded, // the body gained a trailing newline after it was signed
        TrailingNewlineRemoved, // the body lost a trailing newline after it was signed
        UrlDiffers, // the sender signed another URL (http vs https, port, query)
        WrongSecret, // nothing tried matches: most likely another secret
    };

    bool valid = false;
    Reason reason = Reason::None;
    Cause cause = Cause::None;
    QString scheme; // the scheme used; empty when none could be chosen
    QString detail; // the specifics in words: which header, which URL or serialization matched
    std::optional<qint64> timestamp; // the signed timestamp (Unix seconds), for schemes that have one
    qint64 age = 0; // now - timestamp, in seconds; negative when the timestamp is in the future
    qint64 tolerance = 0;
    qint64 signedLength = 0; // bytes of the exact string that was signed
    QString signedPreview; // that string, readable (control bytes escaped) and shortened in the middle
    QString expected; // the signature computed with the current secret, as the header would carry it
    QStringList received; // the signatures the request carries
    QString url; // the URL that was signed (Twilio, Square, hmac with {url}); empty otherwise

    // How far outside the tolerance the timestamp lies, in seconds (0 when inside).
    qint64 outsideToleranceBy() const;

    // "valid (stripe)" / "invalid (stripe): signature mismatch - the body was re-serialized"
    QString summary() const;
    // Several lines: the reason, the likely cause and what to do, the signed string, expected and received.
    QString explanation() const;

    QJsonObject toJson() const;
    static std::optional<VerificationResult> fromJson(const QJsonObject& object);

    static QString reasonName(Reason reason);
    static std::optional<Reason> reasonFromName(const QString& name);
    static QString causeName(Cause cause);
    static std::optional<Cause> causeFromName(const QString& name);
    // A readable rendering of signed bytes: escapes, and the middle left out past `limit` characters.
    static QString preview(QByteArrayView bytes, qsizetype limit = 240);

    friend bool operator==(const VerificationResult&, const VerificationResult&) = default;
};

} // namespace hookscope
