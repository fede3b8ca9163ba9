#pragma once

#include "common/duration.h"

#include <map>
#include <optional>
#include <string>

namespace loadbench::engine {

/// The K6_* settings of outputs, read as k6 reads them; each error names the setting and its value.
namespace output_settings {

std::optional<std::string> lookup(const std::map<std::string, std::string>& environment,
                                  const std::string& name);
/// A push or save interval: a duration above zero (`1s`, `500ms`).
Duration interval(const std::string& name, const std::string& text);
/// Go's strconv.ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.
bool boolean(const std::string& name, const std::string& text);
long long wholeNumber(const std::string& name, const std::string& text, long long minimum);

} // namespace output_settings

} // namespace loadbench::engine
