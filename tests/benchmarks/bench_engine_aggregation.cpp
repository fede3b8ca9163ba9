// Throughput of the engine's collector-thread work on realistic HTTP samples: the Aggregator alone, the JSON
// output (plain and gzip) alone, both together, and the end-of-test work. Prints figures; asserts nothing.
// Usage: bench_engine_aggregation [requests]  (default 100000; each request is 11 samples, each iteration 3
// more)

#include "common/duration.h"
#include "engine/aggregation/aggregator.h"
#include "engine/endoftest/end_of_test.h"
#include "engine/outputs/json_output.h"
#include "engine/thresholds/thresholds.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

using namespace loadbench::engine;
using loadbench::Duration;
using loadbench::MetricType;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr int repeats = 3;                 // best of three: the machine is shared
constexpr std::size_t batchSamples = 4096; // what the collector drains from the VU buffers at a time

/// Samples as the HTTP module and the iteration loop emit them: one shared context a request, 11 samples a
/// request, then a check, iteration_duration and iterations.
struct Workload {
    MetricRegistry registry;
    std::vector<Sample> samples;
    std::size_t requests = 0;
    double seconds = 0; // the run's simulated length (s)

    explicit Workload(std::size_t requestCount)
        : requests(requestCount) {
        std::mt19937_64 random(42);
        std::lognormal_distribution<double> duration(3.0, 0.6); // ms, median about 20
        std::uniform_int_distribution<int> percent(0, 99);
        const std::int64_t start = 1'795'860'672'000'000'000;
        const std::int64_t step = 50'000; // ns: 20,000 requests per second
        samples.reserve(requestCount * 14);
        for (std::size_t i = 0; i < requestCount; ++i) {
            const std::int64_t at = start + static_cast<std::int64_t>(i) * step;
            const bool failed = percent(random) < 2;
            const std::string endpoint = "/api/v1/payments/" + std::to_string(i % 20);
            char trace[33];
            std::snprintf(trace, sizeof trace, "%016llx%016llx", static_cast<unsigned long long>(random()),
                          static_cast<unsigned long long>(random()));
            const auto request = makeSampleContext({{"expected_response", failed ? "false" : "true"},
                                                    {"group", "::confirm"},
                                                    {"method", "POST"},
                                                    {"name", endpoint},
                                                    {"proto", "HTTP/1.1"},
                                                    {"scenario", "default"},
                                                    {"status", failed ? "503" : "200"},
                                                    {"url", "http://127.0.0.1:8080" + endpoint}},
                                                   trace);
            const double waiting = duration(random);
            const auto add = [&](const Metric* metric, double value) {
                samples.push_back({metric, at, value, request});
            };
            add(registry.httpReqs, 1);
            add(registry.httpReqDuration, waiting + 0.05);
            add(registry.httpReqBlocked, 0.002);
            add(registry.httpReqConnecting, 0);
            add(registry.httpReqTlsHandshaking, 0);
            add(registry.httpReqSending, 0.02);
            add(registry.httpReqWaiting, waiting);
            add(registry.httpReqReceiving, 0.03);
            add(registry.httpReqFailed, failed ? 1 : 0);
            add(registry.dataSent, 312);
            add(registry.dataReceived, 845);
            const auto iteration = makeSampleContext(
                {{"check", "status is 200"}, {"group", "::confirm"}, {"scenario", "default"}});
            samples.push_back({registry.checks, at, failed ? 0.0 : 1.0, iteration});
            samples.push_back({registry.iterationDuration, at, waiting + 1.2, iteration});
            samples.push_back({registry.iterations, at, 1, iteration});
        }
        seconds = static_cast<double>(requestCount) * static_cast<double>(step) / 1e9;
    }
};

const char* thresholdsOption =
    R"({"http_req_duration":["p(95)<500","p(99)<900"],"http_req_failed":["rate<0.05"],
    "http_req_duration{name:/api/v1/payments/3}":["p(95)<300"],"checks":["rate>0.9"]})";

/// Best wall time of `repeats` runs of `work` (seconds).
double best(const std::function<void()>& work) {
    double fastest = 1e300;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        work();
        fastest = std::min(fastest, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return fastest;
}

void feed(const std::vector<Sample>& samples, const std::function<void(std::span<const Sample>)>& sink) {
    for (std::size_t at = 0; at < samples.size(); at += batchSamples)
        sink(std::span(samples).subspan(at, std::min(batchSamples, samples.size() - at)));
}

void report(const char* what, std::size_t samples, double seconds, std::size_t requests) {
    std::printf("%-34s %8.2f M samples/s  %7.1f ns/sample  %9.0f requests/s\n", what,
                static_cast<double>(samples) / seconds / 1e6, seconds * 1e9 / static_cast<double>(samples),
                static_cast<double>(requests) / seconds);
}

/// Gzips `bytes` with zlib at `level` in 1 MiB blocks, as the JSON output hands them over: seconds taken and
/// compressed size (bytes).
std::pair<double, std::size_t> gzipAt(const std::string& bytes, int level) {
    std::size_t size = 0;
    std::vector<Bytef> out(1 << 20);
    const double seconds = best([&] {
        z_stream stream{};
        deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY); // 15 + 16: gzip wrapper
        size = 0;
        for (std::size_t at = 0; at < bytes.size(); at += 1 << 20) {
            const std::size_t block = std::min<std::size_t>(1 << 20, bytes.size() - at);
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + at));
            stream.avail_in = static_cast<uInt>(block);
            const int flush = at + block == bytes.size() ? Z_FINISH : Z_NO_FLUSH;
            do {
                stream.next_out = out.data();
                stream.avail_out = static_cast<uInt>(out.size());
                deflate(&stream, flush);
                size += out.size() - stream.avail_out;
            } while (stream.avail_out == 0);
        }
        deflateEnd(&stream);
    });
    return {seconds, size};
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
    const fs::path dir = fs::path(LOADBENCH_BINARY_DIR) / "bench";
    fs::create_directories(dir);
    const Workload workload(requests);
    const std::size_t count = workload.samples.size();
    const auto json = nlohmann::ordered_json::parse(thresholdsOption);
    std::printf("workload: %zu requests, %zu samples (%.1f samples/request), best of %d, batches of %zu\n\n",
                requests, count, static_cast<double>(count) / static_cast<double>(requests), repeats,
                batchSamples);

    report("Aggregator (+2 submetrics)", count, best([&] {
               Aggregator aggregator(workload.registry);
               Thresholds(json).track(aggregator);
               feed(workload.samples, [&](auto batch) { aggregator.add(batch); });
           }),
           requests);

    std::uintmax_t plainBytes = 0;
    std::uintmax_t gzipBytes = 0;
    for (const char* name : {"engine-out.ndjson", "engine-out.ndjson.gz"}) {
        const fs::path path = dir / name;
        const double seconds = best([&] {
            JsonOutput output(path);
            feed(workload.samples, [&](auto batch) { output.addSamples(batch); });
            output.stop();
        });
        (fs::path(name).extension() == ".gz" ? gzipBytes : plainBytes) = fs::file_size(path);
        report(fs::path(name).extension() == ".gz" ? "JsonOutput gzip" : "JsonOutput plain", count, seconds,
               requests);
    }

    Aggregator aggregator(workload.registry);
    Thresholds thresholds(json);
    thresholds.track(aggregator);
    report("Aggregator + JsonOutput gzip", count, best([&] {
               Aggregator each(workload.registry);
               thresholds.track(each);
               JsonOutput output(dir / "engine-out.ndjson.gz", thresholds, each.submetrics());
               feed(workload.samples, [&](auto batch) {
                   each.add(batch);
                   output.addSamples(batch);
               });
               output.stop();
           }),
           requests);

    std::printf("\nJSON output size: plain %.1f B/sample, gzip (level 1) %.1f B/sample (%.1fx smaller)\n",
                static_cast<double>(plainBytes) / static_cast<double>(count),
                static_cast<double>(gzipBytes) / static_cast<double>(count),
                static_cast<double>(plainBytes) / static_cast<double>(gzipBytes));
    std::ifstream plainFile(dir / "engine-out.ndjson", std::ios::binary);
    const std::string plain((std::istreambuf_iterator<char>(plainFile)), std::istreambuf_iterator<char>());
    for (const int level : {1, 6}) {
        const auto [seconds, size] = gzipAt(plain, level);
        std::printf("zlib level %d on that text: %6.1f MB/s in, %.1f B/sample out\n", level,
                    static_cast<double>(plain.size()) / seconds / 1e6,
                    static_cast<double>(size) / static_cast<double>(count));
    }

    // End of test on the whole run: the first query sorts every trend once; later ones sort only what is new.
    feed(workload.samples, [&](auto batch) { aggregator.add(batch); });
    const auto elapsed = std::chrono::nanoseconds(static_cast<std::int64_t>(workload.seconds * 1e9));
    auto start = Clock::now();
    thresholds.evaluate(aggregator, elapsed, Evaluation::Final);
    const auto data = summaryData({aggregator, &thresholds, {}, elapsed});
    const auto text = textSummary({aggregator, &thresholds, {}, elapsed});
    std::printf("\nend of test (final thresholds, first sort of every trend, data and text): %.1f ms\n",
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    const double periodic = best([&] { thresholds.evaluate(aggregator, elapsed, Evaluation::Periodic); });
    std::printf("periodic threshold evaluation once sorted: %.1f µs\n", periodic * 1e6);
    std::uint64_t trendValues = 0;
    for (const Aggregator::Series& series : aggregator.observed())
        if (series.sink->type() == MetricType::Trend)
            trendValues += series.sink->samples();
    std::printf("trend values kept for exact percentiles: %.1f a request, %.0f B a request (8 B each)\n",
                static_cast<double>(trendValues) / static_cast<double>(requests),
                8.0 * static_cast<double>(trendValues) / static_cast<double>(requests));
    fs::remove(dir / "engine-out.ndjson");
    fs::remove(dir / "engine-out.ndjson.gz");
    return 0;
}
