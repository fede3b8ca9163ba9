#include "engine/runner/loaded_script.h"

#include "common/error.h"
#include "engine/modules/module_error.h"
#include "engine/modules/module_graph.h"
#include "engine/modules/remote_modules.h"
#include "engine/options/engine_options.h"
#include "engine/runner/exit_code.h"

#include <QDir>
#include <QProcessEnvironment>

namespace loadbench::engine {

void setEnvironment(TestState& state, const std::map<std::string, std::string>& assignments) {
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& key : environment.keys())
        state.env[key.toStdString()] = environment.value(key).toStdString();
    for (const auto& [key, value] : assignments)
        state.env[key] = value;
}

LoadedScript::LoadedScript(TestState& state, const std::filesystem::path& script,
                           const std::vector<std::filesystem::path>& moduleDirs)
    : m_compiled(QDir::tempPath() + "/loadbench-engine-XXXXXX") {
    state.script = std::filesystem::absolute(script).lexically_normal();
    std::error_code error;
    if (!std::filesystem::is_regular_file(state.script, error))
        throw ScriptError(state.script.string() + ": no such script file");
    if (!m_compiled.isValid())
        throw Error("cannot create a temporary folder for the compiled modules: " +
                    m_compiled.errorString().toStdString());
    state.modules = std::make_shared<const ModuleGraph>(state.script, m_compiled.path().toStdString(),
                                                        moduleFolders(moduleDirs, state.script));
    m_initVu = std::make_unique<Vu>(state, 0);
    m_initVu->waitReady();
}

nlohmann::ordered_json LoadedScript::exportedOptions() {
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
