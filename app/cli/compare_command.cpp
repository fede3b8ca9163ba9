#include "cli/compare_command.h"

#include "cli/command_line.h"
#include "cli/comparison_report.h"
#include "cli/options.h"
#include "io/error.h"
#include "runname/run_name.h"
#include "store/result_store.h"

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
    for (const StoredRun& stored : store.listRuns())
        if (stored.run == run)
            for (const StoredScript& script : stored.scripts)
                if (std::find(script.files.begin(), script.files.end(), ResultFile::Summary) !=
                    script.files.end())
                    scripts.push_back(script.script);
    if (scripts.empty())
        throw Error(store.directory().string() + ": no summary of run \"" + run + "\" (see loadbench runs)");
    return scripts;
}

nlohmann::ordered_json toJson(const std::string& run, const std::string& baseline,
                              const std::vector<ScriptComparison>& comparisons) {
    nlohmann::ordered_json scripts = nlohmann::ordered_json::array();
    for (const ScriptComparison& comparison : comparisons) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const StatComparison& row : comparison.rows) {
            nlohmann::ordered_json entry{{"metric", row.metric},
                                         {"stat", row.stat},
                                         {"type", metricTypeName(row.type)},
                                         {"contains", valueKindName(row.contains)},
                                         {"baseline", nullptr},
                                         {"new", nullptr},
                                         {"changePercent", nullptr},
                                         {"change", formatChange(row.status, row.changePercent)},
                                         {"status", changeStatusName(row.status)}};
            if (row.baseline)
                entry["baseline"] = *row.baseline;
            if (row.current)
                entry["new"] = *row.current;
            if (row.changePercent)
                entry["changePercent"] = *row.changePercent;
            rows.push_back(std::move(entry));
        }
        nlohmann::ordered_json thresholds = nlohmann::ordered_json::array();
        for (const auto& [key, metric] : comparison.current.metrics)
            for (const ThresholdResult& threshold : metric.thresholds)
                thresholds.push_back(
                    {{"metric", key}, {"expression", threshold.expression}, {"ok", threshold.ok}});
        scripts.push_back({{"script", comparison.script},
                           {"thresholdsPassed", comparison.current.thresholdsPassed()},
                           {"thresholds", thresholds},
                           {"diff", comparison.diff},
                           {"rows", rows}});
    }
    return {{"run", run}, {"baseline", baseline}, {"scripts", scripts}};
}

} // namespace

int runCompare(const QStringList& arguments, std::ostream& out) {
    CommandOptions options("compare RUN [options]",
                           "Compares every metric and stat of a run's scripts with the baseline run, as\n"
                           "baseline, new value and the kit's change ((1 - new/baseline) * -100).");
    QCommandLineParser& parser = options.parser();
    const QCommandLineOption baselineOption(
        "baseline", "The run to compare with (default: baseline).", "NAME",
        QString::fromUtf8(baselineRunName.data(), baselineRunName.size()));
    const QCommandLineOption scriptOption(
        QStringList{"s", "script"}, "A script to compare; repeatable (default: every script of the run).",
        "SCRIPT");
    const QCommandLineOption formatOption("format", "Output format: text or json (default: text).", "FORMAT",
                                          "text");
    parser.addOption(baselineOption);
    parser.addOption(scriptOption);
    parser.addOption(formatOption);
    parser.addPositionalArgument("RUN", "The run to compare, e.g. a1b2c3d.");
    if (!options.parse(arguments, out))
        return ExitOk;

    const QString format = parser.value(formatOption);
    if (format != "text" && format != "json")
        throw Error("--format \"" + format.toStdString() + "\": use text or json");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw Error("expects one RUN; see loadbench compare --help");
    const std::string run = positional.first().toStdString();
    const std::string baseline = parser.value(baselineOption).toStdString();
    validateRunName(run);
    validateRunName(baseline);

    const ResultStore store(options.workspace());
    std::vector<ScriptComparison> comparisons;
    for (const std::string& script : scriptsToCompare(store, run, parser.values(scriptOption))) {
        comparisons.push_back(compareScript(store, baseline, run, script));
    }

    if (format == "json")
        out << toJson(run, baseline, comparisons).dump(2) << "\n";
    else
        printComparisons(run, baseline, comparisons, out);
    return ExitOk;
}

} // namespace loadbench::cli
