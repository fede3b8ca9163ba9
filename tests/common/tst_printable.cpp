// Text from files and the command line made safe for a terminal: UTF-8 kept, control characters and bytes
// that are not UTF-8 escaped.
#include "common/printable.h"

#include <QTest>

using loadbench::printable;

class TestPrintable : public QObject {
    Q_OBJECT

private slots:
    void printable_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("shown");
        QTest::newRow("ASCII") << QByteArray("http_req_duration") << QByteArray("http_req_duration");
        QTest::newRow("two-byte UTF-8") << QByteArray("héllo") << QByteArray("héllo");
        QTest::newRow("three-byte UTF-8") << QByteArray("検査 ✓") << QByteArray("検査 ✓");
        QTest::newRow("four-byte UTF-8")
            << QByteArray("ok \xF0\x9F\x9A\x80") << QByteArray("ok \xF0\x9F\x9A\x80");
        QTest::newRow("an ANSI escape") << QByteArray("a\x1b[31mred") << QByteArray("a\\x1b[31mred");
        QTest::newRow("newline, tab, DEL") << QByteArray("a\nb\tc\x7f") << QByteArray("a\\x0ab\\x09c\\x7f");
        QTest::newRow("a lone continuation byte") << QByteArray("a\x80z") << QByteArray("a\\x80z");
        QTest::newRow("a sequence cut at the end") << QByteArray("a\xC3") << QByteArray("a\\xc3");
        QTest::newRow("an overlong encoding") << QByteArray("\xC0\xAF") << QByteArray("\\xc0\\xaf");
        QTest::newRow("beyond U+10FFFF")
            << QByteArray("\xF5\x80\x80\x80") << QByteArray("\\xf5\\x80\\x80\\x80");
    }
    void printable() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, shown);
        QCOMPARE(QByteArray::fromStdString(loadbench::printable(text.toStdString())), shown);
    }
};

QTEST_GUILESS_MAIN(TestPrintable)
#include "tst_printable.moc"
