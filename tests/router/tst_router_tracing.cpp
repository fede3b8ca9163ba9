// W3C traceparent handling and OTLP/HTTP JSON span export of the real loadbench-router, against a collector
// this test runs on loopback.
#include "common/tracing/traceparent.h"
#include "router_test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <mutex>
#include <thread>

using namespace routertest;
using nlohmann::json;

namespace {

/// A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps every body posted to /v1/traces and answers
/// `status`.
class Collector {
public:
    explicit Collector(int status = 200) {
        m_server.Post("/v1/traces",
                      [this, status](const httplib::Request& request, httplib::Response& response) {
                          std::lock_guard lock(m_mutex);
                          m_posts.push_back(json::parse(request.body, nullptr, false));
                          m_contentTypes.push_back(request.get_header_value("Content-Type"));
                          response.status = status;
                          response.set_content("{}", "application/json");
                      });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }

    ~Collector() {
        m_server.stop();
        m_thread.join();
    }

    QString endpoint() const { return QString("http://127.0.0.1:%1").arg(m_port); }

    std::vector<json> posts() {
        std::lock_guard lock(m_mutex);
        return m_posts;
    }

    std::vector<std::string> contentTypes() {
        std::lock_guard lock(m_mutex);
        return m_contentTypes;
    }

    /// Every span received so far, each with its resource's service.name added as "service".
    std::vector<json> spans() {
        std::vector<json> all;
        for (const json& post : posts())
            for (const json& resource : post.value("resourceSpans", json::array())) {
                std::string service;
                for (const json& attribute : resource["resource"]["attributes"])
                    if (attribute["key"] == "service.name")
                        service = attribute["value"]["stringValue"];
                for (const json& scope : resource.value("scopeSpans", json::array()))
                    for (json span : scope.value("spans", json::array())) {
                        span["service"] = service;
                        all.push_back(span);
                    }
            }
        return all;
    }

    std::vector<json> spansOf(const std::string& traceId) {
        std::vector<json> found;
        for (const json& span : spans())
            if (span["traceId"] == traceId)
                found.push_back(span);
        return found;
    }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<json> m_posts;
    std::vector<std::string> m_contentTypes;
};

/// The value of a span's attribute as text (OTLP JSON carries integers as strings), or "" without it.
QString attribute(const json& span, const std::string& key) {
    for (const json& a : span["attributes"])
        if (a["key"] == key)
            return str(*a["value"].begin());
    return {};
}

const std::string payment = R"({"amount":6540,"currency":"USD","confirm":true,"payment_method":"card",
    "payment_method_data":{"card":{"card_number":"4242424242424242","card_exp_month":"10","card_exp_year":"35",
    "card_cvc":"123"}}})";

} // namespace

class TestRouterTracing : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_config;

    bool start(RouterProcess& router, const QString& endpoint, const QString& database, QString& error) {
        if (router.start(m_config, {{"ROUTER__DATABASE__URL", "sqlite://" + m_dir.filePath(database)},
                                    {"ROUTER__TELEMETRY__OTLP_ENDPOINT", endpoint},
                                    {"ROUTER__TELEMETRY__SERVICE_NAME", "router-under-test"},
                                    {"ROUTER__CONNECTOR__LATENCY_MS", "5"}}))
            return true;
        error = router.error();
        return false;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_config = writeFile(m_dir.filePath("router.toml"), baseConfig);
    }

    void traceparent_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("sampled");
        QTest::newRow("sampled") << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" << true << true;
        QTest::newRow("not sampled") << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00" << true
                                     << false;
        QTest::newRow("later version with more fields")
            << "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" << true << true;
        QTest::newRow("version 00 with more fields")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" << false << false;
        QTest::newRow("version ff") << "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" << false
                                    << false;
        QTest::newRow("upper case") << "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01" << false
                                    << false;
        QTest::newRow("zero trace id")
            << "00-00000000000000000000000000000000-00f067aa0ba902b7-01" << false << false;
        QTest::newRow("zero span id")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01" << false << false;
        QTest::newRow("short") << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01" << false << false;
        QTest::newRow("empty") << "" << false << false;
    }

    void traceparent() {
        QFETCH(QString, header);
        QFETCH(bool, valid);
        QFETCH(bool, sampled);
        const auto context = loadbench::parseTraceparent(header.toStdString());
        QCOMPARE(context.has_value(), valid);
        if (valid) {
            QCOMPARE(context->traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
            QCOMPARE(context->spanId, "00f067aa0ba902b7");
            QCOMPARE(context->sampled, sampled);
            if (header.startsWith("00"))
                QCOMPARE(QString::fromStdString(loadbench::formatTraceparent(*context)), header);
        }
    }

    void continuesTraceAndExportsChildSpans() {
        Collector collector;
        RouterProcess router;
        QString error;
        QVERIFY2(start(router, collector.endpoint(), "trace.db", error), qPrintable(error));
        const json merchant =
            router.call("POST", "/accounts", R"({"merchant_name":"Traced"})", {{"api-key", "test_admin"}})
                .body;
        router.call("POST", "/account/" + merchant["merchant_id"].get<std::string>() + "/connectors",
                    R"({"connector_name":"stripe"})", {{"api-key", "test_admin"}});

        const std::string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const std::string parentId = "00f067aa0ba902b7";
        const Reply reply = router.call(
            "POST", "/payments", payment,
            {{"api-key", merchant["api_key"]}, {"traceparent", "00-" + traceId + "-" + parentId + "-01"}});
        QCOMPARE(reply.status, 200);

        // Export runs off the request path, at most a second later.
        QTRY_VERIFY_WITH_TIMEOUT(collector.spansOf(traceId).size() >= 6, 10000);
        const std::vector<json> spans = collector.spansOf(traceId);
        const auto server =
            std::find_if(spans.begin(), spans.end(), [](const json& s) { return s["kind"] == 2; });
        QVERIFY(server != spans.end());
        QCOMPARE(str((*server)["name"]), "POST /payments");
        QCOMPARE(str((*server)["parentSpanId"]), QString::fromStdString(parentId));
        QCOMPARE(str((*server)["service"]), "router-under-test");
        QCOMPARE(attribute(*server, "http.status_code"), "200");
        QCOMPARE(attribute(*server, "http.route"), "/payments");
        QVERIFY((*server)["spanId"].get<std::string>().size() == 16);
        QVERIFY(std::stoull((*server)["endTimeUnixNano"].get<std::string>()) >=
                std::stoull((*server)["startTimeUnixNano"].get<std::string>()));

        std::vector<std::string> children;
        for (const json& span : spans)
            if (span.value("parentSpanId", "") == (*server)["spanId"]) {
                QCOMPARE(str(span["kind"]), "3");
                children.push_back(span["name"]);
                if (span["name"].get<std::string>().starts_with("connector"))
                    QCOMPARE(attribute(span, "connector.name"), "stripe");
                else
                    QCOMPARE(attribute(span, "db.system"), "sqlite");
            }
        // In alphabetical order: the merchant's key, its connector, the insert, the call, the status update.
        std::sort(children.begin(), children.end());
        QCOMPARE(children, (std::vector<std::string>{"INSERT payments", "SELECT merchant_connectors",
                                                     "SELECT merchants", "UPDATE payments",
                                                     "connector stripe authorize"}));
        for (const std::string& type : collector.contentTypes())
            QCOMPARE(type, "application/json");
        QCOMPARE(router.stop(), 0);
    }

    void startsTraceWithoutTraceparent_data() {
        QTest::addColumn<std::string>("traceparent");
        QTest::newRow("none") << std::string();
        QTest::newRow("malformed") << std::string("00-zz-00f067aa0ba902b7-01");
    }

    void startsTraceWithoutTraceparent() {
        QFETCH(std::string, traceparent);
        Collector collector;
        RouterProcess router;
        QString error;
        QVERIFY2(start(router, collector.endpoint(), "fresh.db", error), qPrintable(error));
        httplib::Headers headers;
        if (!traceparent.empty())
            headers.emplace("traceparent", traceparent);
        QCOMPARE(router.call("GET", "/health", {}, headers).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!collector.spans().empty(), 10000);
        const json span = collector.spans().front();
        QCOMPARE(str(span["name"]), "GET /health");
        QVERIFY(!span.contains("parentSpanId"));
        QVERIFY(
            QRegularExpression("^[0-9a-f]{32}$").match(QString::fromStdString(span["traceId"])).hasMatch());
    }

    void invalidUtf8TargetIsExportedReplaced() {
        Collector collector;
        RouterProcess router;
        QString error;
        QVERIFY2(start(router, collector.endpoint(), "utf8.db", error), qPrintable(error));
        // Sent raw: httplib's client would percent-encode the byte.
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(std::uint16_t(router.port()));
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        const std::string request =
            "GET /health?q=\xff HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        QCOMPARE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), ssize_t(request.size()));
        char answer[12] = {};
        QCOMPARE(::recv(fd, answer, sizeof answer - 1, MSG_WAITALL), ssize_t(sizeof answer - 1));
        ::close(fd);
        QCOMPARE(QByteArray(answer), QByteArray("HTTP/1.1 20"));
        QTRY_VERIFY_WITH_TIMEOUT(!collector.spans().empty(), 10000);
        QCOMPARE(attribute(collector.spans().front(), "http.target"), QString("/health?q=\uFFFD"));
        QCOMPARE(router.call("GET", "/health").status, 200); // the router is still up
    }

    void batchesSpans() {
        Collector collector;
        RouterProcess router;
        QString error;
        QVERIFY2(start(router, collector.endpoint(), "batch.db", error), qPrintable(error));
        for (int i = 0; i < 40; ++i)
            QCOMPARE(router.call("GET", "/health").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(collector.spans().size(), std::size_t(40), 10000);
        QVERIFY2(collector.posts().size() < 40, qPrintable(QString::number(collector.posts().size())));
    }

    void exportFailureNeverFailsRequests_data() {
        QTest::addColumn<bool>("refused"); // nothing listens, or the collector answers 500
        QTest::newRow("connection refused") << true;
        QTest::newRow("HTTP 500") << false;
    }

    void exportFailureNeverFailsRequests() {
        QFETCH(bool, refused);
        QString endpoint;
        std::unique_ptr<Collector> failing;
        if (refused) {
            endpoint = QString("http://127.0.0.1:%1").arg(closedPort());
        } else {
            failing = std::make_unique<Collector>(500);
            endpoint = failing->endpoint();
        }
        RouterProcess router;
        QString error;
        QVERIFY2(start(router, endpoint, refused ? "refused.db" : "http500.db", error), qPrintable(error));
        const json merchant =
            router.call("POST", "/accounts", R"({"merchant_name":"Unexported"})", {{"api-key", "test_admin"}})
                .body;
        QVERIFY(merchant.contains("api_key"));
        router.call("POST", "/account/" + merchant["merchant_id"].get<std::string>() + "/connectors",
                    R"({"connector_name":"stripe"})", {{"api-key", "test_admin"}});
        for (int round = 0; round < 3; ++round) {
            QCOMPARE(router.call("GET", "/health").status, 200);
            QCOMPARE(router.call("POST", "/payments", payment, {{"api-key", merchant["api_key"]}}).status,
                     200);
        }
        // The failure is told once, with the endpoint, and requests still succeed after it.
        QTRY_VERIFY_WITH_TIMEOUT(
            router.standardError().contains("OTLP export to " + endpoint + "/v1/traces failed: "), 10000);
        QCOMPARE(router.call("GET", "/health").status, 200);
        QCOMPARE(router.standardError().count("failed"), 1);
        QCOMPARE(router.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRouterTracing)
#include "tst_router_tracing.moc"
