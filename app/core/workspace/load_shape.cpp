#include "core/workspace/load_shape.h"

#include "common/duration.h"
#include "common/error.h"
#include "common/logfmt.h"
#include "core/backends/executables.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <tuple>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

/// Init code that does not end in time (a loop waiting for something) is stopped.
constexpr int inspectTimeoutMs = 30'000;

double secondsOf(const nlohmann::ordered_json& scenario, const char* key) {
    const auto parsed = parseDuration(scenario.value(key, std::string("0s")));
    if (!parsed)
        throw Error(std::string("inspect: ") + key + " is not a duration");
    return toSeconds(*parsed);
}

double stagesSeconds(const nlohmann::ordered_json& scenario) {
    double total = 0;
    for (const auto& stage : scenario.value("stages", nlohmann::ordered_json::array()))
        total += secondsOf(stage, "duration");
    return total;
}

void addFile(QCryptographicHash& hash, const QString& path) {
    QFile file(path);
    hash.addData(path.toUtf8());
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
}

/// The engine's content, hashed once per process for each build of it (path, size and modification time).
QByteArray engineDigest(const fs::path& engine) {
    static std::mutex mutex;
    static std::map<std::tuple<fs::path, std::uintmax_t, fs::file_time_type>, QByteArray> digests;
    std::error_code error;
    const auto build =
        std::make_tuple(engine, fs::file_size(engine, error), fs::last_write_time(engine, error));
    const std::lock_guard lock(mutex);
    QByteArray& digest = digests[build];
    if (digest.isEmpty()) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        addFile(hash, QString::fromStdString(engine.string()));
        digest = hash.result();
    }
    return digest;
}

/// What the shape depends on: the engine, and the files beside and below the script (the script itself,
/// its imports and data).
QByteArray cacheKey(const fs::path& engine, const fs::path& script) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(engineDigest(engine));
    hash.addData(QByteArray::fromStdString(script.string()));
    const QString folder = QString::fromStdString(script.parent_path().string());
    QDirIterator files(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    QStringList paths;
    while (files.hasNext()) {
        const QString path = files.next();
        if (!path.startsWith(folder + "/benchmark/"))
            paths << path;
    }
    paths.sort();
    for (const QString& path : paths)
        addFile(hash, path);
    return hash.result();
}

/// The engine's last error line, unquoted; else its whole stderr.
std::string engineMessage(const QByteArray& stderrText) {
    std::string message;
    for (const QByteArray& line : stderrText.split('\n'))
        if (const auto text = logfmtMessage(line.toStdString()); text && line.contains("level=error"))
            message = *text;
    return message.empty() ? stderrText.trimmed().toStdString() : message;
}

LoadShape inspect(const fs::path& engine, const fs::path& script) {
    QProcess process;
    process.setWorkingDirectory(QString::fromStdString(script.parent_path().string()));
    process.start(QString::fromStdString(engine.string()),
                  {"inspect", "--execution-requirements", QString::fromStdString(script.string())});
    if (!process.waitForFinished(inspectTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        throw Error(script.filename().string() + ": its init code ran longer than " +
                    std::to_string(inspectTimeoutMs / 1000) + " s");
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        throw Error(script.filename().string() + ": " + engineMessage(process.readAllStandardError()));
    const auto requirements =
        nlohmann::ordered_json::parse(process.readAllStandardOutput().toStdString(), nullptr, false);
    if (requirements.is_discarded())
        throw Error(script.filename().string() + ": loadbench-engine inspect printed no JSON");
    return loadShapeOfExecutionRequirements(requirements);
}

} // namespace

LoadShape loadShapeOfExecutionRequirements(const nlohmann::ordered_json& requirements) {
    if (!requirements.contains("scenarios") || !requirements["scenarios"].is_object() ||
        !requirements.contains("maxVUs"))
        throw Error("inspect: no scenarios or maxVUs");
    LoadShape shape;
    shape.maxVus = requirements["maxVUs"].get<int>();
    for (const auto& [name, scenario] : requirements["scenarios"].items()) {
        ++shape.scenarios;
        const std::string executor = scenario.value("executor", "");
        const double start = secondsOf(scenario, "startTime");
        shape.rampsVus |= executor == "ramping-vus" || executor.ends_with("arrival-rate");
        if (executor == "shared-iterations" || executor == "per-vu-iterations") {
            const long long iterations = scenario.value("iterations", 0LL);
            shape.iterations +=
                executor == "shared-iterations" ? iterations : iterations * scenario.value("vus", 0);
            shape.maxIterationSeconds =
                std::max(shape.maxIterationSeconds, start + secondsOf(scenario, "maxDuration"));
        } else {
            const double planned =
                scenario.contains("duration") ? secondsOf(scenario, "duration") : stagesSeconds(scenario);
            shape.plannedSeconds = std::max(shape.plannedSeconds, start + planned);
        }
    }
    return shape;
}

LoadShape readLoadShape(const fs::path& script) {
    static std::mutex mutex;
    static std::map<QByteArray, LoadShape> cache;
    const fs::path engine = locateSibling(Sibling::Engine);
    const QByteArray key = cacheKey(engine, script);
    {
        const std::lock_guard lock(mutex);
        if (const auto found = cache.find(key); found != cache.end())
            return found->second;
    }
    const LoadShape shape = inspect(engine, script);
    const std::lock_guard lock(mutex);
    cache[key] = shape;
    return shape;
}

std::string describeLoadShape(const LoadShape& shape) {
    std::string text;
    const auto part = [&](const std::string& item) { text += (text.empty() ? "" : " · ") + item; };
    if (shape.scenarios > 1)
        part(std::to_string(shape.scenarios) + " scenarios");
    part((shape.rampsVus ? "up to " : "") + std::to_string(shape.maxVus) +
         (shape.maxVus == 1 ? " VU" : " VUs"));
    if (shape.plannedSeconds > 0)
        part(formatDuration(
            std::chrono::duration_cast<Duration>(std::chrono::duration<double>(shape.plannedSeconds))));
    if (shape.iterations > 0)
        part(std::to_string(shape.iterations) + (shape.iterations == 1 ? " iteration" : " iterations"));
    return text;
}

} // namespace loadbench
