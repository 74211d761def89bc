// SPDX-License-Identifier: MIT
#include "ui/detail/capturedetailview.h"

#include "core/http/responsespec.h"
#include "core/payload/formdecoder.h"
#include "core/payload/hexdump.h"
#include "core/signatures/verificationresult.h"
#include "ui/body/bodyview.h"
#include "ui/body/formfieldsmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedLayout>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace hookscope {

namespace {
    QString localTime(qint64 us)
    {
        return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    }

    QString ms(qint64 us)
    {
        return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'f', 3);
    }

    QString bytes(qint64 n)
    {
        return QLocale::system().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat)
            + (n >= 1024 ? QStringLiteral(" (%1 bytes)").arg(n) : QString());
    }

    QString endpointText(const QString& address, quint16 port)
    {
        return address.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(address).arg(port)
                                                  : QStringLiteral("%1:%2").arg(address).arg(port);
    }

    // Text for people: valid UTF-8 as is, anything else as a hex dump.
    QString readable(const QByteArray& data)
    {
        QString text = QString::fromUtf8(data);
        if (text.toUtf8() == data && !data.contains('\0'))
            return text;
        return hexdump::format(data, 4096);
    }
} // namespace

CaptureDetailView::CaptureDetailView(QWidget* parent)
    : QWidget(parent)
    , m_message(new QLabel)
    , m_tabs(new QTabWidget)
    , m_overview(new QTextBrowser)
    , m_headers(new QTableWidget)
    , m_query(new QTableView)
    , m_queryModel(new FormFieldsModel(this))
    , m_body(new BodyView)
    , m_raw(new BodyView)
    , m_response(new QPlainTextEdit)
    , m_signature(new QTextBrowser)
    , m_reverify(new QPushButton(tr("Re-verify")))
{
    auto* stack = new QStackedLayout(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setAccessibleName(tr("Detail message"));
    stack->addWidget(m_message);
    stack->addWidget(m_tabs);
    m_tabs->setAccessibleName(tr("Request details"));

    m_overview->setAccessibleName(tr("Overview"));
    m_overview->setOpenLinks(false);
    m_tabs->addTab(m_overview, tr("Overview"));
    m_tabs->addTab(buildHeadersTab(), tr("Headers"));
    m_query->setModel(m_queryModel);
    m_query->setAccessibleName(tr("Query parameters"));
    m_query->horizontalHeader()->setStretchLastSection(true);
    m_query->verticalHeader()->hide();
    m_tabs->addTab(m_query, tr("Query"));
    m_body->setAccessibleName(tr("Body"));
    m_tabs->addTab(m_body, tr("Body"));
    m_raw->setAccessibleName(tr("Raw request"));
    m_raw->setPreferredView(QStringLiteral("text"));
    m_tabs->addTab(m_raw, tr("Raw"));
    m_response->setReadOnly(true);
    m_response->setAccessibleName(tr("Response"));
    m_response->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_response, tr("Response"));
    m_tabs->addTab(buildSignatureTab(), tr("Signature"));
    m_tabs->setCurrentIndex(Body); // what a webhook developer looks at first; the choice then stays
    showMessage(tr("Select a request to see it here."));
}

QWidget* CaptureDetailView::buildHeadersTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_headers->setColumnCount(2);
    m_headers->setHorizontalHeaderLabels({ tr("Name"), tr("Value") });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setAccessibleName(tr("Headers"));
    m_headers->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto addCopy = [this, page](const QString& text, int column, const QKeySequence& keys) {
        auto* action = new QAction(text, page);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, [this, column] { copyHeaders(column); });
        m_headers->addAction(action);
        return action;
    };
    addCopy(tr("Copy name"), 0, {});
    addCopy(tr("Copy value"), 1, QKeySequence::Copy);
    addCopy(tr("Copy all headers"), -1, {});
    layout->addWidget(m_headers);
    auto* buttons = new QHBoxLayout;
    const QList<std::pair<QString, int>> copies { { tr("Copy name"), 0 }, { tr("Copy value"), 1 },
        { tr("Copy all"), -1 } };
    for (const auto& [label, column] : copies) {
        auto* button = new QPushButton(label);
        button->setAccessibleName(label);
        const int which = column;
        connect(button, &QPushButton::clicked, this, [this, which] { copyHeaders(which); });
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);
    return page;
}

QWidget* CaptureDetailView::buildSignatureTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_signature->setAccessibleName(tr("Signature verdict"));
    layout->addWidget(m_signature, 1);
    auto* row = new QHBoxLayout;
    m_reverify->setAccessibleName(tr("Re-verify signature"));
    m_reverify->setToolTip(tr("Check the signature again with the endpoint's current secrets"));
    connect(m_reverify, &QPushButton::clicked, this, &CaptureDetailView::reverifyRequested);
    row->addWidget(m_reverify);
    row->addStretch(1);
    layout->addLayout(row);
    return page;
}

void CaptureDetailView::showMessage(const QString& message)
{
    m_capture = {};
    m_message->setText(message);
    m_body->clear();
    m_raw->clear();
    static_cast<QStackedLayout*>(layout())->setCurrentWidget(m_message);
}

void CaptureDetailView::showCapture(const CapturedRequest& capture)
{
    m_capture = capture;
    fillOverview(capture);
    fillHeaders(capture);
    m_queryModel->setFields(form::decodeQuery(capture.query));
    m_tabs->setTabText(Query, capture.query.isEmpty() ? tr("Query") : tr("Query (%1)").arg(m_queryModel->rowCount()));
    if (capture.rejected) {
        m_body->clear(tr("Rejected before its body was read (%1).\n\nThe Raw tab has every byte that came.")
                          .arg(capture.rejectReason));
        m_raw->setBody(capture.rawPrefix, {});
    } else {
        m_body->setBody(capture.body, capture.headers);
        m_raw->setBody(capture.head + capture.body, {});
    }
    fillResponse(capture);
    fillSignature(capture);
    static_cast<QStackedLayout*>(layout())->setCurrentWidget(m_tabs);
}

void CaptureDetailView::updateResponseTime(qint64 respondedUs)
{
    m_capture.respondedUs = respondedUs;
    fillOverview(m_capture);
}

void CaptureDetailView::fillOverview(const CapturedRequest& c)
{
    QStringList rows;
    const auto row = [&rows](const QString& label, const QString& value) {
        rows << QStringLiteral("<tr><th align=left valign=top>%1</th><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    const QString requestLine
        = c.rejected ? tr("(not a valid request)") : QString::fromUtf8(c.method + ' ' + c.target + ' ' + c.httpVersion);
    row(tr("Request"), requestLine);
    row(tr("From"), endpointText(c.remoteAddress, c.remotePort));
    row(tr("To"), endpointText(c.localAddress, c.localPort));
    row(tr("Received"), localTime(c.receivedUs));
    row(tr("Timings"),
        tr("complete after %1, answered after %2")
            .arg(ms(c.completeUs - c.receivedUs),
                c.respondedUs > 0 ? ms(c.respondedUs - c.receivedUs) : tr("(not yet known)")));
    if (c.rejected) {
        row(tr("Rejected"), c.rejectReason);
        row(tr("Received bytes"), bytes(c.rawPrefix.size()));
    } else {
        row(tr("Sizes"), tr("head %1, body %2").arg(bytes(c.headSize()), bytes(c.bodySize())));
        row(tr("HTTP version"), QString::fromLatin1(c.httpVersion));
        row(tr("Chunked"), c.chunked ? tr("yes (%1 trailer fields)").arg(c.trailers.size()) : tr("no"));
    }
    row(tr("Answered"),
        c.responseStatus > 0
            ? QStringLiteral("%1 %2").arg(c.responseStatus).arg(QString::fromLatin1(reasonPhrase(c.responseStatus)))
            : tr("(no response sent)"));
    if (!c.signature.endpoint.isEmpty())
        row(tr("Endpoint"), c.signature.endpoint);
    if (c.signature.state != CaptureSignature::State::NotChecked) {
        row(tr("Signature"),
            c.signature.state == CaptureSignature::State::Valid ? tr("valid (%1)").arg(c.signature.scheme)
                                                                : tr("INVALID (%1)").arg(c.signature.scheme));
    }
    if (c.pinned)
        row(tr("Pinned"), tr("yes: kept whatever the retention"));
    if (!c.note.isEmpty())
        row(tr("Note"), c.note);
    m_overview->setHtml(QStringLiteral("<table cellspacing=4>") + rows.join(QString()) + QStringLiteral("</table>"));
}

QString CaptureDetailView::overviewText() const
{
    return m_overview->toPlainText();
}

void CaptureDetailView::fillHeaders(const CapturedRequest& c)
{
    const HeaderList all = c.headers + c.trailers;
    m_headers->setRowCount(int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        const bool trailer = i >= c.headers.size();
        auto* name = new QTableWidgetItem(QString::fromLatin1(all.at(i).name));
        if (trailer)
            name->setToolTip(tr("A trailer: sent after the chunked body"));
        m_headers->setItem(i, 0, name);
        m_headers->setItem(i, 1, new QTableWidgetItem(QString::fromUtf8(all.at(i).value)));
    }
    m_headers->resizeColumnToContents(0);
    // A rejected request's headers are the ones read before parsing stopped, which may not include the culprit.
    m_tabs->setTabText(Headers,
        c.rejected ? tr("Headers (%1 before the rejection)").arg(all.size()) : tr("Headers (%1)").arg(all.size()));
    m_tabs->setTabToolTip(
        Headers, c.rejected ? tr("Parsing stopped at the rejection: the Raw tab has every byte that came") : QString());
}

void CaptureDetailView::copyHeaders(int column)
{
    QStringList lines;
    const QList<QTableWidgetItem*> selected = m_headers->selectedItems();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const bool chosen = std::any_of(
            selected.cbegin(), selected.cend(), [row](const QTableWidgetItem* item) { return item->row() == row; });
        if (column >= 0 && !chosen)
            continue;
        const QString name = m_headers->item(row, 0)->text();
        const QString value = m_headers->item(row, 1)->text();
        lines << (column == 0 ? name : column == 1 ? value : name + QStringLiteral(": ") + value);
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void CaptureDetailView::fillResponse(const CapturedRequest& c)
{
    if (c.responseStatus == 0) {
        m_response->setPlainText(tr("No response was sent (the connection closed first)."));
        return;
    }
    QString text = QStringLiteral("HTTP/1.1 %1 %2\n")
                       .arg(c.responseStatus)
                       .arg(QString::fromLatin1(reasonPhrase(c.responseStatus)));
    for (const HeaderField& field : c.responseHeaders) {
        text += QString::fromLatin1(field.name) + QStringLiteral(": ") + QString::fromUtf8(field.value)
            + QLatin1Char('\n');
    }
    text += QLatin1Char('\n') + readable(c.responseBody);
    m_response->setPlainText(text);
}

QString CaptureDetailView::responseText() const
{
    return m_response->toPlainText();
}

void CaptureDetailView::fillSignature(const CapturedRequest& c)
{
    m_reverify->setEnabled(!c.signature.endpoint.isEmpty());
    if (c.signature.state == CaptureSignature::State::NotChecked) {
        m_signature->setPlainText(c.signature.endpoint.isEmpty()
                ? tr("Not checked: no endpoint's path prefix matches %1. Add an endpoint with a path prefix, "
                     "a scheme and a secret (Endpoints…) to check signatures on arrival.")
                      .arg(QString::fromUtf8(c.path))
                : c.signature.scheme.isEmpty()
                ? tr("Not checked: endpoint %1 has no signature scheme.").arg(c.signature.endpoint)
                : tr("Not checked: endpoint %1 (%2) had no signing secret when this arrived: none was set, or the "
                     "keychain did not answer. Set the secret (Endpoints…), then Re-verify.")
                      .arg(c.signature.endpoint, c.signature.scheme));
        m_tabs->setTabText(Signature, tr("Signature"));
        return;
    }
    const std::optional<VerificationResult> result
        = VerificationResult::fromJson(QJsonDocument::fromJson(c.signature.detail.toUtf8()).object());
    const bool valid = c.signature.state == CaptureSignature::State::Valid;
    m_tabs->setTabText(Signature, valid ? tr("Signature ✓") : tr("Signature ✗"));
    if (!result) {
        m_signature->setPlainText(valid ? tr("Valid.") : tr("Invalid."));
        return;
    }
    m_signature->setPlainText(tr("Endpoint: %1\n").arg(c.signature.endpoint) + result->explanation());
}

QString CaptureDetailView::signatureText() const
{
    return m_signature->toPlainText();
}

} // namespace hookscope
