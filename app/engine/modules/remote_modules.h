#pragma once

#include <QUrl>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace loadbench::engine {

/// The `.modules` folder beside the main script: the last module folder, and vendor's by default.
std::filesystem::path scriptModuleFolder(const std::filesystem::path& script);

/// The module folders of a run, searched in order before the network: each `--module-dir` as given, then
/// `$LOADBENCH_MODULE_DIR`, then the `.modules` folder beside the main script.
std::vector<std::filesystem::path> moduleFolders(const std::vector<std::filesystem::path>& given,
                                                 const std::filesystem::path& script);

/// Where `https://HOST[:PORT]/PATH[?QUERY]` lives inside a module folder: `HOST[:PORT]/PATH`, the query kept
/// in the file name with `?` written as `%3F`.
std::filesystem::path moduleFolderPath(const QUrl& url);

/// One remote module's source, and where it came from.
struct RemoteModule {
    QUrl url;
    std::string source;
    std::filesystem::path foundIn; // the module folder that had it; empty when fetched from the network
};

/// The https:// modules of one run: each looked up in the module folders, else fetched with libcurl (one
/// minute at most, up to 10 redirects, https only, TLS verified), once per URL however often it is imported.
class RemoteModules {
public:
    /// `script` is the main script, named by the message of a module missing offline.
    RemoteModules(std::vector<std::filesystem::path> folders, std::filesystem::path script);

    /// The module at `url` (https://). Throws ModuleError with the reason when it cannot be had (the caller
    /// names the URL and the import); when it cannot be fetched, the message also says how to provide it
    /// offline.
    const RemoteModule& get(const QUrl& url);

    /// Every module got so far, in the order first asked for.
    std::vector<const RemoteModule*> modules() const;

private:
    std::vector<std::filesystem::path> m_folders;
    std::filesystem::path m_script;
    std::map<QString, RemoteModule> m_modules; // by URL
    std::vector<QString> m_order;
};

} // namespace loadbench::engine
