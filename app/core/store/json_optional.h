#pragma once

#include <nlohmann/json.hpp>
#include <optional>

namespace loadbench {

/// A value a run may lack, as the JSON outputs write it: the value, or null.
template <typename T> nlohmann::ordered_json optionalJson(const std::optional<T>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
}

} // namespace loadbench
