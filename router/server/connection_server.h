#pragma once

#include "config/config.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <httplib.h>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace router {

/// httplib's request handling behind our own connection handling, because cpp-httplib 0.11.4 gives each
/// connection a worker thread for its whole life, has no deadline for a request's headers, no bound for a
/// chunked body and a listen backlog of 5 compiled in. Here one thread polls every connection that waits
/// (for its first bytes, for the rest of its headers, idle between keep-alive requests) and closes it when
/// its deadline passes; a worker reads what a readable connection sent without blocking, answers its request
/// with httplib's `process_request` once its headers are complete, and hands the connection back. So slow or
/// idle connections cost no worker, and `max_connections` of them can wait while new requests are still
/// answered.
class ConnectionServer : public httplib::Server {
public:
    explicit ConnectionServer(const ServerConfig& config);
    ~ConnectionServer() override;

    /// Binds host:port (0: a free port) and listens with the configured backlog; the port, or -1 with errno.
    int bindAndListen(const std::string& host, int port);

    /// Serves until shutDown(); the workers finish the requests they are answering.
    void serve();

    /// Safe from any thread, also before serve().
    void shutDown();

    /// The open-connection bound actually used: max_connections, lowered to fit the file descriptor limit.
    int maxConnections() const { return m_maxConnections; }

private:
    struct Connection {
        int fd = -1;
        std::string buffer;             // bytes read but not yet given to httplib
        std::size_t headerScanFrom = 0; // where to continue looking for the blank line ending the headers
        std::chrono::steady_clock::time_point deadline;
        bool idle = true; // waiting for a request's first byte (keep-alive timeout), else for its headers
        bool registered = false; // in the epoll set (its one-shot event re-armed for each wait)
        bool draining = false; // answered and shut for writing; the rest of the client's upload is discarded
    };
    class RequestStream;
    using ConnectionPtr = std::unique_ptr<Connection>;

    void acceptConnections();
    /// Poller: a waiting connection became readable; a worker reads it.
    void handOver(int fd);
    enum class Arrival { Headers, NotYet, Close };
    /// Worker: reads what a readable connection sent, without blocking.
    Arrival receive(Connection& connection) const;
    void closeExpired();
    void waitForRequest(ConnectionPtr connection);
    void closeConnection(ConnectionPtr connection);
    /// Closes a connection whose request was not read to its end, after its answer: discarding what the
    /// client still sends for a moment, so that the kernel does not reset the connection before the client
    /// has read the answer.
    void drainAndClose(ConnectionPtr connection);
    bool hasCompleteHeaders(Connection& connection) const;
    void work();
    /// Waits a moment in the worker for a keep-alive connection's next request; true when its headers came.
    bool nextRequestArrives(Connection& connection);
    enum class After { KeepOpen, Close, DrainThenClose };
    /// Answers the request whose headers are in connection.buffer; what then becomes of the connection.
    After answer(Connection& connection);

    const ServerConfig m_config;
    int m_maxConnections;
    int m_listenFd = -1;
    int m_epollFd = -1;
    int m_wakeFd = -1; // an eventfd that interrupts the poll for shutDown()
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_open{0};

    std::mutex m_mutex;
    std::map<int, ConnectionPtr> m_waiting; // polled connections by descriptor
    std::deque<ConnectionPtr> m_ready;      // connections with complete headers, for the workers
    std::condition_variable m_readyChanged;
    std::vector<std::thread> m_workers;
};

} // namespace router
