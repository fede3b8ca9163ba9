#include "server/router_main.h"

#include "api/api.h"
#include "config/config.h"
#include "connector/connector.h"
#include "server/connection_server.h"
#include "storage/storage.h"
#include "tracing/otlp_exporter.h"

#include <QCommandLineParser>
#include <csignal>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace router {

namespace {

/// Stops the server on SIGINT or SIGTERM. Those signals are blocked in every thread (the mask is inherited)
/// and taken here with sigwait, so that stopping runs as ordinary code and not in a signal handler.
class StopOnSignal {
public:
    explicit StopOnSignal(ConnectionServer& server) {
        m_thread = std::thread([&server] {
            sigset_t blocked = stopSignals();
            int signal = 0;
            sigwait(&blocked, &signal);
            server.shutDown();
        });
    }

    ~StopOnSignal() {
        // When the server ended for another reason, the thread still waits: a blocked signal wakes it.
        pthread_kill(m_thread.native_handle(), SIGTERM);
        m_thread.join();
    }

    static sigset_t stopSignals() {
        sigset_t blocked;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGINT);
        sigaddset(&blocked, SIGTERM);
        return blocked;
    }

private:
    std::thread m_thread;
};

} // namespace

int runRouter(const QStringList& arguments, std::ostream& out, std::ostream& err) {
    QCommandLineParser parser;
    parser.setApplicationDescription("The sample payments service that Loadbench's k6 scripts load-test.");
    parser.addHelpOption();
    const QCommandLineOption configOption(
        "config", "The TOML config file; ROUTER__SECTION__KEY variables override its keys.", "FILE",
        "config/development.toml");
    parser.addOption(configOption);
    if (!parser.parse(QStringList{"loadbench-router"} + arguments)) {
        err << "loadbench-router: " << parser.errorText().toStdString() << " (see loadbench-router --help)\n";
        return ExitBadConfig;
    }
    if (parser.isSet("help")) {
        out << parser.helpText().toStdString();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "loadbench-router: unexpected argument \""
            << parser.positionalArguments().first().toStdString() << "\" (see loadbench-router --help)\n";
        return ExitBadConfig;
    }

    const sigset_t blocked = StopOnSignal::stopSignals();
    pthread_sigmask(SIG_BLOCK, &blocked, nullptr); // before any thread starts, so that all inherit it
    std::signal(SIGPIPE, SIG_IGN);                 // a client that went away is not a reason to exit

    std::mutex logMutex;
    const auto log = [&](const std::string& line) {
        std::lock_guard lock(logMutex);
        err << "loadbench-router: " << line << std::endl;
    };

    Config config;
    try {
        config = loadConfig(parser.value(configOption).toStdString(), processEnvironment());
    } catch (const ConfigError& error) {
        log(error.what());
        return ExitBadConfig;
    }
    try {
        Storage storage(config.database);
        std::unique_ptr<OtlpExporter> exporter;
        if (!config.telemetry.otlpEndpoint.empty())
            exporter = std::make_unique<OtlpExporter>(config.telemetry.otlpEndpoint,
                                                      config.telemetry.serviceName, log);
        const ConnectorSimulator connector(std::chrono::milliseconds(config.connector.latencyMs),
                                           std::chrono::milliseconds(config.connector.jitterMs),
                                           config.connector.failureRate,
                                           std::chrono::milliseconds(config.connector.failureAfterMs));
        Api api(storage, connector, exporter.get(), config.adminApiKey, log,
                std::chrono::milliseconds(config.server.responseDelayMs));

        ConnectionServer server(config.server);
        api.install(server);

        const std::string& host = config.server.host;
        const int port = server.bindAndListen(host, config.server.port);
        if (port < 0) {
            log("[server] host/port " + host + ":" + std::to_string(config.server.port) +
                ": cannot listen (in use, or not an address of this machine)");
            return ExitFailure;
        }
        out << "loadbench-router: listening on http://" << host << ":" << port << " (" << storage.system()
            << ", " << config.server.workers << " workers, up to " << server.maxConnections()
            << " connections" << (exporter ? ", OTLP export to " + config.telemetry.otlpEndpoint : "") << ")"
            << std::endl;
        {
            StopOnSignal stopOnSignal(server);
            server.serve();
        }
        return ExitOk;
    } catch (const StorageError& error) {
        log(error.what());
        return ExitFailure;
    }
}

} // namespace router
