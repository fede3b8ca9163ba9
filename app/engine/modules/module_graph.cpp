#include "engine/modules/module_graph.h"

#include "common/files.h"
#include "engine/modules/esbuild.h"
#include "engine/modules/module_error.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

namespace loadbench::engine {

const std::vector<ProvidedK6Module>& providedK6Modules() {
    static const std::vector<ProvidedK6Module> modules{{"k6", "k6.js"},
                                                       {"k6/http", "http.js"},
                                                       {"k6/metrics", "metrics.js"},
                                                       {"k6/execution", "execution.js"},
                                                       {"k6/encoding", "encoding.js"},
                                                       {"k6/html", "html.js"},
                                                       {"k6/timers", "timers.js"},
                                                       {"k6/data", "data.js"},
                                                       {"k6/crypto", "crypto.js"}};
    return modules;
}

namespace {

bool isProvided(const QString& name) {
    const auto& modules = providedK6Modules();
    return std::any_of(modules.begin(), modules.end(),
                       [&](const auto& module) { return name == module.name; });
}

QString quoted(const QString& text) {
    return '"' + text + '"';
}

/// What an import or require names, once resolved: the specifier the compiled file uses for it.
struct Target {
    QString specifier;     // a k6 module's name, or the compiled file relative to the importer's
    bool commonJs = false; // its default export is a CommonJS module.exports, or a k6 module's exports
};

/// `import CLAUSE from "x";` of a CommonJS module as k6 reads it: the default import is exports.default or
/// else the exports object, a named import exports[name] (undefined when absent), `* as ns` the exports.
QString commonJsImport(const QString& clause, const QString& specifier, int index) {
    const QString exports = "__cjs" + QString::number(index);
    QStringList bindings;
    QString rest = clause.simplified();
    if (!rest.startsWith('{') && !rest.startsWith('*')) {
        const QString name = rest.section(',', 0, 0).trimmed();
        bindings << name + " = " + exports + ".default !== undefined ? " + exports + ".default : " + exports;
        rest = rest.section(',', 1).trimmed();
    }
    if (rest.startsWith('*')) {
        bindings << rest.section(" as ", 1).trimmed() + " = " + exports;
    } else if (rest.startsWith('{')) {
        for (const QString& part : rest.mid(1, rest.lastIndexOf('}') - 1).split(',', Qt::SkipEmptyParts)) {
            const QString imported = part.section(" as ", 0, 0).trimmed();
            const QString local = part.contains(" as ") ? part.section(" as ", 1).trimmed() : imported;
            const QString key = imported.startsWith('"') ? imported : quoted(imported);
            bindings << local + " = " + exports + "[" + key + "]";
        }
    }
    QString text = "import " + exports + " from " + quoted(specifier) + ";";
    if (!bindings.isEmpty())
        text += " const " + bindings.join(", ") + ";";
    return text;
}

} // namespace

ModuleGraph::ModuleGraph(const std::filesystem::path& script, const std::filesystem::path& folder,
                         std::vector<std::filesystem::path> moduleFolders)
    : m_folder(folder)
    , m_remote(std::move(moduleFolders), script) {
    m_entry = load(Source{script, {}}, script.string());
}

std::string ModuleGraph::Source::name() const {
    return url.isEmpty() ? file.string() : url.toString(QUrl::FullyEncoded).toStdString();
}

bool ModuleGraph::entryIsCommonJs() const {
    return m_modules.at(m_entry).commonJs;
}

std::filesystem::path ModuleGraph::compiledPath(const Source& source) const {
    if (source.url.isEmpty())
        return m_folder / "file" / source.file.relative_path();
    return m_folder / "https" / moduleFolderPath(source.url);
}

const std::filesystem::path& ModuleGraph::load(const Source& source, const std::string& where) {
    const std::string name = source.name();
    if (const auto known = m_compiled.find(name); known != m_compiled.end())
        return known->second;
    const bool remote = !source.url.isEmpty();
    std::string text;
    try {
        text = remote ? m_remote.get(source.url).source : readFile(source.file);
    } catch (const ModuleError& error) {
        throw ModuleError(where + ": " + error.what());
    } catch (const Error& error) {
        throw ModuleError(error.what());
    }
    const std::filesystem::path& compiled = m_compiled[name] = compiledPath(source);
    const bool typescript = remote ? source.url.path().endsWith(".ts") : source.file.extension() == ".ts";
    CompiledSource output = compileModule(text, name, typescript);
    const QString code = QString::fromStdString(output.code);

    // esbuild prints top-level statements from the first column, so module syntax is a line that starts so.
    static const QRegularExpression moduleSyntax(R"(^(import[\s{*"]|export\s))",
                                                 QRegularExpression::MultilineOption);
    static const QRegularExpression commonJsSyntax(
        R"(\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=)");
    const bool esm = moduleSyntax.match(code).hasMatch();
    if (esm && commonJsSyntax.match(code).hasMatch())
        throw ModuleError(name + ": mixes ES module syntax (import, export) with CommonJS (require, "
                                 "module.exports, exports.…); k6 accepts one or the other in a file");
    Module& module = m_modules[compiled];
    module.original = name;
    module.commonJs = !esm;
    module.map = std::move(output.map);

    QHash<QString, Target> targets;
    const auto resolve = [&](const QString& specifier, qsizetype offset) -> Target {
        if (const auto known = targets.find(specifier); known != targets.end())
            return *known;
        const int line = static_cast<int>(code.left(offset).count('\n')) + 1;
        const auto position = module.map.original(line);
        const std::string where =
            name +
            (position ? ":" + std::to_string(position->line) + ":" + std::to_string(position->column) : "") +
            ": \"" + specifier.toStdString() + "\"";
        Target target;
        if (isProvided(specifier)) {
            m_k6Imports.insert(specifier.toStdString());
            // Read like a CommonJS module's exports (VuRuntime registers an object whose `default` is
            // itself): QJSEngine 6.4 gives `import * as` of a registered module a namespace that reads as
            // empty.
            target.specifier = specifier;
            target.commonJs = true;
            m_k6Imports.insert(specifier.toStdString());
        } else if (specifier.startsWith("k6/x/")) {
            throw ModuleError(where +
                              " needs a k6 extension (xk6), which loadbench-engine cannot load; run the "
                              "script with a k6 binary built with it");
        } else if (specifier == "k6" || specifier.startsWith("k6/")) {
            throw ModuleError(where +
                              " is a k6 module that loadbench-engine does not provide; run the script "
                              "with --backend k6 or --backend compose");
        } else if (specifier.startsWith("http://")) {
            throw ModuleError(where + ": http:// imports are refused, as k6 refuses them; use https://");
        } else if (specifier.startsWith("https://") || specifier.startsWith("./") ||
                   specifier.startsWith("../") || specifier.startsWith("/") ||
                   specifier.startsWith("file://")) {
            Source imported;
            if (specifier.startsWith("https://") || (remote && !specifier.startsWith("file://"))) {
                // As k6 resolves them: a relative specifier in a remote module against that module's URL.
                imported.url = remote ? source.url.resolved(QUrl(specifier)) : QUrl(specifier);
                if (!imported.url.isValid() || imported.url.host().isEmpty())
                    throw ModuleError(where + ": not a valid https:// URL");
            } else if (remote) {
                throw ModuleError(where + ": a remote module cannot import a local file, as in k6");
            } else {
                imported.file =
                    specifier.startsWith("file://")
                        ? std::filesystem::path(QUrl(specifier).toLocalFile().toStdString())
                        : (source.file.parent_path() / specifier.toStdString()).lexically_normal();
                std::error_code error;
                if (!std::filesystem::is_regular_file(imported.file, error))
                    throw ModuleError(where + ": no such file " + imported.file.string());
            }
            const std::filesystem::path& dependency = load(imported, where);
            // A URL, as QJSEngine decodes it: a remote module's file name may hold `%3F` (its query).
            target.specifier =
                "./" +
                QString::fromUtf8(QUrl::toPercentEncoding(
                    QString::fromStdString(dependency.lexically_relative(compiled.parent_path()).string()),
                    "/"));
            target.commonJs = m_modules.at(dependency).commonJs;
        } else {
            throw ModuleError(where + " is not a k6 module, a relative path or an https:// URL");
        }
        targets.insert(specifier, target);
        return target;
    };

    // One pass over esbuild's canonical output (specifiers double-quoted): a whole `import … from "x";` (it
    // may become a CommonJS import), else a specifier after `from`, `import` or `import(`, else a
    // `require("x")`; else a string or template literal, skipped whole, so that `"served from "` or a check
    // named
    // `"default import"` is text, not an import.
    static const QRegularExpression references(
        R"re(^import\s+([^;"]*?)\s+from\s*"([^"\\]+)";|(\bfrom\s*|\bimport\s*\(?\s*)"([^"\\]+)"|\brequire\s*\(\s*"([^"\\]+)"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)re",
        QRegularExpression::MultilineOption);
    QString rewritten;
    qsizetype done = 0;
    int commonJsImports = 0;
    std::vector<std::pair<QString, Target>> required;
    for (auto it = references.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        rewritten += code.mid(done, match.capturedStart() - done);
        done = match.capturedEnd();
        if (!match.captured(5).isEmpty()) { // require("x") stays; the wrapper below answers it
            const QString specifier = match.captured(5);
            const Target target = resolve(specifier, match.capturedStart());
            if (std::none_of(required.begin(), required.end(),
                             [&](const auto& r) { return r.first == specifier; }))
                required.emplace_back(specifier, target);
            rewritten += match.captured(0);
        } else if (!match.captured(2).isEmpty()) {
            const Target target = resolve(match.captured(2), match.capturedStart());
            if (target.commonJs)
                // Kept on as many lines as the statement had, so that the source map still fits.
                rewritten += commonJsImport(match.captured(1), target.specifier, commonJsImports++) +
                             QString(match.captured(0).count('\n'), '\n');
            else
                rewritten += "import " + match.captured(1) + " from " + quoted(target.specifier) + ";";
        } else if (!match.captured(4).isEmpty()) {
            rewritten +=
                match.captured(3) + quoted(resolve(match.captured(4), match.capturedStart()).specifier);
        } else { // a string or template literal
            rewritten += match.captured(0);
        }
    }
    rewritten += code.mid(done);

    if (module.commonJs) {
        // k6's CommonJS wrapper, its head on the first line so that lines keep their numbers; the modules it
        // required are imported statically (names known before the run), require() hands them out.
        QString head;
        QString cases;
        for (std::size_t i = 0; i < required.size(); ++i) {
            const auto& [specifier, target] = required[i];
            const QString binding = "__require" + QString::number(i);
            head += (target.commonJs ? "import " : "import * as ") + binding + " from " +
                    quoted(target.specifier) + "; ";
            cases += "case " + quoted(specifier) + ": return " + binding + "; ";
        }
        rewritten =
            head + "const __module = { exports: {} }; (function (module, exports, require) {" + rewritten +
            "\n}).call(__module.exports, __module, __module.exports, function (name) { switch (name) { " +
            cases +
            "} throw new Error('require(\"' + name + '\"): only a literal name can be required, "
            "resolved before the run'); });\nexport default __module.exports;\n";
    }
    std::filesystem::create_directories(compiled.parent_path());
    writeFileAtomically(compiled, rewritten.toStdString());
    return compiled;
}

const ModuleGraph::Module* ModuleGraph::find(const QString& location) const {
    const QUrl url(location);
    const std::filesystem::path path =
        std::filesystem::path((url.isLocalFile() ? url.toLocalFile() : location).toStdString())
            .lexically_normal();
    const auto found = m_modules.find(path);
    return found == m_modules.end() ? nullptr : &found->second;
}

std::vector<std::string> ModuleGraph::originalFiles() const {
    std::vector<std::string> files;
    for (const auto& [compiled, module] : m_modules)
        if (module.original.rfind("https://", 0) != 0)
            files.push_back(module.original);
    return files;
}

QString ModuleGraph::originalFile(const QString& location) const {
    if (const Module* module = find(location))
        return QString::fromStdString(module->original);
    const QUrl url(location);
    return url.isLocalFile() ? url.toLocalFile() : location;
}

QString ModuleGraph::originalLocation(const QString& location) const {
    const qsizetype colon = location.lastIndexOf(':');
    bool isLine = false;
    const int line = location.mid(colon + 1).toInt(&isLine);
    if (!isLine)
        return originalFile(location);
    const QString file = location.left(colon);
    const Module* module = find(file);
    if (!module)
        return originalFile(file) + ":" + QString::number(line);
    const auto position = module->map.original(line);
    if (!position)
        return QString::fromStdString(module->original);
    return QString::fromStdString(module->original) + ":" + QString::number(position->line) + ":" +
           QString::number(position->column);
}

} // namespace loadbench::engine
