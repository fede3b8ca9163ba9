// https:// modules through the real loadbench-engine: served by a loopback HTTPS server whose certificate the
// test makes (trusted through LOADBENCH_TEST_CA_FILE), found offline in module folders in their order,
// written by `vendor`, and the messages when one cannot be had.
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"
#include "support/test_certificate.h"

#include <map>

using loadbench::test::asLogged;
using loadbench::test::LoopbackHttpServer;
using loadbench::test::ReceivedRequest;
using loadbench::test::Reply;
using loadbench::test::summaryValue;
using loadbench::test::TlsIdentity;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

namespace {

/// Where a test's module files are served from; `BASE` in a file stands for the server's https://HOST:PORT.
const std::map<QByteArray, QByteArray> servedModules{
    {"/lib/math.js", "export function triple(x) { return 3 * x; }\n"},
    {"/lib/math.js?v=2", "export function triple(x) { return 30 * x; }\n"},
    {"/lib/index.js", "import { triple } from './math.js';\nexport function nine() { return triple(3); }\n"},
    {"/lib/deep/rooted.js", "import { triple } from '/lib/math.js';\nexport const twelve = triple(4);\n"},
    {"/lib/chain.js", "import { nine } from 'BASE/lib/index.js';\nexport const ninety = nine() * 10;\n"},
    {"/cjs/helper.js", "exports.seven = function () { return 7; };\n"},
    {"/lib/sleepy.js", "import { sleep } from 'k6';\nexport function rested() { sleep(0); return 4; }\n"},
    {"/lib/local.js", "import { x } from 'file:///etc/x.js';\nexport const triple = x;\n"},
    {"/lib/boom.ts", "export function boom(): void {\n    const why: string = 'remote boom';\n    throw new "
                     "Error(why);\n}\n"},
};

/// The script of most tests: `imports`, then a Counter `got` that each iteration adds `expression` to.
QByteArray counterScript(const QByteArray& imports, const QByteArray& expression, const QByteArray& options) {
    return "import { Counter } from 'k6/metrics';\n" + imports +
           "\nconst got = new Counter('got');\nexport const options = " + options +
           ";\nexport default function () { got.add(" + expression + "); }\n" + writeSummary;
}

/// The error lines of a run's stderr (logfmt, as stderr is a pipe).
QStringList errorLines(const Run& run) {
    QStringList lines;
    for (const QString& line : run.err.split('\n', Qt::SkipEmptyParts))
        if (line.contains("level=error"))
            lines << line;
    return lines;
}

} // namespace

class TestEngineRemoteModules : public QObject {
    Q_OBJECT

    QTemporaryDir m_certificateDir;
    TlsIdentity m_identity;

    /// The HTTPS server of servedModules, with /moved/… redirecting to /lib/… and /to-http/… to http://.
    std::unique_ptr<LoopbackHttpServer> startServer() {
        auto server = std::make_unique<LoopbackHttpServer>(
            [](const ReceivedRequest& request) -> Reply {
                if (request.path.startsWith("/moved/"))
                    return {302, {}, {{"Location", "/lib/" + request.path.mid(7)}}, 0};
                if (request.path.startsWith("/to-http/"))
                    return {302, {}, {{"Location", "http://127.0.0.1:1/lib/" + request.path.mid(9)}}, 0};
                const auto served = servedModules.find(request.path);
                if (served == servedModules.end())
                    return {404, "not found", {}, 0};
                QByteArray body = served->second;
                return {200,
                        body.replace("BASE", "https://" + request.header("Host")),
                        {{"Content-Type", "application/javascript"}},
                        0};
            },
            m_identity);
        m_base = server->url("").toUtf8();
        return server;
    }
    QByteArray m_base; // the running server's https://127.0.0.1:PORT

    /// The process environment with the test's certificate trusted (or not), and no module folder of the
    /// machine's.
    QProcessEnvironment environment(bool trusted = true) const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("LOADBENCH_MODULE_DIR");
        environment.remove("LOADBENCH_TEST_CA_FILE");
        if (trusted)
            environment.insert("LOADBENCH_TEST_CA_FILE", m_identity.certificateFile);
        return environment;
    }

    static int requestsFor(const LoopbackHttpServer& server, const QByteArray& path) {
        int count = 0;
        for (const ReceivedRequest& request : server.requests())
            count += request.path == path ? 1 : 0;
        return count;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_certificateDir.isValid());
        m_identity = loadbench::test::makeTestCertificate(m_certificateDir.path());
    }

    void remoteModulesRun_data() {
        QTest::addColumn<QByteArray>("imports");
        QTest::addColumn<QByteArray>("expression");
        QTest::addColumn<double>("expected");
        QTest::newRow("import by URL")
            << QByteArray("import { triple } from 'BASE/lib/math.js';") << QByteArray("triple(2)") << 6.0;
        QTest::newRow("relative import inside a remote module")
            << QByteArray("import { nine } from 'BASE/lib/index.js';") << QByteArray("nine()") << 9.0;
        QTest::newRow("root-relative import inside a remote module")
            << QByteArray("import { twelve } from 'BASE/lib/deep/rooted.js';") << QByteArray("twelve")
            << 12.0;
        QTest::newRow("remote module importing a remote module")
            << QByteArray("import { ninety } from 'BASE/lib/chain.js';") << QByteArray("ninety") << 90.0;
        QTest::newRow("redirect") << QByteArray("import { triple } from 'BASE/moved/math.js';")
                                  << QByteArray("triple(5)") << 15.0;
        QTest::newRow("query string") << QByteArray("import { triple } from 'BASE/lib/math.js?v=2';")
                                      << QByteArray("triple(1)") << 30.0;
        QTest::newRow("remote module importing a k6 module")
            << QByteArray("import { rested } from 'BASE/lib/sleepy.js';") << QByteArray("rested()") << 4.0;
        QTest::newRow("named import from a remote CommonJS module")
            << QByteArray("import { seven } from 'BASE/cjs/helper.js';") << QByteArray("seven()") << 7.0;
    }
    void remoteModulesRun() {
        QFETCH(QByteArray, imports);
        QFETCH(QByteArray, expression);
        QFETCH(double, expected);
        const auto server = startServer();
        Workspace ws;
        ws.write("script.js",
                 counterScript(imports.replace("BASE", m_base), expression, "{ iterations: 1 }"));
        const Run run = ws.run({"script.js", "--quiet"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), expected);
    }

    void remoteHelperInACheck() {
        const auto server = startServer();
        Workspace ws;
        ws.write("script.js", R"js(
import { check } from 'k6';
import { nine } from ')js" + m_base +
                                  R"js(/lib/index.js';
export const options = { iterations: 3 };
export default function () { check(nine(), { 'nine': (n) => n === 9 }); }
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "checks", "passes"), 3.0);
        QCOMPARE(summaryValue(ws.summary(), "checks", "fails"), 0.0);
    }

    void errorsInARemoteModuleNameItsUrlAndLine() {
        const auto server = startServer();
        Workspace ws;
        ws.write("script.js", "import { boom } from '" + m_base +
                                  "/lib/boom.ts';\nexport default function () { boom(); }\n");
        const Run run = ws.run({"script.js", "--quiet"}, environment());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("Error: remote boom at " + m_base + "/lib/boom.ts:3"), qPrintable(run.err));
    }

    void requireOfRemoteModuleFromCommonJs() {
        const auto server = startServer();
        Workspace ws;
        ws.write("script.js", R"js(
const { triple } = require(')js" + m_base +
                                  R"js(/lib/math.js');
const { nine } = require(')js" + m_base +
                                  R"js(/lib/index.js');
const metrics = require('k6/metrics');
const got = new metrics.Counter('got');
exports.options = { iterations: 2 };
exports.default = function () { got.add(triple(7) + nine()); };
exports.handleSummary = function (data) { return { 'summary.json': JSON.stringify(data) }; };
)js");
        const Run run = ws.run({"script.js", "--quiet"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), 60.0);
    }

    void eachUrlFetchedOnceForAllVus() {
        const auto server = startServer();
        Workspace ws;
        // math.js is imported by the script and by index.js, index.js by the script and by chain.js.
        ws.write("script.js",
                 counterScript("import { triple } from '" + m_base +
                                   "/lib/math.js';\nimport { nine } from '" + m_base +
                                   "/lib/index.js';\nimport { ninety } from '" + m_base + "/lib/chain.js';",
                               "triple(1) + nine() + ninety", "{ vus: 4, iterations: 20 }"));
        const Run run = ws.run({"script.js", "--quiet"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), 20.0 * (3 + 9 + 90));
        QCOMPARE(requestsFor(*server, "/lib/math.js"), 1);
        QCOMPARE(requestsFor(*server, "/lib/index.js"), 1);
        QCOMPARE(requestsFor(*server, "/lib/chain.js"), 1);
        QCOMPARE(server->requests().size(), 3);
    }

    void offlineFromModuleFolders_data() {
        QTest::addColumn<QStringList>("placed"); // FOLDER=VALUE: the module, exporting VALUE, in that folder
        QTest::addColumn<double>("expected");
        QTest::newRow("--module-dir") << QStringList{"first=1"} << 1.0;
        QTest::newRow("a second --module-dir") << QStringList{"second=2"} << 2.0;
        QTest::newRow("$LOADBENCH_MODULE_DIR") << QStringList{"env=3"} << 3.0;
        QTest::newRow(".modules beside the script") << QStringList{"beside=4"} << 4.0;
        QTest::newRow("the first --module-dir before the second")
            << QStringList{"second=2", "first=1"} << 1.0;
        QTest::newRow("--module-dir before $LOADBENCH_MODULE_DIR and .modules")
            << QStringList{"beside=4", "env=3", "second=2"} << 2.0;
        QTest::newRow("$LOADBENCH_MODULE_DIR before .modules") << QStringList{"beside=4", "env=3"} << 3.0;
    }
    void offlineFromModuleFolders() {
        QFETCH(QStringList, placed);
        QFETCH(double, expected);
        Workspace ws;
        const std::map<QString, QString> folders{{"first", "vendor-a"},
                                                 {"second", "vendor-b"},
                                                 {"env", "shared-modules"},
                                                 {"beside", "k6/.modules"}};
        // Not served by anyone: were it fetched, jslib.k6.io would answer 404 (or nothing, offline).
        const QString module = "jslib.k6.io/loadbench-test/1.0.0/index.js";
        for (const QString& entry : placed)
            ws.write(folders.at(entry.section('=', 0, 0)) + "/" + module,
                     "export const value = " + entry.section('=', 1).toUtf8() + ";\n");
        ws.write("k6/script.js", counterScript("import { value } from 'https://" + module.toUtf8() + "';",
                                               "value", "{ iterations: 1 }"));
        QProcessEnvironment env = environment();
        env.insert("LOADBENCH_MODULE_DIR", ws.path("shared-modules"));
        const Run run = ws.run(
            {"k6/script.js", "--quiet", "--module-dir", ws.path("vendor-a"), "--module-dir", "vendor-b"},
            env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), expected);
    }

    void queryStringFileIsNamedWithPercent3F() {
        Workspace ws;
        ws.write(".modules/jslib.k6.io/loadbench-test/index.js", "export const value = 1;\n");
        ws.write(".modules/jslib.k6.io/loadbench-test/index.js%3Fv=2", "export const value = 2;\n");
        ws.write("script.js",
                 counterScript("import { value } from 'https://jslib.k6.io/loadbench-test/index.js?v=2';",
                               "value", "{ iterations: 1 }"));
        const Run run = ws.run({"script.js", "--quiet"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), 2.0);
    }

    void vendorThenRunWithTheServerStopped() {
        auto server = startServer();
        Workspace ws;
        ws.write("k6/script.js", counterScript("import { nine } from '" + m_base +
                                                   "/lib/index.js';\nimport { triple } from '" + m_base +
                                                   "/lib/math.js?v=2';",
                                               "nine() + triple(1)", "{ iterations: 2 }"));
        const QString host = ws.path("k6/.modules/127.0.0.1:" + QString::number(server->port()));
        const QStringList fetched{"fetched " + m_base + "/lib/index.js " + host + "/lib/index.js",
                                  "fetched " + m_base + "/lib/math.js " + host + "/lib/math.js",
                                  "fetched " + m_base + "/lib/math.js?v=2 " + host + "/lib/math.js%3Fv=2"};
        const Run vendor = ws.finish(*ws.start({"k6/script.js"}, environment(), "vendor"));
        QVERIFY2(vendor.exitCode == 0, qPrintable(vendor.err));
        QCOMPARE(vendor.out.split('\n', Qt::SkipEmptyParts), fetched);
        QCOMPARE(QFile(host + "/lib/math.js%3Fv=2").size(), servedModules.at("/lib/math.js?v=2").size());

        // A second vendor finds them all there and fetches nothing.
        const Run again = ws.finish(*ws.start({"k6/script.js"}, environment(), "vendor"));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(again.out.split('\n', Qt::SkipEmptyParts),
                 QStringList(fetched).replaceInStrings("fetched ", "present "));
        QCOMPARE(server->requests().size(), 3);

        server.reset(); // nothing listens on its port any more
        const Run run = ws.run({"k6/script.js", "--quiet"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), 2.0 * (9 + 30));
    }

    void archiveCarriesRemoteModules() {
        // k6 archive's https/ tree: the archive runs with its server gone and no module folder.
        auto server = startServer();
        Workspace ws;
        ws.write("k6/script.js", counterScript("import { nine } from '" + m_base + "/lib/index.js';", "nine()",
                                               "{ iterations: 2 }"));
        const Run archived = ws.finish(*ws.start({"k6/script.js", "-O", "k6.tar"}, environment(), "archive"));
        QVERIFY2(archived.exitCode == 0, qPrintable(archived.err));
        const QString host = "https/127.0.0.1:" + QString::number(server->port());
        QProcess tar;
        tar.start("tar", {"-tf", ws.path("k6.tar")});
        QVERIFY(tar.waitForFinished());
        const QStringList entries = QString::fromUtf8(tar.readAllStandardOutput()).split('\n');
        QVERIFY2(entries.contains(host + "/lib/index.js") && entries.contains(host + "/lib/math.js"),
                 qPrintable(entries.join(' ')));
        server.reset();
        QVERIFY(QDir(ws.path("k6")).removeRecursively());
        const Run run = ws.run({"k6.tar", "--quiet"}, environment(false));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "got", "count"), 2.0 * 9);
    }

    void vendorIntoAModuleDir() {
        const auto server = startServer();
        Workspace ws;
        ws.write("script.js", counterScript("import { triple } from '" + m_base + "/lib/math.js';",
                                            "triple(1)", "{ iterations: 1 }"));
        const Run vendor =
            ws.finish(*ws.start({"script.js", "--module-dir", "deps"}, environment(), "vendor"));
        QVERIFY2(vendor.exitCode == 0, qPrintable(vendor.err));
        const QString file = ws.path("deps/127.0.0.1:" + QString::number(server->port()) + "/lib/math.js");
        QCOMPARE(vendor.out, "fetched " + m_base + "/lib/math.js " + file + "\n");
        QVERIFY(QFile::exists(file));
        QVERIFY(!QFile::exists(ws.path(".modules")));
    }

    void offlineMissingModuleIsOneLineWithBothRemedies() {
        Workspace ws;
        // Nothing listens on port 1, as nothing answers offline.
        ws.write("lib/helper.js",
                 "import { x } from 'https://127.0.0.1:1/lib/util.js';\nexport const y = x;\n");
        ws.write("script.js", "import { y } from './lib/helper.js';\nexport default function () {}\n");
        const Run run = ws.run({"script.js"}, environment());
        QCOMPARE(run.exitCode, 107);
        const QStringList errors = errorLines(run);
        QCOMPARE(errors.size(), 1);
        const QString& line = errors.front();
        for (const QString& part :
             {ws.path("lib/helper.js") + ":1:1: \"https://127.0.0.1:1/lib/util.js\": cannot be fetched (",
              QString("Failed to connect"),
              "run `loadbench-engine vendor " + ws.path("script.js") + "` while online",
              "put the file at " + ws.path(".modules/127.0.0.1:1/lib/util.js"), QString("--module-dir")})
            QVERIFY2(line.contains(asLogged(part)), qPrintable(line + "\nlacks: " + part));
    }

    void modulesThatCannotBeHadStopTheRun_data() {
        QTest::addColumn<QByteArray>("specifier");
        QTest::addColumn<bool>("trusted");
        QTest::addColumn<QString>("reason");
        QTest::newRow("http:// import") << QByteArray("http://127.0.0.1:1/lib/math.js") << true
                                        << "http:// imports are refused, as k6 refuses them; use https://";
        QTest::newRow("redirect to http://")
            << QByteArray("BASE/to-http/math.js") << true
            << "redirects to a URL that is not https:// (Protocol \"http\" not "
               "supported";
        QTest::newRow("certificate not trusted")
            << QByteArray("BASE/lib/math.js") << false << "cannot be fetched (SSL certificate problem";
        QTest::newRow("not found") << QByteArray("BASE/lib/absent.js") << true
                                   << "fetching it answered HTTP 404";
    }
    void modulesThatCannotBeHadStopTheRun() {
        QFETCH(QByteArray, specifier);
        QFETCH(bool, trusted);
        QFETCH(QString, reason);
        const auto server = startServer();
        Workspace ws;
        const QByteArray url = specifier.replace("BASE", m_base);
        ws.write("script.js",
                 counterScript("import { triple } from '" + url + "';", "triple(1)", "{ iterations: 1 }"));
        const Run run = ws.run({"script.js"}, environment(trusted));
        QCOMPARE(run.exitCode, 107);
        const QStringList errors = errorLines(run);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains(asLogged(ws.path("script.js") + ":2:1: \"" + url + "\": " + reason)),
                 qPrintable(errors.front()));
        QVERIFY(!QFile::exists(ws.path("summary.json")));
    }

    void remoteModuleCannotImportALocalFile() {
        const auto server = startServer();
        Workspace ws;
        ws.write("script.js", counterScript("import { triple } from '" + m_base + "/lib/local.js';",
                                            "triple(1)", "{ iterations: 1 }"));
        const Run run = ws.run({"script.js"}, environment());
        QCOMPARE(run.exitCode, 107);
        QVERIFY2(run.err.contains(asLogged(m_base +
                                           "/lib/local.js:1:1: \"file:///etc/x.js\": a remote module cannot "
                                           "import a local file, as in k6")),
                 qPrintable(run.err));
    }

    void inspectTakesModuleDirs() {
        Workspace ws;
        ws.write("deps/jslib.k6.io/loadbench-test/options.js", "export const vus = 7;\n");
        ws.write("script.js", "import { vus } from 'https://jslib.k6.io/loadbench-test/options.js';\n"
                              "export const options = { vus: vus };\nexport default function () {}\n");
        const Run run = ws.inspect({"script.js", "--module-dir", "deps"}, environment());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.out, QString("{\n  \"vus\": 7\n}\n"));
    }
};

QTEST_GUILESS_MAIN(TestEngineRemoteModules)
#include "tst_engine_remote_modules.moc"
