// SPDX-License-Identifier: MIT
#include "ui/body/bodyview.h"

#include "ui/body/formfieldsmodel.h"
#include "ui/body/jsontreepane.h"
#include "ui/body/multipartpartsmodel.h"
#include "ui/body/multipartview.h"
#include "ui/body/savebytes.h"
#include "ui/body/textrowsview.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hookscope {

namespace {

    // Below this the worker is usually done before a "Formatting…" page would be worth showing.
    constexpr int busyPageDelayMs = 150;

    QString suggestedFileName(ContentKind kind)
    {
        switch (kind) {
        case ContentKind::Json: return QStringLiteral("body.json");
        case ContentKind::Xml: return QStringLiteral("body.xml");
        case ContentKind::Text:
        case ContentKind::FormUrlEncoded: return QStringLiteral("body.txt");
        default: return QStringLiteral("body.bin");
        }
    }

} // namespace

BodyView::BodyView(QWidget* parent)
    : QWidget(parent)
    , m_switch(new QComboBox(this))
    , m_rawToggle(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_save(new QToolButton(this))
    , m_problem(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_text(new TextRowsView(this))
    , m_tree(new JsonTreePane(this))
    , m_formTable(new QTableView(this))
    , m_formModel(new FormFieldsModel(this))
    , m_multipart(new MultipartView(this))
    , m_message(new QLabel(this))
    , m_busyTimer(new QTimer(this))
    , m_watcher(new QFutureWatcher<RenderedBody>(this))
{
    buildLayout();
    m_busyTimer->setSingleShot(true);
    m_busyTimer->setInterval(busyPageDelayMs);
    connect(m_busyTimer, &QTimer::timeout, this, &BodyView::showBusy);
    // A watcher rather than QFuture::then(context): setFuture() drops the results of renders that were
    // overtaken, and it cannot miss a future that finished before it was watched.
    connect(m_watcher, &QFutureWatcher<RenderedBody>::finished, this, &BodyView::renderFinished);
    connect(m_switch, &QComboBox::activated, this, &BodyView::userPickedView);
    connect(m_rawToggle, &QToolButton::toggled, this, &BodyView::setShowRawBytes);
    connect(m_save, &QToolButton::clicked, this, &BodyView::askToSave);
    clear();
}

BodyView::~BodyView() = default;

void BodyView::buildLayout()
{
    for (const BodyViewKind view : bodyviews::all())
        m_switch->addItem(bodyviews::label(view), bodyviews::id(view));
    m_switch->setAccessibleName(tr("Body view"));
    m_switch->setToolTip(tr("How to show the body"));
    m_rawToggle->setText(tr("Raw bytes"));
    m_rawToggle->setCheckable(true);
    m_rawToggle->setAccessibleName(tr("Show raw encoded bytes"));
    m_rawToggle->setToolTip(tr("Show the body as received, before undoing its Content-Encoding"));
    m_status->setAccessibleName(tr("Body status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_save->setText(tr("Save body…"));
    m_save->setAccessibleName(tr("Save body"));
    m_problem->setAccessibleName(tr("Body problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setAutoFillBackground(true);
    m_text->setAccessibleName(tr("Body text"));
    m_tree->setAccessibleName(tr("JSON tree"));
    m_formTable->setModel(m_formModel);
    m_formTable->setAccessibleName(tr("Form fields"));
    m_formTable->horizontalHeader()->setStretchLastSection(true);
    m_formTable->verticalHeader()->setDefaultSectionSize(m_formTable->fontMetrics().height() + 6);
    m_formTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_multipart->setAccessibleName(tr("Multipart body"));
    m_message->setAccessibleName(tr("Body message"));
    m_message->setAlignment(Qt::AlignCenter);
    for (QWidget* page : { static_cast<QWidget*>(m_message), static_cast<QWidget*>(m_text),
             static_cast<QWidget*>(m_tree), static_cast<QWidget*>(m_formTable), static_cast<QWidget*>(m_multipart) })
        m_pages->addWidget(page);

    auto* bar = new QHBoxLayout;
    auto* label = new QLabel(tr("&View:"), this);
    label->setBuddy(m_switch);
    bar->addWidget(label);
    bar->addWidget(m_switch);
    bar->addWidget(m_rawToggle);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_save);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_problem);
    layout->addWidget(m_pages, 1);
}

void BodyView::setBody(const QByteArray& body, const HeaderList& headers)
{
    m_request = {};
    m_request.raw = body;
    m_request.type = MediaType::parse(headers::first(headers, "Content-Type"));
    m_request.contentEncoding = headers::first(headers, "Content-Encoding");
    m_request.view = m_preferred;
    m_hasBody = true;
    m_showRaw = false;
    render();
}

void BodyView::clear(const QString& message)
{
    m_hasBody = false;
    m_busy = false;
    m_busyTimer->stop();
    m_request = {};
    m_rendered = {};
    m_text->setRows(nullptr, Syntax::Plain);
    m_tree->setIndex(nullptr);
    m_formModel->setFields({});
    m_multipart->setContent({});
    m_message->setText(message.isEmpty() ? tr("No request selected") : message);
    showPage(m_message);
    m_problem->hide();
    m_rawToggle->hide();
    m_save->setEnabled(false);
    m_status->clear();
    updateSwitch();
}

void BodyView::render()
{
    m_request.showRaw = m_showRaw;
    if (m_request.raw.isEmpty()) {
        m_rendered = {};
        m_busy = false;
        m_message->setText(tr("No body"));
        showPage(m_message);
        m_problem->hide();
        m_rawToggle->hide();
        m_save->setEnabled(false);
        m_status->clear();
        updateSwitch();
        Q_EMIT rendered();
        return;
    }
    m_busy = true;
    m_status->setText(tr("Formatting…"));
    m_busyTimer->start();
    const BodyRenderRequest request = m_request;
    m_watcher->setFuture(QtConcurrent::run([request] { return renderBody(request); }));
}

void BodyView::renderFinished()
{
    // After clear() or a render that produced nothing to wait for, a late result is not wanted.
    if (m_busy && m_watcher->future().resultCount() > 0)
        present(m_watcher->result());
}

void BodyView::showBusy()
{
    if (!m_busy)
        return;
    m_message->setText(tr("Formatting %1…").arg(MultipartPartsModel::sizeText(m_request.raw.size())));
    showPage(m_message);
    m_problem->hide();
}

void BodyView::present(RenderedBody result)
{
    m_busy = false;
    m_busyTimer->stop();
    m_rendered = std::move(result);
    m_request.decoded = m_rendered.decoded;
    if (m_rendered.rows) {
        m_text->setRows(m_rendered.rows, m_rendered.syntax);
        m_text->setProblem(m_rendered.problemAt);
        showPage(m_text);
    } else if (m_rendered.view == BodyViewKind::JsonTree) {
        m_tree->setIndex(m_rendered.index, m_rendered.rootPage);
        showPage(m_tree);
    } else if (m_rendered.view == BodyViewKind::Form) {
        m_formModel->setFields(m_rendered.fields);
        showPage(m_formTable);
    } else {
        m_multipart->setContent(m_rendered.multipart);
        showPage(m_multipart);
    }
    m_problem->setText(m_rendered.problem);
    m_problem->setVisible(!m_rendered.problem.isEmpty());
    QPalette tinted = m_problem->palette();
    tinted.setColor(QPalette::Window, SyntaxPalette::from(palette()).problemBackground);
    m_problem->setPalette(tinted);
    m_rawToggle->setVisible(m_rendered.decoded != nullptr);
    {
        const QSignalBlocker blocker(m_rawToggle);
        m_rawToggle->setChecked(m_showRaw);
    }
    m_save->setEnabled(true);
    updateSwitch();
    updateStatus();
    Q_EMIT rendered();
}

void BodyView::showPage(QWidget* page)
{
    m_pages->setCurrentWidget(page);
}

void BodyView::updateSwitch()
{
    const bool chosenShows
        = m_hasBody && m_preferred != BodyViewKind::Auto && m_rendered.view == m_preferred && !m_busy;
    const BodyViewKind selected = chosenShows ? m_preferred : BodyViewKind::Auto;
    const bool rendered = m_hasBody && !m_rendered.shown.isEmpty();
    m_switch->setItemText(0,
        rendered && selected == BodyViewKind::Auto ? tr("Auto (%1)").arg(bodyviews::label(m_rendered.view))
                                                   : bodyviews::label(BodyViewKind::Auto));
    m_switch->setCurrentIndex(int(bodyviews::all().indexOf(selected)));
}

void BodyView::updateStatus()
{
    QStringList parts;
    parts.append(contentKindName(m_rendered.kind));
    parts.append(MultipartPartsModel::sizeText(m_rendered.shown.size()));
    if (m_rendered.decoded && m_rendered.decoded->status == DecodedContent::Status::Decoded && !m_showRaw) {
        parts.append(tr("%1-decoded from %2")
                         .arg(QString::fromLatin1(m_rendered.decoded->encoding),
                             MultipartPartsModel::sizeText(m_request.raw.size())));
    } else if (m_rendered.decoded && m_showRaw) {
        parts.append(tr("raw %1 bytes").arg(QString::fromLatin1(m_rendered.decoded->encoding)));
    }
    if (!m_rendered.note.isEmpty())
        parts.append(m_rendered.note);
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

QString BodyView::preferredView() const
{
    return bodyviews::id(m_preferred);
}

void BodyView::setPreferredView(const QString& id)
{
    const BodyViewKind view = bodyviews::fromId(id).value_or(BodyViewKind::Auto);
    if (view == m_preferred)
        return;
    m_preferred = view;
    Q_EMIT preferredViewChanged(bodyviews::id(view));
    if (m_hasBody) {
        m_request.view = view;
        m_request.forceView = false;
        render();
    } else {
        updateSwitch();
    }
}

void BodyView::userPickedView(int index)
{
    const BodyViewKind view = bodyviews::all().value(index, BodyViewKind::Auto);
    if (view != m_preferred) {
        m_preferred = view;
        Q_EMIT preferredViewChanged(bodyviews::id(view));
    }
    if (!m_hasBody)
        return;
    m_request.view = view;
    m_request.forceView = true;
    render();
}

QString BodyView::currentView() const
{
    if (!m_hasBody || m_busy || m_rendered.shown.isEmpty())
        return {};
    return bodyviews::id(m_rendered.view);
}

void BodyView::setShowRawBytes(bool raw)
{
    if (raw == m_showRaw)
        return;
    m_showRaw = raw;
    if (m_hasBody)
        render();
}

bool BodyView::saveShownBytes(const QString& path, QString* error) const
{
    return writeBytes(path, m_rendered.shown, error);
}

void BodyView::askToSave()
{
    if (!m_rendered.shown.isEmpty())
        saveBytesAs(this, tr("Save body"), suggestedFileName(m_rendered.kind), m_rendered.shown);
}

QString BodyView::problemText() const
{
    return m_problem->isVisible() || !m_problem->isHidden() ? m_problem->text() : QString();
}

QString BodyView::statusText() const
{
    return m_status->text();
}

} // namespace hookscope
