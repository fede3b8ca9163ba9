#include "core/history/history.h"

#include "common/error.h"
#include "core/health/run_health.h"

#include <QDateTime>
#include <QString>
#include <algorithm>

namespace loadbench {

namespace {

QDateTime parseTime(const std::string& iso) {
    return QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
}

std::optional<double> valueOf(const Summary& summary, const char* metric, const char* stat) {
    const SummaryMetric* found = summary.metric(metric);
    return found ? found->value(stat) : std::nullopt;
}

} // namespace

std::vector<HistoryEntry> scriptHistory(const ResultStore& store, const std::string& script) {
    const RunCommits commits(store.workspace());
    struct Placed {
        HistoryEntry entry;
        QDateTime at;    // when, by entry.timeSource
        QDateTime start; // the stored start (or file) time, for ties
    };
    std::vector<Placed> placed;
    for (const StoredRun& run : store.listRuns()) {
        const auto stored = std::find_if(run.scripts.begin(), run.scripts.end(),
                                         [&](const StoredScript& s) { return s.script == script; });
        if (stored == run.scripts.end() ||
            std::find(stored->files.begin(), stored->files.end(), ResultFile::Summary) == stored->files.end())
            continue;
        Placed item;
        HistoryEntry& entry = item.entry;
        entry.run = run.run;
        item.start = parseTime(stored->time);
        entry.commit = commits.find(run.run);
        entry.excluded = stored->meta && stored->meta->excludedFromHistory;
        if (entry.commit) {
            entry.timeSource = HistoryTime::Commit;
            item.at = QDateTime::fromSecsSinceEpoch(entry.commit->time, Qt::UTC);
            entry.time = item.at.toString(Qt::ISODateWithMs).toStdString();
        } else {
            if (stored->meta && stored->meta->commit.size() >= shortHashLength)
                entry.metaCommit = commits.find(stored->meta->commit.substr(0, shortHashLength) +
                                                (stored->meta->dirty ? "-dirty" : ""));
            entry.timeSource = stored->meta && !stored->meta->startTime.empty() ? HistoryTime::StartTime
                                                                                : HistoryTime::FileTime;
            item.at = item.start;
            entry.time = stored->time;
        }
        try {
            const Summary summary = store.readSummary(run.run, script);
            entry.p95Ms = valueOf(summary, "http_req_duration", "p(95)");
            entry.medianMs = valueOf(summary, "http_req_duration", "med");
            entry.requestsPerSecond = valueOf(summary, "http_reqs", "rate");
            entry.errorRate = valueOf(summary, "http_req_failed", "rate");
            entry.thresholdsPassed = summary.thresholdsPassed();
            std::optional<RunHealth> health;
            if (stored->meta)
                health = runHealthFromJson(stored->meta->health);
            if (!health)
                health = assessRun(summary, nullptr, stored->meta ? &*stored->meta : nullptr);
            entry.invalid = health->reason();
        } catch (const Error& error) {
            entry.problem = error.what();
        }
        placed.push_back(std::move(item));
    }
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        if (a.at != b.at)
            return a.at < b.at;
        if (a.start != b.start)
            return a.start < b.start;
        return a.entry.run < b.entry.run;
    });
    std::vector<HistoryEntry> entries;
    for (Placed& item : placed)
        entries.push_back(std::move(item.entry));
    return entries;
}

std::string_view historyTimeName(HistoryTime source) {
    switch (source) {
    case HistoryTime::Commit:
        return "commit";
    case HistoryTime::StartTime:
        return "start";
    case HistoryTime::FileTime:
        return "file";
    }
    return {};
}

} // namespace loadbench
