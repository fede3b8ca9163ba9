#pragma once

#include "engine/http/cookie_jar.h"
#include "engine/http/http_client.h"
#include "engine/http/trace_context.h"
#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <memory>
#include <optional>

namespace loadbench::engine {

/// The native side of `k6/http` (http.js): the VU's HTTP client, k6's HTTP metrics for each request (each
/// redirect and digest challenge a request of its own, as k6 records them), the VU's cookie jars, and the
/// statuses setResponseCallback counts as expected.
class HttpModule : public QObject {
    Q_OBJECT

public:
    explicit HttpModule(VuContext& vu);

    Q_INVOKABLE QJSValue request(const QString& method, const QString& url, const QJSValue& body,
                                 const QJSValue& params);
    Q_INVOKABLE QJSValue batch(const QJSValue& requests);
    Q_INVOKABLE void setExpectedStatuses(const QJSValue& ranges);

    /// Cookie jars by number: 0 is the VU's (http.cookieJar()), emptied each iteration unless
    /// options.noCookiesReset; `new http.CookieJar()` makes another. Not in init code, as in k6.
    Q_INVOKABLE int cookieJarId(bool vuJar);
    Q_INVOKABLE QJSValue cookiesForUrl(int jar, const QString& url);
    Q_INVOKABLE bool setCookie(int jar, const QString& url, const QString& name, const QString& value,
                               const QJSValue& options);
    Q_INVOKABLE void clearCookies(int jar, const QString& url);
    Q_INVOKABLE void deleteCookie(int jar, const QString& url, const QString& name);

private:
    struct PreparedRequest;
    PreparedRequest prepare(const QString& method, const QString& url, const QJSValue& body,
                            const QJSValue& params);
    void applyWireParams(PreparedRequest& prepared, const QJSValue& params);
    /// Sends the request and the redirects it leads to, recording each; returns the last response.
    HttpResponse perform(const PreparedRequest& prepared);
    /// One hop, with the digest challenge's round trip first when params.auth is "digest".
    HttpResponse sendHop(const PreparedRequest& prepared, HttpRequest& hop);
    /// k6's samples of one round trip (and its http-debug lines).
    void recordRoundTrip(const PreparedRequest& prepared, const HttpRequest& hop,
                         const HttpResponse& response, std::optional<bool> expected = std::nullopt);
    QJSValue finish(const PreparedRequest& prepared, const HttpResponse& response);
    /// The jar numbered `jar` (the VU's emptied first when a new iteration began, and made unless `create` is
    /// false); null, after a script exception, for a number no jar has.
    CookieJar* cookieJar(int jar, bool create = true);
    /// A URL a jar function was given, or a script exception naming the function.
    std::optional<QUrl> jarUrl(const char* function, const QString& url);

    VuContext& m_vu;
    HttpClient m_client;
    TraceContextGenerator m_traces;
    std::vector<std::pair<int, int>> m_expectedStatuses{{200, 399}};
    bool m_transportSet = false; // the client has the test's TLS and hosts options
    std::vector<std::unique_ptr<CookieJar>> m_jars;
    long long m_vuJarIteration = -1; // the iteration the VU's jar holds the cookies of
};

} // namespace loadbench::engine
