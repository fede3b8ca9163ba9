#include "engine/outputs/output_http.h"

#include <curl/curl.h>
#include <memory>

namespace loadbench::engine {

namespace {

size_t appendReply(char* data, size_t size, size_t count, void* reply) {
    static_cast<std::string*>(reply)->append(data, size * count);
    return size * count;
}

} // namespace

std::string postOutput(const OutputPost& post) {
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), curl_easy_cleanup);
    CURL* curl = handle.get();
    if (!curl)
        return "libcurl could not make a handle";
    curl_slist* headers = nullptr;
    for (const std::string& header : post.headers)
        headers = curl_slist_append(headers, header.c_str());
    const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headerList(headers,
                                                                                 curl_slist_free_all);
    std::string reply;
    curl_easy_setopt(curl, CURLOPT_URL, post.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, post.userAgent.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, post.timeoutMs);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendReply);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    if (!post.username.empty() || !post.password.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, post.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, post.password.c_str());
    }
    if (!post.proxy.empty())
        curl_easy_setopt(curl, CURLOPT_PROXY, post.proxy.c_str());
    if (!post.clientCertificate.empty()) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, post.clientCertificate.c_str());
        curl_easy_setopt(curl, CURLOPT_SSLKEY, post.clientCertificateKey.c_str());
    }
    if (post.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    const CURLcode result = curl_easy_perform(curl);
    if (result != CURLE_OK)
        return curl_easy_strerror(result);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300)
        return "HTTP status " + std::to_string(status) + (reply.empty() ? "" : ": " + reply.substr(0, 200));
    return {};
}

} // namespace loadbench::engine
