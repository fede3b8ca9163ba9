#include "engine/modules/k6_archive.h"

#include "common/error.h"
#include "common/files.h"

#include <QRegularExpression>
#include <QString>
#include <QUrl>
#include <archive.h>
#include <archive_entry.h>
#include <ctime>
#include <fstream>
#include <memory>
#include <set>

namespace loadbench::engine {

namespace fs = std::filesystem;

namespace {

constexpr const char* metadataEntry = "metadata.json";
constexpr const char* dataEntry = "data";

using ArchivePointer = std::unique_ptr<archive, int (*)(archive*)>;
using EntryPointer = std::unique_ptr<archive_entry, void (*)(archive_entry*)>;

/// Where in the archive's trees a script's URL lives: `file/abs/path` or `https/host/path`.
std::string entryOfUrl(const std::string& url) {
    const QUrl parsed(QString::fromStdString(url));
    if (parsed.scheme() == "file")
        return "file" + parsed.path().toStdString();
    if (parsed.scheme() == "https")
        return "https/" + parsed.authority().toStdString() + parsed.path().toStdString();
    return {};
}

/// An entry's name made safe to extract: no absolute path, no `..`, only the two trees k6 writes.
std::string checkedEntryName(const std::string& name, const fs::path& file) {
    const fs::path path = fs::path(name).lexically_normal();
    const std::string normal = path.generic_string();
    const bool inTree = normal.rfind("file/", 0) == 0 || normal.rfind("https/", 0) == 0;
    const bool escapes =
        std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; });
    if (!inTree || escapes || path.is_absolute())
        throw Error(file.string() + ": entry \"" + name + "\" is not a k6 archive entry (file/… or https/…)");
    return normal;
}

std::string archiveError(archive* handle) {
    const char* text = archive_error_string(handle);
    return text ? text : "unknown error";
}

} // namespace

std::string anonymizedPath(const std::string& path) {
    static const QRegularExpression home(R"(^(/[a-zA-Z])?/(Users|home|Documents and Settings)/[^/]+)",
                                         QRegularExpression::CaseInsensitiveOption);
    return QString::fromStdString(fs::path(path).lexically_normal().generic_string())
        .replace(home, R"(\1/\2/nobody)")
        .toStdString();
}

bool isTarFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    char header[263] = {};
    in.read(header, sizeof header);
    return in.gcount() == sizeof header && std::string_view(header + 257, 5) == "ustar";
}

void writeK6Archive(const K6Archive& contents, const fs::path& file) {
    std::string tar;
    ArchivePointer writer(archive_write_new(), archive_write_free);
    // USTAR where it fits, pax headers for long names, as Go's archive/tar (k6's writer) chooses.
    archive_write_set_format_pax_restricted(writer.get());
    archive_write_set_bytes_in_last_block(writer.get(), 1);
    const auto append = [](archive*, void* target, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(target)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
    };
    if (archive_write_open(writer.get(), &tar, nullptr, append, nullptr) != ARCHIVE_OK)
        throw Error(file.string() + ": " + archiveError(writer.get()));

    const std::time_t now = std::time(nullptr);
    const auto add = [&](const std::string& name, mode_t type, const std::string* content,
                         const char* hardlink = nullptr) {
        EntryPointer entry(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(entry.get(), name.c_str());
        archive_entry_set_filetype(entry.get(), type);
        archive_entry_set_perm(entry.get(), type == AE_IFDIR ? 0755 : 0644);
        archive_entry_set_mtime(entry.get(), now, 0);
        if (hardlink)
            archive_entry_set_hardlink(entry.get(), hardlink);
        archive_entry_set_size(entry.get(),
                               content && !hardlink ? static_cast<la_int64_t>(content->size()) : 0);
        if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK ||
            (content && !hardlink &&
             archive_write_data(writer.get(), content->data(), content->size()) !=
                 static_cast<la_ssize_t>(content->size())))
            throw Error(file.string() + ": cannot add " + name + ": " + archiveError(writer.get()));
    };

    nlohmann::ordered_json metadata;
    metadata["type"] = "js";
    metadata["options"] = contents.options;
    metadata["filename"] = contents.filename;
    metadata["pwd"] = contents.pwd;
    metadata["env"] = contents.env;
    metadata["compatibilityMode"] = "extended";
    metadata["k6version"] = contents.k6Version;
    metadata["goos"] = "linux";
    const std::string metadataText = metadata.dump(2) + "\n";
    add(metadataEntry, AE_IFREG, &metadataText);
    add(dataEntry, AE_IFREG, &contents.data);

    const std::string mainEntry = entryOfUrl(contents.filename);
    for (const char* tree : {"file", "https"}) {
        std::set<std::string> folders;
        for (const auto& [name, content] : contents.files)
            if (name.rfind(std::string(tree) + "/", 0) == 0)
                for (fs::path folder = fs::path(name).parent_path(); !folder.empty() && folder != tree;
                     folder = folder.parent_path())
                    folders.insert(folder.generic_string());
        if (!folders.empty())
            folders.insert(tree);
        for (const std::string& folder : folders) // sorted, as k6 writes them, before the files
            add(folder, AE_IFDIR, nullptr);
        for (const auto& [name, content] : contents.files)
            if (name.rfind(std::string(tree) + "/", 0) == 0)
                add(name, AE_IFREG, &content, name == mainEntry ? dataEntry : nullptr);
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK)
        throw Error(file.string() + ": " + archiveError(writer.get()));
    writeFileAtomically(file, tar);
}

K6Archive readK6Archive(const fs::path& file) {
    ArchivePointer reader(archive_read_new(), archive_read_free);
    archive_read_support_format_tar(reader.get());
    if (archive_read_open_filename(reader.get(), file.c_str(), 64 * 1024) != ARCHIVE_OK)
        throw Error(file.string() + ": " + archiveError(reader.get()));
    K6Archive contents;
    bool hasMetadata = false;
    std::vector<std::string> linksToData;
    archive_entry* entry = nullptr;
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        const std::string name = archive_entry_pathname(entry);
        if (archive_entry_hardlink(entry)) { // k6 links the main script's entry to `data`
            if (std::string(archive_entry_hardlink(entry)) != dataEntry)
                throw Error(file.string() + ": entry \"" + name + "\" links to something other than data");
            linksToData.push_back(checkedEntryName(name, file));
            continue;
        }
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        std::string content;
        char buffer[64 * 1024];
        la_ssize_t read = 0;
        while ((read = archive_read_data(reader.get(), buffer, sizeof buffer)) > 0)
            content.append(buffer, static_cast<std::size_t>(read));
        if (read < 0)
            throw Error(file.string() + ": entry \"" + name + "\": " + archiveError(reader.get()));
        if (name == metadataEntry) {
            const auto metadata = nlohmann::ordered_json::parse(content, nullptr, false);
            if (!metadata.is_object() || !metadata.contains("filename") || !metadata["filename"].is_string())
                throw Error(file.string() + ": metadata.json: not k6 archive metadata (no \"filename\")");
            hasMetadata = true;
            contents.filename = metadata["filename"].get<std::string>();
            contents.pwd = metadata.value("pwd", "");
            contents.k6Version = metadata.value("k6version", "");
            if (metadata.contains("options") && metadata["options"].is_object())
                contents.options = metadata["options"];
            if (metadata.contains("env") && metadata["env"].is_object())
                for (const auto& [key, value] : metadata["env"].items())
                    if (value.is_string())
                        contents.env[key] = value.get<std::string>();
        } else if (name == dataEntry) {
            contents.data = std::move(content);
        } else {
            contents.files[checkedEntryName(name, file)] = std::move(content);
        }
    }
    if (status != ARCHIVE_EOF)
        throw Error(file.string() + ": " + archiveError(reader.get()));
    if (!hasMetadata)
        throw Error(file.string() + ": not a k6 archive (no metadata.json)");
    for (const std::string& link : linksToData)
        contents.files[link] = contents.data;
    return contents;
}

fs::path extractK6Archive(const K6Archive& contents, const fs::path& folder) {
    const std::string mainEntry = entryOfUrl(contents.filename);
    if (mainEntry.empty())
        throw Error("metadata.json: filename \"" + contents.filename + "\" is not a file:// or https:// URL");
    for (const auto& [name, content] : contents.files) {
        const fs::path target = folder / name;
        fs::create_directories(target.parent_path());
        writeFileAtomically(target, content);
    }
    // As k6 reads it: the main script is `data`, at the place its URL names.
    const fs::path script = folder / mainEntry;
    fs::create_directories(script.parent_path());
    writeFileAtomically(script, contents.data);
    return script;
}

} // namespace loadbench::engine
