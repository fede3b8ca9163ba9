#pragma once

#include <optional>
#include <string>

/// k6's log lines when its stderr is not a terminal: logrus's logfmt (`time="…" level=error msg="…"`).
namespace loadbench {

/// A logfmt value as logrus writes it: bare when it is made of letters, digits and `-._/@^+` only, else
/// quoted the way Go's %q quotes.
std::string logfmtValue(const std::string& text);

/// The value of `msg="…"` in a line, unquoted as Go's strconv.Quote wrote it; nothing when the line has none.
std::optional<std::string> logfmtMessage(const std::string& line);

} // namespace loadbench
