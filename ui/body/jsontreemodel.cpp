// SPDX-License-Identifier: MIT
#include "ui/body/jsontreemodel.h"

#include <QRegularExpression>
#include <QScopedValueRollback>

namespace hookscope {

namespace {

    QString containerSummary(JsonKind kind, qsizetype count)
    {
        if (kind == JsonKind::Object)
            return count == 1 ? QStringLiteral("{1 key}") : QStringLiteral("{%1 keys}").arg(count);
        return count == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(count);
    }

} // namespace

struct JsonTreeModel::Item {
    Item* parent = nullptr;
    int row = 0;
    JsonIndex::Node node;
    bool loaded = false; // the first page of children is in `children`
    qsizetype next = -1; // where the next page of children starts; -1 when all are loaded
    std::vector<std::unique_ptr<Item>> children;
    QString summary;
};

namespace {
    std::unique_ptr<JsonTreeModel::Item> childItem(JsonTreeModel::Item* parent, const JsonIndex::Node& node)
    {
        auto item = std::make_unique<JsonTreeModel::Item>();
        item->parent = parent;
        item->row = int(parent->children.size());
        item->node = node;
        return item;
    }
} // namespace

JsonTreeModel::JsonTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_top(std::make_unique<Item>())
{
    m_top->loaded = true;
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::appendChildren(Item* item, const JsonIndex::ChildPage& page)
{
    item->children.reserve(item->children.size() + std::size_t(page.nodes.size()));
    for (const JsonIndex::Node& node : page.nodes)
        item->children.push_back(childItem(item, node));
    item->next = page.next;
}

void JsonTreeModel::setIndex(std::shared_ptr<const JsonIndex> index, const JsonIndex::ChildPage& rootPage)
{
    beginResetModel();
    m_index = std::move(index);
    m_top = std::make_unique<Item>();
    m_top->loaded = true;
    if (m_index && m_index->isValid()) {
        auto root = std::make_unique<Item>();
        root->parent = m_top.get();
        root->node = m_index->root();
        if (!rootPage.nodes.isEmpty()) {
            root->loaded = true;
            appendChildren(root.get(), rootPage);
        }
        m_top->children.push_back(std::move(root));
    }
    endResetModel();
}

void JsonTreeModel::clear()
{
    setIndex(nullptr, {});
}

JsonTreeModel::Item* JsonTreeModel::itemOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Item*>(index.internalPointer()) : m_top.get();
}

void JsonTreeModel::loadChildren(Item* item) const
{
    if (item->loaded)
        return;
    item->loaded = true;
    if (!m_index || !item->node.isContainer())
        return;
    appendChildren(item, m_index->childPage(item->node, -1, pageSize));
}

bool JsonTreeModel::canFetchMore(const QModelIndex& parent) const
{
    const Item* item = itemOf(parent);
    return !m_fetching && item->loaded && item->next >= 0;
}

void JsonTreeModel::fetchMore(const QModelIndex& parent)
{
    Item* item = itemOf(parent);
    // Views and testers answer rowsAboutToBeInserted by asking again: one page at a time.
    if (m_fetching || !item->loaded || item->next < 0 || !m_index)
        return;
    const QScopedValueRollback fetching(m_fetching, true);
    const JsonIndex::ChildPage page = m_index->childPage(item->node, item->next, pageSize);
    const int first = int(item->children.size());
    beginInsertRows(parent, first, first + int(page.nodes.size()) - 1);
    appendChildren(item, page);
    endInsertRows();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    Item* parentItem = itemOf(parent);
    loadChildren(parentItem);
    if (row >= int(parentItem->children.size()))
        return {};
    return createIndex(row, column, parentItem->children[std::size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Item* parentItem = itemOf(child)->parent;
    if (!parentItem || parentItem == m_top.get())
        return {};
    return createIndex(parentItem->row, 0, parentItem);
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    Item* item = itemOf(parent);
    loadChildren(item);
    return int(item->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex& /*parent*/) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Item* item = itemOf(parent);
    if (item == m_top.get())
        return !item->children.empty();
    if (item->loaded)
        return !item->children.empty();
    return m_index && m_index->hasChildren(item->node);
}

QString JsonTreeModel::typeName(JsonKind kind)
{
    switch (kind) {
    case JsonKind::Object: return QStringLiteral("object");
    case JsonKind::Array: return QStringLiteral("array");
    case JsonKind::String: return QStringLiteral("string");
    case JsonKind::Number: return QStringLiteral("number");
    case JsonKind::Bool: return QStringLiteral("boolean");
    case JsonKind::Null: return QStringLiteral("null");
    }
    return {};
}

QString JsonTreeModel::keyLabel(const Item* item) const
{
    if (item->parent == m_top.get())
        return QStringLiteral("$");
    if (item->node.hasKey())
        return m_index->key(item->node);
    return QStringLiteral("[%1]").arg(item->row);
}

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_index)
        return {};
    Item* item = itemOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (index.column() == KeyColumn)
            return keyLabel(item);
        if (index.column() == TypeColumn)
            return typeName(item->node.kind);
        if (item->node.isContainer()) {
            if (item->summary.isEmpty())
                item->summary = containerSummary(item->node.kind, m_index->childCount(item->node));
            return item->summary;
        }
        return m_index->displayValue(item->node);
    case Qt::ToolTipRole:
    case PathRole: return path(index);
    case ValueTextRole: return m_index->valueText(item->node);
    default: return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Key");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    default: return {};
    }
}

QString JsonTreeModel::appendKey(const QString& path, const QString& key)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    if (identifier.match(key).hasMatch())
        return path + u'.' + key;
    QString escaped = key;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return path + QStringLiteral("[\"") + escaped + QStringLiteral("\"]");
}

QString JsonTreeModel::path(const QModelIndex& index) const
{
    if (!index.isValid() || !m_index)
        return {};
    std::vector<const Item*> chain;
    for (const Item* item = itemOf(index); item && item != m_top.get(); item = item->parent)
        chain.push_back(item);
    QString out = QStringLiteral("$");
    for (auto it = chain.rbegin() + 1; it < chain.rend(); ++it) {
        const Item* item = *it;
        out = item->node.hasKey() ? appendKey(out, m_index->key(item->node))
                                  : out + QStringLiteral("[%1]").arg(item->row);
    }
    return out;
}

} // namespace hookscope
