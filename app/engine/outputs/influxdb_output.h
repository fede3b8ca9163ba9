#pragma once

#include "engine/outputs/output.h"
#include "engine/outputs/output_registry.h"

#include <cstdint>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace loadbench::engine {

/// k6's InfluxDB v1 output (`--out influxdb=http://HOST:8086/DB`, with k6's query settings, over the
/// K6_INFLUXDB_* variables): one line-protocol point per sample, the measurement named after the metric,
/// the sample's tags as tags except those of K6_INFLUXDB_TAGS_AS_FIELDS (`name[:string|int|float|bool]`,
/// default vu, iter and url as strings) which become fields, `value` as the field. The database is created
/// on start; batches are posted every K6_INFLUXDB_PUSH_INTERVAL (1s), at most K6_INFLUXDB_CONCURRENT_WRITES
/// (4) at once. A failed write is reported (once per kind of failure) and never fails the run, as in k6.
class InfluxDbOutput : public Output {
public:
    enum class FieldKind { String, Int, Float, Bool };

    /// Throws Error naming the setting that is wrong.
    explicit InfluxDbOutput(const OutputParams& params);
    ~InfluxDbOutput() override;

    std::string description() const override { return "InfluxDBv1 (" + m_address + ")"; }
    Duration flushInterval() const override { return m_pushInterval; }
    void start() override;
    void addSamples(std::span<const Sample> samples) override;
    void flush() override;
    void stop() override;

    std::uint64_t pointsWritten() const; // points the server accepted (count)

    /// One sample in line protocol, without the newline.
    std::string line(const Sample& sample) const;

private:
    void applyUrl(const std::string& url);
    bool post(const std::string& path, const std::string& body);
    void waitForWrites(std::size_t atMost);

    std::string m_address = "http://localhost:8086"; // scheme://host:port[/prefix]
    std::string m_database = "k6";
    std::string m_username;
    std::string m_password;
    std::string m_proxy;
    bool m_insecure = false;
    Duration m_pushInterval = std::chrono::seconds(1);
    std::size_t m_concurrentWrites = 4;
    std::string m_precision = "ns";
    std::string m_retention;
    std::string m_consistency;
    std::map<std::string, FieldKind> m_tagsAsFields{
        {"vu", FieldKind::String}, {"iter", FieldKind::String}, {"url", FieldKind::String}};
    std::function<void(const std::string&)> m_warn;

    std::string m_pending; // lines not yet posted
    std::uint64_t m_pendingPoints = 0;
    std::vector<std::future<void>> m_writes; // posts in flight
    mutable std::mutex m_mutex;              // what the posts share: the counts and the last failure
    std::uint64_t m_pointsWritten = 0;
    std::string m_lastFailure;
};

} // namespace loadbench::engine
