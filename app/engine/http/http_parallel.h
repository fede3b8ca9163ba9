#pragma once

#include "engine/http/http_client.h"
#include "engine/options/engine_options.h"

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace loadbench::engine {

/// Several of one VU's requests at once (http.batch), on libcurl's multi interface and the VU's own thread:
/// each request on an HttpClient of its own, their connections the VU's (HttpConnections). Not thread-safe,
/// as HttpClient.
class HttpParallel {
public:
    /// Its clients keep their connections in `connections`, which must outlive it.
    HttpParallel(HttpClient::Debug debug, HttpOptions transport, HttpConnections& connections);
    ~HttpParallel();
    HttpParallel(const HttpParallel&) = delete;
    HttpParallel& operator=(const HttpParallel&) = delete;

    /// Starts sending `request` (which must live until wait() returns it), named `tag` in wait()'s results;
    /// `interrupt` turning true aborts it.
    void start(std::size_t tag, const HttpRequest& request, const std::atomic<bool>* interrupt);
    /// Waits until at least one started request is done and returns those done with their tags; empty when
    /// none is in flight.
    std::vector<std::pair<std::size_t, HttpResponse>> wait();

private:
    struct Running {
        std::unique_ptr<HttpClient> client;
        std::size_t tag;
    };
    /// Takes the finished transfers off the multi handle into `done`.
    void collect(std::vector<std::pair<std::size_t, HttpResponse>>& done);

    const HttpClient::Debug m_debug;
    const HttpOptions m_transport;
    HttpConnections& m_connections;
    void* m_multi; // CURLM
    std::vector<std::unique_ptr<HttpClient>> m_idle;
    std::map<void*, Running> m_running; // by curl easy handle
    std::vector<std::pair<std::size_t, HttpResponse>> m_failedToStart;
};

} // namespace loadbench::engine
