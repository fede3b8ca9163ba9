#pragma once

#include "engine/segments/fraction.h"

#include <string>
#include <string_view>
#include <vector>

namespace loadbench::engine {

/// k6's execution segment: the part (from, to] of a test's work that one instance runs, 0 <= from < to <= 1.
struct ExecutionSegment {
    Fraction from{0};
    Fraction to{1};

    Fraction length() const { return to - from; }
    /// As k6 writes it: `1/4:1/2`, `0:1`.
    std::string toString() const;
    friend bool operator==(const ExecutionSegment&, const ExecutionSegment&) = default;
};

/// Consecutive segments, each starting where the one before ends (k6's ExecutionSegmentSequence).
using ExecutionSegmentSequence = std::vector<ExecutionSegment>;

/// k6's `--execution-segment`: `1/4:1/2`, `0.25:0.5`, `25%:50%`, or an end alone (`1/4` is `0:1/4`); empty is
/// the whole test. Throws std::invalid_argument with k6's reason.
ExecutionSegment parseExecutionSegment(std::string_view text);
/// k6's `--execution-segment-sequence`: at least two points, `0,1/4,1/2,1`; empty is none. Throws
/// std::invalid_argument with k6's reason.
ExecutionSegmentSequence parseExecutionSegmentSequence(std::string_view text);
/// As k6 writes a sequence: `0,1/4,1/2,1`.
std::string toString(const ExecutionSegmentSequence& sequence);

} // namespace loadbench::engine
