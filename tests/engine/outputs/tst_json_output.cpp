#include "common/duration.h"
#include "common/error.h"
#include "common/k6_json/ndjson_reader.h"
#include "engine/outputs/json_output.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <sstream>
#include <zlib.h>

using namespace loadbench;
using namespace loadbench::engine;
using loadbench::Duration;
using json = nlohmann::ordered_json;

namespace {
// 2026-11-28T10:11:12Z, in nanoseconds since the epoch (date -u -d 2026-11-28T10:11:12Z +%s).
constexpr std::int64_t at101112 = 1'795'860'672'000'000'000;

struct ReadBack {
    std::vector<std::tuple<std::string, MetricType, ValueKind>> metrics;
    struct Point {
        std::string metric;
        std::int64_t timeNs;
        double value;
        Tags tags;
        std::string traceId;
    };
    std::vector<Point> points;
    NdjsonReadReport report;
};

ReadBack readBack(const std::filesystem::path& path) {
    ReadBack back;
    NdjsonHandlers handlers;
    handlers.onMetric = [&](const MetricDeclaration& metric) {
        back.metrics.emplace_back(std::string(metric.name), metric.type, metric.contains);
    };
    handlers.onSample = [&](const SampleView& sample) {
        Tags tags;
        for (const SampleTag& tag : sample.tags)
            tags.emplace_back(tag.key, tag.value);
        back.points.push_back(
            {std::string(sample.metric), sample.timeNs, sample.value, tags, std::string(sample.traceId)});
    };
    back.report = readNdjson(path, handlers);
    return back;
}

std::vector<std::string> linesOf(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);)
        lines.push_back(line);
    return lines;
}

/// Realistic HTTP samples and a few awkward ones: every field a reader must get back exactly.
struct Samples {
    MetricRegistry registry;
    const Metric* custom = registry.define("waiting_time", MetricType::Trend, ValueKind::Default);
    std::vector<Sample> all;

    Samples() {
        const auto request = makeSampleContext({{"status", "200"},
                                                {"method", "GET"},
                                                {"url", "http://127.0.0.1:8080/pay?id=1&x=\"q\""},
                                                {"name", "pay"},
                                                {"group", "::checkout"},
                                                {"scenario", "default"},
                                                {"proto", "HTTP/1.1"},
                                                {"expected_response", "true"}},
                                               "4bf92f3577b34da6a3ce929d0e0e4736");
        const auto untraced =
            makeSampleContext({{"scenario", "default"}, {"note", "tab\there\nnewline \\ é"}});
        all = {
            {registry.httpReqs, at101112 + 123'456'789, 1, request},
            {registry.httpReqDuration, at101112 + 123'456'789, 12.345678, request},
            {registry.httpReqWaiting, at101112 + 100'000'000, 0.1, request}, // .1Z: trailing zeros dropped
            {registry.dataReceived, at101112, 1234567, request},             // whole second: no fraction
            {registry.httpReqBlocked, at101112 + 1, 1e-7, request},          // Go writes 1e-7
            {registry.iterations, at101112 + 999'999'999, 1, untraced},
            {custom, at101112 + 5, -2.5e21, untraced},
            {registry.vus, at101112 - 1, 3, nullptr}, // before the second, no tags at all
        };
    }
};

void compareWithSamples(const ReadBack& back, const Samples& samples) {
    QCOMPARE(back.report.badLines, 0u);
    QCOMPARE(back.points.size(), samples.all.size());
    for (std::size_t i = 0; i < samples.all.size(); ++i) {
        const Sample& sample = samples.all[i];
        const ReadBack::Point& point = back.points[i];
        QCOMPARE(point.metric, sample.metric->name());
        QCOMPARE(point.timeNs, sample.timeNs);
        QCOMPARE(point.value, sample.value); // exact: the shortest text that reads back the same double
        QCOMPARE(point.tags, sample.context ? sample.context->tags() : Tags{});
        QCOMPARE(point.traceId, sample.context ? sample.context->traceId : std::string());
    }
    // One Metric line per metric, with its type and kind.
    QCOMPARE(back.metrics.size(), samples.all.size());
    for (std::size_t i = 0; i < samples.all.size(); ++i) {
        QCOMPARE(std::get<0>(back.metrics[i]), samples.all[i].metric->name());
        QCOMPARE(int(std::get<1>(back.metrics[i])), int(samples.all[i].metric->type()));
        QCOMPARE(int(std::get<2>(back.metrics[i])), int(samples.all[i].metric->contains()));
    }
}
} // namespace

class TestJsonOutput : public QObject {
    Q_OBJECT

private slots:
    void readBackByTheCoreReader_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "samples.ndjson";
        QTest::newRow("gzip") << "samples.ndjson.gz";
    }
    void readBackByTheCoreReader() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const std::filesystem::path path =
            std::filesystem::path(dir.path().toStdString()) / name.toStdString();
        Samples samples;
        JsonOutput output(path);
        output.addSamples(samples.all);
        output.stop();
        QCOMPARE(output.samplesWritten(), samples.all.size());
        const ReadBack back = readBack(path);
        compareWithSamples(back, samples);
        QVERIFY(!back.report.compressedStreamTruncated);
    }

    void gzipIsGzip() {
        QTemporaryDir dir;
        const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "x.ndjson.gz";
        Samples samples;
        JsonOutput output(path);
        output.addSamples(samples.all);
        output.stop();
        std::ifstream file(path, std::ios::binary);
        std::array<unsigned char, 2> magic{};
        file.read(reinterpret_cast<char*>(magic.data()), 2);
        QCOMPARE(magic[0], 0x1f);
        QCOMPARE(magic[1], 0x8b);
    }

    void linesAsK6WritesThem() {
        QTemporaryDir dir;
        const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "k6.ndjson";
        Samples samples;
        MetricRegistry& registry = samples.registry;
        const Thresholds thresholds(json::parse("{\"http_req_duration\":[\"p(95)<500\",\"p(99) < "
                                                "900\"],\"http_req_duration{status:200}\":[\"max<1\"]}"));
        Aggregator aggregator(registry);
        thresholds.track(aggregator);
        JsonOutput output(path, thresholds, aggregator.submetrics());
        output.addSamples(std::span(samples.all).first(5));
        output.addSamples(std::span(samples.all).subspan(5));
        output.addSamples(std::span(samples.all).first(2)); // seen metrics: no second Metric line
        output.stop();

        const std::vector<std::string> lines = linesOf(path);
        QCOMPARE(lines.size(), 2 * samples.all.size() + 2);
        QCOMPARE(QString::fromStdString(lines[0]),
                 "{\"type\":\"Metric\",\"data\":{\"name\":\"http_reqs\",\"type\":\"counter\",\"contains\":"
                 "\"default\","
                 "\"thresholds\":[],\"submetrics\":null},\"metric\":\"http_reqs\"}");
        QCOMPARE(QString::fromStdString(lines[1]),
                 "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-28T10:11:12."
                 "123456789Z\","
                 "\"value\":1,\"tags\":{\"expected_response\":\"true\",\"group\":\"::checkout\",\"method\":"
                 "\"GET\","
                 "\"name\":\"pay\",\"proto\":\"HTTP/1.1\",\"scenario\":\"default\",\"status\":\"200\","
                 "\"url\":\"http://127.0.0.1:8080/pay?id=1&x=\\\"q\\\"\"},"
                 "\"metadata\":{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}}}");
        // The metric's own thresholds as written; tracked submetrics as k6 lists them.
        QCOMPARE(
            QString::fromStdString(lines[2]),
            "{\"type\":\"Metric\",\"data\":{\"name\":\"http_req_duration\",\"type\":\"trend\",\"contains\":"
            "\"time\","
            "\"thresholds\":[\"p(95)<500\",\"p(99) < 900\"],\"submetrics\":["
            "{\"name\":\"http_req_duration{expected_response:true}\",\"suffix\":\"expected_response:true\","
            "\"tags\":{\"expected_response\":\"true\"}},"
            "{\"name\":\"http_req_duration{status:200}\",\"suffix\":\"status:200\",\"tags\":{\"status\":"
            "\"200\"}}]},"
            "\"metric\":\"http_req_duration\"}");
        const auto timeAndValue = [&](std::size_t line) {
            const json point = json::parse(lines[line]);
            return QString::fromStdString(point["data"]["time"].get<std::string>()) + " " +
                   QString::fromStdString(lines[line].substr(lines[line].find("\"value\":") + 8,
                                                             lines[line].find(",\"tags\"") -
                                                                 lines[line].find("\"value\":") - 8));
        };
        QCOMPARE(timeAndValue(3), "2026-11-28T10:11:12.123456789Z 12.345678");
        QCOMPARE(timeAndValue(5), "2026-11-28T10:11:12.1Z 0.1");
        QCOMPARE(timeAndValue(7), "2026-11-28T10:11:12Z 1234567");
        QCOMPARE(timeAndValue(9), "2026-11-28T10:11:12.000000001Z 1e-7");
        QCOMPARE(timeAndValue(13), "2026-11-28T10:11:12.000000005Z -2.5e+21");
        QCOMPARE(timeAndValue(15), "2026-11-28T10:11:11.999999999Z 3");
        // No trace id: no metadata. Control characters escaped.
        QCOMPARE(
            QString::fromStdString(lines[11]),
            "{\"metric\":\"iterations\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-28T10:11:12."
            "999999999Z\","
            "\"value\":1,\"tags\":{\"note\":\"tab\\there\\nnewline \\\\ é\",\"scenario\":\"default\"}}}");
        QVERIFY(lines[15].ends_with("\"tags\":{}}}"));
        QCOMPARE(json::parse(lines[16])["metric"].get<std::string>(), "http_reqs");
    }

    void manyBlocksAndFlush_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "many.ndjson";
        QTest::newRow("gzip") << "many.ndjson.gz";
    }
    void manyBlocksAndFlush() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const std::filesystem::path path =
            std::filesystem::path(dir.path().toStdString()) / name.toStdString();
        MetricRegistry registry;
        const auto context = makeSampleContext({{"status", "200"}, {"url", std::string(200, 'u')}});
        std::vector<Sample> batch;
        for (int i = 0; i < 1000; ++i)
            batch.push_back({registry.httpReqDuration, at101112 + i, i * 0.5, context});
        JsonOutput output(path);
        for (int round = 0; round < 20; ++round) // 20,000 lines of about 330 bytes: several 1 MiB blocks
            output.addSamples(batch);
        output.flush();
        // What was flushed can be read while the file is still open.
        QCOMPARE(readBack(path).points.size(), 20000u);
        output.addSamples(batch);
        output.stop();
        const ReadBack back = readBack(path);
        QCOMPARE(back.points.size(), 21000u);
        QCOMPARE(back.points[20999].value, 999 * 0.5);
        QCOMPARE(back.report.badLines, 0u);
        QVERIFY_THROWS_EXCEPTION(Error, output.addSamples(batch));
    }

    void unwritablePathNamesTheFile_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("plain") << "/nonexistent-loadbench-dir/out.ndjson";
        QTest::newRow("gzip") << "/nonexistent-loadbench-dir/out.ndjson.gz";
        QTest::newRow("a directory") << "/tmp";
    }
    void unwritablePathNamesTheFile() {
        QFETCH(QString, path);
        try {
            JsonOutput output(path.toStdString());
            QFAIL("no error");
        } catch (const Error& error) {
            const QString message = error.what();
            QVERIFY2(message.startsWith("json output " + path + ": cannot create it: "), error.what());
            QVERIFY(!message.contains('\n'));
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonOutput)
#include "tst_json_output.moc"
