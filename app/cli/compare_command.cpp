#include "cli/compare_command.h"

#include "cli/command_line.h"
#include "cli/comparison_report.h"
#include "cli/options.h"
#include "common/error.h"
#include "core/operations/run_comparison.h"
#include "core/report/html_report.h"
#include "core/report/json_report.h"
#include "core/report/junit_report.h"
#include "core/report/markdown_report.h"
#include "core/report/regression_gate.h"
#include "core/runname/run_name.h"
#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

namespace loadbench::cli {

namespace {

/// The scripts to compare: those named with -s, else every script the run has a summary of.
std::vector<std::string> scriptsToCompare(const ResultStore& store, const std::string& run,
                                          const QStringList& named) {
    std::vector<std::string> scripts;
    for (const QString& script : named)
        scripts.push_back(script.toStdString());
    if (!scripts.empty())
        return scripts;
    scripts = scriptsWithSummary(store, run);
    if (scripts.empty())
        throw Error(store.directory().string() + ": no summary of run \"" + run + "\" (see loadbench runs)");
    return scripts;
}

} // namespace

int runCompare(const QStringList& arguments, std::ostream& out) {
    CommandOptions options(
        "compare RUN [options]",
        "Compares every metric and stat of a run's scripts with the baseline run, as baseline, new value "
        "and\n"
        "the kit's change ((1 - new/baseline) * -100), and gives median, p(90), p(95), p(99), requests/s "
        "and\n"
        "error rate a verdict from both runs' samples: slower, faster or unchanged, with a 95 % interval;\n"
        "an invalid run (nothing answered, most requests failed, cancelled) gets none.\n\n"
        "Exit codes: 0 done; 2 bad input; 3 --fail-on-regression tripped.");
    QCommandLineParser& parser = options.parser();
    const QCommandLineOption baselineOption(
        "baseline", "The run to compare with (default: baseline).", "NAME",
        QString::fromUtf8(baselineRunName.data(), baselineRunName.size()));
    const QCommandLineOption scriptOption(
        QStringList{"s", "script"}, "A script to compare; repeatable (default: every script of the run).",
        "SCRIPT");
    const QCommandLineOption formatOption(
        "format", "Output format: text, markdown, json, html or junit (default: text).", "FORMAT", "text");
    const QCommandLineOption noiseFloorOption(
        "noise-floor", "Changes within this many percent are noise (default: 2).", "PCT", "2");
    const QCommandLineOption failOnRegression(
        "fail-on-regression",
        "Exit 3 when a verdict is \"slower\" by more than PCT (percent; percentage points for the error "
        "rate); JUnit's regression gates fail at PCT (default: at any \"slower\").",
        "PCT");
    const QCommandLineOption maxFailedOption(
        "max-failed",
        "A run with more failed requests than PCT percent is invalid: no verdict (default: 50).", "PCT",
        "50");
    for (const QCommandLineOption* option : {&baselineOption, &scriptOption, &formatOption, &noiseFloorOption,
                                             &failOnRegression, &maxFailedOption})
        parser.addOption(*option);
    parser.addPositionalArgument("RUN", "The run to compare, e.g. a1b2c3d.");
    if (!options.parse(arguments, out))
        return ExitOk;

    const QString format = parser.value(formatOption);
    if (!QStringList{"text", "markdown", "json", "html", "junit"}.contains(format))
        throw Error("--format \"" + format.toStdString() + "\": use text, markdown, json, html or junit");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw Error("expects one RUN; see loadbench compare --help");
    const std::string run = positional.first().toStdString();
    const std::string baseline = parser.value(baselineOption).toStdString();
    validateRunName(run);
    validateRunName(baseline);
    VerdictOptions verdictOptions;
    verdictOptions.noiseFloorPercent = percentOption(parser, noiseFloorOption);
    verdictOptions.health.maxFailedRate = percentOption(parser, maxFailedOption) / 100;
    const std::optional<double> gate = parser.isSet(failOnRegression)
                                           ? std::optional(percentOption(parser, failOnRegression))
                                           : std::nullopt;

    const ResultStore store(options.workspace());
    const RunComparison comparison = compareRun(
        store, run, baseline, scriptsToCompare(store, run, parser.values(scriptOption)), verdictOptions);
    if (!comparison.problems.empty())
        throw Error(comparison.problems.front());
    const ComparisonReport& report = comparison.report;

    if (format == "json")
        out << reportJson(report).dump(2) << "\n";
    else if (format == "markdown")
        writeMarkdown(report, out);
    else if (format == "html")
        writeHtml(report, out);
    else if (format == "junit")
        writeJunit(report, gate.value_or(0), out);
    else
        printComparisons(report, out);
    return gate && !regressionsOver(report, *gate).empty() ? ExitRegression : ExitOk;
}

} // namespace loadbench::cli
