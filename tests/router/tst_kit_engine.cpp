// The kit's k6 scripts, unchanged, run by loadbench-engine against the real loadbench-router, with short
// overrides; checks the files their handleSummary leaves.
#include "router_test_support.h"
#include "core/summary/summary.h"

#include <QTemporaryDir>
#include <QTest>

class TestKitEngine : public QObject {
    Q_OBJECT

private slots:
    void scriptsRunAgainstTheRouter_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("threshold");
        QTest::addColumn<QString>("check");
        QTest::newRow("health") << "health"
                                << "p(90) < 15"
                                << "health status 200";
        QTest::newRow("payment-confirm") << "payment-confirm"
                                         << "p(90) < 500"
                                         << "confirm payment status 200";
    }
    void scriptsRunAgainstTheRouter() {
        QFETCH(QString, script);
        QFETCH(QString, threshold);
        QFETCH(QString, check);
        QTemporaryDir dir;
        routertest::writeFile(dir.filePath("router.toml"), routertest::baseConfig);
        routertest::RouterProcess router;
        QVERIFY2(router.start(dir.filePath("router.toml"),
                              {{"ROUTER__DATABASE__URL", "sqlite://" + dir.filePath("router.db")}}),
                 qPrintable(router.error()));

        // The scripts run where the kit runs k6: in k6/, with the results folder relative to it.
        QProcess engine;
        engine.setWorkingDirectory(QStringLiteral(LOADBENCH_SOURCE_DIR) + "/k6");
        engine.start(LOADBENCH_ENGINE_EXECUTABLE,
                     {"run", script + ".js", "--vus", "2", "--iterations", "6", "--quiet", "-e",
                      "BASE_URL=http://127.0.0.1:" + QString::number(router.port()), "-e",
                      "LOADTEST_RUN_NAME=kitrun", "-e", "LOADTEST_RESULTS_DIR=" + dir.filePath("results"),
                      "-e", "ADMIN_API_KEY=test_admin"});
        QVERIFY(engine.waitForFinished(50000));
        const QString err = QString::fromUtf8(engine.readAllStandardError());
        // The latency thresholds depend on this machine's load: whichever way they go, the exit code and the
        // verdict in the summary must agree with the measured p(90).
        QVERIFY2(engine.exitCode() == 0 || engine.exitCode() == 99, qPrintable(err));

        const loadbench::Summary summary =
            loadbench::readSummary(dir.filePath("results/kitrun_" + script + ".json").toStdString());
        QCOMPARE(*summary.metric("iterations")->value("count"), 6.0);
        QVERIFY2(*summary.metric("http_reqs")->value("count") >= 6, qPrintable(err));
        QCOMPARE(*summary.metric("http_req_failed")->value("rate"), 0.0);
        const auto& thresholds = summary.metric("http_req_duration")->thresholds;
        QCOMPARE(thresholds.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(thresholds[0].expression), threshold);
        const double limit = threshold.section('<', 1).trimmed().toDouble();
        const bool within = *summary.metric("http_req_duration")->value("p(90)") < limit;
        QCOMPARE(thresholds[0].ok, within);
        QCOMPARE(engine.exitCode(), within ? 0 : 99);
        const auto& checks = summary.rootGroup.checks;
        QVERIFY(!checks.empty());
        QCOMPARE(QString::fromStdString(checks[0].name), check);
        QCOMPARE(checks[0].passes, std::uint64_t(6));
        QCOMPARE(checks[0].fails, std::uint64_t(0));

        QFile text(dir.filePath("results/kitrun_" + script + ".summary"));
        QVERIFY(text.open(QIODevice::ReadOnly));
        QVERIFY(text.readAll().contains("http_req_duration"));
        if (script == "payment-confirm")
            QVERIFY(summary.setupData && summary.setupData->contains("api_key"));
    }
};

QTEST_GUILESS_MAIN(TestKitEngine)
#include "tst_kit_engine.moc"
