// k6/http's bodies and responses on the real loadbench-engine, against httpbin and the loopback server: form
// and multipart bodies as k6 writes them, http.file, responseType and discardResponseBodies, res.json with
// gjson paths, http.batch's forms, and expectedStatuses.
#include "support/engine_workspace.h"
#include "support/httpbin_server.h"
#include "support/loopback_http_server.h"

#include <QRegularExpression>

using loadbench::test::HttpbinServer;
using loadbench::test::LoopbackHttpServer;
using loadbench::test::ReceivedRequest;
using loadbench::test::Reply;
using loadbench::test::returnsScript;
using loadbench::test::summaryValue;
using loadbench::test::verifyReturns;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

namespace {

// gjson's README document, whose paths' results the README gives.
const QByteArray gjsonReadme =
    "{\"name\": {\"first\": \"Tom\", \"last\": \"Anderson\"}, \"age\": 37,"
    " \"children\": [\"Sara\", \"Alex\", \"Jack\"], \"fav.movie\": \"Deer Hunter\", \"friends\": ["
    "{\"first\": \"Dale\", \"last\": \"Murphy\", \"age\": 44, \"nets\": [\"ig\", \"fb\", \"tw\"]},"
    "{\"first\": \"Roger\", \"last\": \"Craig\", \"age\": 68, \"nets\": [\"fb\", \"tw\"]},"
    "{\"first\": \"Jane\", \"last\": \"Murphy\", \"age\": 47, \"nets\": [\"ig\", \"tw\"]}]}";

Reply loopbackReply(const ReceivedRequest& request) {
    if (request.path == "/gjson")
        return {200, gjsonReadme, {{"Content-Type", "application/json"}}};
    return LoopbackHttpServer::defaultReply(request);
}

} // namespace

class TestEngineHttpBodies : public QObject {
    Q_OBJECT

private:
    HttpbinServer m_httpbin;
    LoopbackHttpServer m_loopback{loopbackReply};

    /// Runs `body` (a function body; HTTPBIN and LOOPBACK stand for the servers) in one iteration, with
    /// `options` added to the script's, and checks that it returns `expected` (JSON).
    void runReturning(const QString& options, QString body, const QString& expected) {
        body.replace("HTTPBIN", m_httpbin.url("")).replace("LOOPBACK", m_loopback.url(""));
        Workspace ws;
        verifyReturns(ws, returnsScript("import http from 'k6/http';\nimport { check } from 'k6';\n"
                                        "export const options = { iterations: 1, " +
                                            options + " };",
                                        body, expected));
    }

private slots:
    void initTestCase() { QVERIFY2(m_httpbin.isRunning(), qPrintable(m_httpbin.error())); }

    void returns_data() {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        // Form bodies: Go's url.Values.Encode, keys sorted, an array's elements each under the key.
        QTest::newRow("form with an array, as httpbin reads it")
            << ""
            << "return http.post('HTTPBIN/post', { topping: ['onion', 'bacon', 'cheese'], size: 'large' })"
               ".json().form;"
            << R"({ size: 'large', topping: ['onion', 'bacon', 'cheese'] })";
        QTest::newRow("form bytes as url.Values.Encode")
            << ""
            << "return http.post('LOOPBACK/echo', { b: 'x y', a: ['1', '2'], c: '\\u00e4&=+~' }).body;"
            << R"('a=1&a=2&b=x+y&c=%C3%A4%26%3D%2B~')";
        QTest::newRow("form null, undefined, number and boolean")
            << ""
            << "return http.post('LOOPBACK/echo', { n: null, u: undefined, f: 1.5, t: true }).body;"
            << R"('f=1.5&n=&t=true&u=')";
        QTest::newRow("form Content-Type")
            << ""
            << "return http.post('LOOPBACK/echo', { a: '1' }).request.headers['Content-Type'];"
            << R"('application/x-www-form-urlencoded')";
        QTest::newRow("string body unchanged") << ""
                                               << "return http.post('LOOPBACK/echo', 'a=1&b=[x] y').body;"
                                               << R"('a=1&b=[x] y')";
        QTest::newRow("ArrayBuffer body unchanged")
            << ""
            << "const r = http.post('LOOPBACK/echo', new Uint8Array([0, 255, 10]).buffer, "
               "{ responseType: 'binary' }); return Array.from(new Uint8Array(r.body));"
            << "[0, 255, 10]";
        // Multipart bodies and http.file.
        QTest::newRow("multipart, as httpbin reads it")
            << ""
            << "const j = http.post('HTTPBIN/post', { field: 'x', file: http.file('hello', 'a.txt', "
               "'text/plain') }).json(); return [j.form, j.files, "
               "j.headers['Content-Type'].startsWith('multipart/form-data; boundary=')];"
            << R"([{ field: 'x' }, { file: 'hello' }, true])";
        QTest::newRow("multipart with an ArrayBuffer file")
            << ""
            << "return http.post('HTTPBIN/post', { f: http.file(new Uint8Array([104, 105]).buffer, 'b.bin') "
               "}).json().files;"
            << R"({ f: 'hi' })";
        QTest::newRow("http.file defaults")
            << ""
            << "const f = http.file('x'); return [f.data, f.content_type, /^[0-9]+$/.test(f.filename)];"
            << R"(['x', 'application/octet-stream', true])";
        QTest::newRow("http.file refuses other data")
            << ""
            << "try { http.file(5); return 'made'; } catch (e) { return e.message; }"
            << R"('invalid type int64, expected string or ArrayBuffer')";
        // responseType and discardResponseBodies.
        QTest::newRow("responseType binary")
            << ""
            << "const r = http.get('HTTPBIN/bytes/16', { responseType: 'binary' });"
               " return [r.body instanceof ArrayBuffer, r.body.byteLength];"
            << "[true, 16]";
        QTest::newRow("responseType none") << ""
                                           << "const r = http.get('HTTPBIN/html', { responseType: 'none' });"
                                              " return [r.body, r.status];"
                                           << "[null, 200]";
        QTest::newRow("responseType unknown")
            << ""
            << "try { http.get('LOOPBACK/', { responseType: 'blob' }); return 'sent'; } catch (e) "
               "{ return e.message; }"
            << R"('blob does not belong to ResponseType values')";
        QTest::newRow("discardResponseBodies")
            << "discardResponseBodies: true,"
            << "return [http.get('LOOPBACK/').body, http.get('LOOPBACK/', { responseType: 'text' }).body];"
            << "[null, 'ok']";
        // res.json with gjson's paths, the values gjson's README gives for its document.
        QTest::newRow("json gjson paths")
            << ""
            << "const r = http.get('LOOPBACK/gjson'); return ['name.last', 'age', 'children', "
               "'children.#', 'children.1', 'child*.2', 'c?ildren.0', 'fav\\\\.movie', "
               "'friends.#.first', 'friends.1.last'].map((p) => r.json(p));"
            << R"(['Anderson', 37, ['Sara', 'Alex', 'Jack'], 3, 'Alex', 'Jack', 'Sara', 'Deer Hunter',
                 ['Dale', 'Roger', 'Jane'], 'Craig'])";
        QTest::newRow("json path that does not exist")
            << ""
            << "const r = http.get('LOOPBACK/gjson'); return [r.json('name.middle') === undefined, "
               "r.json('children.5') === undefined, http.get('LOOPBACK/').json('a') === undefined];"
            << "[true, true, true]";
        QTest::newRow("json of a null body")
            << ""
            << "try { http.get('LOOPBACK/', { responseType: 'none' }).json(); return 'parsed'; }"
               " catch (e) { return e.message; }"
            << "\"the body is null so we can't transform it to JSON - this likely was because of a request "
               "error getting the response\"";
        // http.batch's forms.
        QTest::newRow("batch array of every form")
            << ""
            << "return http.batch(['LOOPBACK/status/201', ['GET', 'LOOPBACK/status/202'], "
               "{ method: 'GET', url: 'LOOPBACK/status/203' }, ['POST', 'LOOPBACK/echo', 'hi']])"
               ".map((r) => [r.status, r.request.method]).concat([http.batch([['POST', 'LOOPBACK/echo', "
               "'hi']])[0].body]);"
            << R"([[201, 'GET'], [202, 'GET'], [203, 'GET'], [200, 'POST'], 'hi'])";
        QTest::newRow("batch object keeps its keys")
            << ""
            << "const r = http.batch({ b: 'LOOPBACK/status/202', a: ['GET', 'LOOPBACK/status/201'] });"
               " return [Object.keys(r), r.a.status, r.b.status];"
            << R"([['b', 'a'], 201, 202])";
        QTest::newRow("batch errors")
            << ""
            << "const m = []; for (const f of [() => http.batch(), () => http.batch([{}]), "
               "() => http.batch([['GET']])]) { try { f(); m.push('sent'); } catch (e) { m.push(e.message); "
               "} } return m;"
            << "['no argument was provided to http.batch()', \"batch request 0 doesn't have a url key\", "
               "\"invalid batch request '[\\\"GET\\\"]'\"]";
        QTest::newRow("expectedStatuses errors")
            << ""
            << "const m = []; for (const f of [() => http.expectedStatuses({ min: 200 }), "
               "() => http.expectedStatuses({ min: 1.5, max: 3 }), () => http.setResponseCallback(5), "
               "() => http.expectedStatuses()]) { try { f(); m.push('made'); } catch (e) { "
               "m.push(e.message); "
               "} } return m;"
            << R"(['argument number 1 to expectedStatuses was neither an integer nor an object like {min:100, max:329}',
                 'both min and max need to be integers for argument number 1',
                 'unsupported argument, expected http.expectedStatuses', 'no arguments'])";
    }
    void returns() {
        QFETCH(QString, options);
        QFETCH(QString, body);
        QFETCH(QString, expected);
        runReturning(options, body, expected);
    }

    // A multipart body byte by byte as Go's multipart.Writer writes k6's: a 60-digit hex boundary, CRLF, the
    // file part's headers sorted.
    void multipartBytes() {
        const qsizetype before = m_loopback.requests().size();
        runReturning(
            "",
            "return http.post('LOOPBACK/echo', { field: 'x', file: http.file('hello', 'a \"q\".txt', "
            "'text/plain') }).status;",
            "200");
        const QList<ReceivedRequest> requests = m_loopback.requests();
        QCOMPARE(requests.size(), before + 1);
        const ReceivedRequest& request = requests.last();
        const QRegularExpressionMatch type =
            QRegularExpression("^multipart/form-data; boundary=([0-9a-f]{60})$")
                .match(QString::fromLatin1(request.header("Content-Type")));
        QVERIFY2(type.hasMatch(), request.header("Content-Type").constData());
        const QByteArray b = type.captured(1).toLatin1();
        QCOMPARE(request.body,
                 "--" + b + "\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nx\r\n--" + b +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\".txt\"\r\n"
                     "Content-Type: text/plain\r\n\r\nhello\r\n--" +
                     b + "--\r\n");
    }

    // expectedStatuses' numbers and ranges decide http_req_failed, a request's own responseCallback wins, and
    // with a null callback k6 records no http_req_failed at all.
    void expectedStatusesDecideFailures() {
        Workspace ws;
        ws.write("script.js", QString(R"js(import http from 'k6/http';
export const options = { iterations: 1 };
http.setResponseCallback(http.expectedStatuses(404, { min: 200, max: 204 }));
export default function () {
    http.get('LOOPBACK/status/404');
    http.get('LOOPBACK/status/500');
    http.get('LOOPBACK/status/500', { responseCallback: http.expectedStatuses(500) });
    http.get('LOOPBACK/status/206');
}
)js" + QString(writeSummary))
                                  .replace("LOOPBACK", m_loopback.url(""))
                                  .toUtf8());
        const Run run = ws.run({"script.js"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "http_req_failed", "passes"), 2.0); // 500 and 206 failed
        QCOMPARE(summaryValue(summary, "http_req_failed", "fails"), 2.0);
    }
    void nullResponseCallbackRecordsNoFailures() {
        Workspace ws;
        ws.write("script.js", QString(R"js(import http from 'k6/http';
export const options = { iterations: 1 };
http.setResponseCallback(null);
export default function () { http.get('LOOPBACK/status/500'); }
)js" + QString(writeSummary))
                                  .replace("LOOPBACK", m_loopback.url(""))
                                  .toUtf8());
        const Run run = ws.run({"script.js"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "http_reqs", "count"), 1.0);
        QVERIFY(summary.metric("http_req_failed") == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestEngineHttpBodies)
#include "tst_engine_http_bodies.moc"
