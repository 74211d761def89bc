// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/jsonerror.h"

#include <QByteArray>
#include <QByteArrayView>

namespace hookscope {

struct FormattedJson {
    QByteArray text; // indented UTF-8; empty when `error` failed
    JsonError error;
};

// Pretty-prints a JSON text the way JSON.stringify(value, null, indent) lays it out, but copies every key, string
// and number byte for byte: 1.10, 1e400 and "\u00e9" stay as they were sent. Invalid input yields the first error.
FormattedJson formatJson(QByteArrayView json, int indent = 2);

// The same validation without output.
JsonError validateJson(QByteArrayView json);

} // namespace hookscope
