#include "cli/history_command.h"

#include "cli/command_line.h"
#include "cli/options.h"
#include "cli/text_table.h"
#include "common/error.h"
#include "core/history/history_json.h"
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
        table.addRow({entry.run, entry.time, std::string(historyTimeName(entry.timeSource)),
                      cell(entry.p95Ms, MetricType::Trend, ValueKind::Time, "p(95)"),
                      cell(entry.medianMs, MetricType::Trend, ValueKind::Time, "med"),
                      cell(entry.requestsPerSecond, MetricType::Counter, ValueKind::Default, "rate"),
                      cell(entry.errorRate, MetricType::Rate, ValueKind::Default, "rate"),
                      formatThresholdOutcome(entry.thresholdsPassed, "-"),
                      entry.commit ? entry.commit->subject : entry.problem});
    }
    table.print(out);
}

} // namespace

int runHistory(const QStringList& arguments, std::ostream& out) {
    CommandOptions options(
        "history -s SCRIPT [options]",
        "Lists a script's runs in commit order with their key figures: runs named after a\n"
        "commit (a1b2c3d, a1b2c3d-dirty) by its commit time, others by their start time.");
    QCommandLineParser& parser = options.parser();
    const QCommandLineOption scriptOption(QStringList{"s", "script"}, "The script (required).", "SCRIPT");
    const QCommandLineOption formatOption("format", "Output format: text or json (default: text).", "FORMAT",
                                          "text");
    parser.addOption(scriptOption);
    parser.addOption(formatOption);
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
