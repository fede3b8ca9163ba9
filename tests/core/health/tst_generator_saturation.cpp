// A load generator pinned to one core against a fast loopback target: the engine's own CPU samples show the
// core used up, and run health says the measurement is the generator's limit (issue 15).
#include "core/health/run_health.h"
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"

#include <QTest>
#include <sched.h>

using namespace loadbench;
using loadbench::test::LoopbackHttpServer;
using Workspace = loadbench::test::EngineWorkspace;

class TestGeneratorSaturation : public QObject {
    Q_OBJECT

private slots:
    void pinnedToOneCoreIsSaturated() {
        // The server's thread keeps off core 0 where there is another, so that core is the engine's alone.
        cpu_set_t others;
        CPU_ZERO(&others);
        for (int core = 1; core < CPU_SETSIZE && core < QThread::idealThreadCount(); ++core)
            CPU_SET(core, &others);
        if (CPU_COUNT(&others) > 0)
            QCOMPARE(sched_setaffinity(0, sizeof others, &others), 0);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 50, duration: '8s' };
export default function () {
  const res = http.get(`${__ENV.BASE}/json`);
  // What a script does with a response: here enough that the engine, not the server, is the limit.
  let digest = '';
  for (let i = 0; i < 200; i++) digest = JSON.stringify(res.json()) + i;
  check(res, { 'items': (r) => r.json('items').length === 3 && digest.length > 0 });
}
)js");
        QProcess engine;
        engine.setWorkingDirectory(ws.path());
        engine.start("taskset",
                     {"-c", "0", LOADBENCH_ENGINE, "run", "script.js", "-e", "BASE=" + server.url(""),
                      "--quiet", "--out", "json=samples.ndjson", "--summary-data", ws.path("data.json")});
        QVERIFY(engine.waitForFinished(60'000));
        QVERIFY2(engine.exitCode() == 0, engine.readAllStandardError().constData());

        const RunSamples samples = loadRunSamples(ws.path("samples.ndjson").toStdString());
        QVERIFY(!samples.generatorCpu().empty());
        for (const GeneratorCpuSample& second : samples.generatorCpu())
            QCOMPARE(second.cores, 1.0); // taskset -c 0: one usable core
        const Summary summary = readSummary(ws.path("data.json").toStdString());
        const RunHealth health = assessRun(summary, &samples, nullptr);
        QStringList found, percents;
        for (const HealthFinding& warning : health.warnings)
            found << QString::fromStdString(warning.kind + ": " + warning.message);
        for (const GeneratorCpuSample& second : samples.generatorCpu())
            percents << QString::number(second.percent, 'f', 0);
        const auto saturated =
            std::find_if(health.warnings.begin(), health.warnings.end(),
                         [](const HealthFinding& warning) { return warning.kind == "generator-saturated"; });
        QVERIFY2(saturated != health.warnings.end(),
                 qPrintable(found.join("; ") + " — CPU % each second: " + percents.join(" ")));
        QVERIFY2(QString::fromStdString(saturated->message).contains(" of 1 core for "),
                 saturated->message.c_str());
        QVERIFY(!health.invalid());
    }
};

QTEST_GUILESS_MAIN(TestGeneratorSaturation)
#include "tst_generator_saturation.moc"
