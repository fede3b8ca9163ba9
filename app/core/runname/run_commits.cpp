#include "core/runname/run_commits.h"

#include "common/error.h"
#include "core/runname/libgit2.h"

#include <algorithm>

namespace loadbench {

namespace {

constexpr std::string_view dirtySuffix = "-dirty";

bool isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

} // namespace

struct RunCommits::Repository {
    git::Repository handle;
};

RunCommits::RunCommits(const std::filesystem::path& workspace) {
    git::init();
    const std::string where = workspace.string();
    git_repository* raw = nullptr;
    const int opened = git_repository_open_ext(&raw, where.c_str(), 0, nullptr);
    if (opened == GIT_ENOTFOUND)
        return;
    if (opened != 0)
        throw Error(where + ": cannot open its git repository: " + git::lastError());
    m_repository = std::make_unique<Repository>(Repository{git::Repository(raw)});
}

RunCommits::~RunCommits() = default;

std::optional<RunCommit> RunCommits::find(std::string_view runName) const {
    std::string_view hash = runName;
    const bool dirty = hash.ends_with(dirtySuffix);
    if (dirty)
        hash.remove_suffix(dirtySuffix.size());
    if (!m_repository || hash.size() != shortHashLength || !std::all_of(hash.begin(), hash.end(), isLowerHex))
        return std::nullopt;

    git_oid prefix;
    if (git_oid_fromstrn(&prefix, hash.data(), hash.size()) != 0)
        return std::nullopt;
    git_object* raw = nullptr;
    // Not found and ambiguous alike: the name does not stand for one commit.
    if (git_object_lookup_prefix(&raw, m_repository->handle.get(), &prefix, hash.size(), GIT_OBJECT_COMMIT) !=
        0)
        return std::nullopt;
    const git::Object object(raw);
    auto* commit = reinterpret_cast<git_commit*>(object.get()); // a commit, as asked for
    RunCommit found;
    found.dirty = dirty;
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
    found.commit = hex;
    if (const char* subject = git_commit_summary(commit))
        found.subject = subject;
    found.time = git_commit_time(commit);
    return found;
}

} // namespace loadbench
