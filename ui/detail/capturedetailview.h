// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/capturedrequest.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTextBrowser;

namespace hookscope {

class BodyView;
class FormFieldsModel;

// The right-hand side of the inspector: one capture in tabs (Overview, Headers, Query, Body, Raw, Response,
// Signature). Shows values; actions on the capture live in the main window.
class CaptureDetailView final : public QWidget {
    Q_OBJECT

public:
    enum Tab { Overview, Headers, Query, Body, Raw, Response, Signature };

    explicit CaptureDetailView(QWidget* parent = nullptr);

    void showCapture(const CapturedRequest& capture);
    // The shown capture's response time arrived (the store writes it a little after the capture): only the
    // overview changes, so nothing the user scrolled to or opened moves.
    void updateResponseTime(qint64 respondedUs);
    void showMessage(const QString& message); // nothing selected, or the capture could not be read
    const CapturedRequest& capture() const { return m_capture; }
    bool hasCapture() const { return m_capture.id != 0; }

    BodyView* bodyView() const { return m_body; }
    QTabWidget* tabs() const { return m_tabs; }
    QString overviewText() const;
    QTableWidget* headersTable() const { return m_headers; }
    QTableView* queryTable() const { return m_query; }
    QString responseText() const;
    QString signatureText() const;

Q_SIGNALS:
    void reverifyRequested();

private:
    QWidget* buildHeadersTab();
    QWidget* buildSignatureTab();
    void fillOverview(const CapturedRequest& c);
    void fillHeaders(const CapturedRequest& c);
    void fillResponse(const CapturedRequest& c);
    void fillSignature(const CapturedRequest& c);
    void copyHeaders(int column); // 0 name, 1 value, -1 whole lines

    CapturedRequest m_capture;
    QLabel* m_message;
    QTabWidget* m_tabs;
    QTextBrowser* m_overview;
    QTableWidget* m_headers;
    QTableView* m_query;
    FormFieldsModel* m_queryModel;
    BodyView* m_body;
    BodyView* m_raw;
    QPlainTextEdit* m_response;
    QTextBrowser* m_signature;
    QPushButton* m_reverify;
};

} // namespace hookscope
