#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace loadbench {

/// Where the kit's Grafana is and the fixed uids its provisioning gives; defaults match grafana/ and .env.
struct GrafanaSettings {
    std::string url = "http://localhost:3002";          // GRAFANA_URL
    std::string dashboardUid = "loadbench-k6";          // GRAFANA_DASHBOARD_UID
    std::string dashboardSlug = "k6-load-test";         // the slug of the dashboard's title
    std::string tempoDatasourceUid = "loadbench-tempo"; // TEMPO_DATASOURCE_UID
    std::string serviceName = "loadbench-router"; // ROUTER_SERVICE_NAME: the service whose traces a run makes

    /// The settings a workspace's .env gives, defaults for the rest.
    static GrafanaSettings fromEnv(const std::map<std::string, std::string>& env);
};

/// A run's time window, in milliseconds since the Unix epoch.
struct TimeWindow {
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
};

/// `<grafana>/d/<uid>/<slug>?orgId=1&from=…&to=…&var-run=…&var-script=…`: the k6 dashboard for exactly the
/// run.
std::string dashboardUrl(const GrafanaSettings& settings, TimeWindow window, const std::string& run,
                         const std::string& script);
/// Grafana Explore on Tempo with a TraceQL search for the service's traces in the window.
std::string tempoSearchUrl(const GrafanaSettings& settings, TimeWindow window);
/// Grafana Explore on Tempo showing one trace (32 hex digits).
std::string traceUrl(const GrafanaSettings& settings, const std::string& traceId, TimeWindow window);

} // namespace loadbench
