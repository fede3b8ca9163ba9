// The router's config file, its environment overrides and database URLs, and how the real executable
// reports a bad start.
#include "config/config.h"
#include "router_test_support.h"

#include <QTemporaryDir>
#include <QTest>

using namespace routertest;

namespace {

const QByteArray fullFile = R"([server]
host = "0.0.0.0"
port = 9090
workers = 12
backlog = 128
max_connections = 500
header_timeout_ms = 2500
body_timeout_ms = 7000
write_timeout_ms = 8000
keep_alive_timeout_ms = 1500
max_header_bytes = 16384
max_body_bytes = 2048

[database]
url = "postgres://router:s%40cret@db:5433/payments"

[secrets]
admin_api_key = "admin-key"

[connector]
latency_ms = 120
jitter_ms = 30
failure_rate = 0.25
failure_after_ms = 4000

[telemetry]
otlp_endpoint = "http://otel-collector:4318"
service_name = "router-under-test"
)";

const QByteArray minimalFile = "[secrets]\nadmin_api_key = \"k\"\n";

/// The value of one key of a config, as text, for data-driven checks.
QString valueOf(const router::Config& c, const QString& key) {
    const std::map<QString, QString> values{
        {"server.host", QString::fromStdString(c.server.host)},
        {"server.port", QString::number(c.server.port)},
        {"server.workers", QString::number(c.server.workers)},
        {"server.backlog", QString::number(c.server.backlog)},
        {"server.max_connections", QString::number(c.server.maxConnections)},
        {"server.header_timeout_ms", QString::number(c.server.headerTimeoutMs)},
        {"server.body_timeout_ms", QString::number(c.server.bodyTimeoutMs)},
        {"server.write_timeout_ms", QString::number(c.server.writeTimeoutMs)},
        {"server.keep_alive_timeout_ms", QString::number(c.server.keepAliveTimeoutMs)},
        {"server.max_header_bytes", QString::number(c.server.maxHeaderBytes)},
        {"server.max_body_bytes", QString::number(c.server.maxBodyBytes)},
        {"server.response_delay_ms", QString::number(c.server.responseDelayMs)},
        {"database.url", QString::fromStdString(c.database.display())},
        {"secrets.admin_api_key", QString::fromStdString(c.adminApiKey)},
        {"connector.latency_ms", QString::number(c.connector.latencyMs)},
        {"connector.jitter_ms", QString::number(c.connector.jitterMs)},
        {"connector.failure_rate", QString::number(c.connector.failureRate)},
        {"connector.failure_after_ms", QString::number(c.connector.failureAfterMs)},
        {"telemetry.otlp_endpoint", QString::fromStdString(c.telemetry.otlpEndpoint)},
        {"telemetry.service_name", QString::fromStdString(c.telemetry.serviceName)},
    };
    return values.at(key);
}

} // namespace

class TestRouterConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const QByteArray& content) { return writeFile(m_dir.filePath("router.toml"), content); }

private slots:
    void everyKeyFromTheFile() {
        const router::Config c = router::loadConfig(file(fullFile).toStdString(), {});
        QCOMPARE(c.server.host, "0.0.0.0");
        QCOMPARE(c.server.port, 9090);
        QCOMPARE(c.server.workers, 12);
        QCOMPARE(c.server.backlog, 128);
        QCOMPARE(c.server.maxConnections, 500);
        QCOMPARE(c.server.headerTimeoutMs, 2500);
        QCOMPARE(c.server.bodyTimeoutMs, 7000);
        QCOMPARE(c.server.writeTimeoutMs, 8000);
        QCOMPARE(c.server.keepAliveTimeoutMs, 1500);
        QCOMPARE(c.server.maxHeaderBytes, 16384);
        QCOMPARE(c.server.maxBodyBytes, 2048);
        QCOMPARE(c.database.system, router::DatabaseUrl::System::Postgres);
        QCOMPARE(c.database.password, "s@cret");
        QCOMPARE(c.database.port, 5433);
        QCOMPARE(c.adminApiKey, "admin-key");
        QCOMPARE(c.connector.latencyMs, 120);
        QCOMPARE(c.connector.jitterMs, 30);
        QCOMPARE(c.connector.failureRate, 0.25);
        QCOMPARE(c.connector.failureAfterMs, 4000);
        QCOMPARE(c.telemetry.otlpEndpoint, "http://otel-collector:4318");
        QCOMPARE(c.telemetry.serviceName, "router-under-test");
    }

    void defaultsForKeysLeftOut() {
        const router::Config c = router::loadConfig(file(minimalFile).toStdString(), {});
        QCOMPARE(c.server.host, "127.0.0.1");
        QCOMPARE(c.server.port, 8080);
        QCOMPARE(c.server.backlog, 4096);
        QCOMPARE(c.server.maxConnections, 10000);
        QCOMPARE(c.server.headerTimeoutMs, 10000);
        QCOMPARE(c.server.bodyTimeoutMs, 30000);
        QCOMPARE(c.server.writeTimeoutMs, 10000);
        QCOMPARE(c.server.keepAliveTimeoutMs, 5000);
        QCOMPARE(c.server.maxHeaderBytes, 65536);
        QCOMPARE(c.server.maxBodyBytes, 1048576);
        QCOMPARE(c.connector.failureAfterMs, 0);
        QCOMPARE(c.database.system, router::DatabaseUrl::System::Sqlite);
        QCOMPARE(c.database.path, "loadbench-router.db");
        QCOMPARE(c.telemetry.otlpEndpoint, "");
        QCOMPARE(c.telemetry.serviceName, "loadbench-router");
    }

    void theRepositorysDevelopmentConfigLoads() {
        const router::Config c = router::loadConfig(LOADBENCH_SOURCE_DIR "/config/development.toml", {});
        QCOMPARE(c.server.port, 8080);
        QCOMPARE(c.adminApiKey, "test_admin");
    }

    void fileErrors_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message"); // after "<file>"
        QTest::newRow("port a string") << minimalFile + "[server]\nport = \"80\"\n"
                                       << ": [server] port: expected an integer from 0 to 65535";
        QTest::newRow("port too large") << minimalFile + "[server]\nport = 70000\n"
                                        << ": [server] port: expected an integer from 0 to 65535, got 70000";
        QTest::newRow("no workers") << minimalFile + "[server]\nworkers = 0\n"
                                    << ": [server] workers: expected an integer from 1 to 1024, got 0";
        QTest::newRow("no backlog") << minimalFile + "[server]\nbacklog = 0\n"
                                    << ": [server] backlog: expected an integer from 1 to 65535, got 0";
        QTest::newRow("no connections")
            << minimalFile + "[server]\nmax_connections = 0\n"
            << ": [server] max_connections: expected an integer from 1 to 1000000, got 0";
        QTest::newRow("zero header timeout")
            << minimalFile + "[server]\nheader_timeout_ms = 0\n"
            << ": [server] header_timeout_ms: expected an integer from 1 to 600000, got 0";
        QTest::newRow("keep-alive timeout a string")
            << minimalFile + "[server]\nkeep_alive_timeout_ms = \"5s\"\n"
            << ": [server] keep_alive_timeout_ms: expected an integer from 1 to 3600000";
        QTest::newRow("tiny header limit")
            << minimalFile + "[server]\nmax_header_bytes = 10\n"
            << ": [server] max_header_bytes: expected an integer from 1024 to 16777216, got 10";
        QTest::newRow("negative body limit")
            << minimalFile + "[server]\nmax_body_bytes = -1\n"
            << ": [server] max_body_bytes: expected an integer from 0 to 1073741824, got -1";
        QTest::newRow("empty host") << minimalFile + "[server]\nhost = \"\"\n"
                                    << ": [server] host: must not be empty";
        QTest::newRow("negative failure delay")
            << minimalFile + "[connector]\nfailure_after_ms = -5\n"
            << ": [connector] failure_after_ms: expected an integer from 0 to 86400000, got -5";
        QTest::newRow("negative latency")
            << minimalFile + "[connector]\nlatency_ms = -1\n"
            << ": [connector] latency_ms: expected an integer from 0 to 600000, got -1";
        QTest::newRow("failure rate above 1")
            << minimalFile + "[connector]\nfailure_rate = 1.5\n"
            << ": [connector] failure_rate: expected a number from 0 to 1, got 1.5";
        QTest::newRow("failure rate a string") << minimalFile + "[connector]\nfailure_rate = \"often\"\n"
                                               << ": [connector] failure_rate: expected a number from 0 to 1";
        QTest::newRow("mysql") << minimalFile + "[database]\nurl = \"mysql://u@h/db\"\n"
                               << ": [database] url: use sqlite:///absolute/path.db, sqlite://relative.db or "
                                  "postgres://user:password@host:port/db";
        QTest::newRow("otlp not http")
            << minimalFile + "[telemetry]\notlp_endpoint = \"otel:4318\"\n"
            << ": [telemetry] otlp_endpoint: expected an http:// or https:// URL or \"\" "
               "(no export), got \"otel:4318\"";
        QTest::newRow("unknown key") << minimalFile + "[server]\nprot = 80\n"
                                     << ": [server] prot: unknown key";
        QTest::newRow("unknown section")
            << minimalFile + "[sever]\nport = 80\n"
            << ": [sever]: unknown section (known: server, database, secrets, connector, telemetry)";
        QTest::newRow("key outside a section")
            << "port = 80\n" + minimalFile << ": port: unknown key outside a section";
        QTest::newRow("no admin key") << QByteArray("[server]\nport = 80\n")
                                      << ": [secrets] admin_api_key: missing; set it in the file or as "
                                         "ROUTER__SECRETS__ADMIN_API_KEY";
        QTest::newRow("TOML syntax") << minimalFile + "[server]\nport = = 1\n"
                                     << ":4: ";
    }

    void fileErrors() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = file(content);
        try {
            router::loadConfig(path.toStdString(), {});
            QFAIL("no error");
        } catch (const router::ConfigError& error) {
            const QString what = QString::fromUtf8(error.what());
            QVERIFY2(what.startsWith(path + message), qPrintable(what));
            QVERIFY(!what.contains('\n'));
        }
    }

    void missingFile() {
        const QString path = m_dir.filePath("nothing.toml");
        try {
            router::loadConfig(path.toStdString(), {});
            QFAIL("no error");
        } catch (const router::ConfigError& error) {
            QCOMPARE(QString(error.what()), path + ": cannot read the config file: no such file");
        }
    }

    void environmentOverrides_data() {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        QTest::newRow("port") << "ROUTER__SERVER__PORT"
                              << "8080"
                              << "server.port"
                              << "8080";
        QTest::newRow("host") << "ROUTER__SERVER__HOST"
                              << "::1"
                              << "server.host"
                              << "::1";
        QTest::newRow("workers") << "ROUTER__SERVER__WORKERS"
                                 << "3"
                                 << "server.workers"
                                 << "3";
        QTest::newRow("backlog") << "ROUTER__SERVER__BACKLOG"
                                 << "64"
                                 << "server.backlog"
                                 << "64";
        QTest::newRow("max connections") << "ROUTER__SERVER__MAX_CONNECTIONS"
                                         << "20000"
                                         << "server.max_connections"
                                         << "20000";
        QTest::newRow("header timeout") << "ROUTER__SERVER__HEADER_TIMEOUT_MS"
                                        << "300"
                                        << "server.header_timeout_ms"
                                        << "300";
        QTest::newRow("body timeout") << "ROUTER__SERVER__BODY_TIMEOUT_MS"
                                      << "400"
                                      << "server.body_timeout_ms"
                                      << "400";
        QTest::newRow("write timeout") << "ROUTER__SERVER__WRITE_TIMEOUT_MS"
                                       << "500"
                                       << "server.write_timeout_ms"
                                       << "500";
        QTest::newRow("keep-alive timeout") << "ROUTER__SERVER__KEEP_ALIVE_TIMEOUT_MS"
                                            << "600"
                                            << "server.keep_alive_timeout_ms"
                                            << "600";
        QTest::newRow("max header bytes") << "ROUTER__SERVER__MAX_HEADER_BYTES"
                                          << "4096"
                                          << "server.max_header_bytes"
                                          << "4096";
        QTest::newRow("max body bytes") << "ROUTER__SERVER__MAX_BODY_BYTES"
                                        << "0"
                                        << "server.max_body_bytes"
                                        << "0";
        QTest::newRow("response delay") << "ROUTER__SERVER__RESPONSE_DELAY_MS"
                                        << "30"
                                        << "server.response_delay_ms"
                                        << "30";
        QTest::newRow("failures after") << "ROUTER__CONNECTOR__FAILURE_AFTER_MS"
                                        << "2500"
                                        << "connector.failure_after_ms"
                                        << "2500";
        QTest::newRow("database") << "ROUTER__DATABASE__URL"
                                  << "sqlite:///var/lib/router.db"
                                  << "database.url"
                                  << "sqlite:///var/lib/router.db";
        QTest::newRow("admin key") << "ROUTER__SECRETS__ADMIN_API_KEY"
                                   << "other"
                                   << "secrets.admin_api_key"
                                   << "other";
        QTest::newRow("latency") << "ROUTER__CONNECTOR__LATENCY_MS"
                                 << "0"
                                 << "connector.latency_ms"
                                 << "0";
        QTest::newRow("jitter") << "ROUTER__CONNECTOR__JITTER_MS"
                                << "5"
                                << "connector.jitter_ms"
                                << "5";
        QTest::newRow("failure rate") << "ROUTER__CONNECTOR__FAILURE_RATE"
                                      << "1"
                                      << "connector.failure_rate"
                                      << "1";
        QTest::newRow("otlp off") << "ROUTER__TELEMETRY__OTLP_ENDPOINT"
                                  << ""
                                  << "telemetry.otlp_endpoint"
                                  << "";
        QTest::newRow("service") << "ROUTER__TELEMETRY__SERVICE_NAME"
                                 << "svc"
                                 << "telemetry.service_name"
                                 << "svc";
    }

    void environmentOverrides() {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        const router::Environment environment{
            {variable.toStdString(), value.toStdString()}, {"PATH", "/usr/bin"}, {"ROUTERX", "not ours"}};
        const router::Config c = router::loadConfig(file(fullFile).toStdString(), environment);
        QCOMPARE(valueOf(c, key), expected);
    }

    void environmentErrors_data() {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("port not a number")
            << "ROUTER__SERVER__PORT"
            << "http"
            << "ROUTER__SERVER__PORT: [server] port: expected an integer from 0 to 65535, got \"http\"";
        QTest::newRow("port with junk")
            << "ROUTER__SERVER__PORT"
            << "80x"
            << "ROUTER__SERVER__PORT: [server] port: expected an integer from 0 to "
               "65535, got \"80x\"";
        QTest::newRow("rate out of range") << "ROUTER__CONNECTOR__FAILURE_RATE"
                                           << "2"
                                           << "ROUTER__CONNECTOR__FAILURE_RATE: [connector] failure_rate: "
                                              "expected a number from 0 to 1, got 2";
        QTest::newRow("unknown key")
            << "ROUTER__SERVER__PROT"
            << "1"
            << "ROUTER__SERVER__PROT: no such key; use ROUTER__SECTION__KEY for a key of "
               "the config file, e.g. ROUTER__SERVER__PORT";
        QTest::newRow("no key part")
            << "ROUTER__SERVER"
            << "1"
            << "ROUTER__SERVER: no such key; use ROUTER__SECTION__KEY for a key of the "
               "config file, e.g. ROUTER__SERVER__PORT";
        // The URL's password stays out of the message.
        QTest::newRow("bad database URL")
            << "ROUTER__DATABASE__URL"
            << "postgres://u:secret@h"
            << "ROUTER__DATABASE__URL: [database] url: postgres URL needs a user, a "
               "host and a database: postgres://user:password@host:port/db";
    }

    void environmentErrors() {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, message);
        try {
            router::loadConfig(file(fullFile).toStdString(), {{variable.toStdString(), value.toStdString()}});
            QFAIL("no error");
        } catch (const router::ConfigError& error) {
            QCOMPARE(QString(error.what()), message);
        }
    }

    void databaseUrls_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("sqlite");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::newRow("sqlite absolute") << "sqlite:///var/lib/router.db" << true << "/var/lib/router.db"
                                         << ""
                                         << ""
                                         << "" << 5432 << "";
        QTest::newRow("sqlite relative") << "sqlite://data/router.db" << true << "data/router.db"
                                         << ""
                                         << ""
                                         << "" << 5432 << "";
        QTest::newRow("postgres") << "postgres://router:pw@db:5433/payments" << false << ""
                                  << "router"
                                  << "pw"
                                  << "db" << 5433 << "payments";
        QTest::newRow("postgresql, default port, encoded password")
            << "postgresql://router:p%40ss%2Fword@127.0.0.1/payments" << false << ""
            << "router"
            << "p@ss/word"
            << "127.0.0.1" << 5432 << "payments";
    }

    void databaseUrls() {
        QFETCH(QString, url);
        QFETCH(bool, sqlite);
        QFETCH(QString, path);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, database);
        const router::DatabaseUrl parsed = router::parseDatabaseUrl(url.toStdString());
        QCOMPARE(parsed.system == router::DatabaseUrl::System::Sqlite, sqlite);
        QCOMPARE(QString::fromStdString(parsed.path), path);
        QCOMPARE(QString::fromStdString(parsed.user), user);
        QCOMPARE(QString::fromStdString(parsed.password), password);
        QCOMPARE(QString::fromStdString(parsed.host), host);
        QCOMPARE(parsed.port, port);
        QCOMPARE(QString::fromStdString(parsed.database), database);
        QVERIFY(!QString::fromStdString(parsed.display()).contains("pw"));
    }

    void badDatabaseUrls_data() {
        QTest::addColumn<QString>("url");
        QTest::newRow("sqlite without file") << "sqlite://";
        QTest::newRow("sqlite root") << "sqlite:///";
        QTest::newRow("no database") << "postgres://u:p@h:5432";
        QTest::newRow("no user") << "postgres://h/db";
        QTest::newRow("no scheme") << "router.db";
        QTest::newRow("bad port") << "postgres://u:p@h:port/db";
    }

    void badDatabaseUrls() {
        QFETCH(QString, url);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, router::parseDatabaseUrl(url.toStdString()));
    }

    // The real executable: one line on stderr naming what is wrong, and the exit code.
    void executableStartErrors_data() {
        QTest::addColumn<QStringList>("arguments"); // %1 is a valid config file
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message"); // %1 is the config file, %2 a port in use
        QTest::newRow("bad value")
            << QStringList{"--config", "%1"} << QStringList{"ROUTER__SERVER__WORKERS=x"} << 2
            << "loadbench-router: ROUTER__SERVER__WORKERS: [server] workers: expected an "
               "integer from 1 to 1024, got \"x\"";
        QTest::newRow("missing file")
            << QStringList{"--config", "/nonexistent/router.toml"} << QStringList{} << 2
            << "loadbench-router: /nonexistent/router.toml: cannot read the config file: "
               "no such file";
        QTest::newRow("unknown option")
            << QStringList{"--bogus"} << QStringList{} << 2
            << "loadbench-router: Unknown option 'bogus'. (see loadbench-router --help)";
        QTest::newRow("stray argument")
            << QStringList{"--config", "%1", "extra"} << QStringList{} << 2
            << "loadbench-router: unexpected argument \"extra\" (see loadbench-router "
               "--help)";
        QTest::newRow("database unreachable")
            << QStringList{"--config", "%1"}
            << QStringList{"ROUTER__DATABASE__URL=postgres://router:secret@127.0.0.1:1/payments"} << 1
            << "loadbench-router: [database] url postgres://router:***@127.0.0.1:1/payments: cannot "
               "connect: ";
        QTest::newRow("sqlite folder missing")
            << QStringList{"--config", "%1"}
            << QStringList{"ROUTER__DATABASE__URL=sqlite:///nonexistent/dir/r.db"} << 1
            << "loadbench-router: [database] url sqlite:///nonexistent/dir/r.db: cannot connect: ";
        QTest::newRow("port in use") << QStringList{"--config", "%1"}
                                     << QStringList{"ROUTER__SERVER__PORT=%2"} << 1
                                     << "loadbench-router: [server] host/port 127.0.0.1:%2: cannot listen";
    }

    void executableStartErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        httplib::Server occupied; // bound and listening, never serving
        const int occupiedPort = occupied.bind_to_any_port("127.0.0.1");
        QVERIFY(occupiedPort > 0);
        const QString port = QString::number(occupiedPort);
        const QString config = file(QByteArray(baseConfig) + "[database]\nurl = \"sqlite://" +
                                    m_dir.filePath("start.db").toUtf8() + "\"\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& assignment : environment)
            env.insert(assignment.section('=', 0, 0), assignment.section('=', 1).replace("%2", port));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(LOADBENCH_ROUTER_EXECUTABLE, arguments.replaceInStrings("%1", config));
        QVERIFY(process.waitForFinished(20000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), exitCode);
        QVERIFY2(err.startsWith(message.replace("%1", config).replace("%2", port)), qPrintable(err));
        QCOMPARE(err.count('\n'), 1);
        QVERIFY(!err.contains("secret"));
    }

    void help() {
        QProcess process;
        process.start(LOADBENCH_ROUTER_EXECUTABLE, {"--help"});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("--config <FILE>"));
    }
};

QTEST_GUILESS_MAIN(TestRouterConfig)
#include "tst_router_config.moc"
