// k6 archives: `loadbench-engine archive` writes k6's layout (read back here with GNU tar, not our reader),
// `loadbench-engine run FILE.tar` runs one of ours and one laid out as k6's lib/archive.go writes it (made
// here by write_archive.py with Python's tarfile), and a broken archive gets one line that names it.
#include "engine/modules/k6_archive.h"
#include "support/engine_workspace.h"

#include <nlohmann/json.hpp>

using loadbench::test::summaryValue;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

namespace {

/// A test of three files: the script imports a helper and open()s data, and counts what they say.
void writeGreetingTest(const Workspace& ws) {
    ws.write("test/lib/helper.js", "export function greet(name) { return 'hi ' + name; }\n");
    ws.write("test/data.json", R"({"name": "x"})");
    ws.write("test/script.js", R"js(
import { greet } from './lib/helper.js';
import { Counter } from 'k6/metrics';
const data = JSON.parse(open('./data.json'));
const greeted = new Counter('greeted');
export const options = { iterations: 3, vus: 1 };
export default function () {
    if (greet(data.name) === 'hi x' && __ENV.WHO === 'me') greeted.add(1);
}
)js");
}

Run engine(const Workspace& ws, const QString& command, const QStringList& arguments) {
    return Workspace::finish(*ws.start(arguments, QProcessEnvironment::systemEnvironment(), command));
}

QString tool(const QString& program, const QStringList& arguments, const QString& folder = {}) {
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(program, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qWarning("%s failed: %s", qPrintable(program), process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace

class TestEngineArchive : public QObject {
    Q_OBJECT

private slots:
    void anonymizedPath_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("home") << "/home/alice/k6/script.js"
                              << "/home/nobody/k6/script.js";
        QTest::newRow("macOS") << "/Users/Bob/script.js"
                               << "/Users/nobody/script.js";
        QTest::newRow("any case") << "/HOME/carol/a.js"
                                  << "/HOME/nobody/a.js";
        QTest::newRow("elsewhere") << "/tmp/work/a.js"
                                   << "/tmp/work/a.js";
        QTest::newRow("normalised") << "/home/dan/k6/../x/./a.js"
                                    << "/home/nobody/x/a.js";
    }
    void anonymizedPath() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(loadbench::engine::anonymizedPath(path.toStdString())), expected);
    }

    void archiveHasK6sLayout() {
        Workspace ws;
        writeGreetingTest(ws);
        const Run archived = engine(ws, "archive", {"test/script.js", "-O", "out.tar", "-e", "WHO=me"});
        QCOMPARE(archived.exitCode, 0);
        QCOMPARE(archived.err, QString());

        const QStringList entries = tool("tar", {"-tf", ws.path("out.tar")}).split('\n', Qt::SkipEmptyParts);
        QStringList files;
        for (const QString& entry : entries)
            if (!entry.endsWith('/'))
                files << entry;
        const QString tree = "file" + ws.path("test"); // no home folder here: nothing to anonymize
        QCOMPARE(files, (QStringList{"metadata.json", "data", tree + "/data.json", tree + "/lib/helper.js",
                                     tree + "/script.js"}));
        QVERIFY(entries.contains("file/"));
        // The main script is `data`, and a hard link to it in the file tree.
        QVERIFY2(tool("tar", {"-tvf", ws.path("out.tar")}).contains(tree + "/script.js link to data"),
                 qPrintable(tool("tar", {"-tvf", ws.path("out.tar")})));
        QCOMPARE(tool("tar", {"-xOf", ws.path("out.tar"), "data"}).toUtf8(),
                 tool("cat", {ws.path("test/script.js")}).toUtf8());
        QCOMPARE(tool("tar", {"-xOf", ws.path("out.tar"), tree.mid(0) + "/data.json"}),
                 QString(R"({"name": "x"})"));

        const auto metadata =
            nlohmann::json::parse(tool("tar", {"-xOf", ws.path("out.tar"), "metadata.json"}).toStdString());
        const auto text = [&](const char* key) {
            const nlohmann::json& value = metadata[key];
            return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
        };
        QCOMPARE(text("type"), QString("js"));
        QCOMPARE(text("filename"), "file://" + ws.path("test/script.js"));
        QCOMPARE(text("pwd"), "file://" + ws.path() + "/");
        QCOMPARE(text("env"), QString(R"({"WHO":"me"})"));
        QCOMPARE(text("options"), QString(R"({"iterations":3,"vus":1})"));
        QCOMPARE(text("compatibilityMode"), QString("extended"));
    }

    void archiveRunsWithoutItsFiles_data() {
        QTest::addColumn<QStringList>("flags"); // of the run
        QTest::addColumn<double>("greeted");
        QTest::newRow("the archive's -e pairs") << QStringList{} << 3.0;
        QTest::newRow("the run's -e wins") << QStringList{"-e", "WHO=someone"} << 0.0;
    }
    void archiveRunsWithoutItsFiles() {
        QFETCH(QStringList, flags);
        QFETCH(double, greeted);
        Workspace ws;
        writeGreetingTest(ws);
        QCOMPARE(engine(ws, "archive", {"test/script.js", "-O", "out.tar", "-e", "WHO=me"}).exitCode, 0);
        QVERIFY(QDir(ws.path("test")).removeRecursively()); // everything it needs is in the archive
        const Run run =
            ws.run(QStringList{"out.tar", "--quiet", "--summary-data", ws.path("data.json")} + flags);
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary("data.json");
        QCOMPARE(summaryValue(summary, "iterations", "count"), 3.0);
        QCOMPARE(summary.metric("greeted") ? summaryValue(summary, "greeted", "count") : 0.0, greeted);
    }

    void archiveAsK6WritesIt() {
        Workspace ws;
        tool(LOADBENCH_WRITE_ARCHIVE, {ws.path("k6.tar"), "k6"});
        const Run run = ws.run({"k6.tar", "--quiet", "--summary-data", ws.path("data.json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const loadbench::Summary summary = ws.summary("data.json");
        QCOMPARE(summaryValue(summary, "iterations", "count"), 4.0);
        QCOMPARE(summaryValue(summary, "total", "count"), 40.0); // STEP=5 from the archive, twice, 4 times
        if (summary.metric("vus_max")) // sampled once a second, as k6 does: a short run may have none
            QCOMPARE(summaryValue(summary, "vus_max", "value"), 2.0);
    }

    void brokenArchiveNamedInOneLine_data() {
        QTest::addColumn<QString>("kind"); // of write_archive.py
        QTest::addColumn<QString>("message");
        QTest::newRow("no metadata.json") << "no-metadata"
                                          << "broken.tar: not a k6 archive (no metadata.json)";
        QTest::newRow("an entry outside its trees")
            << "escaping-entry"
            << "broken.tar: entry \"file/../../evil.js\" is not a k6 archive entry (file/… or https/…)";
        QTest::newRow("metadata that is not k6's")
            << "bad-metadata"
            << "broken.tar: metadata.json: not k6 archive metadata (no \"filename\")";
    }
    void brokenArchiveNamedInOneLine() {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        Workspace ws;
        tool(LOADBENCH_WRITE_ARCHIVE, {ws.path("broken.tar"), kind});
        const Run run = ws.run({"broken.tar", "--quiet"});
        QCOMPARE(run.exitCode, 107);
        const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains(loadbench::test::asLogged(ws.path(message))), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(ws.path("evil.js")));
    }
};

QTEST_GUILESS_MAIN(TestEngineArchive)
#include "tst_engine_archive.moc"
