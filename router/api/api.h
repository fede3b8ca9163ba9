#pragma once

#include "connector/connector.h"
#include "storage/storage.h"
#include "tracing/span.h"

#include <chrono>
#include <functional>
#include <string>

namespace httplib {
class Server;
}

namespace router {

/// The payments API on an HTTP server: every route, its validation and its JSON errors
/// `{"error":{"code","message","field"}}`, and a server span per request (continuing an incoming
/// `traceparent`) with child spans for the database and the connector.
///
/// Status codes: 200 done; 400 malformed JSON (also invalid UTF-8 or a number out of range) or a field of the
/// wrong JSON type; 413 a body larger than the limit; 401 a missing or wrong
/// `api-key`; 404 an unknown id or route; 409 a merchant id that exists; 422 a missing field or a value out
/// of its domain; 502 the connector failed the payment; 500 the database failed.
class Api {
public:
    /// `spans` may be null (no export); `log` takes one line about a failure the client cannot fix; every
    /// route waits `responseDelay` before it answers.
    Api(Storage& storage, const ConnectorSimulator& connector, SpanSink* spans, std::string adminApiKey,
        std::function<void(const std::string&)> log,
        std::chrono::milliseconds responseDelay = std::chrono::milliseconds(0));

    void install(httplib::Server& server);

    /// The server marks a request with this header when its body ran past the body limit, which httplib
    /// reports as 400 for a chunked body; the answer is then 413.
    static constexpr const char* bodyTooLargeMark = "LOADBENCH-BODY-TOO-LARGE";

private:
    Storage& m_storage;
    const ConnectorSimulator& m_connector;
    SpanSink* m_spans;
    std::string m_adminApiKey;
    std::function<void(const std::string&)> m_log;
    std::chrono::milliseconds m_responseDelay;
};

} // namespace router
