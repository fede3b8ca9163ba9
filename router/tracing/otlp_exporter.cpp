#include "tracing/otlp_exporter.h"

#include <curl/curl.h>
#include <mutex>
#include <nlohmann/json.hpp>

namespace router {

namespace {

nlohmann::json attributeValue(const AttributeValue& value) {
    return std::visit(
        [](const auto& v) -> nlohmann::json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>)
                return {{"stringValue", v}};
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return {{"intValue", std::to_string(v)}}; // int64 is a string in protobuf's JSON mapping
            else if constexpr (std::is_same_v<T, double>)
                return {{"doubleValue", v}};
            else
                return {{"boolValue", v}};
        },
        value);
}

nlohmann::json spanJson(const SpanData& span) {
    nlohmann::json attributes = nlohmann::json::array();
    for (const SpanAttribute& attribute : span.attributes)
        attributes.push_back({{"key", attribute.key}, {"value", attributeValue(attribute.value)}});
    nlohmann::json json{{"traceId", span.traceId},
                        {"spanId", span.spanId},
                        {"name", span.name},
                        {"kind", int(span.kind)},
                        {"startTimeUnixNano", std::to_string(span.startUnixNs)},
                        {"endTimeUnixNano", std::to_string(span.endUnixNs)},
                        {"attributes", std::move(attributes)}};
    if (!span.parentSpanId.empty())
        json["parentSpanId"] = span.parentSpanId;
    json["status"] = span.error ? nlohmann::json{{"code", 2}, {"message", span.statusMessage}}
                                : nlohmann::json{{"code", 0}};
    return json;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

} // namespace

std::string encodeOtlpJson(const std::vector<SpanData>& spans, const std::string& serviceName) {
    nlohmann::json list = nlohmann::json::array();
    for (const SpanData& span : spans)
        list.push_back(spanJson(span));
    const nlohmann::json request{
        {"resourceSpans",
         {{{"resource",
            {{"attributes", {{{"key", "service.name"}, {"value", {{"stringValue", serviceName}}}}}}}},
           {"scopeSpans", {{{"scope", {{"name", "loadbench-router"}}}, {"spans", std::move(list)}}}}}}}};
    // Replaced, not thrown on (which would end the export thread and the router): a target or message may
    // carry a client's invalid UTF-8.
    return request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

OtlpExporter::OtlpExporter(std::string endpoint, std::string serviceName,
                           std::function<void(const std::string&)> log)
    : m_url(endpoint.ends_with("/v1/traces")
                ? endpoint
                : (endpoint.ends_with('/') ? endpoint.substr(0, endpoint.size() - 1) : endpoint) +
                      "/v1/traces")
    , m_serviceName(std::move(serviceName))
    , m_log(std::move(log)) {
    static std::once_flag curlInit;
    std::call_once(curlInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_thread = std::thread([this] { run(); });
}

OtlpExporter::~OtlpExporter() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void OtlpExporter::submit(SpanData span) {
    std::unique_lock lock(m_mutex);
    if (m_queue.size() >= maxQueued) {
        ++m_dropped;
        return;
    }
    m_queue.push_back(std::move(span));
    if (m_queue.size() == maxBatch) {
        lock.unlock();
        m_wake.notify_one();
    }
}

void OtlpExporter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, interval, [this] { return m_stopping || m_queue.size() >= maxBatch; });
        const bool last = m_stopping;
        while (!m_queue.empty()) {
            const std::size_t count = std::min(m_queue.size(), maxBatch);
            std::vector<SpanData> batch(std::make_move_iterator(m_queue.begin()),
                                        std::make_move_iterator(m_queue.begin() + std::ptrdiff_t(count)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + std::ptrdiff_t(count));
            lock.unlock();
            send(batch);
            lock.lock();
            if (m_queue.size() < maxBatch && !last)
                break; // the rest waits for the next interval, to make full batches
        }
        if (last)
            return;
    }
}

void OtlpExporter::send(const std::vector<SpanData>& batch) {
    const std::string body = encodeOtlpJson(batch, m_serviceName);
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, m_url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // no SIGALRM for timeouts in a threaded program
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
    const CURLcode result = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    std::string failure;
    if (result != CURLE_OK)
        failure = *error ? error : curl_easy_strerror(result);
    else if (status < 200 || status > 299)
        failure = "HTTP " + std::to_string(status);

    std::lock_guard lock(m_mutex);
    if (!failure.empty()) {
        m_dropped += batch.size();
        if (!m_failing)
            m_log("OTLP export to " + m_url + " failed: " + failure +
                  "; spans are dropped until it works again");
        m_failing = true;
    } else if (m_failing) {
        m_log("OTLP export to " + m_url + " works again; " + std::to_string(m_dropped) +
              " spans were dropped");
        m_failing = false;
        m_dropped = 0;
    }
}

} // namespace router
