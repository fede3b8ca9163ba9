#include "core/workspace/stack_influxdb.h"

#include "common/error.h"

#include <QUrl>

namespace loadbench {

std::string stackInfluxdbUrl(const EnvSettings& env, const std::filesystem::path& envFile) {
    const auto it = env.find(stackInfluxdbVariable);
    if (it == env.end() || it->second.empty())
        return {};
    const QUrl url(QString::fromStdString(it->second), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty())
        throw Error(envFile.string() + ": " + stackInfluxdbVariable + " \"" + it->second +
                    "\": not an http:// or https:// URL");
    if (url.path().size() < 2)
        throw Error(envFile.string() + ": " + stackInfluxdbVariable + " \"" + it->second +
                    "\": names no database; add it as the path, like http://localhost:8086/k6");
    return it->second;
}

} // namespace loadbench
