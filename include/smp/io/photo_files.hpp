#pragma once

#include <smp/domain/date.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::io {

// Where the photos of a records file live: a private folder beside it named after it
// (records.db: records.photos), one folder per client (their uuid), each picture named by its
// SHA-256 so the same picture is stored once.
std::string photo_folder(const std::string& records_path);
std::string client_photo_folder(const std::string& records_path, std::string_view client_uuid);
std::string photo_file_path(const std::string& records_path, std::string_view client_uuid,
                            std::string_view sha256, std::string_view media_type);

// Stores a picture's bytes at `path` (folders 0700, the file 0600, written to a temporary file
// in the same folder, synced and renamed). Returns false, writing nothing, when a file of the
// same size is already there (the same hash: the same picture).
bool keep_photo_file(const std::string& path, std::string_view bytes);

// Removes a stored picture; then its client's folder, if that left it empty.
void remove_photo_file(const std::string& path);
// Removes a client's photo folder and everything in it. Returns how many files it held.
int remove_client_photos(const std::string& records_path, std::string_view client_uuid);

// Gives the client `into_uuid` a link to each of `from_uuid`'s pictures (a client merge):
// nothing is moved until the records say whose they are. Returns the links made (not those
// already there), for undo_photo_links if the merge fails.
std::vector<std::string> link_client_photos(const std::string& records_path,
                                            std::string_view from_uuid, std::string_view into_uuid);
void undo_photo_links(const std::vector<std::string>& links);

// Copies a photo folder (a client's folders and their pictures) to `to`, which must not exist:
// folders 0700, files 0600, each written atomically, each picture's SHA-256 checked against its
// name as it is read, so a damaged picture is not carried into a backup unnoticed. On failure
// nothing of `to` is left. Returns how many pictures were copied.
int copy_photo_folder(const std::string& from, const std::string& to);

// The day a picture was taken, from its EXIF DateTimeOriginal (JPEG's APP1, or the Exif block
// a HEIC, PNG or WebP carries), as YYYY-MM-DD; none without one.
std::optional<Date> photo_taken_on(std::string_view bytes);

} // namespace smp::io
