#include "engine/modules/vendor.h"

#include "common/error.h"
#include "common/files.h"
#include "engine/modules/module_graph.h"

#include <QDir>
#include <QTemporaryDir>

namespace loadbench::engine {

std::vector<VendoredModule> vendorModules(const std::filesystem::path& script,
                                          const std::filesystem::path& folder) {
    // The graph is the one a run builds (so vendor finds exactly what a run imports); only the folder is
    // searched, so that what it lacks is fetched into it.
    const QTemporaryDir compiled(QDir::tempPath() + "/loadbench-engine-XXXXXX");
    if (!compiled.isValid())
        throw Error("cannot create a temporary folder for the compiled modules: " +
                    compiled.errorString().toStdString());
    const ModuleGraph graph(script, compiled.path().toStdString(), {folder});
    std::vector<VendoredModule> vendored;
    for (const RemoteModule* module : graph.remoteModules().modules()) {
        const std::filesystem::path file = folder / moduleFolderPath(module->url);
        const bool fetched = module->foundIn.empty();
        if (fetched) {
            std::error_code error;
            std::filesystem::create_directories(file.parent_path(), error);
            if (error)
                throw Error(file.parent_path().string() + ": cannot create the folder: " + error.message());
            writeFileAtomically(file, module->source);
        }
        vendored.push_back({module->url, file, fetched});
    }
    return vendored;
}

} // namespace loadbench::engine
