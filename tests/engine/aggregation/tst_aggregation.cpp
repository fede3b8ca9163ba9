#include "common/duration.h"
#include "engine/aggregation/aggregator.h"
#include "common/error.h"

#include <QTest>

using namespace loadbench;
using namespace loadbench::engine;
using loadbench::Duration;

namespace {
constexpr std::int64_t second = 1'000'000'000;

Stat stat(const char* name) {
    const auto parsed = Stat::parse(name);
    if (!parsed)
        qFatal("bad stat %s", name);
    return *parsed;
}

double valueOf(const Sink& sink, const char* name, double durationSeconds = 1) {
    const auto value = sink.value(stat(name), durationSeconds);
    if (!value)
        qFatal("no stat %s", name);
    return *value;
}

Sink sinkWith(MetricType type, const QList<double>& values) {
    Sink sink(type);
    for (const double value : values)
        sink.add(value);
    return sink;
}

Sample sampleOf(const Metric* metric, double value, Tags tags = {}, std::int64_t timeNs = 0) {
    return Sample{metric, timeNs, value, makeSampleContext(std::move(tags))};
}
} // namespace

class TestAggregation : public QObject {
    Q_OBJECT

private slots:
    void trendStats_data() {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<double>("expected");
        const QList<double> oneToTen{7, 3, 10, 1, 9, 2, 8, 4, 6, 5}; // 1..10, shuffled
        // k6: i = p * (n - 1), then values[floor(i)] + (values[ceil(i)] - values[floor(i)]) * frac(i).
        QTest::newRow("1..10 p(90): i=8.1 → 9 + 0.1") << oneToTen << "p(90)" << 9.1;
        QTest::newRow("1..10 med: i=4.5 → 5 + 0.5") << oneToTen << "med" << 5.5;
        QTest::newRow("1..10 p(95): i=8.55") << oneToTen << "p(95)" << 9.55;
        QTest::newRow("1..10 p(99.9): i=8.991") << oneToTen << "p(99.9)" << 9.991;
        QTest::newRow("1..10 p(0)") << oneToTen << "p(0)" << 1.0;
        QTest::newRow("1..10 p(100)") << oneToTen << "p(100)" << 10.0;
        QTest::newRow("1..10 avg: 55 / 10") << oneToTen << "avg" << 5.5;
        QTest::newRow("1..10 min") << oneToTen << "min" << 1.0;
        QTest::newRow("1..10 max") << oneToTen << "max" << 10.0;
        QTest::newRow("1..10 count") << oneToTen << "count" << 10.0;
        QTest::newRow("3 values p(25): i=0.5") << QList<double>{30, 10, 20} << "p(25)" << 15.0;
        QTest::newRow("one value p(95)") << QList<double>{4.2} << "p(95)" << 4.2;
        QTest::newRow("one value med") << QList<double>{4.2} << "med" << 4.2;
        QTest::newRow("no values p(95)") << QList<double>{} << "p(95)" << 0.0;
        QTest::newRow("no values avg") << QList<double>{} << "avg" << 0.0;
        QTest::newRow("no values min") << QList<double>{} << "min" << 0.0;
        QTest::newRow("negative min") << QList<double>{2, -3, 1} << "min" << -3.0;
    }
    void trendStats() {
        QFETCH(QList<double>, values);
        QFETCH(QString, stat);
        QFETCH(double, expected);
        const Sink sink = sinkWith(MetricType::Trend, values);
        QCOMPARE(valueOf(sink, stat.toUtf8().constData()), expected);
    }

    void trendSortsOnlyWhatArrivedSinceTheLastQuery() {
        Sink sink(MetricType::Trend);
        for (const double value : {10, 8, 6, 4, 2})
            sink.add(value);
        QCOMPARE(valueOf(sink, "med"), 6.0);
        for (const double value : {9, 7, 5, 3, 1})
            sink.add(value);
        QCOMPARE(valueOf(sink, "med"), 5.5);
        QCOMPARE(valueOf(sink, "p(90)"), 9.1);
    }

    void otherSinks_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("durationSeconds");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<double>("expected");
        const int counter = int(MetricType::Counter);
        const int gauge = int(MetricType::Gauge);
        const int rate = int(MetricType::Rate);
        QTest::newRow("counter count is the sum")
            << counter << QList<double>{1, 2, 3} << 2.0 << "count" << 6.0;
        QTest::newRow("counter rate: 6 / 2 s") << counter << QList<double>{1, 2, 3} << 2.0 << "rate" << 3.0;
        QTest::newRow("counter rate without duration") << counter << QList<double>{1} << 0.0 << "rate" << 0.0;
        QTest::newRow("gauge value is the last")
            << gauge << QList<double>{5, 2, 8, 3} << 1.0 << "value" << 3.0;
        QTest::newRow("gauge min") << gauge << QList<double>{5, 2, 8, 3} << 1.0 << "min" << 2.0;
        QTest::newRow("gauge max") << gauge << QList<double>{5, 2, 8, 3} << 1.0 << "max" << 8.0;
        QTest::newRow("rate: 2 non-zero of 4") << rate << QList<double>{1, 0, 0, 2} << 1.0 << "rate" << 0.5;
        QTest::newRow("rate passes") << rate << QList<double>{1, 0, 0, 2} << 1.0 << "passes" << 2.0;
        QTest::newRow("rate fails") << rate << QList<double>{1, 0, 0, 2} << 1.0 << "fails" << 2.0;
        QTest::newRow("rate of nothing") << rate << QList<double>{} << 1.0 << "rate" << 0.0;
    }
    void otherSinks() {
        QFETCH(int, type);
        QFETCH(QList<double>, values);
        QFETCH(double, durationSeconds);
        QFETCH(QString, stat);
        QFETCH(double, expected);
        const Sink sink = sinkWith(MetricType(type), values);
        QCOMPARE(valueOf(sink, stat.toUtf8().constData(), durationSeconds), expected);
    }

    void statsATypeLacksAreNothing() {
        QVERIFY(!Sink(MetricType::Gauge).value(stat("avg"), 1));
        QVERIFY(!Sink(MetricType::Counter).value(stat("p(95)"), 1));
        QVERIFY(!Sink(MetricType::Rate).value(stat("count"), 1));
        QVERIFY(!Sink(MetricType::Trend).value(stat("rate"), 1));
    }

    void statParsing_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("name");
        QTest::newRow("avg") << "avg" << true << "avg";
        QTest::newRow("p(95)") << "p(95)" << true << "p(95)";
        QTest::newRow("p(99.9)") << "p(99.9)" << true << "p(99.9)";
        QTest::newRow("p(0)") << "p(0)" << true << "p(0)";
        QTest::newRow("p(100)") << "p(100)" << true << "p(100)";
        QTest::newRow("p(101)") << "p(101)" << false << "";
        QTest::newRow("p(-1)") << "p(-1)" << false << "";
        QTest::newRow("p()") << "p()" << false << "";
        QTest::newRow("p(95") << "p(95" << false << "";
        QTest::newRow("p(9x)") << "p(9x)" << false << "";
        QTest::newRow("spaces") << " avg" << false << "";
        QTest::newRow("unknown") << "mean" << false << "";
    }
    void statParsing() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, name);
        const auto parsed = Stat::parse(text.toStdString());
        QCOMPARE(parsed.has_value(), valid);
        if (parsed)
            QCOMPARE(QString::fromStdString(parsed->name()), name);
    }

    void metricKeys_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("filter"); // tag=value, sorted
        QTest::newRow("plain") << "http_reqs"
                               << "http_reqs"
                               << "http_reqs" << QStringList{};
        QTest::newRow("one tag") << "http_req_duration{status:200}"
                                 << "http_req_duration"
                                 << "http_req_duration{status:200}" << QStringList{"status=200"};
        QTest::newRow("value with a colon and comparison")
            << "http_req_failed{status:>=500}"
            << "http_req_failed"
            << "http_req_failed{status:>=500}" << QStringList{"status=>=500"};
        QTest::newRow("sorted, trimmed, unquoted")
            << "m{ name:'b x' , method: \"GET\" }"
            << "m"
            << "m{name:'b x' , method: \"GET\"}" << QStringList{"method=GET", "name=b x"};
        QTest::newRow("url value with colons")
            << "http_reqs{url:http://a:8080/x}"
            << "http_reqs"
            << "http_reqs{url:http://a:8080/x}" << QStringList{"url=http://a:8080/x"};
    }
    void metricKeys() {
        QFETCH(QString, text);
        QFETCH(QString, name);
        QFETCH(QString, key);
        QFETCH(QStringList, filter);
        const MetricKey parsed = parseMetricKey(text.toStdString());
        QCOMPARE(QString::fromStdString(parsed.name), name);
        QCOMPARE(QString::fromStdString(parsed.key), key);
        QStringList tags;
        for (const auto& [tag, value] : parsed.filter)
            tags << QString::fromStdString(tag + "=" + value);
        QCOMPARE(tags, filter);
    }

    void malformedMetricKeys_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no closing brace") << "http_reqs{status:200"
                                          << "metric \"http_reqs{status:200\": unmatched curly brace";
        QTest::newRow("no opening brace") << "http_reqs}"
                                          << "unmatched curly brace";
        QTest::newRow("text after") << "http_reqs{a:b}x"
                                    << "text after the tag filter's closing brace";
        QTest::newRow("no value") << "http_reqs{status}"
                                  << "tag filter entry \"status\" is not tag:value";
        QTest::newRow("empty value") << "http_reqs{status:}"
                                     << "is not tag:value";
        QTest::newRow("empty filter") << "http_reqs{}"
                                      << "is not tag:value";
        QTest::newRow("empty entry") << "http_reqs{a:b,}"
                                     << "is not tag:value";
    }
    void malformedMetricKeys() {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        try {
            parseMetricKey(text.toStdString());
            QFAIL("no error");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains(reason), error.what());
            QVERIFY(!QString(error.what()).contains('\n'));
        }
    }

    void submetricsMatchTagsLiterally() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        aggregator.track(parseMetricKey("http_req_failed{status:>=500}"));
        aggregator.track(parseMetricKey("http_req_failed{status:500}"));
        aggregator.add(sampleOf(registry.httpReqFailed, 1, {{"status", "500"}}));
        aggregator.add(sampleOf(registry.httpReqFailed, 1, {{"status", "503"}}));
        aggregator.add(sampleOf(registry.httpReqFailed, 0, {{"status", "200"}}));

        const auto comparison = aggregator.find(parseMetricKey("http_req_failed{status:>=500}"));
        QVERIFY(comparison);
        QCOMPARE(comparison->sink->samples(), 0u);
        QCOMPARE(valueOf(*comparison->sink, "rate"), 0.0);
        QCOMPARE(valueOf(*comparison->sink, "passes"), 0.0);
        QCOMPARE(valueOf(*comparison->sink, "fails"), 0.0);
        const auto exact = aggregator.find(parseMetricKey("http_req_failed{status:500}"));
        QCOMPARE(exact->sink->samples(), 1u);
        QCOMPARE(valueOf(*exact->sink, "passes"), 1.0);
        const auto whole = aggregator.find(parseMetricKey("http_req_failed"));
        QCOMPARE(valueOf(*whole->sink, "rate"), 2.0 / 3.0);
    }

    void expectedResponseSubmetricIsAlwaysKept() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        aggregator.add(
            sampleOf(registry.httpReqDuration, 10, {{"expected_response", "true"}, {"status", "200"}}));
        aggregator.add(
            sampleOf(registry.httpReqDuration, 30, {{"expected_response", "false"}, {"status", "0"}}));
        aggregator.add(
            sampleOf(registry.httpReqDuration, 20, {{"expected_response", "true"}, {"status", "200"}}));
        const auto expected = aggregator.find(parseMetricKey("http_req_duration{expected_response:true}"));
        QVERIFY(expected);
        QCOMPARE(valueOf(*expected->sink, "count"), 2.0);
        QCOMPARE(valueOf(*expected->sink, "avg"), 15.0);
        QCOMPARE(valueOf(*aggregator.find(parseMetricKey("http_req_duration"))->sink, "avg"), 20.0);
    }

    void submetricOfACustomMetricDefinedLater() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        aggregator.track(parseMetricKey("orders{kind:paid}"));
        const Metric* orders = registry.define("orders", MetricType::Counter, ValueKind::Default);
        aggregator.add(sampleOf(orders, 2, {{"kind", "paid"}}));
        aggregator.add(sampleOf(orders, 5, {{"kind", "free"}}));
        QCOMPARE(valueOf(*aggregator.find(parseMetricKey("orders{kind:paid}"))->sink, "count"), 2.0);
        QCOMPARE(valueOf(*aggregator.find(parseMetricKey("orders"))->sink, "count"), 7.0);
    }

    void findUndefinedAndUnobserved() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        QVERIFY(!aggregator.find(parseMetricKey("no_such_metric")));
        QVERIFY(!aggregator.find(parseMetricKey("no_such_metric{a:b}")));
        const auto unobserved = aggregator.find(parseMetricKey("group_duration"));
        QVERIFY(unobserved);
        QCOMPARE(unobserved->metric, registry.groupDuration);
        QCOMPARE(int(unobserved->sink->type()), int(MetricType::Trend));
        QCOMPARE(unobserved->sink->samples(), 0u);
        // Spelled differently, the same filter finds the sink tracked first.
        aggregator.add(sampleOf(registry.httpReqDuration, 5, {{"expected_response", "true"}}));
        const auto respelled =
            aggregator.find(parseMetricKey("http_req_duration{ expected_response: 'true' }"));
        QCOMPARE(QString::fromStdString(respelled->key.key), "http_req_duration{expected_response:true}");
        QCOMPARE(respelled->sink->samples(), 1u);
    }

    void observedIsOrderedWithSubmetricsAfterTheirMetric() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        aggregator.track(parseMetricKey("http_req_duration{status:404}"));
        const Metric* custom =
            registry.define("http_req_duration_custom", MetricType::Trend, ValueKind::Time);
        aggregator.add(sampleOf(custom, 1));
        aggregator.add(sampleOf(registry.vus, 3));
        aggregator.add(sampleOf(registry.httpReqDuration, 5, {{"expected_response", "true"}}));
        QStringList keys;
        for (const auto& series : aggregator.observed())
            keys << QString::fromStdString(series.key.key);
        // The 404 submetric has no samples, so it is not observed.
        QCOMPARE(keys, (QStringList{"http_req_duration", "http_req_duration{expected_response:true}",
                                    "http_req_duration_custom", "vus"}));
    }

    void groupsAndChecksFromSamples() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        aggregator.add(sampleOf(registry.httpReqs, 1, {{"group", ""}}));
        aggregator.add(sampleOf(registry.checks, 1, {{"check", "status is 200"}, {"group", ""}}));
        aggregator.add(sampleOf(registry.checks, 0, {{"check", "status is 200"}, {"group", ""}}));
        aggregator.add(sampleOf(registry.httpReqs, 1, {{"group", "::login::form"}}));
        aggregator.add(sampleOf(registry.checks, 1, {{"check", "logged in"}, {"group", "::login"}}));
        aggregator.add(sampleOf(registry.checks, 1, {{"check", "logged in"}, {"group", "::login"}}));
        aggregator.add(sampleOf(registry.groupDuration, 12, {{"group", "::browse"}}));
        aggregator.add(sampleOf(registry.checks, 0, {{"check", "body ok"}, {"group", ""}}));

        const Group root = aggregator.rootGroup();
        QCOMPARE(QString::fromStdString(root.name), "");
        QCOMPARE(QString::fromStdString(root.path), "");
        QCOMPARE(root.checks.size(), 2u);
        QCOMPARE(QString::fromStdString(root.checks[0].name), "status is 200");
        QCOMPARE(QString::fromStdString(root.checks[0].path), "::status is 200");
        QCOMPARE(root.checks[0].passes, 1u);
        QCOMPARE(root.checks[0].fails, 1u);
        QCOMPARE(QString::fromStdString(root.checks[1].name), "body ok");
        QCOMPARE(root.checks[1].fails, 1u);
        QCOMPARE(root.groups.size(), 2u);
        const Group& login = root.groups[0];
        QCOMPARE(QString::fromStdString(login.name), "login");
        QCOMPARE(QString::fromStdString(login.path), "::login");
        QCOMPARE(login.groups.size(), 1u);
        QCOMPARE(QString::fromStdString(login.groups[0].path), "::login::form");
        QCOMPARE(QString::fromStdString(login.groups[0].name), "form");
        QCOMPARE(login.checks.size(), 1u);
        QCOMPARE(QString::fromStdString(login.checks[0].path), "::login::logged in");
        QCOMPARE(login.checks[0].passes, 2u);
        QCOMPARE(QString::fromStdString(root.groups[1].path), "::browse");
        QVERIFY(root.groups[1].checks.empty());
    }

    void liveFiguresOverAWindow() {
        MetricRegistry registry;
        Aggregator aggregator(registry, 10 * second);
        const std::int64_t start = 1'700'000'000 * second;
        // Second 0: 4 requests of 10 ms, one failed. Seconds 1–2: 10 requests of 1..10 ms, none failed.
        for (int i = 0; i < 4; ++i) {
            aggregator.add(sampleOf(registry.httpReqDuration, 10, {}, start + i));
            aggregator.add(sampleOf(registry.httpReqFailed, i == 0 ? 1 : 0, {}, start + i));
        }
        for (int i = 1; i <= 10; ++i) {
            const std::int64_t at = start + second + i * (second / 5);
            aggregator.add(sampleOf(registry.httpReqDuration, i, {}, at));
            aggregator.add(sampleOf(registry.httpReqFailed, 0, {}, at));
        }
        aggregator.add(sampleOf(registry.vus, 7, {}, start + 3 * second));

        const std::int64_t now = start + 3 * second;
        const LiveFigures lastTwo = aggregator.live(now, 2 * second);
        QCOMPARE(lastTwo.requests, 10u);
        QCOMPARE(lastTwo.requestsPerSecond, 5.0);
        QCOMPARE(lastTwo.durationP95, 9.55);
        QCOMPARE(lastTwo.failedRate, 0.0);
        QCOMPARE(lastTwo.vus, 7.0);
        const LiveFigures all = aggregator.live(now, 4 * second);
        QCOMPARE(all.requests, 14u);
        QCOMPARE(all.requestsPerSecond, 3.5);
        QCOMPARE(all.failedRate, 1.0 / 14.0);
    }

    void liveWindowForgetsOldSamples() {
        MetricRegistry registry;
        Aggregator aggregator(registry, 2 * second);
        aggregator.add(sampleOf(registry.httpReqDuration, 100, {}, 0));
        aggregator.add(sampleOf(registry.httpReqDuration, 1, {}, 5 * second));
        // Asking for more than is kept reports what is kept.
        const LiveFigures figures = aggregator.live(5 * second, 10 * second);
        QCOMPARE(figures.requests, 1u);
        QCOMPARE(figures.requestsPerSecond, 0.5);
        QCOMPARE(figures.durationP95, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestAggregation)
#include "tst_aggregation.moc"
