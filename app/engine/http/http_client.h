#pragma once

#include "common/duration.h"
#include "engine/options/engine_options.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadbench::engine {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// Whether a header's name is `name`, compared as HTTP compares them (ASCII letters in any case).
bool isHeader(std::string_view header, std::string_view name);
/// Whether `headers` has one named `name`.
bool hasHeader(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::string body;
    HttpHeaders headers;
    Duration timeout = std::chrono::seconds(60);
    bool discardBody = false; // responseType "none": the body is read but not kept
    bool ntlm = false;        // params.auth "ntlm": curl's NTLM handshake with the URL's credentials
};

/// k6's request phases, in milliseconds.
struct HttpTimings {
    double blocked = 0;        // ms: before the connection started (name lookup)
    double connecting = 0;     // ms: TCP connect; 0 on a reused connection
    double tlsHandshaking = 0; // ms: TLS handshake; 0 without TLS or on reuse
    double sending = 0;        // ms: writing the request
    double waiting = 0;        // ms: from the request written to the first response byte
    double receiving = 0;      // ms: from the first to the last response byte
    double duration = 0;       // ms: sending + waiting + receiving
};

struct HttpResponse {
    int status = 0;          // 0 when no response arrived
    std::string proto;       // HTTP/1.1, HTTP/2.0
    std::string url;         // the one requested: redirects are followed by the caller, one request each
    std::string redirectUrl; // the absolute URL of a 3xx's Location; empty without one
    HttpHeaders headers;
    std::string body;
    HttpTimings timings;
    std::int64_t startNs = 0;       // ns since the Unix epoch, UTC: when the request started
    std::int64_t bytesSent = 0;     // bytes: request headers and body
    std::int64_t bytesReceived = 0; // bytes: response headers and body
    std::string error;              // k6's error text; empty on success
    int errorCode = 0;         // k6's error code (1212 connection refused, 1050 timeout, …); 0 on success
    bool interrupted = false;  // stopped because the VU was interrupted
    std::string debugRequest;  // the request as sent, when debugging
    std::string debugResponse; // the response headers (and body with full debugging)
};

/// One VU's kept-alive connections, shared by the clients on its thread (http.request's and http.batch's) as
/// k6's one transport per VU shares them. Not thread-safe; it must outlive the clients given it.
class HttpConnections {
public:
    HttpConnections();
    ~HttpConnections();
    HttpConnections(const HttpConnections&) = delete;
    HttpConnections& operator=(const HttpConnections&) = delete;

private:
    friend class HttpClient;
    void* m_share; // CURLSH
};

/// One VU's HTTP client: one request and its response at a time, sending only the headers given (as Go's
/// client, which k6 uses, adds none of curl's own), and decoding the body whatever its Content-Encoding (as
/// k6 does). Not thread-safe: each VU has its own, so connections are kept alive per VU.
class HttpClient {
public:
    enum class Debug { Off, Headers, Full };

    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    void setDebug(Debug debug) { m_debug = debug; }
    /// From now on its connections are kept in `connections` (else in the client).
    void shareConnections(HttpConnections& connections);
    /// The test's TLS and host-mapping options, for every request from now on.
    void setTransport(const HttpOptions& options);
    /// Sends the request; `interrupt` turning true aborts it. Never throws for network errors: they come back
    /// in the response's error and errorCode, with status 0.
    HttpResponse send(const HttpRequest& request, const std::atomic<bool>* interrupt = nullptr);

private:
    friend class HttpParallel;
    /// send() in two halves, for HttpParallel's multi handle: start() readies the transfer of `request`
    /// (which must live until complete()) and returns its curl easy handle; complete() takes the transfer's
    /// result (a CURLcode).
    void* start(const HttpRequest& request, const std::atomic<bool>* interrupt);
    HttpResponse complete(int curlCode);

    struct Handle;
    std::unique_ptr<Handle> m_handle;
    Debug m_debug = Debug::Off;
};

} // namespace loadbench::engine
