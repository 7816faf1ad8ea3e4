#pragma once
// The details a session is given on the command line (log, plan, done, edit): their options,
// and applying them to a session, its pigment and lots included.

#include <smp/config/config.hpp>
#include <smp/domain/choice.hpp>
#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/store/store.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp::cli {

// The detail options shared by log, plan, done and edit.
struct DetailOptions {
    std::optional<std::string> date, time, duration, needle, depth, machine, voltage, numbing;
    std::optional<std::string> pain, price, notes, kind, shade, dilution;
    std::vector<std::string> areas, lots;
    bool final = false;
    bool strict = false;
    std::vector<std::string> clear;
};

// The names `session edit --clear` takes, from the session kind table.
const Choice& session_clear_choice();
void add_detail_options(CLI::App& command, DetailOptions& o);
// Sets what the options give (after clearing what --clear names), checked as the table says.
void apply_details(const DetailOptions& o, Session& s, const Config& config);
// A lot recalled, expired by the session's day, or whose opened bottle is past its shelf life
// (lots.opened_shelf_life) is a concern.
void check_lot(const Lot& lot, const Session& s, const Span& shelf_life,
               std::vector<std::string>& concerns);
// The pigment a session used: shade (its usual dilution unless one is given), dilution and
// lots. Lots must be in the catalogue; one expired on the session's day or recalled is a
// concern (a warning, or a refusal when strict). Returns the lots to record, if given.
std::optional<std::vector<std::int64_t>> apply_pigment(const DetailOptions& o, Session& s,
                                                       store::Store& store, const Span& shelf_life,
                                                       std::vector<std::string>& concerns);

} // namespace smp::cli
