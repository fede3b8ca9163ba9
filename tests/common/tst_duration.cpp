// k6's durations: Go's duration syntax with days, bare numbers as milliseconds, and k6's way of printing them.

#include "common/duration.h"

#include <QTest>

using namespace loadbench;
using namespace std::chrono_literals;

class TestDuration : public QObject {
    Q_OBJECT

private slots:
    void durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("nanoseconds"); // -1: not a duration
        QTest::newRow("seconds") << "30s" << qint64(30'000'000'000);
        QTest::newRow("minutes and seconds") << "1m30s" << qint64(90'000'000'000);
        QTest::newRow("milliseconds") << "500ms" << qint64(500'000'000);
        QTest::newRow("fraction") << "1.5s" << qint64(1'500'000'000);
        QTest::newRow("hours") << "1h" << qint64(3'600'000'000'000);
        QTest::newRow("days") << "2d" << qint64(172'800'000'000'000);
        QTest::newRow("microseconds") << "250us" << qint64(250'000);
        QTest::newRow("bare number is ms") << "250" << qint64(250'000'000);
        QTest::newRow("unknown unit") << "10x" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("negative") << "-1s" << qint64(-1);
        QTest::newRow("unit only") << "s" << qint64(-1);
    }
    void durations() {
        QFETCH(QString, text);
        QFETCH(qint64, nanoseconds);
        const auto parsed = parseDuration(text.toStdString());
        if (nanoseconds < 0) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(qint64(parsed->count()), nanoseconds);
        }
    }

    void formattedDurations() {
        QCOMPARE(formatDuration(30s), std::string("30s"));
        QCOMPARE(formatDuration(90s), std::string("1m30s"));
        QCOMPARE(formatDuration(3600s), std::string("1h0m0s"));
        QCOMPARE(formatDuration(500ms), std::string("500ms"));
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
