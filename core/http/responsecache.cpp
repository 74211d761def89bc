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
        prepared.headers = m_spec.headers;
        prepared.headers.append(HeaderField { "Content-Length", QByteArray::number(m_spec.body.size()) });
        prepared.headers.append(HeaderField { "Date", httpDate(nowUs) });
        if (framing == Framing::Close) {
            prepared.headers.append(HeaderField { "Connection", "close" });
        } else if (framing == Framing::KeepAliveHttp10) {
            prepared.headers.append(HeaderField { "Connection", "keep-alive" });
        }
        prepared.body = headRequest ? QByteArray() : m_spec.body;
        prepared.bytes = responseBytes(m_spec.status, prepared.headers, prepared.body);
        m_valid[slot] = true;
    }
    return prepared;
}

} // namespace hookscope
