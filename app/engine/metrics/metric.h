#pragma once

#include "common/metric_kind.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace loadbench::engine {

/// A metric as k6 defines it: a name, a type and what its values measure.
class Metric {
public:
    Metric(std::string name, MetricType type, ValueKind contains, bool builtin)
        : m_name(std::move(name))
        , m_type(type)
        , m_contains(contains)
        , m_builtin(builtin) {}

    const std::string& name() const { return m_name; }
    MetricType type() const { return m_type; }
    ValueKind contains() const { return m_contains; }
    bool builtin() const { return m_builtin; }

private:
    std::string m_name;
    MetricType m_type;
    ValueKind m_contains;
    bool m_builtin;
};

/// Every metric of a run; the built-in ones exist from the start. Thread-safe: VUs define custom metrics in
/// their init code concurrently. Metric pointers stay valid for the registry's life.
class MetricRegistry {
    // Declared first: the built-in metric pointers below are initialised from them.
    mutable std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Metric>> m_metrics;

public:
    MetricRegistry();

    /// The metric called `name`, created on first use. Throws Error when it exists with another type or
    /// kind, or when the name is not a valid k6 metric name (k6: 1–128 of letters, digits, `_`, not
    /// starting with a digit).
    const Metric* define(const std::string& name, MetricType type, ValueKind contains);
    const Metric* find(const std::string& name) const;
    /// All metrics, by name.
    std::map<std::string, const Metric*> all() const;

    // The built-in metrics, named exactly as k6 names them.
    const Metric* const vus;
    const Metric* const vusMax;
    const Metric* const iterations;
    const Metric* const iterationDuration;
    const Metric* const droppedIterations;
    const Metric* const dataSent;
    const Metric* const dataReceived;
    const Metric* const checks;
    const Metric* const groupDuration;
    const Metric* const httpReqs;
    const Metric* const httpReqFailed;
    const Metric* const httpReqDuration;
    const Metric* const httpReqBlocked;
    const Metric* const httpReqConnecting;
    const Metric* const httpReqTlsHandshaking;
    const Metric* const httpReqSending;
    const Metric* const httpReqWaiting;
    const Metric* const httpReqReceiving;

private:
    const Metric* create(const std::string& name, MetricType type, ValueKind contains, bool builtin);
};

} // namespace loadbench::engine
