// SPDX-License-Identifier: MIT
#include "ui/detail/captureloader.h"

#include "core/storage/capturereader.h"

#include <QtConcurrent/QtConcurrentRun>

namespace hookscope {

CaptureLoader::CaptureLoader(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &CaptureLoader::deliver);
}

CaptureLoader::~CaptureLoader()
{
    m_watcher.waitForFinished();
}

void CaptureLoader::load(qint64 id)
{
    m_wanted = id;
    if (m_watcher.isRunning())
        return; // deliver() starts the newest request when the running one is done
    const QString path = m_path;
    m_watcher.setFuture(QtConcurrent::run([path, id] {
        Result result { id, std::nullopt, {} };
        CaptureReader reader; // a connection of this worker thread's own
        if (reader.open(path, &result.error))
            result.capture = reader.get(id, &result.error);
        return result;
    }));
}

void CaptureLoader::deliver()
{
    const Result result = m_watcher.result();
    if (result.id != m_wanted) {
        load(m_wanted);
        return;
    }
    if (result.capture) {
        Q_EMIT loaded(*result.capture);
    } else {
        Q_EMIT failed(result.id, result.error);
    }
}

} // namespace hookscope
