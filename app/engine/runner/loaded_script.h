#pragma once

#include "engine/executors/vu.h"

#include <QTemporaryDir>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// A script as k6 loads it before anything runs: a k6 archive unpacked (its files, its -e pairs under the
/// command line's, its options), its modules compiled once into a folder that lives as long as this, and VU 0
/// with its init code run. VU 0 reads the options and later runs setup, teardown and handleSummary, as k6's
/// own init VU does.
class LoadedScript {
public:
    /// Sets state.script, state.env (`assignments` over the archive's -e pairs over the process environment)
    /// and state.modules; https:// modules are looked for in an archive's https/ tree, then each of
    /// `moduleDirs` (the `--module-dir`s), then the other module folders (see moduleFolders), before the
    /// network. Throws ScriptError, ModuleError or Error.
    LoadedScript(TestState& state, const std::filesystem::path& script,
                 const std::map<std::string, std::string>& assignments,
                 const std::vector<std::filesystem::path>& moduleDirs);

    Vu& initVu() { return *m_initVu; }
    /// The script's `options`: those an archive holds, else what the script exports, as JSON.
    nlohmann::ordered_json exportedOptions();

private:
    QTemporaryDir m_compiled;
    std::unique_ptr<QTemporaryDir> m_unpacked; // an archive's files
    std::optional<nlohmann::ordered_json> m_archivedOptions;
    std::unique_ptr<Vu> m_initVu;
};

/// Runs `job` on `vu`'s thread and waits; what it throws comes through.
template <typename Result> Result onVu(Vu& vu, std::function<Result(VuRuntime&)> job) {
    Result result{};
    vu.post([&](VuRuntime& runtime) { result = job(runtime); }).get();
    return result;
}

/// Runs `command`, turning what it throws into k6's exit code and an error line in k6's log format.
int withExitCodes(TestState& state, const std::function<int()>& command);

/// Logs `message` as an error and returns `code`.
int fail(TestState& state, const std::string& message, int code);

} // namespace loadbench::engine
