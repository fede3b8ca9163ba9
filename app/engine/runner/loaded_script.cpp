#include "engine/runner/loaded_script.h"

#include "common/error.h"
#include "engine/modules/k6_archive.h"
#include "engine/modules/module_error.h"
#include "engine/modules/module_graph.h"
#include "engine/modules/remote_modules.h"
#include "engine/options/engine_options.h"
#include "engine/runner/exit_code.h"

#include <QDir>
#include <QProcessEnvironment>

namespace loadbench::engine {

namespace {

/// __ENV as k6 builds it: the process environment, then `-e KEY=VALUE` over it.
void setEnvironment(TestState& state, const std::map<std::string, std::string>& assignments) {
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& key : environment.keys())
        state.env[key.toStdString()] = environment.value(key).toStdString();
    for (const auto& [key, value] : assignments)
        state.env[key] = value;
}

/// An archive's options as a script would export them: k6 writes every option, null where unset, and the
/// scenarios it derived beside the shortcuts they came from, which the scenarios replace.
nlohmann::ordered_json scriptOptionsOfArchive(const nlohmann::ordered_json& options) {
    nlohmann::ordered_json result = nlohmann::ordered_json::object();
    for (const auto& [key, value] : options.items())
        if (!value.is_null())
            result[key] = value.is_object() ? scriptOptionsOfArchive(value) : value;
    if (result.contains("scenarios"))
        for (const char* shortcut : {"vus", "duration", "iterations", "stages"})
            result.erase(shortcut);
    return result;
}

} // namespace

LoadedScript::LoadedScript(TestState& state, const std::filesystem::path& script,
                           const std::map<std::string, std::string>& assignments,
                           const std::vector<std::filesystem::path>& moduleDirs)
    : m_compiled(QDir::tempPath() + "/loadbench-engine-XXXXXX") {
    state.script = std::filesystem::absolute(script).lexically_normal();
    std::error_code error;
    if (!std::filesystem::is_regular_file(state.script, error))
        throw ScriptError(state.script.string() + ": no such script file");
    std::map<std::string, std::string> env = assignments;
    if (isTarFile(state.script)) {
        try {
            const K6Archive archive = readK6Archive(state.script);
            m_unpacked = std::make_unique<QTemporaryDir>(QDir::tempPath() + "/loadbench-archive-XXXXXX");
            if (!m_unpacked->isValid())
                throw Error("cannot create a temporary folder to unpack it: " +
                            m_unpacked->errorString().toStdString());
            state.script = extractK6Archive(archive, m_unpacked->path().toStdString());
            env.insert(archive.env.begin(), archive.env.end()); // the command line's pairs win
            m_archivedOptions = scriptOptionsOfArchive(archive.options);
        } catch (const Error& problem) {
            throw ScriptError(std::string(problem.what()).rfind(script.string(), 0) == 0
                                  ? problem.what()
                                  : script.string() + ": " + problem.what());
        }
    }
    setEnvironment(state, env);
    if (!m_compiled.isValid())
        throw Error("cannot create a temporary folder for the compiled modules: " +
                    m_compiled.errorString().toStdString());
    std::vector<std::filesystem::path> folders = moduleDirs;
    if (m_unpacked) // an archive's https/ tree has the module folders' HOST/PATH layout
        folders.insert(folders.begin(), m_unpacked->filePath("https").toStdString());
    state.modules = std::make_shared<const ModuleGraph>(state.script, m_compiled.path().toStdString(),
                                                        moduleFolders(folders, state.script));
    m_initVu = std::make_unique<Vu>(state, 0);
    m_initVu->waitReady();
}

nlohmann::ordered_json LoadedScript::exportedOptions() {
    if (m_archivedOptions)
        return *m_archivedOptions;
    return onVu<nlohmann::ordered_json>(*m_initVu,
                                        [](VuRuntime& runtime) { return runtime.exportedOptions(); });
}

int fail(TestState& state, const std::string& message, int code) {
    state.log("error", message, "");
    return code;
}

int withExitCodes(TestState& state, const std::function<int()>& command) {
    try {
        return command();
    } catch (const ConfigError& error) {
        return fail(state, error.what(), ExitInvalidConfig);
    } catch (const ModuleError& error) {
        return fail(state, error.what(), ExitScriptException);
    } catch (const ScriptError& error) {
        return fail(state, error.what(), ExitScriptException);
    } catch (const Error& error) {
        return fail(state, error.what(), ExitInvalidConfig);
    }
}

} // namespace loadbench::engine
