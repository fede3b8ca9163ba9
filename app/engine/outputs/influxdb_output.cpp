#include "engine/outputs/influxdb_output.h"

#include "common/error.h"
#include "engine/metrics/metric.h"

#include <QUrl>
#include <charconv>
#include <curl/curl.h>

namespace loadbench::engine {

namespace {

/// Line protocol escapes: measurements escape commas and spaces; tag keys and values also `=`.
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

size_t discard(char*, size_t size, size_t count, void*) {
    return size * count;
}

} // namespace

InfluxDbOutput::InfluxDbOutput(const std::string& url, Report report)
    : m_report(std::move(report)) {
    const QUrl parsed(QString::fromStdString(url), QUrl::StrictMode);
    const QString database = parsed.path().mid(1);
    if (!parsed.isValid() || (parsed.scheme() != "http" && parsed.scheme() != "https") ||
        parsed.host().isEmpty() || database.isEmpty() || database.contains('/'))
        throw Error("--out influxdb=" + url + ": use influxdb=http://HOST:8086/DATABASE");
    m_server = (parsed.scheme() + "://" + parsed.authority()).toStdString();
    m_database = database.toStdString();
    m_sender = std::thread([this] { send(); });
}

InfluxDbOutput::~InfluxDbOutput() {
    close();
}

std::string InfluxDbOutput::line(const Sample& sample) {
    std::string out;
    appendEscaped(out, sample.metric->name(), false);
    std::string fields = "value=";
    appendNumber(fields, sample.value);
    if (sample.context) {
        for (const auto& [key, value] : sample.context->tags) {
            if (key == "url") {
                // k6 keeps URLs out of the tag index: they would make a series per URL.
                fields += ",url=\"";
                for (const char c : value) {
                    if (c == '"' || c == '\\')
                        fields += '\\';
                    fields += c;
                }
                fields += '"';
            } else if (key == "vu" || key == "iter") {
                fields += "," + key + "=" + value + "i";
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
    out += std::to_string(sample.timeNs);
    return out;
}

void InfluxDbOutput::write(std::span<const Sample> samples) {
    std::string lines;
    for (const Sample& sample : samples) {
        lines += line(sample);
        lines += '\n';
    }
    const std::lock_guard lock(m_mutex);
    m_pending += lines;
    m_pendingPoints += samples.size();
}

void InfluxDbOutput::close() {
    {
        const std::lock_guard lock(m_mutex);
        if (m_closing)
            return;
        m_closing = true;
    }
    m_wake.notify_all();
    if (m_sender.joinable())
        m_sender.join();
}

std::uint64_t InfluxDbOutput::pointsWritten() const {
    const std::lock_guard lock(m_mutex);
    return m_pointsWritten;
}

bool InfluxDbOutput::post(const std::string& path, const std::string& body) {
    CURL* curl = curl_easy_init();
    const std::string url = m_server + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    const CURLcode result = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    std::string failure;
    if (result != CURLE_OK)
        failure = std::string(curl_easy_strerror(result));
    else if (status < 200 || status >= 300)
        failure = "HTTP status " + std::to_string(status);
    if (!failure.empty() && failure != m_lastFailure)
        m_report("InfluxDB output: " + url.substr(0, url.find('?')) + ": " + failure);
    m_lastFailure = failure;
    return failure.empty();
}

void InfluxDbOutput::send() {
    post("/query", "q=CREATE DATABASE \"" + m_database + "\"");
    const std::string writePath =
        "/write?db=" + QUrl::toPercentEncoding(QString::fromStdString(m_database)).toStdString() +
        "&precision=ns";
    for (bool last = false; !last;) {
        std::string batch;
        std::uint64_t points = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::seconds(1), [&] { return m_closing; });
            last = m_closing;
            batch.swap(m_pending);
            std::swap(points, m_pendingPoints);
        }
        if (!batch.empty() && post(writePath, batch)) {
            const std::lock_guard lock(m_mutex);
            m_pointsWritten += points;
        }
    }
}

} // namespace loadbench::engine
