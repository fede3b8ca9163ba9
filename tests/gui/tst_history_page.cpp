// The History page: a script's runs in commit order on a real git repository made by the test, the trend
// lines with the baseline marked, the x axis by commit, change points listed and marked with their step, and
// a double-click that opens a run's comparison.

#include "../support/git_repository.h"
#include "core/store/result_store.h"
#include "gui/compare_page.h"
#include "gui/history_page.h"
#include "gui/main_window.h"
#include "gui_test_support.h"

#include <QAbstractItemModelTester>
#include <QCategoryAxis>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

namespace {

/// A repository with three commits, dated in order, whose workspace has a run of health named after each
/// (made in the opposite order) and a baseline started between the first two commits. Returns the hashes.
QStringList makeHistory(const QString& repository) {
    gittest::git(repository, {"init", "-q"});
    const QStringList commits{gittest::commitChange(repository, "first", "2026-01-01T10:00:00Z"),
                              gittest::commitChange(repository, "second: slower", "2026-01-02T10:00:00Z"),
                              gittest::commitChange(repository, "third: fixed", "2026-01-03T10:00:00Z")};
    writeFile(repository + "/k6/health.js", "export default function () {}\n");
    const ResultStore store(repository.toStdString());
    const double p95[] = {100, 180, 90};
    for (int i = 2; i >= 0; --i)
        store.write(commits[i].toStdString(), "health", ResultFile::Summary,
                    loadbench::test::keyFiguresSummary(p95[i], p95[i] / 2, 50 + i, 0, i != 1));
    store.write("baseline", "health", ResultFile::Summary,
                loadbench::test::keyFiguresSummary(110, 55, 48, 0, true));
    RunMeta meta;
    meta.run = "baseline";
    meta.script = "health";
    meta.startTime = "2026-01-01T12:00:00.000Z";
    meta.commit =
        gittest::git(repository, {"rev-parse", commits[0]}).toStdString(); // run at the first commit
    store.write("baseline", "health", ResultFile::Meta, toJson(meta).dump());
    return commits;
}

} // namespace

class TestHistoryPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }

    void runsInCommitOrderWithTrendLines() {
        QTemporaryDir repository;
        const QStringList commits = makeHistory(repository.path());
        HistoryPage page;
        QAbstractItemModelTester tester(&page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy shown(&page, &HistoryPage::historyShown);
        page.showWorkspace(loadWorkspace(repository.path().toStdString()));
        page.showScript("health");
        QVERIFY(shown.wait(10000));

        const HistoryModel& model = page.model();
        QStringList runs;
        for (int row = 0; row < model.rowCount(); ++row)
            runs << model.index(row, HistoryModel::RunColumn).data().toString();
        QCOMPARE(runs, (QStringList{commits[0], "baseline", commits[1], commits[2]}));
        QCOMPARE(model.baselineRow(), 1);
        QCOMPARE(model.index(1, 0).data(Qt::FontRole).value<QFont>().bold(), true);
        QCOMPARE(model.index(2, HistoryModel::CommitColumn).data().toString(),
                 commits[1] + " second: slower");
        QCOMPARE(model.index(1, HistoryModel::CommitColumn).data().toString(), commits[0] + " first");
        QCOMPARE(page.runAxis()->categoriesLabels(),
                 (QStringList{commits[0], "baseline (" + commits[0] + ")", commits[1], commits[2]}));
        QCOMPARE(model.index(2, HistoryModel::P95Column).data().toString(), "180 ms");
        QCOMPARE(model.index(2, HistoryModel::RateColumn).data().toString(), "51/s");
        QCOMPARE(model.index(2, HistoryModel::ThresholdsColumn).data().toString(), "failed");

        QCOMPARE(page.p95Series()->count(), 4);
        QCOMPARE(page.p95Series()->at(2), QPointF(2, 180));
        QCOMPARE(page.rateSeries()->at(3), QPointF(3, 52));
        QCOMPARE(page.baselineMarks()->count(), 1);
        QCOMPARE(page.baselineMarks()->at(0), QPointF(1, 110));
    }

    void invalidRunsAreMarkedApart() {
        QTemporaryDir repository;
        const QStringList commits = makeHistory(repository.path());
        // The second commit's run: 90 % of its requests failed, so it measured no service.
        ResultStore(repository.path().toStdString())
            .write(commits[1].toStdString(), "health", ResultFile::Summary,
                   loadbench::test::keyFiguresSummary(180, 90, 51, 0.9, false));
        HistoryPage page;
        QSignalSpy shown(&page, &HistoryPage::historyShown);
        page.showWorkspace(loadWorkspace(repository.path().toStdString()));
        page.showScript("health");
        QVERIFY(shown.wait(10000));

        const HistoryModel& model = page.model();
        QCOMPARE(model.index(2, HistoryModel::HealthColumn).data().toString(), "invalid");
        QCOMPARE(model.index(3, HistoryModel::HealthColumn).data().toString(), "valid");
        QCOMPARE(model.index(2, HistoryModel::P95Column).data(Qt::ToolTipRole).toString(),
                 "invalid: 90.0 % of requests failed, more than the 50.0 % allowed");
        // Left out of the lines, drawn as its own hollow mark.
        QCOMPARE(page.p95Series()->count(), 3);
        QCOMPARE(page.rateSeries()->count(), 3);
        QCOMPARE(page.invalidMarks()->count(), 1);
        QCOMPARE(page.invalidMarks()->at(0), QPointF(2, 180));
    }

    void changePointsAreMarkedWithTheirCommit() {
        QTemporaryDir repository;
        gittest::git(repository.path(), {"init", "-q"});
        writeFile(repository.path() + "/k6/health.js", "export default function () {}\n");
        const ResultStore store(repository.path().toStdString());
        // p(95) about 100 ms for six commits, then about 130 ms: one change point, at the seventh commit.
        const double p95[] = {100, 102, 99, 101, 100, 98, 130, 131, 129, 132, 130, 128};
        QStringList commits;
        for (int i = 0; i < 12; ++i) {
            commits << gittest::commitChange(repository.path(), QString("change %1").arg(i),
                                             QString("2026-02-%1T08:00:00Z").arg(i + 1, 2, 10, QChar('0')));
            store.write(commits.last().toStdString(), "health", ResultFile::Summary,
                        loadbench::test::keyFiguresSummary(p95[i], 50 + i % 2, 40 + i % 2, 0, true));
        }
        HistoryPage page;
        QAbstractItemModelTester tester(&page.changePointModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy shown(&page, &HistoryPage::historyShown);
        page.showWorkspace(loadWorkspace(repository.path().toStdString()));
        page.showScript("health");
        QVERIFY(shown.wait(10000));

        QCOMPARE(page.runAxis()->categoriesLabels(), commits);
        const ChangePointModel& model = page.changePointModel();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ChangePointModel::RunColumn).data().toString(), commits[6]);
        QCOMPARE(model.index(0, ChangePointModel::CommitColumn).data().toString(), commits[6] + " change 6");
        QCOMPARE(model.index(0, ChangePointModel::MetricColumn).data().toString(), "http_req_duration p(95)");
        QCOMPARE(model.index(0, ChangePointModel::StepColumn).data().toString(), "100 ms → 130 ms, +30.00%");
        QCOMPARE(model.index(0, ChangePointModel::PValueColumn).data().toString(), "5.3e-12");
        QCOMPARE(model.index(0, ChangePointModel::CommitColumn).data(Qt::ToolTipRole).toString(),
                 gittest::git(repository.path(), {"rev-parse", commits[6]}) + " change 6");

        QCOMPARE(page.changePointMarks().size(), 1);
        const QScatterSeries* mark = page.changePointMarks().front();
        QCOMPARE(mark->count(), 1);
        QCOMPARE(mark->at(0), QPointF(6, 130));
        QCOMPARE(mark->pointLabelsFormat(),
                 commits[6] + " http_req_duration p(95): 100 ms → 130 ms, +30.00%");
        QVERIFY(mark->pointLabelsVisible());
    }

    void doubleClickOpensTheComparison() {
        QTemporaryDir repository;
        const QStringList commits = makeHistory(repository.path());
        MainWindow window;
        QSignalSpy loaded(&window.session(), &WorkspaceSession::loaded);
        window.openStartupWorkspace(repository.path());
        QVERIFY(loaded.wait(10000));
        HistoryPage& page = window.historyPage();
        QTRY_COMPARE_WITH_TIMEOUT(page.model().rowCount(), 4, 10000);

        auto* table = page.findChild<QTableView*>("historyTable");
        QSignalSpy opened(&page, &HistoryPage::openRun);
        emit table->doubleClicked(table->model()->index(2, HistoryModel::P95Column));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened[0][0].toString(), commits[1]);
        QCOMPARE(window.findChild<QTabWidget*>("pages")->currentWidget(),
                 static_cast<QWidget*>(&window.comparePage()));
        QTRY_VERIFY_WITH_TIMEOUT(window.comparePage().comparison() &&
                                     window.comparePage().comparison()->current.run ==
                                         commits[1].toStdString(),
                                 10000);
    }
};

QTEST_MAIN(TestHistoryPage)
#include "tst_history_page.moc"
