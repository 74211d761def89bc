// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace hookscope {

// Describes an in-house HMAC scheme without code: what is signed (a template), with which hash, how the
// result is written and where it goes.
//
// Template placeholders: {body} {timestamp} {id} {url} {method} {target}. {timestamp} and {id} come from
// the headers named by timestampHeader and idHeader (verifying) or from the signing options (signing).
//
// Compact form, for the command line and quick notes: "key=value" pairs separated by ';', a literal ';'
// or '\' in a value written as "\;" or "\\". Keys: algorithm (sha1|sha256|sha512), encoding (hex|base64),
// header, prefix, template, timestamp-header, id-header, secret (raw|base64|hex: how the secret text
// turns into the key). Example: "algorithm=sha512;encoding=base64;header=X-Sig;template={timestamp}.{body};
// timestamp-header=X-Timestamp".
struct HmacParameters {
    enum class Algorithm { Sha1, Sha256, Sha512 };
    enum class Encoding { Hex, Base64 };
    enum class SecretEncoding { Raw, Base64, Hex };

    Algorithm algorithm = Algorithm::Sha256;
    Encoding encoding = Encoding::Hex;
    QByteArray header = QByteArrayLiteral("X-Signature");
    QByteArray prefix; // written before the encoded signature, e.g. "sha256="
    QByteArray signedTemplate = QByteArrayLiteral("{body}");
    QByteArray timestampHeader;
    QByteArray idHeader;
    SecretEncoding secretEncoding = SecretEncoding::Raw;

    QCryptographicHash::Algorithm hashAlgorithm() const;
    // Empty when the parameters are consistent; otherwise what is wrong, in words.
    QString problem() const;

    static std::optional<HmacParameters> parse(const QString& compact, QString* error);
    QString toCompact() const;
    QJsonObject toJson() const;
    static std::optional<HmacParameters> fromJson(const QJsonObject& object, QString* error);
    // Sets one parameter by its compact-form key; false (and `error`) for an unknown key or a bad value.
    bool set(const QString& key, const QString& value, QString* error);

    static QString algorithmName(Algorithm value);
    static QString encodingName(Encoding value);
    static QString secretEncodingName(SecretEncoding value);

    friend bool operator==(const HmacParameters&, const HmacParameters&) = default;
};

} // namespace hookscope
