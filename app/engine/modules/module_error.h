#pragma once

#include "common/error.h"

namespace loadbench::engine {

/// A module that cannot be loaded: a syntax error, an unresolvable or refused import, a module that is
/// missing offline. The run stops with k6's script-exception exit code, 107.
class ModuleError : public Error {
public:
    using Error::Error;
};

} // namespace loadbench::engine
