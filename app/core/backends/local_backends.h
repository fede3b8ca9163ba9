#pragma once

#include "core/backends/backend.h"

namespace loadbench {

/// A k6-compatible program on this machine, run in scriptWorkingDirectory() (the kit ran k6 in k6/):
/// `PROGRAM run [--vus N] [--duration D] [--iterations N] [-e KEY=VALUE]… --out json=FILE
/// [--out influxdb=URL --tag run=RUN --tag script=SCRIPT] SCRIPT…`.
class LocalBackend : public Backend {
public:
    /// Makes scriptWorkingDirectory(), where runScript's command runs.
    void stage(const ScriptJob& job) const override;
    Command runScript(const ScriptJob& job) const override;
    std::optional<std::vector<std::string>> liveOutputs(const ScriptJob& job) const override;
    std::filesystem::path samplesFile(const ScriptJob& job) const override;

protected:
    using Backend::Backend;
    /// The command's last arguments: what to run, and how the summary data is kept.
    virtual std::vector<std::string> scriptArguments(const ScriptJob& job) const = 0;
    std::filesystem::path m_program; // found by preflight()
};

/// loadbench-engine, found next to loadbench or in its build tree; `--summary-data` keeps the summary data.
class BuiltinBackend final : public LocalBackend {
public:
    explicit BuiltinBackend(std::filesystem::path workspace)
        : LocalBackend(std::move(workspace)) {}
    BackendKind kind() const override { return BackendKind::Builtin; }
    std::vector<std::string> preflight() override;

private:
    std::vector<std::string> scriptArguments(const ScriptJob& job) const override;
};

/// A k6 binary on PATH, running the summary-capture entry module in place of the script (an archive as it
/// is).
class K6Backend final : public LocalBackend {
public:
    explicit K6Backend(std::filesystem::path workspace)
        : LocalBackend(std::move(workspace)) {}
    BackendKind kind() const override { return BackendKind::K6; }
    std::vector<std::string> preflight() override;
    void stage(const ScriptJob& job) const override;
    std::optional<std::string> summaryCaptureGap(const ScriptJob& job) const override;

private:
    std::vector<std::string> scriptArguments(const ScriptJob& job) const override;
};

} // namespace loadbench
