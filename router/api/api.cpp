#include "api/api.h"

#include "api/call.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <thread>

namespace router {

using api::ApiError;
using api::Call;
using nlohmann::json;

namespace {

json health(Call&) {
    return {{"status", "ok"}};
}

void respond(httplib::Response& response, int status, const json& body) {
    response.status = status;
    // Replaced, not thrown on: a message may quote the client's invalid UTF-8.
    response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
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
         std::function<void(const std::string&)> log, std::chrono::milliseconds responseDelay)
    : m_storage(storage)
    , m_connector(connector)
    , m_spans(spans)
    , m_adminApiKey(std::move(adminApiKey))
    , m_log(std::move(log))
    , m_responseDelay(responseDelay) {}

void Api::install(httplib::Server& server) {
    using api::Route;
    // Wraps a route in its server span and turns every failure into its status and JSON error body.
    const auto serve = [this](const char* method, std::string route, Route handler) {
        return [this, method, route, handler](const httplib::Request& request, httplib::Response& response) {
            Span span(m_spans, std::string(method) + " " + route, SpanKind::Server,
                      loadbench::parseTraceparent(request.get_header_value("traceparent")));
            span.set("http.method", std::string(method));
            span.set("http.route", route);
            span.set("http.target", request.target);
            Call call{request, span, m_storage, m_connector, m_adminApiKey};
            if (m_responseDelay.count() > 0)
                std::this_thread::sleep_for(m_responseDelay);
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
    server.Post("/accounts", serve("POST", "/accounts", api::createMerchant));
    server.Post(R"(/accounts/([^/]+))", serve("POST", "/accounts/{merchant_id}", api::updateMerchant));
    server.Post(R"(/account/([^/]+)/connectors)",
                serve("POST", "/account/{merchant_id}/connectors", api::addConnector));
    server.Post("/payments", serve("POST", "/payments", api::createPayment));
    server.Get(R"(/payments/([^/]+))", serve("GET", "/payments/{payment_id}", api::getPayment));

    // Answers httplib gives by itself (no route, a request it cannot read) get the same JSON error shape.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            if (request.has_header(bodyTooLargeMark) || response.status == 413) {
                respond(response, 413,
                        errorJson(ApiError(413, "payload_too_large", "request body: larger than the limit")));
                return httplib::Server::HandlerResponse::Handled;
            }
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
