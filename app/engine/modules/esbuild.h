#pragma once

#include "engine/modules/source_map.h"

#include <string>

namespace loadbench::engine {

/// One module file as QJSEngine 6.4 can run it, and the map back to its original.
struct CompiledSource {
    std::string code;
    SourceMap map;
};

/// Compiles one module's source with esbuild, as k6 does since v0.57: TypeScript type-stripped (no type
/// checking), syntax lowered to ES2016 (the newest target whose output QJSEngine 6.4 parses: it lacks object
/// rest/spread, async functions, optional catch bindings, logical assignment and class fields), imports and
/// exports left as they are. `name` (a path or URL) is what messages and the map name. Throws ModuleError
/// (a syntax error, at name:line:column) or loadbench::Error (esbuild missing).
CompiledSource compileModule(const std::string& source, const std::string& name, bool typescript);

} // namespace loadbench::engine
