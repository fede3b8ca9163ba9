// The router's POST /payments route (body parsing and every field check) on an arbitrary body, for a merchant
// that exists in a real SQLite database. An ApiError is the route's answer (400, 422, ...); any other
// exception would be a 500, and is a bug, as are crashes and sanitizer reports.
#include "api/call.h"
#include "fuzz_input_file.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace {

constexpr const char* merchantApiKey = "fuzz-merchant-key";

struct Router {
    loadbench::fuzz::FuzzInputFile databaseFile{"router.db"};
    router::Storage storage{router::parseDatabaseUrl("sqlite://" + databaseFile.write(nullptr, 0).string())};
    // No connector account is added, so a confirmed payment is refused before the (sleeping) simulator runs.
    router::ConnectorSimulator connector{std::chrono::milliseconds(0), std::chrono::milliseconds(0), 0.0};
    std::string adminApiKey = "fuzz-admin-key";

    Router() {
        storage.insertMerchant(
            {"merchant_fuzz", "Fuzz", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"},
            router::api::sha256(merchantApiKey));
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Router router;
    httplib::Request request;
    request.method = "POST";
    request.path = "/payments";
    request.headers.emplace("api-key", merchantApiKey);
    request.body.assign(reinterpret_cast<const char*>(data), size);
    router::Span span(nullptr, "POST /payments", router::SpanKind::Server, std::nullopt);
    router::api::Call call{request, span, router.storage, router.connector, router.adminApiKey};
    try {
        router::api::createPayment(call);
    } catch (const router::api::ApiError&) {
    }
    return 0;
}
