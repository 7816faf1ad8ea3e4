#include <smp/cli/session_details.hpp>

#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::cli {
namespace {

void clear_fields(const std::vector<std::string>& names, Session& s) {
    for (const auto& name : parse_choices(session_clear_choice(), names)) {
        if (name == "time")
            s.time.reset();
        else if (name == "duration")
            s.duration.reset();
        else if (name == "areas")
            s.areas.clear();
        else if (name == "needle")
            s.needle.reset();
        else if (name == "depth")
            s.depth_mm.reset();
        else if (name == "machine")
            s.machine.reset();
        else if (name == "voltage")
            s.voltage.reset();
        else if (name == "numbing")
            s.numbing.reset();
        else if (name == "pain")
            s.pain.reset();
        else if (name == "price")
            s.price.reset(), s.currency.reset();
        else if (name == "notes")
            s.notes.reset();
        else if (name == "shade")
            s.shade_id.reset();
        else if (name == "dilution")
            s.dilution.reset();
    }
}

} // namespace

const Choice& session_clear_choice() {
    return clear_choice(*kind_named("session"));
}

void add_detail_options(CLI::App& command, DetailOptions& o) {
    command.add_option("--time", o.time, "Start time, HH:MM (24-hour)")
        ->type_name("HH:MM")
        ->check(valid::time_of_day());
    command.add_option("--duration", o.duration, "How long, e.g. 3h, 2h30min, 150min")
        ->type_name("SPAN")
        ->check(valid::duration());
    command
        .add_option("--area", o.areas,
                    "Areas worked, repeatable or comma-separated: hairline, temples, frontal, "
                    "mid-scalp, crown, sides, back, fut-scar, fue-scars, other-scar, density")
        ->type_name("AREA")
        ->check(valid::choice(choices::area));
    command
        .add_option("--needle", o.needle, "Needle: count, configuration, diameter, e.g. 3RL-0.25")
        ->type_name("NEEDLE")
        ->check(valid::needle());
    command.add_option("--depth", o.depth, "Estimated depth in mm")
        ->type_name("MM")
        ->check(valid::by([](std::string_view t) { parse_depth(t); }));
    command.add_option("--machine", o.machine, "Machine used")
        ->type_name("TEXT")
        ->check(valid::text("machine"));
    command.add_option("--voltage", o.voltage, "Machine voltage")
        ->type_name("V")
        ->check(valid::by([](std::string_view t) { parse_voltage(t); }));
    command.add_option("--numbing", o.numbing, "Numbing agent")
        ->type_name("TEXT")
        ->check(valid::text("numbing"));
    command.add_option("--pain", o.pain, "Pain the client reported, 0-10")
        ->type_name("0-10")
        ->check(valid::pain());
    command
        .add_option("--price", o.price, "Price, e.g. 450 or 1,200.00 (currency from the config)")
        ->type_name("AMOUNT")
        ->check(valid::amount());
    command.add_option("--notes", o.notes, "Healing, reaction and other notes")
        ->type_name("TEXT")
        ->check(valid::text("notes"));
    command
        .add_option("--kind", o.kind,
                    "course, touchup, correction or consult (default: course "
                    "while the course is unfinished, touchup after)")
        ->type_name("KIND")
        ->check(valid::choice(choices::session_kind));
    command.add_flag("--final", o.final, "This session finishes the course");
    command.add_option("--shade", o.shade, "Pigment shade used (from `smp shade list`)")
        ->type_name("SHADE");
    command
        .add_option("--lot", o.lots,
                    "Lot used, repeatable (pigment and water lots); SHADE:LOT "
                    "when two shades share a lot number")
        ->type_name("LOT");
    command
        .add_option("--dilution", o.dilution,
                    "Dilution water:pigment, e.g. 6:1 (default: the "
                    "shade's)")
        ->type_name("W:P")
        ->check(valid::dilution());
    command.add_flag("--strict", o.strict,
                     "Refuse (exit 65) instead of warning when consent or "
                     "screening is missing, a contraindication is set, or a "
                     "lot is expired, recalled or its opened bottle past its shelf "
                     "life");
}

void apply_details(const DetailOptions& o, Session& s, const Config& config) {
    clear_fields(o.clear, s);
    set_field(o.time, s.time, parse_time_of_day);
    set_field(o.duration, s.duration, parse_duration);
    if (!o.areas.empty())
        s.areas = parse_choices(choices::area, o.areas);
    set_field(o.needle, s.needle, parse_needle);
    set_field(o.depth, s.depth_mm, [](const std::string& text) { return parse_depth(text); });
    set_field(o.voltage, s.voltage, [](const std::string& text) { return parse_voltage(text); });
    auto text = [](std::string_view field) {
        return [field](const std::string& value) { return validate_text(field, value); };
    };
    set_field(o.machine, s.machine, text("machine"));
    set_field(o.numbing, s.numbing, text("numbing"));
    set_field(o.notes, s.notes, text("notes"));
    set_field(o.pain, s.pain, [](const std::string& text) { return parse_pain(text); });
    set_field(o.price, s.price, parse_money);
    if (o.price)
        s.currency = s.price ? std::optional(config.currency) : std::nullopt;
    if (o.kind)
        s.kind = parse_session_kind(*o.kind);
    if (o.final)
        s.final = true;
}

void check_lot(const Lot& lot, const Session& s, const Span& shelf_life,
               std::vector<std::string>& concerns) {
    if (auto concern = lot_concern(lot, s.date, shelf_life))
        concerns.push_back(*concern);
}

std::optional<std::vector<std::int64_t>> apply_pigment(const DetailOptions& o, Session& s,
                                                       store::Store& store, const Span& shelf_life,
                                                       std::vector<std::string>& concerns) {
    if (o.shade && trim(*o.shade).empty()) {
        s.shade_id.reset();
    } else if (o.shade) {
        auto shade = store::resolve_shade(store, *o.shade);
        if (shade.retired_at)
            concerns.push_back(fmt::format("shade \"{}\" is retired", shade.name));
        s.shade_id = shade.id;
        if (!o.dilution && shade.dilution)
            s.dilution = shade.dilution;
    }
    if (o.dilution)
        s.dilution = trim(*o.dilution).empty()
                         ? std::nullopt
                         : std::optional(format_dilution(parse_dilution(*o.dilution)));
    auto cleared = parse_choices(session_clear_choice(), o.clear);
    bool clear_lots = std::find(cleared.begin(), cleared.end(), "lots") != cleared.end();
    if (o.lots.empty() && !clear_lots)
        return std::nullopt;
    std::vector<std::int64_t> ids;
    for (const auto& reference : o.lots)
        for (const auto& item : split_list(reference)) {
            auto lot = store::resolve_lot(store, item);
            check_lot(lot, s, shelf_life, concerns);
            ids.push_back(lot.id);
        }
    return ids;
}

} // namespace smp::cli
