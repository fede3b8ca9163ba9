#include "engine/segments/execution_tuple.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace loadbench::engine {

namespace {
// The striping holds lcd() indexes; more would cost memory no sensible sequence needs (k6's limit is RAM).
constexpr std::int64_t mostLcd = 1'000'000;
} // namespace

struct ExecutionTuple::Striping {
    ExecutionSegmentSequence sequence;
    std::int64_t lcd = 1;
    // For each segment, the indexes in [0, lcd) that are its own, ascending.
    std::vector<std::vector<std::int64_t>> positions;

    explicit Striping(ExecutionSegmentSequence segments);
};

ExecutionTuple::Striping::Striping(ExecutionSegmentSequence segments)
    : sequence(std::move(segments))
    , positions(sequence.size()) {
    for (const ExecutionSegment& segment : sequence) {
        lcd = std::lcm(lcd, segment.length().denominator());
        if (lcd > mostLcd)
            throw std::invalid_argument("the segments' lengths need a common denominator above " +
                                        std::to_string(mostLcd));
    }
    // k6's striping: the segments, largest first, take turns so that each gets its numerator's count of every
    // lcd things, spread as evenly as it can.
    std::vector<std::size_t> order(sequence.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::int64_t> share(sequence.size()); // of every lcd things
    for (std::size_t i = 0; i < sequence.size(); ++i)
        share[i] = sequence[i].length().numerator() * (lcd / sequence[i].length().denominator());
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return share[a] > share[b]; });
    std::vector<std::int64_t> taken(sequence.size());
    for (std::int64_t thing = 0; thing < lcd; ++thing) {
        for (const std::size_t segment : order) {
            const std::int64_t due = taken[segment] * lcd;
            const std::int64_t at = due / share[segment];
            if (thing > at || (thing == at && due % share[segment] == 0)) {
                ++taken[segment];
                positions[segment].push_back(thing);
                break;
            }
        }
    }
}

ExecutionTuple::ExecutionTuple()
    : m_striping(std::make_shared<const Striping>(ExecutionSegmentSequence{ExecutionSegment{}})) {}

ExecutionTuple::ExecutionTuple(std::shared_ptr<const Striping> striping, std::size_t index)
    : m_striping(std::move(striping))
    , m_index(index) {}

ExecutionTuple::ExecutionTuple(const ExecutionSegment& segment, const ExecutionSegmentSequence& sequence) {
    ExecutionSegmentSequence filled = sequence.empty() ? ExecutionSegmentSequence{segment} : sequence;
    for (std::size_t i = 1; i < filled.size(); ++i)
        if (filled[i].from != filled[i - 1].to)
            throw std::invalid_argument("the start value " + filled[i].from.toString() + " of segment #" +
                                        std::to_string(i) +
                                        " must be equal to the end value of the previous one, " +
                                        "but it is " + filled[i - 1].to.toString());
    if (filled.front().from != Fraction(0))
        filled.insert(filled.begin(), ExecutionSegment{Fraction(0), filled.front().from});
    if (filled.back().to != Fraction(1))
        filled.push_back(ExecutionSegment{filled.back().to, Fraction(1)});
    const auto found = std::find(filled.begin(), filled.end(), segment);
    if (found == filled.end())
        throw std::invalid_argument("segment " + segment.toString() + " is not in the sequence " +
                                    loadbench::engine::toString(filled));
    m_index = static_cast<std::size_t>(found - filled.begin());
    m_striping = std::make_shared<const Striping>(std::move(filled));
}

const ExecutionSegment& ExecutionTuple::segment() const {
    return m_striping->sequence[m_index];
}

const ExecutionSegmentSequence& ExecutionTuple::sequence() const {
    return m_striping->sequence;
}

bool ExecutionTuple::whole() const {
    return m_striping->sequence.size() == 1;
}

std::int64_t ExecutionTuple::lcd() const {
    return m_striping->lcd;
}

std::int64_t ExecutionTuple::scale(std::int64_t value) const {
    const auto& own = m_striping->positions[m_index];
    const std::int64_t lcd = m_striping->lcd;
    const auto rest = std::lower_bound(own.begin(), own.end(), value % lcd) - own.begin();
    return value / lcd * static_cast<std::int64_t>(own.size()) + rest;
}

std::int64_t ExecutionTuple::globalIndex(std::int64_t local) const {
    const auto& own = m_striping->positions[m_index];
    const auto perCycle = static_cast<std::int64_t>(own.size());
    return local / perCycle * m_striping->lcd + own[static_cast<std::size_t>(local % perCycle)];
}

std::optional<ExecutionTuple> ExecutionTuple::forValue(std::int64_t value) const {
    if (value < 1)
        return std::nullopt;
    if (value % m_striping->lcd == 0) // every segment's share is exact: the same striping
        return *this;
    ExecutionSegmentSequence cut;
    std::optional<std::size_t> index;
    std::int64_t before = 0;
    for (std::size_t i = 0; i < m_striping->sequence.size(); ++i) {
        const std::int64_t share = ExecutionTuple(m_striping, i).scale(value);
        if (share == 0)
            continue;
        if (i == m_index)
            index = cut.size();
        cut.push_back({Fraction(before, value), Fraction(before + share, value)});
        before += share;
    }
    if (!index)
        return std::nullopt;
    return ExecutionTuple(std::make_shared<const Striping>(std::move(cut)), *index);
}

} // namespace loadbench::engine
