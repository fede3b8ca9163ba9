#pragma once

#include <map>
#include <string>
#include <vector>

namespace loadbench::engine {

/// Names and their values, each name's in order: Go's url.Values, which k6 encodes form bodies with.
using UrlValues = std::map<std::string, std::vector<std::string>>;

/// As Go's url.Values.Encode: `name=value` pairs joined by `&`, names sorted bytewise, each value under its
/// name, both query-escaped (unreserved bytes kept, a space as `+`, the rest %XX).
std::string encodeUrlValues(const UrlValues& values);

} // namespace loadbench::engine
