// SPDX-License-Identifier: MIT
#include "tests/support/receiverharness.h"

namespace hookscope::test {

ReceiverHarness::ReceiverHarness(
    ReceiverOptions options, const StoreOptions& storeOptions, Receiver::CaptureStamp stamp)
{
    if (!m_store.open(databasePath(), storeOptions)) {
        m_error = m_store.errorString();
        return;
    }
    m_receiver = new Receiver(&m_store);
    m_receiver->setStamp(std::move(stamp));
    m_receiver->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_receiver,
        [&] {
            m_ok = m_receiver->start(options);
            m_port = m_receiver->port();
            m_error = m_receiver->errorString();
        },
        Qt::BlockingQueuedConnection);
}

ReceiverHarness::~ReceiverHarness()
{
    if (m_receiver)
        QMetaObject::invokeMethod(
            m_receiver, [this] { delete m_receiver; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_store.close();
}

QList<CaptureSummary> ReceiverHarness::captures()
{
    m_store.flush();
    CaptureReader reader;
    QString error;
    if (!reader.open(databasePath(), &error))
        return {};
    CaptureListQuery query;
    query.limit = 0;
    return reader.list(query, &error).value_or(QList<CaptureSummary> {});
}

std::optional<CapturedRequest> ReceiverHarness::capture(qint64 id)
{
    m_store.flush();
    CaptureReader reader;
    QString error;
    if (!reader.open(databasePath(), &error))
        return std::nullopt;
    return reader.get(id, &error);
}

std::optional<CapturedRequest> ReceiverHarness::newest()
{
    const QList<CaptureSummary> all = captures();
    if (all.isEmpty())
        return std::nullopt;
    return capture(all.first().id);
}

} // namespace hookscope::test
