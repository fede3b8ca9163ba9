// Runs the real `loadbench` executable on temporary workspaces made of real k6 outputs.
#include "support/comma_locale.h"
#include "support/git_repository.h"
#include "support/k6_samples.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <nlohmann/json.hpp>

namespace {

const QString fixtures = QStringLiteral(LOADBENCH_FIXTURES_DIR);

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runLoadbench(const QString& workspace, const QStringList& arguments,
                    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setWorkingDirectory(workspace);
    process.setProcessEnvironment(environment);
    process.start(LOADBENCH_EXECUTABLE, arguments);
    if (!process.waitForFinished(30000))
        qFatal("loadbench %s did not finish", qPrintable(arguments.join(' ')));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void put(const QString& path, const QByteArray& content) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

void copyFixture(const QString& relative, const QString& to) {
    QDir().mkpath(QFileInfo(to).absolutePath());
    QVERIFY(QFile::copy(fixtures + "/" + relative, to));
}

/// Every file below `folder` with its bytes: what an error must leave as it was.
QMap<QString, QByteArray> snapshot(const QString& folder) {
    QMap<QString, QByteArray> files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            files.insert(path, file.readAll());
    }
    return files;
}

/// A workspace with the scripts health and payment-confirm, a baseline of both and run a1b2c3d of both.
void makeWorkspace(const QString& ws) {
    put(ws + "/k6/health.js", "export default function () {}\n");
    put(ws + "/k6/payment-confirm.js", "export default function () {}\n");
    copyFixture("handle-summary/groups-checks-thresholds.json", ws + "/k6/benchmark/baseline_health.json");
    copyFixture("handle-summary/custom-metrics-failed-threshold.json",
                ws + "/k6/benchmark/a1b2c3d_health.json");
    copyFixture("summary-export/plain.json", ws + "/k6/benchmark/baseline_payment-confirm.json");
    copyFixture("summary-export/custom-metrics-thresholds.json",
                ws + "/k6/benchmark/a1b2c3d_payment-confirm.json");
}

/// A workspace whose run a1b2c3d of health answers 30 % slower than its baseline, with samples for verdicts.
void makeSlowerWorkspace(const QString& ws) {
    loadbench::test::writeComparedRuns(ws, 10, 13);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_locales;
    QProcessEnvironment m_comma; // compiled once for every format's row
    QString m_commaError;

private slots:
    void initTestCase() {
        m_comma = loadbench::test::commaDecimalEnvironment(m_locales.path(), m_commaError);
    }

    void compareText() {
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "-s", "health"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QString());
        const QStringList lines = result.out.split('\n');
        QCOMPARE(lines.first(), "health: a1b2c3d against baseline");
        const auto p95 = std::find_if(lines.begin(), lines.end(), [](const QString& line) {
            return line.startsWith("http_req_duration ") && line.contains(" p(95) ");
        });
        QVERIFY(p95 != lines.end());
        QCOMPARE(p95->simplified(), "http_req_duration p(95) 30.03 ms 24458.8 ms +81359.46%");
        QVERIFY(result.out.contains("  ✗ http_req_duration p(95) < 5000\n"));
        QVERIFY(result.out.contains("  ✓ http_req_failed rate < 0.05\n"));
    }

    void compareJsonEveryScript() {
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "--format", "json"});
        QCOMPARE(result.exitCode, 0);
        const auto json = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(json["run"].get<std::string>(), std::string("a1b2c3d"));
        QCOMPARE(json["baseline"].get<std::string>(), std::string("baseline"));
        QCOMPARE(json["scripts"].size(), std::size_t(2));
        const auto& health = json["scripts"][0];
        QCOMPARE(health["script"].get<std::string>(), std::string("health"));
        QCOMPARE(health["thresholdsPassed"].get<bool>(), false);
        QCOMPARE(health["diff"]["http_reqs"]["rate"].get<std::string>(), std::string("-81.67%"));
        QCOMPARE(health["diff"]["http_req_duration"]["p(99)"].get<std::string>(),
                 std::string("missing in new run"));
        bool found = false;
        for (const auto& row : health["rows"])
            if (row["metric"] == "http_req_duration" && row["stat"] == "p(95)") {
                found = true;
                QCOMPARE(row["baseline"].get<double>(), 30.0256841);
                QCOMPARE(row["new"].get<double>(), 24458.761375);
                QCOMPARE(row["change"].get<std::string>(), std::string("+81359.46%"));
            }
        QVERIFY(found);
        // Legacy summary-export files on both sides: 1669.1269523999997 against 278.08988.
        const auto& payment = json["scripts"][1];
        QCOMPARE(payment["script"].get<std::string>(), std::string("payment-confirm"));
        QCOMPARE(payment["diff"]["http_req_duration"]["p(95)"].get<std::string>(), std::string("+500.21%"));
        QCOMPARE(payment["thresholdsPassed"].get<bool>(), true);
    }

    void compareJsonHasVerdictsAndSlowestRequests() {
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path());
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "--format", "json"});
        QCOMPARE(result.exitCode, 0);
        const auto json = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(json["noiseFloorPercent"].get<double>(), 2.0);
        const auto& script = json["scripts"][0];
        QCOMPARE(script["verdicts"].size(), std::size_t(6));
        const auto& median = script["verdicts"][0];
        QCOMPARE(median["metric"].get<std::string>(),
                 std::string("http_req_duration{expected_response:true}"));
        QCOMPARE(median["stat"].get<std::string>(), std::string("med"));
        QCOMPARE(median["verdict"].get<std::string>(), std::string("slower"));
        QVERIFY(std::abs(median["change"].get<double>() - 30) < 1);
        QVERIFY(median["low"].get<double>() > 25 && median["high"].get<double>() < 35);
        const auto& rate = script["verdicts"][4];
        QCOMPARE(rate["stat"].get<std::string>(), std::string("rate"));
        QCOMPARE(rate["verdict"].get<std::string>(), std::string("unchanged")); // 20/s on both sides
        const auto& slowest = script["slowestRequests"]["new"];
        QCOMPARE(slowest.size(), std::size_t(20));
        QVERIFY(std::abs(slowest[0]["durationMs"].get<double>() - 13 * 1.01) < 1e-6);
        QCOMPARE(slowest[0]["method"].get<std::string>(), std::string("GET"));
        QCOMPARE(slowest[0]["status"].get<std::string>(), std::string("200"));
        QVERIFY(slowest[0]["time"].get<std::string>().starts_with("2027-01-15T"));
    }

    void compareJsonHasRequestsChecksErrorsAndThresholds() {
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path()); // every request GET http://127.0.0.1/health, 30 % slower
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "--format", "json"});
        QCOMPARE(result.exitCode, 0);
        const auto json = nlohmann::json::parse(result.out.toStdString());
        const auto& script = json["scripts"][0];

        QCOMPARE(script["requests"].size(), std::size_t(1));
        const auto& request = script["requests"][0];
        QCOMPARE(request["name"].get<std::string>(), std::string("/health"));
        QCOMPARE(request["method"].get<std::string>(), std::string("GET"));
        QCOMPARE(request["presence"].get<std::string>(), std::string("both"));
        QCOMPARE(request["count"]["baseline"].get<int>(), 200); // 10 s × 20/s
        QCOMPARE(request["count"]["new"].get<int>(), 200);
        QCOMPARE(request["verdict"].get<std::string>(), std::string("slower"));
        QCOMPARE(request["verdicts"].size(), std::size_t(6));
        QCOMPARE(request["verdicts"][2]["stat"].get<std::string>(), std::string("p(95)"));
        QVERIFY(std::abs(request["verdicts"][2]["change"].get<double>() - 30) < 1);

        // The fixture's checks, with no checks samples to test their change on.
        QCOMPARE(script["checks"].size(), std::size_t(2));
        const auto& statusOk = script["checks"][0];
        QCOMPARE(statusOk["name"].get<std::string>(), std::string("Status is ok"));
        QCOMPARE(statusOk["group"].get<std::string>(), std::string(""));
        QCOMPARE(statusOk["baseline"]["passes"].get<int>(), 90);
        QCOMPARE(statusOk["baseline"]["fails"].get<int>(), 349);
        QCOMPARE(statusOk["new"]["passRate"].get<double>(), 90.0 / 439);
        QCOMPARE(statusOk["change"].get<double>(), 0.0);
        QCOMPARE(statusOk["verdict"].get<std::string>(), std::string("not tested"));
        QCOMPARE(statusOk["reason"].get<std::string>(),
                 std::string("no checks samples of it in the baseline"));
        QCOMPARE(script["checks"][1]["group"].get<std::string>(), std::string("::Example group"));

        QCOMPARE(script["errors"]["requests"]["new"].get<int>(), 200);
        QCOMPARE(script["errors"]["byStatus"].size(), std::size_t(0));
        QCOMPARE(script["errors"]["byError"].size(), std::size_t(0));

        // p(95)<1000 and max<4000 of the fixture: 30.0256841 ms and 1175.743348 ms.
        QCOMPARE(script["thresholds"].size(), std::size_t(2));
        const auto& p95 = script["thresholds"][0];
        QCOMPARE(p95["metric"].get<std::string>(), std::string("http_req_duration"));
        QCOMPARE(p95["stat"].get<std::string>(), std::string("p(95)"));
        QCOMPARE(p95["new"]["ok"].get<bool>(), true);
        QCOMPARE(p95["new"]["observed"].get<double>(), 30.0256841);
        QVERIFY(std::abs(p95["new"]["headroomPercent"].get<double>() - 96.99743159) < 1e-9);
        const auto& max = script["thresholds"][1];
        QCOMPARE(max["baseline"]["observed"].get<double>(), 1175.743348);
        QVERIFY(std::abs(max["baseline"]["headroomPercent"].get<double>() - 70.6064163) < 1e-6);
    }

    void compareReports_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("expected"); // lines or fragments the report holds
        QTest::addColumn<QString>("medianRow");    // what starts the median's verdict line
        QTest::newRow("markdown")
            << "markdown"
            << QStringList{"# a1b2c3d against baseline", "## health",
                           "| statistic | baseline | a1b2c3d | change | 95 % interval | "
                           "verdict |",
                           // the samples' 200 expected responses over the fixture's 24.425 s test run
                           "| requests/s | 8.19/s | 8.19/s | +0.00% |",
                           "| http_req_duration p(95)&lt;1000 | ✓ passed: 30.03 ms, 97 % of the limit to "
                           "spare | "
                           "✓ passed: 30.03 ms, 97 % of the limit to spare |",
                           "| GET /health | 200 → 200 | ",
                           "| Status is ok | 20.50% | 20.50% | +0.00 pp | – | ➖ not tested |",
                           "<details><summary>Every metric (the kit's change)</summary>"}
            << "| median |";
        QTest::newRow("html") << "html"
                              << QStringList{"<!DOCTYPE html>",
                                             "<title>a1b2c3d against baseline</title>",
                                             "<title>Latency by percentile of expected responses</title>",
                                             "<title>Requests per second</title>",
                                             "<title>Latency percentiles of expected responses</title>",
                                             "<polyline",
                                             "<h3>Requests</h3>",
                                             "<td>GET</td><td>/health</td>",
                                             "<h3>Checks</h3>",
                                             "</html>"}
                              << "<td>median</td>";
        QTest::newRow("text") << "text"
                              << QStringList{"health: a1b2c3d against baseline",
                                             "  ✓ http_req_duration p(95)<1000"}
                              << "median ";
    }
    void compareReports() {
        QFETCH(QString, format);
        QFETCH(QStringList, expected);
        QFETCH(QString, medianRow);
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path());
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "--format", format});
        QCOMPARE(result.exitCode, 0);
        for (const QString& fragment : expected)
            QVERIFY2(result.out.contains(fragment), qPrintable(fragment + " not in:\n" + result.out));
        const QStringList lines = result.out.split('\n');
        const auto median = std::find_if(lines.begin(), lines.end(), [&](const QString& line) {
            return line.startsWith(medianRow) || line.contains(">" + medianRow);
        });
        QVERIFY2(median != lines.end(), qPrintable(result.out));
        QVERIFY2(median->contains("slower") && median->contains("+30."), qPrintable(*median));
    }

    void compareShowsDamagedSamples_data() {
        QTest::addColumn<QString>("format");
        // cut: the new run's samples cut at 95 %; plain: not compressed; garbled: 1 of its 402 lines not JSON
        QTest::addColumn<QString>("damage");
        for (const char* format : {"text", "markdown", "json", "html", "junit"})
            for (const char* damage : {"cut", "plain", "garbled"})
                QTest::addRow("%s, %s", format, damage) << format << damage;
    }
    void compareShowsDamagedSamples() {
        QFETCH(QString, format);
        QFETCH(QString, damage);
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path()); // whole, its samples make p(95) and the median "slower"
        const QString samples = ws.path() + "/k6/benchmark/a1b2c3d_health.ndjson.gz";
        QFile file(samples);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray compressed = file.readAll();
        file.close();
        const qsizetype kept = compressed.size() * 95 / 100;
        const QByteArray plain =
            loadbench::test::k6Samples(1'800'003'600, 10, 20, [](int, int) { return 13.0; });
        QString expected;
        if (damage == "cut") {
            put(samples, compressed.left(kept));
            expected = QString("truncated at byte %1 of %1 (the file ends inside the gzip stream)").arg(kept);
        } else if (damage == "plain") {
            put(samples, plain);
            expected = "not a gzip file: it starts with 7b 22 where gzip has 1f 8b";
        } else {
            QList<QByteArray> lines = plain.split('\n');
            lines[99].truncate(20);
            loadbench::test::writeGzip(samples, lines.join('\n'));
            expected = "samples damaged: 1 of 402 lines skipped, first at line 100: not JSON";
        }
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "--format", format});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(expected), qPrintable(expected + " not in:\n" + result.out));
        if (damage == "garbled") {
            // A warning: the verdicts rest on the other 401 lines.
            QVERIFY2(!result.out.contains("verdicts withheld"), qPrintable(result.out));
            QVERIFY2(result.out.contains("slower"), qPrintable(result.out));
            return;
        }
        QVERIFY2(result.out.contains("verdicts withheld"), qPrintable(result.out));
        // No verdict rests on what is left of the samples: none is slower or faster.
        QVERIFY2(!result.out.contains("slower") && !result.out.contains("faster"), qPrintable(result.out));
    }

    void compareHtmlIsOneFileWithItsCharts() {
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path());
        const Result result = runLoadbench(ws.path(), {"compare", "a1b2c3d", "--format", "html"});
        QCOMPARE(result.exitCode, 0);
        // The percentile curve, then p(50)/p(95)/p(99), requests/s and failed requests/s over time.
        QCOMPARE(result.out.count("<svg "), 4);
        QVERIFY(!result.out.contains("src=\"http") && !result.out.contains("<script"));
        QXmlStreamReader svg(result.out.mid(result.out.indexOf("<svg "),
                                            result.out.indexOf("</svg>") + 6 - result.out.indexOf("<svg ")));
        while (!svg.atEnd())
            svg.readNext();
        QVERIFY2(!svg.hasError(), qPrintable(svg.errorString()));
    }

    void compareJunitGates_data() {
        QTest::addColumn<QStringList>("gate");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("failures");
        QTest::newRow("any slower") << QStringList{} << 0 << 4;
        QTest::newRow("more than 10 %") << QStringList{"--fail-on-regression", "10"} << 3 << 4;
        QTest::newRow("more than 50 %") << QStringList{"--fail-on-regression", "50"} << 0 << 0;
    }
    void compareJunitGates() {
        QFETCH(QStringList, gate);
        QFETCH(int, exitCode);
        QFETCH(int, failures);
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path());
        const Result result =
            runLoadbench(ws.path(), QStringList{"compare", "a1b2c3d", "--format", "junit"} + gate);
        QCOMPARE(result.exitCode, exitCode);
        QXmlStreamReader xml(result.out);
        QStringList failed, passed;
        QString current;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == u"testcase")
                passed << (current = xml.attributes().value("name").toString());
            if (xml.isStartElement() && xml.name() == u"failure")
                failed << passed.takeLast();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        // The fixture's two thresholds, both passed, and a gate for each of the six verdicts.
        QCOMPARE(failed.size() + passed.size(), 8);
        QCOMPARE(failed.size(), failures);
        if (failures > 0)
            QCOMPARE(failed.first(), "regression http_req_duration{expected_response:true} med");
        QVERIFY(passed.contains("regression http_reqs{expected_response:true} rate"));
        QVERIFY(passed.contains("threshold http_req_duration p(95)<1000"));
    }

    void reportsKeepADotUnderACommaLocale_data() {
        QTest::addColumn<QString>("format");
        for (const char* format : {"text", "markdown", "json", "html", "junit"})
            QTest::newRow(format) << format;
    }
    void reportsKeepADotUnderACommaLocale() {
        QFETCH(QString, format);
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path());
        QVERIFY2(!m_comma.isEmpty(), qPrintable(m_commaError));
        QProcessEnvironment plain = QProcessEnvironment::systemEnvironment();
        plain.insert("LC_ALL", "C");
        const QStringList arguments{"compare", "a1b2c3d", "--format", format};
        const Result reference = runLoadbench(ws.path(), arguments, plain);
        const Result underComma = runLoadbench(ws.path(), arguments, m_comma);
        QCOMPARE(reference.exitCode, 0);
        QVERIFY2(reference.out.contains(QRegularExpression("\\d\\.\\d")), qPrintable(reference.out));
        QCOMPARE(underComma.out, reference.out);
    }

    void errorsAreOneLineAndChangeNothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("message"); // %1 is the workspace
        QTest::newRow("missing baseline")
            << QStringList{"compare", "a1b2c3d", "-s", "health"} << "no-baseline"
            << "loadbench compare: %1/k6/benchmark/baseline_health.json: missing";
        QTest::newRow("other baseline missing")
            << QStringList{"compare", "a1b2c3d", "--baseline", "v1.0", "-s", "health"} << ""
            << "loadbench compare: %1/k6/benchmark/v1.0_health.json: missing";
        QTest::newRow("unknown run")
            << QStringList{"compare", "zzz"} << ""
            << "loadbench compare: %1/k6/benchmark: no summary of run \"zzz\" (see loadbench runs)";
        QTest::newRow("malformed JSON")
            << QStringList{"compare", "a1b2c3d", "-s", "health"} << "malformed"
            << "loadbench compare: %1/k6/benchmark/baseline_health.json: malformed JSON: ";
        QTest::newRow("no metrics")
            << QStringList{"compare", "a1b2c3d", "-s", "health"} << "no-metrics"
            << "loadbench compare: %1/k6/benchmark/a1b2c3d_health.json: \"metrics\" is empty: "
               "the summary has no metrics";
        QTest::newRow("run name with ../")
            << QStringList{"compare", "../a1b2c3d"} << ""
            << "loadbench compare: run name \"../a1b2c3d\": contains a path separator";
        QTest::newRow("bad format")
            << QStringList{"compare", "a1b2c3d", "--format", "xml"} << ""
            << "loadbench compare: --format \"xml\": use text, markdown, json, html or junit";
        QTest::newRow("unknown option")
            << QStringList{"compare", "a1b2c3d", "--bogus"} << ""
            << "loadbench compare: Unknown option 'bogus'; see loadbench compare --help";
        QTest::newRow("history without a script")
            << QStringList{"history"} << ""
            << "loadbench history: -s SCRIPT: name one script; see loadbench history --help";
        QTest::newRow("history of a bad script name")
            << QStringList{"history", "-s", "../health"} << ""
            << "loadbench history: -s \"../health\": contains a path separator";
        QTest::newRow("promote a missing run")
            << QStringList{"promote", "nosuch", "-s", "health", "--yes"} << ""
            << "loadbench promote: %1/k6/benchmark/nosuch_health.json: missing, so it cannot become the "
               "baseline";
        QTest::newRow("promote an aborted run")
            << QStringList{"promote", "a1b2c3d", "-s", "health", "--yes"} << "aborted"
            << "loadbench promote: %1/k6/benchmark/a1b2c3d_health.meta.json: the run was stopped before its "
               "end, so it cannot become the baseline";
        QTest::newRow("promote the baseline")
            << QStringList{"promote", "baseline", "-s", "health", "--yes"} << ""
            << "loadbench promote: %1/k6/benchmark/baseline_health.json: is the baseline already";
        QTest::newRow("promote without --yes, not on a terminal")
            << QStringList{"promote", "a1b2c3d", "-s", "health"} << ""
            << "loadbench promote: replaces the baseline of health and asks first, but stdin is not a "
               "terminal; "
               "add --yes to promote without asking";
        QTest::newRow("promote without a script")
            << QStringList{"promote", "a1b2c3d", "--yes"} << ""
            << "loadbench promote: -s SCRIPT: name one script; see loadbench promote --help";
        QTest::newRow("results folder is a file") << QStringList{"runs"} << "folder-is-file"
                                                  << "loadbench runs: %1/k6/benchmark: not a folder";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << ""
                                         << "loadbench: unknown command \"frobnicate\"; see loadbench --help";
    }
    void errorsAreOneLineAndChangeNothing() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, setup);
        QFETCH(QString, message);
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        const QString results = ws.path() + "/k6/benchmark";
        if (setup == "no-baseline")
            QVERIFY(QFile::remove(results + "/baseline_health.json"));
        if (setup == "malformed")
            put(results + "/baseline_health.json", R"json({"metrics":{"http_reqs":{"type":"counter",)json");
        if (setup == "no-metrics")
            put(results + "/a1b2c3d_health.json",
                R"json({"metrics":{},"root_group":{"groups":[],"checks":[]}})json");
        if (setup == "aborted")
            put(results + "/a1b2c3d_health.meta.json",
                R"json({"run":"a1b2c3d","script":"health","startTime":"2026-12-01T08:00:00.000Z","aborted":true})json");
        if (setup == "folder-is-file") {
            QVERIFY(QDir(results).removeRecursively());
            put(results, "not a folder");
        }
        const auto before = snapshot(ws.path());

        const Result result = runLoadbench(ws.path(), arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QString());
        QVERIFY2(result.err.endsWith('\n') && result.err.count('\n') == 1, qPrintable(result.err));
        QVERIFY2(result.err.startsWith(QString(message).replace("%1", ws.path())), qPrintable(result.err));
        QCOMPARE(snapshot(ws.path()), before);
    }

    void promoteKeepsTheOldBaselineAsPrev() {
        QTemporaryDir ws;
        makeSlowerWorkspace(ws.path());
        const QString results = ws.path() + "/k6/benchmark/";
        put(results + "baseline_health.json", "{\"metrics\":{\"old\":{}}}"); // told apart from the run's
        const auto before = snapshot(ws.path());
        const auto bytes = [&](const QString& name) { return before.value(results + name); };

        const Result result = runLoadbench(ws.path(), {"promote", "a1b2c3d", "-s", "health", "--yes"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QString());
        QCOMPARE(result.out, "a1b2c3d is now the baseline of health.\n");
        const auto after = snapshot(ws.path());
        QCOMPARE(after.value(results + "baseline_health.json"), bytes("a1b2c3d_health.json"));
        QCOMPARE(after.value(results + "baseline_health.ndjson.gz"), bytes("a1b2c3d_health.ndjson.gz"));
        QCOMPARE(after.value(results + "baseline_health.json.prev"), bytes("baseline_health.json"));
        QCOMPARE(after.value(results + "baseline_health.ndjson.gz.prev"), bytes("baseline_health.ndjson.gz"));
        // The run keeps its own files, and nothing else appears but the .prev files.
        QCOMPARE(after.value(results + "a1b2c3d_health.json"), bytes("a1b2c3d_health.json"));
        QCOMPARE(after.size(), before.size() + 2);
        QVERIFY(!QFile::exists(results + ".run.lock"));
    }

    void runsListsEveryRunWithItsCommit() {
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        put(ws.path() + "/k6/benchmark/a1b2c3d_health.meta.json",
            R"json({"run":"a1b2c3d","script":"health","backend":"builtin","commit":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                    "branch":"main","dirty":false,"startTime":"2020-01-01T10:00:00.000Z"})json");
        const Result text = runLoadbench(ws.path(), {"runs"});
        QCOMPARE(text.exitCode, 0);
        const QStringList lines = text.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0].simplified(), "run time commit scripts");
        const QString runLine = lines.filter(QRegularExpression("^a1b2c3d ")).value(0).simplified();
        QCOMPARE(runLine, "a1b2c3d 2020-01-01T10:00:00.000Z a1b2c3d health, payment-confirm");

        const Result json = runLoadbench(ws.path(), {"runs", "--json"});
        QCOMPARE(json.exitCode, 0);
        const auto runs = nlohmann::json::parse(json.out.toStdString());
        QCOMPARE(runs.size(), std::size_t(2));
        for (const auto& run : runs) {
            QCOMPARE(run["scripts"].size(), std::size_t(2));
            if (run["run"] == "a1b2c3d") {
                QCOMPARE(run["commit"].get<std::string>(),
                         std::string("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"));
                QCOMPARE(run["scripts"][0]["files"].dump(), std::string(R"json([".json",".meta.json"])json"));
            }
        }
    }

    void runsInAnEmptyWorkspace() {
        QTemporaryDir ws;
        const Result result = runLoadbench(ws.path(), {"runs", "--json"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), "[]");
    }

    void workspaceOption() {
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        QTemporaryDir elsewhere;
        const Result result =
            runLoadbench(elsewhere.path(), {"compare", "a1b2c3d", "-s", "health", "-w", ws.path()});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith("health: a1b2c3d against baseline\n"));
    }

    void historyInCommitOrder() {
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        gittest::git(ws.path(), {"init", "-q"});
        gittest::git(ws.path(), {"add", "k6/health.js"});
        gittest::git(ws.path(), {"commit", "-q", "-m", "health script"}, "2020-06-01T08:00:00Z");
        const QString hash = gittest::git(ws.path(), {"rev-parse", "--short=7", "HEAD"});
        copyFixture("handle-summary/groups-checks-thresholds.json",
                    ws.path() + "/k6/benchmark/" + hash + "_health.json");
        put(ws.path() + "/k6/benchmark/baseline_health.meta.json",
            R"json({"run":"baseline","script":"health","startTime":"2019-01-01T10:00:00.000Z"})json");
        put(ws.path() + "/k6/benchmark/a1b2c3d_health.meta.json",
            R"json({"run":"a1b2c3d","script":"health","startTime":"2021-01-01T10:00:00.000Z"})json");

        const Result text = runLoadbench(ws.path(), {"history", "-s", "health"});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.err, QString());
        const QStringList lines = text.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0], "health: 3 runs, oldest first");
        QCOMPARE(lines[1].simplified(), "run time by p(95) med requests errors thresholds commit");
        QCOMPARE(lines[2].simplified(),
                 "baseline 2019-01-01T10:00:00.000Z start 30.03 ms 20.09 ms 35.95/s 39.75% ✓ passed");
        QCOMPARE(lines[3].simplified(), hash + " 2020-06-01T08:00:00.000Z commit 30.03 ms 20.09 ms 35.95/s "
                                               "39.75% ✓ passed health script");
        QCOMPARE(lines[4].simplified(),
                 "a1b2c3d 2021-01-01T10:00:00.000Z start 24458.8 ms 10990.6 ms 6.59/s 0.00% ✗ failed");

        const Result json = runLoadbench(ws.path(), {"history", "-s", "health", "--format", "json"});
        QCOMPARE(json.exitCode, 0);
        const auto history = nlohmann::json::parse(json.out.toStdString());
        QCOMPARE(history["script"].get<std::string>(), std::string("health"));
        QCOMPARE(history["runs"].size(), std::size_t(3));
        const auto& committed = history["runs"][1];
        QCOMPARE(QString::fromStdString(committed["run"].get<std::string>()), hash);
        QCOMPARE(committed["timeSource"].get<std::string>(), std::string("commit"));
        QCOMPARE(QString::fromStdString(committed["commit"]["commit"].get<std::string>()),
                 gittest::git(ws.path(), {"rev-parse", "HEAD"}));
        QCOMPARE(committed["commit"]["dirty"].get<bool>(), false);
        QCOMPARE(committed["p95Ms"].get<double>(), 30.0256841);
        QCOMPARE(committed["medianMs"].get<double>(), 20.090773);
        QCOMPARE(committed["requestsPerSecond"].get<double>(), 35.94634922417172);
        QCOMPARE(committed["errorRate"].get<double>(), 0.39749430523917995);
        QCOMPARE(committed["thresholdsPassed"].get<bool>(), true);
        QVERIFY(history["runs"][0]["commit"].is_null());
        QCOMPARE(history["runs"][2]["thresholdsPassed"].get<bool>(), false);
    }

    void historyChangePoints() {
        QTemporaryDir ws;
        QVERIFY(QDir().mkpath(ws.path() + "/k6"));
        put(ws.path() + "/k6/health.js", "export default function () {}\n");
        gittest::git(ws.path(), {"init", "-q"});
        // Twelve commits, p(95) 30 % up from the seventh on (100 ms, then 130 ms on average); median and
        // requests/s only wobble. An invalid run (90 % failed) with a p(95) far off sits among them.
        const std::vector<double> p95{100, 102, 99, 101, 100, 98, 130, 131, 129, 132, 130, 128};
        QStringList commits;
        const auto store = [&](const QString& run, double p95Ms, double failed, int day) {
            put(ws.path() + "/k6/benchmark/" + run + "_health.json",
                QByteArray::fromStdString(
                    loadbench::test::keyFiguresSummary(p95Ms, 50 + day % 2, 40 + day % 2, failed, true)));
            put(ws.path() + "/k6/benchmark/" + run + "_health.meta.json",
                QString(R"({"run":"%1","script":"health","startTime":"2026-03-%2T10:00:00.000Z"})")
                    .arg(run)
                    .arg(day, 2, 10, QChar('0'))
                    .toUtf8());
        };
        for (int i = 0; i < 14; ++i) {
            const QString date = QString("2026-02-%1T08:00:00Z").arg(i + 1, 2, 10, QChar('0'));
            commits << gittest::commitChange(ws.path(), QString("change %1").arg(i), date);
            if (i < 12)
                store(commits.last(), p95[i], 0, i + 1);
        }
        store(commits[12], 500, 0.9, 13);
        // The newest run is far slower still: a change point of its own until it is excluded.
        store(commits[13], 300, 0, 14);

        const auto changePoints = [&] {
            const Result json = runLoadbench(ws.path(), {"history", "-s", "health", "--format", "json"});
            if (json.exitCode != 0)
                qFatal("history failed: %s", qPrintable(json.err));
            return nlohmann::json::parse(json.out.toStdString());
        };
        nlohmann::json history = changePoints();
        QCOMPARE(history["changePoints"].size(), std::size_t(2));
        const auto& step = history["changePoints"][0];
        QCOMPARE(QString::fromStdString(step["run"].get<std::string>()), commits[6]);
        QCOMPARE(QString::fromStdString(step["commit"].get<std::string>()), commits[6]);
        QCOMPARE(step["metric"].get<std::string>(), std::string("p95Ms"));
        QCOMPARE(step["before"].get<double>(), 100.0);
        QCOMPARE(step["after"].get<double>(), 130.0);
        QCOMPARE(step["change"].get<double>(), 30.0);
        // Student's t = -36.74 with 10 degrees of freedom; p worked out with mpmath's incomplete beta.
        QVERIFY(std::abs(step["pValue"].get<double>() - 5.3056777801304036e-12) < 1e-20);
        QCOMPARE(history["changePoints"][1]["run"].get<std::string>(), commits[13].toStdString());
        QCOMPARE(history["changePoints"][1]["before"].get<double>(), 130.0);
        QCOMPARE(history["changePoints"][1]["after"].get<double>(), 300.0);
        QCOMPARE(history["runs"][12]["valid"].get<bool>(), false);

        const QString newestMeta = ws.path() + "/k6/benchmark/" + commits[13] + "_health.meta.json";
        const Result excluded =
            runLoadbench(ws.path(), {"history", "-s", "health", "--exclude", commits[13]});
        QCOMPARE(excluded.exitCode, 0);
        QCOMPARE(excluded.err, QString());
        const QStringList lines = excluded.out.trimmed().split('\n');
        QCOMPARE(lines[0], "health: 14 runs, oldest first");
        QCOMPARE(
            lines[15].simplified(),
            commits[13] +
                " 2026-02-14T08:00:00.000Z commit 300 ms 50 ms 40/s 0.00% ✓ passed (excluded) change 13");
        QCOMPARE(lines[16], "");
        QCOMPARE(lines[17], "Change points (E-divisive means, t-test):");
        QCOMPARE(lines[18],
                 "  " + commits[6] + "  http_req_duration p(95)  100 ms → 130 ms, +30.00%  (p = 5.3e-12)");
        QCOMPARE(lines.size(), 19);
        QFile meta(newestMeta);
        QVERIFY(meta.open(QIODevice::ReadOnly));
        const auto marked = nlohmann::json::parse(meta.readAll().toStdString());
        QCOMPARE(marked["excludedFromHistory"].get<bool>(), true);
        QCOMPARE(marked["startTime"].get<std::string>(), std::string("2026-03-14T10:00:00.000Z"));
        meta.close();
        history = changePoints();
        QCOMPARE(history["changePoints"].size(), std::size_t(1));
        QCOMPARE(history["runs"][13]["excluded"].get<bool>(), true);
        QCOMPARE(history["runs"][12]["excluded"].get<bool>(), false);

        QCOMPARE(runLoadbench(ws.path(), {"history", "-s", "health", "--include", commits[13]}).exitCode, 0);
        QVERIFY(meta.open(QIODevice::ReadOnly));
        QVERIFY(!nlohmann::json::parse(meta.readAll().toStdString()).contains("excludedFromHistory"));
        QCOMPARE(changePoints()["changePoints"].size(), std::size_t(2));
    }

    void historyExclusionRefused_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("no meta") << QStringList{"--exclude", "a1b2c3d"}
                                 << "/k6/benchmark/a1b2c3d_health.meta.json: no such file; only a run with a "
                                    ".meta.json can be excluded";
        QTest::newRow("the baseline")
            << QStringList{"--exclude", "baseline"}
            << "/k6/benchmark/baseline_health.meta.json: the baseline is a copy of a run and is not part of "
               "the history; exclude that run instead";
        QTest::newRow("bad run name")
            << QStringList{"--exclude", "../x"} << "run name \"../x\": contains a path separator";
        QTest::newRow("both") << QStringList{"--exclude", "a1b2c3d", "--include", "a1b2c3d"}
                              << "--exclude a1b2c3d and --include a1b2c3d: name a run in one of them";
    }

    void historyExclusionRefused() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        QTemporaryDir ws;
        makeWorkspace(ws.path());
        const auto before = snapshot(ws.path());
        const Result result = runLoadbench(ws.path(), QStringList{"history", "-s", "health"} + arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QString());
        QVERIFY2(result.err.startsWith("loadbench history: ") && result.err.count('\n') == 1,
                 qPrintable(result.err));
        QVERIFY2(result.err.trimmed().endsWith(error), qPrintable(result.err));
        QCOMPARE(snapshot(ws.path()), before);
    }

    void helpOnEveryCommand_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("usage");
        QTest::newRow("loadbench") << QStringList{"--help"} << "Usage: loadbench COMMAND [options]";
        QTest::newRow("compare") << QStringList{"compare", "--help"}
                                 << "Usage: loadbench compare RUN [options]";
        QTest::newRow("promote") << QStringList{"promote", "--help"}
                                 << "Usage: loadbench promote RUN -s SCRIPT [options]";
        QTest::newRow("runs") << QStringList{"runs", "-h"} << "Usage: loadbench runs [options]";
        QTest::newRow("history") << QStringList{"history", "--help"}
                                 << "Usage: loadbench history -s SCRIPT [options]";
    }
    void helpOnEveryCommand() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, usage);
        QTemporaryDir ws;
        const Result result = runLoadbench(ws.path(), arguments);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.section('\n', 0, 0), usage);
    }

    // Without arguments loadbench opens the window; where no display exists it says so and lists the runs.
    void noArgumentsWithoutDisplayListsRuns() {
        QTemporaryDir ws;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(name);
        const Result result = runLoadbench(ws.path(), {}, environment);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.startsWith("loadbench: no display"), qPrintable(result.err));
        QCOMPARE(result.out.trimmed(), "No runs in " + QDir(ws.path()).filePath("k6/benchmark"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
