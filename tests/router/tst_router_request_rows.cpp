// The per-request comparison on two real runs: loadbench-engine against loadbench-router, where the new run's
// router answers payments through a slower connector and /health as before.
#include "core/requests/request_rows.h"
#include "core/samples/run_samples.h"
#include "core/summary/summary.h"
#include "router_test_support.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

// Both routes at fixed arrival rates, so that the slower payments leave the /health requests' rate and the
// router's load as they were; setup() makes the merchant and its connector account through the kit's helper.
// The requests are named: the two runs' routers listen on different ports, and k6 names a request by its URL
// unless the script names it.
const char* script = R"js(
import http from 'k6/http';
import { check } from 'k6';
import { setupMerchant } from './helper/setup.js';

export const options = {
    scenarios: {
        health: { executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '8s',
                  preAllocatedVUs: 4, exec: 'health' },
        payments: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '8s',
                    preAllocatedVUs: 8, exec: 'payments' },
    },
};

const payment = JSON.stringify({
    amount: 6540, currency: 'USD', confirm: true, payment_method: 'card',
    payment_method_data: { card: { card_number: '4242424242424242', card_exp_month: '10',
                                   card_exp_year: '35', card_holder_name: 'John Doe', card_cvc: '123' } },
});

export function setup() {
    return setupMerchant();
}

export function health() {
    const response = http.get(__ENV.BASE_URL + '/health', { tags: { name: 'health' } });
    check(response, { 'health 200': (r) => r.status === 200 });
}

export function payments(data) {
    const response = http.post(__ENV.BASE_URL + '/payments', payment, {
        headers: { 'Content-Type': 'application/json', 'api-key': data.api_key },
        tags: { name: 'payments' },
    });
    check(response, { 'payment 200': (r) => r.status === 200 });
}

export function handleSummary(data) {
    return { 'summary.json': JSON.stringify(data) };
}
)js";

/// A row's verdicts for a failure message: `p(95) +1.20% [-0.50%, +3.10%] unchanged; …`.
QString describe(const loadbench::RequestRow& row) {
    std::string text = row.method + " " + row.name + ":";
    for (const loadbench::StatVerdict& verdict : row.verdicts)
        text += " " + verdict.name + " " + std::to_string(verdict.baseline.value_or(-1)) + " → " +
                std::to_string(verdict.current.value_or(-1)) + " " + loadbench::formatVerdictChange(verdict) +
                " " + loadbench::formatInterval(verdict) + " " +
                std::string(loadbench::verdictName(verdict.verdict)) +
                (verdict.reason.empty() ? "" : " (" + verdict.reason + ")") + ";";
    return QString::fromStdString(text);
}

} // namespace

class TestRouterRequestRows : public QObject {
    Q_OBJECT

    /// Starts a router in `folder` whose routes take 30 ms, and payments through its connector `latencyMs` (±
    /// 1 ms) more. The 30 ms keep /health above the scheduling noise of a loaded machine, which moves a
    /// sub-millisecond answer by tens of percent.
    static void startRouter(routertest::RouterProcess& router, const QString& folder, int latencyMs) {
        routertest::writeFile(folder + "/router.toml", routertest::baseConfig);
        QVERIFY2(router.start(folder + "/router.toml",
                              {{"ROUTER__DATABASE__URL", "sqlite://" + folder + "/router.db"},
                               {"ROUTER__SERVER__RESPONSE_DELAY_MS", "30"},
                               {"ROUTER__CONNECTOR__LATENCY_MS", QString::number(latencyMs)},
                               {"ROUTER__CONNECTOR__JITTER_MS", "1"}}),
                 qPrintable(router.error()));
    }

    /// Starts the script in `folder` against the router on `port`; it leaves summary.json and samples.ndjson.
    static void startEngine(QProcess& engine, const QString& folder, int port) {
        engine.setWorkingDirectory(folder);
        engine.start(LOADBENCH_ENGINE_EXECUTABLE,
                     {"run", "script.js", "--quiet", "--out", "json=samples.ndjson", "-e",
                      "BASE_URL=http://127.0.0.1:" + QString::number(port), "-e",
                      "ADMIN_API_KEY=test_admin"});
        QVERIFY(engine.waitForStarted());
    }

private slots:
    void onlyTheSlowedRouteIsSlower() {
        QTemporaryDir baselineDir, currentDir;
        for (const QTemporaryDir* dir : {&baselineDir, &currentDir}) {
            routertest::writeFile(dir->filePath("script.js"), script);
            for (const char* helper : {"setup.js", "load.js"}) {
                QFile source(QStringLiteral(LOADBENCH_SOURCE_DIR "/k6/helper/") + helper);
                QVERIFY(source.open(QIODevice::ReadOnly));
                routertest::writeFile(dir->filePath(QStringLiteral("helper/") + helper), source.readAll());
            }
        }
        // Both runs at once, so that the machine's load weighs on both alike.
        routertest::RouterProcess baselineRouter, currentRouter;
        startRouter(baselineRouter, baselineDir.path(), 20);
        startRouter(currentRouter, currentDir.path(), 40);
        QProcess baselineEngine, currentEngine;
        startEngine(baselineEngine, baselineDir.path(), baselineRouter.port());
        startEngine(currentEngine, currentDir.path(), currentRouter.port());
        for (QProcess* engine : {&baselineEngine, &currentEngine}) {
            QVERIFY(engine->waitForFinished(40000));
            QVERIFY2(engine->exitCode() == 0, qPrintable(QString::fromUtf8(engine->readAllStandardError())));
        }

        const auto read = [](const QTemporaryDir& dir) {
            return std::pair{loadbench::readSummary(dir.filePath("summary.json").toStdString()),
                             loadbench::loadRunSamples(dir.filePath("samples.ndjson").toStdString())};
        };
        const auto [baselineSummary, baselineSamples] = read(baselineDir);
        const auto [currentSummary, currentSamples] = read(currentDir);
        const std::vector<loadbench::RequestRow> rows = loadbench::compareRequests(
            baselineSamples, currentSamples, loadbench::testRunSeconds(baselineSummary),
            loadbench::testRunSeconds(currentSummary));

        const loadbench::RequestRow* paymentsRow = nullptr;
        const loadbench::RequestRow* healthRow = nullptr;
        for (const loadbench::RequestRow& row : rows) {
            if (row.method == "POST" && row.name == "payments")
                paymentsRow = &row;
            else if (row.method == "GET" && row.name == "health")
                healthRow = &row;
            else // setup()'s requests: once per run, too few seconds for a verdict (or another merchant's
                 // URL)
                QVERIFY2(row.verdict == loadbench::Verdict::NotTested, qPrintable(describe(row)));
        }
        QVERIFY(paymentsRow && healthRow);
        QCOMPARE(&rows.front(), paymentsRow); // the worst regression first
        QVERIFY2(paymentsRow->verdict == loadbench::Verdict::Slower, qPrintable(describe(*paymentsRow)));
        const loadbench::StatVerdict* median = paymentsRow->stat(loadbench::VerdictStat::Median);
        QVERIFY2(*median->current - *median->baseline > 15, // the connector's 20 ms more
                 qPrintable(QString("%1 ms against %2 ms").arg(*median->current).arg(*median->baseline)));
        QVERIFY2(healthRow->verdict == loadbench::Verdict::Unchanged, qPrintable(describe(*healthRow)));
        QVERIFY(healthRow->baselineCount >= 300 && healthRow->currentCount >= 300); // 40/s for 8 s
    }
};

QTEST_GUILESS_MAIN(TestRouterRequestRows)
#include "tst_router_request_rows.moc"
