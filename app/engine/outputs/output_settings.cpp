#include "engine/outputs/output_settings.h"

#include "common/error.h"

#include <charconv>
#include <set>

namespace loadbench::engine::output_settings {

namespace {
[[noreturn]] void invalid(const std::string& name, const std::string& text, const std::string& reason) {
    throw Error(name + " \"" + text + "\": " + reason);
}
} // namespace

std::optional<std::string> lookup(const std::map<std::string, std::string>& environment,
                                  const std::string& name) {
    const auto it = environment.find(name);
    if (it == environment.end())
        return std::nullopt;
    return it->second;
}

Duration interval(const std::string& name, const std::string& text) {
    const auto parsed = parseDuration(text);
    if (!parsed || *parsed <= Duration::zero())
        invalid(name, text, "not a duration above zero (like 1s or 500ms)");
    return *parsed;
}

bool boolean(const std::string& name, const std::string& text) {
    static const std::set<std::string> yes{"1", "t", "T", "TRUE", "true", "True"};
    static const std::set<std::string> no{"0", "f", "F", "FALSE", "false", "False"};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    invalid(name, text, "not true or false");
}

long long wholeNumber(const std::string& name, const std::string& text, long long minimum) {
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < minimum)
        invalid(name, text, "must be a whole number of at least " + std::to_string(minimum));
    return value;
}

} // namespace loadbench::engine::output_settings
