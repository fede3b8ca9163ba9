#pragma once

// For suites that check that output keeps a decimal dot whatever the user's locale: Qt hands the
// environment's locale to the C library, whose printf family would then write 0,5.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

namespace loadbench::test {

/// The system environment with LC_ALL=de_DE.UTF-8, a locale whose decimal point is a comma, compiled by
/// localedef into `folder` (LOCPATH) so that no locale need be installed. Empty, with `error`, when it cannot
/// be made or does not take effect.
inline QProcessEnvironment commaDecimalEnvironment(const QString& folder, QString& error) {
    QProcess localedef;
    localedef.start("localedef", {"-i", "de_DE", "-f", "UTF-8", folder + "/de_DE.UTF-8"});
    if (!localedef.waitForFinished(60000) || localedef.exitStatus() != QProcess::NormalExit ||
        localedef.exitCode() != 0) {
        error = "localedef -i de_DE -f UTF-8 failed (scripts/install-deps.sh --test installs locales): " +
                localedef.errorString() + " " + QString::fromLocal8Bit(localedef.readAllStandardError());
        return {};
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("LOCPATH", folder);
    environment.insert("LC_ALL", "de_DE.UTF-8");
    environment.insert("LANG", "de_DE.UTF-8");
    QProcess locale;
    locale.setProcessEnvironment(environment);
    locale.start("locale", {"decimal_point"});
    locale.waitForFinished(10000);
    const QString decimalPoint = QString::fromLocal8Bit(locale.readAllStandardOutput()).trimmed();
    if (decimalPoint != ",") {
        error = "the compiled de_DE.UTF-8 locale's decimal point is \"" + decimalPoint + "\", not a comma";
        return {};
    }
    return environment;
}

} // namespace loadbench::test
