#pragma once

// k6 JSON output (`--out json`) that a test writes itself: runs with known durations for the verdicts.

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QtGlobal>

namespace loadbench::test {

/// `seconds` seconds of `perSecond` expected responses each, from `firstSecond` (s since the Unix epoch),
/// each lasting `durationMs(second, index)` milliseconds: k6's Metric lines, then http_reqs and
/// http_req_duration points as k6 writes them.
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
            text += R"({"metric":"http_reqs","type":"Point","data":{"time":")" + time + R"(","value":1,)" +
                    tags + "}}\n";
            text += R"({"metric":"http_req_duration","type":"Point","data":{"time":")" + time +
                    R"(","value":)" + QByteArray::number(durationMs(second, index), 'g', 10) + "," + tags +
                    "}}\n";
        }
    return text;
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

} // namespace loadbench::test
