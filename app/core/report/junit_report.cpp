#include "core/report/junit_report.h"

#include "core/report/regression_gate.h"
#include "core/report/xml_text.h"

#include <QXmlStreamWriter>
#include <algorithm>

namespace loadbench {

namespace {

struct TestCase {
    std::string name;
    std::string failure; // empty: passed
    std::string skipped; // why not tested
};

struct TestSuite {
    std::string script;
    std::vector<TestCase> cases;
    std::vector<std::string> health; // each side's health lines, under its run's name: the suite's output

    std::size_t count(std::string TestCase::*outcome) const {
        return std::size_t(std::count_if(cases.begin(), cases.end(),
                                         [&](const TestCase& c) { return !(c.*outcome).empty(); }));
    }
};

TestSuite suiteOf(const ScriptComparison& comparison, double gatePercent) {
    TestSuite suite{comparison.script, {}, {}};
    for (const ComparedRun* side : {&comparison.baseline, &comparison.current}) {
        if (const std::optional<std::string> mark = abortedMark(*side))
            suite.cases.push_back({"newest attempt of " + side->run, "", *mark}); // not compared: skipped
        // Warnings fail no gate, yet CI readers should see them: JUnit's place for that is system-out.
        for (const std::string& line : healthLines(side->health))
            suite.health.push_back(side->run + ": " + line);
    }
    for (const auto& [key, metric] : comparison.current.summary.metrics)
        for (const ThresholdResult& threshold : metric.thresholds)
            suite.cases.push_back(
                {"threshold " + key + " " + threshold.expression,
                 threshold.ok ? "" : "threshold failed: " + key + " " + threshold.expression, ""});
    for (const StatVerdict& verdict : comparison.verdicts) {
        TestCase gate{"regression " + verdict.metric + " " + verdict.name, "", ""};
        if (verdict.verdict == Verdict::NotTested)
            gate.skipped = verdict.reason.empty() ? "not tested" : verdict.reason;
        else if (verdict.verdict == Verdict::Invalid)
            gate.failure = verdict.reason; // a run that measured nothing passes no gate
        else if (tripsRegressionGate(verdict, gatePercent))
            gate.failure = describeRegression(verdict, gatePercent);
        suite.cases.push_back(std::move(gate));
    }
    return suite;
}

/// The tests, failures and skipped counts of `suites`, as attributes of the element just started.
void writeCounts(QXmlStreamWriter& xml, const std::vector<const TestSuite*>& suites) {
    std::size_t tests = 0, failures = 0, skipped = 0;
    for (const TestSuite* suite : suites) {
        tests += suite->cases.size();
        failures += suite->count(&TestCase::failure);
        skipped += suite->count(&TestCase::skipped);
    }
    xml.writeAttribute("tests", QString::number(tests));
    xml.writeAttribute("failures", QString::number(failures));
    xml.writeAttribute("skipped", QString::number(skipped));
}

void writeSuite(QXmlStreamWriter& xml, const TestSuite& suite) {
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", xmlText(suite.script));
    writeCounts(xml, {&suite});
    for (const TestCase& c : suite.cases) {
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", xmlText("loadbench." + suite.script));
        xml.writeAttribute("name", xmlText(c.name));
        if (!c.failure.empty() || !c.skipped.empty()) {
            xml.writeEmptyElement(c.failure.empty() ? "skipped" : "failure");
            xml.writeAttribute("message", xmlText(c.failure.empty() ? c.skipped : c.failure));
        }
        xml.writeEndElement();
    }
    if (!suite.health.empty()) {
        std::string lines;
        for (const std::string& line : suite.health)
            lines += line + "\n";
        xml.writeTextElement("system-out", xmlText(lines));
    }
    xml.writeEndElement();
}

} // namespace

void writeJunit(const ComparisonReport& report, double gatePercent, std::ostream& out) {
    std::vector<TestSuite> suites;
    for (const ScriptComparison& comparison : report.scripts)
        suites.push_back(suiteOf(comparison, gatePercent));
    std::vector<const TestSuite*> all;
    for (const TestSuite& suite : suites)
        all.push_back(&suite);

    QByteArray document;
    QXmlStreamWriter xml(&document);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartDocument();
    xml.writeStartElement("testsuites");
    xml.writeAttribute("name", xmlText("loadbench " + report.run + " against " + report.baseline));
    writeCounts(xml, all);
    for (const TestSuite& suite : suites)
        writeSuite(xml, suite);
    xml.writeEndDocument();
    out << document.toStdString();
}

} // namespace loadbench
