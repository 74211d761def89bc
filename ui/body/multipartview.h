// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/multipartparser.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace hookscope {

class MultipartPartsModel;
class TextRowsView;

// The parts of a multipart body in a table; the selected part's headers, and its body as text (in the part's
// charset) or as a hex dump, with "Save part…".
class MultipartView final : public QWidget {
    Q_OBJECT

public:
    enum class PartDisplay { Text, Hex };

    explicit MultipartView(QWidget* parent = nullptr);
    Q_DISABLE_COPY_MOVE(MultipartView)

    void setContent(const MultipartContent& content);
    void selectPart(int row);
    int selectedPart() const;
    void setPartDisplay(PartDisplay display);
    PartDisplay partDisplay() const;

    MultipartPartsModel* partsModel() const { return m_model; }
    QTableView* partsTable() const { return m_table; }
    QPlainTextEdit* headersView() const { return m_headers; }
    TextRowsView* partBodyView() const { return m_body; }

    bool savePart(int row, const QString& path, QString* error) const;

private:
    void showSelectedPart();
    void askToSavePart();

    MultipartPartsModel* m_model;
    QTableView* m_table;
    QLabel* m_problem;
    QPlainTextEdit* m_headers;
    QComboBox* m_display;
    QPushButton* m_save;
    TextRowsView* m_body;
    bool m_displayChosen = false;
};

} // namespace hookscope
