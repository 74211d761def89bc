// SPDX-License-Identifier: MIT
#include "ui/body/formfieldsmodel.h"

namespace hookscope {

namespace {
    // A cell shows one line; the whole value stays available to copy and in the tooltip.
    constexpr qsizetype maxCellChars = 2000;
} // namespace

FormFieldsModel::FormFieldsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void FormFieldsModel::setFields(QList<FormField> fields)
{
    beginResetModel();
    m_fields = std::move(fields);
    endResetModel();
}

int FormFieldsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

int FormFieldsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FormFieldsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FormField& field = m_fields.at(index.row());
    const bool name = index.column() == NameColumn;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        const QString& text = name ? field.name : field.value;
        return text.size() > maxCellChars ? QString(text.left(maxCellChars) + u'…') : text;
    }
    case Qt::EditRole: return name ? field.name : field.value;
    case RawRole: return name ? field.rawName : field.rawValue;
    default: return {};
    }
}

QVariant FormFieldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section == NameColumn ? tr("Name") : tr("Value");
}

} // namespace hookscope
