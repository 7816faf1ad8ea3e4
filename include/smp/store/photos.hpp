#pragma once

#include <smp/domain/photo.hpp>
#include <smp/store/backup.hpp>
#include <smp/store/store.hpp>

#include <functional>
#include <optional>
#include <string>

namespace smp::store {

// A photo as listed: with its client's name and uuid (the folder its file is in), and its
// session's number in the course ("2 of 3") when it has one.
struct PhotoRow {
    Photo photo;
    std::string client_name;
    std::string client_uuid;
    std::optional<int> course_number;
};

struct PhotoFilter {
    std::optional<std::int64_t> client_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::string> stage;
};

// Writes run inside the caller's transaction (Store::write).
void insert_photo(Store& store, Photo& photo); // sets id, uuid, times
void delete_photo(Store& store, std::int64_t id);

// A photo by its id; Error(data) quoting the reference if there is none.
PhotoRow resolve_photo(Store& store, std::string_view reference);
// Streams the photos the filter selects, by client, day taken, then id.
void for_each_photo(Store& store, const PhotoFilter& filter,
                    const std::function<void(const PhotoRow&)>& visit);
// How many records of the client name the picture with this hash (its file is shared).
int photos_with_hash(Store& store, std::int64_t client_id, const std::string& sha256);

// One of `smp check`'s checks: every photo's file is in the photo folder with the size and
// SHA-256 recorded (a missing or changed one is a problem, with what to do), and every file
// there has a record (one left by an interrupted `photo add` is named, to delete).
// `records_path`: the records file whose photo folder it is (`check` reads a copy of it).
CheckResult check_photos(Store& store, const std::string& records_path);

} // namespace smp::store
