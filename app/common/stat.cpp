#include "common/stat.h"

#include <array>
#include <charconv>
#include <utility>

namespace loadbench {

namespace {
constexpr std::array<std::pair<std::string_view, Stat::Kind>, 9> plainStats{{
    {"count", Stat::Kind::Count},
    {"rate", Stat::Kind::Rate},
    {"value", Stat::Kind::Value},
    {"min", Stat::Kind::Min},
    {"max", Stat::Kind::Max},
    {"passes", Stat::Kind::Passes},
    {"fails", Stat::Kind::Fails},
    {"avg", Stat::Kind::Avg},
    {"med", Stat::Kind::Med},
}};
} // namespace

std::optional<Stat> Stat::parse(std::string_view text) {
    for (const auto& [name, kind] : plainStats)
        if (text == name)
            return Stat{kind, 0};
    if (text.size() < 4 || !text.starts_with("p(") || !text.ends_with(")"))
        return std::nullopt;
    const std::string_view number = text.substr(2, text.size() - 3);
    double percent = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), percent);
    if (error != std::errc() || end != number.data() + number.size() || !(percent >= 0 && percent <= 100))
        return std::nullopt;
    return Stat{Kind::Percentile, percent};
}

bool Stat::ofTrend() const {
    return kind == Kind::Avg || kind == Kind::Min || kind == Kind::Med || kind == Kind::Max ||
           kind == Kind::Count || kind == Kind::Percentile;
}

std::string Stat::name() const {
    if (kind != Kind::Percentile) {
        for (const auto& [name, plain] : plainStats)
            if (plain == kind)
                return std::string(name);
    }
    std::array<char, 32> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), percent).ptr;
    return "p(" + std::string(digits.data(), end) + ")";
}

} // namespace loadbench
