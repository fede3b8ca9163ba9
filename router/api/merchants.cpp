// The merchant routes: accounts and their connector accounts (admin key).
#include "api/call.h"
#include "random/random.h"

namespace router::api {

namespace {

json merchantJson(const Merchant& m) {
    return {{"merchant_id", m.id},
            {"merchant_name", m.name},
            {"created_at", m.createdAt},
            {"updated_at", m.updatedAt}};
}

} // namespace

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

} // namespace router::api
