#include "engine/modules/remote_modules.h"

#include "common/files.h"
#include "engine/modules/module_error.h"

#include <curl/curl.h>
#include <memory>
#include <mutex>

namespace loadbench::engine {

std::filesystem::path scriptModuleFolder(const std::filesystem::path& script) {
    return std::filesystem::absolute(script).parent_path() / ".modules";
}

std::vector<std::filesystem::path> moduleFolders(const std::vector<std::filesystem::path>& given,
                                                 const std::filesystem::path& script) {
    std::vector<std::filesystem::path> folders = given;
    if (const QString fromEnvironment = qEnvironmentVariable("LOADBENCH_MODULE_DIR");
        !fromEnvironment.isEmpty())
        folders.emplace_back(fromEnvironment.toStdString());
    folders.push_back(scriptModuleFolder(script));
    return folders;
}

std::filesystem::path moduleFolderPath(const QUrl& url) {
    const QString host = url.host() + (url.port() == -1 ? QString() : ":" + QString::number(url.port()));
    QString path = url.adjusted(QUrl::NormalizePathSegments).path(QUrl::FullyDecoded);
    while (path.startsWith('/'))
        path.remove(0, 1);
    if (url.hasQuery())
        path += "%3F" + url.query(QUrl::FullyDecoded);
    return std::filesystem::path(host.toStdString()) / path.toStdString();
}

namespace {

struct Fetched {
    CURLcode code = CURLE_OK;
    std::string reason; // libcurl's, when code is not CURLE_OK
    long status = 0;
    std::string body;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

Fetched fetch(const QUrl& url) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    Fetched fetched;
    char errorText[CURL_ERROR_SIZE] = {};
    const std::string address = url.toString(QUrl::FullyEncoded).toStdString();
    curl_easy_setopt(curl.get(), CURLOPT_URL, address.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &fetched.body);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 10L);
    // A redirect to http:// is refused as an http:// import is.
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl.get(), CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "loadbench-engine");
    // For the tests' own certificate authority only; a run trusts the system's.
    const QByteArray testAuthority = qgetenv("LOADBENCH_TEST_CA_FILE");
    if (!testAuthority.isEmpty())
        curl_easy_setopt(curl.get(), CURLOPT_CAINFO, testAuthority.constData());
    fetched.code = curl_easy_perform(curl.get());
    if (fetched.code != CURLE_OK)
        fetched.reason = *errorText ? errorText : curl_easy_strerror(fetched.code);
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &fetched.status);
    return fetched;
}

} // namespace

RemoteModules::RemoteModules(std::vector<std::filesystem::path> folders, std::filesystem::path script)
    : m_folders(std::move(folders))
    , m_script(std::move(script)) {}

const RemoteModule& RemoteModules::get(const QUrl& url) {
    const QString key = url.toString(QUrl::FullyEncoded);
    if (const auto known = m_modules.find(key); known != m_modules.end())
        return known->second;
    RemoteModule module{url, {}, {}};
    const std::filesystem::path relative = moduleFolderPath(url);
    for (const std::filesystem::path& folder : m_folders) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(folder / relative, error))
            continue;
        try {
            module.source = readFile(folder / relative);
        } catch (const Error& readError) {
            throw ModuleError(readError.what());
        }
        module.foundIn = folder;
        break;
    }
    if (module.foundIn.empty()) {
        Fetched fetched = fetch(url);
        if (fetched.code == CURLE_UNSUPPORTED_PROTOCOL)
            throw ModuleError("redirects to a URL that is not https:// (" + fetched.reason +
                              "), refused as http:// imports are");
        if (fetched.code != CURLE_OK)
            throw ModuleError("cannot be fetched (" + fetched.reason +
                              ") and is in no module folder; run `loadbench-engine vendor " +
                              m_script.string() + "` while online, or put the file at " +
                              (m_folders.back() / relative).string() +
                              " (or under a --module-dir or $LOADBENCH_MODULE_DIR)");
        if (fetched.status != 200)
            throw ModuleError("fetching it answered HTTP " + std::to_string(fetched.status));
        module.source = std::move(fetched.body);
    }
    m_order.push_back(key);
    return m_modules.emplace(key, std::move(module)).first->second;
}

std::vector<const RemoteModule*> RemoteModules::modules() const {
    std::vector<const RemoteModule*> modules;
    for (const QString& key : m_order)
        modules.push_back(&m_modules.at(key));
    return modules;
}

} // namespace loadbench::engine
