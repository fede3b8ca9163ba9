#pragma once
// A full disk for the tests of what a failed write leaves: a small tmpfs, filled up.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <unistd.h>

namespace runtest {

/// A small tmpfs mounted over a folder for as long as it lives, to be filled up: a full disk. Mounting needs
/// root (tests run as root here and in CI); without it the test fails, saying so.
class SmallDisk {
public:
    explicit SmallDisk(const QString& folder)
        : m_folder(folder) {
        QDir().mkpath(folder);
        QProcess mount;
        mount.start("mount", {"-t", "tmpfs", "-o", "size=2m", "tmpfs", folder});
        m_mounted = mount.waitForFinished(10000) && mount.exitStatus() == QProcess::NormalExit &&
                    mount.exitCode() == 0;
    }
    ~SmallDisk() {
        if (m_mounted)
            QProcess::execute("umount", {"-l", m_folder});
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    /// Empty when mounted, else why not.
    QString problem() const {
        if (::geteuid() != 0)
            return "this test needs root: it mounts a 2 MB tmpfs to fill (mount -t tmpfs)";
        return m_mounted ? QString() : "mount -t tmpfs -o size=2m tmpfs " + m_folder + " failed";
    }
    /// Fills it to the last byte with a file of its own, `.filler`.
    void fill() const {
        QFile filler(m_folder + "/.filler");
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            qFatal("cannot create the filler");
        const QByteArray block(4096, 'x');
        while (filler.write(block) == block.size()) {
        }
        const QByteArray byte(1, 'x');
        while (filler.write(byte) == 1) {
        }
    }

private:
    QString m_folder;
    bool m_mounted = false;
};

} // namespace runtest
