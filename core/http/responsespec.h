// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"

#include <QByteArray>

namespace hookscope {

// What the receiver answers to every accepted request.
struct ResponseSpec {
    int status = 200;
    HeaderList headers { { "Content-Type", "application/json" } };
    QByteArray body = R"({"ok":true})";
    int delayMs = 0; // counted from the moment the capture is stored
};

// The reason phrase for a status code ("Not Found"), or "Status" when the code has none we know.
QByteArray reasonPhrase(int status);

} // namespace hookscope
