#include "common/error.h"
#include "core/runname/git_state.h"
#include "core/runname/run_commits.h"
#include "core/runname/run_name.h"
#include "support/git_repository.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace loadbench;
using gittest::git;

namespace {

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

std::string errorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

} // namespace

class TestRunName : public QObject {
    Q_OBJECT

private slots:
    void typedNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("problem"); // empty: allowed
        QTest::newRow("baseline") << "baseline"
                                  << "";
        QTest::newRow("commit") << "a1b2c3d-dirty"
                                << "";
        QTest::newRow("dots and underscores") << "v1.2_rc-3"
                                              << "";
        QTest::newRow("64 characters") << QString(64, 'x') << "";
        QTest::newRow("65 characters") << QString(65, 'x') << "is longer than 64 characters";
        QTest::newRow("empty") << ""
                               << "is empty";
        QTest::newRow("parent path") << "../baseline"
                                     << "contains a path separator";
        QTest::newRow("backslash") << "a\\b"
                                   << "contains a path separator";
        QTest::newRow("space") << "my run"
                               << "contains ' '";
        QTest::newRow("a letter beyond ASCII, shown whole") << "héllo"
                                                            << "contains 'é'; use";
        QTest::newRow("a control character, escaped") << "a\x1b[31m"
                                                      << "contains '\\x1b'; use";
        QTest::newRow("dot dot") << ".."
                                 << "is not a name";
    }
    void typedNames() {
        QFETCH(QString, name);
        QFETCH(QString, problem);
        const auto found = runNameProblem(name.toStdString());
        if (problem.isEmpty()) {
            QVERIFY2(!found, found ? found->c_str() : "");
        } else {
            QVERIFY(found);
            QVERIFY2(QString::fromStdString(*found).startsWith(problem), found->c_str());
            QCOMPARE(QString::fromStdString(errorOf([&] { validateRunName(name.toStdString()); })),
                     "run name \"" + name + "\": " + QString::fromStdString(*found));
        }
    }

    void cleanCommitNamesTheRun() {
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        writeText(dir.path() + "/a.txt", "one\n");
        git(dir.path(), {"add", "a.txt"});
        git(dir.path(), {"commit", "-q", "-m", "first"});

        const GitState state = readGitState(dir.path().toStdString());
        QCOMPARE(QString::fromStdString(state.commit), git(dir.path(), {"rev-parse", "HEAD"}));
        QCOMPARE(QString::fromStdString(state.shortCommit),
                 git(dir.path(), {"rev-parse", "--short=7", "HEAD"}));
        QCOMPARE(state.branch, std::string("main"));
        QVERIFY(!state.dirty);
        QCOMPARE(state.runName(), state.shortCommit);
    }

    void workspaceInsideTheRepository() {
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        QVERIFY(QDir(dir.path()).mkpath("workspace/k6"));
        writeText(dir.path() + "/workspace/k6/health.js", "export default function () {}\n");
        git(dir.path(), {"add", "."});
        git(dir.path(), {"commit", "-q", "-m", "kit"});
        const GitState state = readGitState((dir.path() + "/workspace").toStdString());
        QCOMPARE(QString::fromStdString(state.shortCommit),
                 git(dir.path(), {"rev-parse", "--short=7", "HEAD"}));
    }

    void dirtiness_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("dirty");
        QTest::newRow("modified tracked file") << "modify" << true;
        QTest::newRow("staged change") << "stage" << true;
        QTest::newRow("deleted tracked file") << "delete" << true;
        QTest::newRow("untracked file only") << "untracked" << false;
    }
    void dirtiness() {
        QFETCH(QString, change);
        QFETCH(bool, dirty);
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        writeText(dir.path() + "/a.txt", "one\n");
        git(dir.path(), {"add", "a.txt"});
        git(dir.path(), {"commit", "-q", "-m", "first"});
        if (change == "modify" || change == "stage")
            writeText(dir.path() + "/a.txt", "two\n");
        if (change == "stage")
            git(dir.path(), {"add", "a.txt"});
        if (change == "delete")
            QVERIFY(QFile::remove(dir.path() + "/a.txt"));
        if (change == "untracked")
            writeText(dir.path() + "/new.txt", "new\n");

        const GitState state = readGitState(dir.path().toStdString());
        QCOMPARE(state.dirty, dirty);
        const QString shortHash = git(dir.path(), {"rev-parse", "--short=7", "HEAD"});
        QCOMPARE(QString::fromStdString(state.runName()), dirty ? shortHash + "-dirty" : shortHash);
    }

    void detachedHeadHasNoBranch() {
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        writeText(dir.path() + "/a.txt", "one\n");
        git(dir.path(), {"add", "a.txt"});
        git(dir.path(), {"commit", "-q", "-m", "first"});
        git(dir.path(), {"checkout", "-q", "--detach"});
        const GitState state = readGitState(dir.path().toStdString());
        QVERIFY(state.branch.empty());
        QCOMPARE(state.shortCommit.size(), std::size_t(7));
    }

    void unbornHeadIsAClearError() {
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        const std::string message = errorOf([&] { readGitState(dir.path().toStdString()); });
        QCOMPARE(QString::fromStdString(message),
                 dir.path() +
                     ": the git repository has no commit yet; commit first or name the run with -r NAME");
    }

    void commitsRunNamesStandFor_data() {
        QTest::addColumn<QString>("name"); // %1 is the short hash of the commit
        QTest::addColumn<bool>("found");
        QTest::addColumn<bool>("dirty");
        QTest::newRow("short hash") << "%1" << true << false;
        QTest::newRow("dirty") << "%1-dirty" << true << true;
        QTest::newRow("unknown hash") << "0000000" << false << false;
        QTest::newRow("upper case") << "upper" << false << false;
        QTest::newRow("longer hash") << "%1a" << false << false;
        QTest::newRow("typed name") << "baseline" << false << false;
        QTest::newRow("other suffix") << "%1-clean" << false << false;
    }
    void commitsRunNamesStandFor() {
        QFETCH(QString, name);
        QFETCH(bool, found);
        QFETCH(bool, dirty);
        QTemporaryDir dir;
        git(dir.path(), {"init", "-q"});
        writeText(dir.path() + "/a.txt", "one\n");
        git(dir.path(), {"add", "a.txt"});
        // Author, committer, date, tree and message are fixed, so the hash is too; this date gives one with a
        // letter in its first seven digits, which the upper-case row needs.
        git(dir.path(), {"commit", "-q", "-m", "first line\n\nbody"}, "2026-01-15T10:00:00Z");
        const QString shortHash = git(dir.path(), {"rev-parse", "--short=7", "HEAD"});
        if (name == "upper") {
            name = shortHash.toUpper();
            QVERIFY2(name != shortHash,
                     qPrintable("the fixed commit's short hash has no letter: " + shortHash));
        }
        name = name.arg(shortHash);

        const auto commit = RunCommits(dir.path().toStdString()).find(name.toStdString());
        QCOMPARE(bool(commit), found);
        if (!found)
            return;
        QCOMPARE(QString::fromStdString(commit->commit), git(dir.path(), {"rev-parse", "HEAD"}));
        QCOMPARE(commit->subject, std::string("first line"));
        QCOMPARE(QString::number(commit->time), git(dir.path(), {"log", "-1", "--format=%ct"}));
        QCOMPARE(commit->dirty, dirty);
    }

    void noCommitsOutsideARepository() {
        QTemporaryDir dir;
        QVERIFY(!RunCommits(dir.path().toStdString()).find("a1b2c3d"));
    }

    void noRepositoryIsAClearError() {
        QTemporaryDir dir;
        if (QProcess::execute("git", {"-C", dir.path(), "rev-parse", "--git-dir"}) == 0)
            QFAIL("the temporary folder lies inside a git repository; set TMPDIR elsewhere");
        const std::string message = errorOf([&] { readGitState(dir.path().toStdString()); });
        QCOMPARE(QString::fromStdString(message),
                 dir.path() + ": not inside a git repository; name the run with -r NAME");
    }
};

QTEST_GUILESS_MAIN(TestRunName)
#include "tst_runname.moc"
