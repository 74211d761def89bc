// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace hookscope {

// A Content-Type value split into its essence ("application/json") and the parameters the views use.
struct MediaType {
    QByteArray essence; // type/subtype, lower case, no parameters; empty when absent or malformed
    QByteArray charset; // as declared, lower case; empty when absent
    QByteArray boundary; // multipart boundary, case kept; empty when absent

    static MediaType parse(QByteArrayView contentType);

    // Structured syntax suffixes count: application/vnd.api+json is JSON, image/svg+xml is XML.
    bool isJson() const;
    bool isXml() const;
    bool isFormUrlEncoded() const { return essence == "application/x-www-form-urlencoded"; }
    bool isMultipart() const { return essence.startsWith("multipart/"); }
    bool isText() const;
};

namespace mediatype {
    // Value of `name` in a header value of the form `token; a=b; c="d"` (Content-Type, Content-Disposition),
    // unquoted and unescaped; a null QByteArray when absent. Names compare case-insensitively.
    QByteArray parameter(QByteArrayView headerValue, QByteArrayView name);
} // namespace mediatype

} // namespace hookscope
