// Validate: k6's --http-debug=full blocks read back, and a script run once against a loopback server and
// against the embedded router, with its requests and checks.
#include "../runs/run_test_support.h"
#include "core/runs/workspace_lock.h"
#include "support/loopback_http_server.h"
#include "core/validate/http_debug.h"
#include "core/validate/validation_run.h"
#include "validation_test_support.h"

using namespace loadbench;
using runtest::KitWorkspace;
using validatetest::validate;

namespace {

std::string header(const DebugMessage& message, const std::string& name) {
    for (const auto& [key, value] : message.headers)
        if (QString::fromStdString(key).compare(QString::fromStdString(name), Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

} // namespace

class TestValidate : public QObject {
    Q_OBJECT

private slots:
    void httpDebugBlocks_data() {
        QTest::addColumn<QStringList>("lines");
        // loadbench-engine: the source field right after the message.
        QTest::newRow("loadbench-engine")
            << QStringList{"running (00m00.1s), 1/1 VUs, 0 complete and 0 interrupted iterations",
                           "INFO[0000] Request:",
                           "POST /echo HTTP/1.1\r",
                           "Host: 127.0.0.1:4000\r",
                           "Content-Type: application/json\r",
                           "\r",
                           "{\"a\":1} source=http-debug",
                           "INFO[0000] Response:",
                           "HTTP/1.1 201 Created\r",
                           "Content-Length: 7\r",
                           "\r",
                           "{\"a\":1} source=http-debug"};
        // k6 writing to a pipe, as under Loadbench: logrus's logfmt, the block quoted in msg.
        QTest::newRow("k6") << QStringList{
            "time=\"2026-12-01T08:00:00Z\" level=info msg=\"Request:\\nPOST /echo HTTP/1.1\\r\\nHost: "
            "127.0.0.1:4000\\r\\nContent-Type: application/json\\r\\n\\r\\n{\\\"a\\\":1}\\n\" group= iter=0 "
            "request_id=4a1e scenario=default source=http-debug vu=1",
            "time=\"2026-12-01T08:00:00Z\" level=info msg=\"some other line\" source=console",
            "time=\"2026-12-01T08:00:01Z\" level=info msg=\"Response:\\nHTTP/1.1 201 Created\\r\\n"
            "Content-Length: 7\\r\\n\\r\\n{\\\"a\\\":1}\\n\" group= iter=0 request_id=4a1e scenario=default "
            "source=http-debug vu=1"};
    }
    void httpDebugBlocks() {
        QFETCH(QStringList, lines);
        HttpDebugParser parser;
        std::vector<DebugMessage> messages;
        for (const QString& line : lines)
            if (auto message = parser.addLine(line.toStdString()))
                messages.push_back(*message);
        QCOMPARE(messages.size(), std::size_t(2));
        QVERIFY(messages[0].isRequest);
        QCOMPARE(messages[0].startLine, std::string("POST /echo HTTP/1.1"));
        QCOMPARE(messages[0].headers.size(), std::size_t(2));
        QCOMPARE(header(messages[0], "content-type"), std::string("application/json"));
        QCOMPARE(messages[0].body, std::string("{\"a\":1}"));
        QVERIFY(!messages[1].isRequest);
        QCOMPARE(messages[1].startLine, std::string("HTTP/1.1 201 Created"));
        QCOMPARE(header(messages[1], "Content-Length"), std::string("7"));
        QCOMPARE(messages[1].body, std::string("{\"a\":1}"));
    }

    void logfmtEscapesAsGoQuotesThem() {
        HttpDebugParser parser;
        // Go's %q: \t \a \f, a raw byte as \x, non-printable runes as \u and \U; printable UTF-8 as it is.
        const auto message = parser.addLine("time=\"2026-12-01T08:00:00Z\" level=info "
                                            "msg=\"Response:\\nHTTP/1.1 200 OK\\r\\nX-Tab: a\\tb\\r\\n"
                                            "\\r\\ncafé \\u00a0\\xff \\U0001f600 \\\"q\\\" \\\\ \\a\\f "
                                            "end\\n\" group= iter=0 source=http-debug vu=1");
        QVERIFY(message);
        QVERIFY(!message->isRequest);
        QCOMPARE(message->headers.size(), std::size_t(1));
        QCOMPARE(message->headers[0].second, std::string("a\tb"));
        QCOMPARE(message->body, std::string("café \xc2\xa0\xff \xf0\x9f\x98\x80 \"q\" \\ \a\f end"));
    }

    void aValidationWaitsForNoRun() {
        KitWorkspace ws;
        WorkspaceLock held(ws.root()); // as a run holds it
        held.acquire();
        ValidationRun run;
        const std::vector<std::string> problems = run.start({ws.root(), "health", BackendKind::Builtin, {}});
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(problems[0]).contains(".run.lock"), problems[0].c_str());
        QVERIFY(!run.isRunning());
    }

    void requestsAndChecksOfOneIteration() {
        loadbench::test::LoopbackHttpServer server;
        KitWorkspace ws;
        ws.write("k6/probe.js", R"js(
import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 20, duration: '1m' };
export default function () {
    const posted = http.post(`${__ENV.BASE_URL}/echo`, JSON.stringify({ vu: __VU }),
                             { headers: { 'Content-Type': 'application/json', 'X-Probe': 'yes' } });
    check(posted, { 'echoed': (r) => r.json('vu') === 1 });
    check(http.get(`${__ENV.BASE_URL}/status/404`), { 'is 200': (r) => r.status === 200 });
}
)js");
        const ValidationReport report =
            validate({ws.root(), "probe", BackendKind::Builtin, server.url("").toStdString()});
        QCOMPARE(report.problem, std::string());
        QCOMPARE(report.exitCode, std::optional<int>(0));
        QCOMPARE(server.requests().size(), 2); // one VU, one iteration, whatever the script's options
        QCOMPARE(report.requests.size(), std::size_t(2));
        const ValidatedRequest& posted = report.requests[0];
        QCOMPARE(posted.method, std::string("POST"));
        QCOMPARE(posted.url, (server.url("/echo")).toStdString());
        QCOMPARE(posted.status, std::string("200"));
        QVERIFY(posted.durationMs > 0);
        QCOMPARE(header(posted.request, "X-Probe"), std::string("yes"));
        QCOMPARE(posted.request.body, std::string("{\"vu\":1}"));
        QCOMPARE(posted.response.body, std::string("{\"vu\":1}"));
        QCOMPARE(report.requests[1].status, std::string("404"));
        QCOMPARE(report.requests[1].method, std::string("GET"));
        QCOMPARE(report.checks.size(), std::size_t(2));
        QCOMPARE(report.checks[0].name, std::string("echoed"));
        QCOMPARE(report.checks[0].passes, 1);
        QCOMPARE(report.checks[1].name, std::string("is 200"));
        QCOMPARE(report.checks[1].fails, 1);
        QVERIFY(!ws.has("k6/benchmark/.staging"));
        QVERIFY(ws.results().isEmpty()); // stores nothing
    }

    void theKitsScriptAgainstTheEmbeddedRouter() {
        KitWorkspace ws;
        validatetest::verifyKitHealth(validate({ws.root(), "health", BackendKind::Builtin, {}}));
    }

    void refusals_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("backend");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no such script")
            << "nosuch" << int(BackendKind::Builtin) << "/k6/nosuch.js: no such script";
    }
    void refusals() {
        QFETCH(QString, script);
        QFETCH(int, backend);
        QFETCH(QString, problem);
        KitWorkspace ws;
        ValidationRun run;
        const std::vector<std::string> problems =
            run.start({ws.root(), script.toStdString(), BackendKind(backend), {}});
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(problems[0]).endsWith(problem), problems[0].c_str());
        QVERIFY(!run.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestValidate)
#include "tst_validate.moc"
