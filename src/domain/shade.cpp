#include <smp/domain/client.hpp>
#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace smp {
namespace {

using namespace field_flag;
using H = Shade;

constexpr int k_max_bottle_ml = 1000; // a bottle's size, by parse_bottle_size and the table
using L = Lot;

const std::array<FieldOf<Shade>, 13> k_shade_fields = {{
    {{"id", Codec::id}, &H::id},
    {{"uuid", Codec::uuid, required}, &H::uuid},
    {{"name", Codec::text, required | importable}, &H::name},
    {{"brand", Codec::text, importable | clearable}, &H::brand},
    {{"base", Codec::choice, required | importable, {}, &choices::shade_base}, &H::base},
    {{"dilution", Codec::dilution, importable | clearable}, &H::dilution},
    {{"notes", Codec::text, importable | clearable}, &H::notes},
    {{"retired", Codec::flag, derived | importable}},
    {{"retired_at", Codec::instant, importable}, &H::retired_at},
    {{"lot_count", Codec::integer, derived}},
    {{"session_count", Codec::integer, derived}},
    {{"created_at", Codec::instant, required | importable}, &H::created_at},
    {{"updated_at", Codec::instant, required | importable}, &H::updated_at},
}};

const std::array<FieldOf<Lot>, 22> k_lot_fields = {{
    {{"id", Codec::id}, &L::id},
    {{"uuid", Codec::uuid, required}, &L::uuid},
    {{"shade_id", Codec::reference, required}, &L::shade_id},
    {{"shade", Codec::text, derived}},
    {{"lot", Codec::text, required | importable, "number"}, &L::number},
    {{"expires_on", Codec::date, required | importable}, &L::expires_on},
    {{"received_on", Codec::date, importable}, &L::received_on},
    {{"opened_on", Codec::date, importable}, &L::opened_on},
    {{"supplier", Codec::text, importable}, &L::supplier},
    {{"status", Codec::text, derived}},
    {{"recalled_on", Codec::date, importable}, &L::recalled_on},
    {{"recall_reason", Codec::text, importable}, &L::recall_reason},
    {{"sessions", Codec::integer, derived}},
    // Stock (issue 22): bottles received and their size, and the day each bottle was opened
    // (the lot_opening table), so `import all` carries them whole.
    {{"bottles", Codec::integer, importable}, &L::bottles},
    // Its own rule on the command line and in an import is parse_bottle_size ("15ml").
    {{"bottle_ml", Codec::decimal, importable, {}, nullptr, {}, {}, {}, {}, 0, k_max_bottle_ml},
     &L::bottle_ml},
    {{"bottles_opened", Codec::integer, derived}},
    // Kept in lot_opening, one row a bottle: no column of the lot's own.
    {{"openings", Codec::date_list, derived | importable}},
    {{"bottles_left", Codec::integer, derived}},
    {{"last_opened_on", Codec::date, derived}},
    {{"opened_expires_on", Codec::date, derived}},
    {{"created_at", Codec::instant, required | importable}, &L::created_at},
    {{"updated_at", Codec::instant, required | importable}, &L::updated_at},
}};

constexpr std::array<std::string_view, 4> k_bases = {"black", "dark-grey", "brown", "water"};

std::optional<double> parse_part(std::string_view text) {
    double value = 0;
    if (text.empty() || text.size() > 8 || text.front() == '+' || text.front() == '-')
        return std::nullopt;
    auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string format_part(double value) {
    auto text = fmt::format("{:.2f}", value);
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

// Built-in parts of water per part of pigment, by hair colour (light hair shows dark dots)...
const std::map<std::string, double, std::less<>> k_water_by_hair = {
    {"black", 2}, {"dark-brown", 4}, {"brown", 6},   {"light-brown", 8}, {"mixed", 8},
    {"red", 10},  {"grey", 10},      {"blonde", 12}, {"white", 15}};
// ...plus parts added by skin type (fair skin shows dark pigment as blue-grey).
const std::map<std::string, double, std::less<>> k_water_by_skin = {
    {"I", 4}, {"II", 3}, {"III", 2}, {"IV", 1}, {"V", 0}, {"VI", 0}};

} // namespace

std::span<const FieldOf<Shade>> shade_fields() {
    return k_shade_fields;
}

std::span<const FieldOf<Lot>> lot_fields() {
    return k_lot_fields;
}

namespace choices {
const Choice shade_base{"base", k_bases};
} // namespace choices

Dilution parse_dilution(std::string_view text) {
    auto colon = text.find(':');
    auto water = colon == std::string_view::npos ? std::nullopt : parse_part(text.substr(0, colon));
    auto pigment =
        colon == std::string_view::npos ? std::nullopt : parse_part(text.substr(colon + 1));
    if (!water || !pigment || *pigment <= 0 || *water > 100 || *pigment > 100)
        throw Error(Exit::data, fmt::format("invalid dilution \"{}\": write water:pigment, e.g. "
                                            "6:1 (six parts water to one of pigment), 2.5:1, or "
                                            "0:1 for undiluted",
                                            text));
    return {*water, *pigment};
}

std::string format_dilution(const Dilution& dilution) {
    return format_part(dilution.water) + ":" + format_part(dilution.pigment);
}

Mix mix_for(const Dilution& dilution, double volume_ml) {
    double pigment = volume_ml * dilution.pigment / (dilution.water + dilution.pigment);
    pigment = std::round(pigment * 100) / 100;
    return {pigment, std::round((volume_ml - pigment) * 100) / 100};
}

std::string format_ml(double ml) {
    auto text = fmt::format("{:.2f}", ml);
    if (text.back() == '0')
        text.pop_back();
    return text;
}

std::string validate_shade_name(std::string_view name) {
    auto valid = validate_text("shade name", trim(name));
    if (valid.empty())
        throw Error(Exit::data, "invalid shade name \"\": a shade needs a name");
    return valid;
}

std::string validate_lot_number(std::string_view number) {
    auto valid = validate_text("lot", trim(number));
    if (valid.empty() || valid.find_first_of(":,") != std::string::npos)
        throw Error(Exit::data, fmt::format("invalid lot \"{}\": a lot number must not be empty "
                                            "or contain \":\" or \",\"",
                                            number));
    return valid;
}

std::string lot_number_key(std::string_view number) {
    return fold_case(number);
}

Date parse_expiry(std::string_view text) {
    if (text.size() == 7) {
        if (auto date = parse_iso_date(std::string(text) + "-01"))
            return end_of_month(*date);
    } else if (auto date = parse_iso_date(text)) {
        return *date;
    }
    throw Error(Exit::data, fmt::format("invalid expiry \"{}\": write YYYY-MM as on the label (the "
                                        "end of that month) or YYYY-MM-DD",
                                        text));
}

DilutionSuggestion suggest_first_dilution(const std::string& hair_colour,
                                          const std::string& skin_type, bool first_session,
                                          const std::map<std::string, Dilution>& overrides,
                                          double first_session_extra_water) {
    DilutionSuggestion out;
    auto key = hair_colour + "." + skin_type;
    if (auto cell = overrides.find(key); cell != overrides.end()) {
        out.dilution = cell->second;
        out.source = fmt::format("config table dilution_table.{}", key);
        out.table = "config_table";
    } else {
        auto hair = k_water_by_hair.find(hair_colour);
        auto skin = k_water_by_skin.find(skin_type);
        double water = (hair != k_water_by_hair.end() ? hair->second : 6) +
                       (skin != k_water_by_skin.end() ? skin->second : 2);
        out.dilution = {water, 1};
        out.source = fmt::format("built-in table: {} hair, skin type {}",
                                 hair != k_water_by_hair.end() ? hair_colour : "unrecorded",
                                 skin != k_water_by_skin.end() ? skin_type : "unrecorded");
    }
    if (first_session && first_session_extra_water > 0) {
        out.dilution.water += first_session_extra_water * out.dilution.pigment;
        out.first_session_water = first_session_extra_water;
        out.source += fmt::format(", plus {} parts water for a first session",
                                  format_part(first_session_extra_water));
    }
    return out;
}

double parse_mix_volume(std::string_view text) {
    return parse_measure("volume", text, 100.0);
}

int parse_bottle_count(std::string_view text) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 1 ||
        value > 1000)
        throw Error(Exit::data, fmt::format("invalid number of bottles \"{}\": use a whole "
                                            "number from 1 to 1000",
                                            text));
    return value;
}

double parse_bottle_size(std::string_view text) {
    auto number = trim(text);
    if (number.size() > 2 && fold_case(number.substr(number.size() - 2)) == "ml")
        number = trim(number.substr(0, number.size() - 2));
    double value = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || error != std::errc{} || end != number.data() + number.size() ||
        !std::isfinite(value) || value <= 0 || value > k_max_bottle_ml)
        throw Error(Exit::data, fmt::format("invalid bottle size \"{}\": write millilitres "
                                            "above 0 and at most {}, e.g. 15ml",
                                            text, k_max_bottle_ml));
    return value;
}

std::optional<int> bottles_left(const Lot& lot) {
    if (!lot.bottles)
        return std::nullopt;
    return std::max(0, *lot.bottles - lot.bottles_opened);
}

std::optional<Date> opened_bottle_expiry(const Lot& lot, const Span& shelf_life) {
    if (!lot.last_opened_on)
        return std::nullopt;
    return add_span(*lot.last_opened_on, shelf_life);
}

std::optional<std::string> lot_concern(const Lot& lot, Date day, const Span& shelf_life) {
    if (lot.recalled_on)
        return fmt::format("lot {} of {} was recalled on {}: {}", lot.number, lot.shade_name,
                           format_date(*lot.recalled_on),
                           lot.recall_reason.value_or("no reason recorded"));
    if (lot.expires_on < day)
        return fmt::format("lot {} of {} expired on {}, before the session on {}", lot.number,
                           lot.shade_name, format_date(lot.expires_on), format_date(day));
    if (auto until = opened_bottle_expiry(lot, shelf_life); until && *until < day)
        return fmt::format("lot {} of {}: the bottle opened on {} was to be used by {} ({} "
                           "after opening), before the session on {}; open a new bottle",
                           lot.number, lot.shade_name, format_date(*lot.last_opened_on),
                           format_date(*until), format_span(shelf_life), format_date(day));
    return std::nullopt;
}

} // namespace smp
