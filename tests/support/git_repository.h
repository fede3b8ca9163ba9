#pragma once
// The real git command line for suites that need a repository: commits made by the test, and answers to
// compare libgit2's with.

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace gittest {

/// Runs `git ARGUMENTS…` in `dir` with a fixed identity, branch `main` and no signing; `date` (ISO 8601),
/// when given, is the author and committer time. Returns the trimmed output; a failing git is fatal.
inline QString git(const QString& dir, const QStringList& arguments, const QString& date = {}) {
    QProcess process;
    process.setWorkingDirectory(dir);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!date.isEmpty()) {
        environment.insert("GIT_AUTHOR_DATE", date);
        environment.insert("GIT_COMMITTER_DATE", date);
    }
    process.setProcessEnvironment(environment);
    process.start("git",
                  QStringList{"-c", "user.name=Loadbench Test", "-c", "user.email=test@loadbench.invalid",
                              "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"} +
                      arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qFatal("git %s failed: %s", qPrintable(arguments.join(' ')),
               process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

/// Appends `subject` to log.txt in `repository`, commits it dated `date` and returns its 7-character hash.
inline QString commitChange(const QString& repository, const QString& subject, const QString& date) {
    QFile file(repository + "/log.txt");
    if (!file.open(QIODevice::Append) || file.write(subject.toUtf8() + "\n") < 0)
        qFatal("cannot write log.txt");
    file.close();
    git(repository, {"add", "log.txt"});
    git(repository, {"commit", "-q", "-m", subject}, date);
    return git(repository, {"rev-parse", "--short=7", "HEAD"});
}

} // namespace gittest
