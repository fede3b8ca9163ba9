#include "core/report/xml_text.h"

namespace loadbench {

QString xmlText(std::string_view text) {
    QString result = QString::fromUtf8(text.data(), qsizetype(text.size()));
    result.removeIf([](QChar c) {
        const char16_t unit = c.unicode();
        return (unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r') || unit == 0xfffe ||
               unit == 0xffff;
    });
    return result;
}

} // namespace loadbench
