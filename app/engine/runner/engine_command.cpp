#include "engine/runner/engine_command.h"

#include "common/env_assignment.h"
#include "common/error.h"
#include "engine/merge/instance_merge.h"
#include "engine/outputs/output_registry.h"
#include "engine/runner/archive_command.h"
#include "engine/runner/fatal_signal.h"
#include "engine/runner/inspect.h"
#include "engine/runner/test_run.h"
#include "engine/runner/vendor_command.h"

#include <QCommandLineParser>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <variant>

namespace loadbench::engine {

namespace {

constexpr const char* usage =
    "Usage: loadbench-engine run SCRIPT [options]\n"
    "       loadbench-engine inspect SCRIPT [--execution-requirements] [--execution-segment S\n"
    "                [--execution-segment-sequence Q]] [-e KEY=VALUE] [--module-dir DIR]\n"
    "       loadbench-engine archive SCRIPT [-O FILE.tar] [-e KEY=VALUE] [--module-dir DIR]\n"
    "       loadbench-engine vendor SCRIPT [--module-dir DIR]\n"
    "       loadbench-engine merge --out json=FILE [--summary-data FILE] [--text-summary FILE]\n"
    "                        [--instance-summary FILE]... [--summary-trend-stats LIST] SAMPLES...\n";

int badUsage(const std::string& message) {
    std::cerr << "loadbench-engine: " << message << "\n";
    return ExitInvalidConfig;
}

/// The flags of a test's execution, which override the script's options as k6 does.
struct ExecutionFlags {
    QCommandLineOption vus{QStringList{"u", "vus"}, "Number of VUs (else K6_VUS).", "N"};
    QCommandLineOption duration{QStringList{"d", "duration"},
                                "Test duration, like 30s or 1m30s (else K6_DURATION).", "D"};
    QCommandLineOption iterations{QStringList{"i", "iterations"},
                                  "Iterations shared among the VUs (else K6_ITERATIONS).", "N"};
    QCommandLineOption stage{QStringList{"s", "stage"}, "A ramping stage DURATION:TARGET; repeatable.",
                             "D:T"};
    QCommandLineOption trendStats{"summary-trend-stats", "Trend stats in the summary, e.g. avg,p(99).",
                                  "LIST"};
    QCommandLineOption tag{"tag", "A tag on every sample; repeatable (replaces the script's options.tags).",
                           "NAME=VALUE"};
};

/// This instance's part of the test, for `run` and for `inspect --execution-requirements`.
struct SegmentFlags {
    QCommandLineOption segment{"execution-segment",
                               "The part of the test this instance runs, like 1/4:1/2 (else "
                               "K6_EXECUTION_SEGMENT).",
                               "S"};
    QCommandLineOption sequence{
        "execution-segment-sequence",
        "All instances' segments, like 0,1/4,1/2,1 (else K6_EXECUTION_SEGMENT_SEQUENCE).", "Q"};
};

/// A setting's text and where it came from (the flag or the variable), for messages.
struct Setting {
    std::string name;
    QString text;
};

/// As in k6, a flag wins over its K6_* environment variable, which wins over the script's options; the
/// variables let a caller that cannot change the command line (a compose service) set them.
std::optional<Setting> settingOf(const QCommandLineParser& parser, const QCommandLineOption* option,
                                 const char* variable) {
    if (option && parser.isSet(*option))
        return Setting{"--" + option->names().last().toStdString(), parser.value(*option)};
    if (qEnvironmentVariableIsSet(variable))
        return Setting{variable, qEnvironmentVariable(variable)};
    return std::nullopt;
}

long long countOf(const Setting& given, long long minimum) {
    bool ok = false;
    const long long value = given.text.toLongLong(&ok);
    if (!ok || value < minimum)
        throw ConfigError(given.name + " \"" + given.text.toStdString() +
                          "\": must be a whole number of at least " + std::to_string(minimum));
    return value;
}

/// A setting read by `parse`, which throws std::invalid_argument with the reason; that is a ConfigError
/// naming the flag or variable.
template <typename Parse>
auto parsedSettingOf(const QCommandLineParser& parser, const QCommandLineOption& option, const char* variable,
                     Parse parse) -> std::optional<decltype(parse(std::string_view()))> {
    const auto given = settingOf(parser, &option, variable);
    if (!given)
        return std::nullopt;
    const std::string text = given->text.toStdString();
    try {
        return parse(text);
    } catch (const std::invalid_argument& error) {
        throw ConfigError(given->name + " \"" + text + "\": " + error.what());
    }
}

/// `--summary-trend-stats avg,p(99)` as a list.
std::vector<std::string> trendStatsOf(const QString& text) {
    std::vector<std::string> stats;
    for (const QString& stat : text.split(',', Qt::SkipEmptyParts))
        stats.push_back(stat.trimmed().toStdString());
    return stats;
}

/// The overrides of the flags (when given) and of k6's environment variables. Throws ConfigError.
CommandLineOverrides overridesOf(const QCommandLineParser& parser, const ExecutionFlags* flags,
                                 const SegmentFlags& segments) {
    CommandLineOverrides overrides;
    overrides.executionSegment =
        parsedSettingOf(parser, segments.segment, "K6_EXECUTION_SEGMENT", parseExecutionSegment);
    overrides.executionSegmentSequence = parsedSettingOf(
        parser, segments.sequence, "K6_EXECUTION_SEGMENT_SEQUENCE", parseExecutionSegmentSequence);
    if (const auto given = settingOf(parser, flags ? &flags->vus : nullptr, "K6_VUS"))
        overrides.vus = static_cast<int>(countOf(*given, 0));
    if (const auto given = settingOf(parser, flags ? &flags->iterations : nullptr, "K6_ITERATIONS"))
        overrides.iterations = countOf(*given, 1);
    if (const auto given = settingOf(parser, flags ? &flags->duration : nullptr, "K6_DURATION")) {
        const auto parsed = parseDuration(given->text.toStdString());
        if (!parsed)
            throw ConfigError(given->name + " \"" + given->text.toStdString() +
                              "\": not a duration (like 30s, 1m30s or 500ms)");
        overrides.duration = *parsed;
    }
    if (!flags)
        return overrides;
    for (const QString& text : parser.values(flags->stage))
        overrides.stages.push_back(parseStageFlag(text.toStdString()));
    if (parser.isSet(flags->trendStats))
        overrides.summaryTrendStats = trendStatsOf(parser.value(flags->trendStats));
    for (const QString& text : parser.values(flags->tag)) {
        const std::optional<EnvAssignment> tag = parseEnvAssignment(text.toStdString());
        if (!tag)
            throw ConfigError("--tag \"" + text.toStdString() + "\": use NAME=VALUE");
        overrides.tags[tag->key] = tag->value;
    }
    return overrides;
}

/// `-e KEY=VALUE`, repeatable. Throws ConfigError.
std::map<std::string, std::string> assignmentsOf(const QCommandLineParser& parser,
                                                 const QCommandLineOption& env) {
    std::map<std::string, std::string> assignments;
    for (const QString& pair : parser.values(env)) {
        const std::optional<EnvAssignment> assignment = parseEnvAssignment(pair.toStdString());
        if (!assignment)
            throw ConfigError("--env \"" + pair.toStdString() + "\": use KEY=VALUE");
        assignments[assignment->key] = assignment->value;
    }
    return assignments;
}

const QCommandLineOption helpOption(QStringList{"h", "help"}, "Show this help.");
const QCommandLineOption envOption(QStringList{"e", "env"}, "An environment variable for __ENV; repeatable.",
                                   "KEY=VALUE");
const QCommandLineOption
    moduleDirOption("module-dir",
                    "A module folder (DIR/HOST/PATH for https://HOST/PATH), searched first; repeatable.",
                    "DIR");

std::vector<std::filesystem::path> moduleDirsOf(const QCommandLineParser& parser) {
    std::vector<std::filesystem::path> folders;
    for (const QString& folder : parser.values(moduleDirOption))
        folders.emplace_back(folder.toStdString());
    return folders;
}

/// Parses `arguments` (those after the executable's name); the exit code to return at once for --help (the
/// help printed) and bad usage (one line on stderr), none to go on.
std::optional<int> parseArguments(QCommandLineParser& parser, QStringList arguments) {
    arguments.prepend("loadbench-engine");
    if (!parser.parse(arguments))
        return badUsage(parser.errorText().toStdString());
    if (parser.isSet(helpOption)) {
        QString text = parser.helpText();
        text.replace(0, text.indexOf('\n') + 1, usage);
        std::cout << text.toStdString();
        return ExitOk;
    }
    return std::nullopt;
}

/// Parses `arguments` for `command SCRIPT`: the script, or the exit code to return at once (help, bad usage).
std::variant<std::string, int> parseCommand(QCommandLineParser& parser, QStringList arguments,
                                            const QString& command) {
    parser.addPositionalArgument(command, "The command: " + command + ".");
    parser.addPositionalArgument("SCRIPT", "The k6 script.");
    if (const std::optional<int> exitCode = parseArguments(parser, std::move(arguments)))
        return *exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional[0] != command)
        return badUsage("expects `" + command.toStdString() + " SCRIPT`; see loadbench-engine --help");
    return positional[1].toStdString();
}

int runCommand(QStringList arguments) {
    // `--http-debug` takes an optional value, which QCommandLineParser cannot express.
    for (QString& argument : arguments)
        if (argument == "--http-debug")
            argument = "--http-debug=headers";

    QCommandLineParser parser;
    parser.setApplicationDescription("Runs a k6 script with Loadbench's built-in k6-compatible engine.");
    const ExecutionFlags flags;
    const SegmentFlags segments;
    const QCommandLineOption out(
        QStringList{"o", "out"},
        "Samples to an output, repeatable (else K6_OUT, comma-separated): json=FILE, "
        "csv=FILE, influxdb=URL, experimental-prometheus-rw.",
        "NAME[=ARG]");
    const QCommandLineOption httpDebug(
        "http-debug", "Log requests and responses: headers, or full with bodies (else K6_HTTP_DEBUG).",
        "full");
    const QCommandLineOption quiet(QStringList{"q", "quiet"}, "No progress output.");
    const QCommandLineOption noTraceContext(
        "no-trace-context", "Send no W3C traceparent header (else every request starts a trace).");
    const QCommandLineOption summaryData(
        "summary-data", "Also write handleSummary's data object to FILE as JSON, whatever the script does.",
        "FILE");
    for (const auto* option :
         {&helpOption, &flags.vus, &flags.duration, &flags.iterations, &flags.stage, &flags.tag, &envOption,
          &out, &flags.trendStats, &httpDebug, &quiet, &noTraceContext, &summaryData, &moduleDirOption,
          &segments.segment, &segments.sequence})
        parser.addOption(*option);
    const auto script = parseCommand(parser, arguments, "run");
    if (const int* code = std::get_if<int>(&script))
        return *code;

    RunSettings settings;
    settings.script = std::get<std::string>(script);
    settings.moduleDirs = moduleDirsOf(parser);
    try {
        settings.overrides = overridesOf(parser, &flags, segments);
        settings.env = assignmentsOf(parser, envOption);
        // As k6: the flags replace K6_OUT, they do not add to it.
        QStringList outputs = parser.values(out);
        if (outputs.isEmpty())
            outputs = qEnvironmentVariable("K6_OUT").split(',', Qt::SkipEmptyParts);
        for (const QString& output : outputs) {
            const std::string spec = output.toStdString();
            try {
                checkOutputName(OutputSpec::parse(spec).name);
            } catch (const Error& error) {
                throw ConfigError(std::string(error.what()));
            }
            settings.outputs.push_back(spec);
        }
        if (const auto given = settingOf(parser, &httpDebug, "K6_HTTP_DEBUG")) {
            if (given->text != "headers" && given->text != "full")
                throw ConfigError(given->name + " \"" + given->text.toStdString() +
                                  "\": use --http-debug or --http-debug=full");
            settings.httpDebug = given->text == "full" ? HttpClient::Debug::Full : HttpClient::Debug::Headers;
        }
        settings.quiet = parser.isSet(quiet);
        settings.traceContext = !parser.isSet(noTraceContext);
        if (parser.isSet(summaryData)) {
            settings.summaryData = parser.value(summaryData).toStdString();
            const std::filesystem::path folder =
                std::filesystem::absolute(*settings.summaryData).parent_path();
            std::error_code error;
            if (!std::filesystem::is_directory(folder, error))
                throw ConfigError("--summary-data \"" + settings.summaryData->string() +
                                  "\": no such folder " + folder.string());
        }
    } catch (const ConfigError& error) {
        return badUsage(error.what());
    }
    return runTest(settings);
}

int inspectCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Prints a k6 script's options as `k6 inspect` does.");
    const QCommandLineOption executionRequirements(
        "execution-requirements", "Add the derived scenarios, totalDuration and maxVUs, as k6 does.");
    const SegmentFlags segments;
    for (const auto* option : {&helpOption, &envOption, &executionRequirements, &moduleDirOption,
                               &segments.segment, &segments.sequence})
        parser.addOption(*option);
    const auto script = parseCommand(parser, arguments, "inspect");
    if (const int* code = std::get_if<int>(&script))
        return *code;

    InspectSettings settings;
    settings.script = std::get<std::string>(script);
    settings.executionRequirements = parser.isSet(executionRequirements);
    settings.moduleDirs = moduleDirsOf(parser);
    try {
        // k6 consolidates its environment variables here too, not the run's flags but for the segment's.
        settings.overrides = overridesOf(parser, nullptr, segments);
        settings.env = assignmentsOf(parser, envOption);
    } catch (const ConfigError& error) {
        return badUsage(error.what());
    }
    return inspectScript(settings);
}

int archiveCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Writes a k6 archive of a script, as `k6 archive` does.");
    const QCommandLineOption output(QStringList{"O", "archive-out"}, "The archive to write (archive.tar).",
                                    "FILE");
    for (const auto* option : {&helpOption, &envOption, &output, &moduleDirOption})
        parser.addOption(*option);
    const auto script = parseCommand(parser, arguments, "archive");
    if (const int* code = std::get_if<int>(&script))
        return *code;

    ArchiveSettings settings;
    settings.script = std::get<std::string>(script);
    if (parser.isSet(output))
        settings.output = parser.value(output).toStdString();
    settings.moduleDirs = moduleDirsOf(parser);
    try {
        settings.env = assignmentsOf(parser, envOption);
    } catch (const ConfigError& error) {
        return badUsage(error.what());
    }
    return archiveScript(settings);
}

int vendorCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Fetches every https:// module a script imports into a module folder.");
    const QCommandLineOption folder("module-dir", "The module folder (else .modules beside the script).",
                                    "DIR");
    for (const auto* option : {&helpOption, &folder})
        parser.addOption(*option);
    const auto script = parseCommand(parser, arguments, "vendor");
    if (const int* code = std::get_if<int>(&script))
        return *code;
    VendorSettings settings;
    settings.script = std::get<std::string>(script);
    if (parser.values(folder).size() > 1)
        return badUsage("vendor: --module-dir names the one folder to fetch into; give it once");
    if (parser.isSet(folder))
        settings.folder = parser.value(folder).toStdString();
    return vendorScript(settings);
}

int mergeCommand(QStringList arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Merges the JSON outputs of N instances of one script into one run's samples and summaries.");
    const QCommandLineOption out(QStringList{"o", "out"},
                                 "The merged samples, k6's JSON format (gzip for .gz).", "json=FILE");
    const QCommandLineOption summaryData("summary-data", "The merged handleSummary data object, as JSON.",
                                         "FILE");
    const QCommandLineOption textSummary("text-summary", "The merged text summary.", "FILE");
    const QCommandLineOption instanceSummary(
        "instance-summary",
        "An instance's summary data (its thresholds and summary options); once per instance, in the order of "
        "SAMPLES.",
        "FILE");
    const ExecutionFlags flags;
    for (const auto* option :
         {&helpOption, &out, &summaryData, &textSummary, &instanceSummary, &flags.trendStats})
        parser.addOption(*option);
    parser.addPositionalArgument("merge", "The command: merge.");
    parser.addPositionalArgument("SAMPLES", "Each instance's JSON output (.ndjson or .ndjson.gz).",
                                 "SAMPLES...");
    if (const std::optional<int> exitCode = parseArguments(parser, std::move(arguments)))
        return *exitCode;
    MergeSettings settings;
    const QStringList positional = parser.positionalArguments().mid(1);
    for (const QString& samples : positional)
        settings.samples.emplace_back(samples.toStdString());
    for (const QString& summary : parser.values(instanceSummary))
        settings.instanceSummaries.emplace_back(summary.toStdString());
    if (settings.samples.empty())
        return badUsage("merge: expects the instances' JSON outputs; see loadbench-engine --help");
    if (parser.values(out).size() != 1 || !parser.value(out).startsWith("json="))
        return badUsage("merge: --out json=FILE names the merged samples; give it once");
    settings.jsonOutput = parser.value(out).mid(5).toStdString();
    if (parser.isSet(summaryData))
        settings.summaryData = parser.value(summaryData).toStdString();
    if (parser.isSet(textSummary))
        settings.textSummary = parser.value(textSummary).toStdString();
    if (parser.isSet(flags.trendStats))
        settings.summaryTrendStats = trendStatsOf(parser.value(flags.trendStats));
    try {
        return mergeInstances(settings) ? ExitOk : ExitThresholdsFailed;
    } catch (const Error& error) {
        return badUsage(std::string("merge: ") + error.what());
    }
}

} // namespace

int runEngineCommandLine(QStringList arguments) {
    reportFatalSignals();
    // The command comes first, as in k6; `run` checks its own place.
    if (!arguments.isEmpty() && arguments.front() == "inspect")
        return inspectCommand(arguments);
    if (!arguments.isEmpty() && arguments.front() == "archive")
        return archiveCommand(arguments);
    if (!arguments.isEmpty() && arguments.front() == "vendor")
        return vendorCommand(arguments);
    if (!arguments.isEmpty() && arguments.front() == "merge")
        return mergeCommand(arguments);
    return runCommand(arguments);
}

} // namespace loadbench::engine
