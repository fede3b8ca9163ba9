// Do verdicts tell noise from a real change? The sample router serves k6/payment-confirm.js with its
// simulated connector latency; A/A pairs run the same configuration twice, A/B pairs raise the latency by
// 20 % for the second run. Each pair is compared with `loadbench compare --format json`: A/A must give
// "unchanged" on median and p(95), A/B "slower" on the median and not "faster" on p(95).
// LOADBENCH_EXPERIMENT_PAIRS (default 3, CI's short version) sets the pairs of each kind,
// LOADBENCH_EXPERIMENT_SECONDS (default 8) each run's length at 10 VUs, or `kit` for the script's own ramping
// stages (30 s up to 25 VUs and down); tests/experiments/verdict_experiment.sh runs the full ten pairs and
// prints the counts.
#include "../core/runs/run_test_support.h"

#include <QRegularExpression>

using runtest::KitWorkspace;

namespace {

constexpr int baseLatencyMs = 50;   // the kit's config/development.toml
constexpr int raisedLatencyMs = 60; // +20 %

int environmentNumber(const char* name, int fallback) {
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

QString runLoadbench(const KitWorkspace& ws, const QStringList& arguments, int timeoutMs) {
    QProcess process;
    process.setWorkingDirectory(ws.path());
    process.start(LOADBENCH_EXECUTABLE, arguments);
    if (!process.waitForFinished(timeoutMs))
        qFatal("loadbench %s did not finish", qPrintable(arguments.join(' ')));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    // 99: the kit's p(90) threshold may fail on a loaded machine; the samples are all that counts here.
    if (process.exitStatus() != QProcess::NormalExit || (process.exitCode() != 0 && process.exitCode() != 99))
        qFatal("loadbench %s exited %d: %s", qPrintable(arguments.join(' ')), process.exitCode(),
               qPrintable(err));
    return QString::fromUtf8(process.readAllStandardOutput());
}

void setLatency(const KitWorkspace& ws, int latencyMs) {
    QString config = QString::fromUtf8(runtest::readAll(ws.path("config/development.toml")));
    config.replace(QRegularExpression("^latency_ms = \\d+", QRegularExpression::MultilineOption),
                   QString("latency_ms = %1").arg(latencyMs));
    QVERIFY(config.contains(QString("latency_ms = %1").arg(latencyMs)));
    ws.write("config/development.toml", config.toUtf8());
}

struct PairVerdicts {
    QString median;
    QString p95;
    QString medianChange; // for the log: `+19.8 % [+18.9, +20.6]`
    QString p95Change;
};

constexpr int kitStagesSeconds = 30; // k6/helper/load.js

/// Runs `first` at `firstLatency` and `second` at `secondLatency`, then compares second against first. Each
/// run lasts `seconds` at 10 VUs, or follows the script's stages when there are none.
PairVerdicts runPair(const KitWorkspace& ws, const QString& name, int firstLatency, int secondLatency,
                     std::optional<int> seconds) {
    QStringList load{"-s", "payment-confirm"};
    if (seconds)
        load << "--vus"
             << "10"
             << "--duration" << QString("%1s").arg(*seconds);
    const int timeoutMs = (seconds.value_or(kitStagesSeconds) + 60) * 1000;
    setLatency(ws, firstLatency);
    runLoadbench(ws, QStringList{"run", "-r", name + "-first"} + load, timeoutMs);
    setLatency(ws, secondLatency);
    runLoadbench(ws, QStringList{"run", "-r", name + "-second"} + load, timeoutMs);
    const nlohmann::json report = nlohmann::json::parse(
        runLoadbench(ws, {"compare", name + "-second", "--baseline", name + "-first", "--format", "json"},
                     60000)
            .toStdString());
    PairVerdicts verdicts;
    for (const nlohmann::json& verdict : report["scripts"][0]["verdicts"]) {
        const QString stat = runtest::str(verdict["stat"]);
        const QString change =
            QString("%1 % [%2, %3]")
                .arg(verdict["change"].get<double>(), 0, 'f', 1)
                .arg(verdict["low"].is_number() ? verdict["low"].get<double>() : qQNaN(), 0, 'f', 1)
                .arg(verdict["high"].is_number() ? verdict["high"].get<double>() : qQNaN(), 0, 'f', 1);
        if (stat == "med") {
            verdicts.median = runtest::str(verdict["verdict"]);
            verdicts.medianChange = change;
        } else if (stat == "p(95)") {
            verdicts.p95 = runtest::str(verdict["verdict"]);
            verdicts.p95Change = change;
        }
    }
    return verdicts;
}

} // namespace

class TestVerdictExperiment : public QObject {
    Q_OBJECT

private slots:
    void pairs_data() {
        QTest::addColumn<int>("secondLatency");
        QTest::addColumn<QString>("expected");
        QTest::newRow("A/A") << baseLatencyMs << "unchanged";
        QTest::newRow("A/B, latency +20 %") << raisedLatencyMs << "slower";
    }
    void pairs() {
        QFETCH(int, secondLatency);
        QFETCH(QString, expected);
        const int pairs = environmentNumber("LOADBENCH_EXPERIMENT_PAIRS", 3);
        // No length: the kit script's own stages.
        std::optional<int> seconds;
        if (qgetenv("LOADBENCH_EXPERIMENT_SECONDS") != "kit")
            seconds = environmentNumber("LOADBENCH_EXPERIMENT_SECONDS", 8);
        KitWorkspace ws;
        int right = 0;
        for (int pair = 1; pair <= pairs; ++pair) {
            const PairVerdicts verdicts =
                runPair(ws, QString("pair%1").arg(pair), baseLatencyMs, secondLatency, seconds);
            // A/B: the median must be "slower"; p(95) of an 8 s run rests on a few tail requests, whose
            // interval is often too wide to call, so there it must only not be "faster".
            const bool ok = expected == "slower" ? verdicts.median == expected && verdicts.p95 != "faster"
                                                 : verdicts.median == expected && verdicts.p95 == expected;
            right += ok ? 1 : 0;
            qInfo("%s pair %d: median %s %s, p(95) %s %s", QTest::currentDataTag(), pair,
                  qPrintable(verdicts.median), qPrintable(verdicts.medianChange), qPrintable(verdicts.p95),
                  qPrintable(verdicts.p95Change));
        }
        qInfo("%s: as expected (\"%s\") in %d of %d pairs", QTest::currentDataTag(), qPrintable(expected),
              right, pairs);
        // The bar for the experiment: at least 9 of 10. A short run's few pairs need a majority: one
        // pair in ten may be called wrong, so a bar of all of them would fail CI one run in several.
        const bool enough = pairs >= 10 ? right * 10 >= pairs * 9 : right * 2 > pairs;
        QVERIFY2(enough, qPrintable(QString("%1 of %2").arg(right).arg(pairs)));
    }
};

QTEST_GUILESS_MAIN(TestVerdictExperiment)
#include "tst_verdict_experiment.moc"
