// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/multipartparser.h"

#include <QAbstractTableModel>

namespace hookscope {

// The parts of a multipart body: name, file name, content type and size, one row each.
class MultipartPartsModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, FilenameColumn, TypeColumn, SizeColumn, ColumnCount };

    explicit MultipartPartsModel(QObject* parent = nullptr);
    Q_DISABLE_COPY_MOVE(MultipartPartsModel)

    void setParts(QList<MultipartPart> parts);
    const QList<MultipartPart>& parts() const { return m_parts; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "1.5 KB", "12 bytes"
    static QString sizeText(qsizetype bytes);

private:
    QList<MultipartPart> m_parts;
};

} // namespace hookscope
