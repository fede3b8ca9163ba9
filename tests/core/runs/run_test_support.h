#pragma once
// Workspaces made of this repository's kit, a stand-in `docker` for the compose backend, and a look at which
// processes are left: what the run suites share.

#include "core/runs/run_controller.h"
#include "support/small_disk.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

namespace runtest {

const QString source = QStringLiteral(LOADBENCH_SOURCE_DIR);

inline void writeFile(const QString& path, const QByteArray& content, bool executable = false) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    if (executable)
        file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeGroup);
}

inline QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// A JSON value as text for QCOMPARE (which cannot take nlohmann::json): strings as they are, else as JSON.
inline QString str(const nlohmann::json& value) {
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

/// Runs a program to its end (git, a stand-in); fails the process on an error, since the test cannot go on.
inline QString runTool(const QString& dir, const QString& program, const QStringList& arguments) {
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(program, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qFatal("%s %s failed: %s", qPrintable(program), qPrintable(arguments.join(' ')),
               process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

/// A temporary workspace made of this repository's kit: k6/ with its helpers, config/, docker-compose.yml,
/// .env.
class KitWorkspace {
public:
    KitWorkspace() {
        QDirIterator it(source + "/k6", {"*.js"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            copy(file.mid(source.size() + 1));
        }
        copy("config/development.toml");
        copy("docker-compose.yml");
        copy(".env");
    }

    QString path(const QString& relative = {}) const {
        return relative.isEmpty() ? m_dir.path() : m_dir.filePath(relative);
    }
    std::filesystem::path root() const { return m_dir.path().toStdString(); }
    QString benchmark(const QString& name) const { return path("k6/benchmark/" + name); }
    bool has(const QString& relative) const { return QFileInfo::exists(path(relative)); }
    void write(const QString& relative, const QByteArray& content) const {
        writeFile(path(relative), content);
    }

    /// Makes it a git repository with one commit of everything; returns the 7-digit hash.
    QString commitAll() const {
        runTool(path(), "git", {"init", "-q"});
        runTool(path(), "git", {"add", "-A"});
        runTool(path(), "git",
                {"-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "kit"});
        return runTool(path(), "git", {"rev-parse", "--short=7", "HEAD"});
    }

    /// Every file below k6/benchmark/ with its bytes: what a refused run must leave as it was.
    QMap<QString, QByteArray> results() const {
        QMap<QString, QByteArray> files;
        QDirIterator it(path("k6/benchmark"), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            files.insert(file, readAll(file));
        }
        return files;
    }

    nlohmann::json json(const QString& benchmarkFile) const {
        return nlohmann::json::parse(readAll(benchmark(benchmarkFile)).toStdString(), nullptr, false);
    }

private:
    void copy(const QString& relative) {
        QDir().mkpath(QFileInfo(path(relative)).absolutePath());
        if (!QFile::copy(source + "/" + relative, path(relative)))
            qFatal("cannot copy %s", qPrintable(relative));
    }

    QTemporaryDir m_dir;
};

/// A script of the kit's shape that takes its time: one request a VU every 100 ms, so that a run of a few
/// seconds has a few dozen requests, progress and live figures. `options` is its options object.
inline QByteArray pacedScript(const QByteArray& options = "{ vus: 2, duration: '30s' }") {
    return R"js(
import http from 'k6/http';
import { check, sleep } from 'k6';
import { baseUrl } from './helper/load.js';
import { storeResults } from './helper/results.js';

export const options = )js" +
           options + R"js(;

export default function () {
    check(http.get(baseUrl() + '/health'), { 'status 200': (r) => r.status === 200 });
    sleep(0.1);
}

export function handleSummary(data) {
    return storeResults(__ENV.LOADTEST_K6_SCRIPT, data);
}
)js";
}

/// A user's own k6 script, written without the kit's helpers: one checked request an iteration; with
/// `ownSummary`, a handleSummary of its own that writes `own-report.txt` (beside the script) and stdout.
inline QByteArray plainScript(bool ownSummary) {
    QByteArray script = R"js(
import http from 'k6/http';
import { check } from 'k6';

export default function () {
    check(http.get(`${__ENV.BASE_URL}/health`), { 'status 200': (r) => r.status === 200 });
}
)js";
    if (ownSummary)
        script += R"js(
export function handleSummary(data) {
    return { 'own-report.txt': 'requests ' + data.metrics.http_reqs.values.count + '\n', stdout: 'own summary\n' };
}
)js";
    return script;
}

/// Ran to its end with a summary: the kit's thresholds (health: p(90) < 15 ms) may fail on a busy machine.
inline bool completed(const loadbench::ScriptOutcome& outcome) {
    return (outcome.status == loadbench::ScriptStatus::Passed && outcome.exitCode == 0) ||
           (outcome.status == loadbench::ScriptStatus::ThresholdsFailed && outcome.exitCode == 99);
}

/// A RunController with a spy on every signal.
struct RecordedRun {
    loadbench::RunController controller;
    QSignalSpy notices{&controller, &loadbench::RunController::notice};
    QSignalSpy started{&controller, &loadbench::RunController::scriptStarted};
    QSignalSpy lines{&controller, &loadbench::RunController::outputLine};
    QSignalSpy progress{&controller, &loadbench::RunController::progressed};
    QSignalSpy live{&controller, &loadbench::RunController::liveMetrics};
    QSignalSpy finished{&controller, &loadbench::RunController::scriptFinished};
    QSignalSpy ended{&controller, &loadbench::RunController::runFinished};

    /// Starts; the problems that kept it from starting.
    std::vector<std::string> start(const loadbench::RunRequest& request) { return controller.start(request); }
    /// Waits for runFinished; its outcome.
    loadbench::RunOutcome waitForEnd(int timeoutMs = 45000) {
        if (ended.isEmpty() && !ended.wait(timeoutMs))
            qFatal("the run did not finish within %d ms", timeoutMs);
        return ended.first().first().value<loadbench::RunOutcome>();
    }
    loadbench::RunOutcome run(const loadbench::RunRequest& request) {
        const auto problems = start(request);
        if (!problems.empty())
            qFatal("the run did not start: %s", problems.front().c_str());
        return waitForEnd();
    }
    QStringList output() const {
        QStringList text;
        for (const QList<QVariant>& signal : lines)
            text << QString::fromStdString(signal.first().value<loadbench::OutputLine>().text);
        return text;
    }
    QStringList noticeTexts() const {
        QStringList text;
        for (const QList<QVariant>& signal : notices)
            text << QString::fromStdString(signal.first().value<std::string>());
        return text;
    }
};

/// Processes whose command line or working directory is below `folder`: what a run left running there.
inline QStringList processesIn(const QString& folder) {
    QStringList found;
    for (const QString& pid : QDir("/proc").entryList(QDir::Dirs)) {
        if (pid.toLongLong() <= 0 || pid.toLongLong() == QCoreApplication::applicationPid())
            continue;
        QByteArray commandLine = readAll("/proc/" + pid + "/cmdline");
        commandLine.replace('\0', ' ');
        const QString cwd = QFileInfo("/proc/" + pid + "/cwd").symLinkTarget();
        QByteArray stat = readAll("/proc/" + pid + "/stat");
        const bool zombie = stat.indexOf(") Z ") >= 0;
        if (!zombie && (commandLine.contains(folder.toUtf8()) || cwd.startsWith(folder)))
            found << pid + ": " + QString::fromUtf8(commandLine);
    }
    return found;
}

} // namespace runtest
