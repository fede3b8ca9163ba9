#pragma once

#include "common/group.h"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench::engine {

/// The groups and checks of a run, as k6's root_group shows them, built from what samples say: a group path
/// (`::outer::inner`; the root's is empty) and checks passing or failing in a group. Groups and checks keep
/// the order they were first seen in, as k6 keeps the order they were created in. Not thread-safe.
class GroupTree {
public:
    GroupTree();

    /// The group with this path, created with any missing parents. The index stays valid.
    std::size_t group(std::string_view path);
    void addCheck(std::size_t group, std::string_view name, bool passed);
    /// The tree in the summary model: names, paths, passes and fails (count).
    Group root() const;

private:
    struct Node {
        std::string name;
        std::string path;
        std::vector<std::size_t> children;
        std::vector<Check> checks;
    };

    Group build(const Node& node) const;

    std::vector<Node> m_nodes; // the root first
    std::map<std::string, std::size_t, std::less<>> m_byPath;
};

} // namespace loadbench::engine
