// http.batch and http.asyncRequest through the real loadbench-engine, against what k6 v2.2 does: a batch's
// requests in parallel, bounded by options.batch (k6's default 20 in flight per call) and batchPerHost (6 per
// host), its responses in the input's shape and order, each request recorded as a single one; asyncRequest
// with every param of http.request (redirects, cookies, the jar, digest auth, TLS options). Against a
// loopback server that counts the requests in flight at once, and Debian's httpbin.
#include "support/engine_workspace.h"
#include "support/httpbin_server.h"
#include "support/loopback_http_server.h"
#include "support/test_certificate.h"

#include <QJsonDocument>
#include <QJsonObject>

using loadbench::test::compactJson;
using loadbench::test::EngineRun;
using loadbench::test::EngineWorkspace;
using loadbench::test::HttpbinServer;
using loadbench::test::httpReqPoints;
using loadbench::test::LoopbackHttpServer;
using loadbench::test::resultOf;
using loadbench::test::runResultScript;

class TestEngineHttpBatch : public QObject {
    Q_OBJECT

    HttpbinServer m_httpbin;

private slots:
    void initTestCase() { QVERIFY2(m_httpbin.isRunning(), qPrintable(m_httpbin.error())); }

    // A batch of 10 to one host: the server holds each reply until all 10 are in or none has come for a
    // while, so the most in flight at once is what the engine let go together.
    void parallelism_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<int>("inFlight");
        QTest::newRow("k6's defaults: 6 per host") << "{}" << 6;
        QTest::newRow("batchPerHost: 2") << "{ batchPerHost: 2 }" << 2;
        QTest::newRow("batch: 3") << "{ batch: 3 }" << 3;
        QTest::newRow("batchPerHost: 0 is no limit") << "{ batchPerHost: 0, batch: 8 }" << 8;
        QTest::newRow("all at once") << "{ batchPerHost: 10 }" << 10;
    }
    void parallelism() {
        QFETCH(QString, options);
        QFETCH(int, inFlight);
        LoopbackHttpServer server;
        server.holdReplies(10, 500);
        EngineWorkspace ws;
        const EngineRun result =
            runResultScript(ws, options,
                            "const urls = []; for (let i = 0; i < 10; i++) urls.push(base + '/n' + i); "
                            "return http.batch(urls).map(function (r) { return r.status; });",
                            server.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson("[200,200,200,200,200,200,200,200,200,200]"));
        QCOMPARE(server.requests().size(), 10);
        QCOMPARE(server.maxInFlight(), inFlight);
    }

    // One pool of kept-alive connections a VU, as k6's one transport, from its first batch on: the requests
    // after a batch reuse its connections, and the next batch theirs.
    void connectionsShared_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("connections");
        QTest::newRow("batch, requests, batch") << "http.batch([base + '/a']); http.get(base + '/b'); "
                                                   "http.batch([base + '/c']); http.get(base + '/d');"
                                                << 1;
        QTest::newRow("a batch of 2, then requests")
            << "http.batch([base + '/a', base + '/b']); http.get(base + '/c'); http.get(base + '/d');" << 2;
        QTest::newRow("two batches") << "http.batch([base + '/a', base + '/b']); "
                                        "http.batch([base + '/c', base + '/d']);"
                                     << 2;
    }
    void connectionsShared() {
        QFETCH(QString, body);
        QFETCH(int, connections);
        LoopbackHttpServer server;
        server.holdReplies(2, 300); // a batch's two requests on two connections
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, "{}", body + " return 0;", server.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(server.connections(), connections);
    }

    // The responses come back in the input's shape and order, whatever order they arrive in; a failed
    // request has its error on its response (k6's throw is false by default), the others go on.
    void responses_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("array of URLs")
            << "const r = http.batch([base + '/status/201', base + '/status/202', "
               "base + '/status/203']); "
               "return [Array.isArray(r), r.map(function (x) { return x.status; })];"
            << "[true,[201,202,203]]";
        QTest::newRow("order kept, the first answered last")
            << "const r = http.batch([base + '/delay/300', base + '/delay/0']); "
               "return r.map(function (x) { return x.url.replace(base, ''); });"
            << R"(["/delay/300","/delay/0"])";
        QTest::newRow("object, keys as given")
            << "const r = http.batch({ b: base + '/status/202', a: ['GET', base + '/status/201'], "
               "c: { method: 'POST', url: base + '/echo', body: 'x' } }); "
               "return [Array.isArray(r), Object.keys(r), r.b.status, r.a.status, r.c.body];"
            << R"([false,["b","a","c"],202,201,"x"])";
        QTest::newRow("array forms with params")
            << "const r = http.batch([['POST', base + '/echo', 'abc', { headers: { 'Content-Type': 'text/x' "
               "} }], "
               "{ url: base + '/echo', method: 'PUT', body: 'def' }]); "
               "return r.map(function (x) { return [x.request.method, x.body, x.headers['Content-Type']]; });"
            << R"([["POST","abc","text/x"],["PUT","def",""]])";
        QTest::newRow("a refused connection and an HTTP error")
            << "const r = http.batch(['http://127.0.0.1:1/', base + '/status/404', base + '/x']); "
               "return r.map(function (x) { return [x.status, x.error_code]; });"
            << "[[0,1212],[404,1404],[200,0]]";
        QTest::newRow("empty") << "return http.batch([]).length;"
                               << "0";
    }
    void responses() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, "{}", body, server.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected));
    }

    // Each request of a batch is recorded as a single request is: its http_reqs point with its method,
    // status, url and name (params.tags.name naming both, as k6 ≥ 0.41), one a hop of a redirect.
    void samples_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QStringList>("samples");
        QTest::newRow("URLs and a named one")
            << "http.batch([base + '/get', ['GET', base + '/anything/1', null, { tags: { name: 'one' } }], "
               "{ method: 'POST', url: base + '/post', body: 'x' }]);"
            << QStringList{"GET 200 BASE/get BASE/get", "GET 200 one one", "POST 200 BASE/post BASE/post"};
        QTest::newRow("a redirect: one point a hop")
            << "http.batch([base + '/redirect/2', base + '/status/204']);"
            << QStringList{"GET 200 BASE/get BASE/get", "GET 204 BASE/status/204 BASE/status/204",
                           "GET 302 BASE/redirect/2 BASE/redirect/2",
                           "GET 302 BASE/relative-redirect/1 BASE/relative-redirect/1"};
        QTest::newRow("digest: the challenge and the answer")
            << "http.batch([['GET', 'http://u:p@HOST/digest-auth/auth/u/p', null, { auth: 'digest' }]]);"
            << QStringList{"GET 200 BASE/digest-auth/auth/u/p BASE/digest-auth/auth/u/p",
                           "GET 401 BASE/digest-auth/auth/u/p BASE/digest-auth/auth/u/p"};
    }
    void samples() {
        QFETCH(QString, body);
        QFETCH(QStringList, samples);
        const QString base = m_httpbin.url("");
        EngineWorkspace ws;
        const EngineRun result = runResultScript(
            ws, "{}", body.replace("HOST", QString("127.0.0.1:%1").arg(m_httpbin.port())), base);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QStringList points = httpReqPoints(ws.path("out.json"), "name");
        points.sort(); // a batch's requests finish in any order
        QCOMPARE(points, samples.replaceInStrings("BASE", base));
    }

    // A batch shares the VU's cookie jar as single requests do: a cookie one sets is sent by the next.
    void batchCookies() {
        EngineWorkspace ws;
        const EngineRun result = runResultScript(
            ws, "{}",
            "http.batch([base + '/cookies/set?k=v']); "
            "const r = http.batch([[ 'GET', base + '/cookies', null, { cookies: { p: '1' } } ]]); "
            "return r[0].json();",
            m_httpbin.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(R"({"cookies":{"k":"v","p":"1"}})"));
    }

    // asyncRequest takes every param http.request takes, through the same pipeline: redirects (one point a
    // hop), params.cookies, the VU's jar and another, digest auth, params.redirects.
    void asyncRequest_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("samples");
        QTest::newRow("redirects followed")
            << "const r = await http.asyncRequest('GET', base + '/redirect/2'); return [r.status, r.url];"
            << R"([200,"BASE/get"])"
            << QStringList{"GET 200 BASE/get BASE/get", "GET 302 BASE/redirect/2 BASE/redirect/2",
                           "GET 302 BASE/relative-redirect/1 BASE/relative-redirect/1"};
        QTest::newRow("params.redirects: 0")
            << "const r = await http.asyncRequest('GET', base + '/redirect/2', null, { redirects: 0 }); "
               "return [r.status, r.url];"
            << R"([302,"BASE/redirect/2"])" << QStringList{"GET 302 BASE/redirect/2 BASE/redirect/2"};
        QTest::newRow("params.cookies")
            << "const r = await http.asyncRequest('GET', base + '/cookies', null, "
               "{ cookies: { a: '1', b: { value: '2' } } }); return r.json();"
            << R"({"cookies":{"a":"1","b":"2"}})" << QStringList{"GET 200 BASE/cookies BASE/cookies"};
        QTest::newRow("the VU's jar, set by a redirect's response")
            << "const r = await http.asyncRequest('GET', base + '/cookies/set?k=v'); "
               "const again = await http.asyncRequest('GET', base + '/cookies'); "
               "return [r.json(), again.json(), http.cookieJar().cookiesForURL(base)];"
            << R"([{"cookies":{"k":"v"}},{"cookies":{"k":"v"}},{"k":["v"]}])"
            << QStringList{"GET 200 BASE/cookies BASE/cookies", "GET 200 BASE/cookies BASE/cookies",
                           "GET 302 BASE/cookies/set?k=v BASE/cookies/set?k=v"};
        QTest::newRow("params.jar")
            << "const jar = new http.CookieJar(); jar.set(base, 'own', 'j'); "
               "const r = await http.asyncRequest('GET', base + '/cookies', null, { jar: jar }); "
               "return r.json();"
            << R"({"cookies":{"own":"j"}})" << QStringList{"GET 200 BASE/cookies BASE/cookies"};
        QTest::newRow("digest auth")
            << "const r = await http.asyncRequest('GET', 'http://u:p@HOST/digest-auth/auth/u/p', null, "
               "{ auth: 'digest' }); return [r.status, r.json().authenticated];"
            << "[200,true]"
            << QStringList{"GET 200 BASE/digest-auth/auth/u/p BASE/digest-auth/auth/u/p",
                           "GET 401 BASE/digest-auth/auth/u/p BASE/digest-auth/auth/u/p"};
        QTest::newRow("two at once")
            << "const rs = await Promise.all([http.asyncRequest('GET', base + '/redirect/1'), "
               "http.asyncRequest('POST', base + '/post', 'x')]); "
               "return rs.map(function (r) { return r.status; });"
            << "[200,200]"
            << QStringList{"GET 200 BASE/get BASE/get", "GET 302 BASE/redirect/1 BASE/redirect/1",
                           "POST 200 BASE/post BASE/post"};
    }
    void asyncRequest() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        QFETCH(QStringList, samples);
        const QString base = m_httpbin.url("");
        EngineWorkspace ws;
        const EngineRun result = runResultScript(
            ws, "{}", body.replace("HOST", QString("127.0.0.1:%1").arg(m_httpbin.port())), base);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected.replace("BASE", base)));
        QStringList points = httpReqPoints(ws.path("out.json"), "name");
        points.sort(); // a batch's requests finish in any order
        QCOMPARE(points, samples.replaceInStrings("BASE", base));
    }

    // The TLS and host-mapping options reach asyncRequest's and batch's connections as http.request's (the
    // server's certificate is trusted by nobody).
    void transportOptions_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("call");
        QTest::addColumn<QString>("expected");
        const QString async =
            "const r = await http.asyncRequest('GET', URL); return [r.status, r.error_code];";
        const QString batch = "const r = http.batch([URL])[0]; return [r.status, r.error_code];";
        QTest::newRow("asyncRequest, verified: refused") << "{}" << async << "[0,1300]";
        QTest::newRow("asyncRequest, insecureSkipTLSVerify")
            << "{ insecureSkipTLSVerify: true }" << async << "[200,0]";
        QTest::newRow("asyncRequest, tlsVersion max tls1.1")
            << "{ insecureSkipTLSVerify: true, tlsVersion: { max: 'tls1.1' } }" << async << "[0,1300]";
        QTest::newRow("asyncRequest, hosts")
            << "{ insecureSkipTLSVerify: true, hosts: { 'api.example.test': '127.0.0.1:PORT' } }"
            << QString(async).replace("URL", "'https://api.example.test/x'") << "[200,0]";
        QTest::newRow("batch, verified: refused") << "{}" << batch << "[0,1300]";
        QTest::newRow("batch, insecureSkipTLSVerify")
            << "{ insecureSkipTLSVerify: true }" << batch << "[200,0]";
        QTest::newRow("batch, hosts")
            << "{ insecureSkipTLSVerify: true, hosts: { 'api.example.test': '127.0.0.1:PORT' } }"
            << QString(batch).replace("URL", "'https://api.example.test/x'") << "[200,0]";
    }
    void transportOptions() {
        QFETCH(QString, options);
        QFETCH(QString, call);
        QFETCH(QString, expected);
        QTemporaryDir folder;
        LoopbackHttpServer server({}, loadbench::test::makeTestCertificate(folder.path()));
        const QString port = QString::number(server.port());
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, options.replace("PORT", port),
                                                 call.replace("URL", "base + '/x'"), server.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected));
    }

    // Bad batch options and calls, each in one line naming the option or the function.
    void badInput_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("batch: 0") << "{ batch: 0 }"
                                  << "return 0;" << 104 << "option batch: must be at least 1, not 0";
        QTest::newRow("batchPerHost: -1")
            << "{ batchPerHost: -1 }"
            << "return 0;" << 104 << "option batchPerHost: must be at least 0, not -1";
        QTest::newRow("batch: 'x'") << "{ batch: 'x' }"
                                    << "return 0;" << 104 << R"(option batch: "x" is not a whole number)";
        QTest::newRow("no argument") << "{}"
                                     << "try { http.batch(); } catch (e) { return String(e); }" << 0
                                     << "Error: no argument was provided to http.batch()";
    }
    void badInput() {
        QFETCH(QString, options);
        QFETCH(QString, body);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, options, body, "");
        QCOMPARE(result.exitCode, exitCode);
        if (exitCode == 0)
            QCOMPARE(resultOf(result), "\"" + message + "\""); // as JSON
        else
            QVERIFY2(result.err.contains(loadbench::test::asLogged(message)), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineHttpBatch)
#include "tst_engine_http_batch.moc"
