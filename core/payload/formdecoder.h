// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace hookscope {

// One name=value pair of an application/x-www-form-urlencoded body or a query string.
struct FormField {
    QString name; // decoded: '+' is a space, %XX escapes undone, bytes read as UTF-8
    QString value;
    QByteArray rawName; // as received
    QByteArray rawValue;
    bool hasValue = true; // false for a bare `flag` without '='

    friend bool operator==(const FormField&, const FormField&) = default;
};

namespace form {
    // Every pair in received order, repeated names kept. Empty pairs (`a=1&&b=2`) are skipped. An invalid
    // escape (`%zz`, a lone `%`) stays as it is, and bytes that are not UTF-8 show as U+FFFD.
    QList<FormField> decode(QByteArrayView body);

    // A query string decoded like a form: pass CapturedRequest::query (a leading '?' and a '#fragment' are
    // ignored).
    QList<FormField> decodeQuery(QByteArrayView query);

    // What follows the first '?' of a request target, up to a '#'; empty when there is none.
    QByteArrayView queryOf(QByteArrayView target);

    // '+' to space and %XX to bytes; invalid escapes kept as they are.
    QByteArray percentDecode(QByteArrayView text);
} // namespace form

} // namespace hookscope
