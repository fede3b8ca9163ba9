#include "core/backends/http_probe.h"

#include <QUrl>
#include <cctype>
#include <cstring>
#include <curl/curl.h>
#include <memory>

namespace loadbench {

HttpProbe probeHttp(const std::string& url, std::chrono::milliseconds timeout) {
    const std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        return {0, "libcurl could not start"};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(
        curl.get(), CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t count, void*) {
            return size * count; // the body is not needed
        });
    const CURLcode result = curl_easy_perform(curl.get());
    HttpProbe probe;
    if (result == CURLE_OK) {
        curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &probe.status);
        return probe;
    }
    long osError = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_OS_ERRNO, &osError);
    if (result == CURLE_OPERATION_TIMEDOUT)
        probe.failure = "no answer within " + std::to_string(timeout.count() / 1000.0).substr(0, 4) + " s";
    else if (result == CURLE_COULDNT_CONNECT && osError != 0)
        probe.failure =
            std::strerror(static_cast<int>(osError)); // "Connection refused", the reason users know
    else
        probe.failure = curl_easy_strerror(result);
    if (!probe.failure.empty())
        probe.failure[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(probe.failure[0])));
    return probe;
}

std::optional<std::string> targetProblem(const std::string& url) {
    const HttpProbe probe = probeHttp(url, std::chrono::seconds(10));
    if (probe.status != 0)
        return std::nullopt;
    return "nothing answers at " + url + ": " + probe.failure + " (--no-preflight starts the run anyway)";
}

std::optional<std::string> influxdbProblem(const std::string& url) {
    QUrl ping(QString::fromStdString(url));
    ping.setPath("/ping"); // on the server, whatever database the path names
    ping.setQuery(QString());
    // A stack that is up answers at once; a short wait keeps a run from stalling on one that is not.
    const HttpProbe probe = probeHttp(ping.toString().toStdString(), std::chrono::seconds(2));
    if (probe.status == 204)
        return std::nullopt;
    if (probe.status == 0)
        return probe.failure;
    return "/ping answered " + std::to_string(probe.status) + ", not InfluxDB's 204";
}

} // namespace loadbench
