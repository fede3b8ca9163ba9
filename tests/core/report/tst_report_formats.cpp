// Each report format's content, on two comparisons made in process: one of real k6 summaries and samples the
// test writes into a temporary workspace (a run 30 % slower than its baseline), and one built in memory
// whose names hold what XML and HTML give a meaning, and control characters.
#include "core/report/html_report.h"
#include "core/report/json_report.h"
#include "core/report/junit_report.h"
#include "core/report/markdown_report.h"
#include "core/report/palette.h"
#include "core/report/regression_gate.h"
#include "core/report/xml_text.h"
#include "support/k6_samples.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <sstream>

using namespace loadbench;

namespace {

StatVerdict verdictOf(VerdictStat stat, Verdict verdict, std::optional<double> change,
                      std::optional<double> low = std::nullopt, std::optional<double> high = std::nullopt) {
    StatVerdict result;
    result.stat = stat;
    result.verdict = verdict;
    result.change = change;
    result.low = low;
    result.high = high;
    switch (stat) {
    case VerdictStat::RequestsPerSecond:
        result.metric = "http_reqs";
        result.name = "rate";
        break;
    case VerdictStat::ErrorRate:
        result.metric = "http_req_failed";
        result.name = "rate";
        result.unit = ChangeUnit::PercentagePoints;
        break;
    default:
        result.metric = "http_req_duration{expected_response:true}";
        result.name = stat == VerdictStat::Median ? "med" : "p(95)";
    }
    return result;
}

const std::string awkwardScript = "pay<&>\x01ment";
const std::string awkwardBaseline = "v1<&>";
const std::string awkwardRun = "x&y\x02";
const std::string awkwardMetric = "lat<&\x07>{a:b}";

/// A comparison with names full of `<`, `&`, `>` and control characters, and every kind of verdict: median
/// slower by +30 % [+25 %, +35 %], p(95) not tested, requests/s faster, error rate slower by +0.8 pp.
ComparisonReport awkwardReport() {
    ScriptComparison comparison;
    comparison.script = awkwardScript;
    comparison.baseline.run = awkwardBaseline;
    comparison.current.run = awkwardRun;
    comparison.baseline.samplesProblem = "no samples stored (v1<&>_x.ndjson.gz)";
    comparison.current.hasSamples = true;
    SummaryMetric latency;
    latency.key = awkwardMetric;
    latency.thresholds = {{"p(95)<5 && x>1", false}};
    comparison.current.summary.metrics[latency.key] = latency;
    SummaryMetric requests;
    requests.key = "http_reqs";
    requests.thresholds = {{"rate>10", true}};
    comparison.current.summary.metrics[requests.key] = requests;
    ThresholdOutcome threshold;
    threshold.metric = awkwardMetric;
    threshold.expression = "p(95)<5 && x>1";
    threshold.currentOk = false;
    comparison.thresholds = {threshold};
    comparison.rows = {
        {"lat|<&", "p(95)", MetricType::Trend, ValueKind::Time, 10, 13, 30, ChangeStatus::Compared},
        {"http_req_duration", "med", MetricType::Trend, ValueKind::Time, 10, 13, 30, ChangeStatus::Compared}};
    comparison.baseline.p95 = {{0, 9}, {1, 9.5}};
    comparison.current.p95 = {{0, 12}, {1, 13}};
    comparison.current.requestsPerSecond = {{0, 20}, {1, 22}};
    StatVerdict untested = verdictOf(VerdictStat::P95, Verdict::NotTested, 30);
    untested.reason = "no samples \x1b[31mred";
    comparison.verdicts = {verdictOf(VerdictStat::Median, Verdict::Slower, 30, 25, 35), untested,
                           verdictOf(VerdictStat::RequestsPerSecond, Verdict::Faster, 10, 5, 15),
                           verdictOf(VerdictStat::ErrorRate, Verdict::Slower, 0.8, 0.5, 1.1)};
    comparison.verdicts[0].baseline = 10;
    comparison.verdicts[0].current = 13;
    ComparisonReport report;
    report.run = awkwardRun;
    report.baseline = awkwardBaseline;
    report.scripts.push_back(std::move(comparison));
    return report;
}

/// In `workspace`, run a1b2c3d of health 30 % slower than its baseline (real summaries, 10 s of samples
/// each), compared as `loadbench compare a1b2c3d` does.
ComparisonReport slowerReport(const QString& workspace) {
    test::writeComparedRuns(workspace, 10, 13);
    ComparisonReport report;
    report.run = "a1b2c3d";
    report.baseline = "baseline";
    report.scripts.push_back(
        compareScript(ResultStore(workspace.toStdString()), report.baseline, report.run, "health"));
    return report;
}

/// A JSON string as QString, which QCOMPARE prints when it differs.
QString textOf(const nlohmann::ordered_json& value) {
    return QString::fromStdString(value.get<std::string>());
}

template <typename Write> QString written(Write write) {
    std::ostringstream out;
    write(out);
    return QString::fromStdString(out.str());
}

struct JunitCase {
    QString suite;
    QString classname;
    QString name;
    QString failure; // the failure's message; null when it has no failure element
    QString skipped; // the same for skipped
};

struct Junit {
    QString name;
    int tests = -1, failures = -1, skipped = -1; // as the root element counts them
    QList<JunitCase> cases;
    QString error; // the reader's, empty for well-formed XML
};

Junit readJunit(const QString& text) {
    Junit junit;
    QXmlStreamReader xml(text);
    QString suite;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QXmlStreamAttributes attributes = xml.attributes();
        if (xml.name() == u"testsuites") {
            junit.name = attributes.value("name").toString();
            junit.tests = attributes.value("tests").toInt();
            junit.failures = attributes.value("failures").toInt();
            junit.skipped = attributes.value("skipped").toInt();
        } else if (xml.name() == u"testsuite") {
            suite = attributes.value("name").toString();
        } else if (xml.name() == u"testcase") {
            junit.cases.append({suite,
                                attributes.value("classname").toString(),
                                attributes.value("name").toString(),
                                {},
                                {}});
        } else if (xml.name() == u"failure") {
            junit.cases.last().failure = attributes.value("message").toString();
        } else if (xml.name() == u"skipped") {
            junit.cases.last().skipped = attributes.value("message").toString();
        }
    }
    junit.error = xml.hasError() ? xml.errorString() : QString();
    return junit;
}

const JunitCase* findCase(const Junit& junit, const QString& name) {
    const auto found = std::find_if(junit.cases.begin(), junit.cases.end(),
                                    [&](const JunitCase& c) { return c.name == name; });
    return found == junit.cases.end() ? nullptr : &*found;
}

/// The `<svg>` elements of an HTML page.
QStringList svgElements(const QString& html) {
    QStringList charts;
    for (qsizetype from = html.indexOf("<svg "); from >= 0; from = html.indexOf("<svg ", from + 1))
        charts << html.mid(from, html.indexOf("</svg>", from) + 6 - from);
    return charts;
}

/// The text of every element named `element` in a well-formed XML fragment; fails the test on an error.
QStringList textsOf(const QString& xml, const QString& element) {
    QXmlStreamReader reader(xml);
    QStringList texts;
    while (!reader.atEnd())
        if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == element)
            texts << reader.readElementText(QXmlStreamReader::IncludeChildElements);
    if (reader.hasError())
        qWarning("%s in:\n%s", qPrintable(reader.errorString()), qPrintable(xml));
    return reader.hasError() ? QStringList{"not well-formed"} : texts;
}

} // namespace

class TestReportFormats : public QObject {
    Q_OBJECT

private slots:
    void regressionGate_data() {
        QTest::addColumn<int>("stat");
        QTest::addColumn<int>("verdict");
        QTest::addColumn<std::optional<double>>("change");
        QTest::addColumn<double>("gate");
        QTest::addColumn<bool>("trips");
        QTest::addColumn<QString>("description"); // describeRegression's line
        const auto median = int(VerdictStat::Median);
        const auto slower = int(Verdict::Slower);
        QTest::newRow("slower beyond the gate") << median << slower << std::optional(30.0) << 10.0 << true
                                                << "slower, +30.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("slower by exactly the gate")
            << median << slower << std::optional(10.0) << 10.0 << false
            << "slower, +10.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("slower within the gate") << median << slower << std::optional(5.0) << 10.0 << false
                                                << "slower, +5.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("any slower at a gate of 0") << median << slower << std::optional(0.5) << 0.0 << true
                                                   << "slower, +0.50% [+25.00%, +35.00%], more than 0%";
        QTest::newRow("a fractional gate as typed") << median << slower << std::optional(3.0) << 2.25 << true
                                                    << "slower, +3.00% [+25.00%, +35.00%], more than 2.25%";
        QTest::newRow("faster never trips") << median << int(Verdict::Faster) << std::optional(-30.0) << 10.0
                                            << false << "slower, -30.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("unchanged never trips, however wide")
            << median << int(Verdict::Unchanged) << std::optional(30.0) << 10.0 << false
            << "slower, +30.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("not tested never trips")
            << median << int(Verdict::NotTested) << std::optional(30.0) << 10.0 << false
            << "slower, +30.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("slower without a change") << median << slower << std::optional<double>() << 10.0
                                                 << false << "slower, - [+25.00%, +35.00%], more than 10%";
        QTest::newRow("fewer requests per second")
            << int(VerdictStat::RequestsPerSecond) << slower << std::optional(-20.0) << 10.0 << true
            << "slower, -20.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("more requests per second")
            << int(VerdictStat::RequestsPerSecond) << slower << std::optional(20.0) << 10.0 << false
            << "slower, +20.00% [+25.00%, +35.00%], more than 10%";
        QTest::newRow("error rate in percentage points")
            << int(VerdictStat::ErrorRate) << slower << std::optional(0.8) << 0.5 << true
            << "slower, +0.80 pp [+25.00 pp, +35.00 pp], more than 0.5 pp";
    }
    void regressionGate() {
        QFETCH(int, stat);
        QFETCH(int, verdict);
        QFETCH(std::optional<double>, change);
        QFETCH(double, gate);
        QFETCH(bool, trips);
        QFETCH(QString, description);
        const StatVerdict subject = verdictOf(VerdictStat(stat), Verdict(verdict), change, 25, 35);
        QCOMPARE(tripsRegressionGate(subject, gate), trips);
        QCOMPARE(QString::fromStdString(describeRegression(subject, gate)), description);
    }

    void regressionsOverNameScriptAndStatistic() {
        const ComparisonReport report = awkwardReport();
        QCOMPARE(regressionsOver(report, 10),
                 std::vector<std::string>{awkwardScript +
                                          ": http_req_duration{expected_response:true} med "
                                          "slower, +30.00% [+25.00%, +35.00%], more than 10%"});
        QCOMPARE(regressionsOver(report, 0.5).size(), std::size_t(2)); // and the error rate's +0.8 pp
        QVERIFY(regressionsOver(report, 30).empty());
    }

    void paletteIsOneSetOfColours() {
        QCOMPARE(hexColour(palette::baselineRun), std::string("#4e79a7"));
        QCOMPARE(hexColour(palette::newRun), std::string("#f28e2b"));
        QCOMPARE(verdictColour(Verdict::Slower), std::optional(palette::slower));
        QCOMPARE(verdictColour(Verdict::Faster), std::optional(palette::faster));
        QCOMPARE(verdictColour(Verdict::Unchanged), std::optional(palette::unchanged));
        QCOMPARE(verdictColour(Verdict::NotTested), std::optional<Rgb>());
    }

    void xmlTextDropsWhatXmlForbids_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QByteArray("p(95)<5 & x") << "p(95)<5 & x";
        QTest::newRow("colour codes") << QByteArray("\x1b[31mred\x1b[0m") << "[31mred[0m";
        QTest::newRow("NUL and bell") << QByteArray("a\0b\x07"
                                                    "c",
                                                    5)
                                      << "abc";
        QTest::newRow("tab and line ends kept") << QByteArray("a\tb\nc\r") << "a\tb\nc\r";
        QTest::newRow("non-characters") << QByteArray("a\xef\xbf\xbe"
                                                      "b\xef\xbf\xbf")
                                        << "ab";
        QTest::newRow("UTF-8 kept") << QByteArray("µs ✓") << QString::fromUtf8("µs ✓");
    }
    void xmlTextDropsWhatXmlForbids() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QCOMPARE(xmlText(std::string_view(text.constData(), std::size_t(text.size()))), expected);
    }

    void jsonOfARealComparison() {
        QTemporaryDir workspace;
        const nlohmann::ordered_json json = reportJson(slowerReport(workspace.path()));
        std::vector<std::string> keys;
        for (const auto& [key, value] : json.items())
            keys.push_back(key);
        QCOMPARE(keys, (std::vector<std::string>{"run", "baseline", "noiseFloorPercent", "scripts"}));
        QCOMPARE(textOf(json["run"]), "a1b2c3d");
        QCOMPARE(json["noiseFloorPercent"].get<double>(), 2.0);
        const auto& script = json["scripts"][0];
        keys.clear();
        for (const auto& [key, value] : script.items())
            keys.push_back(key);
        QCOMPARE(keys, (std::vector<std::string>{"script", "health", "aborted", "thresholdsPassed",
                                                 "thresholds", "diff", "verdicts", "requests", "checks",
                                                 "errors", "slowestRequests", "rows"}));
        QCOMPARE(script["health"]["new"]["valid"].get<bool>(), true);
        QCOMPARE(textOf(script["health"]["new"]["warnings"][0]["kind"]), "failed-requests");
        QCOMPARE(textOf(script["script"]), "health");
        QCOMPARE(script["thresholdsPassed"].get<bool>(), true);
        // The fixture's p(95) (30.0256841 ms) and max (1175.743348 ms) in both runs, against 1000 and 4000.
        const auto& p95Threshold = script["thresholds"][0];
        QCOMPARE(textOf(p95Threshold["metric"]), "http_req_duration");
        QCOMPARE(textOf(p95Threshold["expression"]), "p(95)<1000");
        QCOMPARE(textOf(p95Threshold["stat"]), "p(95)");
        QCOMPARE(p95Threshold["ok"].get<bool>(), true);
        for (const char* side : {"baseline", "new"}) {
            QCOMPARE(p95Threshold[side]["ok"].get<bool>(), true);
            QCOMPARE(p95Threshold[side]["observed"].get<double>(), 30.0256841);
            QVERIFY(std::abs(p95Threshold[side]["headroomPercent"].get<double>() - 96.99743159) < 1e-9);
        }
        QCOMPARE(textOf(script["thresholds"][1]["stat"]), "max");
        const auto& median = script["verdicts"][0];
        QCOMPARE(textOf(median["stat"]), "med");
        QCOMPARE(textOf(median["unit"]), "%");
        QCOMPARE(textOf(median["verdict"]), "slower");
        QVERIFY(median["low"].get<double>() > 25 && median["high"].get<double>() < 35);
        QCOMPARE(textOf(script["verdicts"][5]["unit"]), " pp"); // the error rate, as the CLI has printed it
        QCOMPARE(script["slowestRequests"]["new"].size(), std::size_t(20));
        const auto& slowest = script["slowestRequests"]["new"][0];
        QVERIFY(std::abs(slowest["durationMs"].get<double>() - 13 * 1.01) < 1e-6);
        QVERIFY(QRegularExpression(R"(^2027-01-15T\d\d:\d\d:\d\d\.\d{3}Z$)")
                    .match(QString::fromStdString(slowest["time"].get<std::string>()))
                    .hasMatch());
        // Both runs have the same summary: every row is compared, with no change.
        const auto p95 = std::find_if(script["rows"].begin(), script["rows"].end(), [](const auto& row) {
            return row["metric"] == "http_req_duration" && row["stat"] == "p(95)";
        });
        QVERIFY(p95 != script["rows"].end());
        QCOMPARE((*p95)["baseline"].get<double>(), 30.0256841);
        QCOMPARE(textOf((*p95)["change"]), "+0.00%");
        QCOMPARE(textOf((*p95)["status"]), "compared");
    }

    void jsonWritesNullForWhatIsMissing() {
        const nlohmann::ordered_json json = reportJson(awkwardReport());
        const auto& untested = json["scripts"][0]["verdicts"][1];
        QCOMPARE(textOf(untested["verdict"]), "not tested");
        QVERIFY(untested["low"].is_null() && untested["high"].is_null());
        QCOMPARE(textOf(untested["reason"]), "no samples \x1b[31mred");
        QCOMPARE(json["scripts"][0]["thresholdsPassed"].get<bool>(), false);
        QVERIFY(json["scripts"][0]["slowestRequests"]["baseline"].empty());
    }

    void markdownRows() {
        const QStringList lines =
            written([](std::ostream& out) { writeMarkdown(awkwardReport(), out); }).split('\n');
        for (const QString& line : {
                 QString::fromStdString("# " + awkwardRun + " against " + awkwardBaseline),
                 QString::fromStdString("## " + awkwardScript),
                 QString::fromStdString("| statistic | v1&lt;&> | " + awkwardRun +
                                        " | change | 95 % interval | verdict |"),
                 QString("| median | 10 ms | 13 ms | +30.00% | [+25.00%, +35.00%] | 🔴 slower |"),
                 QString("| p(95) | – | – | +30.00% | – | ➖ not tested |"),
                 QString("| requests/s | – | – | +10.00% | [+5.00%, +15.00%] | 🟢 faster |"),
                 QString("| error rate | – | – | +0.80 pp | [+0.50 pp, +1.10 pp] | 🔴 slower |"),
                 QString::fromStdString("Not tested: no samples \x1b[31mred"),
                 QString(
                     "Verdicts: 95 % intervals of each change from a block bootstrap over the runs' seconds; "
                     "changes within ±2.0 % count as unchanged."),
                 QString::fromStdString("| lat&lt;&\x07>{a:b} p(95)&lt;5 && x>1 | – | ✗ failed |"),
                 QString("| lat\\|&lt;& | p(95) | 10 ms | 13 ms | +30.00% |"),
             })
            QVERIFY2(lines.contains(line), qPrintable(line + " not in:\n" + lines.join('\n')));
    }

    void markdownOfARealComparison() {
        QTemporaryDir workspace;
        const ComparisonReport report = slowerReport(workspace.path());
        const QStringList lines = written([&](std::ostream& out) { writeMarkdown(report, out); }).split('\n');
        QVERIFY(lines.contains(
            "| http_req_duration p(95)&lt;1000 | ✓ passed: 30.03 ms, 97 % of the limit to spare | "
            "✓ passed: 30.03 ms, 97 % of the limit to spare |"));
        QVERIFY(lines.contains("| http_req_duration | p(95) | 30.03 ms | 30.03 ms | +0.00% |"));
        // The one request, its median 10 ms and 13 ms as the runs were written.
        const auto request = std::find_if(lines.begin(), lines.end(), [](const QString& line) {
            return line.startsWith("| GET /health | 200 → 200 | 10 ms → 13 ms (+30.00%) | ");
        });
        QVERIFY(request != lines.end());
        QVERIFY2(request->endsWith("| 🔴 slower |"), qPrintable(*request));
        // Both runs jitter alike around 10 and 13 ms: every resample's change is the same +30 %.
        QVERIFY2(lines.contains("| median | 10 ms | 13 ms | +30.00% | [+30.00%, +30.00%] | 🔴 slower |"),
                 qPrintable(lines.join('\n')));
        // k6's rate: the samples' 200 expected responses over the fixture summary's test run of 24.425 s.
        QVERIFY2(lines.contains("| requests/s | 8.19/s | 8.19/s | +0.00% | [+0.00%, +0.00%] | ⚪ unchanged |"),
                 qPrintable(lines.join('\n')));
        // The fixture's own http_req_failed rate (349 of 878 requests, 39.7 %) is above the warning level.
        QVERIFY2(lines.contains("- **a1b2c3d** warning: 39.7 % of requests failed"),
                 qPrintable(lines.join('\n')));
    }

    void htmlHasItsChartsWithEscapedNames() {
        const QString html = written([](std::ostream& out) { writeHtml(awkwardReport(), out); });
        QVERIFY(html.startsWith("<!DOCTYPE html>\n"));
        QVERIFY(html.endsWith("</body></html>\n"));
        QVERIFY(html.contains("<title>x&amp;y against v1&lt;&amp;&gt;</title>"));
        QVERIFY(html.contains("<h2>pay&lt;&amp;&gt;ment</h2>"));
        QVERIFY(html.contains("<p>v1&lt;&amp;&gt;: no samples stored (v1&lt;&amp;&gt;_x.ndjson.gz)</p>"));
        QVERIFY(html.contains("<tr><td>lat|&lt;&amp;</td><td>p(95)</td><td class=\"n\">10 ms</td>"));
        QVERIFY(!html.contains('\x01') && !html.contains('\x02') && !html.contains('\x07'));
        // The verdicts' rows tinted in the palette's colours; "not tested" plain.
        QVERIFY(html.contains("<tr style=\"background:rgba(215,48,39,0.31)\" "
                              "title=\"http_req_duration{expected_response:true}\"><td>median</td>"));
        QVERIFY(html.contains("<tr title=\"no samples [31mred\"><td>p(95)</td>"));
        QVERIFY(html.contains("<tr style=\"background:rgba(26,152,80,0.31)\""));

        // The p(95) over time of both and the new run's requests/s; no percentile curve, no failures.
        const QStringList charts = svgElements(html);
        QCOMPARE(charts.size(), 2);
        QCOMPARE(textsOf(charts[0], "title"),
                 (QStringList{"Latency percentiles of expected responses", "v1<&> p(95)", "x&y p(95)"}));
        QCOMPARE(textsOf(charts[1], "title"), (QStringList{"Requests per second", "x&y"}));
        for (const QString& chart : charts) {
            const QStringList texts = textsOf(chart, "text");
            QVERIFY2(texts.contains("v1<&>") && texts.contains("x&y"), qPrintable(texts.join('|')));
            // The legend: the baseline's line solid, the new run's dashed.
            QVERIFY(chart.contains("stroke=\"#4e79a7\" stroke-width=\"2\" stroke-dasharray=\"none\""));
            QVERIFY(chart.contains("stroke=\"#f28e2b\" stroke-width=\"2\" stroke-dasharray=\"5,3\""));
        }
        QVERIFY(charts[0].contains("<polyline fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"1.5\" "
                                   "points=\"60.0,"));
        QVERIFY(charts[0].contains("<polyline fill=\"none\" stroke=\"#f28e2b\" stroke-width=\"1.5\" "
                                   "stroke-dasharray=\"5,3\" points=\"60.0,"));
        QVERIFY(!charts[1].contains("<polyline fill=\"none\" stroke=\"#4e79a7\"")); // no baseline requests/s
    }

    void htmlOfARealComparison() {
        QTemporaryDir workspace;
        const ComparisonReport report = slowerReport(workspace.path());
        const QString html = written([&](std::ostream& out) { writeHtml(report, out); });
        const QStringList charts = svgElements(html);
        QCOMPARE(charts.size(), 4);
        QCOMPARE(textsOf(charts[0], "title"),
                 (QStringList{"Latency by percentile of expected responses", "baseline", "a1b2c3d"}));
        // The percentile axis as HdrHistogram's, log of 1/(1 - p): 0 % at the left, each nine a quarter
        // further.
        const QStringList ticks = textsOf(charts[0], "text");
        for (const QString& tick : {"0%", "50%", "90%", "99%", "99.9%", "99.99%"})
            QVERIFY2(ticks.contains(tick), qPrintable(ticks.join('|')));
        QVERIFY(charts[0].contains("<text x=\"60.0\" y=\"218.0\" text-anchor=\"start\">0%</text>"));
        QVERIFY(charts[0].contains("<text x=\"304.0\" y=\"218.0\" text-anchor=\"middle\">99%</text>"));
        QVERIFY(charts[0].contains("<text x=\"548.0\" y=\"218.0\" text-anchor=\"end\">99.99%</text>"));
        QCOMPARE(textsOf(charts[1], "title"),
                 (QStringList{"Latency percentiles of expected responses", "baseline p(50)", "baseline p(95)",
                              "baseline p(99)", "a1b2c3d p(50)", "a1b2c3d p(95)", "a1b2c3d p(99)"}));
        QCOMPARE(charts[1].count("<polyline "), 6);
        QCOMPARE(charts[1].count("stroke-dasharray=\"5,3\" points="), 3); // the new run's
        QCOMPARE(textsOf(charts[2], "title"), (QStringList{"Requests per second", "baseline", "a1b2c3d"}));
        QCOMPARE(textsOf(charts[3], "title"),
                 (QStringList{"Failed requests per second", "baseline", "a1b2c3d"}));
        QVERIFY(html.contains("<h3>Slowest requests of a1b2c3d</h3>"));
        QCOMPARE(html.count("<td>GET</td>"), 21); // the slowest 20 and the one request's row
        QVERIFY(html.contains("<h3>Requests</h3>"));
    }

    void junitOfARealComparison_data() {
        QTest::addColumn<double>("gate");
        QTest::addColumn<int>("failures");
        QTest::newRow("any slower") << 0.0 << 4;
        QTest::newRow("more than 10 %") << 10.0 << 4;
        QTest::newRow("more than 50 %") << 50.0 << 0;
    }
    void junitOfARealComparison() {
        QFETCH(double, gate);
        QFETCH(int, failures);
        QTemporaryDir workspace;
        const ComparisonReport report = slowerReport(workspace.path());
        const QString text = written([&](std::ostream& out) { writeJunit(report, gate, out); });
        QVERIFY(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
        const Junit junit = readJunit(text);
        QVERIFY2(junit.error.isEmpty(), qPrintable(junit.error));
        QCOMPARE(junit.name, "loadbench a1b2c3d against baseline");
        // The fixture's two thresholds, both passed, and a gate for each of the six verdicts.
        QCOMPARE(junit.cases.size(), 8);
        QCOMPARE(junit.tests, 8);
        QCOMPARE(junit.failures, failures);
        QCOMPARE(junit.skipped, 0);
        QCOMPARE(std::count_if(junit.cases.begin(), junit.cases.end(),
                               [](const JunitCase& c) { return !c.failure.isNull(); }),
                 failures);
        const JunitCase* median = findCase(junit, "regression http_req_duration{expected_response:true} med");
        QVERIFY(median);
        QCOMPARE(median->classname, "loadbench.health");
        QCOMPARE(median->failure.isNull(), failures == 0);
        if (failures > 0)
            QVERIFY2(median->failure.startsWith("slower, +30.") &&
                         median->failure.endsWith(QString(", more than %1%").arg(gate)),
                     qPrintable(median->failure));
        QVERIFY(findCase(junit, "threshold http_req_duration p(95)<1000"));
    }

    void junitKeepsAwkwardNamesValid_data() {
        QTest::addColumn<double>("gate");
        QTest::addColumn<QStringList>("failed");
        const QString threshold = "threshold lat<&>{a:b} p(95)<5 && x>1";
        const QString median = "regression http_req_duration{expected_response:true} med";
        QTest::newRow("10 %") << 10.0 << QStringList{threshold, median};
        QTest::newRow("0.5: the error rate's +0.8 pp too")
            << 0.5 << QStringList{threshold, median, "regression http_req_failed rate"};
        QTest::newRow("40 %") << 40.0 << QStringList{threshold};
    }
    void junitKeepsAwkwardNamesValid() {
        QFETCH(double, gate);
        QFETCH(QStringList, failed);
        const Junit junit =
            readJunit(written([&](std::ostream& out) { writeJunit(awkwardReport(), gate, out); }));
        QVERIFY2(junit.error.isEmpty(), qPrintable(junit.error));
        QCOMPARE(junit.name, "loadbench x&y against v1<&>");
        QCOMPARE(junit.tests, 6); // two thresholds, four verdicts
        QCOMPARE(junit.failures, failed.size());
        QCOMPARE(junit.skipped, 1);
        QStringList names, failures;
        for (const JunitCase& c : junit.cases) {
            QCOMPARE(c.suite, "pay<&>ment");
            QCOMPARE(c.classname, "loadbench.pay<&>ment");
            names << c.name;
            if (!c.failure.isNull())
                failures << c.name;
        }
        QCOMPARE(names, (QStringList{"threshold http_reqs rate>10", "threshold lat<&>{a:b} p(95)<5 && x>1",
                                     "regression http_req_duration{expected_response:true} med",
                                     "regression http_req_duration{expected_response:true} p(95)",
                                     "regression http_reqs rate", "regression http_req_failed rate"}));
        std::sort(failures.begin(), failures.end());
        std::sort(failed.begin(), failed.end());
        QCOMPARE(failures, failed);
        QCOMPARE(findCase(junit, "threshold lat<&>{a:b} p(95)<5 && x>1")->failure,
                 "threshold failed: lat<&>{a:b} p(95)<5 && x>1");
        const JunitCase* untested =
            findCase(junit, "regression http_req_duration{expected_response:true} p(95)");
        QCOMPARE(untested->skipped, "no samples [31mred");
        QVERIFY(untested->failure.isNull());
    }
};

QTEST_GUILESS_MAIN(TestReportFormats)
#include "tst_report_formats.moc"
