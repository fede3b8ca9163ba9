// The Run page's log under a flood of output: RATE lines a second (default 10,000) for SECONDS (default 5),
// arriving as a run's output does, while a 10 ms heartbeat timer measures how late the UI thread's event
// loop gets to it. Prints the heartbeat's lateness and the lines shown; with RATE 0 it measures the idle
// loop, the reference for the figures. Usage: bench_log_view [RATE] [SECONDS] (offscreen platform).
#include "gui/run_page.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Lateness {
    double p50 = 0, p99 = 0, max = 0; // ms
};

Lateness measure(int rate, int seconds, int& shownLines) {
    loadbench::gui::RunPage page;
    page.resize(1280, 800);
    page.show();
    emit page.session().started();
    const auto* log = page.findChild<QPlainTextEdit*>("runLog");

    constexpr int tickMs = 10;
    const int linesPerTick = rate * tickMs / 1000;
    long long sent = 0;
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        for (int i = 0; i < linesPerTick; ++i)
            emit page.session().outputLine(loadbench::OutputLine{"health",
                                                                 "running (00m12.8s), 10/25 VUs, " +
                                                                     std::to_string(sent++) +
                                                                     " complete and 0 interrupted iterations",
                                                                 false});
    });
    std::vector<double> late;
    QElapsedTimer clock;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    qint64 expected = 0;
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        late.push_back(std::max<qint64>(0, now - expected) / 1e6);
        expected = now + tickMs * 1'000'000LL;
    });
    clock.start();
    expected = tickMs * 1'000'000LL;
    feeder.start(tickMs);
    heartbeat.start(tickMs);
    QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
    QApplication::exec();
    feeder.stop();
    heartbeat.stop();
    shownLines = log->blockCount();
    std::sort(late.begin(), late.end());
    const auto at = [&](double q) {
        return late.empty() ? 0 : late[std::size_t(q * double(late.size() - 1))];
    };
    return {at(0.5), at(0.99), late.empty() ? 0 : late.back()};
}

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int rate = argc > 1 ? std::atoi(argv[1]) : 10'000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
    int idleLines = 0, floodLines = 0;
    const Lateness idle = measure(0, seconds, idleLines);
    const Lateness flood = measure(rate, seconds, floodLines);
    std::printf("log view, %d s each, a 10 ms heartbeat on the UI thread\n", seconds);
    std::printf("idle:            heartbeat late by p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", idle.p50,
                idle.p99, idle.max);
    std::printf("%6d lines/s:   heartbeat late by p50 %.2f ms, p99 %.2f ms, max %.2f ms; log holds %d lines "
                "(bounded to 10,000)\n",
                rate, flood.p50, flood.p99, flood.max, floodLines);
    return 0;
}
