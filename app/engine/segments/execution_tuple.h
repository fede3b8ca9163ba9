#pragma once

#include "engine/segments/execution_segment.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace loadbench::engine {

/// One instance's segment of a full sequence, and k6's striping of whole things (VUs, iterations) among the
/// sequence's segments (k6's ExecutionTuple): thing n of the test (0-based) belongs to exactly one segment,
/// in a pattern that repeats every `lcd()` things, so the segments' shares add up to the whole for any count.
class ExecutionTuple {
public:
    /// The whole test, one instance: every thing is its own.
    ExecutionTuple();
    /// `segment` of `sequence` (empty: `segment` and the rest around it), the gaps at both ends filled as k6
    /// does. Throws std::invalid_argument when the segment is not one of the sequence's.
    ExecutionTuple(const ExecutionSegment& segment, const ExecutionSegmentSequence& sequence);

    const ExecutionSegment& segment() const;
    /// The full sequence, from 0 to 1.
    const ExecutionSegmentSequence& sequence() const;
    /// Whether this instance runs the whole test (a sequence of one segment).
    bool whole() const;
    /// The least common denominator of the segments' lengths: the striping repeats after as many things.
    std::int64_t lcd() const;

    /// k6's ScaleInt64: how many of the test's first `value` things are this segment's.
    std::int64_t scale(std::int64_t value) const;
    /// The test's index (0-based) of this segment's `local`-th thing (0-based).
    std::int64_t globalIndex(std::int64_t local) const;
    /// k6's GetNewExecutionTupleFromValue: the sequence cut anew into each segment's share of `value`, for
    /// things handed out by another count (iterations by the VUs); nothing when this segment's share is 0.
    std::optional<ExecutionTuple> forValue(std::int64_t value) const;

private:
    struct Striping;
    ExecutionTuple(std::shared_ptr<const Striping> striping, std::size_t index);

    std::shared_ptr<const Striping> m_striping; // shared by copies: tuples are passed around by value
    std::size_t m_index = 0;                    // of the segment in the sequence
};

} // namespace loadbench::engine
