#pragma once

#include <string>
#include <vector>

namespace loadbench::engine {

/// How an output that pushes to a server (influxdb, experimental-prometheus-rw) sends a request.
struct OutputPost {
    std::string url;
    std::string body;
    std::string userAgent;
    std::vector<std::string> headers; // `Name: value`
    long timeoutMs = 10000;
    std::string username; // Basic auth when either is set
    std::string password;
    std::string proxy;
    std::string clientCertificate; // PEM files; none when empty
    std::string clientCertificateKey;
    bool insecure = false; // no TLS verification
};

/// POSTs with libcurl; returns why it failed (`Couldn't connect to server`, `HTTP status 400: <reply…>`), or
/// empty when the server answered 2xx.
std::string postOutput(const OutputPost& post);

} // namespace loadbench::engine
