#include "engine/options/engine_options.h"

#include <QTest>

using namespace loadbench::engine;
using loadbench::Duration;
using namespace std::chrono_literals;

class TestEngineOptions : public QObject {
    Q_OBJECT

private slots:
    void shortcuts_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QString>("executor");
        QTest::addColumn<int>("maxVus");
        QTest::addColumn<qint64>("iterations");
        QTest::addColumn<qint64>("plannedSeconds");
        QTest::newRow("nothing: one VU, one iteration, per VU as k6 derives it")
            << QByteArray("{}") << "per-vu-iterations" << 1 << qint64(1) << qint64(600);
        QTest::newRow("vus alone: one iteration for each VU")
            << QByteArray(R"json({"vus":4})json") << "per-vu-iterations" << 4 << qint64(1) << qint64(600);
        QTest::newRow("vus and duration") << QByteArray(R"json({"vus":10,"duration":"30s"})json")
                                          << "constant-vus" << 10 << qint64(1) << qint64(30);
        QTest::newRow("iterations") << QByteArray(R"json({"vus":5,"iterations":20})json")
                                    << "shared-iterations" << 5 << qint64(20) << qint64(600);
        QTest::newRow("iterations with duration as maxDuration")
            << QByteArray(R"json({"iterations":3,"duration":"5s"})json") << "shared-iterations" << 1
            << qint64(3) << qint64(5);
        QTest::newRow("stages")
            << QByteArray(R"json({"stages":[{"duration":"10s","target":25},{"duration":"10s","target":25},
            {"duration":"10s","target":0}]})json")
            << "ramping-vus" << 25 << qint64(1) << qint64(30);
    }
    void shortcuts() {
        QFETCH(QByteArray, options);
        QFETCH(QString, executor);
        QFETCH(int, maxVus);
        QFETCH(qint64, iterations);
        QFETCH(qint64, plannedSeconds);
        const EngineOptions resolved =
            resolveOptions(nlohmann::ordered_json::parse(options.toStdString()), {});
        QCOMPARE(resolved.scenarios.size(), std::size_t(1));
        const ScenarioConfig& scenario = resolved.scenarios[0];
        QCOMPARE(scenario.name, std::string("default"));
        QCOMPARE(QString::fromStdString(scenario.executor), executor);
        QCOMPARE(scenario.maxVus(), maxVus);
        QCOMPARE(qint64(scenario.iterations), iterations);
        QCOMPARE(qint64(std::chrono::duration_cast<std::chrono::seconds>(scenario.plannedDuration()).count()),
                 plannedSeconds);
    }

    void rampingStartsFromVus() {
        const auto options =
            nlohmann::ordered_json::parse(R"json({"vus":3,"stages":[{"duration":"5s","target":10}]})json");
        QCOMPARE(resolveOptions(options, {}).scenarios.at(0).startVUs, 3);
        QCOMPARE(
            resolveOptions(
                nlohmann::ordered_json::parse(R"json({"stages":[{"duration":"5s","target":10}]})json"), {})
                .scenarios.at(0)
                .startVUs,
            1);
    }

    void commandLineOverrides() {
        const auto script = nlohmann::ordered_json::parse(
            R"json({"vus":2,"stages":[{"duration":"10s","target":25}],"summaryTrendStats":["avg","p(99)"]})json");
        CommandLineOverrides flags;
        flags.duration = 5s;
        flags.vus = 4;
        const EngineOptions resolved = resolveOptions(script, flags);
        QCOMPARE(resolved.scenarios.at(0).executor, std::string("constant-vus"));
        QCOMPARE(resolved.scenarios.at(0).vus, 4);
        QVERIFY(resolved.scenarios.at(0).duration == 5s);
        QCOMPARE(resolved.summaryTrendStats, (std::vector<std::string>{"avg", "p(99)"}));

        const auto withScenarios = nlohmann::ordered_json::parse(
            R"json({"scenarios":{"browse":{"executor":"constant-vus","vus":3,"duration":"1m"}}})json");
        CommandLineOverrides iterations;
        iterations.iterations = 7;
        const EngineOptions replaced = resolveOptions(withScenarios, iterations);
        QCOMPARE(replaced.scenarios.size(), std::size_t(1));
        QCOMPARE(replaced.scenarios[0].name, std::string("default"));
        QCOMPARE(replaced.scenarios[0].iterations, 7LL);
        const EngineOptions kept = resolveOptions(withScenarios, {});
        QCOMPARE(kept.scenarios[0].name, std::string("browse"));
        QCOMPARE(kept.scenarios[0].vus, 3);
    }

    void scenarios() {
        const auto options = nlohmann::ordered_json::parse(R"json({"scenarios":{
            "login":{"executor":"per-vu-iterations","vus":2,"iterations":3,"exec":"login","startTime":"5s",
                     "tags":{"flow":"auth"},"env":{"USER":"a"}},
            "browse":{"executor":"ramping-vus","startVUs":0,"stages":[{"duration":"20s","target":8}],
                      "gracefulRampDown":"2s","gracefulStop":"1s"}}})json");
        const EngineOptions resolved = resolveOptions(options, {});
        QCOMPARE(resolved.scenarios.size(), std::size_t(2));
        const ScenarioConfig& login = resolved.scenarios[0];
        QCOMPARE(login.exec, std::string("login"));
        QVERIFY(login.startTime == 5s);
        QCOMPARE(login.tags.at("flow"), std::string("auth"));
        QCOMPARE(login.env.at("USER"), std::string("a"));
        const ScenarioConfig& browse = resolved.scenarios[1];
        QCOMPARE(browse.maxVus(), 8);
        QVERIFY(browse.maxTotalDuration() == 21s); // k6: graceful ramp-downs happen within the graceful stop
        QCOMPARE(resolved.maxVus(), 10);
    }

    void arrivalRateScenarios() {
        const auto options = nlohmann::ordered_json::parse(R"json({"scenarios":{
            "steady":{"executor":"constant-arrival-rate","rate":30,"timeUnit":"1m","duration":"2m",
                      "preAllocatedVUs":4,"maxVUs":10,"gracefulStop":"5s"},
            "peak":{"executor":"ramping-arrival-rate","startRate":2,"preAllocatedVUs":3,
                    "stages":[{"duration":"10s","target":20},{"duration":"20s","target":0}]}}})json");
        const EngineOptions resolved = resolveOptions(options, {});
        const ScenarioConfig& steady = resolved.scenarios.at(0);
        QCOMPARE(steady.rate, 30LL);
        QVERIFY(steady.timeUnit == 1min);
        QCOMPARE(steady.initialVus(), 4);
        QCOMPARE(steady.maxVus(), 10);
        QVERIFY(steady.plannedDuration() == 2min);
        QVERIFY(steady.maxTotalDuration() == 2min + 5s);
        const ScenarioConfig& peak = resolved.scenarios.at(1);
        QCOMPARE(peak.startRate, 2LL);
        QVERIFY(peak.timeUnit == 1s);
        QCOMPARE(peak.maxVus(), 3); // maxVUs defaults to preAllocatedVUs
        QVERIFY(peak.plannedDuration() == 30s);
        QCOMPARE(resolved.initialVus(), 7);
        QCOMPARE(resolved.maxVus(), 13);
    }

    void configurationErrors_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad duration")
            << QByteArray(R"json({"duration":"10x"})json")
            << R"json(option duration: "10x" is not a duration (like 30s, 1m30s or 500ms))json";
        QTest::newRow("negative vus") << QByteArray(R"json({"vus":-1,"duration":"10s"})json")
                                      << "option vus: must be at least 0, not -1";
        QTest::newRow("shortcut with scenarios")
            << QByteArray(
                   R"json({"duration":"10s","scenarios":{"a":{"executor":"constant-vus","duration":"5s"}}})json")
            << "option duration: using an execution shortcut and `scenarios` together is not allowed";
        QTest::newRow("unknown executor")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"fastest"}}})json")
            << R"json(option scenarios.s.executor: unknown executor "fastest")json";
        QTest::newRow("stage without target")
            << QByteArray(R"json({"stages":[{"duration":"10s"}]})json") << "option stages[0].target: missing";
        QTest::newRow("duration and stages")
            << QByteArray(R"json({"duration":"10s","stages":[{"duration":"10s","target":1}]})json")
            << "option duration: using the shortcuts `duration` and `stages` together is not allowed";
        QTest::newRow("fewer iterations than VUs")
            << QByteArray(R"json({"vus":5,"iterations":2})json")
            << "option iterations: the number of iterations (2) can't be less "
               "than the number of VUs (5)";
        QTest::newRow("unknown scenario option")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-vus","duration":"5s","rate":3}}})json")
            << "option scenarios.s.rate: is not an option of the constant-vus executor";
        QTest::newRow("option of another executor")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":5,"duration":"5s",
                                  "preAllocatedVUs":2,"vus":3}}})json")
            << "option scenarios.s.vus: is not an option of the constant-arrival-rate executor";
        QTest::newRow("rate missing")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","duration":"5s",
                                  "preAllocatedVUs":2}}})json")
            << "option scenarios.s.rate: missing";
        QTest::newRow("rate zero")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":0,"duration":"5s",
                                  "preAllocatedVUs":2}}})json")
            << "option scenarios.s.rate: must be at least 1, not 0";
        QTest::newRow("rate a fraction")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":2.5,"duration":"5s",
                                  "preAllocatedVUs":2}}})json")
            << "option scenarios.s.rate: 2.5 is not a whole number";
        QTest::newRow("timeUnit zero")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":2,"timeUnit":"0s",
                                  "duration":"5s","preAllocatedVUs":2}}})json")
            << "option scenarios.s.timeUnit: must be more than 0";
        QTest::newRow("timeUnit not a duration")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"ramping-arrival-rate","timeUnit":"1 minute",
                                  "stages":[{"duration":"5s","target":5}],"preAllocatedVUs":2}}})json")
            << R"json(option scenarios.s.timeUnit: "1 minute" is not a duration (like 30s, 1m30s or 500ms))json";
        QTest::newRow("duration missing")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":2,
                                  "preAllocatedVUs":2}}})json")
            << "option scenarios.s.duration: missing";
        QTest::newRow("preAllocatedVUs missing")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":2,"duration":"5s",
                                  "maxVUs":4}}})json")
            << "option scenarios.s.preAllocatedVUs: missing";
        QTest::newRow("preAllocatedVUs negative")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":2,"duration":"5s",
                                  "preAllocatedVUs":-1}}})json")
            << "option scenarios.s.preAllocatedVUs: must be at least 0, not -1";
        QTest::newRow("maxVUs below preAllocatedVUs")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"ramping-arrival-rate","preAllocatedVUs":5,
                                  "maxVUs":2,"stages":[{"duration":"5s","target":5}]}}})json")
            << "option scenarios.s.maxVUs: can't be less than preAllocatedVUs (5)";
        QTest::newRow("no VUs at all")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"constant-arrival-rate","rate":2,"duration":"5s",
                                  "preAllocatedVUs":0}}})json")
            << "option scenarios.s.maxVUs: either preAllocatedVUs or maxVUs must be more than 0";
        QTest::newRow("startRate negative")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"ramping-arrival-rate","startRate":-3,
                                  "preAllocatedVUs":1,"stages":[{"duration":"5s","target":5}]}}})json")
            << "option scenarios.s.startRate: must be at least 0, not -3";
        QTest::newRow("arrival stages missing")
            << QByteArray(
                   R"json({"scenarios":{"s":{"executor":"ramping-arrival-rate","preAllocatedVUs":1}}})json")
            << "option scenarios.s.stages: missing";
        QTest::newRow("arrival stage without target")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"ramping-arrival-rate","preAllocatedVUs":1,
                                  "stages":[{"duration":"5s","target":5},{"duration":"5s"}]}}})json")
            << "option scenarios.s.stages[1].target: missing";
        QTest::newRow("externally controlled")
            << QByteArray(R"json({"scenarios":{"s":{"executor":"externally-controlled"}}})json")
            << R"json(option scenarios.s.executor: "externally-controlled" is not supported by loadbench-engine)json";
        QTest::newRow("bad trend stat")
            << QByteArray(R"json({"summaryTrendStats":["avg","p(101)"]})json")
            << R"json(option summaryTrendStats: "p(101)" is not a trend stat (avg, min, med, max, count or p(N)))json";
    }
    void configurationErrors() {
        QFETCH(QByteArray, options);
        QFETCH(QString, message);
        try {
            resolveOptions(nlohmann::ordered_json::parse(options.toStdString()), {});
            QFAIL("no error");
        } catch (const ConfigError& error) {
            QCOMPARE(QString::fromStdString(error.what()), message);
        }
    }

    void stageFlag() {
        const Stage stage = parseStageFlag("10s:25");
        QVERIFY(stage.duration == 10s);
        QCOMPARE(stage.target, 25);
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseStageFlag("10s"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseStageFlag("10x:3"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseStageFlag("10s:-1"));
    }
};

QTEST_GUILESS_MAIN(TestEngineOptions)
#include "tst_engine_options.moc"
