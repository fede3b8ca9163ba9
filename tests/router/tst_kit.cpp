// The kit at the repository's top: the compose file (validated by Debian's docker-compose), Grafana's fixed
// uids against .env, loadtest.sh, and the k6 scripts loaded as ES modules by QJSEngine (what the built-in
// engine uses) with stand-in k6 modules: their options, setup(), requests and handleSummary() files.
#include <QDirIterator>
#include <QFile>
#include <QJSEngine>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

const QString source = QStringLiteral(LOADBENCH_SOURCE_DIR);
const QString fixtures = QStringLiteral(LOADBENCH_FIXTURES_DIR);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run run(const QString& program, const QStringList& arguments, const QByteArray& input = {},
        const QMap<QString, QString>& environment = {}) {
    QProcess process;
    process.setWorkingDirectory(source);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : env.keys())
        if (name.startsWith("LOADTEST_") || name.startsWith("COMPOSE_"))
            env.remove(name); // the kit's own .env decides, as on a fresh shell
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {-1, {}, program + ": cannot start (install it with scripts/install-deps.sh --test)"};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000))
        return {-1, {}, program + " did not finish"};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), QString::fromUtf8(process.readAllStandardError())};
}

/// YAML as JSON through Python's yaml module, which Debian's docker-compose depends on.
json yamlToJson(const QByteArray& yaml) {
    const Run converted =
        run("/usr/bin/python3",
            {"-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"}, yaml);
    if (converted.exitCode != 0)
        qFatal("yaml to json: %s", qPrintable(converted.err));
    return json::parse(converted.out.toStdString());
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

/// The KEY=VALUE lines of .env.
QMap<QString, QString> dotEnv() {
    QMap<QString, QString> values;
    for (const QByteArray& line : readFile(source + "/.env").split('\n'))
        if (const int equals = line.indexOf('='); !line.startsWith('#') && equals > 0)
            values.insert(QString::fromUtf8(line.left(equals)), QString::fromUtf8(line.mid(equals + 1)));
    return values;
}

QString str(const json& value) {
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

// Stand-ins for the k6 modules the scripts may import: http records its requests and answers like the router.
const char* stubModules = R"((function () {
    var requests = [];
    function respond(method, url, body, params) {
        requests.push({ method: method, url: url, body: body, headers: (params && params.headers) || {} });
        var answer = /\/accounts$/.test(url) ? { merchant_id: 'merchant_1', api_key: 'snd_1' } : { status: 'succeeded' };
        return { status: 200, body: JSON.stringify(answer), json: function () { return answer; } };
    }
    return {
        requests: requests,
        k6: { check: function () { return true; }, fail: function (m) { throw new Error(m); },
              sleep: function () {}, group: function (n, f) { return f(); } },
        http: { get: function (url, params) { return respond('GET', url, null, params); },
                post: function (url, body, params) { return respond('POST', url, body, params); } },
        other: {}
    };
})())";

const QStringList k6Modules{"k6", "k6/http", "k6/metrics", "k6/execution", "k6/encoding"};

/// A script of k6/ loaded as QJSEngine loads it for the built-in engine, with `env` as __ENV.
struct Script {
    QJSEngine engine;
    QJSValue stubs;
    QJSValue module;

    Script(const QString& name, const QVariantMap& env) {
        engine.installExtensions(QJSEngine::ConsoleExtension);
        stubs = engine.evaluate(stubModules);
        engine.registerModule("k6", stubs.property("k6"));
        engine.registerModule("k6/http", stubs.property("http"));
        for (const QString& other : k6Modules.mid(2))
            engine.registerModule(other, stubs.property("other"));
        engine.globalObject().setProperty("__ENV", engine.toScriptValue(env));
        module = engine.importModule(source + "/k6/" + name + ".js");
    }

    json toJson(const QJSValue& value) {
        const QJSValue text = engine.evaluate("JSON.stringify").call({value});
        return text.isUndefined() ? json() : json::parse(text.toString().toStdString());
    }

    QJSValue fromJson(const json& value) {
        return engine.evaluate("JSON.parse").call({QString::fromStdString(value.dump())});
    }
};

} // namespace

class TestKit : public QObject {
    Q_OBJECT

private slots:
    void composeFileIsValid() {
        const Run result = run("docker-compose", {"config", "-q"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    }

    void composeStack() {
        const Run config = run("docker-compose", {"config"}, {},
                               {{"LOADTEST_RUN_NAME", "a1b2c3d"}, {"LOADTEST_K6_SCRIPT", "payment-confirm"}});
        QVERIFY2(config.exitCode == 0, qPrintable(config.err));
        const json services = yamlToJson(config.out)["services"];
        QStringList names;
        for (const auto& [name, service] : services.items())
            names << QString::fromStdString(name);
        QCOMPARE(names, (QStringList{"db", "grafana", "influxdb", "k6", "otel-collector", "router-server",
                                     "tempo"}));

        // The observability profile is exactly InfluxDB, the collector, Tempo and Grafana; loadtest is all.
        QStringList observability;
        for (const auto& [name, service] : services.items()) {
            const json profiles = service.value("profiles", json::array());
            QVERIFY2(std::find(profiles.begin(), profiles.end(), "loadtest") != profiles.end(), name.c_str());
            if (std::find(profiles.begin(), profiles.end(), "observability") != profiles.end())
                observability << QString::fromStdString(name);
        }
        QCOMPARE(observability, (QStringList{"grafana", "influxdb", "otel-collector", "tempo"}));
        QCOMPARE(dotEnv().value("COMPOSE_PROFILES"), "loadtest");

        const json& k6 = services["k6"];
        // The version the README says the scripts were checked against.
        QCOMPARE(str(k6["image"]), "grafana/k6:2.2.0");
        const json& command = k6["command"];
        QCOMPARE(str(command.back()), "payment-confirm.js");
        QVERIFY(std::find(command.begin(), command.end(), "json=benchmark/a1b2c3d_payment-confirm.ndjson") !=
                command.end());
        QVERIFY(std::find(command.begin(), command.end(), "influxdb=http://influxdb:8086/k6") !=
                command.end());
        QCOMPARE(str(k6["working_dir"]), "/scripts");
        QCOMPARE(str(k6["environment"]["LOADTEST_RUN_NAME"]), "a1b2c3d");
        QCOMPARE(str(k6["environment"]["LOADTEST_K6_SCRIPT"]), "payment-confirm");
        QCOMPARE(str(k6["environment"]["BASE_URL"]), "http://router-server:8080");
        QCOMPARE(str(k6["depends_on"]["router-server"]["condition"]), "service_healthy");
        QCOMPARE(str(k6["depends_on"]["influxdb"]["condition"]), "service_healthy");

        const json& router = services["router-server"];
        QCOMPARE(str(router["build"]["dockerfile"]), "router/Dockerfile");
        QCOMPARE(str(router["depends_on"]["db"]["condition"]), "service_healthy");
        QVERIFY(str(router["environment"]["ROUTER__DATABASE__URL"]).startsWith("postgres://"));
        for (const char* checked : {"db", "router-server", "influxdb", "grafana"})
            QVERIFY2(services[checked].contains("healthcheck"), checked);
        QCOMPARE(str(services["influxdb"]["image"]), "influxdb:1.8");
        // .env's INFLUXDB_URL is, from this machine, the database the k6 service writes to
        // (influxdb:8086/k6).
        QCOMPARE(str(services["influxdb"]["ports"][0]["target"]), "8086");
        QCOMPARE(dotEnv().value("INFLUXDB_URL"),
                 "http://localhost:" + str(services["influxdb"]["ports"][0]["published"]) + "/k6");
        QCOMPARE(str(services["grafana"]["ports"][0]["published"]), "3002");
        QCOMPARE(str(services["grafana"]["environment"]["GF_AUTH_ANONYMOUS_ORG_ROLE"]), "Admin");
    }

    void grafanaUidsMatchDotEnv() {
        const QMap<QString, QString> env = dotEnv();
        QCOMPARE(env.value("GRAFANA_URL"), "http://localhost:3002");
        const json dashboard = json::parse(readFile(source + "/grafana/dashboards/k6.json").toStdString());
        QCOMPARE(str(dashboard["uid"]), env.value("GRAFANA_DASHBOARD_UID"));
        for (const json& panel : dashboard["panels"])
            QCOMPARE(str(panel["datasource"]["uid"]), env.value("INFLUXDB_DATASOURCE_UID"));
        const json sources = yamlToJson(
            readFile(source + "/grafana/provisioning/datasources/datasources.yaml"))["datasources"];
        QMap<QString, QString> uidByType;
        for (const json& datasource : sources)
            uidByType.insert(str(datasource["type"]), str(datasource["uid"]));
        QCOMPARE(uidByType.value("tempo"), env.value("TEMPO_DATASOURCE_UID"));
        QCOMPARE(uidByType.value("influxdb"), env.value("INFLUXDB_DATASOURCE_UID"));
    }

    void loadtestWrapsLoadbenchRun_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out"); // what loadbench was given, after `run --backend compose -w <kit>`
        QTest::addColumn<QString>("err");
        QTest::newRow("kit defaults") << QStringList{} << 0 << ""
                                      << "";
        QTest::newRow("commit, one script") << QStringList{"-c", "-s", "health.js"} << 0 << " -c -s health"
                                            << "";
        QTest::newRow("named, all") << QStringList{"-r", "baseline", "-a"} << 0 << " -r baseline -a"
                                    << "";
        QTest::newRow("unknown flag")
            << QStringList{"-x"} << 2 << ""
            << "loadtest.sh: unknown flag -x; usage: loadtest.sh [-c] [-r NAME] [-s SCRIPT] [-a]\n";
        QTest::newRow("missing value")
            << QStringList{"-r"} << 2 << ""
            << "loadtest.sh: -r needs a value; usage: loadtest.sh [-c] [-r NAME] [-s SCRIPT] [-a]\n";
    }

    void loadtestWrapsLoadbenchRun() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        // echo stands in for loadbench: what loadtest.sh hands over is the test.
        const Run result =
            run("bash", QStringList{source + "/loadtest.sh"} + arguments, {}, {{"LOADBENCH", "echo"}});
        QCOMPARE(result.exitCode, exitCode);
        QCOMPARE(result.err, err);
        if (exitCode == 0)
            // --replace: the kit re-ran an existing run name without asking, and still does.
            QCOMPARE(QString::fromUtf8(result.out), "run --backend compose --workspace " +
                                                        QFileInfo(source).canonicalFilePath() + " --replace" +
                                                        out + "\n");
    }

    void scriptsUseOnlyWhatTheEngineRuns() {
        // k6 modules the built-in engine provides, relative imports, and no syntax newer than ES2017.
        static const QRegularExpression import("^\\s*import\\s.*\\sfrom\\s+['\"]([^'\"]+)['\"]",
                                               QRegularExpression::MultilineOption);
        static const QRegularExpression tooNew(R"(\?\.|\?\?|^\s*await\s)",
                                               QRegularExpression::MultilineOption);
        QDirIterator it(source + "/k6", {"*.js"}, QDir::Files, QDirIterator::Subdirectories);
        int scripts = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains("/benchmark/"))
                continue;
            ++scripts;
            const QString text = QString::fromUtf8(readFile(path));
            for (auto match = import.globalMatch(text); match.hasNext();) {
                const QString module = match.next().captured(1);
                QVERIFY2(k6Modules.contains(module) || module.startsWith("./") || module.startsWith("../"),
                         qPrintable(path + ": imports " + module));
            }
            QVERIFY2(!tooNew.match(text).hasMatch(), qPrintable(path + ": " + tooNew.match(text).captured()));
        }
        QCOMPARE(scripts, 5);
    }

    void scriptsDeclareTheKitsLoad_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("threshold");
        QTest::newRow("health") << "health"
                                << "p(90)<15";
        QTest::newRow("payment-confirm") << "payment-confirm"
                                         << "p(90)<500";
    }

    void scriptsDeclareTheKitsLoad() {
        QFETCH(QString, script);
        QFETCH(QString, threshold);
        Script s(script, {});
        QVERIFY2(!s.module.isError(), qPrintable(s.module.toString()));
        const json options = s.toJson(s.module.property("options"));
        QVERIFY(options["stages"] ==
                json::parse(R"([{"duration":"10s","target":25},{"duration":"10s","target":25},
                                                    {"duration":"10s","target":0}])"));
        QCOMPARE(options["thresholds"].size(), std::size_t(1));
        const json expressions = options["thresholds"]["http_req_duration"];
        QCOMPARE(expressions.size(), std::size_t(1));
        QCOMPARE(str(expressions[0]).remove(' '), threshold);
        QVERIFY(s.module.property("handleSummary").isCallable());
    }

    void paymentScriptSetsUpAMerchantAndPays() {
        Script s("payment-confirm", {{"BASE_URL", "http://127.0.0.1:9999"}, {"ADMIN_API_KEY", "admin-key"}});
        QVERIFY2(!s.module.isError(), qPrintable(s.module.toString()));
        const QJSValue data = s.module.property("setup").call();
        QVERIFY2(!data.isError(), qPrintable(data.toString()));
        QVERIFY(s.toJson(data) == json({{"merchant_id", "merchant_1"}, {"api_key", "snd_1"}}));
        const QJSValue iteration = s.module.property("default").call({s.fromJson(s.toJson(data))});
        QVERIFY2(!iteration.isError(), qPrintable(iteration.toString()));

        const json requests = s.toJson(s.stubs.property("requests"));
        QCOMPARE(requests.size(), std::size_t(3));
        QCOMPARE(str(requests[0]["url"]), "http://127.0.0.1:9999/accounts");
        QCOMPARE(str(requests[0]["headers"]["api-key"]), "admin-key");
        QCOMPARE(str(requests[1]["url"]), "http://127.0.0.1:9999/account/merchant_1/connectors");
        QCOMPARE(str(requests[1]["headers"]["api-key"]), "admin-key");
        QCOMPARE(str(requests[2]["url"]), "http://127.0.0.1:9999/payments");
        QCOMPARE(str(requests[2]["headers"]["api-key"]), "snd_1");
        const json payment = json::parse(requests[2]["body"].get<std::string>());
        QVERIFY(payment["confirm"] == true);
        QCOMPARE(str(payment["amount"]), "6540");
    }

    void healthScriptTargetsBaseUrl() {
        Script defaults("health", {});
        defaults.module.property("default").call();
        QCOMPARE(str(defaults.toJson(defaults.stubs.property("requests"))[0]["url"]),
                 "http://router-server:8080/health");
        Script local("health", {{"BASE_URL", "http://127.0.0.1:8080"}});
        local.module.property("default").call();
        QCOMPARE(str(local.toJson(local.stubs.property("requests"))[0]["url"]),
                 "http://127.0.0.1:8080/health");
    }

    void handleSummaryWritesTheResultFiles_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QVariantMap>("env");
        QTest::addColumn<QString>("base"); // the two files' path without the suffix
        for (const char* fixture :
             {"groups-checks-thresholds", "setup-group-tagged-thresholds", "custom-metrics-failed-threshold"})
            QTest::addRow("%s", fixture)
                << fixture << QVariantMap{{"LOADTEST_RUN_NAME", "a1b2c3d"}} << "benchmark/a1b2c3d_health";
        QTest::newRow("results dir and script name from __ENV")
            << "groups-checks-thresholds"
            << QVariantMap{{"LOADTEST_RUN_NAME", "baseline"},
                           {"LOADTEST_RESULTS_DIR", "/tmp/results"},
                           {"LOADTEST_K6_SCRIPT", "health-v2"}}
            << "/tmp/results/baseline_health-v2";
    }

    void handleSummaryWritesTheResultFiles() {
        QFETCH(QString, fixture);
        QFETCH(QVariantMap, env);
        QFETCH(QString, base);
        const json data =
            json::parse(readFile(fixtures + "/handle-summary/" + fixture + ".json").toStdString());
        Script s("health", env);
        const QJSValue files = s.module.property("handleSummary").call({s.fromJson(data)});
        QVERIFY2(!files.isError(), qPrintable(files.toString()));
        const json written = s.toJson(files);
        QStringList keys;
        for (const auto& [key, value] : written.items())
            keys << QString::fromStdString(key);
        keys.sort();
        QCOMPARE(keys, (QStringList{base + ".json", base + ".summary", "stdout"}));
        QVERIFY(json::parse(written[(base + ".json").toStdString()].get<std::string>()) == data);

        const QString text = str(written[(base + ".summary").toStdString()]);
        QCOMPARE(str(written["stdout"]), text);
        QVERIFY(!text.contains("undefined") && !text.contains("NaN"));
        // One line a metric, marked ✓ or ✗ where it has thresholds, as k6 does.
        for (const auto& [name, metric] : data["metrics"].items()) {
            const QRegularExpression metricLine(
                "^   (✓ |✗ |  )" + QRegularExpression::escape(QString::fromStdString(name)) + "\\.+: ");
            const QString line = text.split('\n').filter(metricLine).value(0);
            QVERIFY2(!line.isEmpty(), name.c_str());
            if (metric.contains("thresholds")) {
                bool ok = true;
                for (const auto& [expression, result] : metric["thresholds"].items())
                    ok = ok && result["ok"].get<bool>();
                QVERIFY2(line.startsWith(ok ? "   ✓ " : "   ✗ "), qPrintable(line));
            }
            if (metric["type"] == "trend" && metric["contains"] == "time")
                QVERIFY2(QRegularExpression("avg=[0-9.]+(µs|ms|s) ").match(line).hasMatch(),
                         qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestKit)
#include "tst_kit.moc"
