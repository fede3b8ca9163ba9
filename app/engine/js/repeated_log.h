#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace loadbench::engine {

/// Log lines that repeat, such as the same exception thrown by every iteration: the first of each is logged
/// at once; its repeats are counted and logged as one line, `MESSAGE (repeated 412 more times, 1413 in all)`,
/// at most once a second and at the end of the test. Thread-safe.
class RepeatedLog {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Sink =
        std::function<void(const std::string& level, const std::string& message, const std::string& source)>;

    explicit RepeatedLog(Sink sink, Clock clock = std::chrono::steady_clock::now);

    void log(const std::string& level, const std::string& message, const std::string& source);
    /// Logs the repeats of each line last reported a second or more ago; for a periodic caller.
    void tick();
    /// Logs every repeat not yet reported; at the end of the test.
    void flush();

private:
    using Key = std::tuple<std::string, std::string, std::string>; // level, message, source
    struct Entry {
        std::chrono::steady_clock::time_point lastReport;
        long long unreported = 0; // repeats since lastReport (count)
        long long total = 0;      // occurrences in all (count)
    };
    void report(const Key& key, Entry& entry, std::chrono::steady_clock::time_point now);

    const Sink m_sink;
    const Clock m_clock;
    std::mutex m_mutex;
    std::map<Key, Entry> m_entries;
};

} // namespace loadbench::engine
