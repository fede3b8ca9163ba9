// Every endpoint and every error of the real loadbench-router, against real SQLite and real PostgreSQL.
#include "router_test_support.h"
#include "storage/storage.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <future>
#include <memory>
#include <thread>

using namespace routertest;
using nlohmann::json;

namespace {

const httplib::Headers admin{{"api-key", "test_admin"}};

httplib::Headers key(const std::string& apiKey) {
    return {{"api-key", apiKey}};
}

std::string cardPayment(bool confirm, const std::string& cardNumber = "4242424242424242") {
    return json{{"amount", 6540},
                {"currency", "USD"},
                {"confirm", confirm},
                {"payment_method", "card"},
                {"payment_method_data",
                 {{"card",
                   {{"card_number", cardNumber},
                    {"card_exp_month", "10"},
                    {"card_exp_year", "35"},
                    {"card_holder_name", "John Doe"},
                    {"card_cvc", "123"}}}}}}
        .dump();
}

/// A router on one database, with a merchant that has a connector and a payment, and one that has neither.
struct Backend {
    QString url;
    std::unique_ptr<PostgresDatabase> postgres; // owns the database when it is PostgreSQL
    std::unique_ptr<RouterProcess> router;
    std::string merchant, merchantKey, bareMerchant, bareKey, payment;
};

} // namespace

class TestRouterApi : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_config;
    std::map<QString, Backend> m_backends;

    /// A router on the database at `url` with `overrides`; false with a message when it does not start.
    bool startRouter(RouterProcess& router, const QString& url, QMap<QString, QString> overrides,
                     QString& error) {
        overrides.insert("ROUTER__DATABASE__URL", url);
        if (router.start(m_config, overrides))
            return true;
        error = router.error();
        return false;
    }

    /// The backend's shared router and data, made on first use.
    Backend* backend(const QString& name, QString& error) {
        auto it = m_backends.find(name);
        if (it != m_backends.end())
            return &it->second;
        Backend b;
        if (name == "postgres") {
            b.postgres = std::make_unique<PostgresDatabase>();
            if (!b.postgres->create()) {
                error = b.postgres->error();
                return nullptr;
            }
            b.url = b.postgres->urlText();
        } else {
            b.url = "sqlite://" + m_dir.filePath("router.db");
        }
        b.router = std::make_unique<RouterProcess>();
        if (!startRouter(*b.router, b.url, {}, error))
            return nullptr;
        const auto merchant = [&](const char* merchantName, std::string& id, std::string& apiKey) {
            const Reply reply =
                b.router->call("POST", "/accounts", json{{"merchant_name", merchantName}}.dump(), admin);
            id = reply.body.value("merchant_id", "");
            apiKey = reply.body.value("api_key", "");
        };
        merchant("Shop", b.merchant, b.merchantKey);
        merchant("Bare shop", b.bareMerchant, b.bareKey);
        b.router->call("POST", "/account/" + b.merchant + "/connectors", R"({"connector_name":"stripe"})",
                       admin);
        b.payment = b.router->call("POST", "/payments", cardPayment(true), key(b.merchantKey))
                        .body.value("payment_id", "");
        if (b.merchant.empty() || b.bareMerchant.empty() || b.payment.empty()) {
            error = "could not set up merchants and a payment: " + b.router->standardError();
            return nullptr;
        }
        return &m_backends.emplace(name, std::move(b)).first->second;
    }

    static void addBackendColumn() { QTest::addColumn<QString>("backend"); }

    static void backendRows() {
        addBackendColumn();
        QTest::newRow("sqlite") << "sqlite";
        QTest::newRow("postgres") << "postgres";
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_config = writeFile(m_dir.filePath("router.toml"), baseConfig);
    }

    void health_data() { backendRows(); }
    void health() {
        QFETCH(QString, backend);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        const Reply reply = b->router->call("GET", "/health");
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body == json({{"status", "ok"}}));
    }

    void createMerchant_data() { backendRows(); }
    void createMerchant() {
        QFETCH(QString, backend);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        const Reply generated =
            b->router->call("POST", "/accounts", R"({"merchant_name":"NewAge Retailer"})", admin);
        QCOMPARE(generated.status, 200);
        QVERIFY(generated.body["merchant_id"].get<std::string>().starts_with("merchant_"));
        QCOMPARE(str(generated.body["merchant_name"]), "NewAge Retailer");
        QVERIFY(QRegularExpression("^snd_[0-9a-f]{32}$")
                    .match(QString::fromStdString(generated.body["api_key"].get<std::string>()))
                    .hasMatch());
        QVERIFY(generated.body.contains("created_at"));

        // The kit's setup names its merchant itself; the key it gets back works for payments.
        const std::string id = "merchant_" + QUuid::createUuid().toString(QUuid::Id128).left(8).toStdString();
        const Reply named = b->router->call(
            "POST", "/accounts", json{{"merchant_id", id}, {"merchant_name", "Kit"}}.dump(), admin);
        QCOMPARE(named.status, 200);
        QCOMPARE(str(named.body["merchant_id"]), QString::fromStdString(id));
        const Reply payment = b->router->call("POST", "/payments", cardPayment(false),
                                              key(named.body["api_key"].get<std::string>()));
        QCOMPARE(payment.status, 200);
        QCOMPARE(str(payment.body["merchant_id"]), QString::fromStdString(id));
    }

    void updateMerchant_data() { backendRows(); }
    void updateMerchant() {
        QFETCH(QString, backend);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        const Reply renamed = b->router->call(
            "POST", "/accounts/" + b->bareMerchant,
            json{{"merchant_id", b->bareMerchant}, {"merchant_name", "Renamed"}}.dump(), admin);
        QCOMPARE(renamed.status, 200);
        QCOMPARE(str(renamed.body["merchant_id"]), QString::fromStdString(b->bareMerchant));
        QCOMPARE(str(renamed.body["merchant_name"]), "Renamed");
        QVERIFY(renamed.body["updated_at"] >= renamed.body["created_at"]);
        // Without a name nothing changes, and the merchant is returned as it is.
        const Reply same = b->router->call("POST", "/accounts/" + b->bareMerchant, "{}", admin);
        QCOMPARE(same.status, 200);
        QCOMPARE(str(same.body["merchant_name"]), "Renamed");
    }

    void addConnector_data() { backendRows(); }
    void addConnector() {
        QFETCH(QString, backend);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        const Reply reply =
            b->router->call("POST", "/account/" + b->merchant + "/connectors",
                            R"({"connector_name":"adyen","connector_type":"fiz_operations"})", admin);
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body["merchant_connector_id"].get<std::string>().starts_with("mca_"));
        QCOMPARE(str(reply.body["merchant_id"]), QString::fromStdString(b->merchant));
        QCOMPARE(str(reply.body["connector_name"]), "adyen");
        QCOMPARE(str(reply.body["connector_type"]), "fiz_operations");
    }

    void createAndGetPayment_data() { backendRows(); }
    void createAndGetPayment() {
        QFETCH(QString, backend);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        const Reply created = b->router->call("POST", "/payments", cardPayment(false), key(b->merchantKey));
        QCOMPARE(created.status, 200);
        QCOMPARE(str(created.body["status"]), "requires_confirmation");
        QCOMPARE(str(created.body["amount"]), "6540");
        QCOMPARE(str(created.body["currency"]), "USD");
        QCOMPARE(str(created.body["card"]["last4"]), "4242");
        QVERIFY(created.body["connector"].is_null());

        // The payment made with confirm: true went through the merchant's first connector.
        const Reply confirmed = b->router->call("GET", "/payments/" + b->payment, {}, key(b->merchantKey));
        QCOMPARE(confirmed.status, 200);
        QCOMPARE(str(confirmed.body["payment_id"]), QString::fromStdString(b->payment));
        QCOMPARE(str(confirmed.body["merchant_id"]), QString::fromStdString(b->merchant));
        QCOMPARE(str(confirmed.body["status"]), "succeeded");
        QCOMPARE(str(confirmed.body["connector"]), "stripe");
        QVERIFY(confirmed.body["error_code"].is_null());

        const Reply fetched = b->router->call(
            "GET", "/payments/" + created.body["payment_id"].get<std::string>(), {}, key(b->merchantKey));
        QVERIFY(fetched.body == created.body);
    }

    void errors_data() {
        addBackendColumn();
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");   // {merchant} {payment} are the backend's
        QTest::addColumn<QString>("apiKey"); // admin, merchant, bare (no connector), wrong or none
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        struct Row {
            const char* name;
            const char* method;
            const char* path;
            const char* apiKey;
            std::string body;
            int status;
            const char* code;
            const char* field;
        };
        const auto payment = [](const char* key, json value) {
            json body = json::parse(cardPayment(true));
            body[key] = std::move(value);
            return body.dump();
        };
        const auto card = [](const char* key, const char* value) {
            json body = json::parse(cardPayment(true));
            body["payment_method_data"]["card"][key] = value;
            return body.dump();
        };
        json noAmount = json::parse(cardPayment(true));
        noAmount.erase("amount");
        json noCard = json::parse(cardPayment(true));
        noCard.erase("payment_method_data");
        const std::vector<Row> rows{
            {"accounts without key", "POST", "/accounts", "none", R"({"merchant_name":"x"})", 401,
             "unauthorized", ""},
            {"accounts with a merchant's key", "POST", "/accounts", "merchant", R"({"merchant_name":"x"})",
             401, "unauthorized", ""},
            {"accounts malformed JSON", "POST", "/accounts", "admin", R"({"merchant_name":)", 400,
             "malformed_json", ""},
            {"accounts body not an object", "POST", "/accounts", "admin", "[1]", 400, "invalid_type", ""},
            {"accounts name missing", "POST", "/accounts", "admin", "{}", 422, "missing_field",
             "merchant_name"},
            {"accounts name a number", "POST", "/accounts", "admin", R"({"merchant_name":5})", 400,
             "invalid_type", "merchant_name"},
            {"accounts name empty", "POST", "/accounts", "admin", R"({"merchant_name":""})", 422,
             "invalid_value", "merchant_name"},
            {"accounts bad id", "POST", "/accounts", "admin", R"({"merchant_name":"x","merchant_id":"a b"})",
             422, "invalid_value", "merchant_id"},
            {"accounts id exists", "POST", "/accounts", "admin",
             R"({"merchant_name":"x","merchant_id":"{merchant}"})", 409, "conflict", "merchant_id"},
            {"update without key", "POST", "/accounts/{merchant}", "none", "{}", 401, "unauthorized", ""},
            {"update unknown merchant", "POST", "/accounts/merchant_unknown", "admin",
             R"({"merchant_name":"x"})", 404, "not_found", "merchant_id"},
            {"update other id in body", "POST", "/accounts/{merchant}", "admin", R"({"merchant_id":"other"})",
             422, "invalid_value", "merchant_id"},
            {"update malformed JSON", "POST", "/accounts/{merchant}", "admin", "{", 400, "malformed_json",
             ""},
            {"connector wrong key", "POST", "/account/{merchant}/connectors", "wrong",
             R"({"connector_name":"x"})", 401, "unauthorized", ""},
            {"connector unknown merchant", "POST", "/account/merchant_unknown/connectors", "admin",
             R"({"connector_name":"x"})", 404, "not_found", "merchant_id"},
            {"connector name missing", "POST", "/account/{merchant}/connectors", "admin", "{}", 422,
             "missing_field", "connector_name"},
            {"connector name a number", "POST", "/account/{merchant}/connectors", "admin",
             R"({"connector_name":1})", 400, "invalid_type", "connector_name"},
            {"connector bad type", "POST", "/account/{merchant}/connectors", "admin",
             R"({"connector_name":"x","connector_type":"a/b"})", 422, "invalid_value", "connector_type"},
            {"payment without key", "POST", "/payments", "none", cardPayment(true), 401, "unauthorized", ""},
            {"payment unknown key", "POST", "/payments", "wrong", cardPayment(true), 401, "unauthorized", ""},
            {"payment admin key", "POST", "/payments", "admin", cardPayment(true), 401, "unauthorized", ""},
            {"payment malformed JSON", "POST", "/payments", "merchant", "{\"amount\"", 400, "malformed_json",
             ""},
            {"payment amount missing", "POST", "/payments", "merchant", noAmount.dump(), 422, "missing_field",
             "amount"},
            {"payment amount a string", "POST", "/payments", "merchant", payment("amount", "6540"), 400,
             "invalid_type", "amount"},
            {"payment amount a fraction", "POST", "/payments", "merchant", payment("amount", 65.4), 400,
             "invalid_type", "amount"},
            {"payment amount zero", "POST", "/payments", "merchant", payment("amount", 0), 422,
             "invalid_value", "amount"},
            {"payment currency lower case", "POST", "/payments", "merchant", payment("currency", "usd"), 422,
             "invalid_value", "currency"},
            {"payment confirm a string", "POST", "/payments", "merchant", payment("confirm", "yes"), 400,
             "invalid_type", "confirm"},
            {"payment method not card", "POST", "/payments", "merchant", payment("payment_method", "wallet"),
             422, "invalid_value", "payment_method"},
            {"payment card missing", "POST", "/payments", "merchant", noCard.dump(), 422, "missing_field",
             "payment_method_data"},
            {"payment card not an object", "POST", "/payments", "merchant",
             payment("payment_method_data", {{"card", "4242"}}), 400, "invalid_type",
             "payment_method_data.card"},
            {"payment card number fails Luhn", "POST", "/payments", "merchant",
             card("card_number", "4242424242424241"), 422, "invalid_value",
             "payment_method_data.card.card_number"},
            {"payment card month 13", "POST", "/payments", "merchant", card("card_exp_month", "13"), 422,
             "invalid_value", "payment_method_data.card.card_exp_month"},
            {"payment card year 3 digits", "POST", "/payments", "merchant", card("card_exp_year", "203"), 422,
             "invalid_value", "payment_method_data.card.card_exp_year"},
            {"payment card cvc short", "POST", "/payments", "merchant", card("card_cvc", "12"), 422,
             "invalid_value", "payment_method_data.card.card_cvc"},
            {"payment confirm without connector", "POST", "/payments", "bare", cardPayment(true), 422,
             "invalid_value", "confirm"},
            {"get payment without key", "GET", "/payments/{payment}", "none", "", 401, "unauthorized", ""},
            {"get unknown payment", "GET", "/payments/pay_unknown", "merchant", "", 404, "not_found",
             "payment_id"},
            {"get another merchant's payment", "GET", "/payments/{payment}", "bare", "", 404, "not_found",
             "payment_id"},
            {"unknown route", "GET", "/nothing", "none", "", 404, "not_found", ""},
            {"wrong method", "DELETE", "/payments/{payment}", "merchant", "", 404, "not_found", ""},
        };
        for (const char* backend : {"sqlite", "postgres"})
            for (const Row& row : rows)
                QTest::addRow("%s: %s", backend, row.name)
                    << backend << row.method << row.path << row.apiKey << QString::fromStdString(row.body)
                    << row.status << row.code << row.field;
    }

    void errors() {
        QFETCH(QString, backend);
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, apiKey);
        QFETCH(QString, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        const auto fill = [&](QString text) {
            return text.replace("{merchant}", QString::fromStdString(b->merchant))
                .replace("{payment}", QString::fromStdString(b->payment))
                .toStdString();
        };
        httplib::Headers headers;
        if (apiKey != "none")
            headers = key(apiKey == "admin"      ? std::string("test_admin")
                          : apiKey == "merchant" ? b->merchantKey
                          : apiKey == "bare"     ? b->bareKey
                                                 : std::string("snd_wrong"));
        const Reply reply = b->router->call(method.toStdString(), fill(path), fill(body), headers);
        QCOMPARE(reply.status, status);
        QVERIFY2(reply.body.is_object() && reply.body.contains("error"), reply.body.dump().c_str());
        const json& e = reply.body["error"];
        QCOMPARE(e.value("code", ""), code.toStdString());
        QCOMPARE(e.value("field", ""), field.toStdString());
        // Each message is one line that starts with what it is about.
        const std::string message = e.value("message", "");
        QVERIFY2(!message.empty() && message.find('\n') == std::string::npos, message.c_str());
        if (!field.isEmpty() && status != 404)
            QVERIFY2(message.starts_with(field.toStdString() + ":"), message.c_str());
    }

    void connectorFailure_data() { backendRows(); }
    void connectorFailure() {
        QFETCH(QString, backend);
        QString error;
        Backend* b = this->backend(backend, error);
        QVERIFY2(b, qPrintable(error));
        RouterProcess failing;
        QVERIFY2(startRouter(failing, b->url, {{"ROUTER__CONNECTOR__FAILURE_RATE", "1"}}, error),
                 qPrintable(error));
        const Reply reply = failing.call("POST", "/payments", cardPayment(true), key(b->merchantKey));
        QCOMPARE(reply.status, 502);
        QCOMPARE(str(reply.body["error"]["code"]), "connector_error");
        QCOMPARE(str(reply.body["error"]["status"]), "failed");
        const std::string id = reply.body["error"]["payment_id"];
        const Reply stored = failing.call("GET", "/payments/" + id, {}, key(b->merchantKey));
        QCOMPARE(stored.status, 200);
        QCOMPARE(str(stored.body["status"]), "failed");
        QCOMPARE(str(stored.body["error_code"]), "connector_error");
        QCOMPARE(str(stored.body["connector"]), "stripe");
        QCOMPARE(failing.stop(), 0);
    }

    void schemaCreatedAndKeptAcrossRestarts_data() { backendRows(); }
    void schemaCreatedAndKeptAcrossRestarts() {
        QFETCH(QString, backend);
        QString url;
        router::DatabaseUrl parsed;
        std::unique_ptr<PostgresDatabase> postgres;
        if (backend == "postgres") {
            postgres = std::make_unique<PostgresDatabase>();
            QVERIFY2(postgres->create(), qPrintable(postgres->error()));
            url = postgres->urlText();
        } else {
            url = "sqlite://" + m_dir.filePath("restart.db");
        }
        parsed = router::parseDatabaseUrl(url.toStdString());
        std::string merchantKey;
        std::string payment;
        for (int start = 0; start < 2; ++start) {
            RouterProcess router;
            QString error;
            QVERIFY2(startRouter(router, url, {}, error), qPrintable(error));
            if (start == 0) {
                merchantKey =
                    router.call("POST", "/accounts", R"({"merchant_name":"Kept"})", admin).body["api_key"];
                payment =
                    router.call("POST", "/payments", cardPayment(false), key(merchantKey)).body["payment_id"];
            }
            // The second start finds the schema at the latest version and the data as it was.
            QCOMPARE(router.call("GET", "/payments/" + payment, {}, key(merchantKey)).status, 200);
            QCOMPARE(router.stop(), 0);
        }
        {
            QSqlDatabase db = openDatabase(parsed, "check");
            QSqlQuery query(db);
            QVERIFY(query.exec("SELECT version FROM schema_version ORDER BY version"));
            QList<int> versions;
            while (query.next())
                versions << query.value(0).toInt();
            QList<int> expected;
            for (int v = 1; v <= router::latestSchemaVersion; ++v)
                expected << v;
            QCOMPARE(versions, expected);
            if (backend == "sqlite") {
                // WAL lets the router's readers go on while one connection writes.
                QVERIFY(query.exec("PRAGMA journal_mode"));
                QVERIFY(query.next());
                QCOMPARE(query.value(0).toString(), "wal");
            }
        }
        QSqlDatabase::removeDatabase("check");
    }

    void slowConnectorDoesNotHoldUpOtherRequests() {
        RouterProcess router;
        QString error;
        QVERIFY2(
            startRouter(router, "sqlite://" + m_dir.filePath("slow.db"),
                        {{"ROUTER__CONNECTOR__LATENCY_MS", "1500"}, {"ROUTER__CONNECTOR__JITTER_MS", "0"}},
                        error),
            qPrintable(error));
        const json merchant = router.call("POST", "/accounts", R"({"merchant_name":"Slow"})", admin).body;
        const std::string merchantId = merchant["merchant_id"];
        const std::string apiKey = merchant["api_key"];
        QCOMPARE(
            router
                .call("POST", "/account/" + merchantId + "/connectors", R"({"connector_name":"slow"})", admin)
                .status,
            200);

        QElapsedTimer clock;
        clock.start();
        const auto confirm = [&] {
            const Reply reply = router.call("POST", "/payments", cardPayment(true), key(apiKey));
            return std::make_pair(reply.status, clock.elapsed());
        };
        auto first = std::async(std::launch::async, confirm);
        auto second = std::async(std::launch::async, confirm);
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // let both reach the connector
        const Reply health = router.call("GET", "/health");
        const qint64 healthAt = clock.elapsed();
        const auto [firstStatus, firstAt] = first.get();
        const auto [secondStatus, secondAt] = second.get();
        QCOMPARE(health.status, 200);
        QCOMPARE(firstStatus, 200);
        QCOMPARE(secondStatus, 200);
        // Generous bounds: only the order matters, and that the connector really took its 1.5 s.
        QVERIFY2(firstAt >= 1500 && secondAt >= 1500,
                 qPrintable(QString("%1 %2 ms").arg(firstAt).arg(secondAt)));
        QVERIFY2(healthAt < std::min(firstAt, secondAt),
                 qPrintable(QString("/health at %1 ms, confirmations at %2 and %3 ms")
                                .arg(healthAt)
                                .arg(firstAt)
                                .arg(secondAt)));
    }
};

QTEST_GUILESS_MAIN(TestRouterApi)
#include "tst_router_api.moc"
