#pragma once

#include "engine/http/http_client.h"

#include <QDateTime>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QUrl>
#include <set>
#include <string>
#include <vector>

namespace loadbench::engine {

/// One cookie of a response as k6's `res.cookies` shows it: Go's reading of a Set-Cookie header.
struct ResponseCookie {
    std::string name;
    std::string value;
    std::string domain; // as the header wrote it
    std::string path;
    bool httpOnly = false;
    bool secure = false;
    int maxAge = 0;           // s; 0 without Max-Age, -1 for Max-Age=0 or below (Go's meaning: delete it)
    std::int64_t expires = 0; // ms since the Unix epoch; Go's zero time without a parsable Expires
};

/// A cookie's date as Go reads it: RFC 1123 (`Mon, 02 Jan 2006 15:04:05 GMT`) or its dashed variant
/// (`Mon, 02-Jan-2006 …`); invalid when it is neither.
QDateTime cookieDate(QString text);

/// The Set-Cookie headers of a response, in order. Hand-read because k6 shows the attributes as Go's
/// net/http reads them (raw Domain and Max-Age), which QNetworkCookie normalizes away.
std::vector<ResponseCookie> responseCookies(const HttpHeaders& headers);

/// A cookie jar as k6's (Go's net/http/cookiejar): domain and path matching, expiry and secure cookies by
/// Qt's QNetworkCookieJar, which keeps them in memory only.
class CookieJar : public QNetworkCookieJar {
public:
    bool empty() const { return allCookies().isEmpty(); }
    /// The cookies the jar sends to `url`, most specific path first, leaving out the names in `replaced`.
    std::vector<std::pair<std::string, std::string>>
    cookiesFor(const QUrl& url, const std::set<std::string>& replaced = {}) const;
    /// Keeps the cookies of a response's Set-Cookie headers, as a browser would for `url` (parsed only when
    /// there are some: most responses have none).
    void store(const std::string& url, const HttpHeaders& headers);
    /// k6's jar.set(): false when the cookie does not belong to `url` (another domain).
    bool set(const QUrl& url, const QNetworkCookie& cookie);
    /// k6's jar.clear(url): every cookie sent to `url`; jar.delete(url, name): those named `name`.
    void clear(const QUrl& url);
    void remove(const QUrl& url, const std::string& name);
    void clearAll() { setAllCookies({}); }
};

} // namespace loadbench::engine
