// SPDX-License-Identifier: MIT
#pragma once

#include "core/http/responsespec.h"

#include <array>

namespace hookscope {

// The configured response, serialized once per second (for its Date header) and per framing variant,
// instead of once per request.
class ResponseCache final {
public:
    enum class Framing { KeepAlive, KeepAliveHttp10, Close };

    struct Prepared {
        HeaderList headers; // as recorded with the capture
        QByteArray body; // empty for HEAD
        QByteArray bytes; // exactly what goes on the wire
    };

    void setSpec(const ResponseSpec& spec);
    const ResponseSpec& spec() const { return m_spec; }
    const Prepared& get(Framing framing, bool headRequest, qint64 nowUs);

private:
    ResponseSpec m_spec;
    qint64 m_second = -1;
    std::array<Prepared, 6> m_prepared;
    std::array<bool, 6> m_valid {};
};

} // namespace hookscope
