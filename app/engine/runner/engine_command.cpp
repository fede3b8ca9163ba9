#include "engine/runner/engine_command.h"

#include "common/env_assignment.h"
#include "engine/runner/test_run.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <iostream>
#include <optional>

namespace loadbench::engine {

namespace {

constexpr const char* usage = "Usage: loadbench-engine run SCRIPT [options]\n";

int badUsage(const std::string& message) {
    std::cerr << "loadbench-engine: " << message << "\n";
    return ExitInvalidConfig;
}

} // namespace

int runEngineCommandLine(QStringList arguments) {
    // `--http-debug` takes an optional value, which QCommandLineParser cannot express.
    for (QString& argument : arguments)
        if (argument == "--http-debug")
            argument = "--http-debug=headers";

    QCommandLineParser parser;
    parser.setApplicationDescription("Runs a k6 script with Loadbench's built-in k6-compatible engine.");
    const QCommandLineOption help(QStringList{"h", "help"}, "Show this help.");
    const QCommandLineOption vus(QStringList{"u", "vus"}, "Number of VUs (else K6_VUS).", "N");
    const QCommandLineOption duration(QStringList{"d", "duration"},
                                      "Test duration, like 30s or 1m30s (else K6_DURATION).", "D");
    const QCommandLineOption iterations(QStringList{"i", "iterations"},
                                        "Iterations shared among the VUs (else K6_ITERATIONS).", "N");
    const QCommandLineOption stage(QStringList{"s", "stage"}, "A ramping stage DURATION:TARGET; repeatable.",
                                   "D:T");
    const QCommandLineOption env(QStringList{"e", "env"}, "An environment variable for __ENV; repeatable.",
                                 "KEY=VALUE");
    const QCommandLineOption out(QStringList{"o", "out"},
                                 "Samples to a file in k6's JSON format (gzip for .gz).", "json=FILE");
    const QCommandLineOption trendStats("summary-trend-stats", "Trend stats in the summary, e.g. avg,p(99).",
                                        "LIST");
    const QCommandLineOption httpDebug(
        "http-debug", "Log requests and responses: headers, or full with bodies (else K6_HTTP_DEBUG).",
        "full");
    const QCommandLineOption quiet(QStringList{"q", "quiet"}, "No progress output.");
    const QCommandLineOption noTraceContext(
        "no-trace-context", "Send no W3C traceparent header (else every request starts a trace).");
    for (const auto* option : {&help, &vus, &duration, &iterations, &stage, &env, &out, &trendStats,
                               &httpDebug, &quiet, &noTraceContext})
        parser.addOption(*option);
    parser.addPositionalArgument("run", "The command: run.");
    parser.addPositionalArgument("SCRIPT", "The k6 script to run.");

    arguments.prepend("loadbench-engine");
    if (!parser.parse(arguments))
        return badUsage(parser.errorText().toStdString());
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text.replace(0, text.indexOf('\n') + 1, usage);
        std::cout << text.toStdString();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional[0] != "run")
        return badUsage("expects `run SCRIPT`; see loadbench-engine --help");

    RunSettings settings;
    settings.script = positional[1].toStdString();
    try {
        // As in k6, a flag wins over its K6_* environment variable, which wins over the script's options; the
        // variables let a caller that cannot change the command line (a compose service) set them.
        const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        struct Setting {
            std::string name; // the flag or the variable, for messages
            QString text;
        };
        const auto setting = [&](const QCommandLineOption& option,
                                 const char* variable) -> std::optional<Setting> {
            if (parser.isSet(option))
                return Setting{"--" + option.names().last().toStdString(), parser.value(option)};
            if (environment.contains(variable))
                return Setting{variable, environment.value(variable)};
            return std::nullopt;
        };
        const auto count = [](const Setting& given, long long minimum) {
            bool ok = false;
            const long long value = given.text.toLongLong(&ok);
            if (!ok || value < minimum)
                throw ConfigError(given.name + " \"" + given.text.toStdString() +
                                  "\": must be a whole number of at least " + std::to_string(minimum));
            return value;
        };
        if (const auto given = setting(vus, "K6_VUS"))
            settings.overrides.vus = static_cast<int>(count(*given, 0));
        if (const auto given = setting(iterations, "K6_ITERATIONS"))
            settings.overrides.iterations = count(*given, 1);
        if (const auto given = setting(duration, "K6_DURATION")) {
            const auto parsed = parseDuration(given->text.toStdString());
            if (!parsed)
                throw ConfigError(given->name + " \"" + given->text.toStdString() +
                                  "\": not a duration (like 30s, 1m30s or 500ms)");
            settings.overrides.duration = *parsed;
        }
        for (const QString& text : parser.values(stage))
            settings.overrides.stages.push_back(parseStageFlag(text.toStdString()));
        if (parser.isSet(trendStats)) {
            std::vector<std::string> stats;
            for (const QString& stat : parser.value(trendStats).split(',', Qt::SkipEmptyParts))
                stats.push_back(stat.trimmed().toStdString());
            settings.overrides.summaryTrendStats = stats;
        }
        for (const QString& pair : parser.values(env)) {
            const std::optional<EnvAssignment> assignment = parseEnvAssignment(pair.toStdString());
            if (!assignment)
                throw ConfigError("--env \"" + pair.toStdString() + "\": use KEY=VALUE");
            settings.env[assignment->key] = assignment->value;
        }
        for (const QString& output : parser.values(out)) {
            if (!output.startsWith("json="))
                throw ConfigError("--out \"" + output.toStdString() +
                                  "\": loadbench-engine writes json=FILE only");
            settings.jsonOutput = output.mid(5).toStdString();
        }
        if (const auto given = setting(httpDebug, "K6_HTTP_DEBUG")) {
            if (given->text != "headers" && given->text != "full")
                throw ConfigError(given->name + " \"" + given->text.toStdString() +
                                  "\": use --http-debug or --http-debug=full");
            settings.httpDebug = given->text == "full" ? HttpClient::Debug::Full : HttpClient::Debug::Headers;
        }
        settings.quiet = parser.isSet(quiet);
        settings.traceContext = !parser.isSet(noTraceContext);
    } catch (const ConfigError& error) {
        return badUsage(error.what());
    }
    return runTest(settings);
}

} // namespace loadbench::engine
