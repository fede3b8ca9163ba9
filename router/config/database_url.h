#pragma once

#include <string>
#include <string_view>

namespace router {

/// Where the router keeps its data, from `[database] url`.
struct DatabaseUrl {
    enum class System { Sqlite, Postgres };
    System system = System::Sqlite;
    std::string path; // SQLite: the file, absolute or relative to the working directory
    std::string host; // PostgreSQL from here on
    int port = 5432;
    std::string user;
    std::string password;
    std::string database;

    /// The URL with the password masked, for messages.
    std::string display() const;
};

/// `sqlite:///absolute/path.db`, `sqlite://relative/path.db` or `postgres://user:password@host:port/db`
/// (also `postgresql://`; port 5432 when left out; user and password percent-decoded). Throws
/// std::invalid_argument with the reason, for the caller to name the key.
DatabaseUrl parseDatabaseUrl(std::string_view url);

} // namespace router
