// Ingest speed of k6 JSON output (`--out json=…gz`): generates a realistic file of a million lines once, then
// measures, on one thread, pure inflate (ISA-L and zlib), readNdjson alone and loadRunSamples.
// Usage: bench_ndjson_ingest [file.ndjson.gz]  (default: <build dir>/bench/k6-http-1M.ndjson.gz)

#include "common/error.h"
#include "common/k6_json/ndjson_reader.h"
#include "core/samples/run_samples.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <isa-l/igzip_lib.h>
#include <memory>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>
#include <zlib.h>

namespace {

using namespace loadbench;
namespace fs = std::filesystem;

constexpr std::uint64_t targetLines = 1'000'000;
constexpr std::size_t chunkBytes = 256 * 1024;
constexpr double targetLinesPerSecond = 1'000'000;
constexpr double targetBytesPerSample = 24;

// ---- A realistic k6 `--out json` file --------------------------------------------------------------------

struct MetricInfo {
    std::string_view name, type, contains, thresholds, submetrics;
};

enum Metric {
    HttpReqs,
    HttpReqDuration,
    HttpReqBlocked,
    HttpReqConnecting,
    HttpReqTlsHandshaking,
    HttpReqSending,
    HttpReqWaiting,
    HttpReqReceiving,
    HttpReqFailed,
    Checks,
    DataSent,
    DataReceived,
    IterationDuration,
    Iterations,
    Vus,
    VusMax,
    MetricCount
};

constexpr std::array<MetricInfo, MetricCount> metrics{{
    {"http_reqs", "counter", "default", "[]", "null"},
    {"http_req_duration", "trend", "time", R"(["p(95)<500","p(99)<1500"])",
     R"([{"name":"http_req_duration{expected_response:true}","suffix":"expected_response:true","tags":{"expected_response":"true"}}])"},
    {"http_req_blocked", "trend", "time", "[]", "null"},
    {"http_req_connecting", "trend", "time", "[]", "null"},
    {"http_req_tls_handshaking", "trend", "time", "[]", "null"},
    {"http_req_sending", "trend", "time", "[]", "null"},
    {"http_req_waiting", "trend", "time", "[]", "null"},
    {"http_req_receiving", "trend", "time", "[]", "null"},
    {"http_req_failed", "rate", "default", R"(["rate<0.01"])", "null"},
    {"checks", "rate", "default", "[]", "null"},
    {"data_sent", "counter", "data", "[]", "null"},
    {"data_received", "counter", "data", "[]", "null"},
    {"iteration_duration", "trend", "time", "[]", "null"},
    {"iterations", "counter", "default", "[]", "null"},
    {"vus", "gauge", "default", "[]", "null"},
    {"vus_max", "gauge", "default", "[]", "null"},
}};

struct Endpoint {
    std::string_view method, name, group;
    double medianMs; // server time, milliseconds
    std::uint32_t requestBytes, responseBytes;
    bool hasId; // the URL carries a product id; `name` groups them, as k6 scripts do with http.url
};

constexpr std::array<Endpoint, 6> endpoints{{
    {"GET", "https://shop.example.test/", "::home", 35, 410, 18'400, false},
    {"GET", "https://shop.example.test/api/products?page=1", "::browse", 60, 450, 42'000, false},
    {"GET", "https://shop.example.test/api/products/${id}", "::browse", 45, 430, 6'800, true},
    {"POST", "https://shop.example.test/api/cart", "::buy", 90, 820, 1'200, false},
    {"GET", "https://shop.example.test/api/cart", "::buy", 30, 400, 2'300, false},
    {"POST", "https://shop.example.test/api/checkout", "::buy", 240, 1'400, 900, false},
}};

constexpr int vusCount = 50;
constexpr int productCount = 200;
constexpr int offsetMinutes = 60; // the test machine's zone: +01:00

// Howard Hinnant's civil_from_days: the calendar date of a day count since 1970-01-01.
void civilFromDays(std::int64_t days, int& year, int& month, int& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto dayOfEra = static_cast<unsigned>(days - era * 146097);
    const unsigned yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned mp = (5 * dayOfYear + 2) / 153;
    day = static_cast<int>(dayOfYear - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(static_cast<std::int64_t>(yearOfEra) + era * 400 + (month <= 2));
}

/// Go's time.RFC3339Nano in the local zone, as k6 writes it: trailing zeros of the fraction dropped.
void appendTime(std::string& out, std::int64_t timeNs) {
    const std::int64_t localNs = timeNs + std::int64_t{offsetMinutes} * 60 * 1'000'000'000;
    const std::int64_t seconds = localNs / 1'000'000'000;
    auto fraction = static_cast<std::uint32_t>(localNs % 1'000'000'000);
    int year, month, day;
    civilFromDays(seconds / 86400, year, month, day);
    const auto secondOfDay = static_cast<int>(seconds % 86400);
    char text[48];
    int size = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                             secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60);
    if (fraction != 0) {
        int digits = 9;
        while (fraction % 10 == 0) {
            fraction /= 10;
            --digits;
        }
        size += std::snprintf(text + size, sizeof text - size, ".%0*u", digits, fraction);
    }
    size += std::snprintf(text + size, sizeof text - size, "%c%02d:%02d", offsetMinutes < 0 ? '-' : '+',
                          std::abs(offsetMinutes) / 60, std::abs(offsetMinutes) % 60);
    out.append(text, static_cast<std::size_t>(size));
}

void appendNumber(std::string& out, double value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value); // shortest round trip, as Go writes
    out.append(text, result.ptr);
}

class Generator {
public:
    explicit Generator(const fs::path& path)
        : m_file(gzopen(path.c_str(), "wb6")) // Go's gzip default level, which k6 uses
    {
        if (!m_file)
            throw Error(path.string() + ": cannot write");
        gzbuffer(m_file, chunkBytes);
    }
    ~Generator() { gzclose(m_file); }

    std::uint64_t run() {
        const std::int64_t start = 1'773'480'413'123'456'789; // 2026-03-14T09:26:53.123456789Z
        std::vector<Vu> vus(vusCount);
        // Always step the VU whose clock is earliest, so that lines come in time order as k6 writes them.
        const auto later = [](const Vu* a, const Vu* b) { return a->clock > b->clock; };
        std::priority_queue<Vu*, std::vector<Vu*>, decltype(later)> queue(later);
        for (int i = 0; i < vusCount; ++i) {
            vus[i].clock = start + i * 20'000'000; // VUs start 20 ms apart
            queue.push(&vus[i]);
        }
        std::int64_t nextGauge = start;
        while (m_lines < targetLines) {
            Vu& vu = *queue.top();
            queue.pop();
            for (; nextGauge <= vu.clock; nextGauge += 1'000'000'000 + std::int64_t(m_rng() % 400'000)) {
                point(Vus, nextGauge, vusCount, "{}", {}); // once a second; k6's ticker jitters a little
                point(VusMax, nextGauge, vusCount, "{}", {});
            }
            step(vu);
            queue.push(&vu);
        }
        flush();
        return m_lines;
    }

private:
    /// A VU's place in its iteration: a page, a product list, a product, and one time in five a purchase.
    struct Vu {
        std::int64_t clock = 0;          // nanoseconds since the epoch
        std::int64_t iterationStart = 0; // nanoseconds since the epoch
        std::size_t requests = 0;        // in this iteration
        std::size_t done = 0;            // requests made in this iteration
        std::uint64_t sent = 0;          // bytes in this iteration
        std::uint64_t received = 0;      // bytes in this iteration
        bool connected = false;          // k6 keeps a VU's connection from one iteration to the next
    };

    /// The VU's next request, or the end of its iteration.
    void step(Vu& vu) {
        if (vu.done == 0 && vu.requests == 0) {
            vu.iterationStart = vu.clock;
            vu.requests = m_rng() % 5 == 0 ? 6 : 3; // buyers go on to the last three endpoints
            vu.sent = vu.received = 0;
        }
        if (vu.done < vu.requests) {
            vu.clock += request(endpoints[vu.done++], vu.clock, !vu.connected, vu.sent, vu.received);
            vu.connected = true;
            vu.clock += static_cast<std::int64_t>(m_thinkMs(m_rng) * 1e6);
            return;
        }
        const std::string tags = R"({"group":"","scenario":"shop"})";
        point(DataSent, vu.clock, static_cast<double>(vu.sent), tags, {});
        point(DataReceived, vu.clock, static_cast<double>(vu.received), tags, {});
        point(IterationDuration, vu.clock, static_cast<double>(vu.clock - vu.iterationStart) / 1e6, tags, {});
        point(Iterations, vu.clock, 1, tags, {});
        vu.done = vu.requests = 0;
    }

    std::int64_t request(const Endpoint& endpoint, std::int64_t time, bool newConnection, std::uint64_t& sent,
                         std::uint64_t& received) {
        const bool failed = m_rng() % 100 == 0; // 1 % server errors
        const std::string_view status = failed ? "500" : "200";
        std::string url(endpoint.name);
        if (endpoint.hasId)
            url.replace(url.find("${id}"), 5, std::to_string(1 + m_rng() % productCount));

        // Log-normal server time around the endpoint's median; connection set-up only on a new connection.
        std::lognormal_distribution<double> server(std::log(endpoint.medianMs), 0.55);
        const auto ns = [](double ms) { return static_cast<std::int64_t>(ms * 1e6); };
        const std::int64_t connecting = newConnection ? ns(1.5 + m_unit(m_rng) * 2) : 0;
        const std::int64_t tls = newConnection ? ns(4 + m_unit(m_rng) * 6) : 0;
        const std::int64_t blocked = connecting + tls + ns(0.002 + m_unit(m_rng) * 0.01);
        const std::int64_t sending = ns(0.01 + m_unit(m_rng) * 0.05);
        const std::int64_t waiting = ns(server(m_rng));
        const std::int64_t receiving = ns(0.05 + endpoint.responseBytes / 40'000.0 * m_unit(m_rng));
        const std::int64_t duration = sending + waiting + receiving;

        std::string tags;
        tags.reserve(320);
        tags += R"({"expected_response":")";
        tags += failed ? "false" : "true";
        tags += R"(","group":")";
        tags += endpoint.group;
        tags += R"(","method":")";
        tags += endpoint.method;
        tags += R"(","name":")";
        tags += endpoint.name;
        tags += R"(","proto":"HTTP/2.0","scenario":"shop","status":")";
        tags += status;
        tags += R"(","tls_version":"tls1.3","url":")";
        tags += url;
        tags += "\"}";
        char traceId[33];
        std::snprintf(traceId, sizeof traceId, "%016llx%016llx", static_cast<unsigned long long>(m_rng()),
                      static_cast<unsigned long long>(m_rng()));

        const auto ms = [](std::int64_t value) { return static_cast<double>(value) / 1e6; };
        point(HttpReqs, time, 1, tags, traceId);
        point(HttpReqDuration, time, ms(duration), tags, traceId);
        point(HttpReqBlocked, time, ms(blocked), tags, traceId);
        point(HttpReqConnecting, time, ms(connecting), tags, traceId);
        point(HttpReqTlsHandshaking, time, ms(tls), tags, traceId);
        point(HttpReqSending, time, ms(sending), tags, traceId);
        point(HttpReqWaiting, time, ms(waiting), tags, traceId);
        point(HttpReqReceiving, time, ms(receiving), tags, traceId);
        point(HttpReqFailed, time, failed ? 1 : 0, tags, traceId);
        std::string checkTags = R"({"check":"status is 200","group":")";
        checkTags += endpoint.group;
        checkTags += R"(","scenario":"shop"})";
        point(Checks, time, failed ? 0 : 1, checkTags, {});

        sent += endpoint.requestBytes;
        received += endpoint.responseBytes;
        return blocked + duration;
    }

    void point(Metric metric, std::int64_t timeNs, double value, std::string_view tags,
               std::string_view traceId) {
        const MetricInfo& info = metrics[metric];
        if (!m_declared[metric]) {
            m_declared[metric] = true;
            m_text += R"({"type":"Metric","data":{"name":")";
            m_text += info.name;
            m_text += R"(","type":")";
            m_text += info.type;
            m_text += R"(","contains":")";
            m_text += info.contains;
            m_text += R"(","thresholds":)";
            m_text += info.thresholds;
            m_text += R"(,"submetrics":)";
            m_text += info.submetrics;
            m_text += R"(},"metric":")";
            m_text += info.name;
            m_text += "\"}\n";
            ++m_lines;
        }
        m_text += R"({"metric":")";
        m_text += info.name;
        m_text += R"(","type":"Point","data":{"time":")";
        appendTime(m_text, timeNs);
        m_text += R"(","value":)";
        appendNumber(m_text, value);
        m_text += R"(,"tags":)";
        m_text += tags;
        if (!traceId.empty()) {
            m_text += R"(,"metadata":{"trace_id":")";
            m_text += traceId;
            m_text += "\"}";
        }
        m_text += "}}\n";
        ++m_lines;
        if (m_text.size() >= chunkBytes)
            flush();
    }

    void flush() {
        if (!m_text.empty() && gzwrite(m_file, m_text.data(), static_cast<unsigned>(m_text.size())) <= 0)
            throw Error("cannot write the generated file");
        m_text.clear();
    }

    gzFile m_file;
    std::mt19937_64 m_rng{20260314};
    std::uniform_real_distribution<double> m_unit{0, 1};
    std::lognormal_distribution<double> m_thinkMs{std::log(400), 0.5}; // sleep() between requests
    std::array<bool, MetricCount> m_declared{};
    std::string m_text;
    std::uint64_t m_lines = 0;
};

// ---- Measurements ----------------------------------------------------------------------------------------

/// Best (shortest) wall time of three runs, in seconds.
double bestOfThree(const std::function<void()>& run) {
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        best =
            std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

/// Decompresses with ISA-L into one reused buffer; returns the decompressed bytes.
std::uint64_t inflateIsal(const fs::path& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        throw Error(path.string() + ": cannot open");
    std::vector<std::uint8_t> input(chunkBytes), output(chunkBytes);
    auto state = std::make_unique<inflate_state>();
    isal_inflate_init(state.get());
    state->crc_flag = ISAL_GZIP;
    std::uint64_t total = 0;
    for (;;) {
        if (state->avail_in == 0) {
            state->avail_in =
                static_cast<std::uint32_t>(std::fread(input.data(), 1, input.size(), file.get()));
            state->next_in = input.data();
        }
        state->next_out = output.data();
        state->avail_out = static_cast<std::uint32_t>(output.size());
        if (isal_inflate(state.get()) != ISAL_DECOMP_OK)
            throw Error(path.string() + ": damaged gzip data");
        total += output.size() - state->avail_out;
        if (state->block_state == ISAL_BLOCK_FINISH)
            return total;
        if (state->avail_in == 0 && std::feof(file.get()))
            throw Error(path.string() + ": cut gzip data");
    }
}

std::uint64_t inflateZlib(const fs::path& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        throw Error(path.string() + ": cannot open");
    gzbuffer(file, chunkBytes);
    std::vector<char> output(chunkBytes);
    std::uint64_t total = 0;
    int count;
    while ((count = gzread(file, output.data(), static_cast<unsigned>(output.size()))) > 0)
        total += static_cast<std::uint64_t>(count);
    gzclose(file);
    if (count < 0)
        throw Error(path.string() + ": damaged gzip data");
    return total;
}

const char* verdict(bool pass) {
    return pass ? "PASS" : "FAIL";
}

} // namespace

int main(int argc, char** argv) try {
    const fs::path path =
        argc > 1 ? fs::path(argv[1]) : fs::path(LOADBENCH_BINARY_DIR) / "bench/k6-http-1M.ndjson.gz";
    if (!fs::exists(path)) {
        std::printf("generating %s …\n", path.c_str());
        fs::create_directories(path.parent_path());
        const fs::path partial =
            path.string() + ".partial"; // renamed when complete: a stopped run leaves none
        std::uint64_t lines;
        {
            Generator generator(partial);
            lines = generator.run();
        }
        fs::rename(partial, path);
        std::printf("generated %llu lines\n", static_cast<unsigned long long>(lines));
    }
    const double compressedMB = static_cast<double>(fs::file_size(path)) / 1e6;

    std::uint64_t textBytes = 0;
    const double isalSeconds = bestOfThree([&] { textBytes = inflateIsal(path); });
    const double zlibSeconds = bestOfThree([&] { inflateZlib(path); });
    const double textMB = static_cast<double>(textBytes) / 1e6;

    NdjsonReadReport report;
    std::uint64_t tagCount = 0; // consumed so that the reading cannot be optimised away
    NdjsonHandlers handlers;
    handlers.onSample = [&tagCount](const SampleView& sample) { tagCount += sample.tags.size(); };
    const double readSeconds = bestOfThree([&] { report = readNdjson(path, handlers); });
    const double lines = static_cast<double>(report.lines);

    RunSamples samples;
    const double loadSeconds = bestOfThree([&] { samples = loadRunSamples(path); });
    const auto durations = samples.durations().size();
    const double bytesPerSample =
        static_cast<double>(samples.retainedBytes()) / static_cast<double>(durations);

    std::printf("file: %s\n", path.c_str());
    std::printf("  %.1f MB gzip, %.1f MB text, %llu lines (%llu bad), %llu samples, %zu http_req_duration, "
                "%zu tag sets (%llu samples past the tag-set limit), %zu seconds\n",
                compressedMB, textMB, static_cast<unsigned long long>(report.lines),
                static_cast<unsigned long long>(report.badLines),
                static_cast<unsigned long long>(report.samples), durations, samples.tagSetCount(),
                static_cast<unsigned long long>(samples.overflowedTagSetSamples()), samples.seconds().size());
    std::printf("best of 3 runs, one thread:\n");
    std::printf("(a) inflate only, ISA-L:      %7.3f s  %8.1f MB/s of text  %10.0f lines/s\n", isalSeconds,
                textMB / isalSeconds, lines / isalSeconds);
    std::printf("    inflate only, zlib gzread: %6.3f s  %8.1f MB/s of text  %10.0f lines/s\n", zlibSeconds,
                textMB / zlibSeconds, lines / zlibSeconds);
    std::printf(
        "(b) readNdjson:               %7.3f s  %8.1f MB/s of text  %10.0f lines/s  = %.2f x the ISA-L "
        "inflate rate\n",
        readSeconds, textMB / readSeconds, lines / readSeconds, isalSeconds / readSeconds);
    std::printf("(c) loadRunSamples:           %7.3f s  %8.1f MB/s of text  %10.0f lines/s\n", loadSeconds,
                textMB / loadSeconds, lines / loadSeconds);
    const double vectorBytesPerSample =
        static_cast<double>(samples.durations().capacity() * sizeof(DurationSample)) /
        static_cast<double>(durations);
    std::printf(
        "    retained: %zu bytes = %.2f bytes per http_req_duration sample: %.2f B in the sample vector + "
        "%.2f B for tag sets, buckets and slow list\n",
        samples.retainedBytes(), bytesPerSample, vectorBytesPerSample, bytesPerSample - vectorBytesPerSample);
    std::printf("targets:\n");
    std::printf("  readNdjson     >= %.0f lines/s: %s (%.0f lines/s)\n", targetLinesPerSecond,
                verdict(lines / readSeconds >= targetLinesPerSecond), lines / readSeconds);
    std::printf("  loadRunSamples >= %.0f lines/s: %s (%.0f lines/s)\n", targetLinesPerSecond,
                verdict(lines / loadSeconds >= targetLinesPerSecond), lines / loadSeconds);
    std::printf("  <= %.0f bytes per retained duration sample: %s (%.2f B)\n", targetBytesPerSample,
                verdict(bytesPerSample <= targetBytesPerSample), bytesPerSample);
    return tagCount == 0 ? 1 : 0;
} catch (const std::exception& error) {
    std::fprintf(stderr, "bench_ndjson_ingest: %s\n", error.what());
    return 1;
}
