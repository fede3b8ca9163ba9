#include "cli/command_line.h"

#include "cli/compare_command.h"
#include "cli/history_command.h"
#include "cli/promote_command.h"
#include "cli/run_command.h"
#include "cli/runs_command.h"
#include "common/error.h"

#include <QCommandLineParser>
#include <functional>
#include <iostream>
#include <unistd.h>

namespace loadbench::cli {

namespace {

struct Command {
    const char* name;
    const char* summary;
    std::function<int(const QStringList&, std::ostream& out, std::ostream& err)> run;
};

const std::vector<Command>& commands() {
    static const std::vector<Command> all{
        {"run", "Run k6 scripts, store their results and compare them with the baseline", runRun},
        {"compare", "Compare a run's scripts with the baseline, metric by metric",
         [](const QStringList& arguments, std::ostream& out, std::ostream&) {
             return runCompare(arguments, out);
         }},
        {"promote", "Make a run of a script its baseline, keeping the old one as .prev",
         [](const QStringList& arguments, std::ostream& out, std::ostream& err) {
             return runPromote(arguments, std::cin, ::isatty(STDIN_FILENO) == 1, out, err);
         }},
        {"runs", "List the runs stored in k6/benchmark/",
         [](const QStringList& arguments, std::ostream& out, std::ostream&) {
             return runRuns(arguments, out);
         }},
        {"history", "A script's runs in commit order with their key figures and change points", runHistory},
    };
    return all;
}

std::string overview() {
    std::string text =
        "Usage: loadbench COMMAND [options]\n\n"
        "Load-test workbench around k6. Without a command, loadbench opens the workbench window; these\n"
        "commands work on the workspace in the current folder (or --workspace DIR).\n\nCommands:\n";
    for (const Command& command : commands()) {
        text += "  " + std::string(command.name);
        text += std::string(10 - std::string(command.name).size(), ' ') + command.summary + "\n";
    }
    text += "\nRun 'loadbench COMMAND --help' for a command's options.\n";
    return text;
}

} // namespace

int runCommandLine(const QStringList& arguments, std::ostream& out, std::ostream& err) {
    if (arguments.isEmpty() || arguments.first() == "--help" || arguments.first() == "-h" ||
        arguments.first() == "help") {
        out << overview();
        return ExitOk;
    }
    const QString name = arguments.first();
    const auto command = std::find_if(commands().begin(), commands().end(),
                                      [&](const Command& c) { return name == QLatin1String(c.name); });
    if (command == commands().end()) {
        err << "loadbench: unknown command \"" << name.toStdString() << "\"; see loadbench --help\n";
        return ExitBadInput;
    }
    try {
        return command->run(arguments, out, err);
    } catch (const Error& error) {
        err << "loadbench " << command->name << ": " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace loadbench::cli
