#include "core/report/regression_gate.h"

#include <QString>

namespace loadbench {

bool tripsRegressionGate(const StatVerdict& verdict, double gatePercent) {
    const std::optional<double> worse = verdict.worsening();
    return verdict.verdict == Verdict::Slower && worse && *worse > gatePercent;
}

std::string formatRegressionGate(double gatePercent, ChangeUnit unit) {
    // QString::number writes the shortest form the user would type (10, 0.5) and a dot in every locale.
    return "more than " + QString::number(gatePercent).toStdString() +
           (unit == ChangeUnit::Percent ? "%" : " pp");
}

std::string describeRegression(const StatVerdict& verdict, double gatePercent) {
    return "slower, " + formatVerdictChange(verdict) + " " + formatInterval(verdict) + ", " +
           formatRegressionGate(gatePercent, verdict.unit);
}

std::vector<std::string> regressionsOver(const ComparisonReport& report, double gatePercent) {
    std::vector<std::string> found;
    for (const ScriptComparison& script : report.scripts)
        for (const StatVerdict& verdict : script.verdicts)
            if (tripsRegressionGate(verdict, gatePercent))
                found.push_back(script.script + ": " + verdict.metric + " " + verdict.name + " " +
                                describeRegression(verdict, gatePercent));
    return found;
}

} // namespace loadbench
