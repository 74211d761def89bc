// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"

#include <QMainWindow>

#include <functional>
#include <optional>

class QSplitter;

namespace hookscope {

class CaptureDetailView;
class CaptureLoader;
class CaptureStore;
class EndpointSecrets;
class EndpointStore;
class EndpointVerifier;
class FilterBar;
class Receiver;
class ReceiverBar;
class RequestListModel;
class RequestListView;
class UiSettings;

// What the window works with; main.cpp owns them. The endpoint pieces may be null (no endpoints manager).
struct WindowServices {
    Receiver* receiver = nullptr;
    CaptureStore* store = nullptr;
    EndpointStore* endpoints = nullptr;
    EndpointSecrets* secrets = nullptr;
    EndpointVerifier* verifier = nullptr;
    QString profileDirectory;
};

// The inspector: the receiver's state on top, the live request list with search and filters on the left,
// the selected request in tabs on the right, and the actions on captures in menus and shortcuts.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(const WindowServices& services, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Replaceable so tests can answer: a yes/no question, and the note editor (nothing = cancelled).
    using Confirm = std::function<bool(const QString& question)>;
    using AskNote = std::function<std::optional<QString>(const QString& current)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setAskNote(AskNote ask) { m_askNote = std::move(ask); }

    ReceiverBar* receiverBar() const { return m_receiverBar; }
    FilterBar* filterBar() const { return m_filterBar; }
    RequestListModel* listModel() const { return m_model; }
    RequestListView* listView() const { return m_list; }
    CaptureDetailView* detailView() const { return m_detail; }
    QAction* action(const QString& objectName) const;

    void copyAsCurl();
    void copyRaw();
    void saveBody();
    void togglePin();
    void editNote();
    void deleteCurrent();
    void clearAll();
    void reverifyCurrent();
    void openEndpoints();

Q_SIGNALS:
    void captureShown(qint64 id);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    QAction* addCaptureAction(
        QMenu* menu, const QString& name, const QString& text, const QKeySequence& keys, void (MainWindow::*slot)());
    void showCapture(const CapturedRequest& capture);
    void selectionChanged(qint64 id);
    void rowsArrived();
    void updateActions();
    QString emptyMessage() const;
    void restoreSettings();
    void reloadVerifier();

    WindowServices m_services;
    UiSettings* m_settings = nullptr;
    ReceiverBar* m_receiverBar;
    FilterBar* m_filterBar;
    RequestListModel* m_model;
    RequestListView* m_list;
    CaptureDetailView* m_detail;
    CaptureLoader* m_loader;
    qint64 m_awaitingResponseTimeOf = 0; // a capture shown before its response time was stored
    QSplitter* m_splitter;
    QList<QAction*> m_captureActions;
    Confirm m_confirm;
    AskNote m_askNote;
};

} // namespace hookscope
