// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/formdecoder.h"

#include <QAbstractTableModel>

namespace hookscope {

// Decoded name/value pairs as a table, in received order with repeated names kept: the Form body view, and
// the Query tab.
class FormFieldsModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, ValueColumn, ColumnCount };
    enum Role { RawRole = Qt::UserRole + 1 }; // the bytes as received, before percent-decoding

    explicit FormFieldsModel(QObject* parent = nullptr);
    Q_DISABLE_COPY_MOVE(FormFieldsModel)

    void setFields(QList<FormField> fields);
    const QList<FormField>& fields() const { return m_fields; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<FormField> m_fields;
};

} // namespace hookscope
