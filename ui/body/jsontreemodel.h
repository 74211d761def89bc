// SPDX-License-Identifier: MIT
#pragma once

#include "core/payload/jsonindex.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace hookscope {

// A tree over a JsonIndex that asks for a node's children only when a view first needs them, so a document with
// millions of values costs memory only for the parts a user opens. The top row is the root value, "$".
class JsonTreeModel final : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // "$.data.items[3].id"
        ValueTextRole, // what "Copy value" copies: strings unescaped, the rest as received
    };

    explicit JsonTreeModel(QObject* parent = nullptr);
    ~JsonTreeModel() override;
    Q_DISABLE_COPY_MOVE(JsonTreeModel)

    // Children are listed a page at a time (canFetchMore/fetchMore), so a node with millions of them costs one
    // page until the user scrolls. `rootPage`, when given, is the root's first page found off the UI thread.
    static constexpr qsizetype pageSize = 5000;
    void setIndex(std::shared_ptr<const JsonIndex> index, const JsonIndex::ChildPage& rootPage);
    void clear();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString path(const QModelIndex& index) const;
    // Appends `key` to a path the way JSONPath writers expect: .name, or ["odd key"].
    static QString appendKey(const QString& path, const QString& key);

    struct Item; // one node, its children created when first asked for

private:
    Item* itemOf(const QModelIndex& index) const;
    void loadChildren(Item* item) const;
    static void appendChildren(Item* item, const JsonIndex::ChildPage& page);
    static QString typeName(JsonKind kind);
    QString keyLabel(const Item* item) const;

    std::shared_ptr<const JsonIndex> m_index;
    std::unique_ptr<Item> m_top; // holds the root item as its only child
    bool m_fetching = false;
};

} // namespace hookscope
