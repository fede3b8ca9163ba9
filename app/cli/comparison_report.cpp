#include "cli/comparison_report.h"

#include "cli/text_table.h"
#include "common/printable.h"
#include "core/report/value_format.h"

namespace loadbench::cli {

void printComparisons(const ComparisonReport& report, std::ostream& out) {
    for (const ScriptComparison& comparison : report.scripts) {
        if (&comparison != &report.scripts.front())
            out << "\n";
        out << comparison.script << ": " << report.run << " against " << report.baseline << "\n";
        for (const ComparedRun* side : {&comparison.baseline, &comparison.current})
            for (const std::string& line : sideLines(*side))
                out << "  " << printable(side->run) << " " << line << "\n";
        TextTable verdicts({"statistic", report.baseline, report.run, "change", "95 % interval", "verdict"},
                           {false, true, true, true, false, false});
        for (const StatVerdict& verdict : comparison.verdicts)
            verdicts.addRow({verdictStatName(verdict.stat),
                             formatVerdictValue(verdict.stat, verdict.baseline),
                             formatVerdictValue(verdict.stat, verdict.current), formatVerdictChange(verdict),
                             formatInterval(verdict), std::string(verdictName(verdict.verdict))});
        verdicts.print(out);
        for (const StatVerdict& verdict : comparison.verdicts)
            if (verdict.verdict == Verdict::NotTested && !verdict.reason.empty()) {
                out << "  not tested: " << verdict.reason << "\n";
                break;
            }
        out << "\n";
        TextTable table({"metric", "stat", report.baseline, report.run, "change"},
                        {false, false, true, true, true});
        for (const StatComparison& row : comparison.rows) {
            const auto cell = [&](const std::optional<double>& value) {
                return formatStatValue(row.type, row.contains, row.stat, value);
            };
            table.addRow({row.metric, row.stat, cell(row.baseline), cell(row.current),
                          formatChange(row.status, row.changePercent)});
        }
        table.print(out);
        for (const auto& [key, metric] : comparison.current.summary.metrics)
            for (const ThresholdResult& threshold : metric.thresholds)
                out << (threshold.ok ? "  ✓ " : "  ✗ ") << key << " " << threshold.expression << "\n";
    }
}

} // namespace loadbench::cli
