#include "engine/js/modules/http_workers.h"

namespace loadbench::engine {

HttpWorkers::HttpWorkers(HttpClient::Debug debug, HttpOptions transport)
    : m_debug(debug)
    , m_transport(std::move(transport)) {}

HttpWorkers::~HttpWorkers() {
    for (Worker& worker : m_workers)
        worker.thread.join();
}

std::unique_ptr<HttpClient> HttpWorkers::takeClient() {
    const std::lock_guard lock(m_mutex);
    if (m_idle.empty()) {
        auto client = std::make_unique<HttpClient>();
        client->setDebug(m_debug);
        client->setTransport(m_transport);
        return client;
    }
    std::unique_ptr<HttpClient> client = std::move(m_idle.back());
    m_idle.pop_back();
    return client;
}

void HttpWorkers::send(HttpRequest request, const std::atomic<bool>* interrupt,
                       std::function<void(HttpResponse)> done) {
    m_workers.remove_if([](Worker& worker) {
        if (!worker.finished.load())
            return false;
        worker.thread.join();
        return true;
    });
    Worker& worker = m_workers.emplace_back();
    worker.thread = std::thread([this, &worker, client = takeClient(), request = std::move(request),
                                 interrupt, done = std::move(done)]() mutable {
        done(client->send(request, interrupt));
        {
            const std::lock_guard lock(m_mutex);
            m_idle.push_back(std::move(client));
        }
        worker.finished = true;
    });
}

} // namespace loadbench::engine
