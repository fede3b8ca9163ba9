// Execution segments as k6 has them: exact fractions, k6's striping, and every executor's share of a test.
// The instances of a sequence must add up exactly to the unsegmented test: iterations, VUs over time, the
// arrival rates' iteration starts. Then real runs of two instances of the engine against a loopback server.
#include "engine/executors/constant_arrival_rate.h"
#include "engine/executors/per_vu_iterations.h"
#include "engine/executors/ramping_arrival_rate.h"
#include "engine/executors/ramping_vus.h"
#include "engine/executors/shared_iterations.h"
#include "engine/options/engine_options.h"
#include "engine/segments/execution_tuple.h"
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"

#include <QUrlQuery>
#include <map>
#include <set>
#include <stdexcept>

using namespace loadbench::engine;
using loadbench::Duration;
using loadbench::test::EngineRun;
using loadbench::test::EngineWorkspace;
using loadbench::test::LoopbackHttpServer;
using loadbench::test::ReceivedRequest;
using loadbench::test::summaryValue;
using loadbench::test::writeSummary;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(ScenarioConfig)

namespace {

/// The sequences every executor's table splits its scenario by: even thirds, uneven quarters, a tenth.
const QStringList splitSequences{"0,1/3,2/3,1", "0,1/4,1/2,3/4,1", "0,1/10,1", "0,1/2,3/4,1"};

/// `whole`, one row per sequence, named `name` and the sequence.
void addSequenceRows(const char* name, const ScenarioConfig& whole) {
    for (const QString& sequence : splitSequences)
        QTest::newRow(qPrintable(QString("%1 in %2").arg(name, sequence))) << whole << sequence;
}

/// The scenario as each instance of `sequence` has it.
std::vector<ScenarioConfig> instancesOf(const ScenarioConfig& whole, const QString& sequence) {
    const ExecutionSegmentSequence segments = parseExecutionSegmentSequence(sequence.toStdString());
    std::vector<ScenarioConfig> instances;
    for (const ExecutionSegment& segment : segments) {
        instances.push_back(whole);
        instances.back().segment = ExecutionTuple(segment, segments);
    }
    return instances;
}

/// Adds `local` (an instance's things, as the test's indexes) to `all`; false when one was there already.
bool addDisjoint(std::set<long long>& all, const std::vector<long long>& local) {
    for (const long long index : local)
        if (!all.insert(index).second)
            return false;
    return true;
}

std::set<long long> range(long long from, long long to) {
    std::set<long long> numbers;
    for (long long n = from; n < to; ++n)
        numbers.insert(n);
    return numbers;
}

ScenarioConfig iterationsScenario(const char* executor, int vus, long long iterations) {
    ScenarioConfig config;
    config.executor = executor;
    config.vus = vus;
    config.iterations = iterations;
    return config;
}

ScenarioConfig rampingVusScenario(int startVUs, std::vector<Stage> stages) {
    ScenarioConfig config;
    config.executor = "ramping-vus";
    config.startVUs = startVUs;
    config.stages = std::move(stages);
    return config;
}

ScenarioConfig constantRate(long long rate, Duration timeUnit, Duration duration, int preAllocated,
                            int most) {
    ScenarioConfig config;
    config.executor = "constant-arrival-rate";
    config.rate = rate;
    config.timeUnit = timeUnit;
    config.duration = duration;
    config.preAllocatedVUs = preAllocated;
    config.maxVUs = most;
    return config;
}

ScenarioConfig rampingRate(long long startRate, std::vector<Stage> stages, int preAllocated, int most) {
    ScenarioConfig config;
    config.executor = "ramping-arrival-rate";
    config.startRate = startRate;
    config.stages = std::move(stages);
    config.preAllocatedVUs = preAllocated;
    config.maxVUs = most;
    return config;
}

/// An arrival-rate scenario's planned starts (ns from its start), of the whole test or of one instance.
using PlannedStart = std::optional<Duration> (*)(const ScenarioConfig&, long long);
std::vector<long long> startsOf(const ScenarioConfig& config, PlannedStart plannedStart, bool whole) {
    std::vector<long long> starts;
    const std::optional<ExecutionTuple> share = Executor::iterationShare(config);
    if (!whole && !share)
        return starts;
    for (long long index = 0;; ++index) {
        const auto start = plannedStart(config, whole ? index : share->globalIndex(index));
        if (!start)
            return starts;
        starts.push_back(start->count());
    }
}

QString queryItem(const ReceivedRequest& request, const QString& key) {
    return QUrlQuery(QString::fromUtf8(request.path.mid(request.path.indexOf('?') + 1))).queryItemValue(key);
}

/// A script whose iterations GET `/?part=…&i=<iterationInTest>&local=<iterationInInstance>&vu=<idInTest>`,
/// then sleep `sleep` seconds.
QByteArray reportingScript(const QByteArray& options, double sleep) {
    return R"js(
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
export const options = )js" +
           options + R"js(;
export default function () {
    http.get(`${__ENV.BASE}/?part=${__ENV.PART}&i=${exec.scenario.iterationInTest}` +
        `&local=${exec.scenario.iterationInInstance}&vu=${exec.vu.idInTest}`);
    sleep()js" +
           QByteArray::number(sleep) +
           R"js();
}
)js" + writeSummary;
}

/// Two instances of `script`, segments 0:1/2 and 1/2:1, run at once against `server`; their summaries.
std::vector<loadbench::Summary> runTwoInstances(const QByteArray& script, const LoopbackHttpServer& server) {
    const QStringList parts{"0:1/2", "1/2:1"};
    std::vector<std::unique_ptr<EngineWorkspace>> workspaces;
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QString& part : parts) {
        workspaces.push_back(std::make_unique<EngineWorkspace>());
        workspaces.back()->write("script.js", script);
        processes.push_back(workspaces.back()->start({"script.js", "-e", "BASE=" + server.url(""), "-e",
                                                      "PART=" + part, "--quiet", "--execution-segment", part,
                                                      "--execution-segment-sequence", "0,1/2,1"}));
    }
    std::vector<loadbench::Summary> summaries;
    for (std::size_t i = 0; i < processes.size(); ++i) {
        const EngineRun run = EngineWorkspace::finish(*processes[i]);
        if (run.exitCode != 0)
            qWarning("instance %zu: exit code %d: %s", i, run.exitCode, qPrintable(run.err));
        summaries.push_back(workspaces[i]->summary());
    }
    return summaries;
}

double countOf(const loadbench::Summary& summary, const char* metric) {
    return summary.metric(metric) ? summaryValue(summary, metric, "count") : 0;
}

} // namespace

class TestEngineSegments : public QObject {
    Q_OBJECT

private slots:
    void fractions_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("fraction"); // as k6 writes it back; empty: refused
        QTest::newRow("fraction") << "1/4"
                                  << "1/4";
        QTest::newRow("reduced") << "2/4"
                                 << "1/2";
        QTest::newRow("decimal") << "0.25"
                                 << "1/4";
        QTest::newRow("long decimal") << "0.125"
                                      << "1/8";
        QTest::newRow("percentage") << "25%"
                                    << "1/4";
        QTest::newRow("whole") << "1"
                               << "1";
        QTest::newRow("zero") << "0"
                              << "0";
        QTest::newRow("negative") << "-1/2"
                                  << "-1/2";
        QTest::newRow("fractional percentage") << "12.5%"
                                               << "";
        QTest::newRow("word") << "half"
                              << "";
        QTest::newRow("zero denominator") << "1/0"
                                          << "";
        QTest::newRow("two points") << "0.1.2"
                                    << "";
        QTest::newRow("empty") << ""
                               << "";
    }
    void fractions() {
        QFETCH(QString, text);
        QFETCH(QString, fraction);
        const std::optional<Fraction> parsed = Fraction::parse(text.toStdString());
        QCOMPARE(parsed ? QString::fromStdString(parsed->toString()) : QString(), fraction);
    }

    void fractionArithmetic() {
        QCOMPARE(Fraction(1, 3) + Fraction(1, 6), Fraction(1, 2));
        QCOMPARE(Fraction(3, 4) - Fraction(1, 4), Fraction(1, 2));
        QCOMPARE(Fraction(2, 3) * Fraction(3, 4), Fraction(1, 2));
        QVERIFY(Fraction(1, 3) < Fraction(34, 100));
        QCOMPARE(Fraction(3, -6).toString(), std::string("-1/2"));
    }

    void segments_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("segment"); // from:to, or the reason it is refused
        QTest::newRow("fractions") << "1/4:1/2"
                                   << "1/4:1/2";
        QTest::newRow("decimals") << "0.25:0.5"
                                  << "1/4:1/2";
        QTest::newRow("percentages") << "25%:50%"
                                     << "1/4:1/2";
        QTest::newRow("mixed") << "2/4:75%"
                               << "1/2:3/4";
        QTest::newRow("an end alone") << "1/5"
                                      << "0:1/5";
        QTest::newRow("empty is the whole test") << ""
                                                 << "0:1";
        QTest::newRow("backwards") << "1/2:1/4"
                                   << "segment start (1/2) must be less than its end (1/4)";
        QTest::newRow("past 1") << "0:2"
                                << "segment end value can't be more than 1 but was 2";
        QTest::newRow("below 0") << "-1/4:1/2"
                                 << "segment start value must be at least 0 but was -1/4";
        QTest::newRow("not a number") << "x:1"
                                      << "'x' is not a valid percentage, decimal, fraction or interval value";
        QTest::newRow("bad percentage") << "1.5%:50%"
                                        << "'1.5%' is not a valid percentage";
    }
    void segments() {
        QFETCH(QString, text);
        QFETCH(QString, segment);
        try {
            QCOMPARE(QString::fromStdString(parseExecutionSegment(text.toStdString()).toString()), segment);
        } catch (const std::invalid_argument& error) {
            QCOMPARE(QString(error.what()), segment);
        }
    }

    void sequences_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("sequence"); // as k6 writes it, or the reason it is refused
        QTest::newRow("quarters") << "0,1/4,1/2,3/4,1"
                                  << "0,1/4,1/2,3/4,1";
        QTest::newRow("spellings") << "0,25%,0.5,1"
                                   << "0,1/4,1/2,1";
        QTest::newRow("a part of the test") << "1/4,1/2"
                                            << "1/4,1/2";
        QTest::newRow("one point") << "1/2"
                                   << "at least 2 points are needed for an execution segment "
                                      "sequence, 1 given";
        QTest::newRow("backwards") << "0,1/2,1/4"
                                   << "segment start (1/2) must be less than its end (1/4)";
        QTest::newRow("bad point") << "0,half,1"
                                   << "'half' is not a valid percentage, decimal, fraction or interval value";
    }
    void sequences() {
        QFETCH(QString, text);
        QFETCH(QString, sequence);
        try {
            QCOMPARE(QString::fromStdString(toString(parseExecutionSegmentSequence(text.toStdString()))),
                     sequence);
        } catch (const std::invalid_argument& error) {
            QCOMPARE(QString(error.what()), sequence);
        }
    }

    void tupleFillsTheSequence() {
        // k6 fills the gaps around a segment given without a sequence, and around a partial sequence.
        const ExecutionTuple alone(parseExecutionSegment("1/4:1/2"), {});
        QCOMPARE(QString::fromStdString(toString(alone.sequence())), QString("0,1/4,1/2,1"));
        QCOMPARE(alone.segment(), parseExecutionSegment("1/4:1/2"));
        const ExecutionTuple partial(parseExecutionSegment("1/4:1/2"),
                                     parseExecutionSegmentSequence("1/4,1/2,3/4"));
        QCOMPARE(QString::fromStdString(toString(partial.sequence())), QString("0,1/4,1/2,3/4,1"));
        QVERIFY(ExecutionTuple().whole());
        QVERIFY(!alone.whole());
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            ExecutionTuple(parseExecutionSegment("1/4:1/2"), parseExecutionSegmentSequence("0,1/3,2/3,1")));
    }

    void striping_data() {
        QTest::addColumn<QString>("segment");
        QTest::addColumn<QList<qint64>>("firstThings"); // the test's indexes of the segment's first things
        QTest::addColumn<QList<qint64>>("shares");      // its share of 1, 2, … 12 things
        // k6's own example (lib/execution_segment.go, ExecutionTuple) for the sequence 0,1/2,3/4,1.
        QTest::newRow("0:1/2") << "0:1/2" << QList<qint64>{0, 2, 4, 6, 8, 10}
                               << QList<qint64>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
        QTest::newRow("1/2:3/4") << "1/2:3/4" << QList<qint64>{1, 5, 9}
                                 << QList<qint64>{0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3};
        QTest::newRow("3/4:1") << "3/4:1" << QList<qint64>{3, 7, 11}
                               << QList<qint64>{0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3};
    }
    void striping() {
        QFETCH(QString, segment);
        QFETCH(QList<qint64>, firstThings);
        QFETCH(QList<qint64>, shares);
        const ExecutionTuple tuple(parseExecutionSegment(segment.toStdString()),
                                   parseExecutionSegmentSequence("0,1/2,3/4,1"));
        QList<qint64> things;
        for (qsizetype local = 0; local < firstThings.size(); ++local)
            things << tuple.globalIndex(local);
        QCOMPARE(things, firstThings);
        QList<qint64> scaled;
        for (qint64 value = 1; value <= shares.size(); ++value)
            scaled << tuple.scale(value);
        QCOMPARE(scaled, shares);
    }

    void vuCounts_data() {
        QTest::addColumn<ScenarioConfig>("whole");
        QTest::addColumn<QString>("sequence");
        ScenarioConfig constant;
        constant.executor = "constant-vus";
        constant.duration = 10s;
        for (const int vus : {10, 7, 1}) {
            constant.vus = vus;
            addSequenceRows(qPrintable(QString("constant-vus %1 VUs").arg(vus)), constant);
        }
    }
    void vuCounts() {
        // constant-vus: the instances' VUs add up, and their VU ids (exec.vu.idInTest) are the test's 1…N.
        QFETCH(ScenarioConfig, whole);
        QFETCH(QString, sequence);
        int vus = 0;
        std::set<long long> ids;
        for (const ScenarioConfig& instance : instancesOf(whole, sequence)) {
            vus += instance.maxVus();
            std::vector<long long> own;
            for (int local = 0; local < instance.maxVus(); ++local)
                own.push_back(instance.segment.globalIndex(local) + 1);
            QVERIFY(addDisjoint(ids, own));
        }
        QCOMPARE(vus, whole.vus);
        QCOMPARE(ids, range(1, whole.vus + 1));
    }

    void sharedIterations_data() {
        QTest::addColumn<ScenarioConfig>("whole");
        QTest::addColumn<QString>("sequence");
        addSequenceRows("10 VUs 100 iterations", iterationsScenario("shared-iterations", 10, 100));
        addSequenceRows("3 VUs 10 iterations", iterationsScenario("shared-iterations", 3, 10));
        addSequenceRows("7 VUs 7 iterations", iterationsScenario("shared-iterations", 7, 7));
        addSequenceRows("1 VU 5 iterations", iterationsScenario("shared-iterations", 1, 5));
    }
    void sharedIterations() {
        // The iterations split as the VUs do; their numbers (iterationInTest) are the test's 0…N-1.
        QFETCH(ScenarioConfig, whole);
        QFETCH(QString, sequence);
        int vus = 0;
        long long iterations = 0;
        std::set<long long> numbers;
        for (const ScenarioConfig& instance : instancesOf(whole, sequence)) {
            vus += instance.maxVus();
            const long long own = SharedIterations::iterationsOf(instance);
            QVERIFY2(instance.maxVus() > 0 || own == 0, "iterations for an instance without VUs");
            iterations += own;
            std::vector<long long> ownNumbers;
            for (long long local = 0; local < own; ++local)
                ownNumbers.push_back(Executor::iterationShare(instance)->globalIndex(local));
            QVERIFY(addDisjoint(numbers, ownNumbers));
        }
        QCOMPARE(vus, whole.vus);
        QCOMPARE(iterations, whole.iterations);
        QCOMPARE(numbers, range(0, whole.iterations));
    }

    void perVuIterations_data() {
        QTest::addColumn<ScenarioConfig>("whole");
        QTest::addColumn<QString>("sequence");
        addSequenceRows("10 VUs 3 each", iterationsScenario("per-vu-iterations", 10, 3));
        addSequenceRows("5 VUs 1 each", iterationsScenario("per-vu-iterations", 5, 1));
        addSequenceRows("1 VU 4 each", iterationsScenario("per-vu-iterations", 1, 4));
    }
    void perVuIterations() {
        // The VUs split; each keeps its iterations.
        QFETCH(ScenarioConfig, whole);
        QFETCH(QString, sequence);
        int vus = 0;
        long long iterations = 0;
        for (const ScenarioConfig& instance : instancesOf(whole, sequence)) {
            vus += instance.maxVus();
            iterations += PerVuIterations::iterationsOf(instance);
            QCOMPARE(PerVuIterations::iterationsOf(instance), instance.maxVus() * whole.iterations);
        }
        QCOMPARE(vus, whole.vus);
        QCOMPARE(iterations, whole.vus * whole.iterations);
    }

    void rampingVus_data() {
        QTest::addColumn<ScenarioConfig>("whole");
        QTest::addColumn<QString>("sequence");
        addSequenceRows("up to 10 and down", rampingVusScenario(0, {{10s, 10}, {10s, 0}}));
        addSequenceRows("from 3, up to 7, hold, down to 2",
                        rampingVusScenario(3, {{3s, 7}, {2s, 7}, {5s, 2}}));
        addSequenceRows("a jump to 5", rampingVusScenario(1, {{0s, 5}, {1s, 5}, {2s, 1}}));
    }
    void rampingVus() {
        // At every moment the instances' VUs add up to the test's, at each stage's end to its target.
        QFETCH(ScenarioConfig, whole);
        QFETCH(QString, sequence);
        const std::vector<ScenarioConfig> instances = instancesOf(whole, sequence);
        const auto vusAt = [&](Duration elapsed) {
            int vus = 0;
            for (const ScenarioConfig& instance : instances)
                vus += RampingVus::vusAt(instance, elapsed);
            return vus;
        };
        QCOMPARE(vusAt(0s),
                 whole.stages.front().duration == 0s ? whole.stages.front().target : whole.startVUs);
        Duration stageEnd{};
        for (const Stage& stage : whole.stages) {
            stageEnd += stage.duration;
            QCOMPARE(vusAt(stageEnd), stage.target);
        }
        for (Duration elapsed{}; elapsed <= whole.plannedDuration(); elapsed += 50ms)
            QCOMPARE(vusAt(elapsed), RampingVus::targetAt(whole, elapsed));
        int most = 0;
        for (const ScenarioConfig& instance : instances)
            most += instance.maxVus();
        QCOMPARE(most, whole.maxVus());
    }

    void arrivalRates_data() {
        QTest::addColumn<ScenarioConfig>("whole");
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<qint64>("iterations"); // the schedule's, worked out by hand
        for (const QString& sequence : splitSequences) {
            const auto row = [&](const char* name, const ScenarioConfig& whole, qint64 iterations) {
                QTest::newRow(qPrintable(QString("%1 in %2").arg(name, sequence)))
                    << whole << sequence << iterations;
            };
            row("constant 10/s for 2s, 4 VUs", constantRate(10, 1s, 2s, 4, 4), 20);
            row("constant 3/100ms for 1s, 5 VUs", constantRate(3, 100ms, 1s, 2, 5), 30);
            row("constant 7/s for 1s, 1 VU", constantRate(7, 1s, 1s, 1, 1), 7);
            // 0 → 10/s over 2 s is 10 iterations; 10/s for 1 s 10 more; 10 → 0 over 2 s 10 more.
            row("ramping up, hold, down, 6 VUs", rampingRate(0, {{2s, 10}, {1s, 10}, {2s, 0}}, 3, 6), 30);
            row("ramping from 5 to 15 in 2s, 3 VUs", rampingRate(5, {{2s, 15}}, 3, 3), 20);
        }
    }
    void arrivalRates() {
        // The instances keep the test's schedule and start disjoint parts of it that make up all of it.
        QFETCH(ScenarioConfig, whole);
        QFETCH(QString, sequence);
        QFETCH(qint64, iterations);
        const PlannedStart plannedStart = whole.executor == "constant-arrival-rate"
                                              ? &ConstantArrivalRate::plannedStart
                                              : &RampingArrivalRate::plannedStart;
        const std::vector<long long> all = startsOf(whole, plannedStart, true);
        QCOMPARE(qint64(all.size()), iterations);
        std::multiset<long long> started;
        int preAllocated = 0;
        int most = 0;
        for (const ScenarioConfig& instance : instancesOf(whole, sequence)) {
            const std::vector<long long> own = startsOf(instance, plannedStart, false);
            QVERIFY(std::is_sorted(own.begin(), own.end()));
            QVERIFY2(instance.maxVus() > 0 || own.empty(), "starts for an instance without VUs");
            started.insert(own.begin(), own.end());
            preAllocated += instance.initialVus();
            most += instance.maxVus();
        }
        QCOMPARE(started, std::multiset<long long>(all.begin(), all.end()));
        QCOMPARE(preAllocated, whole.preAllocatedVUs);
        QCOMPARE(most, whole.maxVUs);
    }

    void options_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QString>("segment");  // --execution-segment, if any
        QTest::addColumn<QString>("sequence"); // --execution-segment-sequence, if any
        QTest::addColumn<int>("maxVus");       // this instance's; or -1 with the error
        QTest::addColumn<QString>("error");
        const QByteArray tenVus = R"({"vus": 10, "duration": "10s"})";
        // 10 VUs in thirds: 4, 3, 3 (the striping gives the first third VU 1, 4, 7 and 10).
        QTest::newRow("script's segment")
            << QByteArray(R"({"vus": 10, "duration": "10s", "executionSegment": "0:1/3",
                "executionSegmentSequence": "0,1/3,2/3,1"})")
            << ""
            << "" << 4 << "";
        QTest::newRow("command line's segment") << tenVus << "1/3:2/3"
                                                << "0,1/3,2/3,1" << 3 << "";
        QTest::newRow("command line over the script's")
            << QByteArray(R"({"vus": 10, "duration": "10s", "executionSegment": "0:1/3"})") << "2/3:1"
            << "0,1/3,2/3,1" << 3 << "";
        QTest::newRow("a segment without a sequence") << tenVus << "1/2:1"
                                                      << "" << 5 << "";
        QTest::newRow("bad script segment")
            << QByteArray(R"({"vus": 10, "duration": "10s", "executionSegment": "1/2:1/4"})") << ""
            << "" << -1 << "option executionSegment: segment start (1/2) must be less than its end (1/4)";
        QTest::newRow("segment not a string")
            << QByteArray(R"({"vus": 10, "duration": "10s", "executionSegment": 5})") << ""
            << "" << -1 << "option executionSegment: 5 is not a segment like \"1/4:1/2\"";
        QTest::newRow("bad script sequence")
            << QByteArray(R"({"vus": 10, "duration": "10s", "executionSegmentSequence": "0"})") << ""
            << "" << -1
            << "option executionSegmentSequence: at least 2 points are needed for an execution segment "
               "sequence, 1 given";
        QTest::newRow("segment not in the sequence")
            << tenVus << "1/4:1/2"
            << "0,1/3,2/3,1" << -1
            << "option executionSegment: segment 1/4:1/2 is not in the sequence 0,1/3,2/3,1";
    }
    void options() {
        QFETCH(QByteArray, options);
        QFETCH(QString, segment);
        QFETCH(QString, sequence);
        QFETCH(int, maxVus);
        QFETCH(QString, error);
        CommandLineOverrides overrides;
        if (!segment.isEmpty())
            overrides.executionSegment = parseExecutionSegment(segment.toStdString());
        if (!sequence.isEmpty())
            overrides.executionSegmentSequence = parseExecutionSegmentSequence(sequence.toStdString());
        try {
            const EngineOptions resolved = resolveOptions(nlohmann::ordered_json::parse(options), overrides);
            QVERIFY2(error.isEmpty(), "accepted");
            QCOMPARE(resolved.maxVus(), maxVus);
            QCOMPARE(resolved.scenarios.front().segment.segment(), resolved.segment.segment());
        } catch (const ConfigError& refused) {
            QCOMPARE(QString(refused.what()), error);
        }
    }

    void badFlagNamesIt() {
        EngineWorkspace ws;
        ws.write("script.js", "export default function () {}\n");
        const EngineRun run = ws.run({"script.js", "--execution-segment", "3/4:1/2"});
        QCOMPARE(run.exitCode, 104);
        QVERIFY2(run.err.contains(
                     "--execution-segment \"3/4:1/2\": segment start (3/4) must be less than its end (1/2)"),
                 qPrintable(run.err));
        QCOMPARE(run.err.count('\n'), 1);
    }

    void inspectGivesThisInstancesShare() {
        EngineWorkspace ws;
        ws.write("script.js", R"js(export const options = { scenarios: {
            a: { executor: 'constant-vus', vus: 10, duration: '5s' },
            b: { executor: 'constant-arrival-rate', rate: 5, duration: '5s', preAllocatedVUs: 2, maxVUs: 5 } } };
export default function () {}
)js");
        const EngineRun whole = ws.inspect({"script.js", "--execution-requirements"});
        QCOMPARE(whole.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(whole.out.toUtf8())["maxVUs"].toInt(), 15);
        // The first third: 4 of a's 10 VUs, 2 of b's 5.
        const EngineRun third = ws.inspect({"script.js", "--execution-requirements", "--execution-segment",
                                            "0:1/3", "--execution-segment-sequence", "0,1/3,2/3,1"});
        QCOMPARE(third.exitCode, 0);
        const QJsonDocument requirements = QJsonDocument::fromJson(third.out.toUtf8());
        QCOMPARE(requirements["maxVUs"].toInt(), 6);
        QCOMPARE(requirements["scenarios"]["a"]["vus"].toInt(), 10); // the scenarios as the script gives them
    }

    void sharedIterationsRunAddsUp() {
        LoopbackHttpServer server;
        const auto summaries = runTwoInstances(
            reportingScript(
                R"({ scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 20 } } })", 0.1),
            server);
        // The first half has 2 of the 3 VUs (the test's VUs 1 and 3) and 13 of the 20 iterations.
        QCOMPARE(countOf(summaries[0], "iterations"), 13.0);
        QCOMPARE(countOf(summaries[1], "iterations"), 7.0);
        std::set<long long> numbers;
        std::map<QString, std::set<long long>> localNumbers; // by part
        for (const ReceivedRequest& request : server.requests()) {
            QVERIFY(numbers.insert(queryItem(request, "i").toLongLong()).second);
            localNumbers[queryItem(request, "part")].insert(queryItem(request, "local").toLongLong());
            const long long vu = queryItem(request, "vu").toLongLong();
            QVERIFY2(queryItem(request, "part") == "0:1/2" ? vu == 1 || vu == 3 : vu == 2,
                     qPrintable(request.path));
        }
        QCOMPARE(numbers, range(0, 20));
        // exec.scenario.iterationInInstance counts in the instance.
        QCOMPARE(localNumbers["0:1/2"], range(0, 13));
        QCOMPARE(localNumbers["1/2:1"], range(0, 7));
    }

    void rampingVusRunAddsUp() {
        // Every VU runs one iteration: it sleeps past the scenario's end and the graceful stop lets it
        // finish.
        LoopbackHttpServer server;
        const auto summaries = runTwoInstances(reportingScript(R"({ scenarios: { r: { executor: 'ramping-vus',
            startVUs: 0, stages: [{ duration: '0s', target: 5 }, { duration: '1s', target: 5 }],
            gracefulStop: '10s', gracefulRampDown: '10s' } } })",
                                                               3),
                                               server);
        QCOMPARE(countOf(summaries[0], "iterations") + countOf(summaries[1], "iterations"), 5.0);
        std::multiset<QString> partsOfVus;
        std::set<long long> vus;
        for (const ReceivedRequest& request : server.requests()) {
            QVERIFY(vus.insert(queryItem(request, "vu").toLongLong()).second);
            partsOfVus.insert(queryItem(request, "part"));
        }
        QCOMPARE(vus, range(1, 6));
        // Striped as k6 does: VUs 1, 3, 5 on the first half, 2 and 4 on the second.
        QCOMPARE(partsOfVus.count("0:1/2"), std::size_t(3));
        QCOMPARE(partsOfVus.count("1/2:1"), std::size_t(2));
    }

    void arrivalRateRunAddsUp() {
        LoopbackHttpServer server;
        const auto summaries = runTwoInstances(reportingScript(R"({ scenarios: { open: {
            executor: 'constant-arrival-rate', rate: 20, duration: '1s', preAllocatedVUs: 4, maxVUs: 4 } } })",
                                                               0),
                                               server);
        // Each half starts or drops its 10 of the 20 planned iterations: the even ones and the odd ones.
        for (const loadbench::Summary& summary : summaries)
            QCOMPARE(countOf(summary, "iterations") + countOf(summary, "dropped_iterations"), 10.0);
        std::set<long long> numbers;
        for (const ReceivedRequest& request : server.requests()) {
            const long long number = queryItem(request, "i").toLongLong();
            QVERIFY(numbers.insert(number).second);
            QCOMPARE(number % 2, queryItem(request, "part") == "0:1/2" ? 0LL : 1LL);
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineSegments)
#include "tst_engine_segments.moc"
