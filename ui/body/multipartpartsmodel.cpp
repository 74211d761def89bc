// SPDX-License-Identifier: MIT
#include "ui/body/multipartpartsmodel.h"

namespace hookscope {

MultipartPartsModel::MultipartPartsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MultipartPartsModel::setParts(QList<MultipartPart> parts)
{
    beginResetModel();
    m_parts = std::move(parts);
    endResetModel();
}

int MultipartPartsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_parts.size());
}

int MultipartPartsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MultipartPartsModel::sizeText(qsizetype bytes)
{
    if (bytes == 1)
        return QStringLiteral("1 byte");
    if (bytes < 1024)
        return QStringLiteral("%1 bytes").arg(bytes);
    if (bytes < qsizetype(1024) * 1024)
        return QStringLiteral("%1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QVariant MultipartPartsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MultipartPart& part = m_parts.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case NameColumn: return part.name;
    case FilenameColumn: return part.filename;
    case TypeColumn: return part.contentType.isEmpty() ? tr("(text/plain)") : QString::fromUtf8(part.contentType);
    case SizeColumn: return sizeText(part.body.size());
    default: return {};
    }
}

QVariant MultipartPartsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case NameColumn: return tr("Name");
    case FilenameColumn: return tr("File name");
    case TypeColumn: return tr("Content type");
    case SizeColumn: return tr("Size");
    default: return {};
    }
}

} // namespace hookscope
