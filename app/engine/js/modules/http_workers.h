#pragma once

#include "engine/http/http_client.h"

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace loadbench::engine {

/// Sends one VU's asynchronous requests (http.asyncRequest) off its thread: each on a thread of its own with
/// a client taken from the VU's pool of idle ones (kept for their connections), so they run while the VU's
/// JavaScript goes on, and at the same time as each other. Each hop (a redirect, a digest answer) is a send()
/// of its own: HttpModule handles what is between hops on the VU's thread.
class HttpWorkers {
public:
    /// Each client with the test's TLS and host-mapping options (`transport`), as the VU's own.
    HttpWorkers(HttpClient::Debug debug, HttpOptions transport);
    /// Waits for the requests still in flight.
    ~HttpWorkers();
    HttpWorkers(const HttpWorkers&) = delete;
    HttpWorkers& operator=(const HttpWorkers&) = delete;

    /// Sends `request` on a worker, `interrupt` turning true aborting it; `done` runs on that worker.
    void send(HttpRequest request, const std::atomic<bool>* interrupt,
              std::function<void(HttpResponse)> done);

private:
    struct Worker {
        std::thread thread;
        std::atomic<bool> finished{false};
    };
    std::unique_ptr<HttpClient> takeClient();

    const HttpClient::Debug m_debug;
    const HttpOptions m_transport;
    std::mutex m_mutex; // guards m_idle
    std::vector<std::unique_ptr<HttpClient>> m_idle;
    std::list<Worker> m_workers; // the sending VU's thread only
};

} // namespace loadbench::engine
