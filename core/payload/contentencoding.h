// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace hookscope {

// A body with its Content-Encoding undone, for display. The stored bytes are never changed.
struct DecodedContent {
    enum class Status {
        Identity, // no Content-Encoding (or "identity"): `bytes` is the body itself
        Decoded, // every coding undone
        Unsupported, // a coding we cannot undo (br, zstd, ...): `bytes` is the body itself
        Corrupt, // the data is not valid for its coding: `bytes` holds what could be decoded before the error
        TooLarge, // the decoded size passed the limit: `bytes` holds the first `limit` bytes
    };

    Status status = Status::Identity;
    QByteArray bytes;
    QByteArray encoding; // the Content-Encoding value, lower case, e.g. "gzip"
    QString error; // for Unsupported, Corrupt and TooLarge

    bool applies() const { return status != Status::Identity; }
};

// Undoes `Content-Encoding: gzip`, `x-gzip` and `deflate` (zlib-wrapped as RFC 9110 says, or raw deflate as some
// servers send), listed codings in reverse order. Output stops at `limit` bytes so a small compressed bomb cannot
// exhaust memory.
DecodedContent decodeContentEncoding(
    const QByteArray& body, QByteArrayView contentEncoding, qsizetype limit = qsizetype(512) * 1024 * 1024);

} // namespace hookscope
