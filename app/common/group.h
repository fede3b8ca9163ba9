#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace loadbench {

/// A check of k6's root_group: how often it passed and failed (count).
struct Check {
    std::string name;
    std::string path;
    std::uint64_t passes = 0;
    std::uint64_t fails = 0;
};

/// A group of k6's root_group with its subgroups and checks.
struct Group {
    std::string name;
    std::string path; // `::outer::inner`; empty for the root group
    std::vector<Group> groups;
    std::vector<Check> checks;
};

} // namespace loadbench
