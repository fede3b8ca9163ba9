#include "connector/connector.h"

#include "random/random.h"

#include <algorithm>
#include <thread>

namespace router {

ConnectorSimulator::ConnectorSimulator(std::chrono::milliseconds latency, std::chrono::milliseconds jitter,
                                       double failureRate, std::chrono::milliseconds failureAfter)
    : m_latency(latency)
    , m_jitter(jitter)
    , m_failureRate(failureRate)
    , m_failuresFrom(std::chrono::steady_clock::now() + failureAfter) {}

ConnectorSimulator::Outcome ConnectorSimulator::authorize() const {
    const double offset = (randomUnit() * 2.0 - 1.0) * double(m_jitter.count());
    const auto latency =
        std::chrono::milliseconds(std::max<long long>(0, m_latency.count() + static_cast<long long>(offset)));
    std::this_thread::sleep_for(latency);
    const bool failing = std::chrono::steady_clock::now() >= m_failuresFrom;
    return {!failing || randomUnit() >= m_failureRate, latency};
}

} // namespace router
