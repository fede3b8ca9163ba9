#include "engine/executors/arrival_rate.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace loadbench::engine {

namespace {
using Clock = std::chrono::steady_clock;

// How long before its planned start an iteration goes to a free VU (see run()).
constexpr auto handOffAhead = std::chrono::milliseconds(2);

std::int64_t nanoseconds(Clock::duration duration) {
    return std::chrono::duration_cast<Duration>(duration).count();
}
} // namespace

ArrivalRate::ArrivalRate(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus, VuFactory newVu)
    : Executor(scenario, test, std::move(vus))
    , m_newVu(std::move(newVu))
    , m_dropped(test.newBuffer()) {
    // k6 tags dropped iterations with the test's and the scenario's tags.
    Tags tags(test.tags.begin(), test.tags.end());
    tags.insert(tags.end(), scenario.config.tags.begin(), scenario.config.tags.end());
    tags.emplace_back("scenario", scenario.config.name);
    m_droppedContext = makeSampleContext(std::move(tags));
}

// Out of line: destroying m_growing may wait for its init code to end.
ArrivalRate::~ArrivalRate() = default;

void ArrivalRate::run() {
    for (auto& slot : m_slots)
        release(*slot);
    m_allocated = static_cast<int>(m_slots.size());
    m_scenario.activeVus += m_allocated;
    m_test.vusActive += m_allocated;
    if (!m_test.iterationStartLog.empty())
        m_starts.reserve(1 << 16);

    const auto started = m_scenario.started.load();
    // The test's schedule, of which this instance starts the iterations its share gives it.
    for (long long index = 0; m_iterationShare; ++index) {
        const std::optional<Duration> offset = startOf(m_iterationShare->globalIndex(index));
        if (!offset)
            break;
        const auto planned = started + *offset;
        // A free VU gets the iteration a little ahead and waits for the planned time itself: one thread wakes
        // at that time instead of two, one after the other. With none free, k6's rule holds: the iteration is
        // dropped when no VU is free at its planned time.
        if (!waitUntil(planned - handOffAhead))
            break;
        adoptGrown();
        Slot* slot = takeFree();
        if (!slot) {
            if (!waitUntil(planned))
                break;
            adoptGrown();
            slot = takeFree();
        }
        if (slot) {
            start(*slot, planned);
        } else {
            drop();
            grow();
        }
    }
    waitUntil(started + m_scenario.config.plannedDuration());
    std::vector<Slot*> all;
    for (auto& slot : m_slots)
        all.push_back(slot.get());
    finish(all);
    m_scenario.activeVus -= m_allocated;
    m_test.vusActive -= m_allocated;
    writeStartLog();
}

void ArrivalRate::start(Slot& slot, Clock::time_point planned) {
    ++m_busy;
    slot.loop = slot.vu->post([this, &slot, planned](VuRuntime& runtime) {
        std::this_thread::sleep_until(planned);
        if (!m_test.iterationStartLog.empty()) {
            const auto now = Clock::now();
            const auto started = m_scenario.started.load();
            const std::lock_guard lock(m_startsMutex);
            m_starts.emplace_back(nanoseconds(planned - started), nanoseconds(now - started));
        }
        iterate(runtime);
        --m_busy;
        release(slot);
    });
}

void ArrivalRate::release(Slot& slot) {
    const std::lock_guard lock(m_freeMutex);
    m_free.push_back(&slot);
}

Executor::Slot* ArrivalRate::takeFree() {
    const std::lock_guard lock(m_freeMutex);
    if (m_free.empty())
        return nullptr;
    Slot* slot = m_free.back();
    m_free.pop_back();
    return slot;
}

void ArrivalRate::drop() {
    m_dropped.push(Sample{m_test.metrics.droppedIterations, nowNs(), 1, m_droppedContext});
}

void ArrivalRate::grow() {
    if (m_growing || m_growthFailed)
        return;
    if (m_allocated.load() >= m_scenario.config.maxVus()) {
        if (!std::exchange(m_warnedFull, true))
            m_test.log("warn",
                       "Insufficient VUs, reached " + std::to_string(m_allocated.load()) +
                           " active VUs and cannot initialize more",
                       "");
        return;
    }
    m_growing = m_newVu();
}

void ArrivalRate::adoptGrown() {
    if (!m_growing || !m_growing->initDone())
        return;
    std::unique_ptr<Vu> vu = std::move(m_growing);
    try {
        vu->waitReady();
    } catch (const std::exception& error) {
        m_growthFailed = true;
        m_test.log("error",
                   "scenario " + m_scenario.config.name + ": a new VU's init code failed, so the scenario " +
                       "stays at " + std::to_string(m_allocated.load()) + " VUs: " + error.what(),
                   "");
        return;
    }
    auto slot = std::make_unique<Slot>();
    slot->vu = vu.get();
    release(*slot);
    m_slots.push_back(std::move(slot));
    m_grown.push_back(std::move(vu));
    ++m_allocated;
    ++m_scenario.activeVus;
    ++m_test.vusActive;
}

void ArrivalRate::writeStartLog() {
    if (m_test.iterationStartLog.empty())
        return;
    // Scenarios end on their own threads; one at a time appends.
    static std::mutex fileMutex;
    const std::lock_guard fileLock(fileMutex);
    const std::lock_guard lock(m_startsMutex);
    if (FILE* file = std::fopen(m_test.iterationStartLog.c_str(), "a")) {
        for (const auto& [planned, actual] : m_starts)
            std::fprintf(file, "%s %lld %lld\n", m_scenario.config.name.c_str(),
                         static_cast<long long>(planned), static_cast<long long>(actual));
        std::fclose(file);
    }
}

ScenarioProgress ArrivalRate::progress() const {
    const Duration planned = m_scenario.config.plannedDuration();
    ScenarioProgress progress = timedProgress(planned, m_busy.load(), m_allocated.load());
    const Duration elapsed = std::min(planned, Duration(static_cast<long long>(elapsedSeconds() * 1e9)));
    char rate[48];
    std::snprintf(rate, sizeof rate, "  %.2f iters/s", ratePerSecondAt(elapsed));
    progress.detail += rate;
    return progress;
}

std::string ArrivalRate::vusAndGracefulStop() const {
    const ScenarioConfig& config = m_scenario.config;
    std::string vus = std::to_string(config.initialVus());
    if (config.maxVus() > config.initialVus())
        vus += "-" + std::to_string(config.maxVus());
    return " (maxVUs: " + vus + ", gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
