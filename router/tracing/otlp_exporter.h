#pragma once

#include "tracing/span.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace router {

/// The spans as an OTLP/HTTP JSON ExportTraceServiceRequest of one resource (`service.name`) and one scope.
std::string encodeOtlpJson(const std::vector<SpanData>& spans, const std::string& serviceName);

/// Sends finished spans to `<endpoint>/v1/traces` as OTLP/HTTP JSON, in batches, from its own thread: a
/// request only queues its spans. When the endpoint fails, spans are dropped (the queue is bounded) and one
/// line goes to `log` when exporting stops working and one when it works again; requests never notice.
class OtlpExporter : public SpanSink {
public:
    static constexpr std::size_t maxBatch = 512;                      // spans a POST
    static constexpr std::size_t maxQueued = 16384;                   // beyond this, new spans are dropped
    static constexpr auto interval = std::chrono::milliseconds(1000); // a partial batch waits at most this

    OtlpExporter(std::string endpoint, std::string serviceName, std::function<void(const std::string&)> log);
    /// Exports what is queued (one try), then stops.
    ~OtlpExporter() override;

    void submit(SpanData span) override;

private:
    void run();
    void send(const std::vector<SpanData>& batch);

    std::string m_url;
    std::string m_serviceName;
    std::function<void(const std::string&)> m_log;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<SpanData> m_queue;
    std::size_t m_dropped = 0; // by a full queue or a failed export, since the last report
    bool m_stopping = false;
    bool m_failing = false;
    std::thread m_thread;
};

} // namespace router
