#include "core/runs/console_progress.h"

#include <QRegularExpression>
#include <QString>
#include <algorithm>
#include <numeric>

namespace loadbench {

std::optional<double> parseGoDuration(std::string_view text) {
    static const QRegularExpression part("(\\d+(?:\\.\\d+)?)(h|ms|m|s|µs|us|ns)");
    const QString value = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    if (value.isEmpty())
        return std::nullopt;
    double seconds = 0;
    qsizetype at = 0;
    while (at < value.size()) {
        const QRegularExpressionMatch match = part.match(value, at, QRegularExpression::NormalMatch,
                                                         QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return std::nullopt;
        const double number = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        seconds += unit == "h"    ? number * 3600
                   : unit == "m"  ? number * 60
                   : unit == "s"  ? number
                   : unit == "ms" ? number / 1e3
                   : unit == "ns" ? number / 1e9
                                  : number / 1e6;
        at = match.capturedEnd();
    }
    return seconds;
}

ConsoleProgress::ConsoleProgress(std::string script)
    : m_script(std::move(script)) {}

std::optional<ScriptProgress> ConsoleProgress::addLine(std::string_view text) {
    static const QRegularExpression scenariosLine(
        "scenarios: \\([\\d.]+%\\) (\\d+) scenarios?,(?:.*, ([\\dhmsµun.]+) max duration)?");
    static const QRegularExpression scenarioLine("^\\s*\\* ([^:\\s]+): (.*)$");
    static const QRegularExpression plannedFor(" for ([\\dhmsµun.]+)");
    static const QRegularExpression startTime("startTime: ([\\dhmsµun.]+)");
    static const QRegularExpression running(
        "^running \\((?:(\\d+)h)?(\\d+)m([\\d.]+)s\\), (\\d+)/(\\d+) VUs, "
        "(\\d+) complete and (\\d+) interrupted iterations");
    static const QRegularExpression bar("^(\\S+)\\s+(?:[✓✗]\\s+)?\\[\\s*([\\d.]+)%\\s*\\]");
    const QString line = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));

    if (const auto match = scenariosLine.match(line); match.hasMatch()) {
        m_expectedScenarios = match.captured(1).toULongLong();
        m_scenarios.clear();
        m_plannedSeconds = 0;
        m_planUnknown = false;
        m_plannedMaxSeconds = parseGoDuration(match.captured(2).toStdString());
        m_inScenarioList = true;
        return std::nullopt;
    }
    if (m_inScenarioList) {
        if (const auto match = scenarioLine.match(line); match.hasMatch()) {
            m_scenarios.push_back(match.captured(1).toStdString());
            const QString description = match.captured(2);
            const auto duration = parseGoDuration(plannedFor.match(description).captured(1).toStdString());
            const auto start = parseGoDuration(startTime.match(description).captured(1).toStdString());
            if (duration)
                m_plannedSeconds = std::max(m_plannedSeconds, start.value_or(0) + *duration);
            else
                m_planUnknown = true; // iterations: the bars tell the progress
            return std::nullopt;
        }
        m_inScenarioList = false;
    }

    if (const auto match = running.match(line); match.hasMatch()) {
        std::optional<ScriptProgress> unfinished = takePending();
        ScriptProgress progress;
        progress.script = m_script;
        progress.elapsedSeconds = match.captured(1).toDouble() * 3600 + match.captured(2).toDouble() * 60 +
                                  match.captured(3).toDouble();
        progress.plannedSeconds = m_planUnknown ? 0 : m_plannedSeconds;
        progress.vus = match.captured(4).toInt();
        progress.maxVus = match.captured(5).toInt();
        progress.completedIterations = match.captured(6).toLongLong();
        progress.interruptedIterations = match.captured(7).toLongLong();
        m_pending = progress;
        m_barFractions.clear();
        if (m_expectedScenarios == 0)
            return takePending();
        return unfinished;
    }
    if (const auto match = bar.match(line); match.hasMatch() && m_pending) {
        const std::string name = match.captured(1).toStdString();
        if (!m_scenarios.empty() &&
            std::find(m_scenarios.begin(), m_scenarios.end(), name) == m_scenarios.end())
            return std::nullopt;
        m_barFractions.push_back(std::clamp(match.captured(2).toDouble() / 100, 0.0, 1.0));
        if (m_barFractions.size() >= m_expectedScenarios)
            return takePending();
    }
    return std::nullopt;
}

std::optional<double> ConsoleProgress::plannedSeconds() const {
    if (m_planUnknown || m_plannedSeconds <= 0)
        return std::nullopt;
    return m_plannedSeconds;
}

std::optional<ScriptProgress> ConsoleProgress::finish() {
    return takePending();
}

std::optional<ScriptProgress> ConsoleProgress::takePending() {
    if (!m_pending)
        return std::nullopt;
    ScriptProgress progress = *m_pending;
    m_pending.reset();
    if (progress.plannedSeconds > 0)
        progress.fraction = std::min(1.0, progress.elapsedSeconds / progress.plannedSeconds);
    else if (!m_barFractions.empty())
        progress.fraction = std::accumulate(m_barFractions.begin(), m_barFractions.end(), 0.0) /
                            double(m_barFractions.size());
    return progress;
}

} // namespace loadbench
