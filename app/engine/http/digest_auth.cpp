#include "engine/http/digest_auth.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <map>

namespace loadbench::engine {

namespace {

/// The auth-params of a challenge: `key=token` or `key="quoted string"`, comma-separated (RFC 7235 §2.1).
std::map<std::string, std::string> challengeParams(const std::string& header) {
    std::map<std::string, std::string> params;
    std::size_t at = header.find(' ');
    while (at != std::string::npos && at < header.size()) {
        while (at < header.size() && (header[at] == ' ' || header[at] == ','))
            ++at;
        const std::size_t equals = header.find('=', at);
        if (equals == std::string::npos)
            break;
        std::string key = header.substr(at, equals - at);
        for (char& c : key)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value;
        at = equals + 1;
        if (at < header.size() && header[at] == '"') {
            for (++at; at < header.size() && header[at] != '"'; ++at)
                value += header[at] == '\\' && at + 1 < header.size() ? header[++at] : header[at];
            ++at;
        } else {
            const std::size_t end = header.find(',', at);
            value = header.substr(at, end == std::string::npos ? std::string::npos : end - at);
            at = end;
        }
        params[key] = value;
    }
    return params;
}

} // namespace

std::optional<std::string> digestAuthorization(const std::string& challenge, const std::string& method,
                                               const std::string& uri, const std::string& user,
                                               const std::string& password) {
    if (challenge.size() < 7 || QByteArray::fromStdString(challenge.substr(0, 7)).toLower() != "digest ")
        return std::nullopt;
    auto params = challengeParams(challenge);
    const std::string algorithm = params.contains("algorithm") ? params["algorithm"] : "MD5";
    QString base = QString::fromStdString(algorithm).toUpper();
    const bool session = base.endsWith("-SESS");
    if (session)
        base.chop(5);
    QCryptographicHash::Algorithm hash;
    if (base == "MD5")
        hash = QCryptographicHash::Md5;
    else if (base == "SHA-256")
        hash = QCryptographicHash::Sha256;
    else
        return std::nullopt;
    const auto h = [hash](const std::string& text) {
        return QCryptographicHash::hash(QByteArray::fromStdString(text), hash).toHex().toStdString();
    };
    const std::string& nonce = params["nonce"];
    const std::string cnonce = QByteArray::number(QRandomGenerator::global()->generate64(), 16)
                                   .rightJustified(16, '0')
                                   .toStdString();
    const std::string nc = "00000001";
    std::string ha1 = h(user + ":" + params["realm"] + ":" + password);
    if (session)
        ha1 = h(ha1 + ":" + nonce + ":" + cnonce);
    const std::string ha2 = h(method + ":" + uri);
    // qop is a list of the server's choices; "auth" is the one answered (auth-int would need the body's
    // hash).
    const bool qopAuth =
        params.contains("qop") &&
        QString::fromStdString(params["qop"]).split(',').contains("auth", Qt::CaseInsensitive);
    if (params.contains("qop") && !qopAuth)
        return std::nullopt;
    const std::string response = qopAuth ? h(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                                         : h(ha1 + ":" + nonce + ":" + ha2);
    std::string header = "Digest username=\"" + user + "\", realm=\"" + params["realm"] + "\", nonce=\"" +
                         nonce + "\", uri=\"" + uri + "\", algorithm=" + algorithm + ", response=\"" +
                         response + "\"";
    if (params.contains("opaque"))
        header += ", opaque=\"" + params["opaque"] + "\"";
    if (qopAuth)
        header += ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
    return header;
}

} // namespace loadbench::engine
