// `loadbench-engine inspect`: the real engine prints a script's options, and with --execution-requirements
// the scenarios k6 derives, totalDuration and maxVUs, as `k6 inspect` does.
#include "support/engine_workspace.h"

#include <nlohmann/json.hpp>

using Workspace = loadbench::test::EngineWorkspace;
using Json = nlohmann::ordered_json;

namespace {

Json parsed(const QString& text) {
    return Json::parse(text.toStdString(), nullptr, false);
}

/// JSON as text, which QCOMPARE can print.
QString text(const Json& json) {
    return QString::fromStdString(json.dump());
}

} // namespace

class TestEngineInspect : public QObject {
    Q_OBJECT

private slots:
    void printsTheExportedOptions() {
        Workspace ws;
        ws.write("script.js", "export const options = { vus: 3, duration: '10s', thresholds: "
                              "{ http_req_failed: ['rate<0.01'] } };\nexport default function () {}\n");
        const auto run = ws.inspect({"script.js"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(text(parsed(run.out)), text(Json({{"vus", 3},
                                                   {"duration", "10s"},
                                                   {"thresholds", {{"http_req_failed", {"rate<0.01"}}}}})));
        QVERIFY(run.out.startsWith("{\n  \"vus\": 3,")); // indented by two spaces, as k6's MarshalIndent
    }

    void executionRequirements_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QString>("totalDuration");
        QTest::addColumn<int>("maxVUs");
        QTest::addColumn<QString>("firstExecutor");
        QTest::newRow("no options: one iteration of one VU, maxDuration 10m, gracefulStop 30s")
            << QByteArray("{}") << "10m30s" << 1 << "per-vu-iterations";
        QTest::newRow("vus and duration: constant-vus plus the graceful stop")
            << QByteArray("{ vus: 10, duration: '1m30s' }") << "2m0s" << 10 << "constant-vus";
        QTest::newRow("stages: ramping-vus plus the graceful stop (ramp-downs happen within it)")
            << QByteArray("{ stages: [{ duration: '10s', target: 25 }, { duration: '20s', target: 0 }] }")
            << "1m0s" << 25 << "ramping-vus";
        QTest::newRow("overlapping scenarios add their VUs")
            << QByteArray("{ scenarios: { a: { executor: 'constant-vus', vus: 5, duration: '20s' },"
                          " b: { executor: 'constant-vus', vus: 30, duration: '30s', startTime: '10s' } } }")
            << "1m10s" << 35 << "constant-vus";
        QTest::newRow("scenarios one after the other need only the larger")
            << QByteArray("{ scenarios: { a: { executor: 'constant-vus', vus: 5, duration: '20s', "
                          "gracefulStop: '0s' }, b: { executor: 'constant-vus', vus: 30, duration: '30s', "
                          "startTime: '20s', gracefulStop: '0s' } } }")
            << "50s" << 30 << "constant-vus";
        QTest::newRow("arrival rate: maxVUs counts")
            << QByteArray("{ scenarios: { a: { executor: 'constant-arrival-rate', rate: 50, duration: '1m', "
                          "preAllocatedVUs: 10, maxVUs: 40 } } }")
            << "1m30s" << 40 << "constant-arrival-rate";
    }
    void executionRequirements() {
        QFETCH(QByteArray, options);
        QFETCH(QString, totalDuration);
        QFETCH(int, maxVUs);
        QFETCH(QString, firstExecutor);
        Workspace ws;
        ws.write("script.js", "export const options = " + options + ";\nexport default function () {}\n");
        const auto run = ws.inspect({"--execution-requirements", "script.js"});
        QCOMPARE(run.exitCode, 0);
        const Json output = parsed(run.out);
        QVERIFY2(output.is_object(), qPrintable(run.out + run.err));
        QCOMPARE(QString::fromStdString(output.value("totalDuration", "")), totalDuration);
        QCOMPARE(output.value("maxVUs", -1), maxVUs);
        QVERIFY(output["scenarios"].is_object() && !output["scenarios"].empty());
        QCOMPARE(QString::fromStdString(output["scenarios"].begin().value().value("executor", "")),
                 firstExecutor);
        QCOMPARE(text(output.back()),
                 text(Json(maxVUs))); // k6 appends totalDuration and maxVUs after the options
    }

    void aDerivedScenarioHasK6sKeys() {
        Workspace ws;
        ws.write("script.js",
                 "export const options = { vus: 2, duration: '5s' };\nexport default function () {}\n");
        const auto run = ws.inspect({"--execution-requirements", "script.js"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(text(parsed(run.out)["scenarios"]), text(Json({{"default",
                                                                 {{"executor", "constant-vus"},
                                                                  {"startTime", "0s"},
                                                                  {"gracefulStop", "30s"},
                                                                  {"env", Json::object()},
                                                                  {"exec", "default"},
                                                                  {"tags", Json::object()},
                                                                  {"vus", 2},
                                                                  {"duration", "5s"}}}})));
    }

    void theEnvironmentReachesInitCodeAndK6Variables() {
        Workspace ws;
        ws.write("script.js", "export const options = { vus: Number(__ENV.USERS), duration: '5s' };\n"
                              "export default function () {}\n");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("K6_DURATION", "7s");
        const auto run = ws.inspect({"--execution-requirements", "-e", "USERS=4", "script.js"}, environment);
        QCOMPARE(run.exitCode, 0);
        const Json output = parsed(run.out);
        QCOMPARE(text(output["vus"]), text(Json(4)));
        QCOMPARE(text(output["scenarios"]["default"]["duration"]), text(Json("7s")));
        QCOMPARE(text(output["maxVUs"]), text(Json(4)));
    }

    void problemsExitAsK6Does_data() {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("a syntax error") << QByteArray("export const options = {;\n") << 107 << "script.js";
        QTest::newRow("an exception in init code")
            << QByteArray("throw new Error('no config');\nexport default function () {}\n") << 107
            << "no config";
        QTest::newRow("options k6 refuses")
            << QByteArray(
                   "export const options = { vus: 2, duration: 'soon' };\nexport default function () {}\n")
            << 104 << "duration";
    }
    void problemsExitAsK6Does() {
        QFETCH(QByteArray, script);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        Workspace ws;
        ws.write("script.js", script);
        const auto run = ws.inspect({"--execution-requirements", "script.js"});
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains("level=error") && run.err.contains(message), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineInspect)
#include "tst_engine_inspect.moc"
