#include "common/files.h"

#include "common/error.h"

#include <QFile>
#include <QSaveFile>
#include <QString>

namespace loadbench {

namespace {
QString toQString(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}
} // namespace

std::string readFile(const std::filesystem::path& path) {
    // Before opening: opening a FIFO would wait for a writer, a folder or a device is no file to read.
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw Error(path.string() + ": cannot read: not a regular file");
    QFile file(toQString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw Error(path.string() + ": cannot read: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        throw Error(path.string() + ": cannot read: " + file.errorString().toStdString());
    return bytes.toStdString();
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
    writeFileAtomically(path, [content](const ChunkWriter& write) { write(content); });
}

void writeFileAtomically(const std::filesystem::path& path, const ContentProducer& produce) {
    QSaveFile file(toQString(path));
    if (!file.open(QIODevice::WriteOnly))
        throw Error(path.string() + ": cannot write: " + file.errorString().toStdString());
    try {
        produce([&](std::string_view chunk) {
            if (file.write(chunk.data(), static_cast<qint64>(chunk.size())) !=
                static_cast<qint64>(chunk.size()))
                throw Error(path.string() + ": cannot write: " + file.errorString().toStdString());
        });
    } catch (...) {
        file.cancelWriting();
        throw;
    }
    if (!file.commit())
        throw Error(path.string() + ": cannot write: " + file.errorString().toStdString());
}

} // namespace loadbench
