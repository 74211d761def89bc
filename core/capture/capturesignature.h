// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace hookscope {

// What checking a capture's signature concluded, kept with the capture. The receiver fills it for requests
// whose path belongs to an endpoint with a scheme and a secret; re-verifying replaces it.
struct CaptureSignature {
    enum class State : int {
        NotChecked = 0, // no endpoint claims the path, or it has no scheme or secret
        Valid = 1,
        Invalid = 2,
    };
    QString endpoint; // the endpoint whose path prefix matched; empty when none did
    State state = State::NotChecked;
    QString scheme; // the scheme that was checked, e.g. "github"
    QString detail; // the whole verdict with its forensics, as compact JSON from core/signatures
};

} // namespace hookscope
