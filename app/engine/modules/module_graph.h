#pragma once

#include "engine/modules/remote_modules.h"
#include "engine/modules/source_map.h"

#include <QString>
#include <QUrl>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace loadbench::engine {

/// The k6 modules loadbench-engine provides natively (VuRuntime registers them); any other `k6/…` import is
/// refused with a message that names the backends that have it.
struct ProvidedK6Module {
    const char* name;     // the import specifier
    const char* resource; // its source under app/engine/js/modules
};
const std::vector<ProvidedK6Module>& providedK6Modules();

/// The script and every module it imports or requires, each compiled ONCE for the run (see compileModule)
/// into `folder`, laid out like a k6 archive (`file/<absolute path>`, `https/HOST/PATH`) so that QJSEngine's
/// own resolution of relative specifiers keeps working; every VU imports the compiled entry. An https://
/// module comes from the module folders or the network (see RemoteModules); its relative imports resolve
/// against its URL, as k6 resolves them, and its errors name the URL. CommonJS files (no import or
/// export, as k6 decides) become ES modules whose default export is their `module.exports`, and the imports
/// of them are rewritten to read that object the way k6 does. Not thread-safe to build; const use is.
class ModuleGraph {
public:
    /// Compiles `script` (absolute) and everything it needs. Throws ModuleError naming the file and line.
    /// `moduleFolders` (see moduleFolders()) are searched for https:// modules before the network.
    ModuleGraph(const std::filesystem::path& script, const std::filesystem::path& folder,
                std::vector<std::filesystem::path> moduleFolders);

    /// The compiled main script, for QJSEngine::importModule.
    const std::filesystem::path& entry() const { return m_entry; }
    /// A CommonJS main script exports through its default export (module.exports).
    bool entryIsCommonJs() const;

    /// `file:///…/file/abs/a.js:12` (a compiled file's URL or path, and its line) as the user's file, line
    /// and column, `/abs/a.js:10:5`; anything else unchanged.
    QString originalLocation(const QString& location) const;
    /// The user's local files of the graph (absolute paths), the script among them, for an archive.
    std::vector<std::string> originalFiles() const;
    /// The original file of a compiled file's URL or path, for open()'s relative paths; else unchanged.
    QString originalFile(const QString& location) const;
    /// Whether a file of the graph imports or requires the k6 module `name` (VuRuntime registers only those).
    bool importsK6Module(const std::string& name) const { return m_k6Imports.count(name) > 0; }
    /// The https:// modules the script needs, with where each came from.
    const RemoteModules& remoteModules() const { return m_remote; }

private:
    /// A module file: a local file by its absolute path, or a remote module by its https:// URL.
    struct Source {
        std::filesystem::path file;
        QUrl url;
        std::string name() const;
    };
    struct Module {
        std::string original; // absolute path or URL
        bool commonJs = false;
        SourceMap map;
    };
    /// The compiled file of `source`, compiling it (and what it needs) the first time; `where` (the import)
    /// starts the message when a remote module cannot be had.
    const std::filesystem::path& load(const Source& source, const std::string& where);
    std::filesystem::path compiledPath(const Source& source) const;
    const Module* find(const QString& location) const;

    std::filesystem::path m_folder;
    std::filesystem::path m_entry;
    RemoteModules m_remote;
    std::map<std::filesystem::path, Module> m_modules;       // by compiled path
    std::map<std::string, std::filesystem::path> m_compiled; // Source::name() → compiled path
    std::set<std::string> m_k6Imports;                       // the provided k6 modules some file imports
};

} // namespace loadbench::engine
