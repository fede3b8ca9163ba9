#pragma once
// Runs the real loadbench-router on a free loopback port and talks to it over HTTP.

#include "config/database_url.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

namespace routertest {

/// A config file for tests: a free port on 127.0.0.1, admin key "test_admin", an instant connector; the
/// database and anything else come from environment overrides.
inline const char* baseConfig = "[server]\nhost = \"127.0.0.1\"\nport = 0\nworkers = 8\n"
                                "[secrets]\nadmin_api_key = \"test_admin\"\n"
                                "[connector]\nlatency_ms = 0\njitter_ms = 0\n";

inline QString writeFile(const QString& path, const QByteArray& content) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

/// A loopback port that nothing listens on: bound to find it, then closed again.
inline int closedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        qFatal("cannot find a free loopback port");
    ::close(fd);
    return ntohs(address.sin_port);
}

/// A JSON value as text for QCOMPARE (which cannot take nlohmann::json): strings as they are, else as JSON.
inline QString str(const nlohmann::json& value) {
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

struct Reply {
    int status = 0; // 0 when there was no answer
    nlohmann::json body;
};

/// One request to the router on `port`; the body of the answer parsed as JSON (null when it is not).
inline Reply call(int port, const std::string& method, const std::string& path, const std::string& body = {},
                  const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(10);
    client.set_read_timeout(20);
    httplib::Result result = method == "GET"    ? client.Get(path, headers)
                             : method == "POST" ? client.Post(path, headers, body, "application/json")
                                                : client.Delete(path, headers, body, "application/json");
    if (!result)
        return {};
    return {result->status, nlohmann::json::parse(result->body, nullptr, false)};
}

/// loadbench-router as a child process; stopped with SIGTERM when destroyed.
class RouterProcess {
public:
    ~RouterProcess() { stop(); }

    /// Starts `loadbench-router --config configFile` with `environment` added (inherited ROUTER__* variables
    /// removed) and waits for its "listening on" line. False with error() when it does not come.
    bool start(const QString& configFile, const QMap<QString, QString>& environment) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& name : env.keys())
            if (name.startsWith("ROUTER__"))
                env.remove(name);
        for (auto it = environment.begin(); it != environment.end(); ++it)
            env.insert(it.key(), it.value());
        m_process.setProcessEnvironment(env);
        m_process.start(LOADBENCH_ROUTER_EXECUTABLE, {"--config", configFile});
        static const QRegularExpression listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
        QByteArray out;
        while (m_process.waitForReadyRead(15000)) {
            out += m_process.readAllStandardOutput();
            if (const auto match = listening.match(QString::fromUtf8(out)); match.hasMatch()) {
                m_port = match.captured(1).toInt();
                return true;
            }
        }
        m_process.waitForFinished(5000);
        m_error =
            "loadbench-router did not start: " + QString::fromUtf8(out + m_process.readAllStandardError());
        return false;
    }

    /// SIGTERM, then the exit code (-1 when it did not exit by itself in time).
    int stop() {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        m_process.terminate();
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished();
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    int port() const { return m_port; }
    QString error() const { return m_error; }
    QString standardError() { return m_stderr += QString::fromUtf8(m_process.readAllStandardError()); }

    Reply call(const std::string& method, const std::string& path, const std::string& body = {},
               const httplib::Headers& headers = {}) const {
        return routertest::call(m_port, method, path, body, headers);
    }

private:
    QProcess m_process;
    int m_port = 0;
    QString m_error;
    QString m_stderr;
};

/// A Qt Sql connection to the router's database, for checks from outside the router.
inline QSqlDatabase openDatabase(const router::DatabaseUrl& url, const QString& name) {
    const bool sqlite = url.system == router::DatabaseUrl::System::Sqlite;
    QSqlDatabase db = QSqlDatabase::addDatabase(sqlite ? "QSQLITE" : "QPSQL", name);
    if (sqlite) {
        db.setDatabaseName(QString::fromStdString(url.path));
    } else {
        db.setHostName(QString::fromStdString(url.host));
        db.setPort(url.port);
        db.setUserName(QString::fromStdString(url.user));
        db.setPassword(QString::fromStdString(url.password));
        db.setDatabaseName(QString::fromStdString(url.database));
    }
    if (!db.open())
        qWarning("cannot open %s: %s", url.display().c_str(), qPrintable(db.lastError().text()));
    return db;
}

inline const char* postgresMissing = "LOADBENCH_TEST_POSTGRES_URL is not set: run scripts/test.sh, which "
                                     "starts Debian's PostgreSQL on loopback "
                                     "and sets it, or set it to postgres://user:password@127.0.0.1:5432/db "
                                     "for a role that may create databases";

/// A new, empty PostgreSQL database on the server of LOADBENCH_TEST_POSTGRES_URL, dropped when destroyed, so
/// that each run starts from no schema and runs never see each other's data.
class PostgresDatabase {
public:
    /// False with error() when the variable is unset or the database cannot be created.
    bool create() {
        const QByteArray admin = qgetenv("LOADBENCH_TEST_POSTGRES_URL");
        if (admin.isEmpty()) {
            m_error = postgresMissing;
            return false;
        }
        try {
            m_url = router::parseDatabaseUrl(admin.toStdString());
        } catch (const std::exception& error) {
            // The value itself, password masked and line breaks shown, so a CI log tells what was given.
            QString given = QString::fromUtf8(admin);
            given.replace(QRegularExpression("(://[^:/@]*:)[^@]*@"), "\\1***@");
            given.replace('\n', "\\n").replace('\r', "\\r");
            m_error = QString("LOADBENCH_TEST_POSTGRES_URL \"%1\": %2").arg(given, error.what());
            return false;
        }
        m_admin = m_url;
        m_url.database =
            "loadbench_router_test_" + QUuid::createUuid().toString(QUuid::Id128).left(12).toStdString();
        if (!adminExec("CREATE DATABASE " + QString::fromStdString(m_url.database)))
            return false;
        m_created = true;
        return true;
    }

    ~PostgresDatabase() {
        if (m_created)
            adminExec("DROP DATABASE IF EXISTS " + QString::fromStdString(m_url.database) + " WITH (FORCE)");
    }

    const router::DatabaseUrl& url() const { return m_url; }
    QString urlText() const {
        return QString("postgres://%1:%2@%3:%4/%5")
            .arg(QUrl::toPercentEncoding(QString::fromStdString(m_url.user)),
                 QUrl::toPercentEncoding(QString::fromStdString(m_url.password)),
                 QString::fromStdString(m_url.host))
            .arg(m_url.port)
            .arg(QString::fromStdString(m_url.database));
    }
    QString error() const { return m_error; }

private:
    bool adminExec(const QString& statement) {
        bool ok = false;
        {
            QSqlDatabase db = openDatabase(m_admin, "postgres-admin");
            QSqlQuery query(db);
            ok = db.isOpen() && query.exec(statement);
            if (!ok)
                m_error = statement + ": " +
                          (db.isOpen() ? query.lastError().text() : db.lastError().text()) +
                          " (LOADBENCH_TEST_POSTGRES_URL " + QString::fromStdString(m_admin.display()) + ")";
        }
        QSqlDatabase::removeDatabase("postgres-admin");
        return ok;
    }

    router::DatabaseUrl m_admin;
    router::DatabaseUrl m_url;
    bool m_created = false;
    QString m_error;
};

} // namespace routertest
