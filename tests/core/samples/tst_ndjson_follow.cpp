// Reading k6 JSON output while it grows, as a run follows its script, and compressing it for the store.
#include "common/error.h"
#include "core/samples/gzip_file.h"
#include "samples_test_support.h"

#include <QTemporaryDir>

using namespace loadbench;
using namespace loadbench::test;

namespace {

const std::string metricLine =
    R"({"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"})"
    "\n";

std::string pointLine(int second, double value) {
    return R"({"metric":"http_reqs","type":"Point","data":{"time":"2026-11-28T10:11:)" +
           std::string(second < 10 ? "0" : "") + std::to_string(second) + R"(.5Z","value":)" +
           std::to_string(value) + R"(,"tags":{"status":"200"}}})" + "\n";
}

void append(const std::filesystem::path& path, std::string_view bytes) {
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::Append) ||
        file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()))
        qFatal("cannot append to %s", path.c_str());
}

} // namespace

class TestNdjsonFollow : public QObject {
    Q_OBJECT

private slots:
    void followsAGrowingFile() {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("run.ndjson").toStdString();
        std::vector<double> values;
        int metrics = 0;
        NdjsonFollower follower(path, {[&](const MetricDeclaration&) { ++metrics; },
                                       [&](const SampleView& sample) { values.push_back(sample.value); }});
        follower.poll(); // the writer has not created it yet
        QCOMPARE(follower.report().lines, std::uint64_t(0));

        writeBytes(path, metricLine + pointLine(1, 1));
        follower.poll();
        QCOMPARE(metrics, 1);
        QCOMPARE(values, std::vector<double>{1});

        const std::string second = pointLine(2, 2);
        append(path, second.substr(0, 40)); // a line being written is kept for the next poll
        follower.poll();
        QCOMPARE(values.size(), std::size_t(1));
        append(path, second.substr(40) + pointLine(3, 3));
        follower.poll();
        QCOMPARE(values, (std::vector<double>{1, 2, 3}));
        follower.poll(); // nothing new
        QCOMPARE(values.size(), std::size_t(3));

        append(path, pointLine(4, 4).substr(0, 30)); // the writer was killed mid-line
        const NdjsonReadReport& report = follower.finish();
        QCOMPARE(values.size(), std::size_t(3));
        QCOMPARE(report.samples, std::uint64_t(3));
        QCOMPARE(report.lines, std::uint64_t(5));
        QVERIFY(report.truncatedLastLine);
        QCOMPARE(report.badLines, std::uint64_t(0));
    }

    void finishDeliversALastLineWithoutNewline() {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("run.ndjson").toStdString();
        std::string last = pointLine(5, 5);
        last.pop_back();
        writeBytes(path, metricLine + last);
        std::vector<double> values;
        NdjsonFollower follower(path,
                                {nullptr, [&](const SampleView& sample) { values.push_back(sample.value); }});
        follower.poll();
        QVERIFY(values.empty());
        QCOMPARE(follower.finish().samples, std::uint64_t(1));
        QCOMPARE(values, std::vector<double>{5});
    }

    void followingAFixtureReadsWhatAWholeReadReads_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("two scenarios") << "k6-2024-two-scenarios.ndjson";
        QTest::newRow("old layout, cut") << "k6-2022-old-layout-truncated.ndjson";
    }

    void followingAFixtureReadsWhatAWholeReadReads() {
        QFETCH(QString, name);
        const ReadResult whole = readAll(fixture(name.toUtf8().constData()));
        // The fixture written in pieces of 1000 bytes, polled after each.
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("run.ndjson").toStdString();
        std::vector<OwnedSample> samples;
        NdjsonFollower follower(path, {nullptr, [&](const SampleView& sample) {
                                           samples.push_back({std::string(sample.metric),
                                                              sample.timeNs,
                                                              sample.value,
                                                              {},
                                                              std::string(sample.traceId)});
                                           for (const SampleTag& tag : sample.tags)
                                               samples.back().tags.emplace_back(tag.key, tag.value);
                                       }});
        const std::string bytes = readBytes(fixture(name.toUtf8().constData()));
        writeBytes(path, "");
        for (std::size_t at = 0; at < bytes.size(); at += 1000) {
            append(path, std::string_view(bytes).substr(at, 1000));
            follower.poll();
        }
        const NdjsonReadReport& report = follower.finish();
        QCOMPARE(samples.size(), whole.samples.size());
        QVERIFY(samples == whole.samples);
        QCOMPARE(report.lines, whole.report.lines);
        QCOMPARE(report.badLines, whole.report.badLines);
        QCOMPARE(report.truncatedLastLine, whole.report.truncatedLastLine);
    }

    void gzipRoundTrip() {
        QTemporaryDir dir;
        const std::filesystem::path gz = dir.filePath("copy.ndjson.gz").toStdString();
        std::string compressed;
        gzipFile(fixture("k6-2024-two-scenarios.ndjson"),
                 [&](std::string_view chunk) { compressed += chunk; });
        QVERIFY(compressed.size() > 18);
        QCOMPARE(compressed.substr(0, 2), std::string("\x1f\x8b"));
        writeBytes(gz, compressed);
        const ReadResult original = readAll(fixture("k6-2024-two-scenarios.ndjson"));
        const ReadResult copy = readAll(gz);
        QVERIFY(!copy.report.compressedStreamTruncated);
        QCOMPARE(copy.samples.size(), original.samples.size());
        QVERIFY(copy.samples == original.samples);
        QVERIFY(compressed.size() < readBytes(fixture("k6-2024-two-scenarios.ndjson")).size() / 4);
    }

    void gzipOfAMissingFileNamesIt() {
        QVERIFY_THROWS_EXCEPTION(Error, gzipFile("/nonexistent/run.ndjson", [](std::string_view) {}));
        std::string compressed;
        QTemporaryDir dir;
        const std::filesystem::path empty = dir.filePath("empty.ndjson").toStdString();
        writeBytes(empty, "");
        gzipFile(empty, [&](std::string_view chunk) { compressed += chunk; });
        writeBytes(dir.filePath("empty.ndjson.gz").toStdString(), compressed);
        const ReadResult read = readAll(dir.filePath("empty.ndjson.gz").toStdString());
        QCOMPARE(read.report.lines, std::uint64_t(0));
        QVERIFY(!read.report.compressedStreamTruncated);
    }
};

QTEST_GUILESS_MAIN(TestNdjsonFollow)
#include "tst_ndjson_follow.moc"
