// SPDX-License-Identifier: MIT
#include "ui/body/multipartview.h"

#include "core/payload/contentkind.h"
#include "core/payload/mediatype.h"
#include "core/payload/textdecoder.h"
#include "ui/body/multipartpartsmodel.h"
#include "ui/body/savebytes.h"
#include "ui/body/textrowsview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace hookscope {

MultipartView::MultipartView(QWidget* parent)
    : QWidget(parent)
    , m_model(new MultipartPartsModel(this))
    , m_table(new QTableView(this))
    , m_problem(new QLabel(this))
    , m_headers(new QPlainTextEdit(this))
    , m_display(new QComboBox(this))
    , m_save(new QPushButton(tr("Save part…"), this))
    , m_body(new TextRowsView(this))
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setAccessibleName(tr("Multipart parts"));
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Multipart problem"));
    m_problem->hide();
    m_headers->setReadOnly(true);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_headers->setAccessibleName(tr("Part headers"));
    m_headers->setMaximumHeight(m_headers->fontMetrics().height() * 5);
    m_display->addItem(tr("Text"));
    m_display->addItem(tr("Hex"));
    m_display->setAccessibleName(tr("Show part as"));
    m_save->setAccessibleName(tr("Save part"));
    m_body->setAccessibleName(tr("Part body"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show as:"), this));
    bar->addWidget(m_display);
    bar->addStretch();
    bar->addWidget(m_save);
    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_headers);
    detailLayout->addLayout(bar);
    detailLayout->addWidget(m_body, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_problem);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MultipartView::showSelectedPart);
    connect(m_display, &QComboBox::activated, this, [this] {
        m_displayChosen = true;
        showSelectedPart();
    });
    connect(m_save, &QPushButton::clicked, this, &MultipartView::askToSavePart);
}

void MultipartView::setContent(const MultipartContent& content)
{
    m_model->setParts(content.parts);
    m_problem->setText(content.error);
    m_problem->setVisible(!content.error.isEmpty());
    m_displayChosen = false;
    if (content.parts.isEmpty()) {
        m_headers->clear();
        m_body->setRows(nullptr, Syntax::Plain);
        m_save->setEnabled(false);
        return;
    }
    selectPart(0);
    showSelectedPart();
}

void MultipartView::selectPart(int row)
{
    m_table->setCurrentIndex(m_model->index(row, 0));
}

int MultipartView::selectedPart() const
{
    return m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
}

void MultipartView::setPartDisplay(PartDisplay display)
{
    m_display->setCurrentIndex(display == PartDisplay::Hex ? 1 : 0);
    m_displayChosen = true;
    showSelectedPart();
}

MultipartView::PartDisplay MultipartView::partDisplay() const
{
    return m_display->currentIndex() == 1 ? PartDisplay::Hex : PartDisplay::Text;
}

void MultipartView::showSelectedPart()
{
    const int row = selectedPart();
    m_save->setEnabled(row >= 0);
    if (row < 0)
        return;
    const MultipartPart& part = m_model->parts().at(row);
    m_headers->setPlainText(QString::fromUtf8(headers::serialize(part.headers)).trimmed());
    const QByteArray charset = MediaType::parse(part.contentType).charset;
    if (!m_displayChosen)
        m_display->setCurrentIndex(sniff::looksLikeText(part.body, charset) ? 0 : 1);
    if (partDisplay() == PartDisplay::Hex) {
        m_body->setRows(std::make_shared<HexRows>(part.body), Syntax::HexDump);
    } else {
        m_body->setRows(std::make_shared<Utf16Rows>(decodeText(part.body, charset).text), Syntax::Plain);
    }
}

bool MultipartView::savePart(int row, const QString& path, QString* error) const
{
    if (row < 0 || row >= m_model->parts().size())
        return false;
    return writeBytes(path, m_model->parts().at(row).body, error);
}

void MultipartView::askToSavePart()
{
    const int row = selectedPart();
    if (row < 0)
        return;
    const MultipartPart& part = m_model->parts().at(row);
    QString name = part.filename.isEmpty() ? part.name : part.filename;
    if (name.isEmpty())
        name = QStringLiteral("part-%1.bin").arg(row + 1);
    saveBytesAs(this, tr("Save part"), name, part.body);
}

} // namespace hookscope
