// Speed of reading a k6 summary as its metrics grow: time per metric should stay flat (linear parsing).
// Usage: bench_summary_read

#include "core/summary/summary.h"

#include <chrono>
#include <cstdio>
#include <string>

int main() {
    using namespace loadbench;
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each line as it is measured: the old reader took minutes
    std::printf("%10s %12s %14s %16s\n", "metrics", "bytes", "read (s)", "µs per metric");
    double firstPerMetric = 0;
    for (const int count : {40'000, 80'000, 160'000, 320'000}) {
        std::string text = R"({"metrics":{)";
        for (int i = 0; i < count; ++i)
            text += (i ? ",\"m" : "\"m") + std::to_string(i) +
                    R"(":{"type":"counter","contains":"default","values":{"count":1,"rate":0.5}})";
        text += "}}";
        const auto start = std::chrono::steady_clock::now();
        const Summary summary = parseSummary(text, "bench");
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        if (summary.metrics.size() != static_cast<std::size_t>(count))
            return 1;
        const double perMetric = took.count() * 1e6 / count;
        if (firstPerMetric == 0)
            firstPerMetric = perMetric;
        std::printf("%10d %12zu %14.3f %16.2f   %.2f× the smallest's per metric\n", count, text.size(),
                    took.count(), perMetric, perMetric / firstPerMetric);
    }
}
