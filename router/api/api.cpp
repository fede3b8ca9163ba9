#include "api/api.h"

#include "random/random.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <algorithm>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <optional>

namespace router {

namespace {

using nlohmann::json;

/// An answer other than 200, with the error body's fields.
struct ApiError {
    ApiError(int status, std::string code, std::string message, std::string field = {},
             json extra = json::object())
        : status(status)
        , code(std::move(code))
        , message(std::move(message))
        , field(std::move(field))
        , extra(std::move(extra)) {}

    int status;
    std::string code;
    std::string message;
    std::string field; // the offending field's path, when there is one
    json extra;        // more members of the error object
};

ApiError invalidType(const std::string& field, const char* expected) {
    return {400, "invalid_type", field + ": expected " + expected, field};
}

ApiError invalidValue(const std::string& field, const std::string& reason) {
    return {422, "invalid_value", field + ": " + reason, field};
}

/// The fields of one JSON object of a request body; errors name each field by its path.
class Fields {
public:
    Fields(const json& object, std::string prefix)
        : m_object(object)
        , m_prefix(std::move(prefix)) {}

    std::optional<std::string> string(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            return std::nullopt;
        if (!value->is_string())
            throw invalidType(path(name), "a string");
        return value->get<std::string>();
    }

    std::string requiredString(const std::string& name) const { return required(name, string(name)); }

    std::optional<std::int64_t> integer(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            return std::nullopt;
        if (!value->is_number_integer())
            throw invalidType(path(name), "an integer");
        return value->get<std::int64_t>();
    }

    std::optional<bool> boolean(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            return std::nullopt;
        if (!value->is_boolean())
            throw invalidType(path(name), "true or false");
        return value->get<bool>();
    }

    Fields requiredObject(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            throw missing(name);
        if (!value->is_object())
            throw invalidType(path(name), "an object");
        return Fields(*value, path(name) + ".");
    }

    std::string path(const std::string& name) const { return m_prefix + name; }

    template <typename T> T required(const std::string& name, std::optional<T> value) const {
        if (!value)
            throw missing(name);
        return *value;
    }

private:
    const json* find(const std::string& name) const {
        const auto it = m_object.find(name);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }

    ApiError missing(const std::string& name) const {
        return {422, "missing_field", path(name) + ": required", path(name)};
    }

    const json& m_object;
    std::string m_prefix;
};

json parseObject(const httplib::Request& request) {
    json body;
    try {
        body = json::parse(request.body);
    } catch (const json::parse_error& error) {
        throw ApiError{400, "malformed_json", std::string("request body: malformed JSON: ") + error.what()};
    }
    if (!body.is_object())
        throw ApiError{400, "invalid_type", "request body: expected a JSON object"};
    return body;
}

bool matches(const std::string& text, std::size_t min, std::size_t max, bool (*allowed)(char)) {
    return text.size() >= min && text.size() <= max && std::all_of(text.begin(), text.end(), allowed);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool isIdChar(char c) {
    return isDigit(c) || isUpper(c) || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
}
bool isAny(char) {
    return true;
}

std::string checkedName(const Fields& fields, const std::string& field, const std::string& value) {
    if (!matches(value, 1, 128, isAny))
        throw invalidValue(fields.path(field), "must be 1 to 128 characters");
    return value;
}

bool luhn(const std::string& digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
        int digit = *it - '0';
        if (twice && (digit *= 2) > 9)
            digit -= 9;
        sum += digit;
    }
    return sum % 10 == 0;
}

/// Looks at every byte, so that the time taken does not tell how much of a guess was right.
bool sameKey(const std::string& a, const std::string& b) {
    unsigned difference = a.size() != b.size();
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

std::string now() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

std::string sha256(const std::string& text) {
    return QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

json merchantJson(const Merchant& m) {
    return {{"merchant_id", m.id},
            {"merchant_name", m.name},
            {"created_at", m.createdAt},
            {"updated_at", m.updatedAt}};
}

json paymentJson(const Payment& p) {
    const auto orNull = [](const std::string& text) { return text.empty() ? json(nullptr) : json(text); };
    return {{"payment_id", p.id},
            {"merchant_id", p.merchantId},
            {"amount", p.amount},
            {"currency", p.currency},
            {"status", p.status},
            {"connector", orNull(p.connector)},
            {"card", {{"last4", p.cardLast4}}},
            {"error_code", orNull(p.errorCode)},
            {"created_at", p.createdAt},
            {"updated_at", p.updatedAt}};
}

/// One request being served: what its route needs, and its server span.
struct Call {
    const httplib::Request& request;
    Span& span;
    Storage& storage;
    const ConnectorSimulator& connector;
    const std::string& adminApiKey;

    /// Runs one storage call in a client span named like OpenTelemetry's database spans (`SELECT merchants`).
    template <typename F> auto db(const char* operation, const char* table, F call) {
        Span child = span.child(std::string(operation) + " " + table, SpanKind::Client);
        child.set("db.system", std::string(storage.system()));
        child.set("db.operation", std::string(operation));
        child.set("db.sql.table", std::string(table));
        try {
            return call();
        } catch (const StorageError& error) {
            child.setError(error.what());
            throw;
        }
    }

    std::string apiKey() const {
        const std::string key = request.get_header_value("api-key");
        if (key.empty())
            throw ApiError{401, "unauthorized", "api-key header: missing"};
        return key;
    }

    void requireAdmin() const {
        if (!sameKey(apiKey(), adminApiKey))
            throw ApiError{401, "unauthorized", "api-key header: not the admin key"};
    }

    Merchant requireMerchant() {
        const std::string hash = sha256(apiKey());
        auto merchant = db("SELECT", "merchants", [&] { return storage.merchantByApiKeyHash(hash); });
        if (!merchant)
            throw ApiError{401, "unauthorized", "api-key header: no merchant has this key"};
        span.set("merchant.id", merchant->id);
        return *merchant;
    }

    std::string pathId() const { return request.matches[1].str(); }

    ApiError merchantNotFound(const std::string& id) const {
        return {404, "not_found", "merchant \"" + id + "\" not found", "merchant_id"};
    }
};

json health(Call&) {
    return {{"status", "ok"}};
}

json createMerchant(Call& call) {
    call.requireAdmin();
    const json body = parseObject(call.request);
    const Fields fields(body, "");
    Merchant merchant;
    merchant.name = checkedName(fields, "merchant_name", fields.requiredString("merchant_name"));
    merchant.id = fields.string("merchant_id").value_or("merchant_" + randomHex(10));
    if (!matches(merchant.id, 1, 64, isIdChar))
        throw invalidValue("merchant_id", "must be 1 to 64 letters, digits, _ or -");
    merchant.createdAt = merchant.updatedAt = now();
    const std::string apiKey = "snd_" + secretHex(16);
    const bool created =
        call.db("INSERT", "merchants", [&] { return call.storage.insertMerchant(merchant, sha256(apiKey)); });
    if (!created)
        throw ApiError{409, "conflict", "merchant_id: \"" + merchant.id + "\" exists", "merchant_id"};
    json result = merchantJson(merchant);
    result["api_key"] = apiKey;
    return result;
}

json updateMerchant(Call& call) {
    call.requireAdmin();
    const std::string id = call.pathId();
    const json body = parseObject(call.request);
    const Fields fields(body, "");
    if (const auto bodyId = fields.string("merchant_id"); bodyId && *bodyId != id)
        throw invalidValue("merchant_id",
                           "\"" + *bodyId + "\" differs from the merchant in the path, \"" + id + "\"");
    const auto name = fields.string("merchant_name");
    std::optional<Merchant> merchant;
    if (name) {
        const std::string checked = checkedName(fields, "merchant_name", *name);
        merchant =
            call.db("UPDATE", "merchants", [&] { return call.storage.renameMerchant(id, checked, now()); });
    } else {
        merchant = call.db("SELECT", "merchants", [&] { return call.storage.merchant(id); });
    }
    if (!merchant)
        throw call.merchantNotFound(id);
    return merchantJson(*merchant);
}

json addConnector(Call& call) {
    call.requireAdmin();
    const std::string merchantId = call.pathId();
    const json body = parseObject(call.request);
    const Fields fields(body, "");
    ConnectorAccount connector;
    connector.name = fields.requiredString("connector_name");
    if (!matches(connector.name, 1, 64, isIdChar))
        throw invalidValue("connector_name", "must be 1 to 64 letters, digits, _ or -");
    connector.type = fields.string("connector_type").value_or("payment_processor");
    if (!matches(connector.type, 1, 64, isIdChar))
        throw invalidValue("connector_type", "must be 1 to 64 letters, digits, _ or -");
    if (!call.db("SELECT", "merchants", [&] { return call.storage.merchant(merchantId); }))
        throw call.merchantNotFound(merchantId);
    connector.id = "mca_" + randomHex(10);
    connector.merchantId = merchantId;
    connector.createdAt = now();
    call.db("INSERT", "merchant_connectors", [&] { call.storage.insertConnector(connector); });
    return {{"merchant_connector_id", connector.id},
            {"merchant_id", connector.merchantId},
            {"connector_name", connector.name},
            {"connector_type", connector.type},
            {"created_at", connector.createdAt}};
}

/// The card's last four digits once every card field is valid.
std::string validCardLast4(const Fields& payment) {
    if (const auto method = payment.string("payment_method"); method && *method != "card")
        throw invalidValue("payment_method", "only \"card\" is supported");
    const Fields card = payment.requiredObject("payment_method_data").requiredObject("card");
    const std::string number = card.requiredString("card_number");
    if (!matches(number, 12, 19, isDigit) || !luhn(number))
        throw invalidValue(card.path("card_number"), "must be 12 to 19 digits that pass the Luhn check");
    const std::string month = card.requiredString("card_exp_month");
    if (!matches(month, 1, 2, isDigit) || std::stoi(month) < 1 || std::stoi(month) > 12)
        throw invalidValue(card.path("card_exp_month"), "must be a month from 1 to 12");
    const std::string year = card.requiredString("card_exp_year");
    if (!matches(year, 2, 2, isDigit) && !matches(year, 4, 4, isDigit))
        throw invalidValue(card.path("card_exp_year"), "must be 2 or 4 digits");
    if (!matches(card.requiredString("card_cvc"), 3, 4, isDigit))
        throw invalidValue(card.path("card_cvc"), "must be 3 or 4 digits");
    card.string("card_holder_name"); // optional, but a string when given
    return number.substr(number.size() - 4);
}

json createPayment(Call& call) {
    const Merchant merchant = call.requireMerchant();
    const json body = parseObject(call.request);
    const Fields fields(body, "");
    Payment payment;
    payment.amount = fields.required("amount", fields.integer("amount"));
    if (payment.amount <= 0)
        throw invalidValue("amount", "must be greater than 0 (minor units)");
    payment.currency = fields.requiredString("currency");
    if (!matches(payment.currency, 3, 3, isUpper))
        throw invalidValue("currency", "must be an ISO 4217 code such as USD");
    const bool confirm = fields.boolean("confirm").value_or(false);
    payment.cardLast4 = validCardLast4(fields);

    std::optional<ConnectorAccount> connector;
    if (confirm) {
        connector = call.db("SELECT", "merchant_connectors",
                            [&] { return call.storage.firstConnector(merchant.id); });
        if (!connector)
            throw invalidValue("confirm", "merchant \"" + merchant.id +
                                              "\" has no connector account; add one with POST /account/" +
                                              merchant.id + "/connectors");
    }
    payment.id = "pay_" + randomHex(10);
    payment.merchantId = merchant.id;
    payment.status = confirm ? "processing" : "requires_confirmation";
    payment.createdAt = payment.updatedAt = now();
    call.db("INSERT", "payments", [&] { call.storage.insertPayment(payment); });
    call.span.set("payment.id", payment.id);
    if (!connector)
        return paymentJson(payment);

    Span connectorSpan = call.span.child("connector " + connector->name + " authorize", SpanKind::Client);
    const ConnectorSimulator::Outcome outcome = call.connector.authorize();
    connectorSpan.set("connector.name", connector->name);
    connectorSpan.set("connector.latency_ms", std::int64_t(outcome.latency.count()));
    if (!outcome.approved)
        connectorSpan.setError("connector failed");
    connectorSpan.end();

    payment.connector = connector->name;
    payment.status = outcome.approved ? "succeeded" : "failed";
    payment.errorCode = outcome.approved ? "" : "connector_error";
    payment.updatedAt = now();
    call.db("UPDATE", "payments", [&] { call.storage.updatePayment(payment); });
    if (!outcome.approved)
        throw ApiError{502,
                       "connector_error",
                       "connector \"" + connector->name + "\" failed payment \"" + payment.id + "\"",
                       "",
                       {{"payment_id", payment.id}, {"status", payment.status}}};
    return paymentJson(payment);
}

json getPayment(Call& call) {
    const Merchant merchant = call.requireMerchant();
    const std::string id = call.pathId();
    const auto payment = call.db("SELECT", "payments", [&] { return call.storage.payment(id, merchant.id); });
    if (!payment)
        throw ApiError{404, "not_found", "payment \"" + id + "\" not found", "payment_id"};
    return paymentJson(*payment);
}

void respond(httplib::Response& response, int status, const json& body) {
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

json errorJson(const ApiError& error) {
    json object{{"code", error.code}, {"message", error.message}};
    if (!error.field.empty())
        object["field"] = error.field;
    object.update(error.extra);
    return {{"error", std::move(object)}};
}

} // namespace

Api::Api(Storage& storage, const ConnectorSimulator& connector, SpanSink* spans, std::string adminApiKey,
         std::function<void(const std::string&)> log)
    : m_storage(storage)
    , m_connector(connector)
    , m_spans(spans)
    , m_adminApiKey(std::move(adminApiKey))
    , m_log(std::move(log)) {}

void Api::install(httplib::Server& server) {
    using Route = json (*)(Call&);
    // Wraps a route in its server span and turns every failure into its status and JSON error body.
    const auto serve = [this](const char* method, std::string route, Route handler) {
        return [this, method, route, handler](const httplib::Request& request, httplib::Response& response) {
            Span span(m_spans, std::string(method) + " " + route, SpanKind::Server,
                      parseTraceparent(request.get_header_value("traceparent")));
            span.set("http.method", std::string(method));
            span.set("http.route", route);
            span.set("http.target", request.target);
            Call call{request, span, m_storage, m_connector, m_adminApiKey};
            try {
                respond(response, 200, handler(call));
            } catch (const ApiError& error) {
                respond(response, error.status, errorJson(error));
            } catch (const std::exception& error) {
                m_log(std::string(method) + " " + request.path + ": " + error.what());
                span.setError(error.what());
                respond(response, 500,
                        errorJson(ApiError(500, "internal", "the router failed; see its log")));
            }
            span.set("http.status_code", std::int64_t(response.status));
            if (response.status == 502)
                span.setError("connector failed");
        };
    };
    server.Get("/health", serve("GET", "/health", health));
    server.Post("/accounts", serve("POST", "/accounts", createMerchant));
    server.Post(R"(/accounts/([^/]+))", serve("POST", "/accounts/{merchant_id}", updateMerchant));
    server.Post(R"(/account/([^/]+)/connectors)",
                serve("POST", "/account/{merchant_id}/connectors", addConnector));
    server.Post("/payments", serve("POST", "/payments", createPayment));
    server.Get(R"(/payments/([^/]+))", serve("GET", "/payments/{payment_id}", getPayment));

    // Answers httplib gives by itself (no route, a request it cannot read) get the same JSON error shape.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            const bool noRoute = response.status == 404;
            respond(response, response.status,
                    errorJson(ApiError(response.status, noRoute ? "not_found" : "bad_request",
                                       noRoute ? "no route for " + request.method + " " + request.path
                                               : "request rejected before routing (HTTP " +
                                                     std::to_string(response.status) + ")")));
            return httplib::Server::HandlerResponse::Handled;
        }));
}

} // namespace router
