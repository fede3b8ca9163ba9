#pragma once

#include "engine/http/http_client.h"
#include "engine/http/trace_context.h"
#include "engine/js/modules/http_workers.h"
#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>

namespace loadbench::engine {

/// The native side of `k6/http` (http.js): the VU's HTTP client, k6's HTTP metrics for each request, and the
/// statuses setResponseCallback counts as expected.
class HttpModule : public QObject {
    Q_OBJECT

public:
    explicit HttpModule(VuContext& vu);

    Q_INVOKABLE QJSValue request(const QString& method, const QString& url, const QJSValue& body,
                                 const QJSValue& params);
    /// http.asyncRequest: prepared here, sent by a worker (HttpWorkers), finished back on the VU's event
    /// loop, where `settle` gets the response's fields.
    Q_INVOKABLE void asyncRequest(const QString& method, const QString& url, const QJSValue& body,
                                  const QJSValue& params, const QJSValue& settle);
    Q_INVOKABLE QJSValue batch(const QJSValue& requests);
    Q_INVOKABLE void setExpectedStatuses(const QJSValue& ranges);

private:
    struct PreparedRequest;
    PreparedRequest prepare(const QString& method, const QString& url, const QJSValue& body,
                            const QJSValue& params);
    QJSValue finish(const PreparedRequest& prepared, const HttpResponse& response);

    VuContext& m_vu;
    HttpClient m_client;
    TraceContextGenerator m_traces;
    std::vector<std::pair<int, int>> m_expectedStatuses{{200, 399}};
    // asyncRequest's: the settle functions of the requests in flight, by number (script values stay on the
    // VU's thread), and the workers, made at the first.
    std::map<std::uint64_t, QJSValue> m_settles;
    std::uint64_t m_lastAsync = 0;
    std::unique_ptr<HttpWorkers> m_workers;
};

} // namespace loadbench::engine
