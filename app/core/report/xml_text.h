#pragma once

#include <QString>
#include <string_view>

namespace loadbench {

/// UTF-8 `text` as the reports write it into XML (JUnit, SVG) and HTML: without the characters XML 1.0
/// forbids — control characters other than tab, line feed and carriage return (a terminal's colour codes in
/// a reason, say), U+FFFE and U+FFFF. QXmlStreamWriter would write them as they are, and no reader takes
/// the file then.
QString xmlText(std::string_view text);

} // namespace loadbench
