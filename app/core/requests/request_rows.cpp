#include "core/requests/request_rows.h"

#include "core/verdict/run_seconds.h"

#include <QUrl>
#include <algorithm>
#include <limits>
#include <map>
#include <utility>

namespace loadbench {

namespace {

using RequestKey = std::pair<std::string, std::string>; // name, method

/// Each tag set's request (an index into `keys`), numbering new requests as they come; -1 for samples whose
/// tags were dropped (RunSamples::overflowTagSetId).
std::vector<int> requestOfTagSets(const RunSamples& samples, std::map<RequestKey, int>& keys) {
    std::vector<int> request(samples.tagSetCount());
    for (std::uint32_t id = 0; id < samples.tagSetCount(); ++id) {
        const TagSetView tags = samples.tagSet(id);
        const RequestKey key{requestName(tags.find("name").value_or(""), tags.find("url").value_or("")),
                             std::string(tags.find("method").value_or(""))};
        request[id] = keys.try_emplace(key, static_cast<int>(keys.size())).first->second;
    }
    return request;
}

std::vector<std::uint64_t> countsOf(const RunSamples& samples, const std::vector<int>& requestOf,
                                    std::size_t requests) {
    std::vector<std::uint64_t> counts(requests);
    for (const DurationSample& sample : samples.durations())
        if (sample.tagSetId() < requestOf.size())
            ++counts[static_cast<std::size_t>(requestOf[sample.tagSetId()])];
    return counts;
}

Verdict rowVerdict(const std::vector<StatVerdict>& verdicts) {
    bool tested = false, faster = false;
    for (const StatVerdict& verdict : verdicts) {
        if (verdict.stat == VerdictStat::RequestsPerSecond)
            continue;
        if (verdict.verdict == Verdict::Slower || verdict.verdict == Verdict::Invalid)
            return verdict.verdict;
        faster = faster || verdict.verdict == Verdict::Faster;
        tested = tested || verdict.verdict != Verdict::NotTested;
    }
    return faster ? Verdict::Faster : tested ? Verdict::Unchanged : Verdict::NotTested;
}

/// The p(95) change for ordering: rows without one after those with one.
double p95Change(const RequestRow& row) {
    const StatVerdict* p95 = row.stat(VerdictStat::P95);
    return p95 && p95->change ? *p95->change : -std::numeric_limits<double>::infinity();
}

} // namespace

std::string requestName(std::string_view name, std::string_view url) {
    if (!name.empty() && !url.empty() && name != url)
        return std::string(name);
    const std::string_view address = url.empty() ? name : url; // samples without a url tag: their name
    const QUrl parsed(QString::fromUtf8(address.data(), qsizetype(address.size())), QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != "http" && parsed.scheme() != "https"))
        return std::string(address);
    const QString path = parsed.path(QUrl::FullyEncoded);
    return ((path.isEmpty() ? QStringLiteral("/") : path) +
            (parsed.hasQuery() ? "?" + parsed.query(QUrl::FullyEncoded) : QString()))
        .toStdString();
}

const StatVerdict* RequestRow::stat(VerdictStat which) const {
    const auto found = std::find_if(verdicts.begin(), verdicts.end(),
                                    [which](const StatVerdict& verdict) { return verdict.stat == which; });
    return found == verdicts.end() ? nullptr : &*found;
}

std::vector<RequestRow> compareRequests(const RunSamples& baseline, const RunSamples& current,
                                        double baselineRunSeconds, double currentRunSeconds,
                                        const VerdictOptions& options) {
    std::map<RequestKey, int> keys;
    const std::vector<int> baselineRequestOf = requestOfTagSets(baseline, keys);
    const std::vector<int> currentRequestOf = requestOfTagSets(current, keys);
    const std::vector<std::uint64_t> baselineCounts = countsOf(baseline, baselineRequestOf, keys.size());
    const std::vector<std::uint64_t> currentCounts = countsOf(current, currentRequestOf, keys.size());

    std::vector<RequestRow> rows;
    for (const auto& [key, index] : keys) {
        const auto at = static_cast<std::size_t>(index);
        RequestRow row;
        row.name = key.first;
        row.method = key.second;
        row.baselineCount = baselineCounts[at];
        row.currentCount = currentCounts[at];
        row.presence = row.baselineCount == 0  ? RequestPresence::NewOnly
                       : row.currentCount == 0 ? RequestPresence::BaselineOnly
                                               : RequestPresence::Both;
        if (row.presence == RequestPresence::Both) {
            const RunSeconds baselineSeconds(
                baseline, [&](std::uint32_t id) { return baselineRequestOf[id] == index; });
            const RunSeconds currentSeconds(current,
                                            [&](std::uint32_t id) { return currentRequestOf[id] == index; });
            row.verdicts =
                judgeSeconds(baselineSeconds, currentSeconds, baselineRunSeconds, currentRunSeconds, options);
            row.verdict = rowVerdict(row.verdicts);
        }
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const RequestRow& a, const RequestRow& b) {
        const auto rank = [](const RequestRow& row) {
            return row.presence != RequestPresence::Both ? 2 : row.verdict == Verdict::Slower ? 0 : 1;
        };
        if (rank(a) != rank(b))
            return rank(a) < rank(b);
        return p95Change(a) > p95Change(b);
    });
    return rows;
}

void applyHealth(std::vector<RequestRow>& rows, const RunHealth& baseline, const RunHealth& current) {
    for (RequestRow& row : rows) {
        applyHealth(row.verdicts, baseline, current);
        if (!row.verdicts.empty())
            row.verdict = rowVerdict(row.verdicts);
    }
}

std::string_view requestPresenceName(RequestPresence presence) {
    switch (presence) {
    case RequestPresence::Both:
        return "both";
    case RequestPresence::BaselineOnly:
        return "baseline only";
    case RequestPresence::NewOnly:
        return "new only";
    }
    return {};
}

} // namespace loadbench
