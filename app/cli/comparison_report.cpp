#include "cli/comparison_report.h"

#include "cli/text_table.h"
#include "cli/value_format.h"
#include "compare/kit_diff.h"

namespace loadbench::cli {

ScriptComparison compareScript(const ResultStore& store, const std::string& baseline, const std::string& run,
                               const std::string& script) {
    ScriptComparison comparison;
    comparison.script = script;
    const Summary base = store.readSummary(baseline, script);
    comparison.current = store.readSummary(run, script);
    comparison.rows = compareSummaries(base, comparison.current);
    comparison.diff = kitDiff(base, comparison.current);
    return comparison;
}

void printComparisons(const std::string& run, const std::string& baseline,
                      const std::vector<ScriptComparison>& comparisons, std::ostream& out) {
    for (const ScriptComparison& comparison : comparisons) {
        if (&comparison != &comparisons.front())
            out << "\n";
        out << comparison.script << ": " << run << " against " << baseline << "\n";
        TextTable table({"metric", "stat", baseline, run, "change"}, {false, false, true, true, true});
        for (const StatComparison& row : comparison.rows) {
            const auto cell = [&](const std::optional<double>& value) {
                return value ? formatStatValue(row.type, row.contains, row.stat, *value) : std::string("-");
            };
            table.addRow({row.metric, row.stat, cell(row.baseline), cell(row.current),
                          formatChange(row.status, row.changePercent)});
        }
        table.print(out);
        for (const auto& [key, metric] : comparison.current.metrics)
            for (const ThresholdResult& threshold : metric.thresholds)
                out << (threshold.ok ? "  ✓ " : "  ✗ ") << key << " " << threshold.expression << "\n";
    }
}

} // namespace loadbench::cli
