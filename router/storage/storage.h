#pragma once

#include "config/database_url.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace router {

/// A database that cannot be reached, migrated or queried; what() names the URL (password masked) or query.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Merchant {
    std::string id;
    std::string name;
    std::string createdAt; // ISO 8601 UTC, as are all times here
    std::string updatedAt;
};

struct ConnectorAccount {
    std::string id;
    std::string merchantId;
    std::string name; // e.g. "stripe"
    std::string type; // e.g. "payment_processor"
    std::string createdAt;
};

struct Payment {
    std::string id;
    std::string merchantId;
    std::int64_t amount = 0; // minor units
    std::string currency;
    std::string status;    // requires_confirmation, processing, succeeded, failed
    std::string connector; // the connector account's name once confirmed, else empty
    std::string cardLast4;
    std::string errorCode; // why it failed, else empty
    std::string createdAt;
    std::string updatedAt;
};

/// The schema version this build creates; the schema_version table holds one row per applied migration.
inline constexpr int latestSchemaVersion = 1;

/// The router's data in SQLite or PostgreSQL through one code path of Qt Sql. Every thread that calls it gets
/// its own connection (Qt Sql connections must stay on their thread), opened on first use and closed when the
/// thread ends. Values travel only as bound parameters of prepared statements, which each connection keeps.
/// Methods throw StorageError when the database fails.
class Storage {
public:
    /// Connects once, creates the schema or migrates it to latestSchemaVersion, and throws StorageError
    /// naming the URL when the database cannot be opened or migrated.
    explicit Storage(DatabaseUrl url);
    ~Storage();
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;

    /// OpenTelemetry's db.system: "sqlite" or "postgresql".
    const char* system() const;

    /// False when a merchant with this id exists (nothing changes then).
    bool insertMerchant(const Merchant& merchant, const std::string& apiKeyHash);
    std::optional<Merchant> merchant(const std::string& id);
    std::optional<Merchant> merchantByApiKeyHash(const std::string& apiKeyHash);
    /// The updated merchant, or nothing when there is no such merchant.
    std::optional<Merchant> renameMerchant(const std::string& id, const std::string& name,
                                           const std::string& updatedAt);

    void insertConnector(const ConnectorAccount& connector);
    /// The merchant's oldest connector account: the one payments are confirmed with.
    std::optional<ConnectorAccount> firstConnector(const std::string& merchantId);

    void insertPayment(const Payment& payment);
    void updatePayment(const Payment& payment); // status, connector, error code and update time
    /// Only the merchant's own payments are found.
    std::optional<Payment> payment(const std::string& id, const std::string& merchantId);

private:
    class Connection;
    Connection& connection();

    DatabaseUrl m_url;
    std::uint64_t m_serial; // tells this instance's per-thread connections apart from another's
};

} // namespace router
