#include "engine/http/http_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <curl/curl.h>
#include <map>
#include <mutex>

namespace loadbench::engine {

namespace {

void initCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// State one transfer's callbacks write into.
struct Transfer {
    HttpResponse* response = nullptr;
    const std::atomic<bool>* interrupt = nullptr;
    HttpClient::Debug debug = HttpClient::Debug::Off;
    bool discardBody = false;
    std::chrono::steady_clock::time_point start;
    std::chrono::steady_clock::time_point lastSent;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    if (!transfer->discardBody)
        transfer->response->body.append(data, size * count);
    if (transfer->debug == HttpClient::Debug::Full)
        transfer->response->debugResponse.append(data, size * count);
    return size * count;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    // A new status line after an interim 1xx response starts the final headers: keep only those.
    if (line.starts_with("HTTP/")) {
        transfer->response->headers.clear();
        if (transfer->debug != HttpClient::Debug::Off)
            transfer->response->debugResponse.clear();
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
            value.remove_suffix(1);
        transfer->response->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    if (transfer->debug != HttpClient::Debug::Off)
        transfer->response->debugResponse.append(line);
    return size * count;
}

/// libcurl reports no moment at which the request was written; its debug callback sees the bytes go out,
/// which is what k6's http_req_sending measures.
int onDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    if (type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT) {
        transfer->lastSent = std::chrono::steady_clock::now();
        if (transfer->debug == HttpClient::Debug::Full ||
            (transfer->debug == HttpClient::Debug::Headers && type == CURLINFO_HEADER_OUT))
            transfer->response->debugRequest.append(data, size);
    }
    return 0;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* transfer = static_cast<Transfer*>(user);
    return transfer->interrupt && transfer->interrupt->load(std::memory_order_relaxed) ? 1 : 0;
}

/// k6's error codes and texts for the failures libcurl reports.
void describeError(CURLcode code, const char* detail, HttpResponse& response) {
    const std::string text = detail && *detail ? detail : curl_easy_strerror(code);
    switch (code) {
    case CURLE_COULDNT_CONNECT:
        response.errorCode = 1212;
        response.error = "dial: connection refused (" + text + ")";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        response.errorCode = 1050;
        response.error = "request timeout";
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        response.errorCode = 1101;
        response.error = "lookup: no such host (" + text + ")";
        break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        response.errorCode = 1020;
        response.error = "invalid URL (" + text + ")";
        break;
    case CURLE_RECV_ERROR:
        response.errorCode = 1220;
        response.error = "read: connection reset by peer (" + text + ")";
        break;
    case CURLE_SEND_ERROR:
        response.errorCode = 1201;
        response.error = "write: broken pipe (" + text + ")";
        break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
        response.errorCode = 1300;
        response.error = "tls: " + text;
        break;
    default:
        response.errorCode = 1000;
        response.error = text;
        break;
    }
}

double microsToMs(curl_off_t micros) {
    return static_cast<double>(micros) / 1000.0;
}

long curlTlsVersion(TlsVersion min, TlsVersion max) {
    static const std::map<TlsVersion, std::pair<long, long>> versions{
        {TlsVersion::Any, {CURL_SSLVERSION_DEFAULT, CURL_SSLVERSION_MAX_DEFAULT}},
        {TlsVersion::Tls10, {CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_MAX_TLSv1_0}},
        {TlsVersion::Tls11, {CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_MAX_TLSv1_1}},
        {TlsVersion::Tls12, {CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_2}},
        {TlsVersion::Tls13, {CURL_SSLVERSION_TLSv1_3, CURL_SSLVERSION_MAX_TLSv1_3}}};
    return versions.at(min).first | versions.at(max).second;
}

} // namespace

bool isHeader(std::string_view header, std::string_view name) {
    return header.size() == name.size() &&
           std::equal(name.begin(), name.end(), header.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

bool hasHeader(const HttpHeaders& headers, std::string_view name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& header) { return isHeader(header.first, name); });
}

struct HttpClient::Handle {
    CURL* curl = nullptr;
    char errorText[CURL_ERROR_SIZE] = {};
    bool insecureSkipTlsVerify = false;
    long tlsVersion = CURL_SSLVERSION_DEFAULT;
    curl_slist* connectTo = nullptr; // k6's `hosts`, as curl's HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT
    void* share = nullptr;           // CURLSH: the VU's HttpConnections
    // The transfer between start() and complete():
    const HttpRequest* request = nullptr;
    HttpResponse response;
    Transfer transfer;
    curl_slist* requestHeaders = nullptr;
};

HttpConnections::HttpConnections() {
    initCurl();
    m_share = curl_share_init();
    curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
}

HttpConnections::~HttpConnections() {
    curl_share_cleanup(m_share);
}

HttpClient::HttpClient()
    : m_handle(std::make_unique<Handle>()) {
    initCurl();
    m_handle->curl = curl_easy_init();
}

void HttpClient::shareConnections(HttpConnections& connections) {
    m_handle->share = connections.m_share;
}

HttpClient::~HttpClient() {
    curl_easy_cleanup(m_handle->curl);
    curl_slist_free_all(m_handle->connectTo);
    curl_slist_free_all(m_handle->requestHeaders);
}

void HttpClient::setTransport(const HttpOptions& options) {
    m_handle->insecureSkipTlsVerify = options.insecureSkipTlsVerify;
    m_handle->tlsVersion = curlTlsVersion(options.tlsMin, options.tlsMax);
    curl_slist_free_all(m_handle->connectTo);
    m_handle->connectTo = nullptr;
    for (const auto& [name, address] : options.hosts) {
        // `name` maps every port of the name, `name:port` one; an address without a port keeps the URL's.
        const bool namePort = name.find(':') != std::string::npos;
        const bool addressPort = address.find(':') != std::string::npos;
        const std::string entry =
            (namePort ? name : name + ":") + ":" + (addressPort ? address : address + ":");
        m_handle->connectTo = curl_slist_append(m_handle->connectTo, entry.c_str());
    }
}

HttpResponse HttpClient::send(const HttpRequest& request, const std::atomic<bool>* interrupt) {
    start(request, interrupt);
    return complete(curl_easy_perform(m_handle->curl));
}

void* HttpClient::start(const HttpRequest& request, const std::atomic<bool>* interrupt) {
    CURL* curl = m_handle->curl;
    m_handle->request = &request;
    m_handle->response = HttpResponse();
    HttpResponse& response = m_handle->response;
    m_handle->transfer = Transfer{&response, interrupt, m_debug, request.discardBody, {}, {}};
    Transfer& transfer = m_handle->transfer;
    curl_easy_reset(curl); // keeps the connection cache: connections stay alive across requests
    if (m_handle->share)
        curl_easy_setopt(curl, CURLOPT_SHARE, m_handle->share);
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_handle->errorText);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, onDebug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count() / 1000000));
    // Every encoding curl knows is decoded; the header it would send for them is removed below.
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, m_handle->tlsVersion);
    if (m_handle->insecureSkipTlsVerify) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (request.ntlm)
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_NTLM);
    if (m_handle->connectTo)
        curl_easy_setopt(curl, CURLOPT_CONNECT_TO, m_handle->connectTo);

    if (request.method == "HEAD")
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    else if (request.method != "GET" || !request.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
            request.method == "PATCH") {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        }
    }
    curl_slist*& headers = m_handle->requestHeaders;
    for (const auto& [name, value] : request.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    if (!request.body.empty())
        headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip, as in k6
    // Go's client, and so k6, sends none of these unless the script does (an empty value removes curl's).
    for (const char* curlDefault : {"Accept", "Accept-Encoding", "Content-Type"})
        if (!hasHeader(request.headers, curlDefault))
            headers = curl_slist_append(headers, (std::string(curlDefault) + ":").c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    response.startNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    m_handle->errorText[0] = '\0';
    transfer.start = std::chrono::steady_clock::now();
    transfer.lastSent = transfer.start;
    return curl;
}

HttpResponse HttpClient::complete(int code) {
    CURL* curl = m_handle->curl;
    const auto result = static_cast<CURLcode>(code);
    const HttpRequest& request = *m_handle->request;
    HttpResponse response = std::move(m_handle->response);
    const Transfer& transfer = m_handle->transfer;
    curl_slist_free_all(m_handle->requestHeaders);
    m_handle->requestHeaders = nullptr;

    curl_off_t lookup = 0, connect = 0, appConnect = 0, preTransfer = 0, startTransfer = 0, total = 0;
    curl_easy_getinfo(curl, CURLINFO_NAMELOOKUP_TIME_T, &lookup);
    curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect);
    curl_easy_getinfo(curl, CURLINFO_APPCONNECT_TIME_T, &appConnect);
    curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &preTransfer);
    curl_easy_getinfo(curl, CURLINFO_STARTTRANSFER_TIME_T, &startTransfer);
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &total);
    const curl_off_t sent = std::max<curl_off_t>(
        preTransfer,
        std::chrono::duration_cast<std::chrono::microseconds>(transfer.lastSent - transfer.start).count());
    HttpTimings& timings = response.timings;
    timings.blocked = microsToMs(lookup);
    timings.connecting = connect > lookup ? microsToMs(connect - lookup) : 0;
    timings.tlsHandshaking = appConnect > connect ? microsToMs(appConnect - connect) : 0;
    if (startTransfer > 0) {
        timings.sending = microsToMs(std::min(sent, startTransfer) - preTransfer);
        timings.waiting = microsToMs(startTransfer - std::min(sent, startTransfer));
        timings.receiving = microsToMs(total - startTransfer);
    } else if (total > preTransfer) {
        timings.sending = microsToMs(std::min(sent, total) - preTransfer);
        timings.waiting = microsToMs(total - std::min(sent, total));
    }
    timings.duration = timings.sending + timings.waiting + timings.receiving;

    response.url = request.url;
    char* redirectUrl = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirectUrl);
    if (redirectUrl)
        response.redirectUrl = redirectUrl;
    curl_off_t uploaded = 0, downloaded = 0;
    long requestSize = 0, headerSize = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &requestSize);
    curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    curl_easy_getinfo(curl, CURLINFO_HEADER_SIZE, &headerSize);
    curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
    response.bytesSent = requestSize + (request.body.empty() ? 0 : uploaded);
    response.bytesReceived = headerSize + downloaded;

    if (result == CURLE_OK) {
        long status = 0, version = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &version);
        response.status = static_cast<int>(status);
        response.proto = version == CURL_HTTP_VERSION_2_0   ? "HTTP/2.0"
                         : version == CURL_HTTP_VERSION_1_0 ? "HTTP/1.0"
                                                            : "HTTP/1.1";
    } else if (result == CURLE_ABORTED_BY_CALLBACK) {
        response.interrupted = true;
        response.error = "request interrupted";
        response.errorCode = 1000;
    } else {
        describeError(result, m_handle->errorText, response);
    }
    return response;
}

} // namespace loadbench::engine
