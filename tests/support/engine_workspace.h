#pragma once

// For suites that run the real loadbench-engine (its path in LOADBENCH_ENGINE) on scripts they write, in a
// temporary folder, and read what it leaves with the core's readers.
#include "core/summary/summary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
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

} // namespace loadbench::test
