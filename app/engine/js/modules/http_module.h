#pragma once

#include "engine/http/cookie_jar.h"
#include "engine/http/http_client.h"
#include "engine/http/http_parallel.h"
#include "engine/http/trace_context.h"
#include "engine/http/url_values.h"
#include "engine/js/modules/http_workers.h"
#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace loadbench::engine {

/// The status ranges a response callback counts as expected; none: no callback.
using ExpectedStatuses = std::optional<std::vector<std::pair<int, int>>>;

/// The native side of `k6/http` (http.js): the VU's HTTP client, k6's HTTP metrics for each request (each
/// redirect and digest challenge a request of its own, as k6 records them), the VU's cookie jars, and the
/// statuses setResponseCallback counts as expected.
class HttpModule : public QObject {
    Q_OBJECT

public:
    explicit HttpModule(VuContext& vu);

    Q_INVOKABLE QJSValue request(const QString& method, const QString& url, const QJSValue& body,
                                 const QJSValue& params);
    /// http.asyncRequest: prepared here, each hop sent by a worker (HttpWorkers) and landed back on the VU's
    /// event loop, where `settle` gets the last response's fields.
    Q_INVOKABLE void asyncRequest(const QString& method, const QString& url, const QJSValue& body,
                                  const QJSValue& params, const QJSValue& settle);
    /// http.batch's normalized entries ({method, url, body, params}), sent in parallel as k6 sends them
    /// (options.batch and batchPerHost); their responses' fields in the entries' order.
    Q_INVOKABLE QJSValue batch(const QJSValue& requests);
    /// http.setResponseCallback: what http.expectedStatuses() returned, or null for no response callback (no
    /// expected_response tag, no http_req_failed sample, as k6).
    Q_INVOKABLE void setExpectedStatuses(const QJSValue& callback);
    /// An object's own properties as a form (url.Values.Encode), for submitForm's query.
    Q_INVOKABLE QString formEncoded(const QJSValue& object);
    /// `reference` resolved against `base`, as a browser follows a link.
    Q_INVOKABLE QString resolveUrl(const QString& base, const QString& reference) const;
    /// `url` with its query replaced.
    Q_INVOKABLE QString withQuery(const QString& url, const QString& query) const;
    /// k6/html's exports, for Response.html(), submitForm() and clickLink().
    Q_INVOKABLE QJSValue html() { return load(m_loadHtml); }
    /// http_extras.js's function, which http.js calls at the first use of what it defines.
    Q_INVOKABLE QJSValue extras() { return load(m_loadExtras); }
    using Loader = std::function<QJSValue()>;
    /// How html() and extras() load their modules, each the first time; they may throw Error.
    void setLoaders(Loader html, Loader extras) {
        m_loadHtml = std::move(html);
        m_loadExtras = std::move(extras);
    }

    /// The prototype of http.file()'s FileData, by which an object body's file fields are told apart.
    Q_INVOKABLE void setFileDataPrototype(const QJSValue& prototype) { m_fileDataPrototype = prototype; }

    /// Cookie jars by number: 0 is the VU's (http.cookieJar()), emptied each iteration unless
    /// options.noCookiesReset; `new http.CookieJar()` makes another. Not in init code, as in k6.
    Q_INVOKABLE int cookieJarId(bool vuJar);
    Q_INVOKABLE QJSValue cookiesForUrl(int jar, const QString& url);
    Q_INVOKABLE bool setCookie(int jar, const QString& url, const QString& name, const QString& value,
                               const QJSValue& options);
    Q_INVOKABLE void clearCookies(int jar, const QString& url);
    Q_INVOKABLE void deleteCookie(int jar, const QString& url, const QString& name);

private:
    static ExpectedStatuses defaultExpectedStatuses() { return std::vector<std::pair<int, int>>{{200, 399}}; }
    /// http.expectedStatuses()'s ranges; false, with a JS exception thrown, for anything else.
    bool readExpectedStatuses(const QJSValue& callback, ExpectedStatuses& statuses);
    struct PreparedRequest;
    PreparedRequest prepare(const QString& method, const QString& url, const QJSValue& body,
                            const QJSValue& params);
    void applyWireParams(PreparedRequest& prepared, const QJSValue& params);
    /// One request on its way through its round trips (redirects, a digest challenge): the one pipeline of
    /// http.request, http.batch and http.asyncRequest, whichever sends its hops (the VU's client,
    /// HttpParallel, a worker). Its cookies, jar, redirects and samples are handled on the VU's thread.
    struct Flight {
        const PreparedRequest* prepared = nullptr;
        HttpRequest hop;          // the round trip to send next
        HttpHeaders scriptCookie; // the script's own Cookie header, which the jar's cookies are added to
        CookieJar* jar = nullptr;
        int redirects = 0;          // followed so far
        bool challengeDue = false;  // hop is a digest request's first, sent without credentials
        std::string user, password; // a digest hop's, out of its URL
        HttpResponse response;      // the last hop's
    };
    struct AsyncFlight; // an asyncRequest's Flight with its PreparedRequest
    Flight depart(const PreparedRequest& prepared);
    /// The hop's Cookie header, and a digest hop's credentials out of its URL.
    void readyHop(Flight& flight);
    /// Records the response of the flight's hop and readies the next one: true when there is one to send.
    bool land(Flight& flight, HttpResponse response);
    /// Sends the request and the redirects it leads to on the VU's client; returns the last response.
    HttpResponse perform(const PreparedRequest& prepared);
    /// Sends an asyncRequest's next hop on a worker; it lands on the VU's event loop.
    void sendAsync(std::shared_ptr<AsyncFlight> async);
    /// k6's samples of one round trip (and its http-debug lines).
    void recordRoundTrip(const PreparedRequest& prepared, const HttpRequest& hop,
                         const HttpResponse& response, std::optional<bool> expected = std::nullopt);
    /// The response's fields, as http.js's Response reads them; `reuse`: in the VU's one array (m_fields),
    /// for a caller whose Response reads them before the next request.
    QJSValue finish(const PreparedRequest& prepared, const HttpResponse& response, bool reuse = false);
    /// The jar numbered `jar` (the VU's emptied first when a new iteration began, and made unless `create` is
    /// false); null, after a script exception, for a number no jar has.
    CookieJar* cookieJar(int jar, bool create = true);
    /// A URL a jar function was given, or a script exception naming the function.
    std::optional<QUrl> jarUrl(const char* function, const QString& url);
    /// The request body as k6 sends it: a string as UTF-8, an ArrayBuffer as is, an object as a form
    /// (multipart when a field is a FileData). False, with a JS exception thrown, when it cannot be sent.
    bool encodeBody(const QJSValue& body, HttpRequest& http);
    bool isFileData(const QJSValue& value) const;
    /// One form field's text as k6 writes it (formatFormVal).
    QByteArray formValue(const QJSValue& value);
    UrlValues formValues(const std::vector<std::pair<QByteArray, QJSValue>>& fields);
    /// What `loader` returns; a JS exception when it throws.
    QJSValue load(const Loader& loader);
    bool applyResponseType(const QString& type, PreparedRequest& prepared);

    VuContext& m_vu;
    // The VU's connections shared by m_client and m_parallel, made at the first batch (a curl share costs 6
    // KB a VU): before the clients, which must go first.
    std::unique_ptr<HttpConnections> m_connections;
    HttpClient m_client;
    TraceContextGenerator m_traces;
    ExpectedStatuses m_expectedStatuses = defaultExpectedStatuses();
    bool m_transportSet = false; // the client has the test's TLS and hosts options
    std::vector<std::unique_ptr<CookieJar>> m_jars;
    long long m_vuJarIteration = -1; // the iteration the VU's jar holds the cookies of
    QJSValue m_fileDataPrototype;
    static constexpr quint32 responseFieldCount = 19;
    QJSValue m_fields; // finish()'s reused array, made at the first request
    Loader m_loadHtml;
    Loader m_loadExtras;
    // asyncRequest's: the settle functions of the requests in flight, by number (script values stay on the
    // VU's thread), and the workers, made at the first.
    std::map<std::uint64_t, QJSValue> m_settles;
    std::uint64_t m_lastAsync = 0;
    std::unique_ptr<HttpWorkers> m_workers;
    std::unique_ptr<HttpParallel> m_parallel; // http.batch's, made at the first
};

} // namespace loadbench::engine
