#pragma once

#include <smp/domain/choice.hpp>
#include <smp/domain/date.hpp>
#include <smp/domain/kind.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace smp {

// A dilution written water:pigment, as practitioners say it: "6:1" is six parts water to one
// part pigment, "0:1" undiluted, "2.5:1" allowed.
struct Dilution {
    double water = 0;
    double pigment = 1;

    bool operator==(const Dilution&) const = default;
};

Dilution parse_dilution(std::string_view text); // throws Error(data)
std::string format_dilution(const Dilution& dilution);

// Millilitres of pigment and water for a mix of `volume_ml`, rounded to 0.01 ml; the two always
// add up to the volume.
struct Mix {
    double pigment_ml;
    double water_ml;
};
Mix mix_for(const Dilution& dilution, double volume_ml);
std::string format_ml(double ml); // "0.5", "3.0", "0.05"

// A lot's expiry as printed on the label: YYYY-MM (meaning the last day of that month) or
// YYYY-MM-DD. Throws Error(data).
Date parse_expiry(std::string_view text);
// Millilitres to mix: a decimal within (0, 100].
double parse_mix_volume(std::string_view text);

// A shade's name: not empty, valid UTF-8, trimmed. Throws Error(data).
std::string validate_shade_name(std::string_view name);

// A lot (batch) number as printed on the label: trimmed, not empty, valid UTF-8, and without
// ':' (SHADE:LOT names one shade's lot) or ',' (a session lists its lots comma-separated), so
// every lot can be referred to. Throws Error(data).
std::string validate_lot_number(std::string_view number);

// What two lot numbers of one shade must not share: the number ignoring case and accents, as
// labels are read by eye and typed both ways ("l-1" is lot "L-1"). It is fold_case(), which
// the records file's smp_fold() applies in queries.
std::string lot_number_key(std::string_view number);

namespace choices {
extern const Choice shade_base;
} // namespace choices

// The starting dilution for a first session, from hair colour and Fitzpatrick skin type: more
// water for lighter hair and fairer skin, and more still in session 1 (the shade starts light
// and is darkened in later sessions). `overrides` holds the config's cells, keyed
// "hair_colour.SKIN" (e.g. "blonde.II").
struct DilutionSuggestion {
    Dilution dilution;
    std::string source; // where the number came from, for the practitioner
    // The same for a script: "config_table" or "built_in_table", and the parts of water added
    // for a first session (0: none).
    std::string_view table = "built_in_table";
    double first_session_water = 0;
};
DilutionSuggestion suggest_first_dilution(const std::string& hair_colour,
                                          const std::string& skin_type, bool first_session,
                                          const std::map<std::string, Dilution>& overrides,
                                          double first_session_extra_water);

// A pigment (or diluent water) in the catalogue.
struct Shade {
    std::int64_t id = 0;
    std::string uuid;
    std::string name;
    std::optional<std::string> brand;
    std::string base = "black";          // black, dark-grey, brown, or water for the diluent
    std::optional<std::string> dilution; // the usual water:pigment, as written
    std::optional<std::string> notes;
    std::optional<std::string> retired_at;
    std::string created_at, updated_at;
    // Counted when read: lots on record and sessions that used the shade.
    int lots = 0;
    int sessions = 0;
};

// One batch of a shade, with the dates the records rules ask for.
struct Lot {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t shade_id = 0;
    std::string shade_name; // read along with the lot
    std::string number;
    Date expires_on{}; // a month-only expiry is kept as its last day
    std::optional<Date> received_on, opened_on;
    std::optional<std::string> supplier;
    std::optional<Date> recalled_on;
    std::optional<std::string> recall_reason;
    std::string created_at, updated_at;
    int sessions = 0; // sessions that used the lot (0 when LotFilter::count_sessions is off)
    // Stock: bottles received and their size (empty: not counted, as on lots recorded before
    // smp counted stock), bottles opened, and the day the latest bottle was opened (the
    // lot's own opened_on when no opening is recorded).
    std::optional<int> bottles;
    std::optional<double> bottle_ml;
    int bottles_opened = 0;
    std::string openings; // every opening's day, comma-joined, oldest first
    std::optional<Date> last_opened_on;
};

// Their fields, each once (see kind.hpp): what the store reads and writes, what `_describe`,
// import and export name.
std::span<const FieldOf<Shade>> shade_fields();
std::span<const FieldOf<Lot>> lot_fields();

// Bottles received: a whole number from 1 to 1000. Bottle size in millilitres: "15ml",
// "15 ml" or "15", above 0 and at most 1000. Both throw Error(data) quoting the text.
int parse_bottle_count(std::string_view text);
double parse_bottle_size(std::string_view text);

// Bottles not yet opened; empty when the lot's stock is not counted.
std::optional<int> bottles_left(const Lot& lot);
// The last day the latest opened bottle may be used: opened + shelf life (the maker's "use
// within 12 months of opening"). Empty when no bottle is known to be open.
std::optional<Date> opened_bottle_expiry(const Lot& lot, const Span& shelf_life);
// Why a lot must not be used in a session on `day`, if it must not: recalled, expired, or its
// opened bottle past its shelf life. The one rule every use of a lot goes through.
std::optional<std::string> lot_concern(const Lot& lot, Date day, const Span& shelf_life);

} // namespace smp
