#pragma once

#include "core/backends/backend.h"

namespace loadbench {

/// The workspace's compose stack (docker-compose.yml, .env): per script `compose down`, then
/// `compose run --rm -T -e …  k6` with the run's name and script in the environment the compose file reads,
/// and `compose down` at the end or on cancel. Compose v2 (`docker compose`) is preferred, v1
/// (`docker-compose`) used when it is the one installed.
class ComposeBackend final : public Backend {
public:
    ComposeBackend(std::filesystem::path workspace, bool buildImages)
        : Backend(std::move(workspace))
        , m_buildImages(buildImages) {}

    BackendKind kind() const override { return BackendKind::Compose; }
    std::vector<std::string> preflight() override;
    bool bringsOwnTarget() const override { return true; }
    std::vector<Command> beforeRun() const override;
    std::vector<Command> beforeScript(const ScriptJob& job) const override;
    /// Writes the summary-capture entry module when the k6 service's command names the script.
    void stage(const ScriptJob& job) const override;
    std::optional<std::string> summaryCaptureGap(const ScriptJob& job) const override;
    Command runScript(const ScriptJob& job) const override;
    /// The k6 service command's `--out` other than json (the stack's `influxdb=http://influxdb:8086/k6`).
    std::optional<std::vector<std::string>> liveOutputs(const ScriptJob& job) const override;
    /// Where the compose file's k6 service writes it: `k6/benchmark/<run>_<script>.ndjson`.
    std::filesystem::path samplesFile(const ScriptJob& job) const override;
    std::vector<Command> afterRun() const override;

private:
    /// `docker compose -f … --project-directory … ARGUMENTS` (or `docker-compose …`).
    Command compose(std::vector<std::string> arguments) const;
    /// The k6 service's command for `job`, with the summary-capture entry in place of `<script>.js`; none
    /// when the compose file's command does not name the script (the service's own command then runs).
    std::optional<std::vector<std::string>> k6Command(const ScriptJob& job) const;

    bool m_buildImages;
    std::filesystem::path m_program;       // docker (v2) or docker-compose (v1), found by preflight()
    std::vector<std::string> m_subcommand; // {"compose"} for v2, empty for v1
    // The k6 service's command as `compose config` resolves it, the run's name and script as placeholders.
    std::vector<std::string> m_k6CommandTemplate;
};

} // namespace loadbench
