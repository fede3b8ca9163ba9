#include "engine/runner/vendor_command.h"

#include "engine/modules/remote_modules.h"
#include "engine/modules/vendor.h"
#include "engine/runner/exit_code.h"
#include "engine/runner/loaded_script.h"

#include <iostream>

namespace loadbench::engine {

int vendorScript(const VendorSettings& settings) {
    TestState state;
    state.quiet = true;
    return withExitCodes(state, [&] {
        const std::filesystem::path script = std::filesystem::absolute(settings.script).lexically_normal();
        std::error_code error;
        if (!std::filesystem::is_regular_file(script, error))
            throw ScriptError(script.string() + ": no such script file");
        const std::filesystem::path folder =
            settings.folder ? std::filesystem::absolute(*settings.folder) : scriptModuleFolder(script);
        const std::vector<VendoredModule> modules = vendorModules(script, folder);
        for (const VendoredModule& module : modules)
            std::cout << (module.fetched ? "fetched " : "present ")
                      << module.url.toString(QUrl::FullyEncoded).toStdString() << " " << module.file.string()
                      << "\n";
        if (modules.empty())
            std::cout << script.string() << " imports no https:// module\n";
        std::cout << std::flush;
        return std::cout ? ExitOk : ExitInvalidConfig;
    });
}

} // namespace loadbench::engine
