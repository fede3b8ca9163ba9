#include "cli/options.h"

#include "common/error.h"

#include <QDir>
#include <cmath>

namespace loadbench::cli {

CommandOptions::CommandOptions(const char* synopsis, const char* description)
    : m_workspace(QStringList{"w", "workspace"}, "The workspace folder (default: the current folder).", "DIR")
    , m_help(QStringList{"h", "help"}, "Show this help.")
    , m_synopsis(QString::fromUtf8(synopsis)) {
    m_parser.setApplicationDescription(QString::fromUtf8(description));
    m_parser.addOption(m_workspace);
    m_parser.addOption(m_help);
}

bool CommandOptions::parse(const QStringList& arguments, std::ostream& out) {
    // QCommandLineParser takes the first argument as the program name: here it is the command's.
    if (!m_parser.parse(arguments)) {
        QString reason = m_parser.errorText();
        if (reason.endsWith('.'))
            reason.chop(1);
        throw Error(reason.toStdString() + "; see loadbench " + arguments.first().toStdString() + " --help");
    }
    if (m_parser.isSet(m_help)) {
        QString help = m_parser.helpText();
        // helpText() starts with `Usage: <command> [options]`; the real synopsis replaces that line.
        help.replace(0, help.indexOf('\n'), "Usage: loadbench " + m_synopsis);
        out << help.toStdString();
        return false;
    }
    return true;
}

std::filesystem::path CommandOptions::workspace() const {
    const QString folder = m_parser.isSet(m_workspace) ? m_parser.value(m_workspace) : QDir::currentPath();
    return QDir(folder).absolutePath().toStdString();
}

double percentOption(const QCommandLineParser& parser, const QCommandLineOption& option) {
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok || value < 0 || !std::isfinite(value))
        throw Error("--" + option.names().last().toStdString() + " \"" + parser.value(option).toStdString() +
                    "\": must be a percentage of 0 or more");
    return value;
}

} // namespace loadbench::cli
