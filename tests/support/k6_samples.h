#pragma once

// k6 JSON output (`--out json`) that a test writes itself: runs with known durations for the verdicts.

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QtGlobal>
#include <string>

namespace loadbench::test {

inline QByteArray traceIdOf(int second, int index) {
    return QByteArray::number(second, 16).rightJustified(16, '0') +
           QByteArray::number(index, 16).rightJustified(16, '0');
}

/// `seconds` seconds of `perSecond` expected responses each, from `firstSecond` (s since the Unix epoch),
/// each lasting `durationMs(second, index)` milliseconds: k6's Metric lines, then http_reqs and
/// http_req_duration points as k6 writes them, each request with its trace id: its second and index as 16 hex
/// digits each (traceIdOf).
template <typename Duration>
QByteArray k6Samples(qint64 firstSecond, int seconds, int perSecond, Duration durationMs) {
    QByteArray text =
        R"({"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"})"
        "\n"
        R"({"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"})"
        "\n";
    for (int second = 0; second < seconds; ++second)
        for (int index = 0; index < perSecond; ++index) {
            const QByteArray time = QDateTime::fromMSecsSinceEpoch(
                                        (firstSecond + second) * 1000 + index * 1000 / perSecond, Qt::UTC)
                                        .toString(Qt::ISODateWithMs)
                                        .toUtf8();
            const QByteArray tags =
                R"("tags":{"expected_response":"true","method":"GET","name":"http://127.0.0.1/health","status":"200"})";
            const QByteArray metadata = R"(,"metadata":{"trace_id":")" + traceIdOf(second, index) + "\"}";
            text += R"({"metric":"http_reqs","type":"Point","data":{"time":")" + time + R"(","value":1,)" +
                    tags + metadata + "}}\n";
            text += R"({"metric":"http_req_duration","type":"Point","data":{"time":")" + time +
                    R"(","value":)" + QByteArray::number(durationMs(second, index), 'g', 10) + "," + tags +
                    metadata + "}}\n";
        }
    return text;
}

/// A handleSummary file with the key figures a history shows: http_req_duration p(95) and median (ms) with a
/// threshold, http_reqs' rate (1/s) and http_req_failed's rate (0..1).
inline std::string keyFiguresSummary(double p95, double median, double rate, double failed, bool thresholdOk) {
    return R"json({"metrics":{
        "http_req_duration":{"type":"trend","contains":"time","values":{"med":)json" +
           std::to_string(median) + R"json(,"p(95)":)json" + std::to_string(p95) +
           R"json(},"thresholds":{"p(95) < 500":{"ok":)json" + (thresholdOk ? "true" : "false") + R"json(}}},
        "http_reqs":{"type":"counter","contains":"default","values":{"count":100,"rate":)json" +
           std::to_string(rate) + R"json(}},
        "http_req_failed":{"type":"rate","contains":"default","values":{"rate":)json" +
           std::to_string(failed) + R"json(,"passes":1,"fails":99}}}})json";
}

/// Compresses `text` into a `.gz` file with the gzip command line, as a run stores its samples.
inline void writeGzip(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QProcess process;
    process.setStandardOutputFile(path);
    process.start("gzip", {"-c"});
    process.write(text);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qFatal("gzip failed for %s", qPrintable(path));
}

/// In `workspace`, runs `baseline` and `run` of script health: the fixture summary groups-checks-thresholds
/// for both, and 10 s of samples at 20 requests a second lasting `baselineMs` and `runMs` (each ± 1 %).
inline void writeComparedRuns(const QString& workspace, double baselineMs, double runMs,
                              const QString& run = "a1b2c3d") {
    QDir().mkpath(workspace + "/k6/benchmark");
    QFile(workspace + "/k6/health.js").open(QIODevice::WriteOnly);
    for (const QString& name : {QStringLiteral("baseline"), run}) {
        const QString summary = workspace + "/k6/benchmark/" + name + "_health.json";
        QFile::remove(summary);
        if (!QFile::copy(
                QStringLiteral(LOADBENCH_FIXTURES_DIR "/handle-summary/groups-checks-thresholds.json"),
                summary))
            qFatal("cannot write %s", qPrintable(summary));
    }
    const auto jittered = [](double ms) {
        return [ms](int second, int index) { return ms * (1 + 0.002 * ((index * 7 + second * 3) % 11 - 5)); };
    };
    writeGzip(workspace + "/k6/benchmark/baseline_health.ndjson.gz",
              k6Samples(1'800'000'000, 10, 20, jittered(baselineMs)));
    writeGzip(workspace + "/k6/benchmark/" + run + "_health.ndjson.gz",
              k6Samples(1'800'003'600, 10, 20, jittered(runMs)));
}

} // namespace loadbench::test
