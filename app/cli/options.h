#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <filesystem>
#include <ostream>

namespace loadbench::cli {

/// A command's parser with the options every command has: --workspace and --help.
class CommandOptions {
public:
    /// `synopsis` is the usage line after `loadbench`, e.g. `compare RUN [options]`.
    CommandOptions(const char* synopsis, const char* description);

    QCommandLineParser& parser() { return m_parser; }
    /// Parses `arguments` (the command name first). Returns false after printing help to `out`; throws Error
    /// naming the option for anything it does not understand.
    bool parse(const QStringList& arguments, std::ostream& out);
    /// The workspace folder: --workspace, else the current folder.
    std::filesystem::path workspace() const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_workspace;
    QCommandLineOption m_help;
    QString m_synopsis;
};

/// The value of a percentage option: a number of 0 or more; throws Error naming the option otherwise.
double percentOption(const QCommandLineParser& parser, const QCommandLineOption& option);

} // namespace loadbench::cli
