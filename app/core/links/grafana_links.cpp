#include "core/links/grafana_links.h"

#include <QUrl>
#include <QUrlQuery>
#include <nlohmann/json.hpp>

namespace loadbench {

namespace {

std::string base(const GrafanaSettings& settings) {
    std::string url = settings.url;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

/// Explore's `panes` parameter, as Grafana 10+ reads it: one pane on the Tempo datasource.
std::string exploreUrl(const GrafanaSettings& settings, const std::string& query, TimeWindow window) {
    const nlohmann::ordered_json datasource{{"type", "tempo"}, {"uid", settings.tempoDatasourceUid}};
    const nlohmann::ordered_json panes{
        {"a1b",
         {{"datasource", settings.tempoDatasourceUid},
          {"queries",
           {{{"refId", "A"}, {"datasource", datasource}, {"queryType", "traceql"}, {"query", query}}}},
          {"range", {{"from", std::to_string(window.fromMs)}, {"to", std::to_string(window.toMs)}}}}}};
    QUrlQuery parameters;
    parameters.addQueryItem("schemaVersion", "1");
    parameters.addQueryItem("orgId", "1");
    parameters.addQueryItem("panes", QString::fromStdString(panes.dump()));
    QUrl url(QString::fromStdString(base(settings) + "/explore"));
    url.setQuery(parameters.query(QUrl::FullyEncoded).replace("+", "%2B"), QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded).toStdString();
}

} // namespace

GrafanaSettings GrafanaSettings::fromEnv(const std::map<std::string, std::string>& env) {
    GrafanaSettings settings;
    const auto take = [&](const char* key, std::string& into) {
        if (const auto it = env.find(key); it != env.end() && !it->second.empty())
            into = it->second;
    };
    take("GRAFANA_URL", settings.url);
    take("GRAFANA_DASHBOARD_UID", settings.dashboardUid);
    take("TEMPO_DATASOURCE_UID", settings.tempoDatasourceUid);
    take("ROUTER_SERVICE_NAME", settings.serviceName);
    return settings;
}

std::string dashboardUrl(const GrafanaSettings& settings, TimeWindow window, const std::string& run,
                         const std::string& script) {
    QUrlQuery parameters;
    parameters.addQueryItem("orgId", "1");
    parameters.addQueryItem("from", QString::number(window.fromMs));
    parameters.addQueryItem("to", QString::number(window.toMs));
    parameters.addQueryItem("var-run", QString::fromStdString(run));
    parameters.addQueryItem("var-script", QString::fromStdString(script));
    QUrl url(QString::fromStdString(base(settings) + "/d/" + settings.dashboardUid + "/" +
                                    settings.dashboardSlug));
    url.setQuery(parameters);
    return url.toString(QUrl::FullyEncoded).toStdString();
}

std::string tempoSearchUrl(const GrafanaSettings& settings, TimeWindow window) {
    return exploreUrl(settings, "{resource.service.name=\"" + settings.serviceName + "\"}", window);
}

std::string traceUrl(const GrafanaSettings& settings, const std::string& traceId, TimeWindow window) {
    return exploreUrl(settings, traceId, window);
}

} // namespace loadbench
