#include "engine/outputs/prometheus_rw_output.h"

#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/output_http.h"
#include "engine/outputs/output_settings.h"
#include "engine/outputs/prometheus_remote_write.pb.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <snappy.h>

namespace loadbench::engine {

namespace {

constexpr const char* trendStatsSetting = "K6_PROMETHEUS_RW_TREND_STATS";

/// Prometheus' staleness marker (value.StaleNaN): a NaN with this bit pattern ends a series.
const double staleMarker = std::bit_cast<double>(std::uint64_t{0x7ff0000000000002});

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void addSeries(prompb::WriteRequest& request, const Tags& labels, const std::string& name, double value,
               std::int64_t timestampMs) {
    prompb::TimeSeries* series = request.add_timeseries();
    // Labels sorted by name, __name__ among them, as remote write asks.
    Tags all = labels;
    all.emplace_back("__name__", name);
    std::sort(all.begin(), all.end());
    for (const auto& [key, text] : all) {
        prompb::Label* label = series->add_labels();
        label->set_name(key);
        label->set_value(text);
    }
    prompb::Sample* sample = series->add_samples();
    sample->set_value(value);
    sample->set_timestamp(timestampMs);
}

} // namespace

PrometheusRwOutput::PrometheusRwOutput(const OutputParams& params)
    : m_warn(params.warn) {
    using namespace output_settings;
    // As in k6, the settings come from the environment only; `--out experimental-prometheus-rw=ARG` is
    // ignored.
    const auto& env = params.environment;
    if (const auto url = lookup(env, "K6_PROMETHEUS_RW_SERVER_URL"))
        m_serverUrl = *url;
    if (m_serverUrl.rfind("http://", 0) != 0 && m_serverUrl.rfind("https://", 0) != 0)
        throw Error("K6_PROMETHEUS_RW_SERVER_URL \"" + m_serverUrl +
                    "\": use http(s)://HOST:9090/api/v1/write");
    if (const auto interval = lookup(env, "K6_PROMETHEUS_RW_PUSH_INTERVAL"))
        m_pushInterval = output_settings::interval("K6_PROMETHEUS_RW_PUSH_INTERVAL", *interval);
    if (const auto insecure = lookup(env, "K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY"))
        m_insecure = boolean("K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY", *insecure);
    if (const auto stale = lookup(env, "K6_PROMETHEUS_RW_STALE_MARKERS"))
        m_staleMarkers = boolean("K6_PROMETHEUS_RW_STALE_MARKERS", *stale);
    if (const auto native = lookup(env, "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM");
        native && boolean("K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", *native))
        throw Error("K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: loadbench-engine sends trends as "
                    "K6_PROMETHEUS_RW_TREND_STATS gauges only, not as native histograms");
    for (const char* sigv4 : {"K6_PROMETHEUS_RW_SIGV4_REGION", "K6_PROMETHEUS_RW_SIGV4_ACCESS_KEY",
                              "K6_PROMETHEUS_RW_SIGV4_SECRET_KEY"})
        if (lookup(env, sigv4))
            throw Error(std::string(sigv4) + ": loadbench-engine does not sign remote writes with SigV4");
    m_username = lookup(env, "K6_PROMETHEUS_RW_USERNAME").value_or("");
    m_password = lookup(env, "K6_PROMETHEUS_RW_PASSWORD").value_or("");
    m_bearerToken = lookup(env, "K6_PROMETHEUS_RW_BEARER_TOKEN").value_or("");
    m_clientCertificate = lookup(env, "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE").value_or("");
    m_clientCertificateKey = lookup(env, "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY").value_or("");
    std::map<std::string, std::string> headers;
    const std::string headerPrefix = "K6_PROMETHEUS_RW_HEADERS_";
    for (const auto& [name, value] : env)
        if (name.rfind(headerPrefix, 0) == 0 && name.size() > headerPrefix.size())
            headers[name.substr(headerPrefix.size())] = value;
    if (const auto list = lookup(env, "K6_PROMETHEUS_RW_HTTP_HEADERS")) {
        for (std::size_t start = 0; start <= list->size();) {
            const auto end = std::min(list->find(',', start), list->size());
            const std::string pair = list->substr(start, end - start);
            start = end + 1;
            const auto colon = pair.find(':');
            if (colon == std::string::npos || pair.find(':', colon + 1) != std::string::npos)
                throw Error("K6_PROMETHEUS_RW_HTTP_HEADERS \"" + *list + "\": \"" + pair +
                            "\" is not NAME:VALUE");
            headers[pair.substr(0, colon)] = pair.substr(colon + 1);
        }
    }
    for (const auto& [name, value] : headers)
        m_headers.push_back(name + ": " + value);

    const std::string trendStats = lookup(env, trendStatsSetting).value_or("p(99)");
    for (std::size_t start = 0; start <= trendStats.size();) {
        const auto end = std::min(trendStats.find(',', start), trendStats.size());
        const std::string text = trendStats.substr(start, end - start);
        start = end + 1;
        const auto stat = Stat::parse(text);
        if (!stat || !stat->ofTrend())
            throw Error(std::string(trendStatsSetting) + " \"" + trendStats + "\": \"" + text +
                        "\" is no trend stat (avg, min, med, max, count, p(N))");
        // k6's names: p(99) → p99, p(99.9) → p999.
        std::string suffix = text;
        if (stat->kind == Stat::Kind::Percentile) {
            suffix = "p" + text.substr(2, text.size() - 3);
            std::erase(suffix, '.');
        }
        m_trendStats.push_back({suffix, *stat});
    }
}

PrometheusRwOutput::~PrometheusRwOutput() = default;

void PrometheusRwOutput::addSamples(std::span<const Sample> samples) {
    for (const Sample& sample : samples) {
        if (sample.context != m_lastContext || sample.metric != m_lastMetric || !m_lastSeries) {
            Tags labels;
            if (sample.context)
                for (const auto& tag : sample.context->tags())
                    if (!tag.second.empty())
                        labels.push_back(tag);
            SeriesKey key{sample.metric, std::move(labels)};
            auto it = m_series.find(key);
            if (it == m_series.end())
                it = m_series.emplace(std::move(key), Series{Sink(sample.metric->type()), 0, false}).first;
            m_lastSeries = &it->second;
            m_lastContext = sample.context;
            m_lastMetric = sample.metric;
        }
        Series& series = *m_lastSeries;
        series.sink.add(sample.value);
        // Milliseconds, as remote write has them; a series is sent again only when its time moved on.
        const std::int64_t timeMs = sample.timeNs / 1'000'000;
        if (timeMs > series.latestMs || series.sink.samples() == 1) {
            series.latestMs = std::max(series.latestMs, timeMs);
            series.changed = true;
        }
    }
}

std::string PrometheusRwOutput::takeWriteRequest(bool staleMarkers) {
    prompb::WriteRequest request;
    // Stale markers end every series a millisecond from now, as k6 marks them.
    const std::int64_t staleAt = nowMs() + 1;
    for (auto& [key, series] : m_series) {
        if (!series.changed && !staleMarkers)
            continue;
        series.changed = false;
        const auto& [metric, labels] = key;
        const auto add = [&, &labels = labels](const std::string& suffix, double value) {
            addSeries(request, labels, "k6_" + metric->name() + suffix, staleMarkers ? staleMarker : value,
                      staleMarkers ? staleAt : series.latestMs);
        };
        switch (metric->type()) {
        case MetricType::Counter:
            add("_total", *series.sink.value(Stat{Stat::Kind::Count}, 0));
            break;
        case MetricType::Gauge:
            add("", *series.sink.value(Stat{Stat::Kind::Value}, 0));
            break;
        case MetricType::Rate:
            add("_rate", *series.sink.value(Stat{Stat::Kind::Rate}, 0));
            break;
        case MetricType::Trend:
            for (const TrendStat& trendStat : m_trendStats) {
                double value = *series.sink.value(trendStat.stat, 0);
                // k6 sends a time trend's stats in seconds, its count too (divided as the others are).
                if (metric->contains() == ValueKind::Time)
                    value /= 1000;
                add("_" + trendStat.suffix, value);
            }
            break;
        }
    }
    return request.timeseries_size() == 0 ? std::string() : request.SerializeAsString();
}

void PrometheusRwOutput::flush() {
    if (const std::string body = takeWriteRequest(); !body.empty())
        push(body);
}

void PrometheusRwOutput::stop() {
    flush();
    if (!m_staleMarkers)
        return;
    if (const std::string body = takeWriteRequest(true); !body.empty())
        push(body);
}

void PrometheusRwOutput::push(const std::string& body) {
    OutputPost post;
    post.url = m_serverUrl;
    snappy::Compress(body.data(), body.size(), &post.body);
    post.userAgent = "k6-prometheus-rw-output";
    post.headers = {"Content-Encoding: snappy", "Content-Type: application/x-protobuf",
                    "X-Prometheus-Remote-Write-Version: 0.1.0"};
    post.headers.insert(post.headers.end(), m_headers.begin(), m_headers.end());
    if (!m_bearerToken.empty())
        post.headers.push_back("Authorization: Bearer " + m_bearerToken);
    post.timeoutMs = 5000; // k6's timeout for a push
    post.username = m_username;
    post.password = m_password;
    post.clientCertificate = m_clientCertificate;
    post.clientCertificateKey = m_clientCertificateKey;
    post.insecure = m_insecure;
    const std::string failure = postOutput(post);
    if (!failure.empty() && failure != m_lastFailure)
        m_warn("Prometheus remote write output: " + m_serverUrl + ": " + failure);
    m_lastFailure = failure;
}

} // namespace loadbench::engine
