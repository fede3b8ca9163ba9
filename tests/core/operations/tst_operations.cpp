// The operations the workbench's pages and the command line share, on real files in temporary workspaces.
#include "common/error.h"
#include "common/files.h"
#include "core/operations/baselines_first.h"
#include "core/operations/promote.h"
#include "core/operations/run_comparison.h"
#include "core/runs/workspace_lock.h"

#include <QTemporaryDir>
#include <QTest>

using namespace loadbench;
namespace fs = std::filesystem;

namespace {

const std::string fixtures = LOADBENCH_FIXTURES_DIR;

/// Writes `run`'s summary of `script`: a real k6 summary.
void writeSummary(const ResultStore& store, const std::string& run, const std::string& script) {
    store.write(run, script, ResultFile::Summary,
                readFile(fixtures + "/handle-summary/groups-checks-thresholds.json"),
                BaselinePolicy::Replace);
}

std::vector<std::string> strings(const QStringList& list) {
    std::vector<std::string> result;
    for (const QString& item : list)
        result.push_back(item.toStdString());
    return result;
}

} // namespace

class TestOperations : public QObject {
    Q_OBJECT

private slots:
    void promoteWaitsForNoRun() {
        QTemporaryDir dir;
        const fs::path workspace = dir.path().toStdString();
        const ResultStore store(workspace);
        store.write("baseline", "health", ResultFile::Summary, "{\"old\":1}");
        writeSummary(store, "a1b2c3d", "health");

        WorkspaceLock run(workspace); // a run holds the workspace: it may store a baseline
        run.acquire();
        try {
            promoteRun(workspace, "a1b2c3d", "health");
            QFAIL("promoted while a run held the workspace");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains(": another run holds this workspace ("), error.what());
        }
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::Summary)),
                 std::string("{\"old\":1}"));
        QVERIFY(!fs::exists(store.directory() / "baseline_health.json.prev"));

        run.release();
        QCOMPARE(promoteRun(workspace, "a1b2c3d", "health"), std::optional<std::string>());
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::Summary)),
                 readFile(store.pathOf("a1b2c3d", "health", ResultFile::Summary)));
        QCOMPARE(readFile(store.directory() / "baseline_health.json.prev"), std::string("{\"old\":1}"));
        QVERIFY(!fs::exists(store.directory() / ".run.lock")); // released again
    }

    void compareRunNamesEachScriptItCannotCompare() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        for (const char* script : {"health", "payment-confirm"})
            writeSummary(store, "a1b2c3d", script);
        writeSummary(store, "baseline", "health");

        const RunComparison comparison =
            compareRun(store, "a1b2c3d", "baseline", {"health", "payment-confirm"});
        QCOMPARE(comparison.report.run, std::string("a1b2c3d"));
        QCOMPARE(comparison.report.baseline, std::string("baseline"));
        QCOMPARE(comparison.report.scripts.size(), std::size_t(1));
        QCOMPARE(comparison.report.scripts[0].script, std::string("health"));
        QVERIFY(!comparison.report.scripts[0].rows.empty());
        QCOMPARE(
            comparison.problems,
            std::vector<std::string>{
                store.pathOf("baseline", "payment-confirm", ResultFile::Summary).string() + ": missing"});
        QCOMPARE(scriptsWithSummary(store, "a1b2c3d"),
                 (std::vector<std::string>{"health", "payment-confirm"}));
        QCOMPARE(scriptsWithSummary(store, "nosuch"), std::vector<std::string>());
    }

    void missingBaselinesFirst_data() {
        QTest::addColumn<QString>("run"); // empty: named after the commit (-c)
        QTest::addColumn<QStringList>("scripts");
        QTest::addColumn<bool>("all");
        QTest::addColumn<QStringList>("first"); // the baseline run's scripts; empty: none
        QTest::newRow("one missing") << "first" << QStringList{"health", "slow"} << false
                                     << QStringList{"slow"};
        QTest::newRow("every script, by -c") << "" << QStringList{} << true << QStringList{"fast", "slow"};
        QTest::newRow("none missing") << "first" << QStringList{"health"} << false << QStringList{};
        QTest::newRow("a baseline run itself") << "baseline" << QStringList{"slow"} << false << QStringList{};
    }
    void missingBaselinesFirst() {
        QFETCH(QString, run);
        QFETCH(QStringList, scripts);
        QFETCH(bool, all);
        QFETCH(QStringList, first);
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        fs::create_directories(store.workspace() / "k6");
        for (const char* script : {"health", "slow", "fast"})
            writeFileAtomically(store.workspace() / "k6" / (std::string(script) + ".js"),
                                "export default function () {}\n");
        writeSummary(store, "baseline", "health");

        RunRequest request;
        request.workspace = store.workspace();
        request.scripts = strings(scripts);
        request.allScripts = all;
        request.nameFromCommit = run.isEmpty();
        if (!run.isEmpty())
            request.runName = run.toStdString();
        request.backend = BackendKind::K6;
        request.target = "http://127.0.0.1:9";
        request.overrides.vus = 3;

        const std::optional<RunRequest> baselines = missingBaselinesRun(request);
        QCOMPARE(baselines.has_value(), !first.isEmpty());
        if (!baselines)
            return;
        QCOMPARE(baselines->scripts, strings(first));
        QVERIFY(!baselines->allScripts && !baselines->nameFromCommit);
        QCOMPARE(baselines->runName, std::optional<std::string>("baseline"));
        QCOMPARE(baselines->baselinePolicy, BaselinePolicy::Keep);
        // The same backend, target and load as the run that waits on it.
        QCOMPARE(baselines->backend, BackendKind::K6);
        QCOMPARE(baselines->target, std::string("http://127.0.0.1:9"));
        QCOMPARE(baselines->overrides.vus, std::optional<int>(3));
    }

    void theRunWaitingGoesOnlyWhenEveryBaselineIsRecorded_data() {
        QTest::addColumn<int>("status"); // of the second script
        QTest::addColumn<bool>("aborted");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("passed") << int(ScriptStatus::Passed) << false << "" << true;
        QTest::newRow("thresholds failed") << int(ScriptStatus::ThresholdsFailed) << false << "" << true;
        QTest::newRow("a script failed") << int(ScriptStatus::Failed) << false << "" << false;
        QTest::newRow("cancelled") << int(ScriptStatus::Aborted) << true << "" << false;
        QTest::newRow("the run failed")
            << int(ScriptStatus::Passed) << false << "compose down: exited with 1" << false;
    }
    void theRunWaitingGoesOnlyWhenEveryBaselineIsRecorded() {
        QFETCH(int, status);
        QFETCH(bool, aborted);
        QFETCH(QString, problem);
        QFETCH(bool, recorded);
        RunOutcome outcome;
        outcome.run = "baseline";
        outcome.scripts.resize(2);
        outcome.scripts[0].status = ScriptStatus::Passed;
        outcome.scripts[1].status = ScriptStatus(status);
        outcome.aborted = aborted;
        outcome.problem = problem.toStdString();
        QCOMPARE(recordedEveryScript(outcome), recorded);
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
