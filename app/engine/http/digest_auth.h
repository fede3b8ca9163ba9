#pragma once

#include <optional>
#include <string>

namespace loadbench::engine {

/// The Authorization header answering a `WWW-Authenticate: Digest …` challenge (RFC 7616: MD5, SHA-256 and
/// their -sess forms, qop auth or none); nullopt for a challenge it cannot answer. Computed here rather than
/// by curl, whose digest round trip inside one transfer would hide the 401 that k6 records as a request.
std::optional<std::string> digestAuthorization(const std::string& challenge, const std::string& method,
                                               const std::string& uri, const std::string& user,
                                               const std::string& password);

} // namespace loadbench::engine
