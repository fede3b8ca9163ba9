#include "engine/outputs/influxdb_output.h"

#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/output_http.h"
#include "engine/outputs/output_settings.h"

#include <QUrl>
#include <QUrlQuery>
#include <charconv>
#include <set>

namespace loadbench::engine {

namespace {

/// Line protocol escapes: measurements escape commas and spaces; tag keys, tag values and field keys also
/// `=`.
void appendEscaped(std::string& out, std::string_view text, bool equalsToo) {
    for (const char c : text) {
        if (c == ',' || c == ' ' || (equalsToo && c == '='))
            out += '\\';
        out += c;
    }
}

void appendNumber(std::string& out, double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendQuoted(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

/// A tag as a field of its kind; a value that is not of the kind stays a string, as in k6.
void appendField(std::string& out, const std::string& value, InfluxDbOutput::FieldKind kind) {
    switch (kind) {
    case InfluxDbOutput::FieldKind::Int: {
        long long number = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error == std::errc() && end == value.data() + value.size()) {
            out += std::to_string(number) + "i";
            return;
        }
        break;
    }
    case InfluxDbOutput::FieldKind::Float: {
        double number = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error == std::errc() && end == value.data() + value.size()) {
            appendNumber(out, number);
            return;
        }
        break;
    }
    case InfluxDbOutput::FieldKind::Bool: {
        static const std::set<std::string> yes{"1", "t", "T", "TRUE", "true", "True"};
        static const std::set<std::string> no{"0", "f", "F", "FALSE", "false", "False"};
        if (yes.contains(value) || no.contains(value)) {
            out += yes.contains(value) ? "true" : "false";
            return;
        }
        break;
    }
    case InfluxDbOutput::FieldKind::String:
        break;
    }
    appendQuoted(out, value);
}

std::int64_t nanosPer(const std::string& precision) {
    static const std::map<std::string, std::int64_t> units{{"ns", 1},
                                                           {"u", 1'000},
                                                           {"ms", 1'000'000},
                                                           {"s", 1'000'000'000},
                                                           {"m", 60'000'000'000},
                                                           {"h", 3'600'000'000'000}};
    return units.at(precision);
}

} // namespace

InfluxDbOutput::InfluxDbOutput(const OutputParams& params)
    : m_warn(params.warn) {
    using namespace output_settings;
    const auto& env = params.environment;
    // k6's order: defaults, then the environment, then the URL.
    if (const auto address = lookup(env, "K6_INFLUXDB_ADDR"))
        m_address = *address;
    if (const auto database = lookup(env, "K6_INFLUXDB_DB"))
        m_database = *database;
    if (const auto username = lookup(env, "K6_INFLUXDB_USERNAME"))
        m_username = *username;
    if (const auto password = lookup(env, "K6_INFLUXDB_PASSWORD"))
        m_password = *password;
    if (const auto proxy = lookup(env, "K6_INFLUXDB_PROXY"))
        m_proxy = *proxy;
    if (const auto insecure = lookup(env, "K6_INFLUXDB_INSECURE"))
        m_insecure = boolean("K6_INFLUXDB_INSECURE", *insecure);
    if (const auto interval = lookup(env, "K6_INFLUXDB_PUSH_INTERVAL"))
        m_pushInterval = output_settings::interval("K6_INFLUXDB_PUSH_INTERVAL", *interval);
    if (const auto writes = lookup(env, "K6_INFLUXDB_CONCURRENT_WRITES"))
        m_concurrentWrites = wholeNumber("K6_INFLUXDB_CONCURRENT_WRITES", *writes, 1);
    if (const auto precision = lookup(env, "K6_INFLUXDB_PRECISION"))
        m_precision = *precision;
    if (const auto retention = lookup(env, "K6_INFLUXDB_RETENTION"))
        m_retention = *retention;
    if (const auto consistency = lookup(env, "K6_INFLUXDB_CONSISTENCY"))
        m_consistency = *consistency;
    std::optional<std::string> tagsAsFields = lookup(env, "K6_INFLUXDB_TAGS_AS_FIELDS");
    const std::string where =
        params.argument.empty() ? "K6_INFLUXDB_ADDR" : "--out influxdb=" + params.argument;
    std::string urlTagsAsFields;
    if (!params.argument.empty()) {
        const QUrl url(QString::fromStdString(params.argument), QUrl::StrictMode);
        if (!url.isValid())
            throw Error(where + ": use influxdb=http://HOST:8086/DATABASE");
        const QString path = url.path();
        if (url.host().isEmpty()) { // as k6: `influxdb=DB` names the database of the default address
            if (const QString database = path.mid(path.startsWith('/') ? 1 : 0); !database.isEmpty())
                m_database = database.toStdString();
        } else {
            // The last path segment is the database, what is before it a prefix of the server's address.
            const qsizetype slash = path.lastIndexOf('/');
            m_address = (url.scheme() + "://" + url.adjusted(QUrl::RemoveUserInfo).authority() +
                         path.left(std::max<qsizetype>(slash, 0)))
                            .toStdString();
            if (slash >= 0 && slash + 1 < path.size())
                m_database = path.mid(slash + 1).toStdString();
        }
        if (!url.userName().isEmpty()) {
            m_username = url.userName().toStdString();
            m_password = url.password().toStdString();
        }
        for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
            const std::string name = key.toStdString();
            const std::string text = value.toStdString();
            const std::string setting = where + ": " + name;
            if (name == "insecure")
                m_insecure = boolean(setting, text);
            else if (name == "precision")
                m_precision = text;
            else if (name == "retention")
                m_retention = text;
            else if (name == "consistency")
                m_consistency = text;
            else if (name == "pushInterval")
                m_pushInterval = output_settings::interval(setting, text);
            else if (name == "concurrentWrites")
                m_concurrentWrites = wholeNumber(setting, text, 1);
            else if (name == "payload_size") // k6's, for UDP only, which the engine does not write
                wholeNumber(setting, text, 0);
            else if (name == "tagsAsFields")
                // Repeated as k6 takes a list there (tagsAsFields=vu&tagsAsFields=url); it replaces the
                // variable's.
                urlTagsAsFields += (urlTagsAsFields.empty() ? "" : ",") + text;
            else
                throw Error(where + ": unknown query parameter \"" + name + "\"");
        }
    }
    if (!urlTagsAsFields.empty())
        tagsAsFields = urlTagsAsFields;
    const QUrl address(QString::fromStdString(m_address), QUrl::StrictMode);
    if (!address.isValid() || (address.scheme() != "http" && address.scheme() != "https") ||
        address.host().isEmpty())
        throw Error(where + ": the address must be http(s)://HOST:PORT (loadbench-engine writes no UDP)");
    if (m_database.empty()) // as k6's batch config
        m_database = "k6";
    static const std::set<std::string> precisions{"ns", "u", "ms", "s", "m", "h"};
    if (!precisions.contains(m_precision))
        throw Error(where + ": precision \"" + m_precision + "\": use ns, u, ms, s, m or h");
    if (tagsAsFields) {
        m_tagsAsFields.clear();
        for (const QString& entry : QString::fromStdString(*tagsAsFields).split(',', Qt::SkipEmptyParts)) {
            const QString name = entry.section(':', 0, 0).trimmed();
            const QString kind = entry.section(':', 1).trimmed();
            static const std::map<QString, FieldKind> kinds{{"", FieldKind::String},
                                                            {"string", FieldKind::String},
                                                            {"int", FieldKind::Int},
                                                            {"float", FieldKind::Float},
                                                            {"bool", FieldKind::Bool}};
            const auto found = kinds.find(kind);
            if (found == kinds.end())
                throw Error("K6_INFLUXDB_TAGS_AS_FIELDS \"" + *tagsAsFields + "\": " + entry.toStdString() +
                            ": use NAME or NAME:string, NAME:int, NAME:float, NAME:bool");
            if (!m_tagsAsFields.emplace(name.toStdString(), found->second).second)
                throw Error("K6_INFLUXDB_TAGS_AS_FIELDS \"" + *tagsAsFields + "\": " + name.toStdString() +
                            " shows up more than once");
        }
    }
}

InfluxDbOutput::~InfluxDbOutput() {
    waitForWrites(0);
}

std::string InfluxDbOutput::line(const Sample& sample) const {
    std::string out;
    appendEscaped(out, sample.metric->name(), false);
    std::string fields = "value=";
    appendNumber(fields, sample.value);
    if (sample.context) {
        for (const auto& [key, value] : sample.context->tags()) {
            if (const auto field = m_tagsAsFields.find(key); field != m_tagsAsFields.end()) {
                // k6 keeps such tags out of the tag index: a URL would make a series per URL.
                fields += ',';
                appendEscaped(fields, key, true);
                fields += '=';
                appendField(fields, value, field->second);
            } else if (!value.empty()) { // line protocol has no empty tag values
                out += ',';
                appendEscaped(out, key, true);
                out += '=';
                appendEscaped(out, value, true);
            }
        }
    }
    out += ' ';
    out += fields;
    out += ' ';
    out += std::to_string(sample.timeNs / nanosPer(m_precision));
    return out;
}

void InfluxDbOutput::start() {
    // As k6: a database that cannot be created (it may exist, or the user may not create it) is no failure.
    post("/query", "q=CREATE DATABASE \"" + m_database + "\"");
}

void InfluxDbOutput::addSamples(std::span<const Sample> samples) {
    for (const Sample& sample : samples) {
        m_pending += line(sample);
        m_pending += '\n';
    }
    m_pendingPoints += samples.size();
}

void InfluxDbOutput::flush() {
    if (m_pending.empty())
        return;
    std::string path =
        "/write?db=" + QUrl::toPercentEncoding(QString::fromStdString(m_database)).toStdString() +
        "&precision=" + m_precision;
    if (!m_retention.empty())
        path += "&rp=" + QUrl::toPercentEncoding(QString::fromStdString(m_retention)).toStdString();
    if (!m_consistency.empty())
        path +=
            "&consistency=" + QUrl::toPercentEncoding(QString::fromStdString(m_consistency)).toStdString();
    waitForWrites(m_concurrentWrites - 1);
    m_writes.push_back(
        std::async(std::launch::async, [this, path, body = std::move(m_pending), points = m_pendingPoints] {
            if (post(path, body)) {
                const std::lock_guard lock(m_mutex);
                m_pointsWritten += points;
            }
        }));
    m_pending.clear();
    m_pendingPoints = 0;
}

void InfluxDbOutput::stop() {
    flush();
    waitForWrites(0);
}

void InfluxDbOutput::waitForWrites(std::size_t atMost) {
    while (m_writes.size() > atMost) {
        m_writes.front().get();
        m_writes.erase(m_writes.begin());
    }
}

std::uint64_t InfluxDbOutput::pointsWritten() const {
    const std::lock_guard lock(m_mutex);
    return m_pointsWritten;
}

bool InfluxDbOutput::post(const std::string& path, const std::string& body) {
    const std::string url = m_address + path;
    const std::string failure = postOutput({url,
                                            body,
                                            "k6",
                                            {},
                                            10000,
                                            m_username,
                                            m_username.empty() ? "" : m_password,
                                            m_proxy,
                                            {},
                                            {},
                                            m_insecure});
    const std::lock_guard lock(m_mutex);
    if (!failure.empty() && failure != m_lastFailure)
        m_warn("InfluxDB output: " + url.substr(0, url.find('?')) + ": " + failure);
    m_lastFailure = failure;
    return failure.empty();
}

} // namespace loadbench::engine
