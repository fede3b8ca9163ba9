// A script's history on a real git repository made by the test, with commits dated out of the order in
// which their runs were made.
#include "common/error.h"
#include "core/history/history.h"
#include "core/history/history_change_points.h"
#include "core/history/history_json.h"
#include "support/git_repository.h"
#include "support/k6_samples.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

using namespace loadbench;
using gittest::git;

namespace {

const auto commit = gittest::commitChange;
const auto summary = loadbench::test::keyFiguresSummary;

void writeMeta(const ResultStore& store, const QString& run, const std::string& startTime) {
    RunMeta meta;
    meta.run = run.toStdString();
    meta.script = "health";
    meta.startTime = startTime;
    store.write(meta.run, meta.script, ResultFile::Meta, toJson(meta).dump());
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private slots:
    void runsInCommitOrder() {
        QTemporaryDir repository;
        git(repository.path(), {"init", "-q"});
        // Committed in this order, but run (start times below) in the opposite one.
        const QString first = commit(repository.path(), "first", "2026-01-01T10:00:00Z");
        const QString second = commit(repository.path(), "second: faster", "2026-01-02T10:00:00Z");
        const QString third = commit(repository.path(), "third", "2026-01-03T10:00:00Z");
        const QString workspace = repository.path() + "/workspace";
        QVERIFY(QDir().mkpath(workspace + "/k6"));
        const ResultStore store(workspace.toStdString());

        store.write(third.toStdString(), "health", ResultFile::Summary, summary(120, 60, 50, 0.01, true));
        writeMeta(store, third, "2026-02-01T09:00:00.000Z");
        store.write((first + "-dirty").toStdString(), "health", ResultFile::Summary,
                    summary(140, 70, 40, 0.02, false));
        writeMeta(store, first + "-dirty", "2026-02-03T09:00:00.000Z");
        store.write(second.toStdString(), "health", ResultFile::Summary, summary(100, 50, 55, 0, true));
        writeMeta(store, second, "2026-02-02T09:00:00.000Z");
        store.write(first.toStdString(), "health", ResultFile::Summary, summary(130, 65, 45, 0, true));
        writeMeta(store, first, "2026-02-04T09:00:00.000Z");
        // Named after no commit of this repository: placed by start time.
        store.write("baseline", "health", ResultFile::Summary, summary(125, 62, 48, 0, true));
        writeMeta(store, "baseline", "2026-01-01T12:00:00.000Z");
        store.write("abcdef0", "health", ResultFile::Summary, summary(1, 1, 1, 0, true));
        writeMeta(store, "abcdef0", "2025-12-31T00:00:00.000Z");
        // No meta file: placed by the time of its files.
        store.write("nightly", "health", ResultFile::Summary, summary(110, 55, 52, 0, true));
        std::filesystem::last_write_time(store.pathOf("nightly", "health", ResultFile::Summary),
                                         std::filesystem::file_time_type::clock::now() -
                                             std::chrono::hours(1));
        // Another script's run and a run without a summary stay out.
        store.write("other", "payment-confirm", ResultFile::Summary, summary(1, 1, 1, 0, true));
        writeMeta(store, "aborted", "2026-01-01T00:00:00.000Z");

        const std::vector<HistoryEntry> history = scriptHistory(store, "health");
        QStringList order;
        for (const HistoryEntry& entry : history)
            order << QString::fromStdString(entry.run) + " " +
                         QString::fromUtf8(historyTimeName(entry.timeSource)) + " " +
                         QString::fromStdString(entry.time);
        QCOMPARE(order, (QStringList{
                            "abcdef0 start 2025-12-31T00:00:00.000Z",
                            first + "-dirty commit 2026-01-01T10:00:00.000Z", // ties: by start time
                            first + " commit 2026-01-01T10:00:00.000Z",
                            "baseline start 2026-01-01T12:00:00.000Z",
                            second + " commit 2026-01-02T10:00:00.000Z",
                            third + " commit 2026-01-03T10:00:00.000Z",
                            "nightly file " + QString::fromStdString(history.back().time),
                        }));
        QVERIFY(history.back().time > "2026-02"); // an hour ago, later than all of the above

        const HistoryEntry& dirty = history[1];
        QVERIFY(dirty.commit);
        QCOMPARE(QString::fromStdString(dirty.commit->commit), git(repository.path(), {"rev-parse", first}));
        QCOMPARE(dirty.commit->subject, std::string("first"));
        QVERIFY(dirty.commit->dirty);
        QCOMPARE(*dirty.p95Ms, 140.0);
        QCOMPARE(*dirty.medianMs, 70.0);
        QCOMPARE(*dirty.requestsPerSecond, 40.0);
        QCOMPARE(*dirty.errorRate, 0.02);
        QCOMPARE(*dirty.thresholdsPassed, false);
        QCOMPARE(history[4].commit->subject, std::string("second: faster"));
        QVERIFY(!history[4].commit->dirty);
        QCOMPARE(*history[4].thresholdsPassed, true);
        QVERIFY(!history[0].commit);
    }

    void unreadableSummaryIsReportedInPlace() {
        QTemporaryDir workspace;
        const ResultStore store(workspace.path().toStdString());
        store.write("broken", "health", ResultFile::Summary, "{\"metrics\":");
        store.write("good", "health", ResultFile::Summary, summary(100, 50, 55, 0, true));
        const std::vector<HistoryEntry> history = scriptHistory(store, "health");
        QCOMPARE(history.size(), std::size_t(2));
        const auto broken = std::find_if(history.begin(), history.end(),
                                         [](const HistoryEntry& entry) { return entry.run == "broken"; });
        QVERIFY(broken != history.end());
        QVERIFY2(broken->problem.starts_with(store.pathOf("broken", "health", ResultFile::Summary).string() +
                                             ": malformed JSON"),
                 broken->problem.c_str());
        QVERIFY(!broken->p95Ms && !broken->thresholdsPassed);
        QVERIFY(broken->problem.find('\n') == std::string::npos);

        // As `loadbench history --format json` prints them: null for what the broken summary could not give.
        const nlohmann::ordered_json json = historyJson("health", history);
        QCOMPARE(json["script"].get<std::string>(), std::string("health"));
        const auto& brokenJson = json["runs"][broken - history.begin()];
        QCOMPARE(brokenJson["problem"].get<std::string>(), broken->problem);
        QVERIFY(brokenJson["p95Ms"].is_null() && brokenJson["thresholdsPassed"].is_null() &&
                brokenJson["commit"].is_null());
        const auto& goodJson = json["runs"][broken == history.begin() ? 1 : 0];
        QCOMPARE(goodJson["run"].get<std::string>(), std::string("good"));
        QCOMPARE(goodJson["timeSource"].get<std::string>(), std::string("file"));
        QCOMPARE(goodJson["p95Ms"].get<double>(), 100.0);
        QCOMPARE(goodJson["errorRate"].get<double>(), 0.0);
        QCOMPARE(goodJson["thresholdsPassed"].get<bool>(), true);
        QVERIFY(goodJson["problem"].is_null());
    }

    void changePointsLeaveOutRuns_data() {
        QTest::addColumn<QString>("way");
        QTest::addColumn<bool>("counted");
        // Counted, the slow run's spread hides the step from the t-test: why a run can be excluded.
        QTest::newRow("a valid run counts") << "valid" << true;
        QTest::newRow("an invalid run is left out") << "invalid" << false;
        QTest::newRow("an unreadable run is left out") << "problem" << false;
        QTest::newRow("an excluded run is left out") << "excluded" << false;
        QTest::newRow("the baseline is left out") << "baseline" << false;
    }

    void changePointsLeaveOutRuns() {
        QFETCH(QString, way);
        QFETCH(bool, counted);
        // p(95) steps from about 100 ms to about 130 ms at entry 7; entry 3 is a run ten times slower.
        const std::vector<double> p95{100, 102, 99, 1000, 101, 100, 98, 130, 131, 129, 132, 130, 128};
        std::vector<HistoryEntry> history;
        for (std::size_t i = 0; i < p95.size(); ++i) {
            HistoryEntry entry;
            entry.run = "run" + std::to_string(i);
            entry.p95Ms = p95[i];
            history.push_back(entry);
        }
        HistoryEntry& odd = history[3];
        if (way == "invalid")
            odd.invalid = "no-response: 100 % of requests got no response";
        else if (way == "problem")
            odd.problem = "run3_health.json: malformed JSON";
        else if (way == "excluded")
            odd.excluded = true;
        else if (way == "baseline")
            odd.run = "baseline";
        QVERIFY(countsForChangePoints(odd) == counted);

        const std::vector<HistoryChangePoint> points = historyChangePoints(history);
        std::vector<std::size_t> entries;
        for (const HistoryChangePoint& point : points) {
            QCOMPARE(point.metric, HistoryMetric::P95); // the other figures are missing: no series
            entries.push_back(point.entry);
        }
        if (counted) {
            QCOMPARE(entries, std::vector<std::size_t>{});
            return;
        }
        QCOMPARE(entries, std::vector<std::size_t>{7});
        QCOMPARE(points[0].change.index, std::size_t(6)); // among the 12 runs that count
        QCOMPARE(points[0].change.before, 100.0);
        QCOMPARE(points[0].change.after, 130.0);
    }

    void changePointStepLabel_data() {
        QTest::addColumn<int>("metric");
        QTest::addColumn<double>("before");
        QTest::addColumn<double>("after");
        QTest::addColumn<QString>("label");
        QTest::newRow("p(95)") << int(HistoryMetric::P95) << 12.3 << 15.1 << "12.30 ms → 15.10 ms, +22.76%";
        QTest::newRow("median") << int(HistoryMetric::Median) << 50.5 << 101.0
                                << "50.50 ms → 101 ms, +100.00%";
        QTest::newRow("requests/s") << int(HistoryMetric::RequestsPerSecond) << 40.0 << 36.0
                                    << "40/s → 36/s, -10.00%";
        QTest::newRow("errors from none") << int(HistoryMetric::ErrorRate) << 0.0 << 0.05 << "0.00% → 5.00%";
    }

    void changePointStepLabel() {
        QFETCH(int, metric);
        QFETCH(double, before);
        QFETCH(double, after);
        QFETCH(QString, label);
        HistoryChangePoint point;
        point.metric = static_cast<HistoryMetric>(metric);
        point.change.before = before;
        point.change.after = after;
        if (before != 0)
            point.change.changePercent = (after / before - 1) * 100;
        QCOMPARE(QString::fromStdString(changePointStep(point)), label);
    }

    void noRunsNoHistory() {
        QTemporaryDir workspace;
        QVERIFY(scriptHistory(ResultStore(workspace.path().toStdString()), "health").empty());
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
