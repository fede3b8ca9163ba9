#pragma once

// For suites that run the real loadbench-engine (its path in LOADBENCH_ENGINE) on scripts they write, in a
// temporary folder, and read what it leaves with the core's readers.
#include "core/summary/summary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace loadbench::test {

/// How a run of the engine ended; exitCode is -1 when it crashed or had to be killed.
struct EngineRun {
    int exitCode = -1;
    QString out;
    QString err;
};

class EngineWorkspace {
public:
    EngineWorkspace() { QVERIFY(m_dir.isValid()); }
    QString path(const QString& name = {}) const {
        return name.isEmpty() ? m_dir.path() : m_dir.filePath(name);
    }
    void write(const QString& name, const QByteArray& text) const {
        QDir().mkpath(QFileInfo(path(name)).absolutePath());
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    /// Starts `loadbench-engine COMMAND ARGUMENTS…` in the folder without waiting, for a test that acts on it
    /// while it runs.
    std::unique_ptr<QProcess>
    start(const QStringList& arguments,
          const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment(),
          const QString& command = "run") const {
        auto process = std::make_unique<QProcess>();
        process->setWorkingDirectory(m_dir.path());
        process->setProcessEnvironment(environment);
        process->start(LOADBENCH_ENGINE, QStringList{command} + arguments);
        process->waitForStarted();
        return process;
    }
    /// Waits for a started run, killing it after `timeoutMs`.
    static EngineRun finish(QProcess& process, int timeoutMs = 45000) {
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            qWarning("loadbench-engine %s did not finish", qPrintable(process.arguments().join(' ')));
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }
    EngineRun run(const QStringList& arguments,
                  const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) const {
        return finish(*start(arguments, environment));
    }
    /// `loadbench-engine inspect ARGUMENTS…` in the folder.
    EngineRun
    inspect(const QStringList& arguments,
            const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) const {
        return finish(*start(arguments, environment, "inspect"));
    }
    loadbench::Summary summary(const QString& name = "summary.json") const {
        return loadbench::readSummary(path(name).toStdString());
    }

private:
    QTemporaryDir m_dir;
};

/// Lines a script ends with so the test can read k6's summary data object from summary.json.
/// `text` as it stands inside a quoted logfmt message of k6's (and the engine's) stderr when that is a pipe,
/// as it is in these tests: backslashes and double quotes escaped.
inline QString asLogged(QString text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
}

inline const QByteArray writeSummary = R"js(
export function handleSummary(data) {
    return { 'summary.json': JSON.stringify(data) };
}
)js";

/// A script for a row that says what a piece of code returns: `head` (its imports, `check` from 'k6' among
/// them, its options and init code) and then a default function that awaits `body` (a function body) and
/// checks, by a check named `returns the expected value`, that the JSON of what it returns is `expected`. The
/// VU logs `actual=…` for the failure message; the summary goes to summary.json.
inline QByteArray returnsScript(const QString& head, const QString& body, const QString& expected) {
    return (head + R"js(
export default async function () {
    const actual = JSON.stringify(await (async function () { )js" +
            body + R"js( })());
    console.log('actual=' + actual);
    check(actual, { 'returns the expected value': (a) => a === JSON.stringify()js" +
            expected + R"js() });
}
)js")
               .toUtf8() +
           writeSummary;
}

/// A stat of the summary's metric; -1, with a warning, when it has none.
inline double summaryValue(const loadbench::Summary& summary, const char* metric, const char* stat) {
    const auto* found = summary.metric(metric);
    if (!found || !found->value(stat)) {
        qWarning("no %s %s in the summary", metric, stat);
        return -1;
    }
    return *found->value(stat);
}

/// Runs `script` (see returnsScript) in `ws`; fails the test unless the engine exited 0 and the check passed,
/// the engine's log in the message.
inline void verifyReturns(const EngineWorkspace& ws, const QByteArray& script) {
    ws.write("script.js", script);
    const EngineRun run = ws.run({"script.js"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(summaryValue(ws.summary(), "checks", "passes") == 1.0, qPrintable(run.err));
}

/// A script with `options` whose default function awaits `body` (a function body) with `base` (a server's
/// URL) in scope and logs `RESULT <JSON of what it returns>`, for resultOf.
inline QByteArray resultScript(const QString& options, const QString& body, const QString& base) {
    return QString("import http from 'k6/http';\n"
                   "export const options = %1;\n"
                   "const base = '%2';\n"
                   "export default async function () {\n"
                   "  const result = await (async function () { %3 })();\n"
                   "  console.log('RESULT ' + JSON.stringify(result));\n"
                   "}\n")
        .arg(options, base, body)
        .toUtf8();
}

/// Runs resultScript(options, body, base) in `ws`, quiet, with no trace context, its samples to out.json.
inline EngineRun runResultScript(const EngineWorkspace& ws, const QString& options, const QString& body,
                                 const QString& base, const QStringList& arguments = {}) {
    ws.write("script.js", resultScript(options, body, base));
    return ws.run(QStringList{"script.js", "--quiet", "--no-trace-context", "--out", "json=out.json"} +
                  arguments);
}

/// A JSON text re-serialized compactly, so that two spellings of one value compare equal.
inline QString compactJson(const QString& json) {
    const QJsonDocument document = QJsonDocument::fromJson(("[" + json + "]").toUtf8());
    return document.isNull()
               ? "not JSON: " + json
               : QString::fromUtf8(QJsonDocument(document.array()).toJson(QJsonDocument::Compact));
}

/// The JSON a resultScript logged last with RESULT, out of the logfmt line `msg="RESULT …"` (quotes and
/// backslashes escaped there).
inline QString resultOf(const EngineRun& run) {
    static const QRegularExpression line("msg=\"RESULT ((?:[^\"\\\\]|\\\\.)*)\"");
    QString found;
    for (auto it = line.globalMatch(run.err); it.hasNext();)
        found = it.next().captured(1);
    found.replace(QRegularExpression("\\\\(.)"), "\\1");
    return found;
}

/// The http_reqs points of a JSON output in the order written, `METHOD STATUS URL VALUE` each, VALUE the
/// point's tag `lastTag`.
inline QStringList httpReqPoints(const QString& file, const QString& lastTag) {
    QFile output(file);
    if (!output.open(QIODevice::ReadOnly))
        return {"no output " + file};
    QStringList points;
    for (const QByteArray& line : output.readAll().split('\n')) {
        const QJsonObject sample = QJsonDocument::fromJson(line).object();
        if (sample["type"] != "Point" || sample["metric"] != "http_reqs")
            continue;
        const QJsonObject tags = sample["data"].toObject()["tags"].toObject();
        points << QString("%1 %2 %3 %4")
                      .arg(tags["method"].toString(), tags["status"].toString(), tags["url"].toString(),
                           tags[lastTag].toString());
    }
    return points;
}

} // namespace loadbench::test
