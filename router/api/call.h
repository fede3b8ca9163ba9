#pragma once
// One request being served: what every route needs, and the helpers of the routes.

#include "api/validation.h"
#include "connector/connector.h"
#include "storage/storage.h"
#include "tracing/span.h"

#include <string>

namespace router::api {

/// Compares every byte, so that the time taken does not tell how much of a guess was right.
bool sameKey(const std::string& a, const std::string& b);
/// Now, UTC, ISO 8601 with milliseconds.
std::string now();
/// Lower-case hex SHA-256 of `text`.
std::string sha256(const std::string& text);

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

/// A route: its answer's JSON body, or an ApiError thrown.
using Route = json (*)(Call&);

json createMerchant(Call& call);
json updateMerchant(Call& call);
json addConnector(Call& call);
json createPayment(Call& call);
json getPayment(Call& call);

} // namespace router::api
