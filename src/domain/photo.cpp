#include <smp/domain/date.hpp>
#include <smp/domain/photo.hpp>
#include <smp/domain/session.hpp>

#include <array>

namespace smp {
namespace {

constexpr std::array<std::string_view, 4> k_stages = {"before", "after", "healed", "consult"};

} // namespace

namespace choices {
const Choice photo_stage{"stage", k_stages};
} // namespace choices

namespace {

using namespace field_flag;
using Ph = Photo;

const std::array<FieldOf<Photo>, 16> k_photo_fields = {{
    {{"id", Codec::id}, &Ph::id},
    {{"uuid", Codec::uuid, required}, &Ph::uuid},
    {{"client_id", Codec::reference, required}, &Ph::client_id},
    {{"client_uuid", Codec::uuid, derived}},
    {{"client_name", Codec::text, derived}},
    {{"session_id", Codec::reference, clearable, {}, nullptr, "--session"}, &Ph::session_id},
    {{"stage", Codec::choice, required, {}, &choices::photo_stage}, &Ph::stage},
    {{"areas", Codec::choice_list, clearable, {}, &choices::area}, &Ph::areas},
    {{"taken_on", Codec::date, required}, &Ph::taken_on},
    {{"sha256", Codec::text, required}, &Ph::sha256},
    {{"size", Codec::integer, required, "size_bytes"}, &Ph::size},
    {{"original_name", Codec::text, personal}, &Ph::original_name},
    {{"media_type", Codec::text, required}, &Ph::media_type},
    {{"notes", Codec::text, personal | clearable}, &Ph::notes},
    {{"created_at", Codec::instant, required}, &Ph::created_at},
    {{"updated_at", Codec::instant, required}, &Ph::updated_at},
}};

} // namespace

std::span<const FieldOf<Photo>> photo_fields() {
    return k_photo_fields;
}

std::optional<std::string_view> photo_media_type(std::string_view b) {
    if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF")
        return "image/jpeg";
    if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n")
        return "image/png";
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP")
        return "image/webp";
    // ISO base media: a box "ftyp" at offset 4, whose brand says HEIF (a phone's HEIC export).
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
        auto brand = b.substr(8, 4);
        for (std::string_view heic : {"heic", "heix", "heim", "heis", "hevc", "hevx"})
            if (brand == heic)
                return "image/heic";
        for (std::string_view heif : {"mif1", "msf1", "avif"})
            if (brand == heif)
                return brand == "avif" ? "image/avif" : "image/heif";
    }
    return std::nullopt;
}

std::optional<Date> exif_day(std::string_view date_time) {
    if (date_time.size() < 10 || date_time[4] != ':' || date_time[7] != ':')
        return std::nullopt;
    std::string day(date_time.substr(0, 10));
    day[4] = '-';
    day[7] = '-';
    return parse_iso_date(day);
}

} // namespace smp
