#include "core/health/run_health.h"
#include "core/verdict/verdict_test_support.h"

#include <QTest>

using namespace loadbench;
using loadbench::test::makeRun;
using loadbench::test::SyntheticRun;

namespace {

/// A handleSummary summary with the figures health reads: http_reqs' count, http_req_failed's rate and,
/// when above 0, dropped_iterations' count.
Summary summaryOf(double requests, double failedRate, double dropped = 0) {
    std::string text = R"({"state":{"testRunDurationMs":30000},"metrics":{)"
                       R"("http_reqs":{"type":"counter","contains":"default","values":{"count":)" +
                       std::to_string(requests) + R"(,"rate":)" + std::to_string(requests / 30) + R"(}},)"
                       R"("http_req_failed":{"type":"rate","contains":"default","values":{"rate":)" +
                       std::to_string(failedRate) + R"(,"passes":0,"fails":0}})";
    if (dropped > 0)
        text += R"(,"dropped_iterations":{"type":"counter","contains":"default","values":{"count":)" +
                std::to_string(dropped) + R"(,"rate":1}})";
    return parseSummary(text + "}}", "summary.json");
}

QStringList kinds(const std::vector<HealthFinding>& findings) {
    QStringList list;
    for (const HealthFinding& finding : findings)
        list << QString::fromStdString(finding.kind);
    return list;
}

} // namespace

class TestRunHealth : public QObject {
    Q_OBJECT

private slots:
    void findings_data() {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<int>("failedPerSecond"); // of 100 a second
        QTest::addColumn<QString>("failedStatus");
        QTest::addColumn<bool>("rising"); // no failures in the first half, failedPerSecond in the second
        QTest::addColumn<double>("dropped");
        QTest::addColumn<bool>("withSamples");
        QTest::addColumn<bool>("cancelled");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("problems");
        QTest::addColumn<QStringList>("warnings");

        QTest::newRow("healthy") << 30 << 0 << "502" << false << 0.0 << true << false << 0 << QStringList()
                                 << QStringList();
        QTest::newRow("thresholds failed is a result") << 30 << 0 << "502" << false << 0.0 << true << false
                                                       << 99 << QStringList() << QStringList();
        QTest::newRow("nothing answers") << 30 << 100 << "0" << false << 0.0 << true << false << 0
                                         << QStringList{"unreachable", "failed-requests"} << QStringList();
        QTest::newRow("most requests fail") << 30 << 60 << "502" << false << 0.0 << true << false << 0
                                            << QStringList{"failed-requests"} << QStringList();
        QTest::newRow("a fifth fails") << 30 << 20 << "502" << false << 0.0 << true << false << 0
                                       << QStringList() << QStringList{"failed-requests"};
        QTest::newRow("failures rise") << 30 << 30 << "503" << true << 0.0 << true << false << 0
                                       << QStringList() << QStringList{"failed-requests", "rising-failures"};
        QTest::newRow("dropped iterations") << 30 << 0 << "502" << false << 12.0 << true << false << 0
                                            << QStringList() << QStringList{"dropped-iterations"};
        QTest::newRow("3 s of samples") << 3 << 0 << "502" << false << 0.0 << true << false << 0
                                        << QStringList() << QStringList{"few-samples"};
        QTest::newRow("no samples") << 30 << 0 << "502" << false << 0.0 << false << false << 0 << QStringList()
                                    << QStringList{"no-samples"};
        QTest::newRow("cancelled") << 30 << 0 << "502" << false << 0.0 << true << true << 0
                                   << QStringList{"cancelled"} << QStringList();
        QTest::newRow("script exception") << 30 << 0 << "502" << false << 0.0 << true << false << 107
                                          << QStringList{"aborted"} << QStringList();
    }
    void findings() {
        QFETCH(int, seconds);
        QFETCH(int, failedPerSecond);
        QFETCH(QString, failedStatus);
        QFETCH(bool, rising);
        QFETCH(double, dropped);
        QFETCH(bool, withSamples);
        QFETCH(bool, cancelled);
        QFETCH(int, exitCode);
        QFETCH(QStringList, problems);
        QFETCH(QStringList, warnings);

        const std::string status = failedStatus.toStdString();
        SyntheticRun run;
        run.seconds = seconds;
        run.failedPerSecond = failedPerSecond;
        run.failedStatus = status.c_str();
        if (rising)
            run.failedAt = [&](int second) { return second < seconds / 2 ? 0 : failedPerSecond; };
        const RunSamples samples = makeRun(run);
        const double failedShare = (rising ? failedPerSecond / 2.0 : failedPerSecond) / 100.0;
        const Summary summary = summaryOf(seconds * 100.0, failedShare, dropped);
        RunMeta meta;
        meta.aborted = cancelled;
        meta.exitCode = exitCode;

        const RunHealth health = assessRun(summary, withSamples ? &samples : nullptr, &meta);
        QCOMPARE(kinds(health.problems), problems);
        QCOMPARE(kinds(health.warnings), warnings);
        QCOMPARE(health.invalid(), !problems.isEmpty());
    }

    void messagesGiveTheFigures() {
        SyntheticRun run;
        run.failedPerSecond = 60;
        const RunSamples samples = makeRun(run);
        const RunHealth health = assessRun(summaryOf(3000, 0.6), &samples, nullptr);
        QCOMPARE(health.reason(), std::string("60.0 % of requests failed, more than the 50.0 % allowed"));

        run.failedPerSecond = 100;
        run.failedStatus = "0";
        const RunSamples refused = makeRun(run);
        const RunHealth unreachable = assessRun(summaryOf(3000, 1), &refused, nullptr);
        QCOMPARE(unreachable.problems.front().message,
                 std::string("100.0 % of requests got no response (connection errors): the target was not reached"));

        run.failedPerSecond = 40;
        run.failedStatus = "503";
        run.failedAt = [](int second) { return second < 15 ? 0 : 40; };
        const RunSamples rising = makeRun(run);
        const RunHealth risingHealth = assessRun(summaryOf(3000, 0.2), &rising, nullptr);
        QCOMPARE(risingHealth.warnings.back().message,
                 std::string("failed requests rose from 0.0 % in the first half of the run to 40.0 % in the second"));
    }

    void maxFailedRateIsTheLimit() {
        SyntheticRun run;
        run.failedPerSecond = 60;
        const RunSamples samples = makeRun(run);
        HealthOptions options;
        options.maxFailedRate = 0.7;
        const RunHealth health = assessRun(summaryOf(3000, 0.6), &samples, nullptr, options);
        QVERIFY(!health.invalid());
        QCOMPARE(kinds(health.warnings), QStringList{"failed-requests"});
    }

    void noRequestIsInvalid() {
        const RunHealth health = assessRun(summaryOf(0, 0), nullptr, nullptr);
        QCOMPARE(kinds(health.problems), QStringList{"no-requests"});
    }

    void jsonRoundTrip() {
        SyntheticRun run;
        run.failedPerSecond = 100;
        run.failedStatus = "0";
        const RunSamples samples = makeRun(run);
        const RunHealth health = assessRun(summaryOf(3000, 1, 5), &samples, nullptr);
        const nlohmann::ordered_json json = toJson(health);
        QVERIFY(json["valid"] == false);
        QVERIFY(json["problems"][0]["kind"] == "unreachable");
        const std::optional<RunHealth> read = runHealthFromJson(json);
        QVERIFY(read);
        QCOMPARE(read->reason(), health.reason());
        QCOMPARE(kinds(read->warnings), kinds(health.warnings));
        QVERIFY(!runHealthFromJson(nlohmann::ordered_json{{"problems", "x"}}));
        QVERIFY(!runHealthFromJson(nlohmann::ordered_json::array()));
    }

    void linesNameProblemsThenWarnings() {
        RunHealth health;
        health.problems.push_back({"cancelled", "the run was cancelled before it ended"});
        health.warnings.push_back({"no-samples", "no samples"});
        QCOMPARE(healthLines(health),
                 (std::vector<std::string>{"invalid: the run was cancelled before it ended", "warning: no samples"}));
    }
};

QTEST_GUILESS_MAIN(TestRunHealth)
#include "tst_run_health.moc"
