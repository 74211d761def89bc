// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace hookscope {

// How much history the store keeps. Zero means "no limit". Pinned captures are never removed.
struct RetentionPolicy {
    qint64 maxCount = 0;
    qint64 maxAgeSeconds = 0;
    qint64 maxTotalBytes = 0;

    bool unlimited() const { return maxCount <= 0 && maxAgeSeconds <= 0 && maxTotalBytes <= 0; }
};

} // namespace hookscope
