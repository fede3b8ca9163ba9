#include "engine/modules/esbuild.h"

#include "engine/modules/module_error.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace loadbench::engine {

namespace {

constexpr std::string_view inlineMapMarker = "//# sourceMappingURL=data:application/json;base64,";

/// esbuild's first error, `✘ [ERROR] Unexpected ";"` then `    /abs/s.js:1:8:` (column 0-based), as one line.
std::string firstError(const QString& log, const std::string& name) {
    static const QRegularExpression error(R"(\[ERROR\] ([^\n]*)\n\s*\n\s*(.*):(\d+):(\d+):)");
    const QRegularExpressionMatch match = error.match(log);
    if (!match.hasMatch())
        return name + ": esbuild failed: " + log.simplified().toStdString();
    return "SyntaxError: " + match.captured(1).toStdString() + " at " + match.captured(2).toStdString() +
           ":" + match.captured(3).toStdString() + ":" + std::to_string(match.captured(4).toInt() + 1);
}

} // namespace

CompiledSource compileModule(const std::string& source, const std::string& name, bool typescript) {
    static const QString esbuild = QStandardPaths::findExecutable("esbuild");
    if (esbuild.isEmpty())
        throw Error("esbuild is not on PATH: loadbench-engine compiles every script with it "
                    "(Debian package esbuild)");
    QProcess process;
    process.start(esbuild,
                  {typescript ? "--loader=ts" : "--loader=js", "--target=es2016", "--sourcemap=inline",
                   "--log-level=error", "--color=false", "--sourcefile=" + QString::fromStdString(name)});
    process.write(source.data(), static_cast<qint64>(source.size()));
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        throw Error(name + ": esbuild did not finish");
    if (process.exitCode() != 0)
        throw ModuleError(firstError(QString::fromUtf8(process.readAllStandardError()), name));
    const std::string output = process.readAllStandardOutput().toStdString();
    const std::size_t marker = output.rfind(inlineMapMarker);
    if (marker == std::string::npos)
        throw Error(name + ": esbuild wrote no source map");
    const QByteArray map = QByteArray::fromBase64(
        QByteArray::fromStdString(output.substr(marker + inlineMapMarker.size())).trimmed());
    return {output.substr(0, marker), SourceMap::parse(map.toStdString())};
}

} // namespace loadbench::engine
