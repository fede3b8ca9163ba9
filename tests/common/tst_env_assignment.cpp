// `-e KEY=VALUE`, split in one place for `loadbench run` and loadbench-engine.
#include "common/env_assignment.h"

#include <QTest>

using namespace loadbench;

class TestEnvAssignment : public QObject {
    Q_OBJECT

private slots:
    void split_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << "BASE_URL=http://x:8080" << true << "BASE_URL"
                               << "http://x:8080";
        QTest::newRow("empty value") << "TOKEN=" << true << "TOKEN"
                                     << "";
        QTest::newRow("= in the value") << "QUERY=a=1&b=2" << true << "QUERY"
                                        << "a=1&b=2";
        QTest::newRow("no =") << "JUSTAWORD" << false << ""
                              << "";
        QTest::newRow("no key") << "=value" << false << ""
                                << "";
        QTest::newRow("empty") << "" << false << ""
                               << "";
    }
    void split() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const std::optional<EnvAssignment> assignment = parseEnvAssignment(text.toStdString());
        QCOMPARE(assignment.has_value(), valid);
        if (assignment)
            QCOMPARE(*assignment, (EnvAssignment{key.toStdString(), value.toStdString()}));
    }
};

QTEST_GUILESS_MAIN(TestEnvAssignment)
#include "tst_env_assignment.moc"
