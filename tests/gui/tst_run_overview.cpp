// The run overview: every script of a run against the baseline, worst first, read off the UI thread; a
// chosen row opens that script's comparison.

#include "gui/models/run_overview.h"
#include "gui/models/script_list_model.h"
#include "gui/models/sorting.h"
#include "gui/run_overview_page.h"
#include "gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

namespace {

StatVerdict verdictOf(VerdictStat stat, double baseline, double current, Verdict verdict) {
    StatVerdict v;
    v.stat = stat;
    v.baseline = baseline;
    v.current = current;
    v.change = (current / baseline - 1) * 100;
    v.verdict = verdict;
    return v;
}

/// A script whose median and p(95) went from 10 ms to `p95Ms` with `verdict`, and whose one threshold the new
/// run passed or failed.
ScriptComparison scriptOf(const std::string& name, double p95Ms, Verdict verdict, bool thresholdOk) {
    ScriptComparison comparison;
    comparison.script = name;
    comparison.baseline.run = "baseline";
    comparison.current.run = "a1b2c3d";
    comparison.verdicts = {verdictOf(VerdictStat::Median, 10, p95Ms, verdict),
                           verdictOf(VerdictStat::P95, 10, p95Ms, verdict)};
    ThresholdOutcome threshold;
    threshold.metric = "http_req_duration";
    threshold.expression = "p(95)<500";
    threshold.baselineOk = true;
    threshold.currentOk = thresholdOk;
    comparison.thresholds = {threshold};
    return comparison;
}

QString cellText(const QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

} // namespace

class TestRunOverview : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }

    void rankOfAScript_data() {
        QTest::addColumn<int>("verdict"); // of median and p(95)
        QTest::addColumn<bool>("thresholdOk");
        QTest::addColumn<bool>("invalid"); // the new run
        QTest::addColumn<int>("rank");
        QTest::newRow("slower") << int(Verdict::Slower) << true << false << 2;
        QTest::newRow("a failed threshold") << int(Verdict::Unchanged) << false << false << 2;
        QTest::newRow("invalid") << int(Verdict::Invalid) << true << true << 1;
        QTest::newRow("unchanged") << int(Verdict::Unchanged) << true << false << 0;
        QTest::newRow("faster") << int(Verdict::Faster) << true << false << 0;
    }
    void rankOfAScript() {
        QFETCH(int, verdict);
        QFETCH(bool, thresholdOk);
        QFETCH(bool, invalid);
        QFETCH(int, rank);
        ScriptComparison comparison = scriptOf("health", 13, Verdict(verdict), thresholdOk);
        if (invalid)
            comparison.current.health.problems.push_back({"no-requests", "no HTTP request was made"});
        const OverviewRow row = overviewRowOf(comparison);
        QCOMPARE(row.invalid, invalid);
        QCOMPARE(overviewRank(row), rank);
    }

    void worstFirst() {
        ComparisonReport report;
        report.run = "a1b2c3d";
        report.baseline = "baseline";
        // health faster, search unchanged but failing its threshold, checkout slower by 30 %.
        report.scripts = {scriptOf("health", 8, Verdict::Faster, true),
                          scriptOf("search", 10.1, Verdict::Unchanged, false),
                          scriptOf("checkout", 13, Verdict::Slower, true)};
        // search's failed threshold ranks it with the slower script, below it by p(95) change (+1 % < +30 %).
        RunOverviewModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setReport(report);
        QCOMPARE(model.rowCount(), 3);
        QStringList shown;
        for (int row = 0; row < model.rowCount(); ++row)
            shown << cellText(&model, row, RunOverviewModel::ScriptColumn);
        QCOMPARE(shown, (QStringList{"checkout", "search", "health"}));
        QCOMPARE(cellText(&model, 0, RunOverviewModel::P95Column), "+30.00% slower");
        QCOMPARE(cellText(&model, 0, RunOverviewModel::MedianColumn), "+30.00% slower");
        QCOMPARE(cellText(&model, 0, RunOverviewModel::RateColumn), "–"); // no verdict of it
        QCOMPARE(cellText(&model, 0, RunOverviewModel::ThresholdsColumn), "1 passed");
        QCOMPARE(cellText(&model, 1, RunOverviewModel::ThresholdsColumn), "1 of 1 failed");
        QCOMPARE(cellText(&model, 0, RunOverviewModel::HealthColumn), "ok");
        QCOMPARE(model.index(0, RunOverviewModel::P95Column).data(Qt::ToolTipRole).toString(),
                 "10 ms → 13 ms");
        QCOMPARE(model.index(2, 0).data(RunOverviewModel::ScriptNameRole).toString(), "health");
        QCOMPARE(model.index(2, RunOverviewModel::P95Column).data(SortRole).toDouble(), -20.0);

        // The scripts panel's headline of a row: the worse of median and p(95).
        QCOMPARE(headlineVerdict(model.rows()[0]), Verdict::Slower);
        QCOMPARE(headlineDetail(model.rows()[0]), "median +30.00% slower, p(95) +30.00% slower");
    }

    void latestVerdictInTheScriptList() {
        ScriptListModel scripts;
        QAbstractItemModelTester tester(&scripts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ScriptInfo health;
        health.name = "health";
        scripts.setScripts({health});
        QCOMPARE(scripts.index(0, ScriptListModel::LatestColumn).data().toString(), "–");
        QSignalSpy changed(&scripts, &QAbstractItemModel::dataChanged);
        scripts.setLatestVerdict("health", Verdict::Slower, "a1b2c3d: p(95) +30.00% slower");
        QCOMPARE(changed.size(), 1);
        QCOMPARE(scripts.index(0, ScriptListModel::LatestColumn).data().toString(), "slower");
        QCOMPARE(scripts.index(0, ScriptListModel::LatestColumn).data(Qt::ToolTipRole).toString(),
                 "a1b2c3d: p(95) +30.00% slower");
        scripts.setScripts({health}); // a reload keeps it
        QCOMPARE(scripts.index(0, ScriptListModel::LatestColumn).data().toString(), "slower");
        scripts.clearLatestVerdicts();
        QCOMPARE(scripts.index(0, ScriptListModel::LatestColumn).data().toString(), "–");
    }

    void pageComparesEveryScriptAndOpensOne() {
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        RunOverviewPage page;
        QSignalSpy shown(&page, &RunOverviewPage::overviewShown);
        page.showWorkspace(loadWorkspace(ws.path().toStdString()));
        QTRY_VERIFY_WITH_TIMEOUT(page.overview(), 10000);
        QCOMPARE(page.findChild<QComboBox*>("overviewRunChoice")->currentText(), "a1b2c3d");
        auto* view = page.findChild<QTableView*>("overview");
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(cellText(view->model(), 0, RunOverviewModel::ScriptColumn), "health");
        QCOMPARE(cellText(view->model(), 0, RunOverviewModel::P95Column), "+30.00% slower");
        // The fixture's two thresholds, both passed; 39.7 % failed requests in the summary: a warning each.
        QCOMPARE(cellText(view->model(), 0, RunOverviewModel::ThresholdsColumn), "2 passed");
        QCOMPARE(cellText(view->model(), 0, RunOverviewModel::HealthColumn), "2 warnings");
        QCOMPARE(page.findChild<QLabel*>("overviewStatus")->text(),
                 "a1b2c3d against baseline: 1 of 1 scripts slower, failing a threshold or invalid");

        QSignalSpy chosen(&page, &RunOverviewPage::scriptChosen);
        page.resize(1024, 700);
        page.show();
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen[0][0].toString(), "health");
        QCOMPARE(chosen[0][1].toString(), "a1b2c3d");
    }
};

QTEST_MAIN(TestRunOverview)
#include "tst_run_overview.moc"
