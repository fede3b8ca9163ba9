#pragma once

#include "engine/metrics/sample.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>

namespace loadbench::engine {

/// k6's InfluxDB v1 output (`--out influxdb=http://HOST:8086/DB`): one line-protocol point per sample, the
/// measurement named after the metric, the sample's tags as tags except k6's tagsAsFields (`url` as a string
/// field, `vu` and `iter` as integer fields), `value` as the field, nanosecond timestamps. The database is
/// created first; batches are posted once a second from a thread of its own, so neither the VUs nor the
/// collector wait on the network. A failed write is reported (once per kind of failure) and never fails the
/// run, as in k6.
class InfluxDbOutput {
public:
    using Report = std::function<void(const std::string&)>;

    /// Throws Error naming the URL when it is not `http(s)://host[:port]/database`.
    InfluxDbOutput(const std::string& url, Report report);
    ~InfluxDbOutput();
    InfluxDbOutput(const InfluxDbOutput&) = delete;
    InfluxDbOutput& operator=(const InfluxDbOutput&) = delete;

    void write(std::span<const Sample> samples);
    /// Posts what is left and stops the sender.
    void close();

    std::uint64_t pointsWritten() const; // points the server accepted (count)

    /// One sample in line protocol, without the newline; exposed for tests.
    static std::string line(const Sample& sample);

private:
    void send();
    bool post(const std::string& path, const std::string& body);

    std::string m_server; // scheme://host:port
    std::string m_database;
    Report m_report;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::string m_pending; // lines not yet posted
    std::uint64_t m_pendingPoints = 0;
    std::uint64_t m_pointsWritten = 0;
    bool m_closing = false;
    std::string m_lastFailure;
    std::thread m_sender;
};

} // namespace loadbench::engine
