// Request rows, checks, errors and thresholds of a run against its baseline, on samples made second by
// second as k6 writes them.
#include "core/requests/check_rows.h"
#include "core/requests/error_groups.h"
#include "core/requests/request_rows.h"
#include "core/requests/threshold_outcomes.h"

#include <QTest>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

using namespace loadbench;

namespace {

constexpr std::int64_t nsPerSecond = 1'000'000'000;
constexpr std::int64_t runStartNs = 1'800'000'000LL * nsPerSecond; // 2027-01-15

/// One kind of request of a synthetic run: its tags and how long it takes.
struct Route {
    std::string name;
    std::string method;
    double durationMs; // each request this ± 10 %, uniformly
    int perSecond;     // requests (count per second)
    std::string status;
    std::string errorCode; // k6's error_code tag; empty: none
    std::string error;     // k6's error tag
};

Route route(std::string name, std::string method, double durationMs = 50, int perSecond = 20,
            std::string status = "200", std::string errorCode = {}, std::string error = {}) {
    return {std::move(name),   std::move(method),    durationMs,      perSecond,
            std::move(status), std::move(errorCode), std::move(error)};
}

/// `seconds` seconds of every route's requests: http_reqs, http_req_duration and http_req_failed samples
/// with k6's tags (expected_response "false" for a status of 400 or more, or 0).
RunSamples makeRun(const std::vector<Route>& routes, int seconds, std::uint32_t seed) {
    RunSamples samples;
    std::mt19937 engine(seed);
    std::uniform_real_distribution<double> jitter(-0.1, 0.1);
    for (int second = 0; second < seconds; ++second)
        for (const Route& route : routes) {
            const int statusCode = std::stoi(route.status);
            const bool failed = statusCode == 0 || statusCode >= 400;
            std::vector<SampleTag> tags{{"expected_response", failed ? "false" : "true"},
                                        {"method", route.method},
                                        {"name", route.name},
                                        {"status", route.status},
                                        {"url", route.name}};
            if (!route.errorCode.empty()) {
                tags.push_back({"error", route.error});
                tags.push_back({"error_code", route.errorCode});
            }
            for (int i = 0; i < route.perSecond; ++i) {
                SampleView sample;
                sample.timeNs = runStartNs + second * nsPerSecond + i * (nsPerSecond / route.perSecond);
                sample.tags = tags;
                sample.metric = "http_reqs";
                sample.value = 1;
                samples.add(sample);
                sample.metric = "http_req_duration";
                sample.value = route.durationMs * (1 + jitter(engine));
                samples.add(sample);
                sample.metric = "http_req_failed";
                sample.value = failed ? 1 : 0;
                samples.add(sample);
            }
        }
    samples.finish();
    return samples;
}

/// Adds `seconds` seconds of a check's samples to `samples`: `passes` and `fails` a second.
void addChecks(RunSamples& samples, const std::string& group, const std::string& name, int seconds,
               int passes, int fails) {
    const std::array<SampleTag, 2> tags{{{"check", name}, {"group", group}}};
    for (int second = 0; second < seconds; ++second)
        for (int i = 0; i < passes + fails; ++i) {
            SampleView sample;
            sample.metric = "checks";
            sample.timeNs = runStartNs + second * nsPerSecond + i * (nsPerSecond / (passes + fails));
            sample.value = i < passes ? 1 : 0;
            sample.tags = tags;
            samples.add(sample);
        }
}

const RequestRow* rowOf(const std::vector<RequestRow>& rows, const std::string& method,
                        const std::string& name) {
    for (const RequestRow& row : rows)
        if (row.method == method && row.name == name)
            return &row;
    return nullptr;
}

QString verdictText(Verdict verdict) {
    return QString::fromUtf8(verdictName(verdict).data(), qsizetype(verdictName(verdict).size()));
}

} // namespace

class TestRequests : public QObject {
    Q_OBJECT

private slots:
    void requestNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("listed");
        QTest::newRow("unnamed: path") << "http://127.0.0.1:41234/health"
                                       << "http://127.0.0.1:41234/health"
                                       << "/health";
        QTest::newRow("unnamed: query kept") << "https://shop.example/api/items?page=2"
                                             << "https://shop.example/api/items?page=2"
                                             << "/api/items?page=2";
        QTest::newRow("unnamed: root") << "http://127.0.0.1:8080"
                                       << "http://127.0.0.1:8080"
                                       << "/";
        QTest::newRow("named by the script") << "payment confirm"
                                             << "http://127.0.0.1:8080/payments/1"
                                             << "payment confirm";
        QTest::newRow("no name tag") << ""
                                     << "http://127.0.0.1:8080/health"
                                     << "/health";
        QTest::newRow("not http") << "ws://127.0.0.1:8080/socket"
                                  << "ws://127.0.0.1:8080/socket"
                                  << "ws://127.0.0.1:8080/socket";
    }
    void requestNames() {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, listed);
        QCOMPARE(QString::fromStdString(requestName(name.toStdString(), url.toStdString())), listed);
    }

    void unnamedRequestsCompareAcrossBaseUrls() {
        // The embedded router listens on another port each run: the same request is one row of both runs.
        const std::vector<RequestRow> rows =
            compareRequests(makeRun({route("http://127.0.0.1:1111/health", "GET")}, 10, 11),
                            makeRun({route("http://127.0.0.1:2222/health", "GET")}, 10, 12), 10, 10);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows.front().name, std::string("/health"));
        QCOMPARE(rows.front().baselineCount, std::uint64_t(200));
        QCOMPARE(rows.front().currentCount, std::uint64_t(200));
    }

    void onlyTheSlowedRequestIsSlower() {
        const std::vector<Route> baseline{route("http://x/health", "GET", 5),
                                          route("http://x/payments", "POST", 50)};
        std::vector<Route> current = baseline;
        current[1].durationMs = 65; // +30 %
        const std::vector<RequestRow> rows =
            compareRequests(makeRun(baseline, 30, 1), makeRun(current, 30, 2), 30, 30);
        QCOMPARE(rows.size(), std::size_t(2));
        // The worst regression first.
        QCOMPARE(QString::fromStdString(rows[0].name), "/payments"); // unnamed: listed by its path
        QCOMPARE(QString::fromStdString(rows[0].method), "POST");
        QCOMPARE(verdictText(rows[0].verdict), "slower");
        QCOMPARE(rows[0].baselineCount, std::uint64_t(600)); // 30 s × 20/s
        QCOMPARE(rows[0].currentCount, std::uint64_t(600));
        const StatVerdict* p95 = rows[0].stat(VerdictStat::P95);
        QVERIFY(p95 && p95->change && p95->low && p95->high);
        QVERIFY2(std::abs(*p95->change - 30) < 3, qPrintable(QString::number(*p95->change)));
        QVERIFY(*p95->low > 20 && *p95->high < 40);
        // Only its own requests: 20 a second over the 30 s run.
        QCOMPARE(*rows[0].stat(VerdictStat::RequestsPerSecond)->current, 20.0);
        QCOMPARE(*rows[0].stat(VerdictStat::ErrorRate)->current, 0.0);

        QCOMPARE(QString::fromStdString(rows[1].name), "/health");
        QCOMPARE(verdictText(rows[1].verdict), "unchanged");
        for (const StatVerdict& verdict : rows[1].verdicts)
            QCOMPARE(verdictText(verdict.verdict), "unchanged");
        const StatVerdict* healthMedian = rows[1].stat(VerdictStat::Median);
        QVERIFY(std::abs(*healthMedian->baseline - 5) < 0.2 && std::abs(*healthMedian->current - 5) < 0.2);
    }

    void moreErrorsOnOneRequestMakeItSlower() {
        const std::vector<Route> baseline{route("a", "GET", 10), route("b", "GET", 10)};
        std::vector<Route> current = baseline;
        current.push_back(route("b", "GET", 10, 5, "503")); // a fifth of b's requests now fail
        const std::vector<RequestRow> rows =
            compareRequests(makeRun(baseline, 20, 3), makeRun(current, 20, 4), 20, 20);
        const RequestRow* b = rowOf(rows, "GET", "b");
        QVERIFY(b);
        QCOMPARE(b->currentCount, std::uint64_t(500));
        QCOMPARE(*b->stat(VerdictStat::ErrorRate)->current, 0.2);
        QCOMPARE(verdictText(b->stat(VerdictStat::ErrorRate)->verdict), "slower");
        QCOMPARE(verdictText(b->verdict), "slower");
        QCOMPARE(verdictText(rowOf(rows, "GET", "a")->verdict), "unchanged");
        QCOMPARE(&rows[0], b);
    }

    void requestsOfOneRunAreListedAsSuch() {
        const std::vector<RequestRow> rows =
            compareRequests(makeRun({route("kept", "GET"), route("old", "DELETE")}, 10, 5),
                            makeRun({route("kept", "GET"), route("new", "PUT")}, 10, 6), 10, 10);
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(rows[0].name), "kept");
        const RequestRow* old = rowOf(rows, "DELETE", "old");
        const RequestRow* added = rowOf(rows, "PUT", "new");
        QVERIFY(old && added);
        QCOMPARE(old->presence, RequestPresence::BaselineOnly);
        QCOMPARE(old->baselineCount, std::uint64_t(200));
        QCOMPARE(old->currentCount, std::uint64_t(0));
        QVERIFY(old->verdicts.empty());
        QCOMPARE(verdictText(old->verdict), "not tested");
        QCOMPARE(added->presence, RequestPresence::NewOnly);
        QCOMPARE(added->currentCount, std::uint64_t(200));
        QCOMPARE(requestPresenceName(added->presence), "new only");
    }

    void rareRequestsAreNotTested() {
        // One request in each of 3 of the 20 seconds: every resample would rest on those 3 requests.
        RunSamples baseline = makeRun({route("often", "GET")}, 20, 13);
        RunSamples current = makeRun({route("often", "GET")}, 20, 14);
        const std::array<SampleTag, 4> tags{
            {{"expected_response", "true"}, {"method", "POST"}, {"name", "rare"}, {"status", "200"}}};
        for (RunSamples* samples : {&baseline, &current})
            for (int second : {0, 7, 14}) {
                SampleView sample;
                sample.metric = "http_req_duration";
                sample.timeNs = runStartNs + second * nsPerSecond;
                sample.value = samples == &baseline ? 10 : 30;
                sample.tags = tags;
                samples->add(sample);
            }
        const std::vector<RequestRow> rows = compareRequests(baseline, current, 20, 20);
        const RequestRow* rare = rowOf(rows, "POST", "rare");
        QVERIFY(rare);
        QCOMPARE(rare->baselineCount, std::uint64_t(3));
        QCOMPARE(verdictText(rare->verdict), "not tested");
        QCOMPARE(QString::fromStdString(rare->verdicts[0].reason),
                 "the baseline's requests fall in 3 s, fewer than 5");
        QCOMPARE(verdictText(rowOf(rows, "GET", "often")->verdict), "unchanged");
    }

    void shortRunsAreNotTested() {
        const std::vector<RequestRow> rows =
            compareRequests(makeRun({route("a", "GET")}, 3, 7), makeRun({route("a", "GET")}, 3, 8), 3, 3);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(verdictText(rows[0].verdict), "not tested");
        QCOMPARE(QString::fromStdString(rows[0].verdicts[0].reason),
                 "the baseline's samples cover 3 s, fewer than 5");
    }

    void errorsByStatusAndErrorCode() {
        const std::vector<Route> baseline{route("a", "GET", 10, 18),
                                          route("a", "GET", 10, 2, "502", "1502", "502 Bad Gateway")};
        const std::vector<Route> current{route("a", "GET", 10, 15),
                                         route("a", "GET", 10, 4, "502", "1502", "502 Bad Gateway"),
                                         route("a", "GET", 10, 1, "0", "1211", "dial: i/o timeout")};
        const RunSamples baselineRun = makeRun(baseline, 10, 9);
        const RunSamples currentRun = makeRun(current, 10, 10);
        const ErrorBreakdown errors = compareErrors(&baselineRun, &currentRun);
        QCOMPARE(*errors.baselineRequests, std::uint64_t(200));
        QCOMPARE(*errors.currentRequests, std::uint64_t(200));
        QCOMPARE(errors.byStatus.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(errors.byStatus[0].status), "502");
        QCOMPARE(*errors.byStatus[0].baselineCount, std::uint64_t(20));
        QCOMPARE(*errors.byStatus[0].currentCount, std::uint64_t(40));
        QCOMPARE(*errors.byStatus[0].baselineSharePercent, 10.0);
        QCOMPARE(*errors.byStatus[0].currentSharePercent, 20.0);
        QCOMPARE(QString::fromStdString(errors.byStatus[1].status), "0");
        QCOMPARE(*errors.byStatus[1].baselineCount, std::uint64_t(0));
        QCOMPARE(*errors.byStatus[1].currentSharePercent, 5.0);
        QCOMPARE(errors.byError.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(errors.byError[0].errorCode), "1502");
        QCOMPARE(QString::fromStdString(errors.byError[0].message), "502 Bad Gateway");
        QCOMPARE(QString::fromStdString(errors.byError[1].errorCode), "1211");
        QCOMPARE(QString::fromStdString(errors.byError[1].message), "dial: i/o timeout");
        QCOMPARE(*errors.byError[1].currentCount, std::uint64_t(10));

        // Without the baseline's samples its side is unknown, not zero.
        const ErrorBreakdown oneSide = compareErrors(nullptr, &currentRun);
        QVERIFY(!oneSide.baselineRequests);
        QVERIFY(!oneSide.byStatus[0].baselineCount && !oneSide.byStatus[0].baselineSharePercent);
        QCOMPARE(*oneSide.byStatus[0].currentCount, std::uint64_t(40));
    }

    void thresholdsObserved_data() {
        QTest::addColumn<QString>("metricType");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<double>("headroom"); // percent of the bound; 999: none
        QTest::newRow("p(95) below the limit") << "trend"
                                               << "p(95)" << 212.0 << "p(95)<500" << 57.6;
        QTest::newRow("spaces, <=, past it") << "trend"
                                             << "avg" << 300.0 << "avg <= 250" << -20.0;
        QTest::newRow("rate") << "rate"
                              << "rate" << 0.005 << "rate<0.01" << 50.0;
        QTest::newRow("count above the floor") << "counter"
                                               << "count" << 25.0 << "count>10" << 150.0;
        QTest::newRow("below the floor") << "counter"
                                         << "rate" << 8.0 << "rate>=10" << -20.0;
        QTest::newRow("negative floor") << "gauge"
                                        << "value" << -5.0 << "value>-10" << 50.0;
        QTest::newRow("gauge value ==") << "gauge"
                                        << "value" << 3.0 << "value==3" << 999.0;
        QTest::newRow("bound 0") << "counter"
                                 << "count" << 3.0 << "count>0" << 999.0;
        QTest::newRow("med") << "trend"
                             << "med" << 10.0 << "med<40" << 75.0;
    }
    void thresholdsObserved() {
        QFETCH(QString, metricType);
        QFETCH(QString, stat);
        QFETCH(double, value);
        QFETCH(QString, expression);
        QFETCH(double, headroom);
        const nlohmann::json summaryJson{
            {"metrics",
             {{"m{name:x}",
               {{"type", metricType.toStdString()},
                {"contains", "default"},
                {"values", {{stat.toStdString(), value}}},
                {"thresholds", {{expression.toStdString(), {{"ok", true}}}}}}}}}};
        const std::string summaryText = summaryJson.dump();
        const Summary summary = parseSummary(summaryText, "summary.json");
        const std::vector<ThresholdOutcome> outcomes = compareThresholds(Summary{}, summary);
        QCOMPARE(outcomes.size(), std::size_t(1));
        const ThresholdOutcome& outcome = outcomes[0];
        QCOMPARE(QString::fromStdString(outcome.metric), "m{name:x}"); // a submetric's key
        QVERIFY(outcome.parsed);
        QCOMPARE(outcome.currentOk, std::optional<bool>(true));
        QVERIFY(!outcome.baselineOk && !outcome.baselineObserved.observed);
        QCOMPARE(*outcome.currentObserved.observed, value);
        QCOMPARE(outcome.currentObserved.headroomPercent.value_or(999), headroom);
    }

    void thresholdsWithoutTheirStat() {
        const nlohmann::json summaryJson{
            {"metrics",
             {{"http_req_duration",
               {{"type", "trend"},
                {"contains", "time"},
                {"values", {{"p(95)", 20}}},
                {"thresholds", {{"p(99)<100", {{"ok", false}}}, {"p(95) ~ 5", {{"ok", false}}}}}}}}}};
        const Summary summary = parseSummary(summaryJson.dump(), "summary.json");
        const std::vector<ThresholdOutcome> outcomes = compareThresholds(summary, summary);
        QCOMPARE(outcomes.size(), std::size_t(2));
        // Sorted by expression: "p(95) ~ 5" is no k6 expression, p(99) is not in the summary.
        QVERIFY(!outcomes[0].parsed);
        QCOMPARE(QString::fromStdString(outcomes[0].parseProblem),
                 "no comparison operator (<, <=, >, >=, ==, ===, !=)");
        QVERIFY(!outcomes[0].currentObserved.observed);
        QVERIFY(outcomes[1].parsed);
        QCOMPARE(outcomes[1].baselineOk, std::optional<bool>(false));
        QVERIFY(!outcomes[1].currentObserved.observed && !outcomes[1].currentObserved.headroomPercent);
    }

    void checksPassRates_data() {
        QTest::addColumn<int>("currentFailsPerSecond"); // of 10 checks a second; the baseline fails none
        QTest::addColumn<double>("change");             // pp
        QTest::addColumn<QString>("verdict");
        QTest::newRow("a fifth fail") << 2 << -20.0 << "slower";
        QTest::newRow("all pass again") << 0 << 0.0 << "unchanged";
    }
    void checksPassRates() {
        QFETCH(int, currentFailsPerSecond);
        QFETCH(double, change);
        QFETCH(QString, verdict);
        const auto summaryOf = [](int passes, int fails) {
            const nlohmann::json check{
                {"name", "status 200"}, {"path", "::pay::status 200"}, {"passes", passes}, {"fails", fails}};
            const nlohmann::json group{
                {"name", "pay"}, {"path", "::pay"}, {"groups", nlohmann::json::array()}, {"checks", {check}}};
            const nlohmann::json summary{
                {"root_group",
                 {{"name", ""}, {"path", ""}, {"groups", {group}}, {"checks", nlohmann::json::array()}}},
                {"metrics",
                 {{"checks", {{"type", "rate"}, {"contains", "default"}, {"values", {{"rate", 1}}}}}}}};
            return parseSummary(summary.dump(), "summary.json");
        };
        RunSamples baseline = makeRun({route("a", "GET")}, 20, 11);
        RunSamples current = makeRun({route("a", "GET")}, 20, 12);
        addChecks(baseline, "::pay", "status 200", 20, 10, 0);
        addChecks(current, "::pay", "status 200", 20, 10 - currentFailsPerSecond, currentFailsPerSecond);
        const std::vector<CheckRow> rows = compareChecks(
            summaryOf(200, 0), summaryOf(200 - 20 * currentFailsPerSecond, 20 * currentFailsPerSecond),
            &baseline, &current);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(rows[0].group), "::pay");
        QCOMPARE(QString::fromStdString(rows[0].name), "status 200");
        QCOMPARE(*rows[0].baselinePassRate, 1.0);
        QCOMPARE(*rows[0].change, change);
        QVERIFY(rows[0].low && rows[0].high);
        // Every second fails alike, so every resample's change is the run's (to rounding).
        QVERIFY(std::abs(*rows[0].low - change) < 1e-9 && std::abs(*rows[0].high - change) < 1e-9);
        QCOMPARE(verdictText(rows[0].verdict), verdict);
        QCOMPARE(QString::fromStdString(rows[0].reason), "");

        // Without the samples the change stays, untested.
        const std::vector<CheckRow> untested =
            compareChecks(summaryOf(200, 0), summaryOf(100, 100), nullptr, nullptr);
        QCOMPARE(*untested[0].change, -50.0);
        QVERIFY(!untested[0].low);
        QCOMPARE(verdictText(untested[0].verdict), "not tested");
        QCOMPARE(QString::fromStdString(untested[0].reason), "no checks samples of it in the baseline");
    }

    void checksOfOneRun() {
        const nlohmann::json check{{"name", "old"}, {"path", "::old"}, {"passes", 3}, {"fails", 1}};
        const nlohmann::json summary{
            {"root_group",
             {{"name", ""}, {"path", ""}, {"groups", nlohmann::json::array()}, {"checks", {check}}}},
            {"metrics",
             {{"checks", {{"type", "rate"}, {"contains", "default"}, {"values", {{"rate", 0.75}}}}}}}};
        const Summary baseline = parseSummary(summary.dump(), "baseline.json");
        const std::vector<CheckRow> rows = compareChecks(baseline, Summary{}, nullptr, nullptr);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(*rows[0].baselinePassRate, 0.75);
        QVERIFY(!rows[0].currentPasses && !rows[0].currentPassRate && !rows[0].change);
        QCOMPARE(QString::fromStdString(rows[0].reason), "only one run has the check");
    }
};

QTEST_GUILESS_MAIN(TestRequests)
#include "tst_requests.moc"
