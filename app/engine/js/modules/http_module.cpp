#include "engine/js/modules/http_module.h"

#include "common/duration.h"
#include "engine/http/digest_auth.h"
#include "engine/http/url_values.h"

#include <QDateTime>
#include <QJSValueIterator>
#include <QNetworkCookie>
#include <QRandomGenerator>
#include <QUrl>
#include <algorithm>
#include <cmath>
#include <deque>
#include <exception>
#include <set>

namespace loadbench::engine {

namespace {

/// `headers` as http.js's headerObject() reads them, in one string (each string that crosses into the engine
/// costs an allocation): each name, in Go's canonical form, which k6 shows scripts (`content-type` becomes
/// `Content-Type`; header names are ASCII tokens), and each value ended by a newline.
QString headerLines(const HttpHeaders& headers) {
    std::size_t size = 0;
    for (const auto& [name, value] : headers)
        size += name.size() + value.size() + 2;
    std::string lines;
    lines.reserve(size);
    for (const auto& [name, value] : headers) {
        bool upper = true;
        for (const char c : name) { // ASCII only, whatever the locale
            const bool lowerLetter = c >= 'a' && c <= 'z', upperLetter = c >= 'A' && c <= 'Z';
            lines += upper && lowerLetter    ? static_cast<char>(c - 'a' + 'A')
                     : !upper && upperLetter ? static_cast<char>(c - 'A' + 'a')
                                             : c;
            upper = c == '-';
        }
        lines += '\n';
        lines += value;
        lines += '\n';
    }
    return QString::fromUtf8(lines.data(), static_cast<qsizetype>(lines.size()));
}

void removeHeader(HttpHeaders& headers, const char* name) {
    std::erase_if(headers, [&](const auto& header) { return isHeader(header.first, name); });
}

/// The URL as k6 tags it: credentials masked (`http://****:****@host/`).
std::string cleanUrl(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos || url.find('/', scheme + 3) < at)
        return url;
    const auto colon = url.find(':', scheme + 3);
    return url.substr(0, scheme + 3) + (colon < at ? "****:****" : "****") + url.substr(at);
}

/// The status codes Go's client follows, and the method it follows with (a 301–303 turns all but HEAD into
/// a GET without its body; 307 and 308 keep both).
bool followedRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/// Go sends the Authorization header on to the first request's host and its subdomains only.
bool sameOrSubdomain(const QUrl& target, const QUrl& first) {
    const QString to = target.host().toLower(), from = first.host().toLower();
    return to == from || to.endsWith("." + from);
}

/// Go's mime/multipart escaping of quoted header parameters (a file's name, a field's name).
QByteArray quoteEscaped(QByteArray text) {
    return text.replace('\\', "\\\\").replace('"', "\\\"");
}

/// A boundary as Go's multipart.Writer makes one: 30 random bytes in hex.
QByteArray randomBoundary() {
    QByteArray bytes(30, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toHex();
}

std::vector<std::pair<QByteArray, QJSValue>> ownProperties(const QJSValue& object) {
    std::vector<std::pair<QByteArray, QJSValue>> properties;
    for (QJSValueIterator it(object); it.hasNext();) {
        it.next();
        properties.emplace_back(it.name().toUtf8(), it.value());
    }
    return properties;
}

} // namespace

struct HttpModule::PreparedRequest {
    HttpRequest http;
    std::map<std::string, std::string> userTags;
    bool binaryResponse = false;
    std::string traceId; // of the traceparent the request carries; empty without one
    std::map<std::string, std::pair<std::string, bool>> cookies; // params.cookies: name → value, replace
    int jar = 0;         // the cookie jar's number (HttpModule::m_jars)
    bool digest = false; // params.auth "digest"
    int maxRedirects = 10;
    bool redirectsSet = false; // by params.redirects or options.maxRedirects; else k6 warns when it stops
    bool ownCallback = false;  // params.responseCallback given: `callback` replaces the module's
    ExpectedStatuses callback; // params.responseCallback
};

struct HttpModule::AsyncFlight {
    std::uint64_t id = 0; // of its settle function in m_settles
    PreparedRequest prepared;
    Flight flight;
};

HttpModule::HttpModule(VuContext& vu)
    : m_vu(vu) {
    m_client.setDebug(vu.state.httpDebug);
    m_jars.emplace_back(); // the VU's, made when first needed: most scripts keep no cookies
}

bool HttpModule::isFileData(const QJSValue& value) const {
    return value.isObject() && value.prototype().strictlyEquals(m_fileDataPrototype);
}

QByteArray HttpModule::formValue(const QJSValue& value) {
    if (value.isNull() || value.isUndefined())
        return {};
    if (value.isObject() && !value.isCallable()) {
        // k6 names Go's types of what sobek exports: an array or any other object.
        m_vu.state.log(
            "warn",
            std::string("cannot urlencode a nested ") +
                (value.isArray() ? "[]interface {}" : "map[string]interface {}") +
                " value in a request form body; encoding it as an empty value, use JSON.stringify() "
                "to send structured data",
            "");
        return {};
    }
    return value.toString().toUtf8();
}

UrlValues HttpModule::formValues(const std::vector<std::pair<QByteArray, QJSValue>>& fields) {
    UrlValues values;
    for (const auto& [name, value] : fields) {
        std::vector<std::string>& slot = values[name.toStdString()];
        if (value.isArray()) { // each element under the name
            const int length = value.property("length").toInt();
            for (int i = 0; i < length; ++i)
                slot.push_back(formValue(value.property(static_cast<quint32>(i))).toStdString());
        } else {
            slot = {formValue(value).toStdString()};
        }
    }
    return values;
}

QString HttpModule::formEncoded(const QJSValue& object) {
    return QString::fromStdString(encodeUrlValues(formValues(ownProperties(object))));
}

QString HttpModule::resolveUrl(const QString& base, const QString& reference) const {
    return QUrl(base).resolved(QUrl(reference)).toString(QUrl::FullyEncoded);
}

QString HttpModule::withQuery(const QString& url, const QString& query) const {
    QUrl withQuery(url);
    withQuery.setQuery(query, QUrl::StrictMode);
    return withQuery.toString(QUrl::FullyEncoded);
}

QJSValue HttpModule::load(const Loader& loader) {
    try {
        return loader();
    } catch (const std::exception& error) {
        m_vu.engine.throwError(QString::fromUtf8(error.what()));
        return {};
    }
}

bool HttpModule::encodeBody(const QJSValue& body, HttpRequest& http) {
    if (body.isNull() || body.isUndefined())
        return true;
    if (body.isString()) {
        http.body = body.toString().toStdString();
        return true;
    }
    if (!body.isObject() || body.isArray() || body.toVariant().typeId() == QMetaType::QByteArray) {
        http.body = m_vu.engine.fromScriptValue<QByteArray>(body).toStdString();
        return true;
    }
    const std::vector<std::pair<QByteArray, QJSValue>> fields = ownProperties(body);
    const bool hasFile = std::any_of(fields.begin(), fields.end(),
                                     [&](const auto& field) { return isFileData(field.second); });
    if (!hasFile) {
        http.body = encodeUrlValues(formValues(fields));
        http.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        return true;
    }
    // As Go's multipart.Writer writes k6's parts, in the object's order (k6's own order is Go's random map
    // order): headers sorted, CRLF line ends.
    const QByteArray boundary = randomBoundary();
    QByteArray multipart;
    for (const auto& [name, value] : fields) {
        multipart += (multipart.isEmpty() ? "--" : "\r\n--") + boundary + "\r\n";
        if (isFileData(value)) {
            const QJSValue data = value.property("data");
            multipart += "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" +
                         quoteEscaped(value.property("filename").toString().toUtf8()) + "\"\r\n";
            multipart += "Content-Type: " + value.property("content_type").toString().toUtf8() + "\r\n\r\n";
            multipart +=
                data.isString() ? data.toString().toUtf8() : m_vu.engine.fromScriptValue<QByteArray>(data);
        } else {
            multipart += "Content-Disposition: form-data; name=\"" + quoteEscaped(name) + "\"\r\n\r\n";
            multipart += formValue(value);
        }
    }
    multipart += "\r\n--" + boundary + "--\r\n";
    http.body = multipart.toStdString();
    http.headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary.toStdString());
    return true;
}

bool HttpModule::applyResponseType(const QString& type, PreparedRequest& prepared) {
    if (type != "text" && type != "binary" && type != "none") {
        m_vu.engine.throwError(type + " does not belong to ResponseType values"); // k6's words
        return false;
    }
    prepared.http.discardBody = type == "none";
    prepared.binaryResponse = type == "binary";
    return true;
}

HttpModule::PreparedRequest HttpModule::prepare(const QString& method, const QString& url,
                                                const QJSValue& body, const QJSValue& params) {
    PreparedRequest prepared;
    HttpRequest& http = prepared.http;
    http.discardBody = m_vu.state.discardResponseBodies;
    http.method = method.toStdString();
    http.url = url.toStdString();
    if (!encodeBody(body, http))
        return prepared;
    if (params.isObject()) {
        for (const auto& [name, value] : stringMap(params.property("headers")))
            http.headers.emplace_back(name, value);
        prepared.userTags = stringMap(params.property("tags"));
        const QJSValue timeout = params.property("timeout");
        if (timeout.isNumber())
            http.timeout = Duration(std::llround(timeout.toNumber() * 1e6));
        else if (timeout.isString())
            if (const auto parsed = parseDuration(timeout.toString().toStdString()))
                http.timeout = *parsed;
        const QJSValue responseType = params.property("responseType");
        if (!responseType.isUndefined() && !applyResponseType(responseType.toString(), prepared))
            return prepared;
        const QJSValue responseCallback = params.property("responseCallback");
        if (!responseCallback.isUndefined()) {
            prepared.ownCallback = true;
            if (!readExpectedStatuses(responseCallback, prepared.callback))
                return prepared;
        }
    }
    applyWireParams(prepared, params);
    if (m_vu.state.traceContext) {
        const auto own = std::find_if(http.headers.begin(), http.headers.end(), [](const auto& header) {
            return isHeader(header.first, "traceparent");
        });
        if (own != http.headers.end()) {
            prepared.traceId = traceIdOfTraceparent(own->second); // the script's own trace goes on
        } else {
            TraceContextGenerator::Context context = m_traces.next();
            http.headers.emplace_back("traceparent", std::move(context.traceparent));
            prepared.traceId = std::move(context.traceId);
        }
    }
    return prepared;
}

void HttpModule::applyWireParams(PreparedRequest& prepared, const QJSValue& params) {
    HttpRequest& http = prepared.http;
    const HttpOptions& options = m_vu.state.http;
    prepared.maxRedirects = options.maxRedirects;
    prepared.redirectsSet = options.maxRedirectsSet;
    if (!params.isObject()) {
        if (!options.userAgent.empty())
            http.headers.emplace_back("User-Agent", options.userAgent);
        return;
    }
    // k6 sets options.userAgent, then the script's headers over it; an empty one sends none (as Go's).
    const auto userAgent = std::find_if(http.headers.begin(), http.headers.end(), [](const auto& header) {
        return isHeader(header.first, "User-Agent");
    });
    if (userAgent == http.headers.end() && !options.userAgent.empty())
        http.headers.emplace_back("User-Agent", options.userAgent);
    else if (userAgent != http.headers.end() && userAgent->second.empty())
        http.headers.erase(userAgent);
    // The keys the script gave, once: a property looked up by name from C++ costs an allocation, and most
    // params have only headers or tags.
    QJSValueIterator param(params);
    while (param.hasNext()) {
        param.next();
        const QString key = param.name();
        if (key == QLatin1String("redirects") && !param.value().isNull() && !param.value().isUndefined()) {
            prepared.maxRedirects = std::max(0, param.value().toInt());
            prepared.redirectsSet = true;
        } else if (key == QLatin1String("cookies") && param.value().isObject()) {
            QJSValueIterator it(param.value());
            while (it.hasNext()) {
                it.next();
                const QJSValue cookie = it.value();
                if (cookie.isNull() || cookie.isUndefined())
                    continue;
                if (cookie.isObject() && !cookie.isArray())
                    prepared.cookies[it.name().toStdString()] = {
                        cookie.hasProperty("value") ? cookie.property("value").toString().toStdString() : "",
                        cookie.property("replace").toBool()};
                else
                    prepared.cookies[it.name().toStdString()] = {cookie.toString().toStdString(), false};
            }
        } else if (key == QLatin1String("jar") && param.value().property("_jarId").isNumber()) {
            prepared.jar = param.value().property("_jarId").toInt();
        } else if (key == QLatin1String("auth")) {
            prepared.digest = param.value().toString() == QLatin1String("digest");
            http.ntlm = param.value().toString() == QLatin1String("ntlm");
        }
    }
}

HttpModule::Flight HttpModule::depart(const PreparedRequest& prepared) {
    Flight flight;
    flight.prepared = &prepared;
    flight.hop = prepared.http;
    for (const auto& header : flight.hop.headers)
        if (isHeader(header.first, "Cookie"))
            flight.scriptCookie.push_back(header);
    flight.jar = cookieJar(prepared.jar, false);
    readyHop(flight);
    return flight;
}

void HttpModule::readyHop(Flight& flight) {
    const PreparedRequest& prepared = *flight.prepared;
    HttpRequest& hop = flight.hop;
    // As k6: params.cookies first, then the jar's for this URL but those params.cookies replace.
    removeHeader(hop.headers, "Cookie");
    std::string cookieHeader;
    for (const auto& header : flight.scriptCookie)
        cookieHeader += (cookieHeader.empty() ? "" : "; ") + header.second;
    std::set<std::string> replaced;
    for (const auto& [name, cookie] : prepared.cookies) {
        cookieHeader += (cookieHeader.empty() ? "" : "; ") + name + "=" + cookie.first;
        if (cookie.second)
            replaced.insert(name);
    }
    if (flight.jar && !flight.jar->empty())
        for (const auto& [name, value] :
             flight.jar->cookiesFor(QUrl(QString::fromStdString(hop.url)), replaced))
            cookieHeader += (cookieHeader.empty() ? "" : "; ") + name + "=" + value;
    if (!cookieHeader.empty())
        hop.headers.emplace_back("Cookie", cookieHeader);
    if (prepared.digest) {
        // k6 takes the credentials out of the URL, sends without them, and answers a 401's challenge.
        QUrl url(QString::fromStdString(hop.url));
        flight.user = url.userName().toStdString();
        flight.password = url.password().toStdString();
        url.setUserInfo({});
        hop.url = url.toString(QUrl::FullyEncoded).toStdString();
        removeHeader(hop.headers, "Authorization");
        flight.challengeDue = true;
    }
}

bool HttpModule::land(Flight& flight, HttpResponse response) {
    const PreparedRequest& prepared = *flight.prepared;
    HttpRequest& hop = flight.hop;
    if (flight.challengeDue) {
        flight.challengeDue = false;
        const auto challenge =
            std::find_if(response.headers.begin(), response.headers.end(),
                         [](const auto& h) { return isHeader(h.first, "WWW-Authenticate"); });
        if (response.status == 401 && challenge != response.headers.end()) {
            const QUrl url(QString::fromStdString(hop.url));
            std::string uri = url.path(QUrl::FullyEncoded).toStdString();
            if (url.hasQuery())
                uri += "?" + url.query(QUrl::FullyEncoded).toStdString();
            // None for a challenge of another scheme, or one this cannot answer: the 401 stands.
            if (const auto authorization =
                    digestAuthorization(challenge->second, hop.method, uri, flight.user, flight.password)) {
                recordRoundTrip(prepared, hop, response, true); // k6 expects the challenge's 401
                hop.headers.emplace_back("Authorization", *authorization);
                return true;
            }
        }
    }
    if (prepared.digest)
        removeHeader(hop.headers, "Authorization");
    if (response.errorCode == 0 && response.status >= 400)
        response.errorCode = 1000 + response.status; // k6's code for an HTTP error status
    recordRoundTrip(prepared, hop, response);
    flight.response = std::move(response);
    const HttpResponse& last = flight.response;
    if (last.interrupted || last.status == 0)
        return false;
    if (!flight.jar && prepared.jar == 0 && hasHeader(last.headers, "Set-Cookie"))
        flight.jar = cookieJar(0);
    if (flight.jar)
        flight.jar->store(hop.url, last.headers);
    if (!followedRedirect(last.status) || last.redirectUrl.empty())
        return false;
    if (flight.redirects >= prepared.maxRedirects) {
        if (!prepared.redirectsSet)
            m_vu.state.log("warning",
                           "Stopped after " + std::to_string(flight.redirects + 1) +
                               " redirects and returned the redirection; pass { redirects: n } in request "
                               "params or set global maxRedirects to silence this",
                           "");
        return false;
    }
    ++flight.redirects;
    const QUrl target(QString::fromStdString(last.redirectUrl));
    if (last.status <= 303 && hop.method != "GET" && hop.method != "HEAD")
        hop.method = "GET";
    if (last.status <= 303)
        hop.body.clear();
    if (!sameOrSubdomain(target, QUrl(QString::fromStdString(prepared.http.url)))) {
        removeHeader(hop.headers, "Authorization");
        removeHeader(hop.headers, "WWW-Authenticate");
        flight.scriptCookie.clear();
    }
    hop.url = last.redirectUrl;
    readyHop(flight);
    return true;
}

HttpResponse HttpModule::perform(const PreparedRequest& prepared) {
    if (!m_transportSet) {
        m_client.setTransport(m_vu.state.http);
        m_transportSet = true;
    }
    Flight flight = depart(prepared);
    while (land(flight, m_client.send(flight.hop, &m_vu.interrupted))) {
    }
    return std::move(flight.response);
}

void HttpModule::recordRoundTrip(const PreparedRequest& prepared, const HttpRequest& hop,
                                 const HttpResponse& response, std::optional<bool> expectedOverride) {
    // k6's http-debug logs every round trip, as its samples count them.
    if (m_vu.state.httpDebug != HttpClient::Debug::Off) {
        m_vu.state.log("info", "Request:\n" + response.debugRequest, "http-debug");
        m_vu.state.log("info", "Response:\n" + response.debugResponse, "http-debug");
    }
    if (response.interrupted)
        return;
    // Without a response callback (setResponseCallback(null)) k6 records no expected_response tag and no
    // http_req_failed sample.
    const ExpectedStatuses& statuses = prepared.ownCallback ? prepared.callback : m_expectedStatuses;
    const bool expected =
        statuses &&
        expectedOverride.value_or(std::any_of(statuses->begin(), statuses->end(), [&](const auto& range) {
            return response.status >= range.first && response.status <= range.second;
        }));
    // A `name` tag of the script's names the URL too, as in k6 (so that URLs do not explode the series).
    const auto name = prepared.userTags.find("name");
    const std::string url = name != prepared.userTags.end() ? name->second : cleanUrl(hop.url);
    const std::string status = std::to_string(response.status);
    std::vector<std::pair<std::string_view, std::string_view>> tags{
        {"method", hop.method}, {"url", url}, {"name", url}, {"status", status}};
    if (!response.proto.empty())
        tags.emplace_back("proto", response.proto);
    if (statuses)
        tags.emplace_back("expected_response", expected ? "true" : "false");
    if (!response.error.empty())
        tags.emplace_back("error", response.error);
    const std::string errorCode = std::to_string(response.errorCode);
    if (response.errorCode != 0)
        tags.emplace_back("error_code", errorCode);
    for (const auto& [key, value] : prepared.userTags)
        if (key != "name")
            tags.emplace_back(key, value);
    const auto context = m_vu.sampleContext(m_vu.baseTagsWith(tags), prepared.traceId);
    const HttpTimings& t = response.timings;
    const std::int64_t end =
        response.startNs + static_cast<std::int64_t>(t.blocked * 1e6 + t.connecting * 1e6 +
                                                     t.tlsHandshaking * 1e6 + t.duration * 1e6);
    const MetricRegistry& m = m_vu.state.metrics;
    m_vu.record(m.httpReqs, end, 1, context);
    m_vu.record(m.httpReqDuration, end, t.duration, context);
    m_vu.record(m.httpReqBlocked, end, t.blocked, context);
    m_vu.record(m.httpReqConnecting, end, t.connecting, context);
    m_vu.record(m.httpReqTlsHandshaking, end, t.tlsHandshaking, context);
    m_vu.record(m.httpReqSending, end, t.sending, context);
    m_vu.record(m.httpReqWaiting, end, t.waiting, context);
    m_vu.record(m.httpReqReceiving, end, t.receiving, context);
    if (statuses)
        m_vu.record(m.httpReqFailed, end, expected ? 0 : 1, context);
    m_vu.record(m.dataSent, end, static_cast<double>(response.bytesSent), context);
    m_vu.record(m.dataReceived, end, static_cast<double>(response.bytesReceived), context);
    // Handed over in batches: the collector sees them within a few iterations.
    if (m_vu.pending.size() >= 256)
        m_vu.flush();
}

QJSValue HttpModule::finish(const PreparedRequest& prepared, const HttpResponse& response, bool reuse) {
    const HttpRequest& http = prepared.http;

    // One flat array in the order http.js's Response reads it: a property set by name from C++ allocates its
    // name as a new string each time, which cost a fifth of the engine's time per request. Setting an index
    // the array lacks looks for a setter along its prototypes, which cost as much again: a response that
    // http.js reads at once fills the VU's one array, whose indexes all exist.
    if (reuse && m_fields.isUndefined()) {
        m_fields = m_vu.engine.newArray(responseFieldCount);
        for (quint32 i = 0; i < responseFieldCount; ++i)
            m_fields.setProperty(i, QJSValue(QJSValue::NullValue));
    }
    QJSValue fields = reuse ? m_fields : m_vu.engine.newArray(responseFieldCount);
    quint32 index = 0;
    const auto put = [&](const QJSValue& value) { fields.setProperty(index++, value); };
    put(response.status);
    put(QString::fromStdString(response.proto));
    put(QString::fromStdString(response.url));
    if (http.discardBody)
        put(QJSValue(QJSValue::NullValue));
    else if (prepared.binaryResponse)
        put(m_vu.engine.toScriptValue(QByteArray::fromStdString(response.body)));
    else
        put(QString::fromUtf8(response.body.data(), static_cast<qsizetype>(response.body.size())));
    put(headerLines(response.headers));
    const HttpTimings& t = response.timings;
    for (const double timing :
         {t.blocked, t.connecting, t.tlsHandshaking, t.sending, t.waiting, t.receiving, t.duration})
        put(timing);
    put(QString::fromStdString(response.error));
    put(response.errorCode);
    put(QString::fromStdString(http.method));
    put(QString::fromStdString(http.url));
    put(QString::fromStdString(http.body));
    put(headerLines(http.headers));
    // res.cookies: [name, value, domain, path, http_only, secure, max_age, expires] each; null for none.
    const std::vector<ResponseCookie> cookies = responseCookies(response.headers);
    if (cookies.empty()) {
        put(QJSValue(QJSValue::NullValue));
    } else {
        QJSValue list = m_vu.engine.newArray(static_cast<uint>(cookies.size()));
        for (quint32 i = 0; i < cookies.size(); ++i) {
            const ResponseCookie& c = cookies[i];
            QJSValue cookie = m_vu.engine.newArray(8);
            quint32 at = 0;
            for (const std::string* text : {&c.name, &c.value, &c.domain, &c.path})
                cookie.setProperty(at++, QString::fromStdString(*text));
            cookie.setProperty(at++, c.httpOnly);
            cookie.setProperty(at++, c.secure);
            cookie.setProperty(at++, c.maxAge);
            cookie.setProperty(at++, static_cast<double>(c.expires));
            list.setProperty(i, cookie);
        }
        put(list);
    }
    return fields;
}

QJSValue HttpModule::request(const QString& method, const QString& url, const QJSValue& body,
                             const QJSValue& params) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("making HTTP requests in the init context is not supported"));
        return {};
    }
    const PreparedRequest prepared = prepare(method, url, body, params);
    if (m_vu.engine.hasError())
        return {};
    const HttpResponse response = perform(prepared);
    return finish(prepared, response, true);
}

void HttpModule::asyncRequest(const QString& method, const QString& url, const QJSValue& body,
                              const QJSValue& params, const QJSValue& settle) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("making HTTP requests in the init context is not supported"));
        return;
    }
    auto async = std::make_shared<AsyncFlight>();
    async->prepared = prepare(method, url, body, params);
    if (m_vu.engine.hasError())
        return;
    async->flight = depart(async->prepared);
    if (!m_workers)
        m_workers = std::make_unique<HttpWorkers>(m_vu.state.httpDebug, m_vu.state.http);
    async->id = ++m_lastAsync;
    m_settles.emplace(async->id, settle);
    sendAsync(std::move(async));
}

void HttpModule::sendAsync(std::shared_ptr<AsyncFlight> async) {
    const HttpRequest& hop = async->flight.hop;
    m_workers->send(hop, &m_vu.interrupted,
                    [this, async, callback = m_vu.loop.registerCallback()](HttpResponse response) {
                        callback->enqueue([this, async, response = std::move(response)]() mutable {
                            // The hop's landing, and so the jar and the samples, on the VU's thread.
                            if (land(async->flight, std::move(response))) {
                                sendAsync(async);
                                return QJSValue();
                            }
                            const QJSValue settle = m_settles.at(async->id);
                            m_settles.erase(async->id);
                            const QJSValue outcome =
                                settle.call({finish(async->prepared, async->flight.response)});
                            return outcome.isError() ? outcome : QJSValue();
                        });
                    });
}

QJSValue HttpModule::batch(const QJSValue& requests) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("Using batch in the init context is not supported")); // k6's
        return {};
    }
    const auto count = static_cast<std::size_t>(requests.property("length").toUInt());
    std::vector<PreparedRequest> prepared;
    prepared.reserve(count);
    for (quint32 i = 0; i < count; ++i) {
        const QJSValue entry = requests.property(i);
        prepared.push_back(prepare(entry.property("method").toString(), entry.property("url").toString(),
                                   entry.property("body"), entry.property("params")));
        if (m_vu.engine.hasError())
            return {};
    }
    std::vector<Flight> flights;
    flights.reserve(count);
    std::vector<QString> hosts; // Go's URL.Host, which k6 limits batchPerHost by
    hosts.reserve(count);
    for (const PreparedRequest& request : prepared) {
        flights.push_back(depart(request));
        const QUrl url(QString::fromStdString(request.http.url));
        hosts.push_back(url.port() < 0 ? url.host() : url.host() + ':' + QString::number(url.port()));
    }
    if (!m_parallel) {
        m_connections = std::make_unique<HttpConnections>();
        m_client.shareConnections(*m_connections);
        m_parallel = std::make_unique<HttpParallel>(m_vu.state.httpDebug, m_vu.state.http, *m_connections);
    }

    // As k6's MakeBatchRequests: `batch` workers take the requests in order, each of them then waiting for a
    // slot of its request's host (batchPerHost, 0 for no limit) and keeping it through the redirects.
    const std::size_t workers = static_cast<std::size_t>(m_vu.state.http.batch);
    const int perHost = m_vu.state.http.batchPerHost;
    std::map<QString, std::deque<std::size_t>> waiting; // taken by a worker, by host
    std::map<QString, int> sending;                     // by host
    std::size_t taken = 0, busyWorkers = 0;
    const auto dispatch = [&] {
        for (; busyWorkers < workers && taken < count && !m_vu.interrupted.load(); ++taken, ++busyWorkers)
            waiting[hosts[taken]].push_back(taken);
        for (auto& [host, queue] : waiting)
            for (; !queue.empty() && (perHost == 0 || sending[host] < perHost); queue.pop_front()) {
                ++sending[host];
                m_parallel->start(queue.front(), flights[queue.front()].hop, &m_vu.interrupted);
            }
    };
    dispatch();
    for (auto done = m_parallel->wait(); !done.empty(); done = m_parallel->wait()) {
        for (auto& [index, response] : done) {
            if (land(flights[index], std::move(response))) {
                m_parallel->start(index, flights[index].hop, &m_vu.interrupted);
                continue;
            }
            --sending[hosts[index]];
            --busyWorkers;
        }
        dispatch();
    }
    QJSValue responses = m_vu.engine.newArray(static_cast<uint>(count));
    for (quint32 i = 0; i < count; ++i)
        responses.setProperty(i, finish(prepared[i], flights[i].response));
    return responses;
}

bool HttpModule::readExpectedStatuses(const QJSValue& callback, ExpectedStatuses& statuses) {
    if (callback.isNull()) {
        statuses.reset();
        return true;
    }
    const QJSValue ranges = callback.property("expectedStatusRanges");
    if (!ranges.isArray()) {
        m_vu.engine.throwError(QStringLiteral("unsupported argument, expected http.expectedStatuses"));
        return false;
    }
    statuses.emplace();
    const int count = ranges.property("length").toInt();
    for (int i = 0; i < count; ++i) {
        const QJSValue range = ranges.property(static_cast<quint32>(i));
        statuses->emplace_back(range.property("min").toInt(), range.property("max").toInt());
    }
    return true;
}

void HttpModule::setExpectedStatuses(const QJSValue& callback) {
    ExpectedStatuses statuses;
    if (readExpectedStatuses(callback, statuses))
        m_expectedStatuses = std::move(statuses);
}

CookieJar* HttpModule::cookieJar(int jar, bool create) {
    if (jar < 0 || static_cast<std::size_t>(jar) >= m_jars.size()) {
        m_vu.engine.throwError(QStringLiteral("not a cookie jar of k6/http"));
        return nullptr;
    }
    // k6 gives each iteration an empty VU jar unless options.noCookiesReset.
    if (jar == 0 && m_vuJarIteration != m_vu.iterationInInstance) {
        if (m_jars[0] && !m_vu.state.http.noCookiesReset)
            m_jars[0]->clearAll();
        m_vuJarIteration = m_vu.iterationInInstance;
    }
    if (jar == 0 && !m_jars[0] && create)
        m_jars[0] = std::make_unique<CookieJar>();
    return m_jars[static_cast<std::size_t>(jar)].get();
}

std::optional<QUrl> HttpModule::jarUrl(const char* function, const QString& url) {
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty()) {
        m_vu.engine.throwError(QString("CookieJar.%1: \"%2\" is not a URL").arg(function, url));
        return std::nullopt;
    }
    return parsed;
}

int HttpModule::cookieJarId(bool vuJar) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("Making cookie jars in the init context is not supported"));
        return -1;
    }
    if (vuJar)
        return 0;
    m_jars.push_back(std::make_unique<CookieJar>());
    return static_cast<int>(m_jars.size() - 1);
}

QJSValue HttpModule::cookiesForUrl(int jar, const QString& url) {
    CookieJar* cookies = cookieJar(jar);
    const auto parsed = jarUrl("cookiesForURL", url);
    if (!cookies || !parsed)
        return {};
    QJSValue object = m_vu.engine.newObject();
    for (const auto& [name, value] : cookies->cookiesFor(*parsed)) {
        const QString key = QString::fromStdString(name);
        QJSValue values = object.property(key);
        if (!values.isArray()) {
            values = m_vu.engine.newArray();
            object.setProperty(key, values);
        }
        values.setProperty(values.property("length").toUInt(), QString::fromStdString(value));
    }
    return object;
}

bool HttpModule::setCookie(int jar, const QString& url, const QString& name, const QString& value,
                           const QJSValue& options) {
    CookieJar* cookies = cookieJar(jar);
    const auto parsed = jarUrl("set", url);
    if (!cookies || !parsed)
        return false;
    QNetworkCookie cookie(name.toUtf8(), value.toUtf8());
    if (options.isObject()) {
        QJSValueIterator it(options);
        while (it.hasNext()) {
            it.next();
            const QString key = it.name().toLower();
            if (key == "path") {
                cookie.setPath(it.value().toString());
            } else if (key == "domain") {
                cookie.setDomain(it.value().toString());
            } else if (key == "expires" && !it.value().toString().isEmpty()) {
                const QDateTime expires = cookieDate(it.value().toString());
                if (!expires.isValid()) {
                    m_vu.engine.throwError(
                        QString("unable to parse \"expires\" date string \"%1\"").arg(it.value().toString()));
                    return false;
                }
                cookie.setExpirationDate(expires);
            } else if (key == "max_age" && it.value().toInt() != 0) {
                cookie.setExpirationDate(QDateTime::currentDateTimeUtc().addSecs(it.value().toInt()));
            } else if (key == "secure") {
                cookie.setSecure(it.value().toBool());
            } else if (key == "http_only") {
                cookie.setHttpOnly(it.value().toBool());
            }
        }
    }
    return cookies->set(*parsed, cookie);
}

void HttpModule::clearCookies(int jar, const QString& url) {
    CookieJar* cookies = cookieJar(jar);
    if (const auto parsed = cookies ? jarUrl("clear", url) : std::nullopt)
        cookies->clear(*parsed);
}

void HttpModule::deleteCookie(int jar, const QString& url, const QString& name) {
    if (name.isEmpty()) {
        m_vu.engine.throwError(QStringLiteral("cookie: is null")); // k6's words
        return;
    }
    CookieJar* cookies = cookieJar(jar);
    if (const auto parsed = cookies ? jarUrl("delete", url) : std::nullopt)
        cookies->remove(*parsed, name.toStdString());
}

} // namespace loadbench::engine
