#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace loadbench {

/// One request or response as `--http-debug=full` prints it.
struct DebugMessage {
    bool isRequest = true;
    std::string startLine;                                    // `GET /health HTTP/1.1`, `HTTP/1.1 200 OK`
    std::vector<std::pair<std::string, std::string>> headers; // in order
    std::string body;
};

/// Reads k6's `--http-debug=full` blocks out of its console output, line by line, from real k6 (logrus
/// fields after the message: `  group= iter=0 … source=http-debug vu=1`) and from loadbench-engine
/// (` source=http-debug`): `INFO[0000] Request:` starts a block, the line holding `source=http-debug` ends
/// it. Hand-written because the format is k6's log text, which no library parses.
class HttpDebugParser {
public:
    /// One line of the output, without its newline. Returns a message when the line ended one.
    std::optional<DebugMessage> addLine(std::string line);

private:
    bool m_inBlock = false;
    bool m_isRequest = true;
    std::vector<std::string> m_lines; // of the block so far, after its first line
};

} // namespace loadbench
