#include "engine/runner/remote_imports.h"

#include "common/error.h"
#include "common/files.h"
#include "engine/js/test_state.h"

#include <QRegularExpression>
#include <QString>
#include <set>

namespace loadbench::engine {

namespace {

void scan(const std::filesystem::path& file, std::set<std::filesystem::path>& seen) {
    if (!seen.insert(file).second)
        return;
    std::string text;
    try {
        text = readFile(file);
    } catch (const Error& error) {
        throw ScriptError(error.what());
    }
    // Static `import … from '…'`, `export … from '…'`, bare `import '…'` and dynamic `import('…')`.
    static const QRegularExpression specifier(
        R"re((?:\bimport|\bexport)\s*(?:[\w*{}\s,$]*\sfrom\s*)?\(?\s*['"]([^'"]+)['"])re");
    const QString source = QString::fromStdString(text);
    for (auto it = specifier.globalMatch(source); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        if (name.startsWith("http://") || name.startsWith("https://")) {
            const int line = static_cast<int>(source.left(match.capturedStart()).count('\n')) + 1;
            throw ScriptError(
                file.string() + ":" + std::to_string(line) + ": remote import \"" + name.toStdString() +
                "\" cannot be fetched (nothing is downloaded); save the module next to the script "
                "and import it by a relative path");
        }
        if (name.startsWith("./") || name.startsWith("../"))
            scan((file.parent_path() / name.toStdString()).lexically_normal(), seen);
    }
}

} // namespace

void refuseRemoteImports(const std::filesystem::path& script) {
    std::set<std::filesystem::path> seen;
    scan(script, seen);
}

} // namespace loadbench::engine
