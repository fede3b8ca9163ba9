// k6's CSV output: its columns, rows, quoting and settings, read back from the file it writes.
#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/csv_output.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace loadbench::engine;

namespace {
OutputParams params(const std::string& argument, std::map<std::string, std::string> environment = {}) {
    return OutputParams{argument, std::move(environment), nullptr, {}, [](const std::string&) {}};
}

QStringList linesOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}
} // namespace

class TestCsvOutput : public QObject {
    Q_OBJECT

private slots:
    // The header k6 v1 writes with its default system tags (internal/output/csv MakeHeader).
    void headerIsK6s() {
        QTemporaryDir folder;
        const QString path = folder.filePath("out.csv");
        CsvOutput output(params(path.toStdString()));
        output.start();
        output.stop();
        QCOMPARE(
            linesOf(path),
            QStringList{"metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,"
                        "method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,"
                        "metadata"});
    }

    void rows_data() {
        QTest::addColumn<QString>("timeFormat");
        QTest::addColumn<QString>("row");
        // 1764324672123456789 ns is 2025-11-28T10:11:12.123456789Z.
        QTest::newRow("unix, the default")
            << ""
            << "http_req_duration,1764324672,12.500000,,,,true,,GET,\"a,b\",HTTP/1.1,default,,200,,,"
               "http://x/?q=1,custom=yes&vu=3,trace_id=abc";
        QTest::newRow("unix_milli")
            << "unix_milli"
            << "http_req_duration,1764324672123,12.500000,,,,true,,GET,\"a,b\",HTTP/1.1,"
               "default,,200,,,http://x/?q=1,custom=yes&vu=3,trace_id=abc";
        QTest::newRow("rfc3339") << "rfc3339"
                                 << "http_req_duration,2025-11-28T10:11:12Z,12.500000,,,,true,,GET,\"a,b\","
                                    "HTTP/1.1,default,,200,,,http://x/?q=1,custom=yes&vu=3,trace_id=abc";
        QTest::newRow("rfc3339_nano")
            << "rfc3339_nano"
            << "http_req_duration,2025-11-28T10:11:12.123456789Z,12.500000,,,,true,,GET,"
               "\"a,b\",HTTP/1.1,default,,200,,,http://x/?q=1,custom=yes&vu=3,"
               "trace_id=abc";
    }
    void rows() {
        QFETCH(QString, timeFormat);
        QFETCH(QString, row);
        QTemporaryDir folder;
        const QString path = folder.filePath("out.csv");
        std::map<std::string, std::string> environment;
        if (!timeFormat.isEmpty())
            environment["K6_CSV_TIME_FORMAT"] = timeFormat.toStdString();
        MetricRegistry registry;
        CsvOutput output(params(path.toStdString(), environment));
        output.start();
        output.addSamples(std::vector<Sample>{{registry.httpReqDuration, 1764324672123456789, 12.5,
                                               makeSampleContext({{"status", "200"},
                                                                  {"method", "GET"},
                                                                  {"name", "a,b"},
                                                                  {"proto", "HTTP/1.1"},
                                                                  {"scenario", "default"},
                                                                  {"expected_response", "true"},
                                                                  {"url", "http://x/?q=1"},
                                                                  {"vu", "3"},
                                                                  {"custom", "yes"}},
                                                                 "abc")}});
        output.stop();
        const QStringList lines = linesOf(path);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[1], row);
    }

    void argumentKeysAndGzip() {
        QTemporaryDir folder;
        const QString path = folder.filePath("out.csv.gz");
        CsvOutput output(params("fileName=" + path.toStdString() + ",saveInterval=250ms,timeFormat=unix_nano",
                                {{"K6_CSV_SAVE_INTERVAL", "5s"}, {"K6_CSV_FILENAME", "ignored.csv"}}));
        QCOMPARE(output.flushInterval(), loadbench::Duration(std::chrono::milliseconds(250)));
        QCOMPARE(output.description(), "csv (" + path.toStdString() + ")");
        output.start();
        output.stop();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.read(2), QByteArray("\x1f\x8b")); // a gzip member
        QVERIFY(!QFile::exists("ignored.csv"));
    }

    void badSettings_data() {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown key")
            << "fileName=a.csv,color=red"
            << "--out csv=fileName=a.csv,color=red: unknown key \"color\" (use fileName, "
               "saveInterval, timeFormat)";
        QTest::newRow("no value") << "fileName="
                                  << "--out csv=fileName=: \"fileName=\" has no value";
        QTest::newRow("time format") << "timeFormat=iso"
                                     << "--out csv=timeFormat=iso: timeFormat \"iso\": use unix, unix_milli, "
                                        "unix_micro, unix_nano, rfc3339 or rfc3339_nano";
        QTest::newRow("interval")
            << "saveInterval=0s"
            << "--out csv=saveInterval=0s: saveInterval \"0s\": not a duration above zero "
               "(like 1s or 500ms)";
        QTest::newRow("no folder") << "/nonexistent/out.csv"
                                   << "csv output /nonexistent/out.csv: cannot create it: No such file or "
                                      "directory";
    }
    void badSettings() {
        QFETCH(QString, argument);
        QFETCH(QString, error);
        try {
            CsvOutput output(params(argument.toStdString()));
            QFAIL("no error");
        } catch (const loadbench::Error& thrown) {
            QCOMPARE(QString::fromStdString(thrown.what()), error);
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvOutput)
#include "tst_csv_output.moc"
