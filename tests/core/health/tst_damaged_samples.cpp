// Damaged samples files (issue 16): what the reader lost becomes a damaged-samples finding with its figures,
// and a byte changed anywhere in a stored file is either harmless or reported.
#include "core/health/run_health.h"
#include "core/samples/gzip_file.h"
#include "core/samples/samples_test_support.h"
#include "support/k6_samples.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <random>

using namespace loadbench;

namespace {

const QString fixtures = QStringLiteral(LOADBENCH_FIXTURES_DIR);

QByteArray readBytes(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

/// `text` compressed as a run stores its samples (gzipFile).
QByteArray gzipped(const QByteArray& text) {
    QTemporaryDir folder;
    const QString plain = folder.filePath("samples.ndjson");
    writeBytes(plain, text);
    QByteArray compressed;
    gzipFile(plain.toStdString(),
             [&](std::string_view chunk) { compressed.append(chunk.data(), qsizetype(chunk.size())); });
    return compressed;
}

/// A real k6 run's JSON output (k6 v0.49, two scenarios).
QByteArray realRun() {
    return readBytes(fixtures + "/json-output/k6-2024-two-scenarios.ndjson");
}

/// Exactly 1000 lines of k6 output: its two Metric lines, then http_reqs and http_req_duration points of
/// 10 ms, 50 a second; the first duration (line 4) lasts firstMs.
QList<QByteArray> thousandLines(double firstMs = 10) {
    const QByteArray text = test::k6Samples(1'800'000'000, 10, 50, [&](int second, int index) {
        return second == 0 && index == 0 ? firstMs : 10.0;
    });
    QList<QByteArray> lines = text.split('\n');
    return lines.mid(0, 1000);
}

QByteArray joined(const QList<QByteArray>& lines) {
    return lines.join('\n') + '\n';
}

/// `lines` with each of `numbers` (1-based) cut in half: text that is not JSON.
QByteArray garbled(QList<QByteArray> lines, const QList<int>& numbers) {
    for (const int number : numbers)
        lines[number - 1].truncate(lines[number - 1].size() / 2);
    return joined(lines);
}

/// What summary health needs to look at the samples at all: some requests, none failed.
Summary someRequests() {
    return parseSummary(R"({"metrics":{"http_reqs":{"type":"counter","contains":"default",)"
                        R"("values":{"count":500,"rate":50}}}})",
                        "summary.json");
}

std::vector<HealthFinding> damageFindings(const std::vector<HealthFinding>& findings) {
    std::vector<HealthFinding> damage;
    for (const HealthFinding& finding : findings)
        if (finding.kind == "damaged-samples")
            damage.push_back(finding);
    return damage;
}

} // namespace

class TestDamagedSamples : public QObject {
    Q_OBJECT

private slots:
    void findings_data() {
        QTest::addColumn<QByteArray>("file");      // the .ndjson.gz file's bytes
        QTest::addColumn<QString>("severity");     // problem, warning or none
        QTest::addColumn<QString>("messageStart"); // %1: the file's path
        QTest::addColumn<QString>("messageEnd");

        const QByteArray real = gzipped(realRun());
        QTest::newRow("a real run, intact") << real << "none"
                                            << ""
                                            << "";
        const qsizetype cut = real.size() * 95 / 100;
        QTest::newRow("a real run cut at 95 %")
            << real.left(cut) << "problem"
            << QString("samples damaged: truncated at byte %1 of %1 (the file ends inside the gzip stream), ")
                   .arg(cut)
            << " lines read before it: verdicts withheld";
        QTest::newRow("a real run, not compressed") << realRun() << "problem"
                                                    << "samples damaged: %1: not a gzip file: it starts with "
                                                       "7b 22 where gzip has 1f 8b: verdicts withheld"
                                                    << "";
        QTest::newRow("1000 lines, intact") << gzipped(joined(thousandLines())) << "none"
                                            << ""
                                            << "";
        QTest::newRow("5 of 1000 lines garbled")
            << gzipped(garbled(thousandLines(), {100, 300, 500, 700, 900})) << "warning"
            << "samples damaged: 5 of 1000 lines skipped, first at line 100: not JSON"
            << " (verdicts are withheld above 1.0 %)";
        QList<int> everyFiftieth;
        for (int line = 50; line <= 1000; line += 50)
            everyFiftieth << line;
        QTest::newRow("20 of 1000 lines garbled")
            << gzipped(garbled(thousandLines(), everyFiftieth)) << "problem"
            << "samples damaged: 20 of 1000 lines skipped, first at line 50: not JSON"
            << ": verdicts withheld";
        QTest::newRow("a negative duration")
            << gzipped(joined(thousandLines(-12.5))) << "warning"
            << "samples damaged: 1 of 1000 lines skipped, first at line 4: http_req_duration value -12.5 is "
               "negative (verdicts are withheld above 1.0 %)"
            << "";
        QList<QByteArray> noValue = thousandLines();
        noValue[9] = R"({"metric":"http_reqs","type":"Point","data":{"time":"2027-01-15T08:00:00Z"}})";
        QTest::newRow("a Point without its value") << gzipped(joined(noValue)) << "warning"
                                                   << "samples damaged: 1 of 1000 lines skipped, first at "
                                                      "line 10: Point without data.value (verdicts "
                                                      "are withheld above 1.0 %)"
                                                   << "";
    }
    void findings() {
        QFETCH(QByteArray, file);
        QFETCH(QString, severity);
        QFETCH(QString, messageStart);
        QFETCH(QString, messageEnd);
        QTemporaryDir folder;
        const QString path = folder.filePath("a1b2c3d_health.ndjson.gz");
        writeBytes(path, file);

        const RunSamples samples = loadRunSamples(path.toStdString());
        const RunHealth health = assessRun(someRequests(), &samples, nullptr);
        const std::vector<HealthFinding> problems = damageFindings(health.problems);
        const std::vector<HealthFinding> warnings = damageFindings(health.warnings);
        QCOMPARE(problems.size(), std::size_t(severity == "problem"));
        QCOMPARE(warnings.size(), std::size_t(severity == "warning"));
        if (severity == "none")
            return;
        const QString message =
            QString::fromStdString((problems.empty() ? warnings : problems).front().message);
        const QString start = messageStart.contains("%1") ? messageStart.arg(path) : messageStart;
        QVERIFY2(message.startsWith(start), qPrintable(message));
        QVERIFY2(message.endsWith(messageEnd), qPrintable(message));
        QCOMPARE(health.invalid(), severity == "problem");
    }

    /// 200 seeded one-byte changes of a stored real run: each file reads as the intact one did, or its health
    /// withholds verdicts for damaged samples; never silently other samples.
    void mutationsAreReportedOrHarmless() {
        const QByteArray intact = gzipped(realRun());
        QTemporaryDir folder;
        const QString path = folder.filePath("a1b2c3d_health.ndjson.gz");
        writeBytes(path, intact);
        const auto read = [&] { return test::readAll(path.toStdString()).samples; };
        const auto expected = read();

        std::mt19937 random(16); // issue 16
        std::uniform_int_distribution<qsizetype> position(0, intact.size() - 1);
        std::uniform_int_distribution<int> flip(1, 255);
        int reported = 0, harmless = 0;
        for (int mutation = 0; mutation < 200; ++mutation) {
            QByteArray mutated = intact;
            const qsizetype at = position(random);
            mutated[at] = char(mutated[at] ^ flip(random));
            writeBytes(path, mutated);
            const RunSamples samples = loadRunSamples(path.toStdString());
            const RunHealth health = assessRun(someRequests(), &samples, nullptr);
            // Any damage to a gzip stream loses what follows it: verdicts are withheld, never only warned of.
            QVERIFY2(damageFindings(health.warnings).empty(), qPrintable(QString("byte %1 changed").arg(at)));
            if (!damageFindings(health.problems).empty()) {
                ++reported;
                continue;
            }
            ++harmless;
            QVERIFY2(read() == expected,
                     qPrintable(QString("byte %1 changed: other samples, no finding").arg(at)));
        }
        qInfo("%d mutations reported as damaged samples, %d read as the intact file", reported, harmless);
        QCOMPARE(reported + harmless, 200);
    }
};

QTEST_GUILESS_MAIN(TestDamagedSamples)
#include "tst_damaged_samples.moc"
