// SPDX-License-Identifier: MIT
#include "ui/mainwindow.h"

#include "core/capture/curlcommand.h"
#include "core/capture/wallclock.h"
#include "core/endpoints/endpointverifier.h"
#include "core/http/receiver.h"
#include "core/storage/capturestore.h"
#include "ui/body/bodyview.h"
#include "ui/detail/capturedetailview.h"
#include "ui/detail/captureloader.h"
#include "ui/endpoints/endpointsdialog.h"
#include "ui/receiverbar.h"
#include "ui/requests/filterbar.h"
#include "ui/requests/requestlistmodel.h"
#include "ui/requests/requestlistview.h"
#include "ui/uisettings.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace hookscope {

MainWindow::MainWindow(const WindowServices& services, QWidget* parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_receiverBar(new ReceiverBar(services.receiver))
    , m_filterBar(new FilterBar)
    , m_model(new RequestListModel(this))
    , m_list(new RequestListView)
    , m_detail(new CaptureDetailView)
    , m_loader(new CaptureLoader(this))
    , m_splitter(new QSplitter)
    , m_confirm([this](const QString& question) {
        return QMessageBox::question(this, tr("Hookscope"), question) == QMessageBox::Yes;
    })
    , m_askNote([this](const QString& current) -> std::optional<QString> {
        bool ok = false;
        const QString text
            = QInputDialog::getMultiLineText(this, tr("Note"), tr("Your note on this request:"), current, &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    })
{
    m_settings = new UiSettings(services.profileDirectory);
    setWindowTitle(QStringLiteral("Hookscope"));

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filterBar);
    leftLayout->addWidget(m_list, 1);
    m_list->setAccessibleName(tr("Captured requests"));
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_receiverBar);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Storing captures in %1").arg(services.store->path()));

    // Live rows must be connected before the model reads the database, so none falls in between.
    connect(services.receiver, &Receiver::captured, m_model, &RequestListModel::addLive);
    connect(services.receiver, &Receiver::captured, m_receiverBar, &ReceiverBar::countCapture);
    m_model->setDatabasePath(services.store->path());
    m_list->setModel(m_model);
    m_loader->setDatabasePath(services.store->path());
    connect(m_filterBar, &FilterBar::queryChanged, m_model, &RequestListModel::setQuery);
    connect(m_model, &RequestListModel::countsChanged, m_filterBar, &FilterBar::setCounts);
    connect(m_model, &RequestListModel::errorOccurred, this,
        [this](const QString& error) { statusBar()->showMessage(error); });
    connect(m_list, &RequestListView::currentCaptureChanged, this, &MainWindow::selectionChanged);
    connect(m_loader, &CaptureLoader::loaded, this, &MainWindow::showCapture);
    connect(m_loader, &CaptureLoader::failed, this, [this](qint64 id, const QString& error) {
        m_detail->showMessage(tr("Cannot show #%1: %2").arg(id).arg(error));
    });
    connect(m_detail, &CaptureDetailView::reverifyRequested, this, &MainWindow::reverifyCurrent);
    connect(m_detail->bodyView(), &BodyView::preferredViewChanged, this,
        [this](const QString& view) { m_settings->setValue(UiSettings::Key::BodyView, view); });
    connect(m_list, &RequestListView::followNewestChanged, this,
        [this](bool follow) { m_settings->setValue(UiSettings::Key::FollowNewest, follow); });

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::rowsArrived);
    connect(m_model, &RequestListModel::countsChanged, this, [this] {
        if (!m_detail->hasCapture())
            m_detail->showMessage(emptyMessage());
    });
    connect(services.receiver, &Receiver::listeningChanged, this, [this] {
        if (!m_detail->hasCapture())
            m_detail->showMessage(emptyMessage());
    });
    buildMenus();
    resize(1280, 800);
    m_detail->showMessage(emptyMessage());
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow()
{
    delete m_settings;
}

QAction* MainWindow::addCaptureAction(
    QMenu* menu, const QString& name, const QString& text, const QKeySequence& keys, void (MainWindow::*slot)())
{
    QAction* action = menu->addAction(text);
    action->setObjectName(name);
    action->setShortcut(keys);
    connect(action, &QAction::triggered, this, slot);
    m_captureActions << action;
    return action;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* endpoints = file->addAction(tr("&Endpoints…"), this, &MainWindow::openEndpoints);
    endpoints->setObjectName(QStringLiteral("endpoints"));
    endpoints->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    endpoints->setEnabled(m_services.endpoints != nullptr && m_services.secrets != nullptr);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* request = menuBar()->addMenu(tr("&Request"));
    addCaptureAction(request, QStringLiteral("copyCurl"), tr("Copy as c&URL"), QKeySequence(tr("Ctrl+Shift+C")),
        &MainWindow::copyAsCurl);
    addCaptureAction(request, QStringLiteral("copyRaw"), tr("Copy &raw request"), QKeySequence(tr("Ctrl+Shift+R")),
        &MainWindow::copyRaw);
    addCaptureAction(request, QStringLiteral("saveBody"), tr("&Save body…"), QKeySequence::Save, &MainWindow::saveBody);
    request->addSeparator();
    addCaptureAction(
        request, QStringLiteral("pin"), tr("&Pin (keep)"), QKeySequence(tr("Ctrl+P")), &MainWindow::togglePin);
    addCaptureAction(
        request, QStringLiteral("note"), tr("Add &note…"), QKeySequence(tr("Ctrl+M")), &MainWindow::editNote);
    addCaptureAction(request, QStringLiteral("reverify"), tr("Re-&verify signature"), QKeySequence(Qt::Key_F5),
        &MainWindow::reverifyCurrent);
    request->addSeparator();
    addCaptureAction(
        request, QStringLiteral("delete"), tr("&Delete"), QKeySequence::Delete, &MainWindow::deleteCurrent);
    QAction* clear = request->addAction(tr("C&lear all…"), this, &MainWindow::clearAll);
    clear->setObjectName(QStringLiteral("clearAll"));
    clear->setShortcut(QKeySequence(tr("Ctrl+Shift+Del")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_list->followNewestAction());
    QAction* search = view->addAction(tr("&Search"), m_filterBar, &FilterBar::focusSearch);
    search->setObjectName(QStringLiteral("search"));
    search->setShortcut(QKeySequence::Find);
    QAction* clearFilters = view->addAction(tr("Clear &filters"), m_filterBar, &FilterBar::clearFilters);
    clearFilters->setShortcut(QKeySequence(tr("Ctrl+Shift+X")));
}

QAction* MainWindow::action(const QString& objectName) const
{
    return findChild<QAction*>(objectName);
}

void MainWindow::restoreSettings()
{
    restoreGeometry(m_settings->value(UiSettings::Key::WindowGeometry).toByteArray());
    restoreState(m_settings->value(UiSettings::Key::WindowState).toByteArray());
    if (!m_splitter->restoreState(m_settings->value(UiSettings::Key::MainSplitter).toByteArray()))
        m_splitter->setSizes({ width() / 2, width() / 2 });
    m_list->restoreState(m_settings->value(UiSettings::Key::ListState).toByteArray());
    m_detail->bodyView()->setPreferredView(m_settings->value(UiSettings::Key::BodyView).toString());
    m_list->setFollowNewest(m_settings->value(UiSettings::Key::FollowNewest).toBool());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings->setValue(UiSettings::Key::WindowGeometry, saveGeometry());
    m_settings->setValue(UiSettings::Key::WindowState, saveState());
    m_settings->setValue(UiSettings::Key::MainSplitter, m_splitter->saveState());
    m_settings->setValue(UiSettings::Key::ListState, m_list->saveState());
    QMainWindow::closeEvent(event);
}

QString MainWindow::emptyMessage() const
{
    if (m_model->rowCount() > 0)
        return tr("Select a request to see it here.");
    if (m_model->totalCount() > 0) {
        return tr(
            "No request matches the search and filters (%n captured in all).", nullptr, int(m_model->totalCount()));
    }
    if (!m_services.receiver->isListening())
        return tr("No requests yet, and the receiver is stopped: start it above.");
    return tr("No requests yet.\n\nPoint your webhook provider at %1\nor try it from a terminal:\n\n%2")
        .arg(m_services.receiver->url().toString(), m_receiverBar->curlExample());
}

void MainWindow::rowsArrived()
{
    if (m_list->currentCaptureId() != 0)
        return; // the user is reading something: the selection never jumps
    // Nothing chosen yet: following the newest means showing it, so a first webhook is seen at once.
    if (m_list->followNewest() && m_model->idAt(0) > 0 && m_list->selectCapture(m_model->idAt(0)))
        return;
    if (!m_detail->hasCapture())
        m_detail->showMessage(emptyMessage());
}

void MainWindow::selectionChanged(qint64 id)
{
    if (id <= 0) {
        m_detail->showMessage(emptyMessage());
        updateActions();
        return;
    }
    m_loader->load(id);
}

void MainWindow::showCapture(const CapturedRequest& capture)
{
    if (capture.id != m_list->currentCaptureId())
        return; // the user moved on while it loaded
    const bool timeOnly = capture.id == std::exchange(m_awaitingResponseTimeOf, 0) && m_detail->hasCapture()
        && m_detail->capture().id == capture.id;
    if (timeOnly) {
        m_detail->updateResponseTime(capture.respondedUs);
    } else {
        m_detail->showCapture(capture);
        updateActions();
        Q_EMIT captureShown(capture.id);
    }
    // Response times are stored within a quarter of a second or so of their capture (CaptureWriter batches
    // them): a capture shown before that looks again, while it is young enough for its time to be coming.
    const bool answered = capture.responseStatus > 0 && !capture.rejected;
    const bool young = wallClockMicros() - capture.receivedUs < qint64(10) * 1'000'000;
    if (answered && capture.respondedUs == 0 && young) {
        QTimer::singleShot(300, this, [this, id = capture.id] {
            if (m_list->currentCaptureId() != id)
                return;
            m_awaitingResponseTimeOf = id;
            m_loader->load(id);
        });
    }
}

void MainWindow::updateActions()
{
    const bool shown = m_detail->hasCapture();
    for (QAction* action : std::as_const(m_captureActions))
        action->setEnabled(shown);
    if (!shown)
        return;
    const CapturedRequest& c = m_detail->capture();
    action(QStringLiteral("copyCurl"))->setEnabled(!c.rejected);
    action(QStringLiteral("saveBody"))->setEnabled(!c.body.isEmpty());
    action(QStringLiteral("pin"))->setText(c.pinned ? tr("Un&pin") : tr("&Pin (keep)"));
    action(QStringLiteral("reverify"))->setEnabled(!c.rejected && m_services.verifier != nullptr);
}

void MainWindow::copyAsCurl()
{
    if (!m_detail->hasCapture())
        return;
    const CurlCommand command = buildCurlCommand(m_detail->capture(), m_services.receiver->url());
    if (!command.ok()) {
        statusBar()->showMessage(command.error, 8000);
        return;
    }
    QApplication::clipboard()->setText(command.text);
    if (!command.caveats.isEmpty()) {
        statusBar()->showMessage(
            tr("Copied a curl command; note: %1").arg(command.caveats.join(QLatin1Char(' '))), 10000);
        return;
    }
    statusBar()->showMessage(tr("Copied a curl command that sends the same bytes"), 5000);
}

void MainWindow::copyRaw()
{
    if (!m_detail->hasCapture())
        return;
    const CapturedRequest& c = m_detail->capture();
    auto* mime = new QMimeData;
    const QByteArray raw = c.rejected ? c.rawPrefix : c.head + c.body;
    mime->setData(QStringLiteral("application/octet-stream"), raw);
    mime->setText(QString::fromUtf8(raw));
    QApplication::clipboard()->setMimeData(mime);
    statusBar()->showMessage(tr("Copied the request as received (%1 bytes)").arg(raw.size()), 5000);
}

void MainWindow::saveBody()
{
    if (!m_detail->hasCapture())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save body"), QStringLiteral("request-%1-body").arg(m_detail->capture().id));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_detail->capture().body) != m_detail->capture().body.size())
        QMessageBox::warning(this, tr("Save body"), tr("Cannot write %1: %2").arg(path, file.errorString()));
}

void MainWindow::togglePin()
{
    if (!m_detail->hasCapture())
        return;
    CapturedRequest c = m_detail->capture();
    c.pinned = !c.pinned;
    m_services.store->setPinned(c.id, c.pinned);
    m_model->setPinned(c.id, c.pinned);
    m_detail->showCapture(c);
    updateActions();
}

void MainWindow::editNote()
{
    if (!m_detail->hasCapture())
        return;
    CapturedRequest c = m_detail->capture();
    const std::optional<QString> note = m_askNote(c.note);
    if (!note)
        return;
    c.note = *note;
    m_services.store->setNote(c.id, c.note);
    m_detail->showCapture(c);
}

void MainWindow::deleteCurrent()
{
    if (!m_detail->hasCapture())
        return;
    const qint64 id = m_detail->capture().id;
    m_services.store->remove(id);
    m_model->removeIds({ id });
    m_detail->showMessage(tr("Deleted #%1.").arg(id));
    updateActions();
}

void MainWindow::clearAll()
{
    if (!m_confirm(tr("Delete every captured request except pinned ones? This cannot be undone.")))
        return;
    m_services.store->removeAllUnpinned();
    m_services.store->flush();
    m_model->reload();
    m_detail->showMessage(tr("Cleared. Pinned requests were kept."));
    updateActions();
}

void MainWindow::reloadVerifier()
{
    if (!m_services.verifier || !m_services.endpoints || !m_services.secrets)
        return;
    QStringList problems;
    m_services.verifier->setEntries(EndpointVerifier::load(*m_services.endpoints, *m_services.secrets, &problems));
    if (!problems.isEmpty())
        statusBar()->showMessage(tr("Signatures cannot be checked for %1").arg(problems.join(QStringLiteral("; "))));
}

void MainWindow::reverifyCurrent()
{
    if (!m_detail->hasCapture() || !m_services.verifier)
        return;
    reloadVerifier(); // secrets may have changed since
    CapturedRequest c = m_detail->capture();
    const std::optional<EndpointVerifier::Entry> entry = m_services.verifier->entryFor(c.path);
    c.signature = entry ? EndpointVerifier::check(c, *entry) : CaptureSignature {};
    m_services.store->setSignature(c.id, c.signature);
    m_model->setSignature(c.id, c.signature.state, c.signature.endpoint);
    m_detail->showCapture(c);
    statusBar()->showMessage(entry ? tr("Re-verified #%1 with endpoint %2").arg(c.id).arg(entry->endpoint.name)
                                   : tr("No endpoint's path prefix matches #%1").arg(c.id),
        5000);
}

void MainWindow::openEndpoints()
{
    if (!m_services.endpoints || !m_services.secrets)
        return;
    EndpointsDialog dialog(m_services.endpoints, m_services.secrets, this);
    connect(&dialog, &EndpointsDialog::endpointsChanged, this, &MainWindow::reloadVerifier);
    dialog.exec();
}

} // namespace hookscope
