#include "storage/storage.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>
#include <initializer_list>
#include <map>
#include <unordered_map>
#include <vector>

namespace router {

namespace {

struct Migration {
    int version;
    std::vector<const char*> statements;
};

// Types and syntax both SQLite and PostgreSQL take. Times are ISO 8601 text, which sorts as time. The last
// version here is latestSchemaVersion.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all{
        {1,
         {"CREATE TABLE merchants (merchant_id TEXT PRIMARY KEY, merchant_name TEXT NOT NULL, "
          "api_key_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
          "CREATE TABLE merchant_connectors (merchant_connector_id TEXT PRIMARY KEY, "
          "merchant_id TEXT NOT NULL REFERENCES merchants (merchant_id), connector_name TEXT NOT NULL, "
          "connector_type TEXT NOT NULL, created_at TEXT NOT NULL)",
          "CREATE INDEX merchant_connectors_by_merchant ON merchant_connectors (merchant_id, created_at)",
          "CREATE TABLE payments (payment_id TEXT PRIMARY KEY, "
          "merchant_id TEXT NOT NULL REFERENCES merchants (merchant_id), amount BIGINT NOT NULL, "
          "currency TEXT NOT NULL, status TEXT NOT NULL, connector_name TEXT NOT NULL, "
          "card_last4 TEXT NOT NULL, error_code TEXT NOT NULL, created_at TEXT NOT NULL, "
          "updated_at TEXT NOT NULL)"}},
    };
    return all;
}

std::atomic<std::uint64_t> nextSerial{1};

std::string text(const QSqlQuery& query, int column) {
    return query.value(column).toString().toStdString();
}

Merchant readMerchant(const QSqlQuery& q) {
    return {text(q, 0), text(q, 1), text(q, 2), text(q, 3)};
}

ConnectorAccount readConnector(const QSqlQuery& q) {
    return {text(q, 0), text(q, 1), text(q, 2), text(q, 3), text(q, 4)};
}

Payment readPayment(const QSqlQuery& q) {
    return {text(q, 0), text(q, 1), q.value(2).toLongLong(),
            text(q, 3), text(q, 4), text(q, 5),
            text(q, 6), text(q, 7), text(q, 8),
            text(q, 9)};
}

} // namespace

/// One open database connection of one thread, with its prepared statements.
class Storage::Connection {
public:
    Connection(const DatabaseUrl& url, QString name)
        : m_name(std::move(name)) {
        const bool sqlite = url.system == DatabaseUrl::System::Sqlite;
        m_db = QSqlDatabase::addDatabase(sqlite ? "QSQLITE" : "QPSQL", m_name);
        if (!m_db.isValid())
            fail(url, std::string("Qt has no ") + (sqlite ? "QSQLITE" : "QPSQL") +
                          " driver (install libqt6sql6-" + (sqlite ? "sqlite" : "psql") + ")");
        if (sqlite) {
            m_db.setDatabaseName(QString::fromStdString(url.path));
            // Writers from other threads wait for the lock instead of failing at once.
            m_db.setConnectOptions("QSQLITE_BUSY_TIMEOUT=5000");
        } else {
            m_db.setHostName(QString::fromStdString(url.host));
            m_db.setPort(url.port);
            m_db.setUserName(QString::fromStdString(url.user));
            m_db.setPassword(QString::fromStdString(url.password));
            m_db.setDatabaseName(QString::fromStdString(url.database));
            m_db.setConnectOptions("connect_timeout=5");
        }
        if (!m_db.open())
            fail(url, "cannot connect: " + m_db.lastError().text().simplified().toStdString());
        if (sqlite) {
            // WAL lets readers go on while one connection writes; foreign keys are off by default in SQLite.
            execute("PRAGMA journal_mode=WAL");
            execute("PRAGMA foreign_keys=ON");
        }
    }

    ~Connection() {
        m_queries.clear();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    /// Runs a statement without values: DDL and pragmas, which PostgreSQL's PREPARE does not take.
    void execute(const char* sql) {
        QSqlQuery query(m_db);
        if (!query.exec(QString::fromLatin1(sql)))
            throw StorageError(std::string(sql) + ": " + query.lastError().text().simplified().toStdString());
    }

    /// Runs the prepared statement `sql` (kept for the next call) with `values` bound to its `?` in order.
    QSqlQuery& run(const char* sql, std::initializer_list<QVariant> values) {
        auto it = m_queries.find(sql);
        if (it == m_queries.end()) {
            QSqlQuery query(m_db);
            if (!query.prepare(QString::fromLatin1(sql)))
                throw StorageError(std::string(sql) + ": " +
                                   query.lastError().text().simplified().toStdString());
            it = m_queries.emplace(sql, std::move(query)).first;
        }
        QSqlQuery& query = it->second;
        int index = 0;
        for (const QVariant& value : values)
            query.bindValue(index++, value);
        if (!query.exec())
            throw StorageError(std::string(sql) + ": " + query.lastError().text().simplified().toStdString());
        return query;
    }

    QSqlDatabase& database() { return m_db; }

private:
    [[noreturn]] void fail(const DatabaseUrl& url, const std::string& reason) {
        throw StorageError("[database] url " + url.display() + ": " + reason);
    }

    QString m_name;
    QSqlDatabase m_db;
    std::unordered_map<const char*, QSqlQuery> m_queries; // by the address of the statement's literal
};

namespace {

QString str(const std::string& value) {
    return QString::fromStdString(value);
}

/// The first row read by `read`, or nothing; the query is finished so that SQLite releases its read lock.
template <typename Read> auto firstRow(QSqlQuery& query, Read read) -> std::optional<decltype(read(query))> {
    std::optional<decltype(read(query))> row;
    if (query.next())
        row = read(query);
    query.finish();
    return row;
}

} // namespace

Storage::Storage(DatabaseUrl url)
    : m_url(std::move(url))
    , m_serial(nextSerial++) {
    Connection connection(m_url, QString("router-migrate-%1").arg(m_serial));
    try {
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                           "applied_at TEXT NOT NULL)");
        QSqlQuery& current = connection.run("SELECT COALESCE(MAX(version), 0) FROM schema_version", {});
        const int version = current.next() ? current.value(0).toInt() : 0;
        current.finish();
        if (version > latestSchemaVersion)
            throw StorageError("schema version " + std::to_string(version) + " is newer than this router's " +
                               std::to_string(latestSchemaVersion));
        for (const Migration& migration : migrations()) {
            if (migration.version <= version)
                continue;
            if (!connection.database().transaction())
                throw StorageError("cannot start a transaction: " +
                                   connection.database().lastError().text().simplified().toStdString());
            try {
                for (const char* statement : migration.statements)
                    connection.execute(statement);
                connection.run(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    {migration.version, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
                if (!connection.database().commit())
                    throw StorageError("commit: " +
                                       connection.database().lastError().text().simplified().toStdString());
            } catch (...) {
                connection.database().rollback();
                throw;
            }
        }
    } catch (const StorageError& error) {
        throw StorageError("[database] url " + m_url.display() + ": migration failed: " + error.what());
    }
}

Storage::~Storage() = default;

Storage::Connection& Storage::connection() {
    // Keyed by serial, not address, so that a later Storage at the same address never gets a stale
    // connection.
    thread_local std::map<std::uint64_t, std::unique_ptr<Connection>> connections;
    thread_local const std::uint64_t thread = nextSerial++;
    auto& slot = connections[m_serial];
    if (!slot)
        slot = std::make_unique<Connection>(m_url, QString("router-%1-%2").arg(m_serial).arg(thread));
    return *slot;
}

const char* Storage::system() const {
    return m_url.system == DatabaseUrl::System::Sqlite ? "sqlite" : "postgresql";
}

bool Storage::insertMerchant(const Merchant& m, const std::string& apiKeyHash) {
    QSqlQuery& query = connection().run(
        "INSERT INTO merchants (merchant_id, merchant_name, api_key_hash, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (merchant_id) DO NOTHING",
        {str(m.id), str(m.name), str(apiKeyHash), str(m.createdAt), str(m.updatedAt)});
    return query.numRowsAffected() == 1;
}

std::optional<Merchant> Storage::merchant(const std::string& id) {
    return firstRow(
        connection().run(
            "SELECT merchant_id, merchant_name, created_at, updated_at FROM merchants WHERE merchant_id = ?",
            {str(id)}),
        readMerchant);
}

std::optional<Merchant> Storage::merchantByApiKeyHash(const std::string& apiKeyHash) {
    return firstRow(
        connection().run(
            "SELECT merchant_id, merchant_name, created_at, updated_at FROM merchants WHERE api_key_hash = ?",
            {str(apiKeyHash)}),
        readMerchant);
}

std::optional<Merchant> Storage::renameMerchant(const std::string& id, const std::string& name,
                                                const std::string& updatedAt) {
    QSqlQuery& query =
        connection().run("UPDATE merchants SET merchant_name = ?, updated_at = ? WHERE merchant_id = ?",
                         {str(name), str(updatedAt), str(id)});
    if (query.numRowsAffected() != 1)
        return std::nullopt;
    return merchant(id);
}

void Storage::insertConnector(const ConnectorAccount& c) {
    connection().run("INSERT INTO merchant_connectors (merchant_connector_id, merchant_id, connector_name, "
                     "connector_type, created_at) VALUES (?, ?, ?, ?, ?)",
                     {str(c.id), str(c.merchantId), str(c.name), str(c.type), str(c.createdAt)});
}

std::optional<ConnectorAccount> Storage::firstConnector(const std::string& merchantId) {
    return firstRow(
        connection().run(
            "SELECT merchant_connector_id, merchant_id, connector_name, connector_type, created_at "
            "FROM merchant_connectors WHERE merchant_id = ? ORDER BY created_at, merchant_connector_id LIMIT "
            "1",
            {str(merchantId)}),
        readConnector);
}

void Storage::insertPayment(const Payment& p) {
    connection().run(
        "INSERT INTO payments (payment_id, merchant_id, amount, currency, status, connector_name, "
        "card_last4, error_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {str(p.id), str(p.merchantId), qint64(p.amount), str(p.currency), str(p.status), str(p.connector),
         str(p.cardLast4), str(p.errorCode), str(p.createdAt), str(p.updatedAt)});
}

void Storage::updatePayment(const Payment& p) {
    connection().run("UPDATE payments SET status = ?, connector_name = ?, error_code = ?, updated_at = ? "
                     "WHERE payment_id = ?",
                     {str(p.status), str(p.connector), str(p.errorCode), str(p.updatedAt), str(p.id)});
}

std::optional<Payment> Storage::payment(const std::string& id, const std::string& merchantId) {
    return firstRow(
        connection().run("SELECT payment_id, merchant_id, amount, currency, status, connector_name, "
                         "card_last4, error_code, created_at, updated_at FROM payments "
                         "WHERE payment_id = ? AND merchant_id = ?",
                         {str(id), str(merchantId)}),
        readPayment);
}

} // namespace router
