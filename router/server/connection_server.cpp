#include "server/connection_server.h"

#include "api/api.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <tuple>
#include <unistd.h>
#include <utility>

namespace router {

namespace {

using Clock = std::chrono::steady_clock;

// How long a worker waits for a keep-alive connection's next request before handing it back to the poller
// (only while no other connection waits for a worker): a client that sends at once saves the hand-over.
constexpr int keepAliveLingerMs = 2;
constexpr auto drainTime = std::chrono::seconds(2); // how long an unread upload is discarded before closing
constexpr int descriptorsKept = 64; // file descriptors left for the database, span export and logs

/// Raises the soft file descriptor limit to the hard one and returns how many connections fit under it.
int connectionsThatFit(int wanted) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return wanted;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur == RLIM_INFINITY)
        return wanted;
    return int(std::clamp<rlim_t>(limit.rlim_cur, descriptorsKept + 1, rlim_t(wanted) + descriptorsKept) -
               descriptorsKept);
}

int millisecondsUntil(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return int(std::max<decltype(left)>(left, 0));
}

/// poll() for one descriptor until the deadline; true when it is ready, false also once `wakeFd` (the
/// server's shut-down signal) is readable, so that stopping does not wait for slow clients.
bool waitFor(int fd, short events, Clock::time_point deadline, int wakeFd) {
    for (;;) {
        pollfd entries[]{{fd, events, 0}, {wakeFd, POLLIN, 0}};
        const int ready = ::poll(entries, 2, millisecondsUntil(deadline));
        if (ready > 0)
            return entries[1].revents == 0;
        if (ready == 0 || errno != EINTR)
            return false;
    }
}

std::pair<std::string, int> address(int fd, int (*get)(int, sockaddr*, socklen_t*)) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (get(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return {};
    char host[NI_MAXHOST] = "";
    char service[NI_MAXSERV] = "";
    if (getnameinfo(reinterpret_cast<sockaddr*>(&storage), length, host, sizeof host, service, sizeof service,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return {};
    return {host, std::atoi(service)};
}

} // namespace

/// httplib's view of one request on a connection: first the bytes the poller read (the request line and
/// headers, perhaps more), then the socket, until the body deadline and within the body limit.
class ConnectionServer::RequestStream : public httplib::Stream {
public:
    RequestStream(Connection& connection, const ServerConfig& config, int wakeFd)
        : m_connection(connection)
        , m_config(config)
        , m_wakeFd(wakeFd)
        , m_readDeadline(Clock::now() + std::chrono::milliseconds(config.bodyTimeoutMs))
        , m_headerBytes(connection.headerScanFrom) {}

    /// Called once httplib has parsed the headers: a body past the limit then marks this request.
    void setRequest(httplib::Request& request) { m_request = &request; }

    /// The request was not read to its end (the body limit, the deadline, an error): the client may still
    /// be sending it, so the connection cannot carry another request.
    bool readCutShort() const { return m_readCutShort; }
    bool writeFailed() const { return m_writeFailed; }

    /// The bytes read from the socket that httplib did not take (a pipelined next request).
    std::string takeUnread() { return m_connection.buffer.substr(m_offset); }

    bool is_readable() const override {
        pollfd entry{m_connection.fd, POLLIN, 0};
        return m_offset < m_connection.buffer.size() || ::poll(&entry, 1, 0) > 0;
    }

    bool is_writable() const override {
        pollfd entry{m_connection.fd, POLLOUT, 0};
        return ::poll(&entry, 1, 0) > 0;
    }

    ssize_t read(char* ptr, size_t size) override {
        const std::size_t allowed = m_headerBytes + std::size_t(m_config.maxBodyBytes) - m_delivered;
        if (size > allowed)
            size = allowed;
        if (size == 0) {
            if (m_request)
                m_request->set_header(Api::bodyTooLargeMark, "1");
            m_readCutShort = true;
            return -1;
        }
        if (m_offset == m_connection.buffer.size() && !fill()) {
            m_readCutShort = true;
            return -1;
        }
        const std::size_t n = std::min(size, m_connection.buffer.size() - m_offset);
        std::copy_n(m_connection.buffer.data() + m_offset, n, ptr);
        m_offset += n;
        m_delivered += n;
        return ssize_t(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        const auto deadline = Clock::now() + std::chrono::milliseconds(m_config.writeTimeoutMs);
        for (;;) {
            const ssize_t n = ::send(m_connection.fd, ptr, size, MSG_NOSIGNAL);
            if (n >= 0)
                return n;
            if ((errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
                !waitFor(m_connection.fd, POLLOUT, deadline, m_wakeFd)) {
                m_writeFailed = true;
                return -1;
            }
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        std::tie(ip, port) = address(m_connection.fd, ::getpeername);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        std::tie(ip, port) = address(m_connection.fd, ::getsockname);
    }
    socket_t socket() const override { return m_connection.fd; }

private:
    /// Replaces the consumed buffer with the socket's next bytes; false at the end, an error or the deadline.
    bool fill() {
        m_connection.buffer.clear();
        m_offset = 0;
        char chunk[16384];
        for (;;) {
            const ssize_t n = ::recv(m_connection.fd, chunk, sizeof chunk, 0);
            if (n > 0) {
                m_connection.buffer.assign(chunk, std::size_t(n));
                return true;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
                !waitFor(m_connection.fd, POLLIN, m_readDeadline, m_wakeFd))
                return false;
        }
    }

    Connection& m_connection;
    const ServerConfig& m_config;
    const int m_wakeFd;
    const Clock::time_point m_readDeadline;
    const std::size_t m_headerBytes; // the request line and headers, which the body limit does not count
    std::size_t m_offset = 0;        // into m_connection.buffer
    std::size_t m_delivered = 0;     // bytes given to httplib for this request
    httplib::Request* m_request = nullptr;
    bool m_readCutShort = false;
    bool m_writeFailed = false;
};

ConnectionServer::ConnectionServer(const ServerConfig& config)
    : m_config(config)
    , m_maxConnections(connectionsThatFit(config.maxConnections)) {
    set_tcp_nodelay(true);
    // Only for the Keep-Alive header of httplib's answers; the timeout itself is ours.
    set_keep_alive_timeout(std::max(1, config.keepAliveTimeoutMs / 1000));
    set_keep_alive_max_count(100000); // only for the Keep-Alive header: we close no connection for its count
    set_payload_max_length(std::size_t(config.maxBodyBytes));
}

ConnectionServer::~ConnectionServer() {
    shutDown();
    for (std::thread& worker : m_workers)
        worker.join();
    for (auto& [fd, connection] : m_waiting)
        ::close(fd);
    for (const ConnectionPtr& connection : m_ready)
        ::close(connection->fd);
    for (int fd : {m_listenFd, m_epollFd, m_wakeFd})
        if (fd >= 0)
            ::close(fd);
}

int ConnectionServer::bindAndListen(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0)
        return -1;
    const std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(found, freeaddrinfo);
    for (const addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        // SO_REUSEADDR but not SO_REUSEPORT, which would let a second router share the port silently.
        const int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, m_config.backlog) == 0) {
            m_listenFd = fd;
            break;
        }
        ::close(fd);
    }
    if (m_listenFd < 0)
        return -1;
    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    for (int fd : {m_listenFd, m_wakeFd}) {
        epoll_event event{EPOLLIN, {.fd = fd}};
        epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &event);
    }
    return address(m_listenFd, ::getsockname).second;
}

void ConnectionServer::serve() {
    for (int i = 0; i < m_config.workers; ++i)
        m_workers.emplace_back([this] { work(); });
    epoll_event events[256];
    auto nextExpiry = Clock::now();
    while (!m_stopping) {
        const int count = epoll_wait(m_epollFd, events, 256, 100);
        for (int i = 0; i < count; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_listenFd)
                acceptConnections();
            else if (fd != m_wakeFd)
                handOver(fd);
        }
        if (Clock::now() >= nextExpiry) { // deadlines are kept to a tenth of a second, which is enough
            closeExpired();
            nextExpiry = Clock::now() + std::chrono::milliseconds(100);
        }
    }
    m_readyChanged.notify_all();
    for (std::thread& worker : m_workers)
        worker.join();
    m_workers.clear();
}

void ConnectionServer::shutDown() {
    m_stopping = true;
    if (m_wakeFd >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_wakeFd, &one, sizeof one);
    }
    m_readyChanged.notify_all();
}

void ConnectionServer::acceptConnections() {
    for (;;) {
        const int fd = accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE) // out of descriptors: wait a little rather than spin
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return;
        }
        if (m_open >= m_maxConnections) { // refused at once, so that the client does not wait in the queue
            ::close(fd);
            continue;
        }
        ++m_open;
        const int yes = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes); // small answers must not wait for Nagle
        auto connection = std::make_unique<Connection>();
        connection->fd = fd;
        connection->idle = false; // a new connection has header_timeout_ms to send its request
        connection->deadline = Clock::now() + std::chrono::milliseconds(m_config.headerTimeoutMs);
        waitForRequest(std::move(connection));
    }
}

void ConnectionServer::waitForRequest(ConnectionPtr connection) {
    const int fd = connection->fd;
    const bool registered = std::exchange(connection->registered, true);
    std::lock_guard lock(m_mutex);
    m_waiting.emplace(fd, std::move(connection));
    epoll_event event{EPOLLIN | EPOLLONESHOT, {.fd = fd}};
    epoll_ctl(m_epollFd, registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}

void ConnectionServer::closeConnection(ConnectionPtr connection) {
    ::close(connection->fd); // also takes it out of the epoll set
    --m_open;
}

void ConnectionServer::drainAndClose(ConnectionPtr connection) {
    if (m_stopping || ::shutdown(connection->fd, SHUT_WR) != 0) {
        closeConnection(std::move(connection));
        return;
    }
    connection->draining = true;
    connection->deadline = Clock::now() + drainTime;
    waitForRequest(std::move(connection));
}

bool ConnectionServer::hasCompleteHeaders(Connection& connection) const {
    const std::size_t end = connection.buffer.find("\r\n\r\n", connection.headerScanFrom);
    if (end == std::string::npos) {
        connection.headerScanFrom = connection.buffer.size() < 3 ? 0 : connection.buffer.size() - 3;
        return false;
    }
    connection.headerScanFrom = end + 4; // from here on: the header length, for RequestStream
    return true;
}

void ConnectionServer::handOver(int fd) {
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_waiting.find(fd);
        if (it == m_waiting.end())
            return;
        m_ready.push_back(std::move(it->second)); // its one-shot event is now off until waitForRequest
        m_waiting.erase(it);
    }
    m_readyChanged.notify_one();
}

ConnectionServer::Arrival ConnectionServer::receive(Connection& connection) const {
    char chunk[16384];
    const ssize_t n = ::recv(connection.fd, chunk, sizeof chunk, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return Arrival::NotYet;
    if (n <= 0)
        return Arrival::Close;
    if (connection.draining)
        return Arrival::NotYet;
    if (connection.idle) { // a keep-alive request begins: from now on its headers have a deadline
        connection.idle = false;
        connection.deadline = Clock::now() + std::chrono::milliseconds(m_config.headerTimeoutMs);
    }
    connection.buffer.append(chunk, std::size_t(n));
    if (hasCompleteHeaders(connection))
        return Arrival::Headers;
    return connection.buffer.size() > std::size_t(m_config.maxHeaderBytes) ? Arrival::Close : Arrival::NotYet;
}

void ConnectionServer::closeExpired() {
    std::vector<ConnectionPtr> expired;
    {
        std::lock_guard lock(m_mutex);
        const auto now = Clock::now();
        for (auto it = m_waiting.begin(); it != m_waiting.end();) {
            if (it->second->deadline <= now) {
                expired.push_back(std::move(it->second));
                it = m_waiting.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (ConnectionPtr& connection : expired)
        closeConnection(std::move(connection));
}

void ConnectionServer::work() {
    for (;;) {
        ConnectionPtr connection;
        {
            std::unique_lock lock(m_mutex);
            m_readyChanged.wait(lock, [this] { return m_stopping || !m_ready.empty(); });
            if (m_stopping)
                return;
            connection = std::move(m_ready.front());
            m_ready.pop_front();
        }
        const Arrival arrival = receive(*connection);
        if (arrival == Arrival::Close) {
            closeConnection(std::move(connection));
            continue;
        }
        if (arrival == Arrival::NotYet) {
            waitForRequest(std::move(connection)); // keeps its deadline
            continue;
        }
        After after = answer(*connection);
        while (
            after == After::KeepOpen && !m_stopping &&
            (hasCompleteHeaders(*connection) || nextRequestArrives(*connection))) // pipelined ones in order
            after = answer(*connection);
        if (after == After::DrainThenClose) {
            drainAndClose(std::move(connection));
            continue;
        }
        if (after == After::Close || m_stopping) {
            closeConnection(std::move(connection));
            continue;
        }
        connection->idle = connection->buffer.empty();
        connection->deadline =
            Clock::now() + std::chrono::milliseconds(connection->idle ? m_config.keepAliveTimeoutMs
                                                                      : m_config.headerTimeoutMs);
        waitForRequest(std::move(connection));
    }
}

bool ConnectionServer::nextRequestArrives(Connection& connection) {
    if (!connection.buffer.empty())
        return false; // part of a request: the poller keeps it under the header deadline
    {
        std::lock_guard lock(m_mutex);
        if (!m_ready.empty())
            return false;
    }
    pollfd entry{connection.fd, POLLIN, 0};
    if (::poll(&entry, 1, keepAliveLingerMs) != 1)
        return false;
    return receive(connection) == Arrival::Headers; // else the poller sees an end or error again
}

ConnectionServer::After ConnectionServer::answer(Connection& connection) {
    RequestStream stream(connection, m_config, m_wakeFd);
    bool closeRequested = false;
    const bool answered = process_request(stream, false, closeRequested, [&](httplib::Request& request) {
        request.headers.erase(Api::bodyTooLargeMark); // only we may set it
        stream.setRequest(request);
    });
    connection.buffer = stream.takeUnread();
    connection.headerScanFrom = 0;
    if (!answered || stream.writeFailed())
        return After::Close;
    if (stream.readCutShort())
        return After::DrainThenClose;
    return closeRequested ? After::Close : After::KeepOpen;
}

} // namespace router
