#include "core/runname/git_state.h"

#include "common/error.h"
#include "core/runname/libgit2.h"

namespace loadbench {

namespace {

bool hasTrackedChanges(git_repository* repository, const std::string& where) {
    git_status_options options;
    git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES; // untracked and ignored files are left out
    git_status_list* raw = nullptr;
    if (git_status_list_new(&raw, repository, &options) != 0)
        throw Error(where + ": cannot read git status: " + git::lastError());
    const git::StatusList list(raw);
    const std::size_t count = git_status_list_entrycount(list.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_status_entry* entry = git_status_byindex(list.get(), i);
        if (entry->status != GIT_STATUS_CURRENT &&
            !(entry->status & (GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED)))
            return true;
    }
    return false;
}

} // namespace

GitState readGitState(const std::filesystem::path& path) {
    git::init();
    const std::string where = path.string();
    git_repository* raw = nullptr;
    const int opened = git_repository_open_ext(&raw, where.c_str(), 0, nullptr);
    if (opened == GIT_ENOTFOUND)
        throw Error(where + ": not inside a git repository; name the run with -r NAME");
    if (opened != 0)
        throw Error(where + ": cannot open its git repository: " + git::lastError());
    const git::Repository repository(raw);

    GitState state;
    if (const char* workdir = git_repository_workdir(repository.get()))
        state.workdir = workdir;
    if (git_repository_head_unborn(repository.get()) == 1)
        throw Error(where +
                    ": the git repository has no commit yet; commit first or name the run with -r NAME");

    git_reference* rawHead = nullptr;
    if (git_repository_head(&rawHead, repository.get()) != 0)
        throw Error(where + ": cannot read git HEAD: " + git::lastError());
    const git::Reference head(rawHead);
    const git_oid* oid = git_reference_target(head.get());
    if (!oid)
        throw Error(where + ": git HEAD does not point at a commit");

    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, oid);
    state.commit = hex;
    state.shortCommit = state.commit.substr(0, 7);
    if (git_reference_is_branch(head.get()))
        state.branch = git_reference_shorthand(head.get());
    state.dirty = hasTrackedChanges(repository.get(), where);
    return state;
}

} // namespace loadbench
