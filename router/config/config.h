#pragma once

#include "config/database_url.h"

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace router {

/// A bad config file, value or command-line option. what() is one line that names the file or environment
/// variable, the key and the reason.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0 picks a free port (the start-up line tells which)
    int workers = 64; // HTTP worker threads; a connection holds one only while its request is answered
    int backlog =
        4096; // connections the kernel queues before they are accepted (capped by net.core.somaxconn)
    int maxConnections = 10000;  // open connections, idle ones included; past it new ones are closed at once
    int headerTimeoutMs = 10000; // from a request's first byte (or the connection's start) to its last header
    int bodyTimeoutMs = 30000;   // to read a request's body once its headers are in
    int writeTimeoutMs = 10000;  // a response's write may stall this long before the connection is dropped
    int keepAliveTimeoutMs = 5000; // an idle keep-alive connection is closed after this long
    int maxHeaderBytes = 65536;    // a request line and headers larger than this: the connection is closed
    int maxBodyBytes =
        1 << 20; // a larger body answers 413 (a chunked body counted as sent, framing included)
    int responseDelayMs =
        0; // every route waits this long before it answers: the service's own work, simulated
};

struct ConnectorConfig {
    int latencyMs = 50;       // simulated connector round trip
    int jitterMs = 20;        // the latency varies uniformly by up to this much either way
    double failureRate = 0.0; // share of connector calls that fail, 0 to 1
    int failureAfterMs = 0;   // failures begin this long after the router started (ms); 0: from the start
};

struct TelemetryConfig {
    std::string otlpEndpoint; // OTLP/HTTP base URL (spans go to <endpoint>/v1/traces); empty: no export
    std::string serviceName = "loadbench-router";
};

struct Config {
    ServerConfig server;
    DatabaseUrl database = parseDatabaseUrl("sqlite://loadbench-router.db");
    std::string adminApiKey; // [secrets] admin_api_key, required
    ConnectorConfig connector;
    TelemetryConfig telemetry;
};

/// Environment variables by name, e.g. {"ROUTER__SERVER__PORT", "8080"}; only ROUTER__* ones are read.
using Environment = std::map<std::string, std::string>;

/// The process environment as an Environment.
Environment processEnvironment();

/// Reads the TOML file, then applies every `ROUTER__SECTION__KEY` variable of `environment` over it. Keys
/// not in the file keep their defaults, except `[secrets] admin_api_key`, which must be set somewhere.
/// Throws ConfigError naming the file or variable and the key on the first unreadable file, syntax error,
/// unknown section or key, wrongly typed or out-of-range value.
Config loadConfig(const std::filesystem::path& file, const Environment& environment);

} // namespace router
