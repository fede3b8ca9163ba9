#pragma once
// libgit2 for this module's sources: owning handles, one-time initialisation and the last error's text.

#include <git2.h>
#include <memory>
#include <mutex>
#include <string>

namespace loadbench::git {

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Repository = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using Reference = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using StatusList = std::unique_ptr<git_status_list, Deleter<git_status_list, git_status_list_free>>;
using Object = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;

/// libgit2 is initialised once per process and never shut down, so any thread may use it.
inline void init() {
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

inline std::string lastError() {
    const git_error* error = git_error_last();
    return error && error->message ? error->message : "unknown libgit2 error";
}

} // namespace loadbench::git
