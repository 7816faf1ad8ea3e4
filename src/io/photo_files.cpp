#include <smp/domain/photo.hpp>
#include <smp/error.hpp>
#include <smp/io/atomic_file.hpp>
#include <smp/io/input_file.hpp>
#include <smp/io/photo_files.hpp>
#include <smp/util/sha256.hpp>

#include <fmt/format.h>
#include <libexif/exif-data.h>

#include <filesystem>
#include <memory>
#include <sys/stat.h>

namespace smp::io {
namespace {

namespace fs = std::filesystem;

std::string_view extension_of(std::string_view media_type) {
    if (media_type == "image/jpeg")
        return ".jpg";
    if (media_type == "image/png")
        return ".png";
    if (media_type == "image/webp")
        return ".webp";
    if (media_type == "image/heic")
        return ".heic";
    if (media_type == "image/heif")
        return ".heif";
    if (media_type == "image/avif")
        return ".avif";
    return "";
}

// A private folder: created 0700 whatever the umask, and made 0700 if it was not.
void make_private_folder(const fs::path& folder) {
    std::error_code error;
    fs::create_directory(folder, error);
    if (error || ::chmod(folder.c_str(), 0700) != 0)
        throw Error(Exit::cant_create,
                    fmt::format("cannot create the photo folder \"{}\"{}; check that its folder "
                                "is writable",
                                folder.string(), error ? ": " + error.message() : ""));
}

} // namespace

std::string photo_folder(const std::string& records_path) {
    return fs::path(records_path).replace_extension(".photos").string();
}

std::string client_photo_folder(const std::string& records_path, std::string_view client_uuid) {
    return (fs::path(photo_folder(records_path)) / std::string(client_uuid)).string();
}

std::string photo_file_path(const std::string& records_path, std::string_view client_uuid,
                            std::string_view sha256, std::string_view media_type) {
    return (fs::path(client_photo_folder(records_path, client_uuid)) /
            fmt::format("{}{}", sha256, extension_of(media_type)))
        .string();
}

namespace {

// A copy of this very picture that a killed `photo add` left half written (AtomicFile's
// temporary file): the same command run again clears it, as `smp check` says.
void remove_unfinished_copies(const fs::path& file) {
    std::error_code error;
    auto prefix = AtomicFile::temporary_prefix(file.string());
    for (const auto& entry : fs::directory_iterator(file.parent_path(), error))
        if (entry.path().filename().string().rfind(prefix, 0) == 0)
            fs::remove(entry.path(), error);
}

} // namespace

bool keep_photo_file(const std::string& path, std::string_view bytes) {
    std::error_code error;
    fs::path file(path);
    if (fs::is_regular_file(file, error) && fs::file_size(file, error) == bytes.size())
        return false;
    make_private_folder(file.parent_path().parent_path());
    make_private_folder(file.parent_path());
    remove_unfinished_copies(file);
    AtomicFile out(path);
    if (std::fwrite(bytes.data(), 1, bytes.size(), out.stream()) != bytes.size())
        throw Error(Exit::io, fmt::format("cannot write photo \"{}\"", path));
    out.commit();
    return true;
}

void remove_photo_file(const std::string& path) {
    std::error_code error;
    fs::remove(path, error);
    fs::remove(fs::path(path).parent_path(), error); // only if empty: fails otherwise
}

int remove_client_photos(const std::string& records_path, std::string_view client_uuid) {
    fs::path folder = client_photo_folder(records_path, client_uuid);
    std::error_code error;
    if (!fs::is_directory(folder, error))
        return 0;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(folder, error))
        files += entry.is_regular_file(error) ? 1 : 0;
    fs::remove_all(folder, error);
    if (error)
        throw Error(Exit::io, fmt::format("cannot delete the photo folder \"{}\": {}; delete "
                                          "it by hand",
                                          folder.string(), error.message()));
    return files;
}

std::vector<std::string> link_client_photos(const std::string& records_path,
                                            std::string_view from_uuid,
                                            std::string_view into_uuid) {
    fs::path from = client_photo_folder(records_path, from_uuid);
    fs::path into = client_photo_folder(records_path, into_uuid);
    std::vector<std::string> links;
    std::error_code error;
    if (!fs::is_directory(from, error))
        return links;
    if (!fs::is_directory(into, error)) {
        fs::create_directories(into, error);
        if (!error)
            fs::permissions(into, fs::perms::owner_all, error);
    }
    for (const auto& entry : fs::directory_iterator(from, error)) {
        if (error || !entry.is_regular_file(error))
            continue;
        auto target = into / entry.path().filename();
        if (fs::exists(target, error))
            continue; // the same picture (the same hash), kept once
        fs::create_hard_link(entry.path(), target, error);
        if (error) {
            undo_photo_links(links);
            throw Error(Exit::io,
                        fmt::format("cannot link the photo \"{}\" to \"{}\": {}; "
                                    "nothing was merged",
                                    entry.path().string(), target.string(), error.message()));
        }
        links.push_back(target.string());
    }
    if (error)
        throw Error(Exit::io, fmt::format("cannot read the photo folder \"{}\": {}", from.string(),
                                          error.message()));
    return links;
}

void undo_photo_links(const std::vector<std::string>& links) {
    std::error_code ignored;
    for (const auto& link : links)
        fs::remove(link, ignored);
}

int copy_photo_folder(const std::string& from, const std::string& to) {
    std::error_code error;
    if (fs::exists(to, error))
        throw Error(Exit::cant_create, fmt::format("\"{}\" already exists; smp never copies "
                                                   "photos over another folder: move it away",
                                                   to));
    int copied = 0;
    try {
        make_private_folder(to);
        for (const auto& client : fs::directory_iterator(from)) {
            if (!client.is_directory())
                continue;
            for (const auto& picture : fs::directory_iterator(client.path())) {
                if (!picture.is_regular_file())
                    continue;
                auto path = picture.path().string();
                auto bytes = read_input_file(path, "photo", std::uintmax_t{1} << 30, Exit::io);
                if (sha256_hex(bytes) != picture.path().stem().string())
                    throw Error(Exit::data,
                                fmt::format("photo \"{}\" has changed since it was added (its "
                                            "SHA-256 is not its name); run `smp check`",
                                            path));
                keep_photo_file(
                    (fs::path(to) / client.path().filename() / picture.path().filename()).string(),
                    bytes);
                ++copied;
            }
        }
    } catch (const fs::filesystem_error& failure) {
        fs::remove_all(to, error);
        throw Error(Exit::io, fmt::format("cannot copy the photo folder \"{}\" to \"{}\": {}", from,
                                          to, failure.code().message()));
    } catch (...) {
        fs::remove_all(to, error);
        throw;
    }
    return copied;
}

std::optional<Date> photo_taken_on(std::string_view bytes) {
    // A JPEG is read whole by libexif; other containers carry the block after "Exif\0\0".
    std::string_view block = bytes;
    if (!bytes.starts_with("\xFF\xD8")) {
        auto at = bytes.find(std::string_view("Exif\0\0", 6));
        if (at == std::string_view::npos)
            return std::nullopt;
        block = bytes.substr(at);
    }
    std::unique_ptr<ExifData, void (*)(ExifData*)> data(
        exif_data_new_from_data(reinterpret_cast<const unsigned char*>(block.data()),
                                static_cast<unsigned int>(block.size())),
        exif_data_unref);
    if (!data)
        return std::nullopt;
    ExifEntry* entry =
        exif_content_get_entry(data->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
    if (!entry || entry->format != EXIF_FORMAT_ASCII || !entry->data)
        return std::nullopt;
    std::string_view text(reinterpret_cast<const char*>(entry->data), entry->size);
    return exif_day(text);
}

} // namespace smp::io
