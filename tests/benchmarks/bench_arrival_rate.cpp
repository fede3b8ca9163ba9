// How closely loadbench-engine's constant-arrival-rate executor keeps its schedule against a loopback server:
// the achieved rate against the target (goal: within 1 %) and the lateness of iteration starts against their
// planned times (goal: p99 ≤ 2 ms). The engine writes each iteration's planned and actual start, measured on
// the VU's thread just before the iteration runs, to the file named by LOADBENCH_ENGINE_START_LOG. Prints
// figures; asserts nothing. For scale it also prints how late a bare thread of its own wakes from
// sleep_until() every 2 ms meanwhile: on a busy machine that floor, not the engine, bounds the lateness.
// Usage: bench_arrival_rate [rate per second (500)] [seconds (20)] [path/to/loadbench-engine]

#include "support/loopback_http_server.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double percent) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(percent / 100 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const int rate = argc > 1 ? std::atoi(argv[1]) : 500;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 20;
    const QString engine = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral(LOADBENCH_ENGINE);
    if (rate <= 0 || seconds <= 0) {
        std::fprintf(stderr, "usage: bench_arrival_rate [rate per second] [seconds] [loadbench-engine]\n");
        return 2;
    }

    // When each request reached the server, taken on the server's thread.
    std::mutex arrivalsMutex;
    std::vector<Clock::time_point> arrivals;
    arrivals.reserve(static_cast<std::size_t>(rate) * static_cast<std::size_t>(seconds) + 16);
    loadbench::test::LoopbackHttpServer server([&](const loadbench::test::ReceivedRequest& request) {
        {
            const std::lock_guard lock(arrivalsMutex);
            arrivals.push_back(Clock::now());
        }
        return loadbench::test::LoopbackHttpServer::defaultReply(request);
    });

    QTemporaryDir dir;
    const QString script = dir.filePath("arrival.js");
    const QString startLog = dir.filePath("starts.log");
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(QString(R"js(
import http from 'k6/http';
export const options = { scenarios: { open: { executor: 'constant-arrival-rate', rate: %1, timeUnit: '1s',
    duration: '%2s', preAllocatedVUs: 50, maxVUs: 200 } } };
export default function () { http.get(`${__ENV.BASE}/`); }
)js")
                   .arg(rate)
                   .arg(seconds)
                   .toUtf8());
    file.close();

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("LOADBENCH_ENGINE_START_LOG", startLog);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    std::printf(
        "constant-arrival-rate at %d iterations/s for %d s (preAllocatedVUs 50, maxVUs 200) against %s\n",
        rate, seconds, qPrintable(server.url("/")));
    std::fflush(stdout);
    std::atomic<bool> running{true};
    std::vector<double> floorLateness; // ms
    std::thread floor([&] {
        const auto start = Clock::now() + std::chrono::milliseconds(1);
        for (long long tick = 0; running; ++tick) {
            const auto planned = start + std::chrono::milliseconds(2) * tick;
            std::this_thread::sleep_until(planned);
            floorLateness.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - planned).count());
        }
    });
    process.start(engine, {"run", script, "--quiet", "-e", "BASE=" + server.url("")});
    const bool finished = process.waitForFinished((seconds + 60) * 1000);
    running = false;
    floor.join();
    if (!finished || process.exitCode() != 0) {
        std::fprintf(stderr, "loadbench-engine failed (exit code %d)\n", process.exitCode());
        return 1;
    }

    std::vector<double> lateness; // ms
    long long planned = 0;
    long long actual = 0;
    long long firstStart = -1;
    long long lastStart = 0;
    std::ifstream starts(startLog.toStdString());
    std::string scenario;
    while (starts >> scenario >> planned >> actual) {
        lateness.push_back(static_cast<double>(actual - planned) / 1e6);
        firstStart = firstStart < 0 ? actual : std::min(firstStart, actual);
        lastStart = std::max(lastStart, actual);
    }
    const long long target = static_cast<long long>(rate) * seconds;
    const auto started = static_cast<long long>(lateness.size());
    if (started < 2) {
        std::fprintf(stderr, "no start times in %s\n", qPrintable(startLog));
        return 1;
    }
    // Iterations 0 … n - 1 are planned at i / rate: n - 1 periods between the first and the last start.
    const double spanRate =
        static_cast<double>(started - 1) / (static_cast<double>(lastStart - firstStart) / 1e9);
    double serverRate = 0;
    {
        const std::lock_guard lock(arrivalsMutex);
        if (arrivals.size() > 1)
            serverRate = static_cast<double>(arrivals.size() - 1) /
                         std::chrono::duration<double>(arrivals.back() - arrivals.front()).count();
    }
    const auto error = [&](double achieved) { return (achieved / rate - 1) * 100; };
    std::printf("iterations: %lld planned, %lld started, %lld dropped\n", target, started, target - started);
    std::printf(
        "rate:       target %d/s; started %.2f/s over the planned %d s (%+.3f %%); %.2f/s between the "
        "first and last start (%+.3f %%); server received %.2f/s (%+.3f %%)\n",
        rate, static_cast<double>(started) / seconds, seconds, error(static_cast<double>(started) / seconds),
        spanRate, error(spanRate), serverRate, error(serverRate));
    std::printf(
        "lateness of starts against the schedule: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, "
        "max %.3f ms\n",
        percentile(lateness, 50), percentile(lateness, 90), percentile(lateness, 99),
        percentile(lateness, 99.9), percentile(lateness, 100));
    std::printf("meanwhile, a bare thread's sleep_until() every 2 ms woke late by: p50 %.3f ms, p90 %.3f ms, "
                "p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
                percentile(floorLateness, 50), percentile(floorLateness, 90), percentile(floorLateness, 99),
                percentile(floorLateness, 99.9), percentile(floorLateness, 100));
    std::printf("goals: rate within 1 %% %s; p99 lateness <= 2 ms %s\n",
                std::abs(error(spanRate)) <= 1 && started == target ? "met" : "MISSED",
                percentile(lateness, 99) <= 2 ? "met" : "MISSED");
    return 0;
}
