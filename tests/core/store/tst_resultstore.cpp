#include "common/error.h"
#include "common/files.h"
#include "core/store/result_store.h"
#include "core/store/runs_json.h"
#include "support/small_disk.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace loadbench;
namespace fs = std::filesystem;

namespace {

std::string errorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

QStringList filesIn(const fs::path& folder) {
    return QDir(QString::fromStdString(folder.string())).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

const char* minimalSummary = R"json({"metrics":{"http_reqs":{"type":"counter","contains":"default",
    "values":{"count":10,"rate":2.5}}}})json";

/// A summary that reads, told apart from others by its request count.
std::string summaryOf(int requests) {
    return R"json({"metrics":{"http_reqs":{"type":"counter","contains":"default","values":{"count":)json" +
           std::to_string(requests) + ",\"rate\":1}}}}";
}

} // namespace

class TestResultStore : public QObject {
    Q_OBJECT

private slots:
    void fileNamesAreTheKits_data() {
        QTest::addColumn<int>("file");
        QTest::addColumn<QString>("name");
        QTest::newRow("summary") << int(ResultFile::Summary) << "a1b2c3d_health.json";
        QTest::newRow("text") << int(ResultFile::TextSummary) << "a1b2c3d_health.summary";
        QTest::newRow("diff") << int(ResultFile::Diff) << "a1b2c3d_health.diff";
        QTest::newRow("samples") << int(ResultFile::Samples) << "a1b2c3d_health.ndjson.gz";
        QTest::newRow("meta") << int(ResultFile::Meta) << "a1b2c3d_health.meta.json";
    }
    void fileNamesAreTheKits() {
        QFETCH(int, file);
        QFETCH(QString, name);
        const ResultStore store("/ws");
        QCOMPARE(QString::fromStdString(store.pathOf("a1b2c3d", "health", ResultFile(file)).string()),
                 "/ws/k6/benchmark/" + name);
    }

    void badNamesAreRefused_data() {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("message");
        QTest::newRow("parent path in run") << "../x"
                                            << "health"
                                            << "run name \"../x\": contains a path separator";
        QTest::newRow("empty script") << "a1b2c3d"
                                      << ""
                                      << "script name \"\": is empty";
    }
    void badNamesAreRefused() {
        QFETCH(QString, run);
        QFETCH(QString, script);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        QCOMPARE(QString::fromStdString(errorOf([&] {
                     store.write(run.toStdString(), script.toStdString(), ResultFile::Summary, "{}");
                 })),
                 message);
        QVERIFY(!QDir(dir.path() + "/k6").exists());
    }

    void writeCreatesTheFolderAndLeavesNoTemporaryFile() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("a1b2c3d", "health", ResultFile::Summary, minimalSummary);
        QCOMPARE(filesIn(store.directory()), QStringList{"a1b2c3d_health.json"});
        QCOMPARE(readFile(store.pathOf("a1b2c3d", "health", ResultFile::Summary)),
                 std::string(minimalSummary));
        QCOMPARE(*store.readSummary("a1b2c3d", "health").metric("http_reqs")->value("rate"), 2.5);
        store.write("a1b2c3d", "health", ResultFile::Summary, "{}"); // an ordinary run may be written again
        QCOMPARE(readFile(store.pathOf("a1b2c3d", "health", ResultFile::Summary)), std::string("{}"));
    }

    void baselineIsReplacedOnlyOnRequest() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("baseline", "health", ResultFile::Summary, "first");
        const fs::path path = store.pathOf("baseline", "health", ResultFile::Summary);
        const std::string message =
            errorOf([&] { store.write("baseline", "health", ResultFile::Summary, "second"); });
        QCOMPARE(QString::fromStdString(message), QString::fromStdString(path.string()) +
                                                      ": a baseline exists and is replaced only on request; "
                                                      "ask for it by name (--replace-baseline) "
                                                      "to replace it");
        QCOMPARE(readFile(path), std::string("first"));
        store.write("baseline", "health", ResultFile::Summary, "third", BaselinePolicy::Replace);
        QCOMPARE(readFile(path), std::string("third"));
        QCOMPARE(filesIn(store.directory()), QStringList{"baseline_health.json"});
    }

    void failedWriteKeepsTheOldFile() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("a1b2c3d", "health", ResultFile::Summary, "old");
        // A folder where the temporary file would go cannot be replaced by a file: the write must fail whole.
        const fs::path target = store.pathOf("a1b2c3d", "health", ResultFile::Diff);
        fs::create_directory(target);
        const std::string message =
            errorOf([&] { store.write("a1b2c3d", "health", ResultFile::Diff, "new"); });
        QVERIFY2(QString::fromStdString(message).startsWith(QString::fromStdString(target.string()) +
                                                            ": cannot write"),
                 message.c_str());
        QCOMPARE(readFile(store.pathOf("a1b2c3d", "health", ResultFile::Summary)), std::string("old"));
        QCOMPARE(filesIn(store.directory()), QStringList{"a1b2c3d_health.json"});
    }

    void producedContentIsWrittenWholeOrNotAtAll() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("a1b2c3d", "health", ResultFile::Samples, [](const ChunkWriter& write) {
            write("one ");
            write("two");
        });
        const fs::path path = store.pathOf("a1b2c3d", "health", ResultFile::Samples);
        QCOMPARE(readFile(path), std::string("one two"));
        const std::string message = errorOf([&] {
            store.write("a1b2c3d", "health", ResultFile::Samples, [&](const ChunkWriter& write) {
                write("half");
                throw Error(path.string() + ": cut short");
            });
        });
        QCOMPARE(message, path.string() + ": cut short");
        QCOMPARE(readFile(path), std::string("one two"));
        QCOMPARE(filesIn(store.directory()), QStringList{"a1b2c3d_health.ndjson.gz"});
    }

    void promoteKeepsTheOldBaselineAsPrev() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("baseline", "health", ResultFile::Summary, summaryOf(1));
        store.write("baseline", "health", ResultFile::Samples, "old samples");
        store.write("baseline", "health", ResultFile::Summary, summaryOf(2), BaselinePolicy::Replace);
        store.write("a1b2c3d", "health", ResultFile::Summary, summaryOf(3));
        store.write("a1b2c3d", "health", ResultFile::TextSummary, "new text");
        store.write("a1b2c3d", "health", ResultFile::Diff, "{}");

        store.promoteToBaseline("a1b2c3d", "health");
        QCOMPARE(filesIn(store.directory()),
                 (QStringList{"a1b2c3d_health.diff", "a1b2c3d_health.json", "a1b2c3d_health.summary",
                              "baseline_health.json", "baseline_health.json.prev",
                              "baseline_health.ndjson.gz.prev", "baseline_health.summary"}));
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::Summary)), summaryOf(3));
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::TextSummary)),
                 std::string("new text"));
        QCOMPARE(readFile(store.directory() / "baseline_health.json.prev"), summaryOf(2));
        // The run's own files stay, and the listing knows no `.prev` run.
        QCOMPARE(readFile(store.pathOf("a1b2c3d", "health", ResultFile::Summary)), summaryOf(3));
        QCOMPARE(store.listRuns().size(), std::size_t(2));
    }

    void promoteRenamesTheMetaAndRefusesAnAbortedRun() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        RunMeta meta;
        meta.run = "a1b2c3d";
        meta.script = "health";
        meta.startTime = "2026-12-01T08:00:00.000Z";
        store.write("a1b2c3d", "health", ResultFile::Summary, summaryOf(5));
        store.write("a1b2c3d", "health", ResultFile::Meta, toJson(meta).dump());
        store.promoteToBaseline("a1b2c3d", "health");
        const std::optional<RunMeta> promoted = store.readMeta("baseline", "health");
        QVERIFY(promoted);
        QCOMPARE(promoted->run, std::string("baseline"));
        QCOMPARE(promoted->startTime, meta.startTime);

        meta.run = "stopped";
        meta.aborted = true;
        store.write("stopped", "health", ResultFile::Summary, summaryOf(4));
        store.write("stopped", "health", ResultFile::Meta, toJson(meta).dump());
        QCOMPARE(QString::fromStdString(errorOf([&] { store.promoteToBaseline("stopped", "health"); })),
                 QString::fromStdString(store.pathOf("stopped", "health", ResultFile::Meta).string()) +
                     ": the run was stopped before its end, so it cannot become the baseline");
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::Summary)), summaryOf(5));
    }

    void promoteRefusals_data() {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("error"); // after the summary's path
        QTest::newRow("the baseline itself") << "baseline"
                                             << ": is the baseline already";
        QTest::newRow("no such run") << "nosuch"
                                     << ": missing, so it cannot become the baseline";
        QTest::newRow("a summary that does not read") << "unreadable"
                                                      << ": no \"metrics\" object: not a k6 summary";
    }
    void promoteRefusals() {
        QFETCH(QString, run);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("baseline", "health", ResultFile::Summary, "{}");
        store.write("unreadable", "health", ResultFile::Summary, "{}");
        const QStringList before = filesIn(store.directory());
        QCOMPARE(
            QString::fromStdString(errorOf([&] { store.promoteToBaseline(run.toStdString(), "health"); })),
            QString::fromStdString(store.pathOf(run.toStdString(), "health", ResultFile::Summary).string()) +
                error);
        QCOMPARE(filesIn(store.directory()), before);
    }

    void commitReplacesAllFilesOfAScriptTogether() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("a1b2c3d", "health", ResultFile::Diff, "old diff");
        store.write("a1b2c3d", "health", ResultFile::Summary, "old summary");
        store.write("baseline", "health", ResultFile::Summary, "{}");
        const std::filesystem::path staged = store.directory() / ".staging" / "health";
        std::filesystem::create_directories(staged);
        writeFileAtomically(staged / "a1b2c3d_health.json", "new summary");
        writeFileAtomically(staged / "a1b2c3d_health.meta.json", "{}");
        writeFileAtomically(staged / "a1b2c3d_health.data.json", "not a result file");

        store.commitScript("a1b2c3d", "health", staged);
        // The staged kinds replace theirs; the .diff, not staged, is gone: nothing of the earlier run is
        // left.
        QCOMPARE(filesIn(store.directory()),
                 (QStringList{"a1b2c3d_health.json", "a1b2c3d_health.meta.json", "baseline_health.json"}));
        QCOMPARE(readFile(store.pathOf("a1b2c3d", "health", ResultFile::Summary)),
                 std::string("new summary"));
        QCOMPARE(filesIn(staged), QStringList{"a1b2c3d_health.data.json"});

        writeFileAtomically(staged / "baseline_health.json", "another baseline");
        QVERIFY(errorOf([&] {
                    store.commitScript("baseline", "health", staged);
                }).ends_with("ask for it by name (--replace-baseline) to replace it"));
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::Summary)), std::string("{}"));
        store.commitScript("baseline", "health", staged, BaselinePolicy::Replace);
        QCOMPARE(readFile(store.pathOf("baseline", "health", ResultFile::Summary)),
                 std::string("another baseline"));
    }

    void writeRefusesWhatIsNoRegularFile() {
        const std::string error = errorOf([] { writeFileAtomically("/dev/full", "x"); });
        QCOMPARE(QString::fromStdString(error), QString("/dev/full: cannot write: not a regular file"));
        QVERIFY(std::filesystem::is_character_file("/dev/full")); // not replaced by a file
    }

    void writeOnAFullDiskLeavesTheOldFile() {
        QTemporaryDir dir;
        const runtest::SmallDisk disk(dir.filePath("disk"));
        QVERIFY2(disk.problem().isEmpty(), qPrintable(disk.problem()));
        const std::filesystem::path file = dir.filePath("disk/baseline_health.json").toStdString();
        writeFileAtomically(file, "the baseline");
        disk.fill();
        const std::string error = errorOf([&] { writeFileAtomically(file, std::string(64 * 1024, 'y')); });
        QCOMPARE(QString::fromStdString(error),
                 QString::fromStdString(file.string()) + ": cannot write: No space left on device");
        QCOMPARE(readFile(file), std::string("the baseline"));
        QCOMPARE(filesIn(file.parent_path()),
                 (QStringList{".filler", "baseline_health.json"})); // no temporary file
    }

    void resultsFolderThatIsAFile() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("k6"));
        writeFileAtomically(dir.path().toStdString() + "/k6/benchmark", "not a folder");
        const ResultStore store(dir.path().toStdString());
        QCOMPARE(QString::fromStdString(errorOf([&] { store.listRuns(); })),
                 dir.path() + "/k6/benchmark: not a folder");
        QVERIFY(QString::fromStdString(errorOf([&] {
                    store.write("r", "health", ResultFile::Summary, "{}");
                })).startsWith(dir.path() + "/k6/benchmark: cannot create folder"));
        QCOMPARE(readFile(store.directory()), std::string("not a folder"));
    }

    void metaRoundTrip() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        RunMeta meta;
        meta.run = "a1b2c3d-dirty";
        meta.script = "payment-confirm";
        meta.backend = "builtin";
        meta.target = "http://127.0.0.1:8080";
        meta.commit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
        meta.branch = "main";
        meta.dirty = true;
        meta.startTime = "2026-11-28T10:11:12.345Z";
        meta.endTime = "2026-11-28T10:11:42.345Z";
        meta.host = "bench-1";
        meta.exitCode = 99;
        meta.plannedSeconds = 10;
        meta.plannedMaxSeconds = 40;
        meta.exports = std::vector<RunExport>{{"influxdb", "http://localhost:8086/k6"}};
        store.write(meta.run, meta.script, ResultFile::Meta, toJson(meta).dump(2));
        const auto read = store.readMeta(meta.run, meta.script);
        QVERIFY(read);
        QCOMPARE(toJson(*read).dump(), toJson(meta).dump());
        QCOMPARE(*read->exitCode, 99);
        QCOMPARE(read->plannedSeconds, std::optional<double>(10));
        QCOMPARE(read->plannedMaxSeconds, std::optional<double>(40));
        QVERIFY(read->exports == meta.exports);
        QVERIFY(!store.readMeta("other", "health"));
    }

    // Where a run's samples also went, for the workbench's line and whether Grafana's dashboard has them.
    void exportsSaid_data() {
        QTest::addColumn<QByteArray>("meta");
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("inInfluxdb");
        QTest::newRow("influxdb") << QByteArray("{\"backend\":\"builtin\",\"exports\":[{\"output\":"
                                                "\"influxdb\",\"url\":\"http://localhost:8086/k6\"}]}")
                                  << "builtin sent its samples to influxdb at http://localhost:8086/k6"
                                  << true;
        QTest::newRow("nowhere")
            << QByteArray(R"json({"backend":"k6","exports":[]})json")
            << "k6 sent its samples to no InfluxDB (Grafana's dashboard has none of this run)" << false;
        QTest::newRow("csv only")
            << QByteArray(R"json({"backend":"compose","exports":[{"output":"csv","url":"a.csv"}]})json")
            << "compose sent its samples to csv at a.csv" << false;
        QTest::newRow("a meta from before exports")
            << QByteArray(R"json({"backend":"builtin"})json") << "" << true;
    }
    void exportsSaid() {
        QFETCH(QByteArray, meta);
        QFETCH(QString, line);
        QFETCH(bool, inInfluxdb);
        const RunMeta read = runMetaFromJson(nlohmann::ordered_json::parse(meta.toStdString()), "m.json");
        QCOMPARE(QString::fromStdString(describeExports(read)), line);
        QCOMPARE(mayHaveInfluxdbSamples(read), inInfluxdb);
    }

    void badMetaNamesTheField_data() {
        QTest::addColumn<QByteArray>("meta");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a field of the wrong type")
            << QByteArray(R"json({"run":"r1","dirty":"yes"})json") << "field \"dirty\" is not true or false";
        QTest::newRow("an exit code beyond int, which must not wrap to 1")
            << QByteArray(R"json({"run":"r1","exitCode":4294967297})json")
            << "field \"exitCode\" is out of range (4294967297)";
        QTest::newRow("a planned duration that is no number of seconds")
            << QByteArray(R"json({"run":"r1","plannedMaxSeconds":"40s"})json")
            << "field \"plannedMaxSeconds\" is not a number of seconds";
        QTest::newRow("a number out of range") // nlohmann's out_of_range, not a crash
            << QByteArray(R"json({"run":"r1","exitCode":1e400})json")
            << "malformed JSON: [json.exception.out_of_range.406] number overflow parsing '1e400'";
        QTest::newRow("exports not an array")
            << QByteArray(R"json({"run":"r1","exports":{}})json") << "field \"exports\" is not an array";
        QTest::newRow("an export without its url")
            << QByteArray(R"json({"run":"r1","exports":[{"output":"influxdb"}]})json")
            << "field \"exports\": an entry without a string \"url\"";
    }
    void badMetaNamesTheField() {
        QFETCH(QByteArray, meta);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        store.write("r1", "health", ResultFile::Meta, meta.toStdString());
        const fs::path path = store.pathOf("r1", "health", ResultFile::Meta);
        QCOMPARE(QString::fromStdString(errorOf([&] { store.readMeta("r1", "health"); })),
                 QString::fromStdString(path.string()) + ": " + reason);
    }

    void missingSummaryNamesTheFile() {
        QTemporaryDir dir;
        const ResultStore store(dir.path().toStdString());
        QCOMPARE(QString::fromStdString(errorOf([&] { store.readSummary("baseline", "health"); })),
                 dir.path() + "/k6/benchmark/baseline_health.json: missing");
    }

    void listRunsSplitsNamesAndOrdersByTime() {
        QTemporaryDir dir;
        const fs::path ws = dir.path().toStdString();
        QVERIFY(QDir(dir.path()).mkpath("k6/benchmark"));
        writeFileAtomically(ws / "k6" / "health.js", "export default function () {}\n");
        writeFileAtomically(ws / "k6" / "payment-confirm.js", "export default function () {}\n");
        const ResultStore store(ws);
        const auto put = [&](const std::string& name) {
            writeFileAtomically(store.directory() / name, "{}");
        };
        put("baseline_health.json");
        put("baseline_payment-confirm.json");
        put("baseline_health.json.prev"); // a kept old baseline is not a run
        put(".gitkeep");
        put("my_run_health.json"); // `_` in the run name: the workspace's script decides the split
        put("my_run_health.summary");
        for (const char* suffix : {".json", ".summary", ".diff", ".ndjson.gz"})
            put(std::string("a1b2c3d_payment-confirm") + suffix);
        RunMeta meta;
        meta.run = "a1b2c3d";
        meta.script = "payment-confirm";
        meta.startTime = "2000-01-01T00:00:00.000Z"; // older than any file time: sorts first
        store.write(meta.run, meta.script, ResultFile::Meta, toJson(meta).dump());
        RunMeta odd; // a script that is not in k6/ any more, with `_` in both names: only the meta can tell
        odd.run = "x_y";
        odd.script = "old_script";
        odd.startTime = "2000-01-02T00:00:00.000Z";
        store.write(odd.run, odd.script, ResultFile::Meta, toJson(odd).dump());
        put("x_y_old_script.json");

        const std::vector<StoredRun> runs = store.listRuns();
        QStringList names;
        for (const StoredRun& run : runs)
            names << QString::fromStdString(run.run);
        QCOMPARE(names.size(), 4);
        QCOMPARE(names.mid(0, 2), (QStringList{"a1b2c3d", "x_y"}));
        QCOMPARE(QSet<QString>(names.begin() + 2, names.end()), (QSet<QString>{"baseline", "my_run"}));

        const StoredRun& first = runs[0];
        QCOMPARE(first.scripts.size(), std::size_t(1));
        QCOMPARE(first.scripts[0].script, std::string("payment-confirm"));
        QCOMPARE(first.scripts[0].files.size(), std::size_t(5));
        QVERIFY(first.scripts[0].meta);
        QCOMPARE(first.time, std::string("2000-01-01T00:00:00.000Z"));
        QCOMPARE(runs[1].scripts.at(0).script, std::string("old_script"));
        const auto baseline =
            std::find_if(runs.begin(), runs.end(), [](const StoredRun& r) { return r.run == "baseline"; });
        QCOMPARE(baseline->scripts.size(), std::size_t(2));
        QCOMPARE(baseline->scripts[0].script, std::string("health"));
        QCOMPARE(baseline->scripts[1].script, std::string("payment-confirm"));
        QCOMPARE(baseline->scripts[0].files, std::vector<ResultFile>{ResultFile::Summary});
        const auto myRun =
            std::find_if(runs.begin(), runs.end(), [](const StoredRun& r) { return r.run == "my_run"; });
        QCOMPARE(myRun->scripts.at(0).script, std::string("health"));
    }

    void runsJsonTakesTheCommitOfTheFirstScriptThatHasOne() {
        RunMeta withoutCommit;
        withoutCommit.run = "r1";
        withoutCommit.script = "a";
        RunMeta withCommit = withoutCommit;
        withCommit.script = "b";
        withCommit.commit = "a1b2c3d4";
        withCommit.branch = "main";
        withCommit.dirty = true;
        const std::vector<StoredRun> runs{{"r1",
                                           {{"a", {ResultFile::Summary}, withoutCommit, "t1"},
                                            {"b", {ResultFile::Summary, ResultFile::Meta}, withCommit, "t2"},
                                            {"c", {ResultFile::Samples}, std::nullopt, "t3"}},
                                           "t1"},
                                          {"r2", {}, "t4"}};
        QCOMPARE(commitMetaOf(runs[0]), &*runs[0].scripts[1].meta);
        QCOMPARE(commitMetaOf(runs[1]), nullptr);
        const nlohmann::ordered_json json = runsJson(runs);
        QCOMPARE(json.size(), std::size_t(2));
        QCOMPARE(json[0]["commit"].get<std::string>(), std::string("a1b2c3d4"));
        QCOMPARE(json[0]["branch"].get<std::string>(), std::string("main"));
        QCOMPARE(json[0]["dirty"].get<bool>(), true);
        QCOMPARE(json[0]["scripts"][1]["files"].dump(), std::string(R"([".json",".meta.json"])"));
        QCOMPARE(json[0]["scripts"][1]["meta"]["commit"].get<std::string>(), std::string("a1b2c3d4"));
        QVERIFY(json[0]["scripts"][2]["meta"].is_null());
        QCOMPARE(
            json[1].dump(),
            std::string(R"({"run":"r2","time":"t4","commit":"","branch":"","dirty":false,"scripts":[]})"));
    }

    void noResultsFolderMeansNoRuns() {
        QTemporaryDir dir;
        QVERIFY(ResultStore(dir.path().toStdString()).listRuns().empty());
    }
};

QTEST_GUILESS_MAIN(TestResultStore)
#include "tst_resultstore.moc"
