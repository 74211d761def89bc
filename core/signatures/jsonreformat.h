// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace hookscope::jsonreformat {

// The common ways a JSON body gets re-serialized between signing and sending. Key order and string
// escapes are kept as they are: only the whitespace between tokens changes, as it does when a JavaScript,
// Python or Go program parses and re-writes a document.
enum class Style {
    Compact, // {"a":1,"b":[1,2]}   JSON.stringify(x), json.Marshal
    Spaced, // {"a": 1, "b": [1, 2]}   Python's json.dumps(x)
    Indent2, // JSON.stringify(x, null, 2), json.dumps(x, indent=2)
    Indent4, // json.dumps(x, indent=4)
};

// Nothing when `json` is not a single well-formed JSON value.
std::optional<QByteArray> reformat(QByteArrayView json, Style style);

// Every distinct re-serialization of `json` that differs from it, each with a short name ("compact",
// "pretty-printed with 2 spaces", "keys sorted (compact)", ...). Empty when `json` is not JSON.
struct Variant {
    QByteArray bytes;
    const char* name;
};
QList<Variant> variants(QByteArrayView json);

} // namespace hookscope::jsonreformat
