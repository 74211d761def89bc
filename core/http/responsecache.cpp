// SPDX-License-Identifier: MIT
#include "core/http/responsecache.h"

#include "core/http/responsebytes.h"

namespace hookscope {

void ResponseCache::setSpec(const ResponseSpec& spec)
{
    m_spec = spec;
    m_valid.fill(false);
}

const ResponseCache::Prepared& ResponseCache::get(Framing framing, bool headRequest, qint64 nowUs)
{
    const qint64 second = nowUs / 1'000'000;
    if (second != m_second) {
        m_second = second;
        m_valid.fill(false);
    }
    const size_t slot = size_t(framing) * 2 + (headRequest ? 1 : 0);
    Prepared& prepared = m_prepared[slot];
    if (!m_valid[slot]) {
        // 204, 205 and 304 never have a body (RFC 9110 15.3.5, 15.3.6, 15.4.5): bytes after their head would be
        // read as the start of the next response on a kept-alive connection. A 204 must not send a Content-Length
        // and a 304's would have to be that of the body it stands for; a 205 says its length is 0.
        const bool bodiless = m_spec.status == 204 || m_spec.status == 205 || m_spec.status == 304;
        prepared.headers = m_spec.headers;
        if (!bodiless || m_spec.status == 205) {
            prepared.headers.append(
                HeaderField { "Content-Length", QByteArray::number(bodiless ? 0 : m_spec.body.size()) });
        }
        if (headers::count(m_spec.headers, "date") == 0) // a Date the user set replaces the clock's
            prepared.headers.append(HeaderField { "Date", httpDate(nowUs) });
        if (framing == Framing::Close) {
            prepared.headers.append(HeaderField { "Connection", "close" });
        } else if (framing == Framing::KeepAliveHttp10) {
            prepared.headers.append(HeaderField { "Connection", "keep-alive" });
        }
        prepared.body = headRequest || bodiless ? QByteArray() : m_spec.body;
        prepared.bytes = responseBytes(m_spec.status, prepared.headers, prepared.body);
        m_valid[slot] = true;
    }
    return prepared;
}

} // namespace hookscope
