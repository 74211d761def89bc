// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/headerfield.h"
#include "ui/body/bodyrendering.h"

#include <QFutureWatcher>
#include <QWidget>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace hookscope {

class FormFieldsModel;
class JsonTreePane;
class MultipartView;
class TextRowsView;

// The Body tab: shows a request body the way its content type and its bytes suggest (pretty JSON, JSON tree,
// form table, multipart parts, pretty XML, text in its charset, hex dump), switchable by the user. gzip/deflate
// bodies are shown decoded with the raw bytes one toggle away. Parsing and formatting run on a worker thread and
// the text views paint only the rows on screen, so a 50 MB body never stalls the window.
class BodyView final : public QWidget {
    Q_OBJECT

public:
    explicit BodyView(QWidget* parent = nullptr);
    ~BodyView() override;
    Q_DISABLE_COPY_MOVE(BodyView)

    // Shows `body`; Content-Type and Content-Encoding are read from `headers`.
    void setBody(const QByteArray& body, const HeaderList& headers);
    // Shows nothing but `message` (by default: that no request is selected).
    void clear(const QString& message = {});

    // The user's last explicit choice in the view switcher, as an id for settings: "auto", "json", "tree", "form",
    // "multipart", "xml", "text" or "hex". It is applied to every body it fits (see bodyviews::fits), Auto
    // decides for the others.
    QString preferredView() const;
    void setPreferredView(const QString& id);

    // The view on screen, as an id ("json", ...); empty while nothing is shown.
    QString currentView() const;
    bool isBusy() const { return m_busy; }
    // Only meaningful when a Content-Encoding applies.
    bool showsRawBytes() const { return m_showRaw; }
    void setShowRawBytes(bool raw);
    // The bytes on screen (decoded or raw), and the same bytes written to a file.
    QByteArray shownBytes() const { return m_rendered.shown; }
    bool saveShownBytes(const QString& path, QString* error) const;

    // The parts, for tests and for the window's own actions.
    TextRowsView* textView() const { return m_text; }
    JsonTreePane* treeView() const { return m_tree; }
    QTableView* formTable() const { return m_formTable; }
    MultipartView* multipartView() const { return m_multipart; }
    QComboBox* viewSwitch() const { return m_switch; }
    QString problemText() const;
    QString statusText() const;

Q_SIGNALS:
    void preferredViewChanged(const QString& id);
    // The current body is on screen (after setBody, a view switch or the raw toggle).
    void rendered();

private:
    void buildLayout();
    void render();
    void renderFinished();
    void present(RenderedBody result);
    void showPage(QWidget* page);
    void showBusy();
    void updateSwitch();
    void updateStatus();
    void userPickedView(int index);
    void askToSave();

    QComboBox* m_switch;
    QToolButton* m_rawToggle;
    QLabel* m_status;
    QToolButton* m_save;
    QLabel* m_problem;
    QStackedWidget* m_pages;
    TextRowsView* m_text;
    JsonTreePane* m_tree;
    QTableView* m_formTable;
    FormFieldsModel* m_formModel;
    MultipartView* m_multipart;
    QLabel* m_message;
    QTimer* m_busyTimer;
    QFutureWatcher<RenderedBody>* m_watcher;

    BodyRenderRequest m_request;
    RenderedBody m_rendered;
    BodyViewKind m_preferred = BodyViewKind::Auto;
    bool m_hasBody = false;
    bool m_showRaw = false;
    bool m_busy = false;
};

} // namespace hookscope
