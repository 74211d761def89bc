// SPDX-License-Identifier: MIT
#include "core/signatures/signaturecrypto.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <memory>

namespace hookscope::signaturecrypto {

namespace {
    struct PkeyFree {
        void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
    };
    struct MdCtxFree {
        void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
    };
    struct BioFree {
        void operator()(BIO* bio) const { BIO_free(bio); }
    };
    using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
    using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
    using Bio = std::unique_ptr<BIO, BioFree>;

    const auto* bytes(QByteArrayView view)
    {
        return reinterpret_cast<const unsigned char*>(view.data());
    }

    // One-shot sign or verify; `digest` is null for Ed25519, which hashes internally.
    std::optional<QByteArray> sign(EVP_PKEY* key, const EVP_MD* digest, QByteArrayView message)
    {
        const MdCtx ctx(EVP_MD_CTX_new());
        size_t size = 0;
        if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, digest, nullptr, key) != 1
            || EVP_DigestSign(ctx.get(), nullptr, &size, bytes(message), size_t(message.size())) != 1)
            return std::nullopt;
        QByteArray out(qsizetype(size), '\0');
        if (EVP_DigestSign(
                ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, bytes(message), size_t(message.size()))
            != 1)
            return std::nullopt;
        out.resize(qsizetype(size));
        return out;
    }

    bool verify(EVP_PKEY* key, const EVP_MD* digest, QByteArrayView message, QByteArrayView signature)
    {
        const MdCtx ctx(EVP_MD_CTX_new());
        return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, digest, nullptr, key) == 1
            && EVP_DigestVerify(
                   ctx.get(), bytes(signature), size_t(signature.size()), bytes(message), size_t(message.size()))
            == 1;
    }

    Pkey ed25519Private(QByteArrayView seed)
    {
        if (seed.size() != 32)
            return nullptr;
        return Pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed), 32));
    }

    bool isP256(EVP_PKEY* key)
    {
        std::array<char, 64> group {};
        size_t length = 0;
        return (EVP_PKEY_is_a(key, "EC") != 0) && EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) == 1
            && (qstrcmp(group.data(), "prime256v1") == 0 || qstrcmp(group.data(), "P-256") == 0);
    }

    // Reads a PEM or base64-DER key. `wantPrivate` false also accepts private keys (their public half verifies).
    Pkey readKey(QByteArrayView text, bool wantPrivate, QString* error)
    {
        const QByteArray trimmed = text.toByteArray().trimmed();
        Pkey key;
        if (trimmed.startsWith("-----BEGIN")) {
            const Bio bio(BIO_new_mem_buf(trimmed.constData(), int(trimmed.size())));
            const bool privatePem = trimmed.contains("PRIVATE KEY-----");
            if (privatePem) {
                key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
            } else if (!wantPrivate) {
                key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
            }
        } else {
            const auto decoded = QByteArray::fromBase64Encoding(trimmed, QByteArray::AbortOnBase64DecodingErrors);
            if (decoded) {
                const QByteArray& der = decoded.decoded;
                const unsigned char* p = bytes(der);
                if (!wantPrivate)
                    key.reset(d2i_PUBKEY(nullptr, &p, long(der.size())));
                if (!key) {
                    p = bytes(der);
                    key.reset(d2i_AutoPrivateKey(nullptr, &p, long(der.size())));
                }
            }
        }
        if (!key) {
            *error = wantPrivate ? QStringLiteral("the key is not a private key in PEM or base64 DER form")
                                 : QStringLiteral("the key is not a public (or private) key in PEM or base64 DER form");
            return nullptr;
        }
        if (!isP256(key.get())) {
            *error = QStringLiteral("the key is not an ECDSA P-256 key");
            return nullptr;
        }
        return key;
    }
} // namespace

QByteArray hmac(QCryptographicHash::Algorithm algorithm, QByteArrayView key, QByteArrayView message)
{
    QMessageAuthenticationCode code(algorithm, key.toByteArray());
    code.addData(message.data(), message.size());
    return code.result();
}

std::optional<QByteArray> ed25519PublicKey(QByteArrayView seed)
{
    const Pkey key = ed25519Private(seed);
    size_t size = 32;
    QByteArray out(32, '\0');
    if (!key || EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(out.data()), &size) != 1)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> ed25519Sign(QByteArrayView seed, QByteArrayView message)
{
    const Pkey key = ed25519Private(seed);
    return key ? sign(key.get(), nullptr, message) : std::nullopt;
}

bool ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    const Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), 32));
    return key && verify(key.get(), nullptr, message, signature);
}

QByteArray randomBytes(qsizetype count)
{
    QByteArray out(count, '\0');
    QRandomGenerator* random = QRandomGenerator::system();
    for (char& c : out)
        c = static_cast<char>(random->bounded(256));
    return out;
}

std::optional<QByteArray> ecdsaP256Sign(QByteArrayView privateKeyText, QByteArrayView message, QString* error)
{
    const Pkey key = readKey(privateKeyText, true, error);
    if (!key)
        return std::nullopt;
    std::optional<QByteArray> signature = sign(key.get(), EVP_sha256(), message);
    if (!signature)
        *error = QStringLiteral("signing failed");
    return signature;
}

std::optional<bool> ecdsaP256Verify(
    QByteArrayView keyText, QByteArrayView message, QByteArrayView derSignature, QString* error)
{
    const Pkey key = readKey(keyText, false, error);
    if (!key)
        return std::nullopt;
    return verify(key.get(), EVP_sha256(), message, derSignature);
}

std::optional<EcdsaKeyPair> ecdsaP256Generate()
{
    const Pkey key(EVP_EC_gen("P-256"));
    if (!key)
        return std::nullopt;
    EcdsaKeyPair pair;
    unsigned char* der = nullptr;
    int size = i2d_PUBKEY(key.get(), &der);
    if (size <= 0)
        return std::nullopt;
    pair.publicKey = QByteArray(reinterpret_cast<const char*>(der), size).toBase64();
    OPENSSL_free(der);
    der = nullptr;
    PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key.get());
    size = info ? i2d_PKCS8_PRIV_KEY_INFO(info, &der) : 0;
    PKCS8_PRIV_KEY_INFO_free(info);
    if (size <= 0)
        return std::nullopt;
    pair.privateKey = QByteArray(reinterpret_cast<const char*>(der), size).toBase64();
    OPENSSL_free(der);
    return pair;
}

} // namespace hookscope::signaturecrypto
