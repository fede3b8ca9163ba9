#pragma once

#include "engine/http/http_client.h"
#include "engine/http/trace_context.h"
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
};

} // namespace loadbench::engine
