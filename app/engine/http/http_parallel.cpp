#include "engine/http/http_parallel.h"

#include <curl/curl.h>

namespace loadbench::engine {

HttpParallel::HttpParallel(HttpClient::Debug debug, HttpOptions transport, HttpConnections& connections)
    : m_debug(debug)
    , m_transport(std::move(transport))
    , m_connections(connections)
    , m_multi(curl_multi_init()) {}

HttpParallel::~HttpParallel() {
    for (auto& [easy, running] : m_running)
        curl_multi_remove_handle(m_multi, easy);
    m_running.clear();
    m_idle.clear();
    curl_multi_cleanup(m_multi);
}

void HttpParallel::start(std::size_t tag, const HttpRequest& request, const std::atomic<bool>* interrupt) {
    std::unique_ptr<HttpClient> client;
    if (m_idle.empty()) {
        client = std::make_unique<HttpClient>();
        client->setDebug(m_debug);
        client->shareConnections(m_connections);
        client->setTransport(m_transport);
    } else {
        client = std::move(m_idle.back());
        m_idle.pop_back();
    }
    void* easy = client->start(request, interrupt);
    const CURLMcode added = curl_multi_add_handle(m_multi, easy);
    if (added != CURLM_OK) {
        HttpResponse failed = client->complete(CURLE_FAILED_INIT);
        failed.error = std::string("request not started: ") + curl_multi_strerror(added);
        m_failedToStart.emplace_back(tag, std::move(failed));
        m_idle.push_back(std::move(client));
        return;
    }
    m_running.emplace(easy, Running{std::move(client), tag});
}

void HttpParallel::collect(std::vector<std::pair<std::size_t, HttpResponse>>& done) {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        const auto running = m_running.find(message->easy_handle);
        curl_multi_remove_handle(m_multi, message->easy_handle);
        if (running == m_running.end())
            continue;
        done.emplace_back(running->second.tag, running->second.client->complete(message->data.result));
        m_idle.push_back(std::move(running->second.client));
        m_running.erase(running);
    }
}

std::vector<std::pair<std::size_t, HttpResponse>> HttpParallel::wait() {
    std::vector<std::pair<std::size_t, HttpResponse>> done = std::move(m_failedToStart);
    m_failedToStart.clear();
    while (done.empty() && !m_running.empty()) {
        int active = 0;
        curl_multi_perform(m_multi, &active);
        collect(done);
        // A short poll: the transfers' progress callbacks, which see an interrupt, run only in perform().
        if (done.empty())
            curl_multi_poll(m_multi, nullptr, 0, 100, nullptr);
    }
    return done;
}

} // namespace loadbench::engine
