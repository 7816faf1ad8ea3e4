#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/kind.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// A photograph of a client's scalp: before a session, after it, healed (about four weeks on)
// or at the consultation. The picture itself is a file in the photo folder beside the records
// file, named by its SHA-256; the row says whose it is and what it shows.
struct Photo {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    std::optional<std::int64_t> session_id;
    std::string stage = "before";
    std::vector<std::string> areas;
    Date taken_on{};
    std::string sha256; // of the stored file, lower-case hex
    std::int64_t size = 0;
    std::optional<std::string> original_name; // the file's name where it came from
    std::string media_type;                   // image/jpeg, image/png, image/heic, image/webp
    std::optional<std::string> notes;
    std::string created_at;
    std::string updated_at;
};

namespace choices {
extern const Choice photo_stage;
} // namespace choices

// Every field of a photo, once, in the documented order.
std::span<const FieldOf<Photo>> photo_fields();

// The media type of a picture from its first bytes (JPEG, PNG, HEIC/HEIF, WebP), or none
// when it is none of them: the name's extension is not trusted.
std::optional<std::string_view> photo_media_type(std::string_view first_bytes);
// "2026:03:14 10:22:05", EXIF's DateTimeOriginal, as a YYYY-MM-DD day; none if malformed.
std::optional<Date> exif_day(std::string_view date_time);

} // namespace smp
