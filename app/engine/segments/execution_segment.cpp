#include "engine/segments/execution_segment.h"

#include <stdexcept>

namespace loadbench::engine {

namespace {

Fraction pointOf(std::string_view text) {
    const auto point = Fraction::parse(text);
    if (!point)
        throw std::invalid_argument(
            text.ends_with('%') ? "'" + std::string(text) + "' is not a valid percentage"
                                : "'" + std::string(text) +
                                      "' is not a valid percentage, decimal, fraction or interval value");
    return *point;
}

ExecutionSegment checkedSegment(const Fraction& from, const Fraction& to) {
    if (from < Fraction(0))
        throw std::invalid_argument("segment start value must be at least 0 but was " + from.toString());
    if (from >= to)
        throw std::invalid_argument("segment start (" + from.toString() + ") must be less than its end (" +
                                    to.toString() + ")");
    if (to > Fraction(1))
        throw std::invalid_argument("segment end value can't be more than 1 but was " + to.toString());
    return {from, to};
}

} // namespace

std::string ExecutionSegment::toString() const {
    return from.toString() + ":" + to.toString();
}

ExecutionSegment parseExecutionSegment(std::string_view text) {
    if (text.empty())
        return {};
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return checkedSegment(Fraction(0), pointOf(text));
    return checkedSegment(pointOf(text.substr(0, colon)), pointOf(text.substr(colon + 1)));
}

ExecutionSegmentSequence parseExecutionSegmentSequence(std::string_view text) {
    if (text.empty())
        return {};
    std::vector<Fraction> points;
    for (std::size_t start = 0;;) {
        const auto comma = text.find(',', start);
        points.push_back(
            pointOf(text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    if (points.size() < 2)
        throw std::invalid_argument("at least 2 points are needed for an execution segment sequence, " +
                                    std::to_string(points.size()) + " given");
    ExecutionSegmentSequence sequence;
    for (std::size_t i = 1; i < points.size(); ++i)
        sequence.push_back(checkedSegment(points[i - 1], points[i]));
    return sequence;
}

std::string toString(const ExecutionSegmentSequence& sequence) {
    std::string text;
    for (const ExecutionSegment& segment : sequence)
        text += (text.empty() ? segment.from.toString() : std::string()) + "," + segment.to.toString();
    return text;
}

} // namespace loadbench::engine
