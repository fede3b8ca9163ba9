#pragma once

#include "core/workspace/env_file.h"

#include <filesystem>
#include <string>

namespace loadbench {

/// The variable of `.env` that names the stack's InfluxDB as this machine reaches it.
inline constexpr const char* stackInfluxdbVariable = "INFLUXDB_URL";

/// `.env`'s INFLUXDB_URL: `http://HOST:PORT/DB`, as k6's `--out influxdb=` takes it (docker-compose.yml
/// publishes the port); empty when not set. Throws Error naming `envFile` and the variable when it is not an
/// http:// or https:// URL with a host and a database.
std::string stackInfluxdbUrl(const EnvSettings& env, const std::filesystem::path& envFile);

} // namespace loadbench
