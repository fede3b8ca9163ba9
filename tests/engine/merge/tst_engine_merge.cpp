// `loadbench-engine merge`: instances of one script that shared its load, merged into one run, against a
// single run of the same work; the real engine runs the instances against a loopback server.
#include "common/k6_json/ndjson_reader.h"
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"

#include <QFile>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

using loadbench::test::EngineRun;
using loadbench::test::EngineWorkspace;
using loadbench::test::LoopbackHttpServer;

/// One instance's share: its iterations, and the position its first one has in the single run.
struct Instance {
    int iterations = 0;
    int offset = 0;
};
Q_DECLARE_METATYPE(std::vector<Instance>)

namespace {

// Shared iterations split by their counts: OFFSET makes each instance's `position` values the ones the
// single run gives the same iterations, so the merged trend must equal the single run's exactly.
const QByteArray script = R"js(
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';

const items = new Counter('items');
const position = new Trend('position');
export const options = { thresholds: JSON.parse(__ENV.THRESHOLDS || '{}') };

export default function () {
    const response = http.get(__ENV.BASE_URL);
    check(response, { 'status is 200': (r) => r.status === 200 });
    items.add(2);
    position.add(Number(__ENV.OFFSET || 0) + exec.scenario.iterationInTest);
}
)js";

nlohmann::json readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    return nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
}

double stat(const nlohmann::json& summary, const char* metric, const char* name) {
    const auto& values = summary["metrics"][metric]["values"];
    if (!values.contains(name)) {
        qWarning("no %s %s in the summary", metric, name);
        return -1;
    }
    return values[name].get<double>();
}

/// k6's percentile, written out here as the test's own oracle: linear between the two closest ranks.
double percentileOf(std::vector<double> values, double percent) {
    std::sort(values.begin(), values.end());
    const double rank = percent / 100 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (values[above] - values[below]) * (rank - static_cast<double>(below));
}

std::vector<double> valuesOf(const QString& samples, std::string_view metric) {
    std::vector<double> values;
    loadbench::NdjsonHandlers handlers;
    handlers.onSample = [&](const loadbench::SampleView& sample) {
        if (sample.metric == metric)
            values.push_back(sample.value);
    };
    loadbench::readNdjson(samples.toStdString(), handlers);
    return values;
}

bool near(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

} // namespace

class TestEngineMerge : public QObject {
    Q_OBJECT

    /// Runs the script with `arguments`, its samples to NAME.ndjson.gz and its summary data to NAME.json.
    static EngineRun runInstance(const EngineWorkspace& ws, const QString& name,
                                 const QStringList& arguments) {
        return ws.run(QStringList{"script.js", "--quiet", "--out", "json=" + name + ".ndjson.gz",
                                  "--summary-data", name + ".json"} +
                      arguments);
    }

    static EngineRun merge(const EngineWorkspace& ws, const QStringList& arguments) {
        return EngineWorkspace::finish(
            *ws.start(arguments, QProcessEnvironment::systemEnvironment(), "merge"));
    }

    /// Runs `instances` and merges them into merged.*; the instances' runs must pass or fail on thresholds.
    static EngineRun runAndMerge(const EngineWorkspace& ws, const QString& base,
                                 const std::vector<Instance>& instances, const QString& thresholds = "{}",
                                 const QStringList& mergeArguments = {}) {
        QStringList samples, summaries;
        for (std::size_t i = 0; i < instances.size(); ++i) {
            const QString name = QString("instance%1").arg(i + 1);
            const EngineRun run =
                runInstance(ws, name,
                            {"--iterations", QString::number(instances[i].iterations), "--vus", "2", "-e",
                             "BASE_URL=" + base, "-e", "OFFSET=" + QString::number(instances[i].offset), "-e",
                             "THRESHOLDS=" + thresholds});
            if (run.exitCode != 0 && run.exitCode != 99)
                qWarning("instance %s: %d %s", qPrintable(name), run.exitCode, qPrintable(run.err));
            samples << ws.path(name + ".ndjson.gz");
            summaries << "--instance-summary" << ws.path(name + ".json");
        }
        return merge(ws, QStringList{"--out", "json=" + ws.path("merged.ndjson.gz"), "--summary-data",
                                     ws.path("merged.json"), "--text-summary", ws.path("merged.summary")} +
                             summaries + mergeArguments + samples);
    }

private slots:
    void mergeEqualsOneRun_data() {
        QTest::addColumn<std::vector<Instance>>("instances");
        QTest::newRow("2 instances of 50") << std::vector<Instance>{{50, 0}, {50, 50}};
        QTest::newRow("3 instances of 30, 30, 40") << std::vector<Instance>{{30, 0}, {30, 30}, {40, 60}};
    }
    void mergeEqualsOneRun() {
        QFETCH(std::vector<Instance>, instances);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", script);
        const QStringList trendStats{"--summary-trend-stats", "avg,min,med,max,p(90),p(95),p(99),count"};
        const EngineRun single = runInstance(
            ws, "single",
            QStringList{"--iterations", "100", "--vus", "4", "-e", "BASE_URL=" + server.url()} + trendStats);
        QCOMPARE(single.exitCode, 0);
        const EngineRun merged = runAndMerge(ws, server.url(), instances, "{}", trendStats);
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        QVERIFY2(merged.err.isEmpty(), qPrintable(merged.err));

        const nlohmann::json one = readJson(ws.path("single.json"));
        const nlohmann::json all = readJson(ws.path("merged.json"));
        // Counts: the same total work.
        for (const auto& [metric, name, expected] : {std::tuple{"http_reqs", "count", 100.0},
                                                     {"iterations", "count", 100.0},
                                                     {"items", "count", 200.0},
                                                     {"checks", "passes", 100.0},
                                                     {"checks", "fails", 0.0},
                                                     {"http_req_failed", "fails", 100.0},
                                                     {"position", "count", 100.0}}) {
            QCOMPARE(stat(all, metric, name), expected);
            QCOMPARE(stat(one, metric, name), expected);
        }
        QVERIFY(all["root_group"]["checks"][0]["name"] == "status is 200");
        QCOMPARE(all["root_group"]["checks"][0]["passes"].get<int>(), 100);
        // `position` holds 0..99 in both: every trend stat equal, and as k6's percentile gives it.
        for (const auto& [name, expected] : {std::pair{"avg", 49.5},
                                             {"min", 0.0},
                                             {"med", 49.5},
                                             {"max", 99.0},
                                             {"p(90)", 89.1},
                                             {"p(95)", 94.05},
                                             {"p(99)", 98.01}}) {
            QVERIFY2(near(stat(all, "position", name), expected), name);
            QVERIFY2(near(stat(all, "position", name), stat(one, "position", name)), name);
        }
        // The request durations: the merged stats are those of all the instances' samples together.
        std::vector<double> durations;
        for (std::size_t i = 0; i < instances.size(); ++i) {
            const auto values =
                valuesOf(ws.path(QString("instance%1.ndjson.gz").arg(i + 1)), "http_req_duration");
            durations.insert(durations.end(), values.begin(), values.end());
        }
        QCOMPARE(durations.size(), std::size_t(100));
        QVERIFY(near(stat(all, "http_req_duration", "min"),
                     *std::min_element(durations.begin(), durations.end())));
        QVERIFY(near(stat(all, "http_req_duration", "max"),
                     *std::max_element(durations.begin(), durations.end())));
        for (const auto& [name, percent] :
             {std::pair{"med", 50.0}, {"p(90)", 90.0}, {"p(95)", 95.0}, {"p(99)", 99.0}})
            QVERIFY2(near(stat(all, "http_req_duration", name), percentileOf(durations, percent)), name);
        // The merged samples are one run's JSON output: every request's, in time order.
        const auto requests = valuesOf(ws.path("merged.ndjson.gz"), "http_reqs");
        QCOMPARE(requests.size(), std::size_t(100));
        std::vector<std::int64_t> times;
        loadbench::NdjsonHandlers handlers;
        handlers.onSample = [&](const loadbench::SampleView& sample) { times.push_back(sample.timeNs); };
        const auto report = loadbench::readNdjson(ws.path("merged.ndjson.gz").toStdString(), handlers);
        QCOMPARE(report.badLines, std::uint64_t(0));
        QVERIFY(std::is_sorted(times.begin(), times.end()));
        // The test lasted as long as its longest instance; a counter's rate is over that.
        double longestMs = 0;
        for (std::size_t i = 0; i < instances.size(); ++i)
            longestMs = std::max(
                longestMs,
                readJson(ws.path(QString("instance%1.json").arg(i + 1)))["state"]["testRunDurationMs"]
                    .get<double>());
        QVERIFY(near(all["state"]["testRunDurationMs"].get<double>(), longestMs));
        QVERIFY(near(stat(all, "items", "rate"), 200 / (longestMs / 1000)));
        QVERIFY(QFile(ws.path("merged.summary")).size() > 0);
    }

    void thresholdsDecidedOnMergedMetrics_data() {
        QTest::addColumn<QString>("thresholds");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("instanceExit");
        QTest::addColumn<bool>("mergedPasses");
        // Each instance counts 100 items and makes 50 requests, the merged run 200 and 100.
        QTest::newRow("counter fails in each, passes merged") << R"({"items":["count>150"]})"
                                                              << "items"
                                                              << "count>150" << 99 << true;
        QTest::newRow("counter passes in each, fails merged") << R"({"items":["count<150"]})"
                                                              << "items"
                                                              << "count<150" << 0 << false;
        // position: 0..49 and 50..99, medians 24.5 and 74.5; merged 49.5.
        QTest::newRow("trend median over both") << R"({"position":["med<60"]})"
                                                << "position"
                                                << "med<60" << -1 << true;
        QTest::newRow("submetric counts merged") << R"({"http_reqs{expected_response:true}":["count>75"]})"
                                                 << "http_reqs{expected_response:true}"
                                                 << "count>75" << 99 << true;
    }
    void thresholdsDecidedOnMergedMetrics() {
        QFETCH(QString, thresholds);
        QFETCH(QString, metric);
        QFETCH(QString, expression);
        QFETCH(int, instanceExit);
        QFETCH(bool, mergedPasses);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", script);
        const EngineRun merged = runAndMerge(ws, server.url(), {{50, 0}, {50, 50}}, thresholds);
        QVERIFY2(merged.exitCode == (mergedPasses ? 0 : 99), qPrintable(merged.err));
        for (const char* instance : {"instance1.json", "instance2.json"}) {
            const nlohmann::json data = readJson(ws.path(instance));
            if (instanceExit >= 0)
                QCOMPARE(data["metrics"][metric.toStdString()]["thresholds"][expression.toStdString()]["ok"]
                             .get<bool>(),
                         instanceExit == 0);
        }
        const nlohmann::json data = readJson(ws.path("merged.json"));
        QCOMPARE(
            data["metrics"][metric.toStdString()]["thresholds"][expression.toStdString()]["ok"].get<bool>(),
            mergedPasses);
        QCOMPARE(QFile(ws.path("merged.summary")).open(QIODevice::ReadOnly), true);
    }

    void vusAreSummedOverInstances() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", "import http from 'k6/http';\nimport { sleep } from 'k6';\n"
                              "export default function () { http.get(__ENV.BASE_URL); sleep(0.1); }\n");
        const QStringList load{"--vus", "2", "--duration", "2500ms", "-e", "BASE_URL=" + server.url()};
        // Both at once, as instances run.
        auto first = ws.start(
            QStringList{"script.js", "--quiet", "--out", "json=a.ndjson", "--summary-data", "a.json"} + load);
        auto second = ws.start(
            QStringList{"script.js", "--quiet", "--out", "json=b.ndjson", "--summary-data", "b.json"} + load);
        QCOMPARE(EngineWorkspace::finish(*first).exitCode, 0);
        QCOMPARE(EngineWorkspace::finish(*second).exitCode, 0);
        QVERIFY(!valuesOf(ws.path("a.ndjson"), "vus").empty());
        QVERIFY(!valuesOf(ws.path("b.ndjson"), "vus").empty());
        const EngineRun merged =
            merge(ws, {"--out", "json=merged.ndjson", "--summary-data", "merged.json", "--instance-summary",
                       "a.json", "--instance-summary", "b.json", "a.ndjson", "b.ndjson"});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        const nlohmann::json data = readJson(ws.path("merged.json"));
        for (const char* gauge : {"vus", "vus_max"})
            for (const char* name : {"value", "min", "max"})
                QVERIFY2(stat(data, gauge, name) == 4, qPrintable(QString("%1 %2").arg(gauge, name)));
        for (const double vus : valuesOf(ws.path("merged.ndjson"), "vus"))
            QCOMPARE(vus, 4.0);
    }

    void badInputWritesNothing_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("named");
        QTest::newRow("missing samples") << "missing"
                                         << "instance3.ndjson.gz";
        QTest::newRow("cut gzip") << "cut"
                                  << "instance2.ndjson.gz";
        QTest::newRow("summaries not one per instance") << "summaries"
                                                        << "--instance-summary";
        QTest::newRow("instances with other thresholds") << "thresholds"
                                                         << "instance2.json";
    }
    void badInputWritesNothing() {
        QFETCH(QString, damage);
        QFETCH(QString, named);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", script);
        for (const auto& [name, thresholds] :
             {std::pair{"instance1", R"({"items":["count>1"]})"}, {"instance2", R"({"items":["count>2"]})"}})
            QCOMPARE(runInstance(ws, name,
                                 {"--iterations", "4", "-e", "BASE_URL=" + server.url(), "-e",
                                  QString("THRESHOLDS=") + (damage == "thresholds" ? thresholds : "{}")})
                         .exitCode,
                     0);
        QStringList inputs{"--instance-summary", "instance1.json",      "--instance-summary",
                           "instance2.json",     "instance1.ndjson.gz", "instance2.ndjson.gz"};
        if (damage == "missing")
            inputs << "--instance-summary"
                   << "instance1.json"
                   << "instance3.ndjson.gz";
        if (damage == "summaries")
            inputs.remove(2, 2);
        if (damage == "cut") {
            QFile file(ws.path("instance2.ndjson.gz"));
            QVERIFY(file.resize(file.size() / 2));
        }
        const EngineRun merged = merge(ws, QStringList{"--out", "json=merged.ndjson.gz", "--summary-data",
                                                       "merged.json", "--text-summary", "merged.summary"} +
                                               inputs);
        QCOMPARE(merged.exitCode, 104);
        QCOMPARE(merged.err.count('\n'), 1);
        QVERIFY2(merged.err.contains(named), qPrintable(merged.err));
        for (const char* output : {"merged.ndjson.gz", "merged.json", "merged.summary"})
            QVERIFY2(!QFile::exists(ws.path(output)), output);
    }
};

QTEST_GUILESS_MAIN(TestEngineMerge)
#include "tst_engine_merge.moc"
