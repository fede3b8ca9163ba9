// The run controller with the builtin backend, end to end: the real loadbench-engine runs this repository's
// k6 scripts (and a few the tests write) against the embedded loadbench-router, on temporary workspaces.
#include "common/k6_json/ndjson_reader.h"
#include "core/backends/executables.h"
#include "core/report/script_comparison.h"
#include "core/store/run_meta.h"
#include "core/summary/summary.h"
#include "run_test_support.h"

#include <sys/wait.h>
#include <unistd.h>

using namespace loadbench;
using runtest::KitWorkspace;
using runtest::RecordedRun;

namespace {

/// A quick request: `scripts` with two VUs sharing `iterations` iterations.
RunRequest quick(const KitWorkspace& ws, std::vector<std::string> scripts, long long iterations = 20) {
    RunRequest request;
    request.workspace = ws.root();
    request.scripts = std::move(scripts);
    request.overrides.vus = 2;
    request.overrides.iterations = iterations;
    return request;
}

bool summaryHasSetupData(const Summary& summary) {
    return summary.setupData && summary.setupData->contains("api_key");
}

double stat(const Summary& summary, const char* metric, const char* name) {
    const SummaryMetric* found = summary.metric(metric);
    return found && found->value(name) ? *found->value(name) : -1;
}

} // namespace

class TestRunController : public QObject {
    Q_OBJECT

private slots:
    void baselineThenCommitRunWithDiff() {
        KitWorkspace ws;
        const QString commit = ws.commitAll();

        RecordedRun baseline;
        const RunOutcome first = baseline.run(quick(ws, {"health", "payment-confirm"}, 30));
        QCOMPARE(first.run, std::string("baseline"));
        QVERIFY2(first.problem.empty(), first.problem.c_str());
        QCOMPARE(first.scripts.size(), std::size_t(2));
        for (const ScriptOutcome& outcome : first.scripts) {
            QVERIFY2(runtest::completed(outcome), outcome.problem.c_str());
            QVERIFY(!outcome.comparedWithBaseline);
            QCOMPARE(outcome.files.size(), std::size_t(4));
            for (const char* suffix : {".json", ".summary", ".ndjson.gz", ".meta.json"})
                QVERIFY2(ws.has("k6/benchmark/baseline_" + QString::fromStdString(outcome.script) + suffix),
                         suffix);
        }
        QVERIFY(!ws.has("k6/benchmark/baseline_health.diff"));
        QVERIFY(!ws.has("k6/benchmark/.staging"));
        QVERIFY(!ws.has("k6/benchmark/.run.lock"));
        QVERIFY(!ws.has("k6/benchmark/baseline_health.ndjson"));
        QVERIFY(baseline.noticeTexts().join('\n').contains(
            "embedded loadbench-router serves at http://127.0.0.1:"));
        // setup() created a merchant with the embedded router's admin key, and every payment was confirmed.
        const Summary payments = readSummary(ws.benchmark("baseline_payment-confirm.json").toStdString());
        QVERIFY(summaryHasSetupData(payments));
        QCOMPARE(stat(payments, "checks", "passes"), 30.0);

        const Summary summary = readSummary(ws.benchmark("baseline_health.json").toStdString());
        QCOMPARE(stat(summary, "http_reqs", "count"), 30.0);
        QCOMPARE(stat(summary, "checks", "fails"), 0.0);
        std::uint64_t requests = 0;
        const NdjsonReadReport report = readNdjson(
            ws.benchmark("baseline_health.ndjson.gz").toStdString(),
            {nullptr, [&](const SampleView& sample) { requests += sample.metric == "http_reqs"; }});
        QCOMPARE(requests, std::uint64_t(30));
        QCOMPARE(report.badLines, std::uint64_t(0));
        QVERIFY(!report.compressedStreamTruncated);

        const nlohmann::json meta = ws.json("baseline_health.meta.json");
        QCOMPARE(runtest::str(meta["run"]), QString("baseline"));
        QCOMPARE(runtest::str(meta["script"]), QString("health"));
        QCOMPARE(runtest::str(meta["backend"]), QString("builtin"));
        QVERIFY(meta["target"].get<std::string>().starts_with("http://127.0.0.1:"));
        QCOMPARE(QString::fromStdString(meta["commit"]),
                 runtest::runTool(ws.path(), "git", {"rev-parse", "HEAD"}));
        QCOMPARE(runtest::str(meta["dirty"]), QString("false"));
        QVERIFY(meta["startTime"].get<std::string>() <= meta["endTime"].get<std::string>());
        QCOMPARE(QString::number(*first.scripts[0].exitCode), runtest::str(meta["exitCode"]));
        QCOMPARE(runtest::str(meta["aborted"]), QString("false"));
        const QMap<QString, QByteArray> baselineFiles = ws.results();

        RunRequest compare = quick(ws, {"health", "payment-confirm"}, 30);
        compare.nameFromCommit = true;
        RecordedRun second;
        const RunOutcome next = second.run(compare);
        QCOMPARE(QString::fromStdString(next.run), commit);
        for (const ScriptOutcome& outcome : next.scripts) {
            QVERIFY2(runtest::completed(outcome), outcome.problem.c_str());
            QVERIFY(outcome.comparedWithBaseline);
            QVERIFY(outcome.p95ChangePercent);
            QVERIFY(outcome.avgChangePercent);
            QCOMPARE(outcome.files.size(), std::size_t(5));
        }
        const nlohmann::json diff = ws.json(commit + "_health.diff");
        for (const char* field : {"avg", "min", "med", "max", "p(90)", "p(95)"})
            QVERIFY2(diff["http_req_duration"][field].get<std::string>().ends_with('%'), field);
        QVERIFY(diff["http_reqs"]["rate"].get<std::string>().ends_with('%'));
        QCOMPARE(runtest::str(ws.json(commit + "_health.meta.json")["run"]), commit);
        for (auto it = baselineFiles.begin(); it != baselineFiles.end(); ++it)
            QCOMPARE(runtest::readAll(it.key()), it.value()); // the baseline as it was
    }

    void progressAndLiveMetrics() {
        KitWorkspace ws;
        ws.write("k6/paced.js", runtest::pacedScript());
        RunRequest request;
        request.workspace = ws.root();
        request.scripts = {"paced"};
        request.runName = "paced-run";
        request.overrides.duration = "3s";
        RecordedRun run;
        const RunOutcome outcome = run.run(request);
        QCOMPARE(outcome.scripts.at(0).status, ScriptStatus::Passed);

        QCOMPARE(run.started.size(), 1);
        const auto start = run.started.first().first().value<ScriptStart>();
        QCOMPARE(start.script, std::string("paced"));
        QCOMPARE(start.count, std::size_t(1));
        QCOMPARE(start.backend, std::string("builtin"));
        QVERIFY(run.output().join('\n').contains("running ("));

        QVERIFY(run.progress.size() >= 2);
        double elapsed = -1;
        for (const QList<QVariant>& signal : run.progress) {
            const auto progress = signal.first().value<ScriptProgress>();
            QCOMPARE(progress.plannedSeconds, 3.0); // --duration 3s
            QCOMPARE(progress.maxVus, 2);
            QVERIFY(progress.elapsedSeconds >= elapsed);
            QCOMPARE(progress.fraction, std::min(1.0, progress.elapsedSeconds / 3));
            elapsed = progress.elapsedSeconds;
        }
        // k6 prints its block once a second: the last one comes in the script's last second.
        const auto last = run.progress.last().first().value<ScriptProgress>();
        QVERIFY2(last.fraction > 0.3 && last.fraction <= 1, qPrintable(QString::number(last.fraction)));
        QVERIFY(last.completedIterations > 10);

        QVERIFY(run.live.size() >= 2);
        bool sawRequests = false;
        for (const QList<QVariant>& signal : run.live) {
            const auto live = signal.first().value<LiveMetrics>();
            QCOMPARE(live.script, std::string("paced"));
            if (live.requestsPerSecond > 0) {
                sawRequests = true;
                QVERIFY(live.p95Ms && *live.p95Ms > 0);
                QVERIFY(live.requestsPerSecond < 40); // two VUs, a request each 100 ms at most
            }
        }
        QVERIFY(sawRequests);
        const auto final = run.live.last().first().value<LiveMetrics>();
        const Summary summary = readSummary(ws.benchmark("paced-run_paced.json").toStdString());
        QCOMPARE(double(final.requests), stat(summary, "http_reqs", "count"));
        QCOMPARE(final.failedRequests, std::uint64_t(0));
        QVERIFY(final.vus.has_value());
        // The banner's plan, for longer-than-planned: --duration 3s and k6's default gracefulStop of 30s.
        const RunMeta meta = readRunMeta(ws.benchmark("paced-run_paced.meta.json").toStdString());
        QCOMPARE(meta.plannedSeconds, std::optional<double>(3));
        QCOMPARE(meta.plannedMaxSeconds, std::optional<double>(33));
    }

    void scriptThatThrowsFailsAndTheNextRuns() {
        KitWorkspace ws;
        ws.write("k6/broken.js", "throw new Error('broken on purpose');\n");
        RunRequest request = quick(ws, {"broken", "health"}, 5);
        request.runName = "mixed";
        RecordedRun run;
        const RunOutcome outcome = run.run(request);
        QCOMPARE(outcome.scripts.size(), std::size_t(2));
        const ScriptOutcome& broken = outcome.scripts[0];
        QCOMPARE(broken.status, ScriptStatus::Failed);
        QCOMPARE(broken.exitCode, std::optional<int>(107));
        QVERIFY2(broken.problem.find("107 (script exception)") != std::string::npos, broken.problem.c_str());
        QVERIFY(run.output().join('\n').contains("broken on purpose"));
        // A failed attempt is kept apart from the stored files.
        QCOMPARE(runtest::str(ws.json(".aborted/mixed_broken/mixed_broken.meta.json")["exitCode"]),
                 QString("107"));
        QVERIFY(!ws.has("k6/benchmark/mixed_broken.meta.json"));
        QVERIFY(!ws.has("k6/benchmark/mixed_broken.json"));
        QVERIFY(runtest::completed(outcome.scripts[1]));
        QVERIFY(ws.has("k6/benchmark/mixed_health.json"));
        QCOMPARE(run.finished.size(), 2);
    }

    void plainScriptIsStored_data() {
        QTest::addColumn<bool>("ownSummary");
        QTest::newRow("no handleSummary") << false;
        QTest::newRow("a handleSummary of its own") << true;
    }

    void plainScriptIsStored() {
        QFETCH(bool, ownSummary);
        KitWorkspace ws;
        ws.write("k6/mine.js", runtest::plainScript(ownSummary));
        RunRequest request = quick(ws, {"mine"}, 6);
        request.runName = "plain";
        RecordedRun run;
        const RunOutcome outcome = run.run(request);
        QVERIFY2(runtest::completed(outcome.scripts.at(0)), outcome.scripts.at(0).problem.c_str());
        const Summary summary = readSummary(ws.benchmark("plain_mine.json").toStdString());
        QCOMPARE(stat(summary, "http_reqs", "count"), 6.0);
        QCOMPARE(stat(summary, "checks", "passes"), 6.0);
        QVERIFY(!ws.has("k6/benchmark/plain_mine.summary")); // only a script's own handleSummary writes it
        // The script's own handleSummary still does all it did; without one, the engine's text summary.
        QCOMPARE(runtest::readAll(ws.path("k6/own-report.txt")),
                 ownSummary ? QByteArray("requests 6\n") : "");
        QCOMPARE(run.output().contains("own summary"), ownSummary);
        QCOMPARE(run.output().join('\n').contains("http_reqs"), !ownSummary);
    }

    void archiveIsRunAndStored() {
        KitWorkspace ws;
        ws.write("elsewhere/mine.js", runtest::plainScript(false));
        runtest::runTool(ws.path(), QString::fromStdString(locateSibling(Sibling::Engine).string()),
                         {"archive", "elsewhere/mine.js", "-O", "k6/mine.tar"});
        QVERIFY(QDir(ws.path("elsewhere")).removeRecursively()); // the archive has all it needs
        RunRequest request = quick(ws, {"mine.tar"}, 6);         // named with its extension, as a .js may be
        request.runName = "packed";
        RecordedRun run;
        const RunOutcome outcome = run.run(request);
        QVERIFY2(runtest::completed(outcome.scripts.at(0)), outcome.scripts.at(0).problem.c_str());
        QCOMPARE(outcome.scripts.at(0).script, std::string("mine"));
        const Summary summary = readSummary(ws.benchmark("packed_mine.json").toStdString());
        QCOMPARE(stat(summary, "http_reqs", "count"), 6.0);
        QCOMPARE(stat(summary, "checks", "passes"), 6.0);
    }

    void cancelInTheMiddle_data() {
        QTest::addColumn<QString>("runName"); // empty: the baseline
        QTest::newRow("baseline run: nothing stored") << QString();
        QTest::newRow("named run: what finished is kept") << QString("named");
    }

    void cancelInTheMiddle() {
        QFETCH(QString, runName);
        KitWorkspace ws;
        ws.write("k6/quick.js", runtest::pacedScript("{ vus: 1, iterations: 5 }"));
        ws.write("k6/paced.js", runtest::pacedScript());
        RunRequest request;
        request.workspace = ws.root();
        request.scripts = {"quick", "paced"};
        if (!runName.isEmpty())
            request.runName = runName.toStdString();
        RecordedRun run;
        QVERIFY(run.start(request).empty());
        // Wait until the second script is well under way.
        QTRY_VERIFY_WITH_TIMEOUT(run.started.size() == 2 && run.live.size() >= 1, 40000);
        QVERIFY(!runtest::processesIn(ws.path()).isEmpty());
        run.controller.cancel();
        const RunOutcome outcome = run.waitForEnd();

        QVERIFY(outcome.aborted);
        QCOMPARE(outcome.scripts.size(), std::size_t(2));
        QCOMPARE(outcome.scripts[1].status, ScriptStatus::Aborted);
        QCOMPARE(outcome.scripts[1].exitCode, std::optional<int>());
        QCOMPARE(runtest::processesIn(ws.path()), QStringList());
        QVERIFY(!ws.has("k6/benchmark/.staging"));
        QVERIFY(!ws.has("k6/benchmark/.run.lock"));
        const QString stored = runName.isEmpty() ? "baseline" : runName;
        QVERIFY(!ws.has("k6/benchmark/" + stored + "_paced.json"));
        QVERIFY(!ws.has("k6/benchmark/" + stored + "_paced.ndjson.gz"));
        QVERIFY(!ws.has("k6/benchmark/" + stored + "_paced.meta.json"));
        if (runName.isEmpty()) {
            // A baseline never comes from an aborted run: both attempts are kept apart.
            QCOMPARE(QDir(ws.path("k6/benchmark")).entryList(QDir::Files | QDir::Hidden), QStringList());
            QVERIFY(ws.has("k6/benchmark/.aborted/baseline_quick/baseline_quick.json"));
        } else {
            QCOMPARE(outcome.scripts[0].status, ScriptStatus::Passed);
            QVERIFY(ws.has("k6/benchmark/named_quick.json"));
            QVERIFY(ws.has("k6/benchmark/named_quick.ndjson.gz"));
        }
        {
            const nlohmann::json meta =
                ws.json(".aborted/" + stored + "_paced/" + stored + "_paced.meta.json");
            QCOMPARE(runtest::str(meta["aborted"]), QString("true"));
            QVERIFY(meta["exitCode"].is_null());
            QVERIFY(!meta["endTime"].get<std::string>().empty());
        }
    }

    void cancelledRerunLeavesTheEarlierFiles() {
        KitWorkspace ws;
        ws.write("k6/paced.js", runtest::pacedScript());
        RunRequest request;
        request.workspace = ws.root();
        request.scripts = {"paced"};
        request.overrides.vus = 1;
        request.overrides.iterations = 3;
        RecordedRun baseline;
        QVERIFY(runtest::completed(baseline.run(request).scripts.at(0)));
        request.runName = "again";
        RecordedRun first;
        QVERIFY(runtest::completed(first.run(request).scripts.at(0)));
        const auto earlier = ws.results();
        const std::string ranAt = ws.json("again_paced.meta.json")["startTime"];

        RecordedRun refused; // the name exists: replaced only on request, named with when it ran
        QCOMPARE(refused.start(request), std::vector<std::string>{"run \"again\" exists: paced ran at " +
                                                                  ranAt + "; pass --replace to replace it"});

        request.replace = true;
        request.overrides.iterations.reset();
        request.overrides.duration = "30s";
        RecordedRun rerun;
        QVERIFY(rerun.start(request).empty());
        QTRY_VERIFY_WITH_TIMEOUT(rerun.live.size() >= 1, 40000);
        rerun.controller.cancel();
        QVERIFY(rerun.waitForEnd().aborted);

        auto now = ws.results();
        const QString aborted = ws.benchmark(".aborted/again_paced/again_paced.meta.json");
        QVERIFY(now.contains(aborted));
        QCOMPARE(runtest::str(ws.json(".aborted/again_paced/again_paced.meta.json")["aborted"]),
                 QString("true"));
        for (auto it = now.begin(); it != now.end();)
            it = it.key().contains("/.aborted/") ? now.erase(it) : std::next(it);
        QCOMPARE(now, earlier); // every earlier file byte for byte, and nothing beside them

        const ScriptComparison comparison =
            compareScript(ResultStore(ws.root()), "baseline", "again", "paced");
        QVERIFY(comparison.current.abortedAttempt.has_value());
        QVERIFY(!comparison.baseline.abortedAttempt.has_value());
        const std::vector<std::string> lines = sideLines(comparison.current);
        QVERIFY(!lines.empty() && lines.back().starts_with("aborted: its newest attempt (started "));

        // A later attempt that ends normally replaces the files and is the newest: no mark.
        request.overrides.duration.reset();
        request.overrides.iterations = 2;
        RecordedRun last;
        QVERIFY(runtest::completed(last.run(request).scripts.at(0)));
        QVERIFY(!ws.has("k6/benchmark/.aborted/again_paced"));
        QVERIFY(!compareScript(ResultStore(ws.root()), "baseline", "again", "paced").current.abortedAttempt);
    }

    void missingBaselinesNamedAndNothingStarts() {
        KitWorkspace ws;
        ws.commitAll();
        RunRequest request = quick(ws, {});
        request.allScripts = true;
        request.nameFromCommit = true;
        RecordedRun run;
        const std::vector<std::string> problems = run.start(request);
        QCOMPARE(problems.size(), std::size_t(2));
        QVERIFY(
            problems[0].ends_with("k6/benchmark/baseline_health.json: missing; record the baseline first: "
                                  "loadbench run -s health"));
        QVERIFY(problems[1].find("baseline_payment-confirm.json: missing") != std::string::npos);
        QVERIFY(!run.controller.isRunning());
        QTest::qWait(200);
        QCOMPARE(run.started.size() + run.ended.size() + run.notices.size(), qsizetype(0));
        QVERIFY(ws.results().isEmpty());
    }

    void baselineKeptUnlessReplacementIsAskedFor() {
        KitWorkspace ws;
        ws.write("k6/benchmark/baseline_health.json", "{\"metrics\":{}}");
        RecordedRun refused;
        const std::vector<std::string> problems = refused.start(quick(ws, {"health"}));
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY(problems[0].find("baseline_health.json: a baseline exists") != std::string::npos);
        QVERIFY(problems[0].find("--replace-baseline") != std::string::npos);
        QCOMPARE(runtest::readAll(ws.benchmark("baseline_health.json")), QByteArray("{\"metrics\":{}}"));

        RunRequest replace = quick(ws, {"health"}, 5);
        replace.baselinePolicy = BaselinePolicy::Replace;
        RecordedRun replaced;
        QVERIFY(runtest::completed(replaced.run(replace).scripts.at(0)));
        QCOMPARE(stat(readSummary(ws.benchmark("baseline_health.json").toStdString()), "http_reqs", "count"),
                 5.0);
    }

    void secondRunRefusedWhileTheLockIsHeld() {
        KitWorkspace ws;
        ws.write("k6/paced.js", runtest::pacedScript());
        RunRequest request;
        request.workspace = ws.root();
        request.scripts = {"paced"};
        request.runName = "first";
        RecordedRun first;
        QVERIFY(first.start(request).empty());
        QTRY_VERIFY_WITH_TIMEOUT(first.started.size() == 1, 20000);

        request.runName = "second";
        RecordedRun second;
        const std::vector<std::string> problems = second.start(request);
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(problems[0].find(".run.lock: another run holds this workspace") != std::string::npos,
                 problems[0].c_str());
        QVERIFY(problems[0].find("process " + std::to_string(QCoreApplication::applicationPid())) !=
                std::string::npos);
        QVERIFY(!ws.has("k6/benchmark/second_paced.meta.json"));

        first.controller.cancel();
        QVERIFY(first.waitForEnd().aborted);
        WorkspaceLock lock(ws.root());
        QCOMPARE(lock.acquire(), std::optional<std::string>()); // released, not stale
    }

    void staleLockTakenOverWithANotice() {
        KitWorkspace ws;
        // A process that takes the lock and dies without releasing it.
        const pid_t child = ::fork();
        if (child == 0) {
            WorkspaceLock lock(ws.root());
            lock.acquire();
            ::_exit(0); // no destructors: the lock file stays
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(ws.has("k6/benchmark/.run.lock"));

        RecordedRun run;
        const RunOutcome outcome = run.run(quick(ws, {"health"}, 5));
        QVERIFY(runtest::completed(outcome.scripts.at(0)));
        QVERIFY2(run.noticeTexts().join('\n').contains(".run.lock: took over the lock of process " +
                                                       QString::number(child) +
                                                       ", which is no longer running"),
                 qPrintable(run.noticeTexts().join('\n')));
        QVERIFY(!ws.has("k6/benchmark/.run.lock"));
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_run_controller.moc"
