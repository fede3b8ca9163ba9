// readNdjson on the real k6 outputs in the fixtures and on files the tests write. Expected values were
// found with jq and Python on the fixtures, not by running the reader; day numbers (days since
// 1970-01-01) come from Python's `date(y, m, d) - date(1970, 1, 1)`.

#include "common/error.h"
#include "common/k6_json/ndjson_reader.h"
#include "samples_test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <string>
#include <zlib.h>

using namespace loadbench;
using namespace loadbench::test;

Q_DECLARE_METATYPE(loadbench::MetricType)
Q_DECLARE_METATYPE(loadbench::ValueKind)

// Declared before the helpers: moc (Qt 6.4) loses track of a class after raw string literals such as
// R"({"a":")".
class TestNdjsonReader : public QObject {
    Q_OBJECT

private:
    std::filesystem::path temp(const char* name) const { return m_dir.filePath(name).toStdString(); }

    QTemporaryDir m_dir;

private slots:
    void initTestCase();
    void fixtures_data();
    void fixtures();
    void metricDeclarations_data();
    void metricDeclarations();
    void sampleTags_data();
    void sampleTags();
    void keyOrderMetadataAndEscapes();
    void times_data();
    void times();
    void badLinesInTheMiddle();
    void atMostTwentyBadLinesKept();
    void lastLineWithoutNewline_data();
    void lastLineWithoutNewline();
    // Wherever k6 was stopped, a cut line is reported as truncated, never as bad nor delivered.
    void everyCutOfALine_data();
    void everyCutOfALine();
    void linesAcrossChunksAndLongLines();
    void gzipGivesTheSameSamples_data();
    void gzipGivesTheSameSamples();
    void gzipCut_data();
    void gzipCut();
    void gzipDamaged();
    void emptyFiles_data();
    void emptyFiles();
    void errorsNameTheFile_data();
    void errorsNameTheFile();
};

namespace {

constexpr std::int64_t day2022_01_07 = 18999;
constexpr std::int64_t day2024_08_21 = 19956;
constexpr std::int64_t day2025_06_11 = 20250;
constexpr std::int64_t day2000_03_01 = 11017;
constexpr std::int64_t day2026_11_28 = 20785;

constexpr const char* oldLayout = "k6-2022-old-layout-truncated.ndjson";
constexpr const char* twoScenarios = "k6-2024-two-scenarios.ndjson";
constexpr const char* newLayout = "k6-2025-truncated.ndjson";

/// One gzip member of `text`, written by zlib (independent of the ISA-L reader).
std::string gzip(std::string_view text) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2 failed");
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END)
        qFatal("deflate failed");
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string point(std::string_view metric, std::string_view time, std::string_view value,
                  std::string_view tags = "{}") {
    return R"({"metric":")" + std::string(metric) + R"(","type":"Point","data":{"time":")" +
           std::string(time) + R"(","value":)" + std::string(value) + R"(,"tags":)" + std::string(tags) +
           "}}";
}

QStringList tagList(const OwnedSample& sample) {
    QStringList list;
    for (const auto& [key, value] : sample.tags)
        list << QString::fromStdString(key + "=" + value);
    return list;
}

} // namespace

void TestNdjsonReader::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestNdjsonReader::fixtures_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<quint64>("lines");
    QTest::addColumn<quint64>("points");
    QTest::addColumn<int>("metrics");
    QTest::addColumn<QString>("firstMetric");
    QTest::addColumn<double>("firstValue");
    QTest::addColumn<qint64>("firstTimeNs");

    // 2022-01-07T17:03:35.585075Z
    QTest::newRow("2022 old layout") << oldLayout << quint64(300) << quint64(285) << 15 << "http_reqs" << 1.0
                                     << qint64(utcNs(day2022_01_07, 17, 3, 35, 585'075'000));
    // 2024-08-21T03:13:39.74173671-03:00 is 06:13:39.74173671 UTC
    QTest::newRow("2024 two scenarios") << twoScenarios << quint64(349) << quint64(333) << 16 << "data_sent"
                                        << 0.0 << qint64(utcNs(day2024_08_21, 6, 13, 39, 741'736'710));
    // 2025-06-11T17:41:36.6874204+05:30 is 12:11:36.6874204 UTC
    QTest::newRow("2025 new layout") << newLayout << quint64(300) << quint64(285) << 15 << "http_reqs" << 1.0
                                     << qint64(utcNs(day2025_06_11, 12, 11, 36, 687'420'400));
}

void TestNdjsonReader::fixtures() {
    QFETCH(QString, file);
    QFETCH(quint64, lines);
    QFETCH(quint64, points);
    QFETCH(int, metrics);
    QFETCH(QString, firstMetric);
    QFETCH(double, firstValue);
    QFETCH(qint64, firstTimeNs);

    const ReadResult read = readAll(fixture(file.toUtf8().constData()));
    QCOMPARE(read.report.lines, lines);
    QCOMPARE(read.report.samples, points);
    QCOMPARE(read.samples.size(), points);
    QCOMPARE(read.report.badLines, quint64(0));
    QVERIFY(read.report.firstBadLines.empty());
    QVERIFY(!read.report.truncatedLastLine);
    QVERIFY(!read.report.compressedStreamTruncated);
    QCOMPARE(int(read.metrics.size()), metrics);
    QCOMPARE(QString::fromStdString(read.samples.front().metric), firstMetric);
    QCOMPARE(read.samples.front().value, firstValue);
    QCOMPARE(read.samples.front().timeNs, firstTimeNs);
}

void TestNdjsonReader::metricDeclarations_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<MetricType>("type");
    QTest::addColumn<ValueKind>("contains");

    QTest::newRow("old layout rate") << oldLayout << "http_req_failed" << MetricType::Rate
                                     << ValueKind::Default;
    QTest::newRow("old layout trend")
        << oldLayout << "http_req_duration" << MetricType::Trend << ValueKind::Time;
    QTest::newRow("old layout gauge") << oldLayout << "vus_max" << MetricType::Gauge << ValueKind::Default;
    QTest::newRow("data counter") << twoScenarios << "data_sent" << MetricType::Counter << ValueKind::Data;
    QTest::newRow("checks") << twoScenarios << "checks" << MetricType::Rate << ValueKind::Default;
    QTest::newRow("submetrics array")
        << newLayout << "http_req_duration" << MetricType::Trend << ValueKind::Time;
    QTest::newRow("plain counter") << newLayout << "iterations" << MetricType::Counter << ValueKind::Default;
}

void TestNdjsonReader::metricDeclarations() {
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(MetricType, type);
    QFETCH(ValueKind, contains);

    const ReadResult read = readAll(fixture(file.toUtf8().constData()));
    const auto found = std::find_if(read.metrics.begin(), read.metrics.end(), [&](const OwnedMetric& metric) {
        return metric.name == name.toStdString();
    });
    QVERIFY(found != read.metrics.end());
    QCOMPARE(found->type, type);
    QCOMPARE(found->contains, contains);
    QCOMPARE(std::count_if(read.metrics.begin(), read.metrics.end(),
                           [&](const OwnedMetric& metric) { return metric.name == found->name; }),
             1);
}

void TestNdjsonReader::sampleTags_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("index"); // among the file's Point lines
    QTest::addColumn<QString>("metric");
    QTest::addColumn<double>("value");
    QTest::addColumn<qint64>("timeNs");
    QTest::addColumn<QStringList>("tags");

    // line 20, "tags": null
    QTest::newRow("old layout, tags null")
        << oldLayout << 9 << "vus" << 1.0 << qint64(utcNs(day2022_01_07, 17, 3, 36, 359'634'000))
        << QStringList();
    // line 4
    QTest::newRow("old layout request") << oldLayout << 1 << "http_req_duration" << 224.948
                                        << qint64(utcNs(day2022_01_07, 17, 3, 35, 585'075'000))
                                        << QStringList{"expected_response=true",
                                                       "group=",
                                                       "method=GET",
                                                       "name=http://localhost:3001/api/testCases",
                                                       "proto=HTTP/1.1",
                                                       "scenario=default",
                                                       "status=200",
                                                       "url=http://localhost:3001/api/testCases"};
    // line 2
    QTest::newRow("setup group") << twoScenarios << 0 << "data_sent" << 0.0
                                 << qint64(utcNs(day2024_08_21, 6, 13, 39, 741'736'710))
                                 << QStringList{"group=::setup"};
    // line 54: 2024-08-21T03:13:53.68779673-03:00
    QTest::newRow("check tag") << twoScenarios << 38 << "checks" << 1.0
                               << qint64(utcNs(day2024_08_21, 6, 13, 53, 687'796'730))
                               << QStringList{"check=smoke test status is 200", "group=", "scenario=smoke"};
    // line 4
    QTest::newRow("new layout request")
        << newLayout << 1 << "http_req_duration" << 29.9002
        << qint64(utcNs(day2025_06_11, 12, 11, 36, 687'420'400))
        << QStringList{"expected_response=true", "group=",           "method=GET", "name=https://test.k6.io",
                       "proto=HTTP/2.0",         "scenario=default", "status=302", "tls_version=tls1.3",
                       "url=https://test.k6.io"};
    // line 101: 2025-06-11T17:41:37.4979253+05:30, "tags": {}
    QTest::newRow("empty tags") << newLayout << 90 << "vus" << 10.0
                                << qint64(utcNs(day2025_06_11, 12, 11, 37, 497'925'300)) << QStringList();
}

void TestNdjsonReader::sampleTags() {
    QFETCH(QString, file);
    QFETCH(int, index);
    QFETCH(QString, metric);
    QFETCH(double, value);
    QFETCH(qint64, timeNs);
    QFETCH(QStringList, tags);

    const ReadResult read = readAll(fixture(file.toUtf8().constData()));
    QVERIFY(index < int(read.samples.size()));
    const OwnedSample& sample = read.samples[index];
    QCOMPARE(QString::fromStdString(sample.metric), metric);
    QCOMPARE(sample.value, value);
    QCOMPARE(sample.timeNs, timeNs);
    QCOMPARE(tagList(sample), tags);
    QVERIFY(sample.traceId.empty());
}

void TestNdjsonReader::keyOrderMetadataAndEscapes() {
    const auto path = temp("layouts.ndjson");
    writeBytes(
        path,
        R"({"type":"Metric","data":{"name":"my_trend","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"my_trend"})"
        "\n"
        R"({"metric":"my_trend","type":"Point","data":{"time":"2026-11-28T10:11:12.123456789Z","value":12.3,"tags":{"method":"GET","status":"200"},"metadata":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}}})"
        "\n"
        R"({"data":{"metadata":{"other":[1,{"trace_id":"nested"}],"trace_id":"00f067aa0ba902b7"},"tags":null,"value":-1.5e3,"time":"2026-11-28T10:11:12Z"},"type":"Point","metric":"my_trend"})"
        "\n"
        R"({"type":"Point","data":{"time":"2026-11-28T10:11:12.5+01:00","value":0,"tags":{"name":"say \"hi\" \u00e9","k":"a\\b"}},"metric":"my_trend"})"
        "\n"
        R"({"data":{"contains":"data","type":"counter","name":"bytes_out"},"metric":"bytes_out","type":"Metric"})"
        "\r\n");
    const ReadResult read = readAll(path);
    QCOMPARE(read.report.lines, quint64(5));
    QCOMPARE(read.report.badLines, quint64(0));
    QCOMPARE(read.samples.size(), size_t(3));

    QCOMPARE(read.metrics.size(), size_t(2));
    QCOMPARE(read.metrics[0].name, "my_trend");
    QCOMPARE(read.metrics[0].type, MetricType::Trend);
    QCOMPARE(read.metrics[0].contains, ValueKind::Time);
    QCOMPARE(read.metrics[1].name, "bytes_out");
    QCOMPARE(read.metrics[1].type, MetricType::Counter);
    QCOMPARE(read.metrics[1].contains, ValueKind::Data);

    QCOMPARE(read.samples[0].timeNs, utcNs(day2026_11_28, 10, 11, 12, 123'456'789));
    QCOMPARE(read.samples[0].value, 12.3);
    QCOMPARE(tagList(read.samples[0]), (QStringList{"method=GET", "status=200"}));
    QCOMPARE(read.samples[0].traceId, "4bf92f3577b34da6a3ce929d0e0e4736");

    QCOMPARE(read.samples[1].metric, "my_trend");
    QCOMPARE(read.samples[1].timeNs, utcNs(day2026_11_28, 10, 11, 12, 0));
    QCOMPARE(read.samples[1].value, -1500.0);
    QVERIFY(read.samples[1].tags.empty());
    QCOMPARE(read.samples[1].traceId, "00f067aa0ba902b7");

    // 10:11:12.5+01:00 is 09:11:12.5 UTC
    QCOMPARE(read.samples[2].timeNs, utcNs(day2026_11_28, 9, 11, 12, 500'000'000));
    QCOMPARE(tagList(read.samples[2]), (QStringList{QString::fromUtf8("name=say \"hi\" é"), "k=a\\b"}));
    QVERIFY(read.samples[2].traceId.empty());
}

void TestNdjsonReader::times_data() {
    QTest::addColumn<QByteArray>("time");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expectedNs");

    QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00Z") << true << qint64(0);
    QTest::newRow("one nanosecond") << QByteArray("1970-01-01T00:00:00.000000001Z") << true << qint64(1);
    QTest::newRow("before the epoch") << QByteArray("1969-12-31T23:59:59.5Z") << true << qint64(-500'000'000);
    QTest::newRow("lower-case t and z")
        << QByteArray("2000-03-01t00:00:00z") << true << qint64(utcNs(day2000_03_01, 0, 0, 0, 0));
    QTest::newRow("leap day, offset into the next day")
        << QByteArray("2000-02-29T23:30:00-01:00") << true << qint64(utcNs(day2000_03_01, 0, 30, 0, 0));
    QTest::newRow("offset into the previous day")
        << QByteArray("2026-11-28T00:30:00+01:00") << true << qint64(utcNs(day2026_11_28 - 1, 23, 30, 0, 0));
    QTest::newRow("+05:30, 7 digits") << QByteArray("2025-06-11T17:41:36.6874204+05:30") << true
                                      << qint64(utcNs(day2025_06_11, 12, 11, 36, 687'420'400));
    QTest::newRow("-03:00, 8 digits") << QByteArray("2024-08-21T03:13:39.74173671-03:00") << true
                                      << qint64(utcNs(day2024_08_21, 6, 13, 39, 741'736'710));
    QTest::newRow("tenth digit dropped") << QByteArray("2026-11-28T10:11:12.1234567891Z") << true
                                         << qint64(utcNs(day2026_11_28, 10, 11, 12, 123'456'789));
    QTest::newRow("no zone") << QByteArray("2026-11-28T10:11:12") << false << qint64(0);
    QTest::newRow("empty fraction") << QByteArray("2026-11-28T10:11:12.Z") << false << qint64(0);
    QTest::newRow("February 30") << QByteArray("2026-02-30T10:11:12Z") << false << qint64(0);
    QTest::newRow("hour 24") << QByteArray("2026-11-28T24:00:00Z") << false << qint64(0);
    QTest::newRow("offset without colon") << QByteArray("2026-11-28T10:11:12+0100") << false << qint64(0);
    QTest::newRow("trailing text") << QByteArray("2026-11-28T10:11:12Zx") << false << qint64(0);
    QTest::newRow("beyond int64 nanoseconds") << QByteArray("2300-01-01T00:00:00Z") << false << qint64(0);
    QTest::newRow("not a time") << QByteArray("yesterday") << false << qint64(0);
}

void TestNdjsonReader::times() {
    QFETCH(QByteArray, time);
    QFETCH(bool, valid);
    QFETCH(qint64, expectedNs);

    const auto path = temp("time.ndjson");
    writeBytes(path, point("vus", time.toStdString(), "1") + "\n");
    const ReadResult read = readAll(path);
    QCOMPARE(read.report.lines, quint64(1));
    if (valid) {
        QCOMPARE(read.report.badLines, quint64(0));
        QCOMPARE(read.samples.size(), size_t(1));
        QCOMPARE(read.samples[0].timeNs, expectedNs);
    } else {
        QCOMPARE(read.report.badLines, quint64(1));
        QVERIFY(read.samples.empty());
        QCOMPARE(read.report.firstBadLines.at(0).lineNumber, quint64(1));
        QVERIFY2(read.report.firstBadLines[0].reason.find("RFC 3339") != std::string::npos,
                 read.report.firstBadLines[0].reason.c_str());
    }
}

void TestNdjsonReader::badLinesInTheMiddle() {
    const std::string time = "2026-11-28T10:11:12Z";
    const std::vector<std::string> lines{
        point("vus", time, "1"),
        point("vus", time, "2"),
        point("vus", time, "9").substr(0, 50), // 3: half a line
        "",                                    // 4: blank
        "  \t ",                               // 5: blank
        R"({"metric":"vus","type":"Point","data":{"value":3,"tags":{}}})",
        point("vus", time, "4"),
        R"({"type":"Point","data":{"time":")" + time + R"(","value":5}})",
        R"({"metric":"vus","type":"Sample","data":{}})",
        "[1,2,3]",
        point("vus", time, "\"6\""),
        point("vus", time, "7", R"({"n":7})"),
        point("vus", time, "8"),
        point("vus", time, "10") + R"( {"a":1})", // 14: two objects
    };
    std::string text;
    for (const std::string& line : lines)
        text += line + "\n";
    const auto path = temp("bad.ndjson");
    writeBytes(path, text);
    const ReadResult read = readAll(path);
    QCOMPARE(read.report.lines, quint64(14));
    QCOMPARE(read.report.samples, quint64(4));
    QCOMPARE(read.samples.size(), size_t(4));
    QCOMPARE(read.samples[0].value, 1.0);
    QCOMPARE(read.samples[1].value, 2.0);
    QCOMPARE(read.samples[2].value, 4.0);
    QCOMPARE(read.samples[3].value, 8.0);
    QVERIFY(!read.report.truncatedLastLine);

    QCOMPARE(read.report.badLines, quint64(8));
    const std::vector<std::pair<quint64, std::string>> expected{
        {3, "not JSON"},   {6, "data.time"},   {8, "\"metric\""}, {9, "unknown type \"Sample\""},
        {10, "an object"}, {11, "data.value"}, {12, "tag \"n\""}, {14, "trailing content"}};
    QCOMPARE(read.report.firstBadLines.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const BadLine& bad = read.report.firstBadLines[i];
        QCOMPARE(bad.lineNumber, expected[i].first);
        QVERIFY2(bad.reason.find(expected[i].second) != std::string::npos, bad.reason.c_str());
    }
}

void TestNdjsonReader::atMostTwentyBadLinesKept() {
    std::string text;
    for (int i = 0; i < 25; ++i)
        text += "not json\n" + point("vus", "2026-11-28T10:11:12Z", std::to_string(i)) + "\n";
    const auto path = temp("many-bad.ndjson");
    writeBytes(path, text);
    const ReadResult read = readAll(path);
    QCOMPARE(read.report.lines, quint64(50));
    QCOMPARE(read.report.badLines, quint64(25));
    QCOMPARE(read.samples.size(), size_t(25));
    QCOMPARE(read.report.firstBadLines.size(), size_t(20));
    QCOMPARE(read.report.firstBadLines.front().lineNumber, quint64(1));
    QCOMPARE(read.report.firstBadLines.back().lineNumber, quint64(39));
}

void TestNdjsonReader::lastLineWithoutNewline_data() {
    QTest::addColumn<QByteArray>("lastLine");
    QTest::addColumn<quint64>("samples");
    QTest::addColumn<quint64>("badLines");
    QTest::addColumn<bool>("truncated");

    const QByteArray complete = QByteArray::fromStdString(point("vus", "2026-11-28T10:11:12Z", "2"));
    QTest::newRow("complete") << complete << quint64(2) << quint64(0) << false;
    QTest::newRow("cut in the time") << complete.left(60) << quint64(1) << quint64(0) << true;
    QTest::newRow("cut before the last brace") << complete.chopped(1) << quint64(1) << quint64(0) << true;
    QTest::newRow("whole JSON lacking fields")
        << QByteArray(R"({"type":"Point"})") << quint64(1) << quint64(1) << false;
}

void TestNdjsonReader::lastLineWithoutNewline() {
    QFETCH(QByteArray, lastLine);
    QFETCH(quint64, samples);
    QFETCH(quint64, badLines);
    QFETCH(bool, truncated);

    const auto path = temp("no-newline.ndjson");
    writeBytes(path, point("vus", "2026-11-28T10:11:12Z", "1") + "\n" + lastLine.toStdString());
    const ReadResult read = readAll(path);
    QCOMPARE(read.report.lines, quint64(2));
    QCOMPARE(read.report.samples, samples);
    QCOMPARE(read.report.badLines, badLines);
    QCOMPARE(read.report.truncatedLastLine, truncated);
}

void TestNdjsonReader::everyCutOfALine_data() {
    QTest::addColumn<int>("lineNumber"); // in the 2025 fixture
    QTest::newRow("Metric with submetrics") << 3;
    QTest::newRow("Point with nine tags") << 4;
}

void TestNdjsonReader::everyCutOfALine() {
    QFETCH(int, lineNumber);
    const QList<QByteArray> lines = QByteArray::fromStdString(readBytes(fixture(newLayout))).split('\n');
    const QByteArray first = lines[0] + '\n';
    const QByteArray line = lines[lineNumber - 1];
    const auto path = temp("cut.ndjson");
    for (qsizetype size = 1; size < line.size(); ++size) {
        writeBytes(path, (first + line.left(size)).toStdString());
        const ReadResult read = readAll(path);
        const QByteArray context = "cut after " + QByteArray::number(size) + " bytes";
        QVERIFY2(read.report.truncatedLastLine, context.constData());
        QVERIFY2(read.report.badLines == 0, context.constData());
        QVERIFY2(read.report.samples == 0 && read.metrics.size() == 1, context.constData());
        QVERIFY2(read.report.lines == 2, context.constData());
    }
}

void TestNdjsonReader::linesAcrossChunksAndLongLines() {
    // 2 MiB of lines of varied length cross the reader's 256 KiB chunks; one 1 MiB line makes it grow its
    // buffer, a 17 MiB one is skipped as too long.
    std::string text;
    const std::string oneMiB(1 << 20, 'x');
    const int count = 6000;
    for (int i = 0; i < count; ++i) {
        const std::string padding = i == 100 ? oneMiB : std::string(std::size_t(i % 300), 'p');
        text +=
            point("vus", "2026-11-28T10:11:12Z", std::to_string(i), R"({"pad":")" + padding + "\"}") + "\n";
        if (i == 200)
            text += point("vus", "2026-11-28T10:11:12Z", "-1",
                          R"({"pad":")" + std::string(17 << 20, 'y') + "\"}") +
                    "\n";
    }
    const auto plainPath = temp("long.ndjson");
    const auto gzipPath = temp("long.ndjson.gz");
    writeBytes(plainPath, text);
    writeBytes(gzipPath, gzip(text));
    for (const auto& path : {plainPath, gzipPath}) {
        const ReadResult read = readAll(path);
        QCOMPARE(read.report.lines, quint64(count + 1));
        QCOMPARE(read.report.badLines, quint64(1));
        QCOMPARE(read.report.firstBadLines.at(0).lineNumber, quint64(202));
        QVERIFY2(read.report.firstBadLines[0].reason.find("longer than") != std::string::npos,
                 read.report.firstBadLines[0].reason.c_str());
        QCOMPARE(read.samples.size(), size_t(count));
        for (int i = 0; i < count; ++i)
            QCOMPARE(read.samples[i].value, double(i));
        QCOMPARE(read.samples[100].tags.at(0).second.size(), oneMiB.size());
    }
}

void TestNdjsonReader::gzipGivesTheSameSamples_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("2022 old layout") << oldLayout;
    QTest::newRow("2024 two scenarios") << twoScenarios;
    QTest::newRow("2025 new layout") << newLayout;
}

void TestNdjsonReader::gzipGivesTheSameSamples() {
    QFETCH(QString, file);
    const std::string text = readBytes(fixture(file.toUtf8().constData()));
    const ReadResult plain = readAll(fixture(file.toUtf8().constData()));

    const auto onePath = temp("one-member.ndjson.gz");
    writeBytes(onePath, gzip(text));
    // Two members, split mid-line: gzip readers must join them (`cat a.gz b.gz`).
    const auto twoPath = temp("two-members.ndjson.gz");
    writeBytes(twoPath, gzip(text.substr(0, text.size() / 2)) + gzip(text.substr(text.size() / 2)));

    for (const auto& path : {onePath, twoPath}) {
        const ReadResult read = readAll(path);
        QCOMPARE(read.report.lines, plain.report.lines);
        QCOMPARE(read.report.samples, plain.report.samples);
        QCOMPARE(read.report.badLines, quint64(0));
        QVERIFY(!read.report.truncatedLastLine);
        QVERIFY(!read.report.compressedStreamTruncated);
        QCOMPARE(read.metrics.size(), plain.metrics.size());
        QVERIFY(read.samples == plain.samples);
    }
}

void TestNdjsonReader::gzipCut_data() {
    QTest::addColumn<int>(
        "keptPercent"); // of the compressed bytes; -1: all but the last 4 (the trailer's size)
    QTest::addColumn<bool>("allSamples");
    QTest::newRow("header only") << 0 << false;
    QTest::newRow("a quarter") << 25 << false;
    QTest::newRow("half") << 50 << false;
    QTest::newRow("inside the trailer") << -1 << true;
}

void TestNdjsonReader::gzipCut() {
    QFETCH(int, keptPercent);
    QFETCH(bool, allSamples);
    const ReadResult plain = readAll(fixture(twoScenarios));
    const std::string compressed = gzip(readBytes(fixture(twoScenarios)));
    const std::size_t kept = keptPercent < 0    ? compressed.size() - 4
                             : keptPercent == 0 ? 10 // the fixed gzip header
                                                : compressed.size() * std::size_t(keptPercent) / 100;
    const auto path = temp("cut.ndjson.gz");
    writeBytes(path, compressed.substr(0, kept));

    const ReadResult read = readAll(path); // must not throw
    QVERIFY(read.report.compressedStreamTruncated);
    QCOMPARE(read.report.compressedStreamDamage, "truncated at byte " + std::to_string(kept) + " of " +
                                                     std::to_string(kept) +
                                                     " (the file ends inside the gzip stream)");
    QCOMPARE(read.report.badLines, quint64(0));
    if (allSamples) {
        QVERIFY(read.samples == plain.samples);
        QVERIFY(!read.report.truncatedLastLine);
    } else if (keptPercent == 0) {
        QVERIFY(read.samples.empty());
    } else {
        QVERIFY(!read.samples.empty());
        QVERIFY(read.samples.size() < plain.samples.size());
        QVERIFY(std::equal(read.samples.begin(), read.samples.end(), plain.samples.begin()));
    }
}

void TestNdjsonReader::gzipDamaged() {
    std::string compressed = gzip(readBytes(fixture(twoScenarios)));
    compressed[compressed.size() / 2] ^= 0x55;
    const auto path = temp("damaged.ndjson.gz");
    writeBytes(path, compressed);
    const ReadResult read = readAll(path); // must not throw
    QVERIFY(read.report.compressedStreamTruncated);
    // Where the decoder gave up lies at or after the changed byte, within the file.
    const std::string& damage = read.report.compressedStreamDamage;
    QVERIFY2(damage.starts_with("damaged at byte "), damage.c_str());
    const std::uint64_t at = std::stoull(damage.substr(std::strlen("damaged at byte ")));
    QVERIFY2(at >= compressed.size() / 2 && at <= compressed.size(), damage.c_str());
    QVERIFY2(damage.find(" of " + std::to_string(compressed.size()) + " (") != std::string::npos,
             damage.c_str());
}

void TestNdjsonReader::emptyFiles_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("compressedTruncated");
    QTest::newRow("plain") << "empty.ndjson" << false;
    QTest::newRow("gzip") << "empty.ndjson.gz" << true; // k6 stopped before writing anything
}

void TestNdjsonReader::emptyFiles() {
    QFETCH(QString, name);
    QFETCH(bool, compressedTruncated);
    const auto path = temp(name.toUtf8().constData());
    writeBytes(path, "");
    const ReadResult read = readAll(path);
    QCOMPARE(read.report.lines, quint64(0));
    QCOMPARE(read.report.compressedStreamTruncated, compressedTruncated);
    QVERIFY(!read.report.truncatedLastLine);
}

void TestNdjsonReader::errorsNameTheFile_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // empty: no file
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing plain file") << "missing.ndjson" << QByteArray() << "cannot open";
    QTest::newRow("missing gzip file") << "missing.ndjson.gz" << QByteArray() << "cannot open";
    QTest::newRow("text named .gz") << "text.ndjson.gz"
                                    << QByteArray(R"({"type":"Metric"})"
                                                  "\n")
                                    << "not a gzip file: it starts with 7b 22 where gzip has 1f 8b";
    QTest::newRow("zlib stream named .gz")
        << "zlib.ndjson.gz" << QByteArray::fromHex("789c4b4c4a0600024d0127")
        << "not a gzip file: it starts with 78 9c where gzip has 1f 8b";
    QTest::newRow("gzip magic, unknown method")
        << "method.ndjson.gz" << QByteArray::fromHex("1f8b07000000000000ff0000000000000000")
        << "not a gzip file: unsupported compression method";
}

void TestNdjsonReader::errorsNameTheFile() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const auto path = temp(name.toUtf8().constData());
    if (!content.isEmpty())
        writeBytes(path, content.toStdString());
    try {
        readAll(path);
        QFAIL("no Error thrown");
    } catch (const Error& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(path.string()) != std::string::npos, error.what());
        QVERIFY2(message.find(reason.toStdString()) != std::string::npos, error.what());
        QVERIFY2(message.find('\n') == std::string::npos, error.what());
    }
}

QTEST_GUILESS_MAIN(TestNdjsonReader)
#include "tst_ndjson_reader.moc"
