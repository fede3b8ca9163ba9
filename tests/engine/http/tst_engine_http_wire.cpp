// What the real loadbench-engine sends and records for k6/http, against what k6 v2.2 does: the default
// headers (Go's client adds none of curl's), decoded bodies, the cookie jar, redirects with one set of
// samples per hop, basic, digest and NTLM auth, timeouts, and the options userAgent, maxRedirects,
// noCookiesReset, hosts, insecureSkipTLSVerify and tlsVersion. Against Debian's httpbin, and a loopback
// server that records every request header by header.
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
using loadbench::test::ReceivedRequest;
using loadbench::test::Reply;
using loadbench::test::resultOf;
using loadbench::test::runResultScript;

namespace {

const QString engineUserAgent = "Grafana k6/2.2.0-loadbench (loadbench-engine)";

/// A request's headers as `name: value` lines, names in lower case, sorted: header order is the client's.
QStringList headerLines(const ReceivedRequest& request) {
    QStringList lines;
    for (const auto& [name, value] : request.headers)
        lines << QString::fromUtf8(name).toLower() + ": " + QString::fromUtf8(value);
    lines.sort();
    return lines;
}

} // namespace

class TestEngineHttpWire : public QObject {
    Q_OBJECT

    HttpbinServer m_httpbin;

private slots:
    void initTestCase() { QVERIFY2(m_httpbin.isRunning(), qPrintable(m_httpbin.error())); }

    // Exactly the headers k6 (Go's net/http with compression off) sends: no Accept, Accept-Encoding or
    // Content-Type of curl's, and k6's User-Agent unless options.userAgent or the script's own.
    void defaultHeaders_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QStringList>("expected");
        const QString ua = "user-agent: " + engineUserAgent;
        QTest::newRow("GET") << "{}"
                             << "http.get(base + '/x');" << QStringList{"host: HOST", ua};
        QTest::newRow("POST with a string body")
            << "{}"
            << "http.post(base + '/x', 'abc');" << QStringList{"content-length: 3", "host: HOST", ua};
        QTest::newRow("POST without a body")
            << "{}"
            << "http.post(base + '/x');" << QStringList{"content-length: 0", "host: HOST", ua};
        QTest::newRow("options.userAgent")
            << "{ userAgent: 'mine/1.0' }"
            << "http.get(base + '/x');" << QStringList{"host: HOST", "user-agent: mine/1.0"};
        QTest::newRow("empty options.userAgent sends none")
            << "{ userAgent: '' }"
            << "http.get(base + '/x');" << QStringList{"host: HOST"};
        QTest::newRow("the script's User-Agent wins")
            << "{ userAgent: 'mine/1.0' }"
            << "http.get(base + '/x', { headers: { 'User-Agent': 'own' } });"
            << QStringList{"host: HOST", "user-agent: own"};
        QTest::newRow("the script's Accept-Encoding and Accept")
            << "{}"
            << "http.get(base + '/x', { headers: { 'Accept-Encoding': 'gzip', Accept: 'text/html' } });"
            << QStringList{"accept-encoding: gzip", "accept: text/html", "host: HOST", ua};
        QTest::newRow("params.cookies") << "{}"
                                        << "http.get(base + '/x', { cookies: { a: '1', b: 'x y' } });"
                                        << QStringList{"cookie: a=1; b=x y", "host: HOST", ua};
    }
    void defaultHeaders() {
        QFETCH(QString, options);
        QFETCH(QString, body);
        QFETCH(QStringList, expected);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, options, body, server.url(""));
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(server.requests().size(), 1);
        expected.replaceInStrings("HOST", QString("127.0.0.1:%1").arg(server.port()));
        QCOMPARE(headerLines(server.requests().first()), expected);
    }

    // Bodies the server compresses are decoded whether or not the script asked for an encoding; the request
    // carries an Accept-Encoding only when the script sets one.
    void decodedBodies_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        for (const char* encoding : {"gzip", "deflate", "brotli"}) {
            const QString key = QString(encoding) == "gzip"      ? "gzipped"
                                : QString(encoding) == "deflate" ? "deflated"
                                                                 : "brotli";
            QTest::newRow(encoding) << QString("const j = http.get(base + '/%1').json(); return [j.%2, "
                                               "j.headers['Accept-Encoding'] || null];")
                                           .arg(encoding, key)
                                    << "[true,null]";
            QTest::newRow(qPrintable(QString(encoding) + " asked for"))
                << QString("const j = http.get(base + '/%1', { headers: { 'Accept-Encoding': 'gzip, deflate, "
                           "br' } }).json(); return [j.%2, j.headers['Accept-Encoding']];")
                       .arg(encoding, key)
                << R"([true,"gzip, deflate, br"])";
        }
        QTest::newRow("User-Agent as httpbin sees it")
            << "return http.get(base + '/user-agent').json();"
            << QString(R"({"user-agent":"%1"})").arg(engineUserAgent);
    }
    void decodedBodies() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, "{}", body, m_httpbin.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected));
    }

    // zstd, which httpbin does not serve: a body the zstd command line compressed, sent unasked.
    void decodedZstd() {
        QProcess zstd;
        zstd.start("zstd", {"-c", "-q"});
        zstd.write("{\"compressed\":\"zstd\"}");
        zstd.closeWriteChannel();
        QVERIFY(zstd.waitForFinished(10000) && zstd.exitCode() == 0);
        const QByteArray compressed = zstd.readAllStandardOutput();
        LoopbackHttpServer server([&](const ReceivedRequest&) {
            return Reply{
                200, compressed, {{"Content-Encoding", "zstd"}, {"Content-Type", "application/json"}}};
        });
        EngineWorkspace ws;
        const EngineRun result =
            runResultScript(ws, "{}", "return http.get(base + '/z').json();", server.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(R"({"compressed":"zstd"})"));
    }

    // --http-debug shows every round trip, as k6's debug transport does: each hop of a redirect.
    void httpDebugPerHop() {
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, "{}", "return http.get(base + '/redirect/2').status;",
                                                 m_httpbin.url(""), {"--http-debug"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(resultOf(result), QString("200"));
        QCOMPARE(result.err.count("msg=\"Request:"), 3);
        for (const char* path : {"GET /redirect/2 ", "GET /relative-redirect/1 ", "GET /get "})
            QVERIFY2(result.err.contains(path), path);
    }

    // The VU's jar, params.cookies, res.cookies and http.cookieJar()/new http.CookieJar() as k6's.
    void cookies_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("params.cookies")
            << "{}"
            << "return http.get(base + '/cookies', { cookies: { a: '1', b: { value: '2' } } }).json();"
            << R"({"cookies":{"a":"1","b":"2"}})";
        QTest::newRow("Set-Cookie of a redirect kept in the VU jar")
            << "{}"
            << "const r = http.get(base + '/cookies/set?k=v'); return [r.url, r.json(), "
               "http.cookieJar().cookiesForURL(base + '/')];"
            << QString(R"(["%1/cookies",{"cookies":{"k":"v"}},{"k":["v"]}])").arg(m_httpbin.url(""));
        QTest::newRow("res.cookies")
            << "{}"
            << "return http.get(base + '/cookies/set?k=v', { redirects: 0 }).cookies;"
            << R"({"k":[{"name":"k","value":"v","domain":"","path":"/","http_only":false,"secure":false,)"
               R"("max_age":0,"expires":-6795364578871}]})";
        QTest::newRow("res.cookies without any") << "{}"
                                                 << "return http.get(base + '/get').cookies;"
                                                 << "{}";
        QTest::newRow("jar.set is sent")
            << "{}"
            << "http.cookieJar().set(base, 'j', 'x'); return http.get(base + '/cookies').json();"
            << R"({"cookies":{"j":"x"}})";
        QTest::newRow("params.cookies beside the jar's")
            << "{}"
            << "http.cookieJar().set(base, 'a', 'jar'); "
               "return http.get(base + '/headers', { cookies: { a: 'mine' } }).json().headers.Cookie;"
            << R"("a=mine; a=jar")";
        QTest::newRow("params.cookies replacing the jar's")
            << "{}"
            << "http.cookieJar().set(base, 'a', 'jar'); "
               "return http.get(base + '/headers', { cookies: { a: { value: 'mine', replace: true } } })"
               ".json().headers.Cookie;"
            << R"("a=mine")";
        QTest::newRow("jar.delete and jar.clear")
            << "{}"
            << "const jar = http.cookieJar(); jar.set(base, 'a', '1'); jar.set(base, 'b', '2'); "
               "jar.delete(base, 'a'); const one = jar.cookiesForURL(base); jar.clear(base); "
               "return [one, jar.cookiesForURL(base)];"
            << R"([{"b":["2"]},{}])";
        QTest::newRow("jar.set with a path")
            << "{}"
            << "const jar = http.cookieJar(); jar.set(base, 'p', '1', { path: '/cookies' }); "
               "return [jar.cookiesForURL(base + '/cookies'), jar.cookiesForURL(base + '/get')];"
            << R"([{"p":["1"]},{}])";
        QTest::newRow("jar.set expired")
            << "{}"
            << "const jar = http.cookieJar(); jar.set(base, 'e', '1', { expires: "
               "'Mon, 02 Jan 2006 15:04:05 GMT' }); return jar.cookiesForURL(base);"
            << "{}";
        QTest::newRow("a secure cookie is not sent over http")
            << "{}"
            << "const jar = http.cookieJar(); jar.set(base, 's', '1', { secure: true }); "
               "return jar.cookiesForURL(base);"
            << "{}";
        QTest::newRow("params.jar: a jar of the script's")
            << "{}"
            << "const jar = new http.CookieJar(); jar.set(base, 'own', '1'); "
               "const sent = http.get(base + '/cookies', { jar: jar }).json(); "
               "http.get(base + '/cookies/set?set=here', { jar: jar }); "
               "return [sent, jar.cookiesForURL(base), http.cookieJar().cookiesForURL(base)];"
            << R"([{"cookies":{"own":"1"}},{"own":["1"],"set":["here"]},{}])";
        QTest::newRow("the VU jar is emptied each iteration")
            << "{ iterations: 2 }"
            << "if (__ITER === 0) http.get(base + '/cookies/set?k=v'); return http.get(base + "
               "'/cookies').json();"
            << R"({"cookies":{}})";
        QTest::newRow("options.noCookiesReset") << "{ iterations: 2, noCookiesReset: true }"
                                                << "if (__ITER === 0) http.get(base + '/cookies/set?k=v'); "
                                                   "return http.get(base + '/cookies').json();"
                                                << R"({"cookies":{"k":"v"}})";
        QTest::newRow("a bad URL for the jar")
            << "{}"
            << "try { http.cookieJar().cookiesForURL('nope'); } catch (e) { return String(e); }"
            << "\"Error: CookieJar.cookiesForURL: \\\"nope\\\" is not a URL\"";
        QTest::newRow("jar.delete without a name")
            << "{}"
            << "try { http.cookieJar().delete(base); } catch (e) { return String(e); }"
            << R"("Error: cookie: is null")";
    }
    void cookies() {
        QFETCH(QString, options);
        QFETCH(QString, body);
        QFETCH(QString, expected);
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, options, body, m_httpbin.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected));
    }

    void cookieJarInInitCode() {
        EngineWorkspace ws;
        ws.write("script.js", "import http from 'k6/http';\nconst jar = new http.CookieJar();\n"
                              "export default function () {}\n");
        const EngineRun result = ws.run({"script.js", "--quiet"});
        QCOMPARE(result.exitCode, 107);
        QVERIFY2(result.err.contains("Making cookie jars in the init context is not supported"),
                 qPrintable(result.err));
    }

    // Each hop a request of its own in the samples (k6's tracer transport records every round trip), with
    // res.status and res.url of the last; a limit reached returns the redirect itself.
    void redirects_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("samples");
        QTest::newRow("three redirects")
            << "{}"
            << "const r = http.get(base + '/redirect/3'); return [r.status, r.url];"
            << R"([200,"BASE/get"])"
            << QStringList{"GET 302 BASE/redirect/3 true", "GET 302 BASE/relative-redirect/2 true",
                           "GET 302 BASE/relative-redirect/1 true", "GET 200 BASE/get true"};
        QTest::newRow("options.maxRedirects")
            << "{ maxRedirects: 1 }"
            << "const r = http.get(base + '/redirect/3'); return [r.status, r.url];"
            << R"([302,"BASE/relative-redirect/2"])"
            << QStringList{"GET 302 BASE/redirect/3 true", "GET 302 BASE/relative-redirect/2 true"};
        QTest::newRow("params.redirects over options.maxRedirects")
            << "{ maxRedirects: 1 }"
            << "const r = http.get(base + '/redirect/3', { redirects: 0 }); return [r.status, r.url];"
            << R"([302,"BASE/redirect/3"])" << QStringList{"GET 302 BASE/redirect/3 true"};
        QTest::newRow("303 turns a POST into a GET")
            << "{}"
            << "const r = http.post(base + '/redirect-to?url=/get&status_code=303', 'abc'); "
               "return [r.status, r.url];"
            << R"([200,"BASE/get"])"
            << QStringList{"POST 303 BASE/redirect-to?url=/get&status_code=303 true",
                           "GET 200 BASE/get true"};
        QTest::newRow("307 keeps the method and the body")
            << "{}"
            << "const r = http.post(base + '/redirect-to?url=/post&status_code=307', 'abc'); "
               "return [r.status, r.json().data];"
            << R"([200,"abc"])"
            << QStringList{"POST 307 BASE/redirect-to?url=/post&status_code=307 true",
                           "POST 200 BASE/post true"};
    }
    void redirects() {
        QFETCH(QString, options);
        QFETCH(QString, body);
        QFETCH(QString, expected);
        QFETCH(QStringList, samples);
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, options, body, m_httpbin.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected.replace("BASE", m_httpbin.url(""))));
        QCOMPARE(httpReqPoints(ws.path("out.json"), "expected_response"),
                 samples.replaceInStrings("BASE", m_httpbin.url("")));
        QVERIFY2(!result.err.contains("Stopped after"), qPrintable(result.err));
    }

    // k6's default of 10 redirects, reached: the 11th redirect is returned, with k6's warning.
    void defaultRedirectLimit() {
        EngineWorkspace ws;
        const EngineRun result =
            runResultScript(ws, "{}", "const r = http.get(base + '/redirect/12'); return [r.status, r.url];",
                            m_httpbin.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)),
                 compactJson(QString(R"([302,"%1/relative-redirect/2"])").arg(m_httpbin.url(""))));
        QCOMPARE(httpReqPoints(ws.path("out.json"), "expected_response").size(), 11);
        QVERIFY2(result.err.contains(
                     "Stopped after 11 redirects and returned the redirection; pass { redirects: n } "
                     "in request params or set global maxRedirects to silence this"),
                 qPrintable(result.err));
    }

    // Basic from the URL's credentials, digest with its challenge recorded as k6 records it (a 401 counted as
    // expected), and the URL tag with the credentials masked.
    void auth_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("samples");
        QTest::newRow("basic from the URL")
            << "const r = http.get(AUTH + '/basic-auth/u/p'); return [r.status, r.json().authenticated];"
            << "[200,true]" << QStringList{"GET 200 MASKED/basic-auth/u/p true"};
        QTest::newRow("basic with params.auth")
            << "const r = http.get(AUTH + '/basic-auth/u/p', { auth: 'basic' }); return r.status;"
            << "200" << QStringList{"GET 200 MASKED/basic-auth/u/p true"};
        QTest::newRow("wrong basic credentials")
            << "const r = http.get(WRONG + '/basic-auth/u/p'); return [r.status, r.error_code, r.error];"
            << R"([401,1401,""])" << QStringList{"GET 401 MASKED/basic-auth/u/p false"};
        QTest::newRow("digest") << "const r = http.get(AUTH + '/digest-auth/auth/u/p', { auth: 'digest' }); "
                                   "return [r.status, r.json().authenticated];"
                                << "[200,true]"
                                << QStringList{"GET 401 BASE/digest-auth/auth/u/p true",
                                               "GET 200 BASE/digest-auth/auth/u/p true"};
        QTest::newRow("digest SHA-256") << "const r = http.get(AUTH + '/digest-auth/auth/u/p/SHA-256', { "
                                           "auth: 'digest' }); return r.status;"
                                        << "200"
                                        << QStringList{"GET 401 BASE/digest-auth/auth/u/p/SHA-256 true",
                                                       "GET 200 BASE/digest-auth/auth/u/p/SHA-256 true"};
        QTest::newRow("digest without params.auth")
            << "return http.get(AUTH + '/digest-auth/auth/u/p').status;"
            << "401" << QStringList{"GET 401 MASKED/digest-auth/auth/u/p false"};
        QTest::newRow("timeout") << "const r = http.get(base + '/delay/3', { timeout: '300ms' }); return "
                                    "[r.status, r.error_code, r.error];"
                                 << R"([0,1050,"request timeout"])"
                                 << QStringList{"GET 0 BASE/delay/3 false"};
    }
    void auth() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        QFETCH(QStringList, samples);
        const QString base = m_httpbin.url("");
        const QString authority = QString("127.0.0.1:%1").arg(m_httpbin.port());
        body.replace("AUTH", "'http://u:p@" + authority + "'")
            .replace("WRONG", "'http://u:no@" + authority + "'");
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, "{}", body, base);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected));
        QCOMPARE(httpReqPoints(ws.path("out.json"), "expected_response"),
                 samples.replaceInStrings("MASKED", "http://****:****@" + authority)
                     .replaceInStrings("BASE", base));
    }

    // curl's NTLM handshake begins with the negotiate message (type 1) on the first request.
    void ntlm() {
        LoopbackHttpServer server([](const ReceivedRequest&) {
            return Reply{401, "no", {{"WWW-Authenticate", "NTLM"}}};
        });
        EngineWorkspace ws;
        const EngineRun ntlm =
            runResultScript(ws, "{}",
                            QString("return http.get('http://u:p@127.0.0.1:%1/x', { auth: 'ntlm' }).status;")
                                .arg(server.port()),
                            "");
        QVERIFY2(ntlm.exitCode == 0, qPrintable(ntlm.err));
        QCOMPARE(resultOf(ntlm), QString("401"));
        QVERIFY(!server.requests().isEmpty());
        QVERIFY2(server.requests().last().header("Authorization").startsWith("NTLM TlRMTVNTUAAB"),
                 server.requests().last().header("Authorization").constData());
    }

    // options.hosts: the name is sent as the Host, the connection goes to the address mapped.
    void hosts_data() {
        QTest::addColumn<QString>("hosts");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::newRow("name to ip:port") << "{ 'api.example.test': '127.0.0.1:PORT' }"
                                         << "http://api.example.test/x"
                                         << "api.example.test";
        QTest::newRow("name:port to ip:port") << "{ 'api.example.test:8080': '127.0.0.1:PORT' }"
                                              << "http://api.example.test:8080/x"
                                              << "api.example.test:8080";
        QTest::newRow("name to ip, the URL's port") << "{ 'api.example.test': '127.0.0.1' }"
                                                    << "http://api.example.test:PORT/x"
                                                    << "api.example.test:PORT";
    }
    void hosts() {
        QFETCH(QString, hosts);
        QFETCH(QString, url);
        QFETCH(QString, host);
        LoopbackHttpServer server;
        const QString port = QString::number(server.port());
        EngineWorkspace ws;
        const EngineRun result =
            runResultScript(ws, "{ hosts: " + hosts.replace("PORT", port) + " }",
                            "return http.get('" + url.replace("PORT", port) + "').status;", "");
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(resultOf(result), QString("200"));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(QString::fromUtf8(server.requests().first().header("Host")), host.replace("PORT", port));
    }

    // insecureSkipTLSVerify and tlsVersion reach the TLS handshake (the server's certificate is trusted by
    // nobody; Debian's OpenSSL refuses TLS 1.0 and 1.1).
    void tls_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("expected");
        QTest::newRow("verified: refused") << "{}"
                                           << "[0,1300]";
        QTest::newRow("insecureSkipTLSVerify") << "{ insecureSkipTLSVerify: true }"
                                               << "[200,0]";
        QTest::newRow("tlsVersion tls1.3") << "{ insecureSkipTLSVerify: true, tlsVersion: 'tls1.3' }"
                                           << "[200,0]";
        QTest::newRow("tlsVersion min and max")
            << "{ insecureSkipTLSVerify: true, tlsVersion: { min: 'tls1.2', max: 'tls1.3' } }"
            << "[200,0]";
        QTest::newRow("tlsVersion max tls1.1")
            << "{ insecureSkipTLSVerify: true, tlsVersion: { max: 'tls1.1' } }"
            << "[0,1300]";
    }
    void tls() {
        QFETCH(QString, options);
        QFETCH(QString, expected);
        QTemporaryDir folder;
        LoopbackHttpServer server({}, loadbench::test::makeTestCertificate(folder.path()));
        EngineWorkspace ws;
        const EngineRun result = runResultScript(
            ws, options, "const r = http.get(base + '/x'); return [r.status, r.error_code];", server.url(""));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(compactJson(resultOf(result)), compactJson(expected));
    }

    // Options k6 refuses, each in one line naming it (exit 104).
    void badOptions_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("tlsVersion")
            << "{ tlsVersion: 'tls9' }"
            << R"(option tlsVersion: "tls9" is not one of "tls1.0", "tls1.1", "tls1.2", "tls1.3")";
        QTest::newRow("tlsVersion min above max") << "{ tlsVersion: { min: 'tls1.3', max: 'tls1.2' } }"
                                                  << "option tlsVersion: min is above max";
        QTest::newRow("maxRedirects") << "{ maxRedirects: -1 }"
                                      << "option maxRedirects: must be at least 0, not -1";
        QTest::newRow("userAgent") << "{ userAgent: 5 }"
                                   << "option userAgent: 5 is not a string";
        QTest::newRow("noCookiesReset") << "{ noCookiesReset: 'yes' }"
                                        << R"(option noCookiesReset: "yes" is not true or false)";
        QTest::newRow("hosts") << "{ hosts: ['a'] }"
                               << "option hosts: is not an object";
    }
    void badOptions() {
        QFETCH(QString, options);
        QFETCH(QString, message);
        EngineWorkspace ws;
        const EngineRun result = runResultScript(ws, options, "return 0;", "");
        QCOMPARE(result.exitCode, 104);
        QVERIFY2(result.err.contains(loadbench::test::asLogged(message)), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineHttpWire)
#include "tst_engine_http_wire.moc"
