#include "cli/promote_command.h"

#include "cli/command_line.h"
#include "cli/options.h"
#include "common/error.h"
#include "core/operations/promote.h"
#include "core/runname/run_name.h"

#include <string>

namespace loadbench::cli {

namespace {

bool agreed(std::istream& in) {
    std::string answer;
    std::getline(in, answer);
    const QString word = QString::fromStdString(answer).trimmed().toLower();
    return word == "y" || word == "yes";
}

} // namespace

int runPromote(const QStringList& arguments, std::istream& in, bool interactive, std::ostream& out,
               std::ostream& err) {
    CommandOptions options(
        "promote RUN -s SCRIPT [options]",
        "Makes a run's results of a script the script's baseline, which every later run is compared\n"
        "with: its summary, text summary, samples and meta replace the baseline's, each kept as\n"
        "baseline_<script>.<ext>.prev, as the workbench's Promote to Baseline does. Refused for the\n"
        "baseline itself, a run without a readable summary, a run stopped before its end, an invalid run\n"
        "(one that measured nothing: see run health in the README) unless --force, and while a run holds\n"
        "the workspace. Asks first unless --yes.\n\n"
        "Exit codes: 0 done; 1 declined; 2 bad input or refused (one line says why).");
    QCommandLineParser& parser = options.parser();
    const QCommandLineOption scriptOption(QStringList{"s", "script"}, "The script (required).", "SCRIPT");
    const QCommandLineOption yesOption(QStringList{"y", "yes"}, "Promote without asking.");
    const QCommandLineOption forceOption("force", "Promote an invalid run too.");
    parser.addOption(scriptOption);
    parser.addOption(yesOption);
    parser.addOption(forceOption);
    parser.addPositionalArgument("RUN", "The run to promote, e.g. a1b2c3d.");
    if (!options.parse(arguments, out))
        return ExitOk;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        throw Error("expects one RUN; see loadbench promote --help");
    const std::string run = positional.first().toStdString();
    validateRunName(run);
    const QStringList scripts = parser.values(scriptOption);
    if (scripts.size() != 1)
        throw Error("-s SCRIPT: name one script; see loadbench promote --help");
    const std::string script = scripts.first().toStdString();
    if (const auto problem = runNameProblem(script))
        throw Error("-s \"" + script + "\": " + *problem);

    if (!parser.isSet(yesOption)) {
        if (!interactive)
            throw Error("replaces the baseline of " + script +
                        " and asks first, but stdin is not a terminal; add --yes to promote without asking");
        out << promoteQuestion(run, script) << " [y/N] " << std::flush;
        if (!agreed(in)) {
            out << "Not promoted.\n";
            return ExitFailed;
        }
    }
    if (const auto notice = promoteRun(options.workspace(), run, script, parser.isSet(forceOption)))
        err << "loadbench promote: " << *notice << "\n";
    out << run << " is now the baseline of " << script << ".\n";
    return ExitOk;
}

} // namespace loadbench::cli
