#include "engine/js/test_state.h"

#include "common/logfmt.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <unistd.h>

namespace loadbench::engine {

void SampleBuffer::push(std::vector<Sample>& samples) {
    const std::lock_guard lock(m_mutex);
    if (m_samples.empty())
        m_samples.swap(samples);
    else
        m_samples.insert(m_samples.end(), std::make_move_iterator(samples.begin()),
                         std::make_move_iterator(samples.end()));
    samples.clear();
}

void SampleBuffer::push(Sample sample) {
    const std::lock_guard lock(m_mutex);
    m_samples.push_back(std::move(sample));
}

std::vector<Sample> SampleBuffer::take() {
    std::vector<Sample> taken;
    const std::lock_guard lock(m_mutex);
    taken.swap(m_samples);
    return taken;
}

std::shared_ptr<const SharedArrays::Array>
SharedArrays::getOrBuild(const std::string& name, const std::function<std::optional<Array>()>& build) {
    const std::lock_guard lock(m_mutex);
    if (const auto found = m_arrays.find(name); found != m_arrays.end())
        return found->second;
    std::optional<Array> built = build();
    if (!built)
        return nullptr;
    auto array = std::make_shared<const Array>(std::move(*built));
    m_arrays.emplace(name, array);
    return array;
}

SampleBuffer& TestState::newBuffer() {
    const std::lock_guard lock(m_buffersMutex);
    m_buffers.push_back(std::make_unique<SampleBuffer>());
    return *m_buffers.back();
}

std::vector<Sample> TestState::drain() {
    std::vector<Sample> samples;
    const std::lock_guard lock(m_buffersMutex);
    for (const auto& buffer : m_buffers) {
        std::vector<Sample> taken = buffer->take();
        if (samples.empty())
            samples.swap(taken);
        else
            samples.insert(samples.end(), std::make_move_iterator(taken.begin()),
                           std::make_move_iterator(taken.end()));
    }
    return samples;
}

void TestState::abort(AbortCause cause, const std::string& reason) {
    const std::lock_guard lock(m_mutex);
    AbortCause none = AbortCause::None;
    if (m_abortCause.compare_exchange_strong(none, cause))
        m_abortReason = reason;
}

std::string TestState::abortReason() const {
    const std::lock_guard lock(m_mutex);
    return m_abortReason;
}

void TestState::noteOpened(const std::filesystem::path& file) {
    const std::lock_guard lock(m_mutex);
    m_opened.insert(file);
}

std::vector<std::filesystem::path> TestState::openedFiles() const {
    const std::lock_guard lock(m_mutex);
    return {m_opened.begin(), m_opened.end()};
}

void TestState::log(const std::string& level, const std::string& message, const std::string& source) {
    std::string line;
    if (m_stderrIsTerminal) {
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
        const char* tag = level == "error"   ? "ERRO"
                          : level == "warn"  ? "WARN"
                          : level == "debug" ? "DEBU"
                                             : "INFO";
        char prefix[32];
        std::snprintf(prefix, sizeof prefix, "%s[%04lld] ", tag, static_cast<long long>(elapsed.count()));
        line = prefix + message + (source.empty() ? "" : " source=" + source) + "\n";
    } else {
        // k6's logrus writes logfmt when its output is not a terminal: time, level, msg, then the fields.
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        char time[32];
        std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%SZ", &utc);
        line = std::string("time=\"") + time + "\" level=" + (level == "warn" ? "warning" : level) +
               " msg=" + logfmtValue(message) + (source.empty() ? "" : " source=" + logfmtValue(source)) +
               "\n";
    }
    const std::lock_guard lock(m_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace loadbench::engine
