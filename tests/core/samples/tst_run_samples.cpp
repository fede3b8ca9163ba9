// RunSamples and loadRunSamples on the real k6 outputs in the fixtures and on files the tests write.
// Expected values were found with jq and Python on the fixtures, not by running the code under test.

#include "core/samples/run_samples.h"
#include "samples_test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace loadbench;
using namespace loadbench::test;

// Declared before the helpers: moc (Qt 6.4) loses track of a class after raw string literals such as
// R"({"a":")".
class TestRunSamples : public QObject {
    Q_OBJECT

private:
    std::filesystem::path temp(const char* name) const { return m_dir.filePath(name).toStdString(); }

    QTemporaryDir m_dir;

private slots:
    void initTestCase();
    void durationSampleIs16Bytes();
    void durationSamplePacking();
    void fixtureDurations_data();
    void fixtureDurations();
    void fixtureTagSet();
    void fixtureSeconds_data();
    void fixtureSeconds();
    void failuresPerSecond();
    void fixtureSlowest();
    void slowestWithTraceIds();
    void tagSetsInterned();
    void tagSetOverflow();
    void addWithoutAFile();
    void generatorCpuKept();
    void checksPerSecond();
    void impossibleValuesSkipped_data();
    void impossibleValuesSkipped();
};

namespace {

constexpr std::int64_t day2024_08_21 = 19956; // days since 1970-01-01
constexpr std::int64_t day2025_06_11 = 20250;
constexpr std::int64_t day2026_11_28 = 20785;

std::int64_t epochSecond(std::int64_t day, int hour, int minute, int second) {
    return day * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace

void TestRunSamples::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestRunSamples::durationSampleIs16Bytes() {
    QCOMPARE(sizeof(DurationSample), size_t(16));
}

void TestRunSamples::durationSamplePacking() {
    const DurationSample top(-5, 1.5f, DurationSample::maxTagSetId, DurationSample::ExpectedResponse);
    QCOMPARE(top.timeNs, -5);
    QCOMPARE(top.durationMs, 1.5f);
    QCOMPARE(top.tagSetId(), (1u << 24) - 1);
    QVERIFY(top.expectedResponse());
    const DurationSample plain(0, 0, 0x00abcdef, 0);
    QCOMPARE(plain.tagSetId(), 0x00abcdefu);
    QVERIFY(!plain.expectedResponse());
    QCOMPARE(DurationSample().tagSetId(), 0u);
}

void TestRunSamples::fixtureDurations_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("durations");  // http_req_duration Points
    QTest::addColumn<int>("tagSets");    // distinct tag sets among them
    QTest::addColumn<int>("expected");   // with expected_response "true"
    QTest::addColumn<double>("firstMs"); // the first one's value
    QTest::addColumn<qint64>("firstNs"); // and time

    QTest::newRow("2022 old layout") << "k6-2022-old-layout-truncated.ndjson" << 22 << 1 << 22 << 224.948
                                     << qint64(utcNs(18999, 17, 3, 35, 585'075'000));
    // 2024-08-21T03:13:53.687636153-03:00
    QTest::newRow("2024 two scenarios") << "k6-2024-two-scenarios.ndjson" << 21 << 3 << 21 << 13944.753854
                                        << qint64(utcNs(day2024_08_21, 6, 13, 53, 687'636'153));
    // 2025-06-11T17:41:36.6874204+05:30
    QTest::newRow("2025 new layout") << "k6-2025-truncated.ndjson" << 27 << 2 << 27 << 29.9002
                                     << qint64(utcNs(day2025_06_11, 12, 11, 36, 687'420'400));
}

void TestRunSamples::fixtureDurations() {
    QFETCH(QString, file);
    QFETCH(int, durations);
    QFETCH(int, tagSets);
    QFETCH(int, expected);
    QFETCH(double, firstMs);
    QFETCH(qint64, firstNs);

    NdjsonReadReport report;
    const RunSamples samples = loadRunSamples(fixture(file.toUtf8().constData()), &report);
    QCOMPARE(report.badLines, quint64(0));
    QVERIFY(report.lines > 0);
    QCOMPARE(int(samples.durations().size()), durations);
    QCOMPARE(int(samples.tagSetCount()), tagSets);
    QCOMPARE(samples.overflowedTagSetSamples(), quint64(0));
    QCOMPARE(std::count_if(samples.durations().begin(), samples.durations().end(),
                           [](const DurationSample& s) { return s.expectedResponse(); }),
             expected);
    // Kept as float: within float's relative rounding error of 2^-24 of the value k6 wrote.
    const float firstKept = samples.durations().front().durationMs;
    QCOMPARE(firstKept, float(firstMs));
    QVERIFY(std::abs(firstKept - firstMs) <= firstMs * 0x1p-24);
    QCOMPARE(samples.durations().front().timeNs, firstNs);
    for (const DurationSample& sample : samples.durations())
        QVERIFY(sample.tagSetId() < samples.tagSetCount());
    // finish() gave back the spare capacity; the samples alone take 16 bytes each.
    QCOMPARE(samples.durations().capacity(), samples.durations().size());
    QVERIFY(samples.retainedBytes() >= samples.durations().size() * sizeof(DurationSample));
}

void TestRunSamples::fixtureTagSet() {
    const RunSamples samples = loadRunSamples(fixture("k6-2022-old-layout-truncated.ndjson"));
    QCOMPARE(samples.tagSetCount(), size_t(1));
    const std::vector<std::pair<std::string_view, std::string_view>> expected{
        {"expected_response", "true"},
        {"group", ""},
        {"method", "GET"},
        {"name", "http://localhost:3001/api/testCases"},
        {"proto", "HTTP/1.1"},
        {"scenario", "default"},
        {"status", "200"},
        {"url", "http://localhost:3001/api/testCases"}};
    const TagSetView set = samples.tagSet(samples.durations().front().tagSetId());
    QCOMPARE(set.size(), expected.size());
    std::size_t i = 0;
    for (const SampleTag tag : set) { // sorted by key
        QCOMPARE(tag.key, expected[i].first);
        QCOMPARE(tag.value, expected[i].second);
        ++i;
    }
    QCOMPARE(i, expected.size());
    QCOMPARE(set.find("method"), std::optional<std::string_view>("GET"));
    QCOMPARE(set.find("url"), std::optional<std::string_view>("http://localhost:3001/api/testCases"));
    QCOMPARE(set.find("group"), std::optional<std::string_view>("")); // present, empty
    QCOMPARE(set.find("tls_version"), std::nullopt);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, samples.tagSet(1));
}

void TestRunSamples::fixtureSeconds_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<qint64>>("seconds");
    QTest::addColumn<QList<int>>("requests");

    // 2025-06-11T17:41:36+05:30 is 12:11:36 UTC
    const std::int64_t first2025 = epochSecond(day2025_06_11, 12, 11, 36);
    QTest::newRow("2025") << "k6-2025-truncated.ndjson"
                          << QList<qint64>{first2025, first2025 + 1, first2025 + 2} << QList<int>{10, 10, 7};
    // 2024-08-21T03:13:53-03:00 is 06:13:53 UTC
    const std::int64_t first2024 = epochSecond(day2024_08_21, 6, 13, 53);
    QList<qint64> seconds2024;
    for (const int offset : {0, 2, 5, 7, 8, 9, 10, 11, 13, 16, 18, 21, 22, 23})
        seconds2024 << first2024 + offset;
    QTest::newRow("2024") << "k6-2024-two-scenarios.ndjson" << seconds2024
                          << QList<int>{1, 1, 1, 1, 3, 2, 2, 1, 1, 1, 2, 1, 2, 2};
}

void TestRunSamples::fixtureSeconds() {
    QFETCH(QString, file);
    QFETCH(QList<qint64>, seconds);
    QFETCH(QList<int>, requests);

    const std::vector<SecondBucket> buckets = loadRunSamples(fixture(file.toUtf8().constData())).seconds();
    QCOMPARE(int(buckets.size()), int(seconds.size()));
    for (int i = 0; i < int(buckets.size()); ++i) {
        QCOMPARE(buckets[i].second, seconds[i]);
        QCOMPARE(int(buckets[i].requests), requests[i]);
        QCOMPARE(buckets[i].failed, 0u); // no failed request in these runs
    }
}

void TestRunSamples::failuresPerSecond() {
    const auto line = [](std::string_view metric, std::string_view time, std::string_view value) {
        return R"({"metric":")" + std::string(metric) + R"(","type":"Point","data":{"time":")" +
               std::string(time) + R"(","value":)" + std::string(value) + R"(,"tags":{}}})" + "\n";
    };
    const auto path = temp("failures.ndjson");
    writeBytes(path, line("http_reqs", "2026-11-28T10:00:01.1Z", "1") +
                         line("http_req_failed", "2026-11-28T10:00:01.1Z", "0") +
                         line("http_reqs", "2026-11-28T10:00:01.9Z", "1") +
                         line("http_req_failed", "2026-11-28T10:00:01.9Z", "1") +
                         line("http_reqs", "2026-11-28T10:00:03Z", "1") +
                         line("http_req_failed", "2026-11-28T10:00:03Z", "1") +
                         // late, out of order: a second not seen yet, before the last one
                         line("http_reqs", "2026-11-28T11:00:02.5+01:00", "1") +
                         line("http_req_failed", "2026-11-28T11:00:02.5+01:00", "0") +
                         // a failure alone in its second still makes a bucket; a success alone does not
                         line("http_req_failed", "2026-11-28T10:00:05Z", "1") +
                         line("http_req_failed", "2026-11-28T10:00:07Z", "0") +
                         // durations give the second's request time (s), for the requests in flight
                         line("http_req_duration", "2026-11-28T10:00:01.1Z", "250") +
                         line("http_req_duration", "2026-11-28T10:00:01.9Z", "500") +
                         line("http_req_duration", "2026-11-28T10:00:09Z", "12"));
    const std::vector<SecondBucket> buckets = loadRunSamples(path).seconds();
    const std::int64_t base = epochSecond(day2026_11_28, 10, 0, 0);
    QCOMPARE(buckets.size(), size_t(5));
    QCOMPARE(buckets[0].requestSeconds, 0.75);
    QCOMPARE(buckets[1].requestSeconds, 0.0);
    QCOMPARE(buckets[4].second, base + 9);
    QCOMPARE(buckets[4].requests, 0u);
    QCOMPARE(buckets[4].requestSeconds, 0.012);
    QCOMPARE(buckets[0].second, base + 1);
    QCOMPARE(buckets[0].requests, 2u);
    QCOMPARE(buckets[0].failed, 1u);
    QCOMPARE(buckets[1].second, base + 2);
    QCOMPARE(buckets[1].requests, 1u);
    QCOMPARE(buckets[1].failed, 0u);
    QCOMPARE(buckets[2].second, base + 3);
    QCOMPARE(buckets[2].requests, 1u);
    QCOMPARE(buckets[2].failed, 1u);
    QCOMPARE(buckets[3].second, base + 5);
    QCOMPARE(buckets[3].requests, 0u);
    QCOMPARE(buckets[3].failed, 1u);
}

void TestRunSamples::generatorCpuKept() {
    const auto line = [](std::string_view time, std::string_view value, std::string_view tags) {
        return R"({"metric":"loadbench_generator_cpu","type":"Point","data":{"time":")" + std::string(time) +
               R"(","value":)" + std::string(value) + R"(,"tags":)" + std::string(tags) + "}}\n";
    };
    const auto path = temp("cpu.ndjson");
    writeBytes(path, line("2026-11-28T10:00:01Z", "97.5", R"({"cores":"1"})") +
                         line("2026-11-28T10:00:02Z", "40", R"({"cores":"1.5"})") +
                         line("2026-11-28T10:00:03Z", "12", "{}"));
    const RunSamples samples = loadRunSamples(path);
    const std::vector<GeneratorCpuSample>& cpu = samples.generatorCpu();
    QCOMPARE(cpu.size(), size_t(3));
    QCOMPARE(cpu[0].timeNs, epochSecond(day2026_11_28, 10, 0, 1) * 1'000'000'000);
    QCOMPARE(cpu[0].percent, 97.5);
    QCOMPARE(cpu[0].cores, 1.0);
    QCOMPARE(cpu[1].cores, 1.5);
    QCOMPARE(cpu[2].cores, 0.0);        // no cores tag
    QVERIFY(samples.seconds().empty()); // not a request
}

void TestRunSamples::checksPerSecond() {
    const auto line = [](std::string_view time, std::string_view value, std::string_view tags) {
        return R"({"metric":"checks","type":"Point","data":{"time":")" + std::string(time) + R"(","value":)" +
               std::string(value) + R"(,"tags":)" + std::string(tags) + "}}\n";
    };
    const std::string root = R"({"check":"status 200","group":""})";
    const std::string nested = R"({"check":"status 200","group":"::pay"})";
    const auto path = temp("checks.ndjson");
    writeBytes(path, line("2026-11-28T10:00:02Z", "1", root) + line("2026-11-28T10:00:02.5Z", "0", root) +
                         line("2026-11-28T10:00:03Z", "1", nested) +
                         line("2026-11-28T10:00:01Z", "1", root)); // out of order
    const RunSamples samples = loadRunSamples(path);
    const std::vector<CheckSeconds>& checks = samples.checks();
    QCOMPARE(checks.size(), size_t(2)); // one name in two groups
    QCOMPARE(checks[0].group, std::string());
    QCOMPARE(checks[0].name, std::string("status 200"));
    QCOMPARE(checks[0].seconds.size(), size_t(2));
    QCOMPARE(checks[0].seconds[0].second, epochSecond(day2026_11_28, 10, 0, 1));
    QCOMPARE(checks[0].seconds[0].passes, 1u);
    QCOMPARE(checks[0].seconds[1].second, epochSecond(day2026_11_28, 10, 0, 2));
    QCOMPARE(checks[0].seconds[1].passes, 1u);
    QCOMPARE(checks[0].seconds[1].fails, 1u);
    QCOMPARE(checks[1].group, std::string("::pay"));
    QCOMPARE(checks[1].seconds[0].passes, 1u);
    QVERIFY(samples.seconds().empty()); // not a request
}

void TestRunSamples::fixtureSlowest() {
    const std::vector<SlowRequest> slowest =
        loadRunSamples(fixture("k6-2024-two-scenarios.ndjson")).slowest();
    QCOMPARE(slowest.size(), size_t(20)); // of 21
    QCOMPARE(slowest[0].durationMs, 14722.148005);
    // 2024-08-21T03:14:16.929584325-03:00
    QCOMPARE(slowest[0].timeNs, utcNs(day2024_08_21, 6, 14, 16, 929'584'325));
    QCOMPARE(slowest[0].method, "POST");
    QCOMPARE(slowest[0].name, "http://localhost:3000/finalize");
    QCOMPARE(slowest[0].status, "200");
    QVERIFY(slowest[0].traceId.empty());
    QCOMPARE(slowest[1].durationMs, 14276.060207);
    QCOMPARE(slowest[1].name, "http://localhost:3000/process");
    for (std::size_t i = 1; i < slowest.size(); ++i)
        QVERIFY(slowest[i - 1].durationMs >= slowest[i].durationMs);

    // 27 requests: the 20th slowest is kept, the 21st is not.
    const std::vector<SlowRequest> slowest2025 =
        loadRunSamples(fixture("k6-2025-truncated.ndjson")).slowest();
    QCOMPARE(slowest2025.size(), size_t(20));
    QCOMPARE(slowest2025.front().durationMs, 276.2388);
    QCOMPARE(slowest2025.front().name, "https://quickpizza.grafana.com/");
    QCOMPARE(slowest2025.back().durationMs, 30.2059);
    QCOMPARE(slowest2025.back().name, "https://test.k6.io");
    QCOMPARE(slowest2025.back().status, "302");
}

void TestRunSamples::slowestWithTraceIds() {
    // 30 requests with durations 1, 2, … 30 ms, written in a shuffled order; odd ones have no name tag.
    std::string text;
    for (int i = 0; i < 30; ++i) {
        const int ms = 1 + (i * 7) % 30;
        const std::string name = ms % 2 ? "" : R"("name":"/item/{id}",)";
        text += R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-28T10:00:00.)" +
                std::to_string(100 + i) + R"(Z","value":)" + std::to_string(ms) +
                R"(,"tags":{"method":"GET",)" + name + R"("status":")" + (ms == 30 ? "500" : "200") +
                R"(","url":"/item/)" + std::to_string(ms) + R"("},"metadata":{"trace_id":"trace-)" +
                std::to_string(ms) + "\"}}}\n";
    }
    const auto path = temp("slow.ndjson");
    writeBytes(path, text);
    const RunSamples samples = loadRunSamples(path);
    QCOMPARE(samples.durations().size(), size_t(30));
    const std::vector<SlowRequest> slowest = samples.slowest();
    QCOMPARE(slowest.size(), RunSamples::slowestKept);
    for (std::size_t i = 0; i < slowest.size(); ++i) {
        const int ms = 30 - int(i);
        QCOMPARE(slowest[i].durationMs, double(ms));
        QCOMPARE(slowest[i].traceId, "trace-" + std::to_string(ms));
        QCOMPARE(slowest[i].method, "GET");
        QCOMPARE(slowest[i].name, ms % 2 ? "/item/" + std::to_string(ms) : std::string("/item/{id}"));
        QCOMPARE(slowest[i].status, ms == 30 ? "500" : "200");
    }
    // 30 ms is request i = 17 (7 · 17 = 119 ≡ 29 mod 30), written at 10:00:00.117
    QCOMPARE(slowest[0].timeNs, utcNs(day2026_11_28, 10, 0, 0, 117'000'000));
}

void TestRunSamples::tagSetsInterned() {
    const auto line = [](std::string_view tags) {
        return R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-28T10:00:00Z","value":5,"tags":)" +
               std::string(tags) + "}}\n";
    };
    const auto path = temp("tags.ndjson");
    writeBytes(path, line(R"({"status":"200","method":"GET","expected_response":"true"})") +
                         line(R"({"expected_response":"true","method":"GET","status":"200"})") +
                         line(R"({"method":"GET","status":"500","expected_response":"false"})") +
                         line("null") +
                         line(R"({"status":"200","expected_response":"true","method":"GET"})"));
    const RunSamples samples = loadRunSamples(path);
    const std::vector<DurationSample>& durations = samples.durations();
    QCOMPARE(durations.size(), size_t(5));
    QCOMPARE(samples.tagSetCount(), size_t(3));
    QCOMPARE(durations[0].tagSetId(), durations[1].tagSetId());
    QCOMPARE(durations[0].tagSetId(), durations[4].tagSetId());
    QVERIFY(durations[2].tagSetId() != durations[0].tagSetId());
    QVERIFY(durations[3].tagSetId() != durations[0].tagSetId() &&
            durations[3].tagSetId() != durations[2].tagSetId());
    const TagSetView ok = samples.tagSet(durations[0].tagSetId());
    QCOMPARE(ok.size(), size_t(3));
    QCOMPARE(ok.find("expected_response"), std::optional<std::string_view>("true"));
    QCOMPARE(ok.find("method"), std::optional<std::string_view>("GET"));
    QCOMPARE(ok.find("status"), std::optional<std::string_view>("200"));
    QCOMPARE((*ok.begin()).key, "expected_response"); // sorted by key, whatever the line's order
    QCOMPARE(samples.tagSet(durations[2].tagSetId()).find("status"), std::optional<std::string_view>("500"));
    QVERIFY(samples.tagSet(durations[3].tagSetId()).empty());
    QVERIFY(durations[0].expectedResponse());
    QVERIFY(!durations[2].expectedResponse());
    QVERIFY(!durations[3].expectedResponse());
}

void TestRunSamples::tagSetOverflow() {
    // Past the limit (lowered from 2^24 - 1 here), new tag sets share overflowTagSetId and are counted;
    // sets interned before keep their ids.
    RunSamples samples(2);
    const auto add = [&samples](std::string_view status, std::string_view expected) {
        const SampleTag tags[] = {{"expected_response", expected}, {"status", status}};
        samples.add(SampleView{"http_req_duration", 0, 10, tags, {}});
    };
    add("200", "true");
    add("404", "false");
    add("500", "false");
    add("503", "true");
    add("200", "true");
    const std::vector<DurationSample>& durations = samples.durations();
    QCOMPARE(durations.size(), size_t(5));
    QCOMPARE(durations[0].tagSetId(), 0u);
    QCOMPARE(durations[1].tagSetId(), 1u);
    QCOMPARE(durations[2].tagSetId(), RunSamples::overflowTagSetId);
    QCOMPARE(durations[3].tagSetId(), RunSamples::overflowTagSetId);
    QCOMPARE(durations[4].tagSetId(), 0u);
    QVERIFY(durations[3].expectedResponse()); // read from the sample's own tags
    QCOMPARE(samples.tagSetCount(), size_t(2));
    QCOMPARE(samples.overflowedTagSetSamples(), quint64(2));
    QVERIFY(samples.tagSet(RunSamples::overflowTagSetId).empty());
    QCOMPARE(samples.tagSet(1).find("status"), std::optional<std::string_view>("404"));
    QCOMPARE(RunSamples::overflowTagSetId, (1u << 24) - 1);
}

void TestRunSamples::addWithoutAFile() {
    RunSamples samples;
    const SampleTag tags[] = {{"name", "checkout"}, {"status", "200"}};
    samples.add(SampleView{"http_req_duration", 1'500'000'000, 42.5, tags, "abc"});
    samples.add(SampleView{"http_req_waiting", 1'500'000'000, 40, tags, "abc"}); // not retained
    samples.add(SampleView{"http_reqs", 1'500'000'000, 1, tags, "abc"});
    QCOMPARE(samples.durations().size(), size_t(1));
    QCOMPARE(samples.durations()[0].timeNs, 1'500'000'000);
    QCOMPARE(samples.durations()[0].durationMs, 42.5f);
    QCOMPARE(samples.seconds().size(), size_t(1));
    QCOMPARE(samples.seconds()[0].second, 1);
    QCOMPARE(samples.slowest().at(0).name, "checkout");
    QCOMPARE(samples.slowest().at(0).traceId, "abc");
    const std::size_t before = samples.retainedBytes();
    QVERIFY(before >= sizeof(DurationSample) + sizeof(SecondBucket) + sizeof(SlowRequest));
    samples.finish();
    QVERIFY(samples.retainedBytes() <= before);
    QCOMPARE(samples.durations().capacity(), size_t(1));
}

void TestRunSamples::impossibleValuesSkipped_data() {
    QTest::addColumn<QString>("metric");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("reason"); // empty: kept
    const double infinity = std::numeric_limits<double>::infinity();
    QTest::newRow("negative duration")
        << "http_req_duration" << -0.5 << "http_req_duration value -0.5 is negative";
    QTest::newRow("infinite duration")
        << "http_req_duration" << infinity << "http_req_duration value inf is not finite";
    QTest::newRow("NaN duration") << "http_req_duration" << std::nan("")
                                  << "http_req_duration value nan is not finite";
    QTest::newRow("negative request count") << "http_reqs" << -1.0 << "http_reqs value -1 is negative";
    QTest::newRow("negative failure") << "http_req_failed" << -1.0 << "http_req_failed value -1 is negative";
    QTest::newRow("zero duration") << "http_req_duration" << 0.0 << "";
    QTest::newRow("a custom metric may be negative") << "balance_change" << -3.0 << "";
}

void TestRunSamples::impossibleValuesSkipped() {
    QFETCH(QString, metric);
    QFETCH(double, value);
    QFETCH(QString, reason);
    const std::string name = metric.toStdString();
    RunSamples samples;
    SampleView sample{name, 1'500'000'000, value, {}, {}, 7};
    samples.add(sample);
    const SamplesDamage& damage = samples.damage();
    QCOMPARE(damage.skippedLines, quint64(reason.isEmpty() ? 0 : 1));
    if (reason.isEmpty()) {
        QVERIFY(!damage.firstSkipped);
        return;
    }
    QVERIFY(damage.firstSkipped);
    QCOMPARE(damage.firstSkipped->lineNumber, quint64(7));
    QCOMPARE(QString::fromStdString(damage.firstSkipped->reason), reason);
    QVERIFY(samples.durations().empty());
    QVERIFY(samples.seconds().empty());
}

QTEST_GUILESS_MAIN(TestRunSamples)
#include "tst_run_samples.moc"
