#include "engine/js/repeated_log.h"

namespace loadbench::engine {

namespace {
constexpr auto reportInterval = std::chrono::seconds(1);
// A line quiet this long is forgotten (its next occurrence is logged as a first one), so that messages that
// differ each time do not pile up.
constexpr auto forgetAfter = std::chrono::seconds(10);
} // namespace

RepeatedLog::RepeatedLog(Sink sink, Clock clock)
    : m_sink(std::move(sink))
    , m_clock(std::move(clock)) {}

void RepeatedLog::log(const std::string& level, const std::string& message, const std::string& source) {
    const auto now = m_clock();
    const std::lock_guard lock(m_mutex);
    auto [it, first] = m_entries.try_emplace(Key{level, message, source});
    Entry& entry = it->second;
    ++entry.total;
    if (first || (entry.unreported == 0 && now - entry.lastReport >= reportInterval)) {
        entry.lastReport = now;
        m_sink(level, message, source);
        return;
    }
    ++entry.unreported;
    if (now - entry.lastReport >= reportInterval)
        report(it->first, entry, now);
}

void RepeatedLog::tick() {
    const auto now = m_clock();
    const std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.unreported > 0 && now - it->second.lastReport >= reportInterval)
            report(it->first, it->second, now);
        if (it->second.unreported == 0 && now - it->second.lastReport >= forgetAfter)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

void RepeatedLog::flush() {
    const auto now = m_clock();
    const std::lock_guard lock(m_mutex);
    for (auto& [key, entry] : m_entries)
        if (entry.unreported > 0)
            report(key, entry, now);
}

void RepeatedLog::report(const Key& key, Entry& entry, std::chrono::steady_clock::time_point now) {
    const auto& [level, message, source] = key;
    m_sink(level,
           message + " (repeated " + std::to_string(entry.unreported) +
               (entry.unreported == 1 ? " more time, " : " more times, ") + std::to_string(entry.total) +
               " in all)",
           source);
    entry.unreported = 0;
    entry.lastReport = now;
}

} // namespace loadbench::engine
