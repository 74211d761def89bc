// SPDX-License-Identifier: MIT
#include "ui/mainwindow.h"

#include "core/http/receiver.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hookscope {

namespace {
    // Qt only pluralizes "%n" through a loaded translation; English needs it without one.
    QString countText(int count)
    {
        return count == 1 ? MainWindow::tr("1 request captured in this session")
                          : MainWindow::tr("%1 requests captured in this session").arg(count);
    }

    constexpr int kShownRows = 500; // this first window keeps a short live tail; paging comes with the inspector
} // namespace

MainWindow::MainWindow(Receiver* receiver, const QString& databasePath, QWidget* parent)
    : QMainWindow(parent)
    , m_receiver(receiver)
    , m_url(new QLabel(this))
    , m_countLabel(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(QStringLiteral("Hookscope"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setAccessibleName(tr("Receiver address"));
    QFont big = m_url->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_url->setFont(big);
    m_countLabel->setAccessibleName(tr("Captured requests"));

    m_list->setAccessibleName(tr("Captured requests"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({ tr("Id"), tr("Time"), tr("Method"), tr("Target"), tr("Status"), tr("Size"), tr("Note") });
    m_list->header()->setSectionResizeMode(3, QHeaderView::Stretch);

    layout->addWidget(m_url);
    layout->addWidget(m_countLabel);
    layout->addWidget(m_list, 1);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Storing captures in %1").arg(databasePath));
    resize(960, 600);

    connect(m_receiver, &Receiver::listeningChanged, this, &MainWindow::updateReceiverState);
    connect(m_receiver, &Receiver::captured, this, &MainWindow::addCapture);
    updateReceiverState();
}

MainWindow::~MainWindow() = default;

void MainWindow::updateReceiverState()
{
    if (m_receiver->isListening()) {
        m_url->setText(tr("Send webhooks to <b>%1</b>").arg(m_receiver->url().toString().toHtmlEscaped()));
    } else {
        m_url->setText(m_receiver->errorString().isEmpty()
                ? tr("The receiver is stopped.")
                : tr("The receiver is stopped: %1").arg(m_receiver->errorString()));
    }
    m_countLabel->setText(countText(m_captured));
}

void MainWindow::addCapture(const CaptureSummary& s)
{
    ++m_captured;
    auto* item = new QTreeWidgetItem({
        QString::number(s.id),
        QDateTime::fromMSecsSinceEpoch(s.receivedUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz")),
        QString::fromLatin1(s.method),
        QString::fromUtf8(s.target),
        QString::number(s.status),
        QLocale().formattedDataSize(s.bytes),
        s.rejected ? tr("Rejected: %1").arg(s.rejectReason) : QString(),
    });
    m_list->insertTopLevelItem(0, item);
    while (m_list->topLevelItemCount() > kShownRows)
        delete m_list->takeTopLevelItem(m_list->topLevelItemCount() - 1);
    m_countLabel->setText(countText(m_captured));
}

} // namespace hookscope
