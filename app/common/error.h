#pragma once

#include <stdexcept>

namespace loadbench {

/// A problem the user can act on. what() is one line that names the file, option or field and the reason.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace loadbench
