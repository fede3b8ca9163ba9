// The Compare page: a run against its baseline read off the UI thread into verdicts, tables and charts, and
// the links from it into Grafana and Tempo.

#include "gui/charts.h"
#include "gui/compare_page.h"
#include "gui/models/check_rows_model.h"
#include "gui/models/comparison_model.h"
#include "gui/models/error_groups_model.h"
#include "gui/models/request_rows_model.h"
#include "gui/models/slow_request_model.h"
#include "gui/models/sorting.h"
#include "gui/models/threshold_model.h"
#include "gui/models/verdict_model.h"
#include "gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCategoryAxis>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QValueAxis>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

namespace {

/// Shows `script` of the workspace in `page` and waits for its comparison.
bool showAndWait(ComparePage& page, const QString& folder, const QString& script) {
    page.showWorkspace(loadWorkspace(folder.toStdString()));
    QSignalSpy shown(&page, &ComparePage::comparisonShown);
    page.showScript(script);
    while (!page.comparison() || page.comparison()->script != script.toStdString())
        if (!shown.wait(10000))
            return false;
    return true;
}

QString cellText(const QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

StatVerdict statVerdict(VerdictStat stat, double baseline, double current, Verdict verdict) {
    StatVerdict v;
    v.stat = stat;
    v.baseline = baseline;
    v.current = current;
    v.unit = stat == VerdictStat::ErrorRate ? ChangeUnit::PercentagePoints : ChangeUnit::Percent;
    v.change = stat == VerdictStat::ErrorRate ? (current - baseline) * 100 : (current / baseline - 1) * 100;
    v.verdict = verdict;
    return v;
}

/// Three requests: GET /a 10 → 13 ms at p(95) (slower), GET /b 10 → 20 ms at p(95) but judged unchanged,
/// and POST /c that only the new run made.
std::vector<RequestRow> threeRequests() {
    RequestRow a;
    a.name = "/a";
    a.method = "GET";
    a.baselineCount = 200;
    a.currentCount = 190;
    a.verdicts = {statVerdict(VerdictStat::Median, 8, 9, Verdict::Slower),
                  statVerdict(VerdictStat::P95, 10, 13, Verdict::Slower),
                  statVerdict(VerdictStat::RequestsPerSecond, 20, 19, Verdict::Unchanged),
                  statVerdict(VerdictStat::ErrorRate, 0, 0.01, Verdict::Unchanged)};
    a.verdict = Verdict::Slower;
    RequestRow b;
    b.name = "/b";
    b.method = "GET";
    b.baselineCount = 50;
    b.currentCount = 50;
    b.verdicts = {statVerdict(VerdictStat::P95, 10, 20, Verdict::Unchanged)};
    b.verdict = Verdict::Unchanged;
    RequestRow c;
    c.name = "/c";
    c.method = "POST";
    c.presence = RequestPresence::NewOnly;
    c.currentCount = 7;
    return {a, b, c};
}

} // namespace

class TestComparePage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }

    void anAxisRangeDependsOnItsValuesAlone_data() {
        QTest::addColumn<double>("earlierHigh");
        QTest::newRow("after 0..3") << 3.0;
        QTest::newRow("the same again") << 6.0;
        QTest::newRow("after 0..13") << 13.0;
        QTest::newRow("after 0..100") << 100.0;
    }
    void anAxisRangeDependsOnItsValuesAlone() {
        // A live chart's axis is fitted again every second: where it ends must not depend on where it was.
        QFETCH(double, earlierHigh);
        QValueAxis fresh;
        setNiceRange(&fresh, 0, 6);
        QValueAxis refitted;
        setNiceRange(&refitted, 0, earlierHigh);
        setNiceRange(&refitted, 0, 6);
        QCOMPARE(refitted.min(), fresh.min());
        QCOMPARE(refitted.max(), fresh.max());
        QCOMPARE(refitted.tickCount(), fresh.tickCount());
        QVERIFY(fresh.max() >= 6);
    }

    void modelsUnderTheTester() {
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        const auto comparison = loadComparison(ws.path().toStdString(), "health", "baseline", "a1b2c3d");
        QCOMPARE(comparison->problem, std::string());

        VerdictModel verdicts;
        ComparisonModel rows;
        ThresholdModel thresholds;
        SlowRequestModel slowest;
        QAbstractItemModelTester verdictTester(&verdicts,
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester rowTester(&rows, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester thresholdTester(&thresholds,
                                                 QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester slowTester(&slowest, QAbstractItemModelTester::FailureReportingMode::QtTest);
        verdicts.setRows(comparison->verdicts);
        rows.setComparison(comparison->rows, comparison->verdicts);
        thresholds.setRows(comparison->thresholds);
        slowest.setRows(comparison->current.slowest);

        QCOMPARE(verdicts.rowCount(), 6);
        QCOMPARE(cellText(&verdicts, 0, VerdictModel::StatisticColumn), "median");
        QCOMPARE(cellText(&verdicts, 0, VerdictModel::BaselineColumn), "10 ms");
        QCOMPARE(cellText(&verdicts, 0, VerdictModel::CurrentColumn), "13 ms");
        QCOMPARE(cellText(&verdicts, 0, VerdictModel::ChangeColumn), "+30.00%");
        QCOMPARE(cellText(&verdicts, 0, VerdictModel::VerdictColumn), "slower");
        QCOMPARE(cellText(&verdicts, 4, VerdictModel::VerdictColumn), "unchanged"); // 20 requests/s both

        QCOMPARE(std::size_t(rows.rowCount()), comparison->rows.size());
        const int p95 = rows.rowOf("http_req_duration", "p(95)");
        QVERIFY(p95 >= 0);
        QCOMPARE(rows.index(p95, 0).data(ComparisonModel::MetricRole).toString(), "http_req_duration");

        QCOMPARE(thresholds.rowCount(), 2); // the fixture's http_req_duration and iteration_duration
        QCOMPARE(slowest.rowCount(), 20);
        QCOMPARE(cellText(&slowest, 0, SlowRequestModel::DurationColumn), "13.13 ms"); // 13 ms + 1 %
        QCOMPARE(slowest.index(0, 0).data(SlowRequestModel::TraceIdRole).toString().size(), 32);
    }

    void requestRowsShowBothRunsAndSortByWorsening() {
        RequestRowsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(&model);
        sorted.setSortRole(SortRole);
        QAbstractItemModelTester sortedTester(&sorted,
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(threeRequests());

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cellText(&model, 0, RequestRowsModel::MethodColumn), "GET");
        QCOMPARE(cellText(&model, 0, RequestRowsModel::RequestColumn), "/a");
        QCOMPARE(cellText(&model, 0, RequestRowsModel::CountColumn), "200 → 190");
        QCOMPARE(cellText(&model, 0, RequestRowsModel::P95Column), "10 ms → 13 ms (+30.00%)");
        QCOMPARE(cellText(&model, 0, RequestRowsModel::MedianColumn), "8 ms → 9 ms (+12.50%)");
        QCOMPARE(cellText(&model, 0, RequestRowsModel::ErrorRateColumn), "0.00% → 1.00% (+1.00 pp)");
        QCOMPARE(cellText(&model, 0, RequestRowsModel::P99Column), "–"); // not among its verdicts
        QCOMPARE(cellText(&model, 0, RequestRowsModel::VerdictColumn), "slower");
        QVERIFY(model.index(0, RequestRowsModel::P95Column).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, RequestRowsModel::RateColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(cellText(&model, 2, RequestRowsModel::VerdictColumn), "new only");
        QCOMPARE(cellText(&model, 2, RequestRowsModel::CountColumn), "0 → 7");
        QCOMPARE(cellText(&model, 2, RequestRowsModel::P95Column), "–");

        // By p(95), worst first: /b (+100 %) before /a (+30 %), the request without figures last.
        sorted.sort(RequestRowsModel::P95Column, Qt::DescendingOrder);
        QCOMPARE(cellText(&sorted, 0, RequestRowsModel::RequestColumn), "/b");
        QCOMPARE(cellText(&sorted, 1, RequestRowsModel::RequestColumn), "/a");
        QCOMPARE(cellText(&sorted, 2, RequestRowsModel::RequestColumn), "/c");
        // By requests/s, a fall is the worsening: /a's 20 → 19 is the only one.
        sorted.sort(RequestRowsModel::RateColumn, Qt::DescendingOrder);
        QCOMPARE(cellText(&sorted, 0, RequestRowsModel::RequestColumn), "/a");
        sorted.sort(RequestRowsModel::CountColumn, Qt::AscendingOrder);
        QCOMPARE(cellText(&sorted, 0, RequestRowsModel::RequestColumn), "/c");
        sorted.sort(-1); // the core's order again
        QCOMPARE(cellText(&sorted, 0, RequestRowsModel::RequestColumn), "/a");
    }

    void checkRowsShowPassRatesAndTheirChange() {
        CheckRowsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CheckRow fell;
        fell.group = "::login";
        fell.name = "status is 200";
        fell.baselinePasses = 995;
        fell.baselineFails = 5;
        fell.currentPasses = 980;
        fell.currentFails = 20;
        fell.baselinePassRate = 0.995;
        fell.currentPassRate = 0.98;
        fell.change = -1.5;
        fell.low = -2.0;
        fell.high = -1.0;
        fell.verdict = Verdict::Slower;
        CheckRow gone;
        gone.name = "body has id";
        gone.baselinePasses = 10;
        gone.baselineFails = 0;
        gone.baselinePassRate = 1.0;
        gone.reason = "the new run did not have it";
        model.setRows({fell, gone});

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cellText(&model, 0, CheckRowsModel::CheckColumn), "::login::status is 200");
        QCOMPARE(cellText(&model, 0, CheckRowsModel::BaselineColumn), "99.50%");
        QCOMPARE(cellText(&model, 0, CheckRowsModel::CurrentColumn), "98.00%");
        QCOMPARE(cellText(&model, 0, CheckRowsModel::ChangeColumn), "-1.50 pp");
        QCOMPARE(cellText(&model, 0, CheckRowsModel::IntervalColumn), "[-2.00 pp, -1.00 pp]");
        QCOMPARE(cellText(&model, 0, CheckRowsModel::VerdictColumn), "slower");
        QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString(),
                 "baseline: 995 passed, 5 failed; new: 980 passed, 20 failed");
        QCOMPARE(cellText(&model, 1, CheckRowsModel::CheckColumn), "body has id");
        QCOMPARE(cellText(&model, 1, CheckRowsModel::CurrentColumn), "–");
        QCOMPARE(cellText(&model, 1, CheckRowsModel::VerdictColumn), "not tested");
        QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(),
                 "baseline: 10 passed, 0 failed; new: none; the new run did not have it");
        QVERIFY(model.index(0, CheckRowsModel::VerdictColumn).data(SortRole).toInt() >
                model.index(1, CheckRowsModel::VerdictColumn).data(SortRole).toInt());
    }

    void errorGroupsShowCountsOfBothRuns_data() {
        QTest::addColumn<int>("grouping");
        QTest::addColumn<QStringList>("cells"); // of the first row, left to right
        QTest::newRow("by status") << int(ErrorGrouping::ByStatus)
                                   << QStringList{"503", "3 (0.30%)", "40 (4.00%)"};
        QTest::newRow("by k6 error") << int(ErrorGrouping::ByError)
                                     << QStringList{"1050", "request timeout", "3 (0.30%)", "40 (4.00%)"};
    }
    void errorGroupsShowCountsOfBothRuns() {
        QFETCH(int, grouping);
        QFETCH(QStringList, cells);
        ErrorGroupsModel model{ErrorGrouping(grouping)};
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ErrorGroup group;
        if (ErrorGrouping(grouping) == ErrorGrouping::ByStatus)
            group.status = "503";
        else {
            group.errorCode = "1050";
            group.message = "request timeout";
        }
        group.baselineCount = 3;
        group.currentCount = 40;
        group.baselineSharePercent = 0.3;
        group.currentSharePercent = 4.0;
        ErrorGroup noBaseline = group; // the baseline without samples
        noBaseline.baselineCount.reset();
        noBaseline.baselineSharePercent.reset();
        model.setRows({group, noBaseline});

        QCOMPARE(model.columnCount(), cells.size());
        for (int column = 0; column < cells.size(); ++column)
            QCOMPARE(cellText(&model, 0, column), cells[column]);
        QCOMPARE(cellText(&model, 1, model.baselineColumn()), "–");
        QCOMPARE(model.index(0, model.currentColumn()).data(SortRole).toULongLong(), 40u);
    }

    void showsVerdictsTablesAndCharts() {
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        ComparePage page;
        page.resize(1200, 700);
        QVERIFY(showAndWait(page, ws.path(), "health"));

        QCOMPARE(page.findChild<QComboBox*>("runChoice")->currentText(), "a1b2c3d");
        QCOMPARE(page.findChild<QComboBox*>("baselineChoice")->currentText(), "baseline");
        const QAbstractItemModel* verdicts = page.findChild<QTableView*>("verdicts")->model();
        QCOMPARE(verdicts->rowCount(), 6);
        QCOMPARE(cellText(verdicts, 2, VerdictModel::VerdictColumn), "slower"); // p(95)
        QVERIFY(page.findChild<QTableView*>("comparisonTable")->model()->rowCount() > 20);

        // 10 s of samples: a point a second on both sides of the charts over time, on one time axis.
        const auto* bands = page.findChild<PercentileBandsChart*>("bandsChart");
        for (int band = 0; band < PercentileBandsChart::bands; ++band) {
            QCOMPARE(bands->baselineSeries(band)->count(), 10);
            QCOMPARE(bands->currentSeries(band)->count(), 10);
            QCOMPARE(bands->baselineSeries(band)->pen().style(), Qt::SolidLine);
            QCOMPARE(bands->currentSeries(band)->pen().style(), Qt::DashLine);
        }
        QCOMPARE(bands->currentSeries(1)->name(), "a1b2c3d p(95)");
        // 10 ms and 13 ms ± 1 %: p(50) ≤ p(95) ≤ p(99) within that.
        for (int second = 0; second < 10; ++second) {
            const double baseline50 = bands->baselineSeries(0)->at(second).y();
            const double baseline99 = bands->baselineSeries(2)->at(second).y();
            QVERIFY(9.899 <= baseline50 && baseline50 <= bands->baselineSeries(1)->at(second).y());
            QVERIFY(bands->baselineSeries(1)->at(second).y() <= baseline99 && baseline99 <= 10.101); // floats
            QVERIFY(bands->currentSeries(1)->at(second).y() > 12.87);
        }
        for (const char* name : {"rateChart", "errorChart"}) {
            const auto* chart = page.findChild<OverlayChart*>(name);
            QCOMPARE(chart->baselineSeries()->count(), 10);
            QCOMPARE(chart->currentSeries()->count(), 10);
            QCOMPARE(chart->xAxis()->min(), bands->xAxis()->min());
            QCOMPARE(chart->xAxis()->max(), bands->xAxis()->max());
        }
        QCOMPARE(page.findChild<OverlayChart*>("rateChart")->currentSeries()->at(3).y(), 20.0);
        QCOMPARE(page.findChild<OverlayChart*>("errorChart")->currentSeries()->at(3).y(), 0.0); // none failed

        // The percentile curve: x = 1/(1 - p) from p(0) to p(99.99) on a log axis labelled in percentiles.
        const auto* curve = page.findChild<PercentileCurveChart*>("distributionChart");
        QCOMPARE(curve->percentileAxis()->min(), 1.0);
        QCOMPARE(curve->percentileAxis()->max(), 10000.0);
        QCOMPARE(curve->percentileLabels()->categoriesLabels(),
                 (QStringList{"0%", "50%", "90%", "99%", "99.9%", "99.99%"}));
        QCOMPARE(curve->percentileLabels()->endValue("99%"), 2.0); // log10(100)
        QCOMPARE(curve->baselineSeries()->count(), 82);
        QCOMPARE(curve->currentSeries()->pen().style(), Qt::DashLine);
        const auto medianOf = [](const QLineSeries* series) {
            for (const QPointF& point : series->points())
                if (point.x() == 2.0)
                    return point.y();
            return -1.0;
        };
        QVERIFY(std::abs(medianOf(curve->baselineSeries()) - 10) < 0.1);
        QVERIFY(std::abs(medianOf(curve->currentSeries()) - 13) < 0.13);
        QVERIFY(curve->currentSeries()->points().last().y() <= 13 * 1.01 + 1e-3);
        QVERIFY(page.findChild<QLabel*>("compareStatus")
                    ->text()
                    .startsWith("a1b2c3d against baseline: 4 slower"));

        // The one request of both runs, 10 → 13 ms (± 1 %) at p(95).
        const QAbstractItemModel* requests = page.findChild<QTableView*>("requests")->model();
        QCOMPARE(requests->rowCount(), 1);
        QCOMPARE(cellText(requests, 0, RequestRowsModel::RequestColumn), "/health"); // unnamed: by its path
        QCOMPARE(cellText(requests, 0, RequestRowsModel::CountColumn), "200 → 200");
        QCOMPARE(cellText(requests, 0, RequestRowsModel::VerdictColumn), "slower");
        // The fixture's two checks, the same in both runs: 90 of 439 and 439 of 439 passed.
        const QAbstractItemModel* checks = page.findChild<QTableView*>("checks")->model();
        QCOMPARE(checks->rowCount(), 2);
        QCOMPARE(cellText(checks, 0, CheckRowsModel::CheckColumn), "Status is ok");
        QCOMPARE(cellText(checks, 0, CheckRowsModel::BaselineColumn), "20.50%");
        QCOMPARE(cellText(checks, 1, CheckRowsModel::CheckColumn), "::Example group::NOT 500");
        // Every request an expected response: no error groups, and the tab says so.
        QCOMPARE(page.findChild<QTableView*>("errorsByStatus")->model()->rowCount(), 0);
        QCOMPARE(page.findChild<QTableView*>("errorsByCode")->model()->rowCount(), 0);
        QCOMPARE(page.findChild<QLabel*>("errorsNote")->text(), "No failed request in either run's samples.");
        // p(95) 30.03 ms of p(95)<1000 in both: 97 % of the limit left.
        const QAbstractItemModel* thresholds = page.findChild<QTableView*>("thresholds")->model();
        QCOMPARE(cellText(thresholds, 0, ThresholdModel::ExpressionColumn), "p(95)<1000");
        QCOMPARE(cellText(thresholds, 0, ThresholdModel::CurrentColumn),
                 "✓ passed: 30.03 ms, 97 % of the limit to spare");

        // Each tab as it looks at the smallest window size, the tables beside the charts' first tab.
        const QString folder = QStringLiteral(LOADBENCH_BINARY_DIR "/screenshots");
        QDir().mkpath(folder);
        page.resize(1024, 700);
        page.show();
        for (const char* name : {"compareTables", "compareCharts"}) {
            auto* tabs = page.findChild<QTabWidget*>(name);
            for (int tab = 0; tab < tabs->count(); ++tab) {
                tabs->setCurrentIndex(tab);
                QTest::qWait(200); // Qt Charts lays its axes out on a later event: the picture waits
                page.grab().save(folder + "/compare-tab-" + tabs->tabText(tab).toLower().replace(' ', '-') +
                                 ".png");
            }
            tabs->setCurrentIndex(0);
        }
    }

    void followsADarkPalette() {
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
        for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            dark.setColor(role, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        QApplication::setPalette(dark);
        const auto restore = qScopeGuard([&] { QApplication::setPalette(light); }); // also when a check fails
        ComparePage page;
        page.resize(1200, 700);
        QVERIFY(showAndWait(page, ws.path(), "health"));
        const QChart* chart = page.findChild<PercentileBandsChart*>("bandsChart")->chart();
        QCOMPARE(chart->backgroundBrush().color(), dark.color(QPalette::Base));
        QCOMPARE(chart->titleBrush().color(), dark.color(QPalette::Text));
        const QString folder = QStringLiteral(LOADBENCH_BINARY_DIR "/screenshots");
        QDir().mkpath(folder);
        page.grab().save(folder + "/compare-dark.png");
    }

    void missingBaselineIsSaid() {
        QTemporaryDir ws;
        writeFile(ws.filePath("k6/health.js"), "export default function () {}\n");
        writeFile(ws.filePath("k6/benchmark/a1b2c3d_health.json"),
                  readFixture("handle-summary/groups-checks-thresholds.json"));
        ComparePage page;
        page.showWorkspace(loadWorkspace(ws.path().toStdString()));
        page.showScript("health");
        QCOMPARE(page.findChild<QLabel*>("compareStatus")->text(),
                 "No baseline run of health yet: run the baseline first.");
        QCOMPARE(page.findChild<QTableView*>("verdicts")->model()->rowCount(), 0);
    }

    void promoteAsksThenKeepsTheOldBaseline() {
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        const auto bytes = [&](const QString& name) {
            QFile file(ws.filePath("k6/benchmark/" + name));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        const QByteArray oldSamples = bytes("baseline_health.ndjson.gz");
        ComparePage page;
        QVERIFY(showAndWait(page, ws.path(), "health"));
        auto* promote = page.findChild<QPushButton*>("promoteButton");
        QVERIFY(promote->isEnabled());

        QStringList asked;
        page.setConfirm([&](const QString& title, const QString& question) {
            asked << title + ": " + question;
            return false;
        });
        promote->click();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked[0].startsWith("Promote to Baseline: Make run a1b2c3d the baseline of health?"),
                 qPrintable(asked[0]));
        QCOMPARE(bytes("baseline_health.ndjson.gz"), oldSamples); // declined: nothing changed
        QVERIFY(!QFile::exists(ws.filePath("k6/benchmark/baseline_health.json.prev")));

        page.setConfirm([](const QString&, const QString&) { return true; });
        QSignalSpy promoted(&page, &ComparePage::promoted);
        promote->click();
        QVERIFY(promoted.wait(10000));
        QCOMPARE(promoted[0][0].toString(), "a1b2c3d");
        QCOMPARE(bytes("baseline_health.ndjson.gz"), bytes("a1b2c3d_health.ndjson.gz"));
        QCOMPARE(bytes("baseline_health.ndjson.gz.prev"), oldSamples);
        QVERIFY(QFile::exists(ws.filePath("k6/benchmark/baseline_health.json.prev")));
    }

    void linksIntoGrafana_data() {
        QTest::addColumn<bool>("configured");
        QTest::addColumn<QByteArray>("meta");     // the new run's .meta.json; empty: none
        QTest::addColumn<bool>("dashboard");      // whether the dashboard is offered
        QTest::addColumn<QString>("exportsLine"); // the line on where its samples went; empty: hidden
        QTest::newRow(".env names GRAFANA_URL") << true << QByteArray() << true << "";
        QTest::newRow("no .env") << false << QByteArray() << false << "";
        QTest::newRow("samples sent to InfluxDB")
            << true
            // a plain literal: moc takes the // of a URL in a raw string for a comment
            << QByteArray("{\"run\":\"a1b2c3d\",\"script\":\"health\",\"backend\":\"builtin\","
                          "\"exports\":[{\"output\":\"influxdb\",\"url\":\"http://localhost:8086/k6\"}]}")
            << true << "builtin sent its samples to influxdb at http://localhost:8086/k6";
        QTest::newRow("samples sent nowhere")
            << true
            << QByteArray(R"json({"run":"a1b2c3d","script":"health","backend":"k6","exports":[]})json")
            << false << "k6 sent its samples to no InfluxDB (Grafana's dashboard has none of this run)";
    }
    void linksIntoGrafana() {
        QFETCH(bool, configured);
        QFETCH(QByteArray, meta);
        QFETCH(bool, dashboard);
        QFETCH(QString, exportsLine);
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        if (configured)
            writeFile(ws.filePath(".env"),
                      "GRAFANA_URL=http://grafana.test:3002\nTEMPO_DATASOURCE_UID=tempo-x\n");
        if (!meta.isEmpty())
            writeFile(ws.filePath("k6/benchmark/a1b2c3d_health.meta.json"), meta);
        ComparePage page;
        QSignalSpy links(&page, &ComparePage::linkActivated);
        QVERIFY(showAndWait(page, ws.path(), "health"));
        auto* dashboardLink = page.findChild<QPushButton*>("dashboardLink");
        auto* traces = page.findChild<QPushButton*>("tracesLink");
        auto* trace = page.findChild<QPushButton*>("traceLink");
        auto* exports = page.findChild<QLabel*>("compareExports");
        QCOMPARE(dashboardLink->isEnabled(), dashboard);
        QCOMPARE(traces->isEnabled(), configured);
        QVERIFY(!trace->isEnabled()); // no slow request selected yet
        QCOMPARE(exports->text(), exportsLine);
        QCOMPARE(exports->isVisibleTo(&page), !exportsLine.isEmpty());
        if (configured && !dashboard)
            QVERIFY2(dashboardLink->statusTip().contains("sent no samples to InfluxDB"),
                     qPrintable(dashboardLink->statusTip()));

        auto* slowest = page.findChild<QTableView*>("slowestRequests");
        slowest->setCurrentIndex(slowest->model()->index(0, 0));
        QCOMPARE(trace->isEnabled(), configured);
        if (!configured)
            return;
        const QString traceId = slowest->model()->index(0, 0).data(SlowRequestModel::TraceIdRole).toString();
        trace->click();
        if (!dashboard)
            return;
        dashboardLink->click();
        QCOMPARE(links.size(), 2);
        const QUrl traceUrl = links[0][0].toUrl();
        QCOMPARE(traceUrl.host(), "grafana.test");
        QCOMPARE(traceUrl.path(), "/explore");
        const QString panes = QUrlQuery(traceUrl).queryItemValue("panes", QUrl::FullyDecoded);
        QVERIFY2(panes.contains(traceId) && panes.contains("tempo-x"), qPrintable(panes));
        const QUrl dashboardUrl = links[1][0].toUrl();
        QVERIFY(dashboardUrl.path().startsWith("/d/loadbench-k6/"));
        // The new run's window, from its samples: 10 s from 1,800,003,600 s since the epoch.
        QCOMPARE(QUrlQuery(dashboardUrl).queryItemValue("from"), "1800003600000");
        QCOMPARE(QUrlQuery(dashboardUrl).queryItemValue("to"), "1800003610000");
    }
};

QTEST_MAIN(TestComparePage)
#include "tst_compare_page.moc"
