#include "engine/http/cookie_jar.h"

#include <QDateTime>
#include <QNetworkCookie>
#include <QRegularExpression>
#include <charconv>

namespace loadbench::engine {

namespace {

/// Go's zero time.Time in milliseconds, which k6 gives a cookie without Expires: UnixNano() of year 1
/// overflows int64 to -6795364578871345152 ns.
constexpr std::int64_t goZeroTimeMs = -6795364578871;

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::int64_t expiresMs(const std::string& value) {
    const QDateTime date = cookieDate(QString::fromStdString(value));
    return date.isValid() ? date.toMSecsSinceEpoch() : goZeroTimeMs;
}

std::optional<ResponseCookie> parseSetCookie(std::string_view line) {
    ResponseCookie cookie;
    cookie.expires = goZeroTimeMs;
    bool first = true;
    while (!line.empty() || first) {
        const auto end = line.find(';');
        const std::string_view part = trimmed(line.substr(0, end));
        line = end == std::string_view::npos ? std::string_view() : line.substr(end + 1);
        const auto equals = part.find('=');
        const std::string_view key = trimmed(part.substr(0, equals));
        std::string_view value =
            equals == std::string_view::npos ? std::string_view() : trimmed(part.substr(equals + 1));
        if (first) {
            first = false;
            if (key.empty() || equals == std::string_view::npos)
                return std::nullopt;
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            cookie.name = key;
            cookie.value = value;
        } else if (isHeader(key, "domain")) {
            cookie.domain = value;
        } else if (isHeader(key, "path")) {
            cookie.path = value;
        } else if (isHeader(key, "httponly")) {
            cookie.httpOnly = true;
        } else if (isHeader(key, "secure")) {
            cookie.secure = true;
        } else if (isHeader(key, "max-age")) {
            int seconds = 0;
            const auto [rest, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
            // As Go: not a number, or a leading zero, is ignored; zero or less means delete.
            if (error == std::errc() && rest == value.data() + value.size() &&
                !(seconds != 0 && value[0] == '0'))
                cookie.maxAge = seconds <= 0 ? -1 : seconds;
        } else if (isHeader(key, "expires")) {
            cookie.expires = expiresMs(std::string(value));
        }
    }
    return cookie;
}

} // namespace

QDateTime cookieDate(QString text) {
    text.replace('-', ' ');
    // Qt reads RFC 2822's numeric zones; cookies name theirs, and Go takes an unknown name as UTC.
    static const QRegularExpression namedZone(" [A-Z]{1,5}$");
    text.replace(namedZone, " +0000");
    return QDateTime::fromString(text, Qt::RFC2822Date);
}

std::vector<ResponseCookie> responseCookies(const HttpHeaders& headers) {
    std::vector<ResponseCookie> cookies;
    for (const auto& [name, value] : headers)
        if (isHeader(name, "set-cookie"))
            if (auto cookie = parseSetCookie(value))
                cookies.push_back(std::move(*cookie));
    return cookies;
}

std::vector<std::pair<std::string, std::string>>
CookieJar::cookiesFor(const QUrl& url, const std::set<std::string>& replaced) const {
    std::vector<std::pair<std::string, std::string>> cookies;
    for (const QNetworkCookie& cookie : cookiesForUrl(url)) {
        std::string name = cookie.name().toStdString();
        if (!replaced.contains(name))
            cookies.emplace_back(std::move(name), cookie.value().toStdString());
    }
    return cookies;
}

void CookieJar::store(const std::string& url, const HttpHeaders& headers) {
    QList<QNetworkCookie> cookies;
    for (const auto& [name, value] : headers)
        if (isHeader(name, "set-cookie"))
            cookies += QNetworkCookie::parseCookies(QByteArray::fromStdString(value));
    if (!cookies.isEmpty())
        setCookiesFromUrl(cookies, QUrl(QString::fromStdString(url)));
}

bool CookieJar::set(const QUrl& url, const QNetworkCookie& cookie) {
    return setCookiesFromUrl({cookie}, url);
}

void CookieJar::clear(const QUrl& url) {
    for (const QNetworkCookie& cookie : cookiesForUrl(url))
        deleteCookie(cookie);
}

void CookieJar::remove(const QUrl& url, const std::string& name) {
    for (const QNetworkCookie& cookie : cookiesForUrl(url))
        if (cookie.name().toStdString() == name)
            deleteCookie(cookie);
}

} // namespace loadbench::engine
