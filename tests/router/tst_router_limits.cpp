// The real loadbench-router under hostile but ordinary clients: slow headers, idle keep-alive connections,
// oversized and malformed bodies, connect bursts. Each test asserts what the server does, never how fast.
#include "router_test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>

using namespace routertest;
using nlohmann::json;

namespace {

/// One blocking TCP connection to the router, for requests httplib's client cannot send (partial, slow).
class RawConnection {
public:
    explicit RawConnection(int port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(std::uint16_t(port));
        const timeval timeout{30, 0}; // a bound for a broken server, never reached by a working one
        setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~RawConnection() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return m_fd >= 0; }

    /// False when the server closed the connection.
    bool send(const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            sent += std::size_t(n);
        }
        return true;
    }

    /// Reads one answer (headers and a Content-Length body); its status, 0 when the connection ended first.
    int readAnswer(std::string* body = nullptr) {
        while (m_received.find("\r\n\r\n") == std::string::npos)
            if (!receive())
                return 0;
        const std::size_t headerEnd = m_received.find("\r\n\r\n") + 4;
        const std::string head = m_received.substr(0, headerEnd);
        std::size_t length = 0;
        if (const auto at = QString::fromStdString(head).indexOf("Content-Length:", 0, Qt::CaseInsensitive);
            at >= 0)
            length = std::stoul(head.substr(std::size_t(at) + 15));
        while (m_received.size() < headerEnd + length)
            if (!receive())
                return 0;
        if (body)
            *body = m_received.substr(headerEnd, length);
        m_received.erase(0, headerEnd + length);
        return head.starts_with("HTTP/1.1 ") ? std::stoi(head.substr(9, 3)) : 0;
    }

    /// Waits for the server to close the connection, discarding anything it sends; false when it did not
    /// within the socket's read timeout.
    bool closedByServer() {
        for (;;) {
            char chunk[4096];
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n == 0 || (n < 0 && errno == ECONNRESET))
                return true;
            if (n < 0)
                return false;
        }
    }

private:
    bool receive() {
        char chunk[4096];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        m_received.append(chunk, std::size_t(n));
        return true;
    }

    int m_fd = -1;
    std::string m_received;
};

const std::string healthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const std::string partialHeaders = "POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: test_admin\r\n";

/// Lets this process hold `count` connections (the soft descriptor limit is often 1,024).
bool allowDescriptors(rlim_t count) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < count + 64)
        limit.rlim_cur = std::min(limit.rlim_max, count + 64);
    return setrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur >= count + 64;
}

} // namespace

class TestRouterLimits : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    /// A router with 4 workers (fewer than the connections each test holds) and `settings` over the base.
    bool start(RouterProcess& router, QMap<QString, QString> settings) {
        settings.insert("ROUTER__SERVER__WORKERS", "4");
        settings.insert("ROUTER__DATABASE__URL",
                        "sqlite://" + m_dir.filePath(QString("router-%1.db").arg(m_routers++)));
        const QString config = writeFile(m_dir.filePath("router.toml"), baseConfig);
        if (!router.start(config, settings)) {
            qWarning("%s", qPrintable(router.error()));
            return false;
        }
        return true;
    }
    int m_routers = 0;

private slots:
    void initTestCase() { QVERIFY(allowDescriptors(1200)); }

    void slowHeadersDoNotBlockOtherRequests() {
        RouterProcess router;
        QVERIFY(start(router, {{"ROUTER__SERVER__HEADER_TIMEOUT_MS", "600000"}}));
        std::vector<std::unique_ptr<RawConnection>> slow;
        for (int i = 0; i < 100; ++i) {
            slow.push_back(std::make_unique<RawConnection>(router.port()));
            QVERIFY(slow.back()->connected());
            QVERIFY(slow.back()->send(partialHeaders));
        }
        QCOMPARE(router.call("GET", "/health").status, 200);
        // The slow ones are still open and unanswered: their headers have time left.
        for (auto& connection : slow)
            QVERIFY(connection->send("x-more: 1\r\n"));
    }

    void slowHeadersAreClosedAtTheDeadline_data() {
        QTest::addColumn<int>("linesAfterwards"); // header lines sent one by one after the first ones
        QTest::newRow("silent after partial headers") << 0;
        QTest::newRow("trickling a line at a time") << 1000;
    }
    void slowHeadersAreClosedAtTheDeadline() {
        QFETCH(int, linesAfterwards);
        RouterProcess router;
        QVERIFY(start(router, {{"ROUTER__SERVER__HEADER_TIMEOUT_MS", "300"}}));
        RawConnection connection(router.port());
        QVERIFY(connection.send(partialHeaders));
        int sent = 0;
        while (sent < linesAfterwards && connection.send("x-slow: " + std::to_string(sent) + "\r\n")) {
            ++sent;
            QTest::qWait(10);
        }
        QVERIFY2(sent < linesAfterwards || linesAfterwards == 0, "the server kept a trickling request open");
        QVERIFY(connection.closedByServer());
        QCOMPARE(router.call("GET", "/health").status, 200);
    }

    void idleKeepAliveConnectionsDoNotBlockNewOnes() {
        RouterProcess router;
        QVERIFY(start(router, {{"ROUTER__SERVER__KEEP_ALIVE_TIMEOUT_MS", "600000"}}));
        std::vector<std::unique_ptr<RawConnection>> idle;
        for (int i = 0; i < 200; ++i) {
            idle.push_back(std::make_unique<RawConnection>(router.port()));
            QVERIFY(idle.back()->send(healthRequest));
            QCOMPARE(idle.back()->readAnswer(), 200);
        }
        QCOMPARE(router.call("GET", "/health").status, 200);
        // Each idle one still carries its next request.
        QVERIFY(idle.front()->send(healthRequest));
        QCOMPARE(idle.front()->readAnswer(), 200);
    }

    void idleKeepAliveConnectionsAreClosedAfterTheTimeout() {
        RouterProcess router;
        QVERIFY(start(router, {{"ROUTER__SERVER__KEEP_ALIVE_TIMEOUT_MS", "200"}}));
        RawConnection connection(router.port());
        QVERIFY(connection.send(healthRequest));
        QCOMPARE(connection.readAnswer(), 200);
        QVERIFY(connection.closedByServer());
    }

    void connectBurstIsAccepted() {
        RouterProcess router;
        QVERIFY(start(router, {}));
        std::vector<std::unique_ptr<RawConnection>> burst;
        for (int i = 0; i < 1000; ++i) // all connected before any is served
            burst.push_back(std::make_unique<RawConnection>(router.port()));
        for (std::size_t i = 0; i < burst.size(); ++i) // stops at the first failure: bounded by one timeout
            QVERIFY2(burst[i]->connected() && burst[i]->send(healthRequest) && burst[i]->readAnswer() == 200,
                     qPrintable(QString("connection %1 of %2 got no answer").arg(i + 1).arg(burst.size())));
    }

    void connectionsPastTheLimitAreClosed() {
        RouterProcess router;
        QVERIFY(start(router, {{"ROUTER__SERVER__MAX_CONNECTIONS", "10"}}));
        std::vector<std::unique_ptr<RawConnection>> open;
        for (int i = 0; i < 10; ++i) {
            open.push_back(std::make_unique<RawConnection>(router.port()));
            QVERIFY(open.back()->send(healthRequest));
            QCOMPARE(open.back()->readAnswer(), 200);
        }
        RawConnection extra(router.port());
        QVERIFY(extra.closedByServer());
        open.pop_back(); // one closed by the client makes room again
        QTest::qWait(50);
        bool answered = false;
        for (int attempt = 0; attempt < 100 && !answered; ++attempt) { // until the router saw the close
            RawConnection next(router.port());
            answered = next.send(healthRequest) && next.readAnswer() == 200;
            if (!answered)
                QTest::qWait(20);
        }
        QVERIFY(answered);
    }

    void oversizedBodies_data() {
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("2 MiB chunked") << true << (2 << 20) << 413 << "payload_too_large";
        QTest::newRow("2 MiB with Content-Length") << false << (2 << 20) << 413 << "payload_too_large";
        QTest::newRow("small chunked, read whole") << true << 1000 << 400 << "malformed_json";
    }
    void oversizedBodies() {
        QFETCH(bool, chunked);
        QFETCH(int, bytes);
        QFETCH(int, status);
        QFETCH(QString, code);
        RouterProcess router;
        QVERIFY(start(router, {}));
        RawConnection connection(router.port());
        const std::string body = "[" + std::string(std::size_t(bytes - 1), '1'); // never valid JSON
        std::string request = "POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: test_admin\r\n"
                              "Content-Type: application/json\r\n";
        if (chunked) {
            request += "Transfer-Encoding: chunked\r\n\r\n";
            for (std::size_t at = 0; at < body.size(); at += 16384) {
                const std::string piece = body.substr(at, 16384);
                request +=
                    QByteArray::number(qsizetype(piece.size()), 16).toStdString() + "\r\n" + piece + "\r\n";
            }
            request += "0\r\n\r\n";
        } else {
            request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        }
        connection.send(request); // the server may stop reading a body past the limit
        std::string answer;
        QCOMPARE(connection.readAnswer(&answer), status);
        QCOMPARE(str(json::parse(answer)["error"]["code"]), code);
    }

    void badBodies_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("1e400") << QByteArray(R"({"merchant_name": 1e400})") << "number out of range";
        QTest::newRow("-1e400") << QByteArray(R"({"merchant_name": -1e400})") << "number out of range";
        QTest::newRow("non-UTF-8 in a string")
            << QByteArray("{\"merchant_name\": \"\xff\xfe\"}") << "ill-formed UTF-8";
        QTest::newRow("non-UTF-8 outside strings") << QByteArray("{\xc3\x28: 1}") << "malformed JSON";
    }
    void badBodies() {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        RouterProcess router;
        QVERIFY(start(router, {}));
        const Reply reply = router.call("POST", "/accounts", body.toStdString(), {{"api-key", "test_admin"}});
        QCOMPARE(reply.status, 400);
        QCOMPARE(str(reply.body["error"]["code"]), QString("malformed_json"));
        QVERIFY2(str(reply.body["error"]["message"]).contains(message), reply.body.dump().c_str());
    }
};

QTEST_GUILESS_MAIN(TestRouterLimits)
#include "tst_router_limits.moc"
