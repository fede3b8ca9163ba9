// The payment routes: create (and confirm through the connector) and read (merchant key).
#include "api/call.h"
#include "random/random.h"

namespace router::api {

namespace {

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

} // namespace

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

} // namespace router::api
