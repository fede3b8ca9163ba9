#pragma once

// Temporary workspaces for the workbench's tests: the kit's scripts, git history, result files.

#include "../support/k6_samples.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace loadbench::gui::test {

using loadbench::test::writeGzip;

inline void writeFile(const QString& path, const QByteArray& content) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

inline QByteArray readFixture(const QString& relativePath) {
    QFile file(QStringLiteral(LOADBENCH_FIXTURES_DIR "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

/// Runs the real git command line in `dir`.
inline QString git(const QString& dir, const QStringList& arguments) {
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start("git",
                  QStringList{"-c", "user.name=Test", "-c", "user.email=test@example.com"} + arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qFatal("git %s failed: %s", qPrintable(arguments.join(' ')),
               process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

/// A workspace with the kit's own k6 scripts (and helpers) copied from the repository.
inline void copyKitScripts(const QString& workspace) {
    const QDir source(QStringLiteral(LOADBENCH_SOURCE_DIR "/k6"));
    for (const char* relative :
         {"health.js", "payment-confirm.js", "helper/load.js", "helper/results.js", "helper/setup.js"}) {
        QFile file(source.filePath(relative));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file.fileName()));
        writeFile(workspace + "/k6/" + relative, file.readAll());
    }
}

/// QSettings in Qt's test location, emptied: each test starts as a first start.
inline void isolateSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

} // namespace loadbench::gui::test
