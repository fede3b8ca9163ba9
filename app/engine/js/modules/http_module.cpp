#include "engine/js/modules/http_module.h"

#include "common/duration.h"
#include "engine/http/url_values.h"

#include <QJSValueIterator>
#include <QRandomGenerator>
#include <QUrl>
#include <algorithm>
#include <cmath>
#include <exception>

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
    bool ownCallback = false;  // params.responseCallback given: `callback` replaces the module's
    ExpectedStatuses callback; // params.responseCallback
    std::string traceId;       // of the traceparent the request carries; empty without one
};

HttpModule::HttpModule(VuContext& vu)
    : m_vu(vu) {
    m_client.setDebug(vu.state.httpDebug);
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
        const QJSValue redirects = params.property("redirects");
        if (redirects.isNumber())
            http.maxRedirects = redirects.toInt();
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
    const ExpectedStatuses& statuses = prepared.ownCallback ? prepared.callback : m_expectedStatuses;
    const bool expected = statuses && std::any_of(statuses->begin(), statuses->end(), [&](const auto& range) {
                              return response.status >= range.first && response.status <= range.second;
                          });

    if (!response.interrupted) {
        Tags tags = m_vu.baseTags();
        tags.emplace_back("method", http.method);
        tags.emplace_back("url", http.url);
        tags.emplace_back("name", http.url);
        tags.emplace_back("status", std::to_string(response.status));
        tags.emplace_back("proto", response.proto);
        if (statuses)
            tags.emplace_back("expected_response", expected ? "true" : "false");
        if (response.errorCode != 0) {
            tags.emplace_back("error", response.error);
            tags.emplace_back("error_code", std::to_string(response.errorCode));
        }
        for (const auto& [key, value] : prepared.userTags)
            tags.emplace_back(key, value);
        const auto context = makeSampleContext(std::move(tags), prepared.traceId);
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
    if (m_vu.engine.hasError())
        return {};
    const HttpResponse response = m_client.send(prepared.http, &m_vu.interrupted);
    return finish(prepared, response);
}

QJSValue HttpModule::batch(const QJSValue& requests) {
    const int count = requests.property("length").toInt();
    QJSValue responses = m_vu.engine.newArray(static_cast<uint>(count));
    for (int i = 0; i < count && !m_vu.interrupted.load(); ++i) {
        const QJSValue entry = requests.property(static_cast<quint32>(i));
        responses.setProperty(static_cast<quint32>(i),
                              request(entry.property("method").toString(), entry.property("url").toString(),
                                      entry.property("body"), entry.property("params")));
        if (m_vu.engine.hasError())
            return {};
    }
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

} // namespace loadbench::engine
