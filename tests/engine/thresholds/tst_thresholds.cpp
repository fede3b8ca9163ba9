#include "common/duration.h"
#include "common/error.h"
#include "engine/thresholds/thresholds.h"

#include <QTest>

using namespace loadbench;
using namespace loadbench::engine;
using loadbench::Duration;
using namespace std::chrono_literals;
using json = nlohmann::ordered_json;
using Comparison = ThresholdExpression::Comparison;

namespace {
Sample sampleOf(const Metric* metric, double value, Tags tags = {}) {
    return Sample{metric, 0, value, makeSampleContext(std::move(tags))};
}

Thresholds thresholdsOf(const char* option) {
    return Thresholds(json::parse(option));
}

/// Every verdict as `key expression=ok|failed`, in option order.
QStringList verdicts(const Thresholds& thresholds) {
    QStringList lines;
    for (const MetricThresholds& metric : thresholds.metrics())
        for (const Threshold& threshold : metric.thresholds)
            lines << QString::fromStdString(metric.key.key + " " + threshold.expression.text + "=" +
                                            (threshold.ok ? "ok" : "failed"));
    return lines;
}
} // namespace

class TestThresholds : public QObject {
    Q_OBJECT

private slots:
    void expressions_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<int>("comparison");
        QTest::addColumn<double>("bound");
        QTest::newRow("p(95)<500") << "p(95)<500"
                                   << "p(95)" << int(Comparison::Less) << 500.0;
        QTest::newRow("spaces around") << " p(95) < 500 "
                                       << "p(95)" << int(Comparison::Less) << 500.0;
        QTest::newRow("spaces inside") << "p( 99.9 ) <= 1.5"
                                       << "p(99.9)" << int(Comparison::LessOrEqual) << 1.5;
        QTest::newRow(">=") << "avg>=10"
                            << "avg" << int(Comparison::GreaterOrEqual) << 10.0;
        QTest::newRow(">") << "med > 2"
                           << "med" << int(Comparison::Greater) << 2.0;
        QTest::newRow("==") << "count==100"
                            << "count" << int(Comparison::Equal) << 100.0;
        QTest::newRow("===") << "rate === 0"
                             << "rate" << int(Comparison::Equal) << 0.0;
        QTest::newRow("!=") << "value!=3"
                            << "value" << int(Comparison::NotEqual) << 3.0;
        QTest::newRow("fraction") << "rate<0.01"
                                  << "rate" << int(Comparison::Less) << 0.01;
        QTest::newRow("negative") << "min>-1"
                                  << "min" << int(Comparison::Greater) << -1.0;
    }
    void expressions() {
        QFETCH(QString, text);
        QFETCH(QString, stat);
        QFETCH(int, comparison);
        QFETCH(double, bound);
        std::string reason;
        const auto expression = parseThresholdExpression(text.toStdString(), reason);
        QVERIFY2(expression, reason.c_str());
        QCOMPARE(QString::fromStdString(expression->text), text); // spelling kept
        QCOMPARE(QString::fromStdString(expression->stat.name()), stat);
        QCOMPARE(int(expression->comparison), comparison);
        QCOMPARE(expression->bound, bound);
    }

    void comparisons_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("holds");
        QTest::newRow("< below") << "avg<5" << 4.9 << true;
        QTest::newRow("< equal") << "avg<5" << 5.0 << false;
        QTest::newRow("<= equal") << "avg<=5" << 5.0 << true;
        QTest::newRow("> equal") << "avg>5" << 5.0 << false;
        QTest::newRow(">= equal") << "avg>=5" << 5.0 << true;
        QTest::newRow("== equal") << "avg==5" << 5.0 << true;
        QTest::newRow("=== other") << "avg===5" << 5.5 << false;
        QTest::newRow("!= equal") << "avg!=5" << 5.0 << false;
        QTest::newRow("!= other") << "avg!=5" << 6.0 << true;
    }
    void comparisons() {
        QFETCH(QString, text);
        QFETCH(double, value);
        QFETCH(bool, holds);
        std::string reason;
        QCOMPARE(parseThresholdExpression(text.toStdString(), reason)->holds(value), holds);
    }

    void malformedOption_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("message");
        QTest::newRow("double operator")
            << R"j({"http_req_duration":["p(95)<<500"]})j"
            << R"j(threshold "p(95)<<500" on http_req_duration: "<500" after the operator is not a number)j";
        QTest::newRow("no parentheses")
            << R"j({"http_req_duration":["p95<500"]})j"
            << R"j(threshold "p95<500" on http_req_duration: "p95" is not an aggregation)j";
        QTest::newRow("no operator") << R"j({"http_req_duration":["p(95)"]})j"
                                     << R"j(threshold "p(95)" on http_req_duration: no comparison operator)j";
        QTest::newRow("no number") << R"j({"http_req_duration":["p(95) <"]})j"
                                   << R"j(threshold "p(95) <" on http_req_duration: "" after the operator)j";
        QTest::newRow("single =")
            << R"j({"http_req_duration":["p(95)=500"]})j"
            << R"j(threshold "p(95)=500" on http_req_duration: unknown comparison operator)j";
        QTest::newRow("percentile over 100")
            << R"j({"http_req_duration":["p(101)<5"]})j"
            << R"j(threshold "p(101)<5" on http_req_duration: "p(101)" is not an aggregation)j";
        QTest::newRow("no aggregation") << R"j({"http_req_duration":["<5"]})j"
                                        << R"j(threshold "<5" on http_req_duration: no aggregation)j";
        QTest::newRow("unit on the number")
            << R"j({"http_req_duration":["p(95)<500ms"]})j"
            << R"j(threshold "p(95)<500ms" on http_req_duration: "500ms" after the operator is not a number)j";
        QTest::newRow("malformed tag filter")
            << R"j({"http_req_duration{status}":["p(95)<5"]})j"
            << R"j(threshold "p(95)<5" on http_req_duration{status}: tag filter entry "status" is not tag:value)j";
        QTest::newRow("unmatched brace")
            << "{\"http_req_duration{status:200\":[\"p(95)<5\"]}" // not raw: moc miscounts its braces
            << R"j(threshold "p(95)<5" on http_req_duration{status:200: unmatched curly brace)j";
        QTest::newRow("not a list")
            << R"j({"http_req_duration":"p(95)<5"})j"
            << R"j(threshold "p(95)<5" on http_req_duration: not a list of expressions)j";
        QTest::newRow("not a string") << R"j({"http_req_duration":[5]})j"
                                      << R"j(threshold 5 on http_req_duration: not an expression string)j";
        QTest::newRow("long form without threshold")
            << R"j({"http_req_duration":[{"abortOnFail":true}]})j"
            << R"j(threshold {"abortOnFail":true} on http_req_duration: no "threshold" expression)j";
        QTest::newRow("abortOnFail not a boolean")
            << R"j({"http_req_duration":[{"threshold":"p(95)<5","abortOnFail":"yes"}]})j"
            << R"j(threshold "p(95)<5" on http_req_duration: abortOnFail "yes" is not true or false)j";
        QTest::newRow("bad delayAbortEval")
            << R"j({"http_req_duration":[{"threshold":"p(95)<5","delayAbortEval":"10 parsecs"}]})j"
            << R"j(threshold "p(95)<5" on http_req_duration: delayAbortEval "10 parsecs" is not a duration)j";
        QTest::newRow("not an object") << R"j(["p(95)<5"])j"
                                       << "thresholds: not an object";
    }
    void malformedOption() {
        QFETCH(QString, option);
        QFETCH(QString, message);
        try {
            thresholdsOf(option.toUtf8().constData());
            QFAIL("no error");
        } catch (const Error& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(message), error.what());
            QVERIFY(!QString(error.what()).contains('\n'));
        }
    }

    void longForm() {
        const Thresholds thresholds = thresholdsOf(
            R"j({"http_req_duration{expected_response:true}":["p(95)<500",
                 {"threshold":"p(99) < 900","abortOnFail":true,"delayAbortEval":"1m30s"},
                 {"threshold":"max<2000","delayAbortEval":250}]})j");
        QCOMPARE(thresholds.metrics().size(), 1u);
        const MetricThresholds& metric = thresholds.metrics()[0];
        QCOMPARE(QString::fromStdString(metric.key.name), "http_req_duration");
        QCOMPARE(metric.thresholds.size(), 3u);
        QVERIFY(!metric.thresholds[0].abortOnFail);
        QCOMPARE(QString::fromStdString(metric.thresholds[1].expression.text), "p(99) < 900");
        QVERIFY(metric.thresholds[1].abortOnFail);
        QCOMPARE(metric.thresholds[1].delayAbortEval, Duration(90s));
        QCOMPARE(metric.thresholds[2].delayAbortEval, Duration(250ms)); // a bare number is milliseconds
    }

    void invalidForTheMetrics_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown metric")
            << R"j({"http_req_durations":["p(95)<500"]})j"
            << R"j(threshold "p(95)<500" on http_req_durations: no metric named "http_req_durations" is defined)j";
        QTest::newRow("unknown metric with a filter")
            << R"j({"orders{kind:paid}":["count>1"]})j"
            << R"j(threshold "count>1" on orders{kind:paid}: no metric named "orders" is defined)j";
        QTest::newRow("trend value")
            << R"j({"http_req_duration":["p(95)<500","value<5"]})j"
            << R"j(threshold "value<5" on http_req_duration: a trend has no value; use avg, min, med, max or p(N))j";
        QTest::newRow("counter avg")
            << R"j({"http_reqs":["avg<5"]})j"
            << R"j(threshold "avg<5" on http_reqs: a counter has no avg; use count or rate)j";
        QTest::newRow("gauge max") << R"j({"vus":["max<5"]})j"
                                   << R"j(threshold "max<5" on vus: a gauge has no max; use value)j";
        QTest::newRow("rate passes") << R"j({"checks":["passes>5"]})j"
                                     << R"j(threshold "passes>5" on checks: a rate has no passes; use rate)j";
        QTest::newRow("submetric of a rate")
            << R"j({"http_req_failed{status:500}":["count<5"]})j"
            << R"j(threshold "count<5" on http_req_failed{status:500}: a rate has no count; use rate)j";
    }
    void invalidForTheMetrics() {
        QFETCH(QString, option);
        QFETCH(QString, message);
        MetricRegistry registry;
        Aggregator aggregator(registry);
        Thresholds thresholds = thresholdsOf(option.toUtf8().constData());
        try {
            thresholds.evaluate(aggregator, 1s, Evaluation::Final);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromUtf8(error.what()), message);
        }
    }

    void customMetricDefinedAfterParsing() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        Thresholds thresholds = thresholdsOf(R"j({"orders{kind:paid}":["count>=2"],"orders":["count<3"]})j");
        thresholds.track(aggregator);
        QVERIFY_THROWS_EXCEPTION(Error, thresholds.validate(registry));
        const Metric* orders = registry.define("orders", MetricType::Counter, ValueKind::Default);
        thresholds.validate(registry);
        aggregator.add(sampleOf(orders, 2, {{"kind", "paid"}}));
        aggregator.add(sampleOf(orders, 5, {{"kind", "free"}}));
        const ThresholdsVerdict verdict = thresholds.evaluate(aggregator, 1s, Evaluation::Final);
        QCOMPARE(verdicts(thresholds),
                 (QStringList{"orders{kind:paid} count>=2=ok", "orders count<3=failed"}));
        QVERIFY(!verdict.passed);
        QCOMPARE(verdict.failedMetrics, std::vector<std::string>{"orders"});
    }

    void evaluatesEveryAggregation() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        Thresholds thresholds = thresholdsOf(
            "{\"http_req_duration\": [\"p(90)<9.1\", \"p(90)<=9.1\", \"med==5.5\", \"avg === 5.5\","
            "                       \"max != 10\", \"min>0\", \"p(99.9) < 10\"],"
            " \"http_reqs\": [\"count==10\", \"rate<2\", \"rate<=2\"],"
            " \"vus\": [\"value==5\"],"
            " \"checks\": [\"rate>0.75\", \"rate>=0.75\"],"
            " \"http_req_failed{status:>=500}\": [\"rate<0.01\"]}");
        thresholds.track(aggregator);
        for (int i = 1; i <= 10; ++i) {
            aggregator.add(sampleOf(registry.httpReqDuration, i));
            aggregator.add(sampleOf(registry.httpReqs, 1));
            aggregator.add(sampleOf(registry.httpReqFailed, 1, {{"status", "500"}}));
        }
        for (const double vus : {3, 7, 5})
            aggregator.add(sampleOf(registry.vus, vus));
        for (const double check : {1, 1, 0, 1})
            aggregator.add(sampleOf(registry.checks, check, {{"check", "ok"}}));

        // 10 requests in 5 s: rate 2/s. 3 of 4 checks passed: 0.75. No status tag is literally ">=500".
        const ThresholdsVerdict verdict = thresholds.evaluate(aggregator, 5s, Evaluation::Final);
        QCOMPARE(verdicts(thresholds), (QStringList{
                                           "http_req_duration p(90)<9.1=failed",
                                           "http_req_duration p(90)<=9.1=ok",
                                           "http_req_duration med==5.5=ok",
                                           "http_req_duration avg === 5.5=ok",
                                           "http_req_duration max != 10=failed",
                                           "http_req_duration min>0=ok",
                                           "http_req_duration p(99.9) < 10=ok",
                                           "http_reqs count==10=ok",
                                           "http_reqs rate<2=failed",
                                           "http_reqs rate<=2=ok",
                                           "vus value==5=ok",
                                           "checks rate>0.75=failed",
                                           "checks rate>=0.75=ok",
                                           "http_req_failed{status:>=500} rate<0.01=ok",
                                       }));
        QVERIFY(!verdict.passed);
        QVERIFY(!verdict.abort);
        QCOMPARE(verdict.failedMetrics,
                 (std::vector<std::string>{"http_req_duration", "http_reqs", "checks"}));
    }

    void periodicSkipsMetricsWithoutSamples() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        Thresholds thresholds = thresholdsOf(R"j({"iteration_duration":["p(95)>100"]})j");
        QVERIFY(thresholds.evaluate(aggregator, 5s, Evaluation::Periodic).passed);
        QCOMPARE(verdicts(thresholds), QStringList{"iteration_duration p(95)>100=ok"});
        // At the end an empty trend counts: its p(95) is 0.
        QVERIFY(!thresholds.evaluate(aggregator, 5s, Evaluation::Final).passed);
        QCOMPARE(verdicts(thresholds), QStringList{"iteration_duration p(95)>100=failed"});
    }

    void abortOnFailWaitsForItsDelay() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        Thresholds thresholds = thresholdsOf(R"j({"http_req_duration":[
            {"threshold":"p(95)<1","abortOnFail":true,"delayAbortEval":"10s"}, "max<1"]})j");
        aggregator.add(sampleOf(registry.httpReqDuration, 5));
        const ThresholdsVerdict early = thresholds.evaluate(aggregator, 5s, Evaluation::Periodic);
        QVERIFY(!early.passed);
        QVERIFY(!early.abort);
        const ThresholdsVerdict late = thresholds.evaluate(aggregator, 11s, Evaluation::Periodic);
        QVERIFY(late.abort);

        Thresholds withoutAbort = thresholdsOf(R"j({"http_req_duration":["p(95)<1"]})j");
        QVERIFY(!withoutAbort.evaluate(aggregator, 60s, Evaluation::Periodic).abort);
    }
};

QTEST_GUILESS_MAIN(TestThresholds)
#include "tst_thresholds.moc"
