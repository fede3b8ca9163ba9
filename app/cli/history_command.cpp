#include "cli/history_command.h"

#include "cli/command_line.h"
#include "cli/options.h"
#include "cli/text_table.h"
#include "common/error.h"
#include "core/history/history_change_points.h"
#include "core/history/history_json.h"
#include "core/operations/history_exclusion.h"
#include "core/report/value_format.h"
#include "core/runname/run_name.h"

namespace loadbench::cli {

namespace {

void printText(const std::vector<HistoryEntry>& history, std::ostream& out) {
    TextTable table({"run", "time", "by", "p(95)", "med", "requests", "errors", "thresholds", "commit"},
                    {false, false, false, true, true, true, true, false, false});
    for (const HistoryEntry& entry : history) {
        const auto cell = [](const std::optional<double>& value, MetricType type, ValueKind kind,
                             const char* stat) { return formatStatValue(type, kind, stat, value); };
        table.addRow(
            {entry.run, entry.time, std::string(historyTimeName(entry.timeSource)),
             cell(entry.p95Ms, MetricType::Trend, ValueKind::Time, "p(95)"),
             cell(entry.medianMs, MetricType::Trend, ValueKind::Time, "med"),
             cell(entry.requestsPerSecond, MetricType::Counter, ValueKind::Default, "rate"),
             cell(entry.errorRate, MetricType::Rate, ValueKind::Default, "rate"),
             formatThresholdOutcome(entry.thresholdsPassed, "-"),
             (entry.excluded ? "(excluded) " : "") + (entry.commit ? entry.commit->subject : entry.problem)});
    }
    table.print(out);
    const std::vector<HistoryChangePoint> changePoints = historyChangePoints(history);
    if (changePoints.empty())
        return;
    out << "\nChange points (E-divisive means, t-test):\n";
    for (const HistoryChangePoint& point : changePoints) {
        out << "  " << history[point.entry].run << "  " << historyMetricName(point.metric) << "  "
            << changePointStep(point) << "  (p = " << changePointPValue(point) << ")\n";
    }
}

} // namespace

int runHistory(const QStringList& arguments, std::ostream& out, std::ostream& err) {
    CommandOptions options(
        "history -s SCRIPT [options]",
        "Lists a script's runs in commit order with their key figures: runs named after a\n"
        "commit (a1b2c3d, a1b2c3d-dirty) by its commit time, others by their start time,\n"
        "and where p(95), median, requests/s and error rate step to a new level.");
    QCommandLineParser& parser = options.parser();
    const QCommandLineOption scriptOption(QStringList{"s", "script"}, "The script (required).", "SCRIPT");
    const QCommandLineOption formatOption("format", "Output format: text or json (default: text).", "FORMAT",
                                          "text");
    const QCommandLineOption excludeOption(
        "exclude", "Leaves RUN out of the history's change points (marked in its .meta.json; repeatable).",
        "RUN");
    const QCommandLineOption includeOption("include", "Takes an excluded RUN back in (repeatable).", "RUN");
    parser.addOption(scriptOption);
    parser.addOption(formatOption);
    parser.addOption(excludeOption);
    parser.addOption(includeOption);
    if (!options.parse(arguments, out))
        return ExitOk;
    if (!parser.positionalArguments().isEmpty())
        throw Error("takes no arguments; see loadbench history --help");
    const QString format = parser.value(formatOption);
    if (format != "text" && format != "json")
        throw Error("--format \"" + format.toStdString() + "\": use text or json");
    const QStringList scripts = parser.values(scriptOption);
    if (scripts.size() != 1)
        throw Error("-s SCRIPT: name one script; see loadbench history --help");
    const std::string script = scripts.first().toStdString();
    if (const auto problem = runNameProblem(script))
        throw Error("-s \"" + script + "\": " + *problem);

    const QStringList excluded = parser.values(excludeOption);
    const QStringList included = parser.values(includeOption);
    for (const QString& run : excluded + included)
        validateRunName(run.toStdString());
    for (const QString& run : excluded)
        if (included.contains(run))
            throw Error("--exclude " + run.toStdString() + " and --include " + run.toStdString() +
                        ": name a run in one of them");
    for (const auto& [runs, exclude] : {std::pair{excluded, true}, std::pair{included, false}})
        for (const QString& run : runs)
            if (const auto notice =
                    setRunExcludedFromHistory(options.workspace(), run.toStdString(), script, exclude))
                err << "loadbench history: " << *notice << "\n";

    const ResultStore store(options.workspace());
    const std::vector<HistoryEntry> history = scriptHistory(store, script);
    if (format == "json") {
        out << historyJson(script, history).dump(2) << "\n";
        return ExitOk;
    }
    if (history.empty()) {
        out << "No runs of " << script << " in " << store.directory().string() << "\n";
        return ExitOk;
    }
    out << script << ": " << history.size() << (history.size() == 1 ? " run" : " runs") << ", oldest first\n";
    printText(history, out);
    return ExitOk;
}

} // namespace loadbench::cli
