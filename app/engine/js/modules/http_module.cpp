#include "engine/js/modules/http_module.h"

#include "common/duration.h"

#include <QJSValueIterator>
#include <QUrl>
#include <algorithm>
#include <cmath>

namespace loadbench::engine {

namespace {

/// Go's canonical header names, which k6 shows scripts: `content-type` becomes `Content-Type`.
QString canonicalHeaderName(const std::string& name) {
    QString canonical = QString::fromStdString(name).toLower();
    bool upper = true;
    for (QChar& c : canonical) {
        if (upper)
            c = c.toUpper();
        upper = c == '-';
    }
    return canonical;
}

} // namespace

struct HttpModule::PreparedRequest {
    HttpRequest http;
    std::map<std::string, std::string> userTags;
    bool binaryResponse = false;
    std::string traceId; // of the traceparent the request carries; empty without one
};

HttpModule::HttpModule(VuContext& vu)
    : m_vu(vu) {
    m_client.setDebug(vu.state.httpDebug);
}

HttpModule::PreparedRequest HttpModule::prepare(const QString& method, const QString& url,
                                                const QJSValue& body, const QJSValue& params) {
    PreparedRequest prepared;
    HttpRequest& http = prepared.http;
    http.method = method.toStdString();
    http.url = url.toStdString();
    if (body.isString()) {
        http.body = body.toString().toStdString();
    } else if (body.isObject() && !body.isArray() && body.toVariant().typeId() != QMetaType::QByteArray) {
        // An object body is sent as a form, as k6 does.
        QJSValueIterator it(body);
        QByteArray form;
        while (it.hasNext()) {
            it.next();
            if (!form.isEmpty())
                form += '&';
            form += QUrl::toPercentEncoding(it.name()) + '=' + QUrl::toPercentEncoding(it.value().toString());
        }
        http.body = form.toStdString();
        http.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else if (!body.isNull() && !body.isUndefined()) {
        http.body = m_vu.engine.fromScriptValue<QByteArray>(body).toStdString();
    }
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
        const QJSValue redirects = params.property("redirects");
        if (redirects.isNumber())
            http.maxRedirects = redirects.toInt();
        const QString responseType = params.property("responseType").toString();
        http.discardBody = responseType == "none";
        prepared.binaryResponse = responseType == "binary";
    }
    if (m_vu.state.traceContext) {
        const auto own = std::find_if(http.headers.begin(), http.headers.end(), [](const auto& header) {
            return QString::fromStdString(header.first).compare("traceparent", Qt::CaseInsensitive) == 0;
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

QJSValue HttpModule::finish(const PreparedRequest& prepared, const HttpResponse& response) {
    const HttpRequest& http = prepared.http;
    if (m_vu.state.httpDebug != HttpClient::Debug::Off) {
        m_vu.state.log("info", "Request:\n" + response.debugRequest, "http-debug");
        m_vu.state.log("info", "Response:\n" + response.debugResponse, "http-debug");
    }
    const bool expected =
        std::any_of(m_expectedStatuses.begin(), m_expectedStatuses.end(), [&](const auto& range) {
            return response.status >= range.first && response.status <= range.second;
        });

    if (!response.interrupted) {
        Tags tags = m_vu.baseTags();
        tags.emplace_back("method", http.method);
        tags.emplace_back("url", http.url);
        tags.emplace_back("name", http.url);
        tags.emplace_back("status", std::to_string(response.status));
        tags.emplace_back("proto", response.proto);
        tags.emplace_back("expected_response", expected ? "true" : "false");
        if (response.errorCode != 0) {
            tags.emplace_back("error", response.error);
            tags.emplace_back("error_code", std::to_string(response.errorCode));
        }
        for (const auto& [key, value] : prepared.userTags)
            tags.emplace_back(key, value);
        const auto context = m_vu.sampleContext(std::move(tags), prepared.traceId);
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
        m_vu.record(m.httpReqFailed, end, expected ? 0 : 1, context);
        m_vu.record(m.dataSent, end, static_cast<double>(response.bytesSent), context);
        m_vu.record(m.dataReceived, end, static_cast<double>(response.bytesReceived), context);
        // Handed over in batches: the collector sees them within a few iterations.
        if (m_vu.pending.size() >= 256)
            m_vu.flush();
    }

    // One flat array in the order http.js's Response reads it: a property set by name from C++ allocates its
    // name as a new string each time, which cost a fifth of the engine's time per request.
    QJSValue fields = m_vu.engine.newArray(18);
    quint32 index = 0;
    const auto put = [&](const QJSValue& value) { fields.setProperty(index++, value); };
    // `Name: value` lines, one string: each string that crosses into the engine costs an allocation.
    const auto headerLines = [](const HttpHeaders& headers) {
        QString lines;
        for (const auto& [name, value] : headers) {
            lines += canonicalHeaderName(name);
            lines += QLatin1String(": ");
            lines += QString::fromStdString(value);
            lines += QLatin1Char('\n');
        }
        return lines;
    };
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
    return fields;
}

QJSValue HttpModule::request(const QString& method, const QString& url, const QJSValue& body,
                             const QJSValue& params) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("making HTTP requests in the init context is not supported"));
        return {};
    }
    const PreparedRequest prepared = prepare(method, url, body, params);
    const HttpResponse response = m_client.send(prepared.http, &m_vu.interrupted);
    return finish(prepared, response);
}

void HttpModule::asyncRequest(const QString& method, const QString& url, const QJSValue& body,
                              const QJSValue& params, const QJSValue& settle) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("making HTTP requests in the init context is not supported"));
        return;
    }
    auto prepared = std::make_shared<const PreparedRequest>(prepare(method, url, body, params));
    if (!m_workers)
        m_workers = std::make_unique<HttpWorkers>(m_vu.state.httpDebug);
    const std::uint64_t id = ++m_lastAsync;
    m_settles.emplace(id, settle);
    m_workers->send(prepared->http, &m_vu.interrupted,
                    [this, id, prepared, callback = m_vu.loop.registerCallback()](HttpResponse response) {
                        callback->enqueue([this, id, prepared, response = std::move(response)] {
                            const QJSValue settle = m_settles.at(id);
                            m_settles.erase(id);
                            const QJSValue outcome = settle.call({finish(*prepared, response)});
                            return outcome.isError() ? outcome : QJSValue();
                        });
                    });
}

QJSValue HttpModule::batch(const QJSValue& requests) {
    const int count = requests.property("length").toInt();
    QJSValue responses = m_vu.engine.newArray(static_cast<uint>(count));
    for (int i = 0; i < count && !m_vu.interrupted.load(); ++i) {
        const QJSValue entry = requests.property(static_cast<quint32>(i));
        responses.setProperty(static_cast<quint32>(i),
                              request(entry.property("method").toString(), entry.property("url").toString(),
                                      entry.property("body"), entry.property("params")));
    }
    return responses;
}

void HttpModule::setExpectedStatuses(const QJSValue& ranges) {
    m_expectedStatuses.clear();
    if (ranges.isNull() || ranges.isUndefined()) {
        m_expectedStatuses.emplace_back(200, 399);
        return;
    }
    const int count = ranges.property("length").toInt();
    for (int i = 0; i < count; ++i) {
        const QJSValue range = ranges.property(static_cast<quint32>(i));
        m_expectedStatuses.emplace_back(range.property("min").toInt(), range.property("max").toInt());
    }
}

} // namespace loadbench::engine
