#include "engine/aggregation/group_tree.h"

#include <algorithm>

namespace loadbench::engine {

namespace {
constexpr std::string_view separator = "::"; // k6 refuses it inside group and check names
}

GroupTree::GroupTree() {
    m_nodes.push_back(Node{});
    m_byPath.emplace("", 0);
}

std::size_t GroupTree::group(std::string_view path) {
    if (const auto it = m_byPath.find(path); it != m_byPath.end())
        return it->second;
    const auto split = path.rfind(separator);
    const std::size_t parent =
        group(split == std::string_view::npos ? std::string_view() : path.substr(0, split));
    const std::string_view name =
        split == std::string_view::npos ? path : path.substr(split + separator.size());
    const std::size_t index = m_nodes.size();
    m_nodes.push_back(Node{std::string(name), std::string(path), {}, {}});
    m_nodes[parent].children.push_back(index);
    m_byPath.emplace(std::string(path), index);
    return index;
}

void GroupTree::addCheck(std::size_t group, std::string_view name, bool passed) {
    Node& node = m_nodes[group];
    auto it = std::find_if(node.checks.begin(), node.checks.end(),
                           [&](const Check& check) { return check.name == name; });
    if (it == node.checks.end())
        it = node.checks.insert(
            node.checks.end(),
            Check{std::string(name), node.path + std::string(separator) + std::string(name), 0, 0});
    ++(passed ? it->passes : it->fails);
}

Group GroupTree::build(const Node& node) const {
    Group group{node.name, node.path, {}, node.checks};
    for (const std::size_t child : node.children)
        group.groups.push_back(build(m_nodes[child]));
    return group;
}

Group GroupTree::root() const {
    return build(m_nodes.front());
}

} // namespace loadbench::engine
