#include "core/validate/http_debug.h"

#include "common/logfmt.h"

#include <regex>

namespace loadbench {

namespace {

DebugMessage parseMessage(bool isRequest, const std::vector<std::string>& lines) {
    DebugMessage message;
    message.isRequest = isRequest;
    std::size_t i = 0;
    if (i < lines.size())
        message.startLine = lines[i++];
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        const std::size_t colon = lines[i].find(':');
        if (colon == std::string::npos)
            continue;
        const std::size_t value = lines[i].find_first_not_of(' ', colon + 1);
        message.headers.emplace_back(lines[i].substr(0, colon),
                                     value == std::string::npos ? std::string() : lines[i].substr(value));
    }
    for (++i; i < lines.size(); ++i)
        message.body += (message.body.empty() ? "" : "\n") + lines[i];
    return message;
}

} // namespace

std::optional<DebugMessage> HttpDebugParser::addLine(std::string line) {
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    // k6 writing to a pipe: the whole block on one logfmt line.
    if (!m_inBlock && line.find("source=http-debug") != std::string::npos)
        if (const std::optional<std::string> message = logfmtMessage(line)) {
            std::string text = *message;
            if (!text.empty() && text.back() == '\n')
                text.pop_back(); // k6 ends the message with one
            std::vector<std::string> lines;
            for (std::size_t from = 0; from <= text.size();) {
                std::size_t end = text.find('\n', from);
                if (end == std::string::npos)
                    end = text.size();
                std::string part = text.substr(from, end - from);
                if (!part.empty() && part.back() == '\r')
                    part.pop_back();
                lines.push_back(std::move(part));
                from = end + 1;
            }
            if (lines.front() != "Request:" && lines.front() != "Response:")
                return std::nullopt;
            const bool isRequest = lines.front() == "Request:";
            lines.erase(lines.begin());
            return parseMessage(isRequest, lines);
        }
    // k6 on a terminal, and loadbench-engine: a block of lines.
    static const std::regex start(R"(^[A-Z]{4}\[\d+\] (Request|Response):\s*$)");
    std::smatch match;
    if (std::regex_match(line, match, start)) {
        m_inBlock = true;
        m_isRequest = match[1] == "Request";
        m_lines.clear();
        return std::nullopt;
    }
    if (!m_inBlock)
        return std::nullopt;
    const std::size_t end = line.rfind("source=http-debug");
    if (end == std::string::npos) {
        m_lines.push_back(std::move(line));
        return std::nullopt;
    }
    // The fields after the message: the engine's ` source=http-debug` ends the line; k6's start at `  group=`
    // (sorted by key), the last of them, since a body may hold the same text.
    constexpr std::string_view engineSuffix = " source=http-debug";
    std::size_t fields =
        line.ends_with(engineSuffix) ? line.size() - engineSuffix.size() : line.rfind("  group=", end);
    if (fields == std::string::npos)
        fields = end;
    std::string rest = line.substr(0, fields);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r'))
        rest.pop_back();
    if (!rest.empty())
        m_lines.push_back(std::move(rest));
    m_inBlock = false;
    return parseMessage(m_isRequest, m_lines);
}

} // namespace loadbench
