// The workbench's main job end to end: Run all vs baseline on a temporary workspace of the kit, with the
// builtin backend against the sample router (short overrides), then the comparison it shows; and
// screenshots of the main views for review.

#include "gui/charts.h"
#include "gui/compare_page.h"
#include "gui/history_page.h"
#include "gui/main_window.h"
#include "gui/run_overview_page.h"
#include "gui/run_page.h"
#include "gui/scripts_panel.h"
#include "gui/validate_page.h"
#include "gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QValueAxis>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

namespace {

/// The kit's scripts and router config in a temporary folder, its results folder empty.
void makeKit(const QString& folder) {
    copyKitScripts(folder);
    QFile config(QStringLiteral(LOADBENCH_SOURCE_DIR "/config/development.toml"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    writeFile(folder + "/config/development.toml", config.readAll());
}

/// Makes `folder` a kit and opens it in `window`, shown at 1280×800.
bool openKit(MainWindow& window, const QString& folder) {
    makeKit(folder);
    window.resize(1280, 800);
    window.show();
    QSignalSpy loaded(&window.session(), &WorkspaceSession::loaded);
    window.openStartupWorkspace(folder);
    return loaded.wait(10000);
}

/// Saves what `widget` shows as `<build>/screenshots/<name>.png`; returns its path.
QString screenshot(QWidget& widget, const QString& name) {
    const QString folder = QStringLiteral(LOADBENCH_BINARY_DIR "/screenshots");
    QDir().mkpath(folder);
    const QString path = folder + "/" + name + ".png";
    QTest::qWait(200); // Qt Charts lays its axes out on a later event: the picture, not a check, waits
    widget.grab().save(path);
    return path;
}

} // namespace

class TestWorkbenchRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        isolateSettings();
        // The workbench finds the engine and the router beside loadbench; this test is elsewhere.
        qputenv("LOADBENCH_ENGINE", LOADBENCH_BINARY_DIR "/app/engine/loadbench-engine");
        qputenv("LOADBENCH_ROUTER", LOADBENCH_BINARY_DIR "/router/loadbench-router");
    }

    void runAllAgainstBaselineThenCompare() {
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(openKit(window, dir.path()));

        RunPage& page = window.runPage();
        QStringList questions;
        page.setConfirm([&](const QString& title, const QString&) {
            questions << title;
            return true;
        });
        page.findChild<QLineEdit*>("runName")->setText("first");
        page.findChild<QSpinBox*>("vus")->setValue(2);
        page.findChild<QLineEdit*>("duration")->setText("6s"); // verdicts need 5 s of samples
        QVERIFY(page.runAllAction()->isEnabled());
        QVERIFY(!page.stopAction()->isEnabled());

        QSignalSpy finished(&page.session(), &RunSession::runFinished);
        QSignalSpy live(&page.session(), &RunSession::liveMetrics);
        page.runAllAction()->trigger();
        // No baselines yet: they are named, recorded first, then the run itself goes.
        QCOMPARE(questions, QStringList{"Missing baselines"});
        QVERIFY(page.stopAction()->isEnabled());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished[0][0].value<RunOutcome>().run, std::string("baseline"));
        QVERIFY(finished.wait(60000));
        const auto outcome = finished[1][0].value<RunOutcome>();
        QCOMPARE(outcome.run, std::string("first"));
        QCOMPARE(outcome.scripts.size(), std::size_t(2));
        for (const ScriptOutcome& script : outcome.scripts)
            QVERIFY2(script.status == ScriptStatus::Passed || script.status == ScriptStatus::ThresholdsFailed,
                     script.problem.c_str());
        QVERIFY(!live.isEmpty());
        QVERIFY(QFile::exists(dir.filePath("k6/benchmark/first_health.ndjson.gz")));
        QVERIFY(QFile::exists(dir.filePath("k6/benchmark/baseline_payment-confirm.json")));

        // Live view: each script's bar full, the output in the log, live figures charted.
        for (const char* script : {"health", "payment-confirm"}) {
            auto* bar = page.findChild<QProgressBar*>(QString("progress:") + script);
            QVERIFY(bar);
            QCOMPARE(bar->value(), bar->maximum());
        }
        QVERIFY(page.findChild<QPlainTextEdit*>("runLog")->toPlainText().contains("── Run first done"));
        QVERIFY(page.findChild<OverlayChart*>("liveRateChart")->currentSeries()->count() > 0);
        // The last script's baseline beside its live requests/s and p(95), dashed; read off the UI thread.
        for (const char* chart : {"liveRateChart", "liveP95Chart"}) {
            const QLineSeries* baseline = page.findChild<OverlayChart*>(chart)->baselineSeries();
            QTRY_VERIFY_WITH_TIMEOUT(baseline->count() > 0, 10000);
            QCOMPARE(baseline->name(), "baseline");
            QCOMPARE(baseline->pen().style(), Qt::DashLine);
            QCOMPARE(page.findChild<OverlayChart*>(chart)->currentSeries()->pen().style(), Qt::SolidLine);
        }
        for (const char* chart : {"liveErrorChart", "liveVuChart"}) { // the running script only, solid
            QCOMPARE(page.findChild<OverlayChart*>(chart)->baselineSeries()->count(), 0);
            QCOMPARE(page.findChild<OverlayChart*>(chart)->currentSeries()->pen().style(), Qt::SolidLine);
        }
        // The four live charts share one time axis, the VUs' (from progress lines a second in) included.
        const QValueAxis* rateTime = page.findChild<OverlayChart*>("liveRateChart")->xAxis();
        QCOMPARE(rateTime->min(), 0.0);
        for (const char* chart : {"liveP95Chart", "liveErrorChart", "liveVuChart"}) {
            const QValueAxis* time = page.findChild<OverlayChart*>(chart)->xAxis();
            QCOMPARE(time->min(), rateTime->min());
            QCOMPARE(time->max(), rateTime->max());
        }
        auto* pages = window.findChild<QTabWidget*>("pages");

        // Two scripts ran: the overview shows both against their baselines, and the dock their verdicts.
        RunOverviewPage& overview = window.overviewPage();
        QTRY_COMPARE_WITH_TIMEOUT(pages->currentWidget(), static_cast<QWidget*>(&overview), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(overview.overview() && overview.overview()->comparison.report.run == "first",
                                 10000);
        auto* overviewTable = overview.findChild<QTableView*>("overview");
        QCOMPARE(overviewTable->model()->rowCount(), 2);
        const QAbstractItemModel& scripts = window.scriptsPanel().model();
        for (int row = 0; row < scripts.rowCount(); ++row)
            QVERIFY(scripts.index(row, ScriptListModel::LatestColumn).data().toString() != "–");
        screenshot(window, "overview");

        // Choosing a script there opens its comparison: the Compare page shows the run against its baseline,
        // table filled and charts holding series.
        const QModelIndex health =
            overviewTable->model()
                ->match(overviewTable->model()->index(0, 0), Qt::DisplayRole, "health", 1, Qt::MatchExactly)
                .value(0);
        QVERIFY(health.isValid());
        overviewTable->setCurrentIndex(health);
        QTest::keyClick(overviewTable, Qt::Key_Return);
        ComparePage& compare = window.comparePage();
        QCOMPARE(pages->currentWidget(), static_cast<QWidget*>(&compare));
        QCOMPARE(window.scriptsPanel().currentScript(), "health");
        QTRY_VERIFY_WITH_TIMEOUT(compare.comparison() && compare.comparison()->current.run == "first", 10000);
        QCOMPARE(compare.comparison()->problem, std::string());
        QVERIFY(compare.findChild<QTableView*>("comparisonTable")->model()->rowCount() > 20);
        const QAbstractItemModel* verdicts = compare.findChild<QTableView*>("verdicts")->model();
        QCOMPARE(verdicts->rowCount(), 6);
        // The median tested: an interval, and a verdict other than "not tested".
        QVERIFY(!verdicts->index(0, 4).data().toString().isEmpty());
        QVERIFY(verdicts->index(0, 5).data().toString() != "not tested");
        const auto* bands = compare.findChild<PercentileBandsChart*>("bandsChart");
        QVERIFY(bands->baselineSeries(1)->count() > 0 && bands->currentSeries(1)->count() > 0);
        QVERIFY(compare.findChild<PercentileCurveChart*>("distributionChart")->currentSeries()->count() > 0);
        auto* chartTabs = compare.findChild<QTabWidget*>("compareCharts");
        for (int tab = 0; tab < chartTabs->count(); ++tab) {
            chartTabs->setCurrentIndex(tab);
            screenshot(window, "compare-" + chartTabs->tabText(tab).toLower().replace(' ', '-'));
        }
        chartTabs->setCurrentIndex(0);
        screenshot(window, "compare");
        window.resize(1024, 700); // the smallest screens the layout is made for
        screenshot(window, "compare-1024x700");
        window.resize(1280, 800);
        // The live view as the run left it, once no more pages switch by themselves.
        pages->setCurrentIndex(0); // the Run page, in its scroll area
        screenshot(window, "live");

        HistoryPage& history = window.historyPage();
        pages->setCurrentWidget(&history);
        QTRY_COMPARE_WITH_TIMEOUT(history.model().rowCount(), 2, 10000); // baseline, first
        screenshot(window, "history");

        // The same name again: the workbench asks before replacing it, and declined, nothing starts.
        QStringList texts;
        page.setConfirm([&](const QString& title, const QString& text) {
            texts << title + ": " + text;
            return false;
        });
        page.runAllAction()->trigger();
        QCOMPARE(texts.size(), 1);
        QVERIFY2(texts[0].startsWith("Replace run: run \"first\" exists: health ran at "),
                 qPrintable(texts[0]));
        QVERIFY(!page.session().isBusy());
        QVERIFY(!page.stopAction()->isEnabled());
    }

    void closingDuringARunStopsItFirst() {
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(openKit(window, dir.path()));
        QStringList asked;
        window.setConfirm([&](const QString& title, const QString&) {
            asked << title;
            return true;
        });
        window.scriptsPanel().model().setCheckedScripts({"health"});
        RunPage& page = window.runPage();
        page.findChild<QSpinBox*>("vus")->setValue(2);
        page.findChild<QLineEdit*>("duration")->setText("30s");
        QSignalSpy started(&page.session(), &RunSession::scriptStarted);
        QSignalSpy finished(&page.session(), &RunSession::runFinished);
        page.runBaselineAction()->trigger();
        QVERIFY(started.wait(30000));

        QVERIFY(!window.close()); // asked, and the run is stopped first
        QCOMPARE(asked, QStringList{"Quit"});
        QVERIFY(window.isVisible());
        QVERIFY(finished.wait(30000));
        QVERIFY(finished[0][0].value<RunOutcome>().aborted);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);                        // then it closes
        QVERIFY(!QFile::exists(dir.filePath("k6/benchmark/baseline_health.json"))); // no baseline from a stop
        QVERIFY(!QFile::exists(dir.filePath("k6/benchmark/.run.lock")));
    }

    void validateShowsEachRequestAndCheck() {
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(openKit(window, dir.path()));
        QCOMPARE(window.scriptsPanel().currentScript(), "health");

        ValidatePage& page = window.validatePage();
        QAbstractItemModelTester requestTester(&page.requests(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester checkTester(&page.checks(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy validated(&window.runPage().session(), &RunSession::validated);
        QVERIFY(window.runPage().validateAction()->isEnabled());
        window.runPage().validateAction()->trigger();
        QCOMPARE(window.findChild<QTabWidget*>("pages")->currentWidget(), static_cast<QWidget*>(&page));
        QVERIFY(validated.wait(30000));

        QCOMPARE(page.requests().rowCount(), 1);
        QCOMPARE(page.requests().index(0, ValidatedRequestModel::MethodColumn).data().toString(), "GET");
        QVERIFY(
            page.requests().index(0, ValidatedRequestModel::UrlColumn).data().toString().endsWith("/health"));
        QCOMPARE(page.requests().index(0, ValidatedRequestModel::StatusColumn).data().toString(), "200");
        QCOMPARE(page.checks().rowCount(), 1);
        QCOMPARE(page.checks().index(0, ValidatedCheckModel::PassesColumn).data().toInt(), 1);
        const QString exchange = page.findChild<QPlainTextEdit*>("validatedExchange")->toPlainText();
        QVERIFY2(exchange.contains("── Request\nGET /health HTTP/1.1\n") &&
                     exchange.contains("traceparent: 00-") &&
                     exchange.contains("── Response\nHTTP/1.1 200") &&
                     exchange.contains("{\"status\":\"ok\"}"),
                 qPrintable(exchange));
        QVERIFY(!QDir(dir.filePath("k6/benchmark")).exists() ||
                QDir(dir.filePath("k6/benchmark")).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot));
        screenshot(window, "validate");
    }
};

QTEST_MAIN(TestWorkbenchRun)
#include "tst_workbench_run.moc"
