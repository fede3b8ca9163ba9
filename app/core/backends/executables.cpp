#include "core/backends/executables.h"

#include "common/error.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

struct SiblingInfo {
    const char* name;
    const char* variable;
    const char* buildFolder; // below the build tree's top
};

SiblingInfo infoOf(Sibling sibling) {
    switch (sibling) {
    case Sibling::Engine:
        return {"loadbench-engine", "LOADBENCH_ENGINE", "app/engine"};
    case Sibling::Router:
        return {"loadbench-router", "LOADBENCH_ROUTER", "router"};
    }
    return {};
}

bool isExecutable(const fs::path& path) {
    const QFileInfo info(QString::fromStdString(path.string()));
    return info.isFile() && info.isExecutable();
}

} // namespace

fs::path locateSibling(Sibling sibling) {
    const SiblingInfo info = infoOf(sibling);
    if (const QString named = qEnvironmentVariable(info.variable); !named.isEmpty()) {
        if (!isExecutable(named.toStdString()))
            throw Error(std::string(info.variable) + "=" + named.toStdString() + ": not an executable file");
        return named.toStdString();
    }
    const fs::path programFolder = QCoreApplication::applicationDirPath().toStdString();
    if (const fs::path beside = programFolder / info.name; isExecutable(beside))
        return beside;
    for (fs::path folder = programFolder; !folder.empty(); folder = folder.parent_path()) {
        std::error_code error;
        if (fs::exists(folder / "CMakeCache.txt", error)) {
            if (const fs::path built = folder / info.buildFolder / info.name; isExecutable(built))
                return built;
            break;
        }
        if (folder == folder.parent_path())
            break;
    }
    throw Error(std::string(info.name) + ": not found next to " + programFolder.string() +
                " nor in its build tree; build it (cmake --build build --target " + info.name + ") or set " +
                info.variable + " to its path");
}

fs::path findOnPath(const std::string& program) {
    return QStandardPaths::findExecutable(QString::fromStdString(program)).toStdString();
}

} // namespace loadbench
