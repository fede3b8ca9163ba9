#include "config/database_url.h"

#include <QUrl>
#include <stdexcept>

namespace router {

std::string DatabaseUrl::display() const {
    if (system == System::Sqlite)
        return "sqlite://" + path;
    return "postgres://" + user + (password.empty() ? "" : ":***") + "@" + host + ":" + std::to_string(port) +
           "/" + database;
}

DatabaseUrl parseDatabaseUrl(std::string_view url) {
    DatabaseUrl result;
    // QUrl would read `sqlite://relative.db` as a host name, so SQLite URLs are split by hand.
    if (constexpr std::string_view sqlite = "sqlite://"; url.starts_with(sqlite)) {
        result.path = url.substr(sqlite.size());
        if (result.path.empty() || result.path == "/")
            throw std::invalid_argument(
                "sqlite:// needs a file: sqlite:///absolute/path.db or sqlite://relative.db");
        return result;
    }
    const QUrl parsed(QString::fromUtf8(url.data(), qsizetype(url.size())), QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != "postgres" && parsed.scheme() != "postgresql"))
        throw std::invalid_argument("use sqlite:///absolute/path.db, sqlite://relative.db or "
                                    "postgres://user:password@host:port/db");
    result.system = DatabaseUrl::System::Postgres;
    result.host = parsed.host().toStdString();
    result.port = parsed.port(5432);
    result.user = parsed.userName(QUrl::FullyDecoded).toStdString();
    result.password = parsed.password(QUrl::FullyDecoded).toStdString();
    result.database = parsed.path().mid(1).toStdString();
    if (result.host.empty() || result.user.empty() || result.database.empty() ||
        result.database.find('/') != std::string::npos)
        throw std::invalid_argument("postgres URL needs a user, a host and a database: "
                                    "postgres://user:password@host:port/db");
    return result;
}

} // namespace router
