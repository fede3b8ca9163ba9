#include "engine/http/url_values.h"

#include <QByteArray>

namespace loadbench::engine {

namespace {

QByteArray queryEscaped(const std::string& text) {
    return QByteArray::fromStdString(text).toPercentEncoding().replace("%20", "+");
}

} // namespace

std::string encodeUrlValues(const UrlValues& values) {
    QByteArray encoded;
    for (const auto& [name, list] : values)
        for (const std::string& value : list) {
            if (!encoded.isEmpty())
                encoded += '&';
            encoded += queryEscaped(name) + '=' + queryEscaped(value);
        }
    return encoded.toStdString();
}

} // namespace loadbench::engine
