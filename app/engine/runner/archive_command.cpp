#include "engine/runner/archive_command.h"

#include "common/files.h"
#include "engine/modules/k6_archive.h"
#include "engine/modules/remote_modules.h"
#include "engine/runner/exit_code.h"
#include "engine/runner/loaded_script.h"

#include <QUrl>

namespace loadbench::engine {

namespace {

namespace fs = std::filesystem;

std::string fileUrl(const fs::path& path, bool folder = false) {
    const std::string anonymized = anonymizedPath(path.string()) + (folder ? "/" : "");
    return QUrl::fromLocalFile(QString::fromStdString(anonymized)).toString(QUrl::FullyEncoded).toStdString();
}

int archiveLoadedScript(TestState& state, const ArchiveSettings& settings) {
    LoadedScript script(state, settings.script, settings.env, settings.moduleDirs);
    K6Archive archive;
    archive.options = script.exportedOptions();
    if (archive.options.is_null())
        archive.options = nlohmann::ordered_json::object();
    archive.filename = fileUrl(state.script);
    archive.pwd = fileUrl(fs::current_path(), true);
    archive.env = settings.env;
    // The k6 version whose archive format this is; a suffix says who wrote it.
    archive.k6Version = engineK6Version;
    archive.data = readFile(state.script);
    std::vector<fs::path> files = state.openedFiles();
    for (const std::string& module : state.modules->originalFiles())
        files.emplace_back(module);
    for (const fs::path& file : files)
        archive.files["file" + anonymizedPath(file.string())] = readFile(file);
    for (const RemoteModule* module : state.modules->remoteModules().modules())
        archive.files["https/" + moduleFolderPath(module->url).generic_string()] = module->source;
    writeK6Archive(archive, settings.output);
    return ExitOk;
}

} // namespace

int archiveScript(const ArchiveSettings& settings) {
    TestState state;
    return withExitCodes(state, [&] { return archiveLoadedScript(state, settings); });
}

} // namespace loadbench::engine
