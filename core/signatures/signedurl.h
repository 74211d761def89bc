// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace hookscope::signedurl {

// URLs as the providers that sign them (Twilio, Square) write them: worked on as text, never normalised,
// because one changed character changes the signature.

// "http://" + Host + target: what the receiver itself saw. Behind a proxy or tunnel the provider signed
// another URL; the user passes that one instead.
QByteArray reconstruct(const CapturedRequest& request);
// `url` with the query string of `target` appended when `url` has none of its own.
QByteArray withQueryOf(const QByteArray& url, const QByteArray& target);

QByteArray withoutPort(const QByteArray& url);
// Adds :443 or :80 when the URL names no port.
QByteArray withDefaultPort(const QByteArray& url);
QByteArray withoutQuery(const QByteArray& url);
// The path and query of the URL ("/hook?x=1").
QByteArray target(const QByteArray& url);
// The decoded value of the first query parameter called `name`; null when there is none.
QByteArray queryValue(const QByteArray& url, QByteArrayView name);
QByteArray withQueryParameter(const QByteArray& url, QByteArrayView name, QByteArrayView value);

// The URLs a sender may have signed instead of `url`: the other scheme, without or with the port, without
// the query string, and their combinations; each with what differs, in words.
struct Variant {
    QByteArray url;
    QString difference;
};
QList<Variant> variants(const QByteArray& url);

// application/x-www-form-urlencoded, decoded ('+' is a space), in body order.
QList<QPair<QByteArray, QByteArray>> formParameters(QByteArrayView body);

} // namespace hookscope::signedurl
