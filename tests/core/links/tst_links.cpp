#include "common/error.h"
#include "core/workspace/env_file.h"
#include "core/links/grafana_links.h"

#include <QTest>
#include <QUrl>
#include <QUrlQuery>
#include <nlohmann/json.hpp>

using namespace loadbench;

namespace {
const TimeWindow window{1764324672000, 1764324702500};

QString item(const QUrl& url, const char* key) {
    return QUrlQuery(url).queryItemValue(key, QUrl::FullyDecoded);
}
} // namespace

class TestLinks : public QObject {
    Q_OBJECT

private slots:
    void envFile_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << QByteArray("GRAFANA_URL=http://grafana:3000\n") << "GRAFANA_URL"
                               << "http://grafana:3000";
        QTest::newRow("comment and blank lines") << QByteArray("# settings\n\nA=1\n") << "A"
                                                 << "1";
        QTest::newRow("inline comment") << QByteArray("A=one # the first\n") << "A"
                                        << "one";
        QTest::newRow("hash inside a value") << QByteArray("A=a#b\n") << "A"
                                             << "a#b";
        QTest::newRow("double quotes with escapes") << QByteArray("A=\"x \\\"y\\\"\\nz\"\n") << "A"
                                                    << "x \"y\"\nz";
        QTest::newRow("single quotes keep #") << QByteArray("A='p # q'\n") << "A"
                                              << "p # q";
        QTest::newRow("export prefix and spaces") << QByteArray("export  B = two \r\n") << "B"
                                                  << "two";
        QTest::newRow("empty value") << QByteArray("C=\n") << "C"
                                     << "";
    }
    void envFile() {
        QFETCH(QByteArray, text);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const EnvSettings settings = parseEnvFile(text.toStdString(), ".env");
        QVERIFY(settings.count(key.toStdString()));
        QCOMPARE(QString::fromStdString(settings.at(key.toStdString())), value);
    }

    void envFileErrorsNameTheLine_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no equals") << QByteArray("A=1\nJUSTAWORD\n") << "ws/.env:2: expected KEY=VALUE";
        QTest::newRow("bad name") << QByteArray("1A=x\n") << "ws/.env:1: \"1A\" is not a variable name";
        QTest::newRow("unclosed quote")
            << QByteArray("\nA=\"open\n") << "ws/.env:2: the value of A has no closing \"";
    }
    void envFileErrorsNameTheLine() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        try {
            parseEnvFile(text.toStdString(), "ws/.env");
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromStdString(error.what()), message);
        }
    }

    void settingsOfTheKitsEnv() {
        const GrafanaSettings settings =
            GrafanaSettings::fromEnv(readEnvFile(std::filesystem::path(LOADBENCH_SOURCE_DIR) / ".env"));
        QCOMPARE(settings.url, std::string("http://localhost:3002"));
        QCOMPARE(settings.dashboardUid, std::string("loadbench-k6"));
        QCOMPARE(settings.tempoDatasourceUid, std::string("loadbench-tempo"));
        const GrafanaSettings custom = GrafanaSettings::fromEnv(
            {{"GRAFANA_URL", "https://grafana.example:8443/"}, {"TEMPO_DATASOURCE_UID", "t1"}});
        QCOMPARE(custom.url, std::string("https://grafana.example:8443/"));
        QCOMPARE(custom.tempoDatasourceUid, std::string("t1"));
        QCOMPARE(custom.dashboardUid, std::string("loadbench-k6"));
    }

    void dashboardLink() {
        GrafanaSettings settings;
        settings.url = "https://grafana.example:8443/";
        const QUrl url(
            QString::fromStdString(dashboardUrl(settings, window, "a1b2c3d-dirty", "payment-confirm")));
        QVERIFY(url.isValid());
        QCOMPARE(url.scheme(), "https");
        QCOMPARE(url.host(), "grafana.example");
        QCOMPARE(url.port(), 8443);
        QCOMPARE(url.path(), "/d/loadbench-k6/k6-load-test");
        QCOMPARE(item(url, "orgId"), "1");
        QCOMPARE(item(url, "from"), "1764324672000");
        QCOMPARE(item(url, "to"), "1764324702500");
        QCOMPARE(item(url, "var-run"), "a1b2c3d-dirty");
        QCOMPARE(item(url, "var-script"), "payment-confirm");
    }

    void tempoLinks_data() {
        QTest::addColumn<bool>("oneTrace");
        QTest::addColumn<QString>("query");
        QTest::newRow("search of the run's window")
            << false << R"({resource.service.name="loadbench-router"})";
        QTest::newRow("one trace") << true << "4bf92f3577b34da6a3ce929d0e0e4736";
    }
    void tempoLinks() {
        QFETCH(bool, oneTrace);
        QFETCH(QString, query);
        const GrafanaSettings settings;
        const std::string link =
            oneTrace ? traceUrl(settings, query.toStdString(), window) : tempoSearchUrl(settings, window);
        const QUrl url(QString::fromStdString(link));
        QVERIFY(url.isValid());
        QCOMPARE(url.host(), "localhost");
        QCOMPARE(url.port(), 3002);
        QCOMPARE(url.path(), "/explore");
        QCOMPARE(item(url, "schemaVersion"), "1");
        QCOMPARE(item(url, "orgId"), "1");
        const auto panes = nlohmann::json::parse(item(url, "panes").toStdString());
        const auto& pane = panes.at("a1b");
        QCOMPARE(pane.at("datasource").get<std::string>(), std::string("loadbench-tempo"));
        const auto& first = pane.at("queries").at(0);
        QCOMPARE(first.at("refId").get<std::string>(), std::string("A"));
        QCOMPARE(first.at("datasource").at("type").get<std::string>(), std::string("tempo"));
        QCOMPARE(first.at("datasource").at("uid").get<std::string>(), std::string("loadbench-tempo"));
        QCOMPARE(first.at("queryType").get<std::string>(), std::string("traceql"));
        QCOMPARE(QString::fromStdString(first.at("query").get<std::string>()), query);
        QCOMPARE(pane.at("range").at("from").get<std::string>(), std::string("1764324672000"));
        QCOMPARE(pane.at("range").at("to").get<std::string>(), std::string("1764324702500"));
        // Nothing in the link needs a browser to guess: every reserved character is percent-encoded.
        QVERIFY(!QString::fromStdString(link).contains('"'));
        QVERIFY(!QString::fromStdString(link).contains('{'));
    }
};

QTEST_GUILESS_MAIN(TestLinks)
#include "tst_links.moc"
