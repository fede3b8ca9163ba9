// RepeatedLog with a clock the test moves: what reaches the sink, and when.
#include "engine/js/repeated_log.h"

#include <QTest>

using loadbench::engine::RepeatedLog;
using namespace std::chrono_literals;

class TestRepeatedLog : public QObject {
    Q_OBJECT

    std::chrono::steady_clock::time_point m_now{};
    QStringList m_lines;

    RepeatedLog makeLog() {
        return RepeatedLog(
            [this](const std::string& level, const std::string& message, const std::string& source) {
                m_lines << QString::fromStdString(level + " " + message + " " + source);
            },
            [this] { return m_now; });
    }

private slots:
    void init() {
        m_now = {};
        m_lines.clear();
    }

    void firstOccurrenceIsLoggedAtOnce() {
        RepeatedLog log = makeLog();
        log.log("error", "Error: boom", "stacktrace");
        QCOMPARE(m_lines, QStringList{"error Error: boom stacktrace"});
    }

    void repeatsWithinASecondAreCountedThenReportedOnce() {
        RepeatedLog log = makeLog();
        log.log("error", "boom", "stacktrace");
        for (int i = 0; i < 5; ++i) {
            m_now += 100ms;
            log.log("error", "boom", "stacktrace");
        }
        QCOMPARE(m_lines.size(), 1);
        m_now = std::chrono::steady_clock::time_point{} + 1s;
        log.log("error", "boom", "stacktrace");
        QCOMPARE(m_lines, (QStringList{"error boom stacktrace",
                                       "error boom (repeated 6 more times, 7 in all) stacktrace"}));
    }

    void tickReportsRepeatsOnceTheirSecondHasPassed() {
        RepeatedLog log = makeLog();
        log.log("error", "boom", "stacktrace");
        m_now += 200ms;
        log.log("error", "boom", "stacktrace");
        log.tick();
        QCOMPARE(m_lines.size(), 1); // not a second yet
        m_now += 800ms;
        log.tick();
        QCOMPARE(m_lines.last(), QString("error boom (repeated 1 more time, 2 in all) stacktrace"));
        m_now += 5s;
        log.tick();
        QCOMPARE(m_lines.size(), 2); // nothing new to report
    }

    void flushReportsWhatIsLeft() {
        RepeatedLog log = makeLog();
        for (int i = 0; i < 3; ++i)
            log.log("error", "boom", "stacktrace");
        log.flush();
        QCOMPARE(m_lines, (QStringList{"error boom stacktrace",
                                       "error boom (repeated 2 more times, 3 in all) stacktrace"}));
        log.flush();
        QCOMPARE(m_lines.size(), 2);
    }

    void theRunningCountKeepsGrowing() {
        RepeatedLog log = makeLog();
        log.log("error", "boom", "");
        for (int second = 1; second <= 2; ++second) {
            for (int i = 0; i < 10; ++i)
                log.log("error", "boom", "");
            m_now += 1s;
            log.tick();
        }
        QCOMPARE(m_lines.mid(1), (QStringList{"error boom (repeated 10 more times, 11 in all) ",
                                              "error boom (repeated 10 more times, 21 in all) "}));
    }

    void differentMessagesLevelsAndSourcesAreCountedApart_data() {
        QTest::addColumn<QString>("level");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("source");
        QTest::newRow("message") << "error"
                                 << "other"
                                 << "stacktrace";
        QTest::newRow("level") << "warn"
                               << "boom"
                               << "stacktrace";
        QTest::newRow("source") << "error"
                                << "boom"
                                << "console";
    }
    void differentMessagesLevelsAndSourcesAreCountedApart() {
        QFETCH(QString, level);
        QFETCH(QString, message);
        QFETCH(QString, source);
        RepeatedLog log = makeLog();
        log.log("error", "boom", "stacktrace");
        log.log(level.toStdString(), message.toStdString(), source.toStdString());
        QCOMPARE(m_lines, (QStringList{"error boom stacktrace", level + " " + message + " " + source}));
    }

    void aLineQuietForASecondIsLoggedAgainAsItIs() {
        RepeatedLog log = makeLog();
        log.log("error", "boom", "stacktrace");
        m_now += 3s;
        log.log("error", "boom", "stacktrace");
        QCOMPARE(m_lines, (QStringList{"error boom stacktrace", "error boom stacktrace"}));
    }
};

QTEST_APPLESS_MAIN(TestRepeatedLog)
#include "tst_repeated_log.moc"
