// A script's instances merged into one stored run through the real `loadbench-engine merge`: the files
// swapped in together, the instances in the meta, the exit code the worst of them, and bad input storing
// nothing.
#include "common/error.h"
#include "common/files.h"
#include "common/k6_json/ndjson_reader.h"
#include "core/runs/merged_run.h"
#include "core/runs/script_results.h"
#include "core/samples/gzip_file.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <map>

using namespace loadbench;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::vector<std::optional<int>>)
Q_DECLARE_METATYPE(std::optional<int>)

namespace {

/// An instance's k6 JSON output: `requests` requests of `ms` each, a second apart from `startSecond`, each
/// with its iteration, and a `vus` tick of 2 after the first.
std::string instanceSamples(int requests, int startSecond, double ms) {
    std::string text =
        R"({"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"})"
        "\n"
        R"({"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"})"
        "\n"
        R"({"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"})"
        "\n";
    for (int i = 0; i < requests; ++i) {
        const std::string time = "2026-12-01T10:00:" + std::string(startSecond + i < 10 ? "0" : "") +
                                 std::to_string(startSecond + i) + ".5Z";
        const std::string tags = R"("tags":{"expected_response":"true","method":"GET","status":"200"})";
        text += R"({"metric":"http_reqs","type":"Point","data":{"time":")" + time + R"(","value":1,)" + tags +
                "}}\n";
        text += R"({"metric":"http_req_duration","type":"Point","data":{"time":")" + time + R"(","value":)" +
                std::to_string(ms) + "," + tags + "}}\n";
        if (i == 0)
            text += R"({"metric":"vus","type":"Point","data":{"time":")" + time +
                    R"(","value":2,"tags":{}}})"
                    "\n";
    }
    return text;
}

/// An instance's summary data object with the script's threshold `http_reqs: count>4`, which no instance
/// alone passes.
std::string instanceSummary(int requests, bool passed) {
    return R"json({"options":{"summaryTrendStats":["avg","min","med","max","p(90)","p(95)"],"summaryTimeUnit":"","noColor":false},
"state":{"isStdOutTTY":false,"isStdErrTTY":false,"testRunDurationMs":5000},
"root_group":{"name":"","path":"","id":"d41d8cd98f00b204e9800998ecf8427e","groups":[],"checks":[]},
"metrics":{"http_reqs":{"type":"counter","contains":"default","values":{"count":)json" +
           std::to_string(requests) + R"(,"rate":1},"thresholds":{"count>4":{"ok":)" +
           (passed ? "true" : "false") + "}}}}}\n";
}

RunMeta metaOf(const std::string& run) {
    RunMeta meta;
    meta.run = run;
    meta.script = "checkout";
    meta.backend = "builtin";
    meta.target = "http://127.0.0.1:9";
    meta.startTime = "2026-12-01T10:00:00.000Z";
    meta.endTime = "2026-12-01T10:00:06.000Z";
    meta.host = "bench";
    return meta;
}

/// Every file below `folder` with its content.
std::map<std::string, std::string> filesBelow(const fs::path& folder) {
    std::map<std::string, std::string> files;
    std::error_code error;
    for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        files[it->path().lexically_relative(folder).string()] =
            it->is_regular_file() ? readFile(it->path()) : "/";
    return files;
}

/// What the run controller does once every instance ended well: the merge planned, run to its end and its
/// files stored together (or kept apart as a failed attempt).
ScriptOutcome mergeAndStore(const ResultStore& store, const RunMeta& meta,
                            const std::vector<InstanceResult>& instances) {
    const InstanceMerge merge = planInstanceMerge(store, meta, instances);
    QProcess engine;
    QStringList arguments;
    for (const std::string& argument : merge.command.arguments)
        arguments << QString::fromStdString(argument);
    engine.start(QString::fromStdString(merge.command.program), arguments);
    if (!engine.waitForFinished(60000))
        throw Error("loadbench-engine merge did not end within a minute");
    const QString errorLine = QString::fromUtf8(engine.readAllStandardError()).section('\n', 0, 0);
    const bool crashed = engine.exitStatus() == QProcess::CrashExit;
    checkMergeEnded(merge, engine.exitCode(), crashed,
                    engine.exitCode() == 99 ? "" : errorLine.toStdString());
    RunMeta merged = merge.meta;
    merged.exitCode = mergedExitCode(merged.instances, engine.exitCode() == 0);
    ScriptOutcome outcome;
    outcome.script = merged.script;
    outcome.exitCode = merged.exitCode;
    outcome.status = *merged.exitCode == 0 ? ScriptStatus::Passed : ScriptStatus::ThresholdsFailed;
    storeScriptResults(store, merged, merge.samples, BaselinePolicy::Keep, {}, outcome);
    return outcome;
}

} // namespace

class TestMergedRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_workspace;
    std::vector<InstanceResult> m_instances;

    /// Two instances, 3 and 2 requests, each failing `count>4` alone; the run `r1` already stored with files
    /// of an earlier attempt, a `.diff` among them.
    void prepare() {
        QVERIFY(m_dir.isValid());
        m_workspace = fs::path(m_dir.path().toStdString()) / "workspace";
        const ResultStore store(m_workspace);
        fs::create_directories(m_workspace / "k6");
        writeFileAtomically(m_workspace / "k6" / "checkout.js", "export default function () {}\n");
        for (const ResultFile file :
             {ResultFile::Summary, ResultFile::TextSummary, ResultFile::Diff, ResultFile::Meta})
            store.write("r1", "checkout", file,
                        file == ResultFile::Meta ? toJson(metaOf("r1")).dump()
                                                 : std::string("{\"earlier\":1}\n"));
        const fs::path instances = fs::path(m_dir.path().toStdString()) / "instances";
        fs::create_directories(instances);
        m_instances.clear();
        for (const auto& [index, requests, segment] : {std::tuple{1, 3, "0:1/2"}, {2, 2, "1/2:1"}}) {
            const fs::path samples = instances / ("instance" + std::to_string(index) + ".ndjson");
            writeFileAtomically(samples, instanceSamples(requests, index, 10.0 * index));
            const fs::path summary = instances / ("instance" + std::to_string(index) + ".json");
            writeFileAtomically(summary, instanceSummary(requests, false));
            m_instances.push_back(
                {samples, summary, InstanceRecord{segment, 99, "runner-" + std::to_string(index)}});
        }
    }

private slots:
    void storesOneRunWithItsInstances() {
        prepare();
        const ResultStore store(m_workspace);
        const ScriptOutcome outcome = mergeAndStore(store, metaOf("r1"), m_instances);
        QVERIFY2(outcome.problem.empty(), outcome.problem.c_str());
        // 5 requests pass count>4: the instances' 99 is decided anew, and the merged run passed.
        QCOMPARE(outcome.status, ScriptStatus::Passed);
        QCOMPARE(outcome.exitCode, std::optional<int>(0));
        const Summary summary = store.readSummary("r1", "checkout");
        QCOMPARE(summary.metric("http_reqs")->value("count"), std::optional<double>(5));
        QCOMPARE(summary.metric("http_req_duration")->value("max"), std::optional<double>(20));
        QCOMPARE(summary.metric("http_req_duration")->value("min"), std::optional<double>(10));
        QCOMPARE(summary.metric("http_reqs")->value("rate"), std::optional<double>(1)); // 5 in 5 s
        QCOMPARE(summary.metric("vus")->value("value"), std::optional<double>(4));      // 2 + 2
        const RunMeta meta = *store.readMeta("r1", "checkout");
        QCOMPARE(meta.exitCode, std::optional<int>(0));
        QCOMPARE(meta.instances.size(), std::size_t(2));
        QCOMPARE(meta.instances[0].segment, std::string("0:1/2"));
        QCOMPARE(meta.instances[1].segment, std::string("1/2:1"));
        QCOMPARE(meta.instances[1].exitCode, std::optional<int>(99));
        QCOMPARE(meta.instances[1].host, std::string("runner-2"));
        const auto stored =
            nlohmann::ordered_json::parse(readFile(store.pathOf("r1", "checkout", ResultFile::Meta)));
        QCOMPARE(stored["instances"]["count"].get<int>(), 2);
        // Replaced together: no .diff without a baseline, the text summary the merged one, the samples
        // stored.
        QVERIFY(!store.exists("r1", "checkout", ResultFile::Diff));
        QVERIFY(readFile(store.pathOf("r1", "checkout", ResultFile::TextSummary)).find("http_reqs") !=
                std::string::npos);
        std::size_t requests = 0;
        NdjsonHandlers handlers;
        handlers.onSample = [&](const SampleView& sample) { requests += sample.metric == "http_reqs"; };
        const auto report = readNdjson(store.pathOf("r1", "checkout", ResultFile::Samples), handlers);
        QCOMPARE(requests, std::size_t(5));
        QCOMPARE(report.badLines, std::uint64_t(0));
    }

    void badInputStoresNothing_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("missing samples") << "missing";
        QTest::newRow("cut gzip samples") << "cut";
        QTest::newRow("damaged summary") << "summary";
    }
    void badInputStoresNothing() {
        QFETCH(QString, damage);
        prepare();
        fs::path named;
        if (damage == "missing") {
            named = m_instances[1].samples;
            fs::remove(named);
        } else if (damage == "cut") {
            named = m_instances[1].samples.string() + ".gz";
            writeFileAtomically(named,
                                [&](const ChunkWriter& write) { gzipFile(m_instances[1].samples, write); });
            fs::resize_file(named, fs::file_size(named) / 2);
            m_instances[1].samples = named;
        } else {
            named = *m_instances[0].summary;
            writeFileAtomically(named, "{\"metrics\": ");
        }
        const ResultStore store(m_workspace);
        const auto before = filesBelow(store.directory());
        try {
            mergeAndStore(store, metaOf("r1"), m_instances);
            QFAIL("merged bad input");
        } catch (const Error& error) {
            const std::string message = error.what();
            QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
            QVERIFY2(message.find(named.string()) != std::string::npos, message.c_str());
        }
        const auto after = filesBelow(store.directory());
        for (const auto& [name, content] : after)
            QVERIFY2(before.contains(name) && before.at(name) == content, ("written: " + name).c_str());
        QCOMPARE(after.size(), before.size());
    }

    void mergedExitCodeIsTheWorst_data() {
        QTest::addColumn<std::vector<std::optional<int>>>("instances");
        QTest::addColumn<bool>("mergedThresholdsPassed");
        QTest::addColumn<std::optional<int>>("expected");
        using Codes = std::vector<std::optional<int>>;
        QTest::newRow("all passed") << Codes{0, 0} << true << std::optional<int>(0);
        QTest::newRow("each failed thresholds, merged passes")
            << Codes{99, 99} << true << std::optional<int>(0);
        QTest::newRow("each passed, merged fails") << Codes{0, 0} << false << std::optional<int>(99);
        QTest::newRow("a script exception") << Codes{0, 107} << true << std::optional<int>(107);
        QTest::newRow("the first failure counts") << Codes{99, 110, 107} << false << std::optional<int>(110);
        QTest::newRow("one crashed") << Codes{0, std::nullopt} << true << std::optional<int>();
    }
    void mergedExitCodeIsTheWorst() {
        QFETCH(std::vector<std::optional<int>>, instances);
        QFETCH(bool, mergedThresholdsPassed);
        QFETCH(std::optional<int>, expected);
        std::vector<InstanceRecord> records;
        for (const auto& code : instances)
            records.push_back({"", code, "host"});
        QCOMPARE(mergedExitCode(records, mergedThresholdsPassed), expected);
    }

    void instancesRoundTripInTheMeta() {
        RunMeta meta = metaOf("r1");
        meta.instances = {{"0:1/2", 0, "a"}, {"", std::nullopt, "b"}};
        const RunMeta read = runMetaFromJson(toJson(meta), "meta");
        QCOMPARE(read.instances.size(), std::size_t(2));
        QCOMPARE(read.instances[0].segment, std::string("0:1/2"));
        QCOMPARE(read.instances[0].exitCode, std::optional<int>(0));
        QCOMPARE(read.instances[1].exitCode, std::optional<int>());
        QCOMPARE(read.instances[1].host, std::string("b"));
        nlohmann::ordered_json wrong = toJson(meta);
        wrong["instances"]["count"] = 3;
        QVERIFY_THROWS_EXCEPTION(Error, runMetaFromJson(wrong, "meta"));
    }
};

QTEST_GUILESS_MAIN(TestMergedRun)
#include "tst_merged_run.moc"
