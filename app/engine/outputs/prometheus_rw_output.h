#pragma once

#include "common/stat.h"
#include "engine/aggregation/sink.h"
#include "engine/outputs/output.h"
#include "engine/outputs/output_registry.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace loadbench::engine {

/// k6's experimental-prometheus-rw output (github:grafana/xk6-output-prometheus-remote, built into k6),
/// set by the K6_PROMETHEUS_RW_* variables: every K6_PROMETHEUS_RW_PUSH_INTERVAL (5s) each time series (a
/// metric and its tags) that got samples since the last push is sent as its aggregate so far, in a remote
/// write 1.0 request (prompb.WriteRequest, snappy) to K6_PROMETHEUS_RW_SERVER_URL. Names as k6's:
/// `k6_<metric>_total` for counters, `k6_<metric>` for gauges, `k6_<metric>_rate` for rates, and for trends
/// one gauge per K6_PROMETHEUS_RW_TREND_STATS stat (default p(99)): `k6_http_req_duration_p99`, `_avg`,
/// times in seconds. A failed push is reported and never fails the run, as in k6.
class PrometheusRwOutput : public Output {
public:
    /// Throws Error naming the setting that is wrong or that the engine does not have (native histograms,
    /// SigV4).
    explicit PrometheusRwOutput(const OutputParams& params);
    ~PrometheusRwOutput() override;

    std::string description() const override { return "Prometheus remote write (" + m_serverUrl + ")"; }
    Duration flushInterval() const override { return m_pushInterval; }
    void addSamples(std::span<const Sample> samples) override;
    void flush() override;
    void stop() override;

private:
    struct TrendStat {
        std::string suffix; // p99, avg
        Stat stat;
    };
    struct Series {
        Sink sink;
        std::int64_t latestMs = 0;
        bool changed = false;
    };
    using SeriesKey = std::pair<const Metric*, Tags>; // the metric and the sample's tags with a value

    /// The series that changed since the last call (every series for stale markers), each with its aggregate
    /// or with Prometheus' staleness marker; marks them sent. Empty when none changed.
    std::string takeWriteRequest(bool staleMarkers = false);
    void push(const std::string& body);

    std::string m_serverUrl = "http://localhost:9090/api/v1/write";
    Duration m_pushInterval = std::chrono::seconds(5);
    std::vector<TrendStat> m_trendStats;
    std::vector<std::string> m_headers; // `Name: value`
    std::string m_username;
    std::string m_password;
    std::string m_bearerToken;
    std::string m_clientCertificate;
    std::string m_clientCertificateKey;
    bool m_insecure = false;
    bool m_staleMarkers = false;
    std::function<void(const std::string&)> m_warn;
    std::string m_lastFailure;

    std::map<SeriesKey, Series> m_series;
    // The last sample's series, since a request's samples share one context. The context is held so that its
    // address is not reused while cached.
    std::shared_ptr<const SampleContext> m_lastContext;
    const Metric* m_lastMetric = nullptr;
    Series* m_lastSeries = nullptr;
};

} // namespace loadbench::engine
