#pragma once

#include "common/duration.h"
#include "engine/segments/execution_tuple.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// A configuration problem (exit code 104); what() names the option.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Stage {
    Duration duration{};
    // At the end of the stage: VUs (ramping-vus), or iterations per timeUnit (ramping-arrival-rate).
    int target = 0;
};

/// One scenario, with the options every executor takes and those of its own.
struct ScenarioConfig {
    std::string name = "default";
    std::string executor; // shared-iterations, per-vu-iterations, constant-vus, ramping-vus, *-arrival-rate
    int vus = 1;
    long long iterations = 1;                        // shared-iterations: in all; per-vu-iterations: each
    Duration duration{};                             // constant-vus, constant-arrival-rate
    Duration maxDuration = std::chrono::minutes(10); // iteration executors
    int startVUs = 1;                                // ramping-vus
    std::vector<Stage> stages;                       // ramping-vus, ramping-arrival-rate
    long long rate = 0;                              // constant-arrival-rate: iterations per timeUnit
    long long startRate = 0;                         // ramping-arrival-rate: iterations per timeUnit at first
    Duration timeUnit = std::chrono::seconds(1);     // arrival-rate executors: the period rates are per
    int preAllocatedVUs = 0; // arrival-rate executors: VUs initialised before the test (count)
    int maxVUs = 0; // arrival-rate executors: most VUs (count), initialised on demand past preAllocatedVUs
    Duration startTime{};
    Duration gracefulStop = std::chrono::seconds(30);
    Duration gracefulRampDown = std::chrono::seconds(30);
    std::string exec = "default"; // the exported function an iteration calls
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> tags;
    // This instance's part of the test (`--execution-segment`); the fields above are the whole test's, as
    // the script gives them, and each executor takes its share as k6 does.
    ExecutionTuple segment;

    bool arrivalRate() const;
    /// The most VUs this instance's share of the scenario uses at once.
    int maxVus() const;
    /// Of them, those initialised before the test starts: all, but for an arrival-rate executor, which
    /// initialises the rest on demand.
    int initialVus() const;
    /// How long it runs at most, graceful stop included.
    Duration maxTotalDuration() const;
    /// Its planned length without the graceful stop, for progress.
    Duration plannedDuration() const;
};

/// The command line's execution flags, which override the script's as k6 does.
struct CommandLineOverrides {
    std::optional<int> vus;
    std::optional<Duration> duration;
    std::optional<long long> iterations;
    std::vector<Stage> stages;
    std::optional<std::vector<std::string>> summaryTrendStats;
    std::optional<ExecutionSegment> executionSegment;                 // --execution-segment
    std::optional<ExecutionSegmentSequence> executionSegmentSequence; // --execution-segment-sequence
    std::map<std::string, std::string> tags; // --tag NAME=VALUE; when any, they replace the script's `tags`
};

/// The k6 version the engine implements, as its archives and default User-Agent name it.
inline constexpr const char* engineK6Version = "2.2.0-loadbench";
/// k6 sends `Grafana k6/<version>`; ours names the engine too.
inline const std::string defaultUserAgent =
    std::string("Grafana k6/") + engineK6Version + " (loadbench-engine)";

/// A TLS version as k6's `tlsVersion` names them: tls1.0 … tls1.3.
enum class TlsVersion { Any, Tls10, Tls11, Tls12, Tls13 };

/// The options that shape what every request sends: k6's `userAgent`, `maxRedirects`, `noCookiesReset`,
/// `insecureSkipTLSVerify`, `tlsVersion` and `hosts`.
struct HttpOptions {
    std::string userAgent = defaultUserAgent; // empty: no User-Agent header
    int maxRedirects = 10;
    bool maxRedirectsSet = false; // k6 warns when its default limit stops a redirect chain
    bool noCookiesReset = false;  // the VU's cookie jar lives across iterations
    bool insecureSkipTlsVerify = false;
    TlsVersion tlsMin = TlsVersion::Any;
    TlsVersion tlsMax = TlsVersion::Any;
    std::map<std::string, std::string> hosts; // `name` or `name:port` → `ip` or `ip:port`
    int batch = 20;       // http.batch: the most requests of one call in flight at once (k6's default)
    int batchPerHost = 6; // … and to one host (`host:port` as the URL names it); 0: no limit per host
};

struct EngineOptions {
    std::vector<ScenarioConfig> scenarios;
    HttpOptions http;
    std::vector<std::string> summaryTrendStats{"avg", "min", "med", "max", "p(90)", "p(95)"};
    std::string summaryTimeUnit;
    nlohmann::ordered_json thresholds = nlohmann::ordered_json::object(); // as the script wrote them
    std::map<std::string, std::string> tags;                              // added to every sample
    Duration setupTimeout = std::chrono::seconds(60);
    Duration teardownTimeout = std::chrono::seconds(60);
    bool discardResponseBodies = false; // the default responseType is then `none`
    ExecutionTuple segment;             // this instance's part of the test, also in every scenario's

    /// The most VUs in use at once over the test's timeline (k6's `maxVUs`, its banner's "max VUs"), of this
    /// instance.
    int maxVus() const;
    /// The VUs initialised before the test: every scenario's own, also when scenarios do not overlap.
    int initialVus() const;
    /// When the last scenario ends at the latest, graceful stops included (k6's `totalDuration`).
    Duration maxTotalDuration() const;
};

/// Resolves the script's exported `options` (as JSON) with the command line's overrides: shortcuts
/// (`vus`, `duration`, `iterations`, `stages`) become a `default` scenario; `executionSegment` and
/// `executionSegmentSequence` pick this instance's part. Throws ConfigError naming the option for anything k6
/// would refuse.
EngineOptions resolveOptions(const nlohmann::ordered_json& scriptOptions,
                             const CommandLineOverrides& overrides);

/// `--stage 10s:25` → a stage; throws ConfigError naming the flag.
Stage parseStageFlag(const std::string& text);

} // namespace loadbench::engine
