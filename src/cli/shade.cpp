#include <smp/cli/commands.hpp>
#include <smp/cli/lot_stock.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/store/bookings.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <array>

namespace smp::cli {
namespace {

const Choice& shade_clear_choice() {
    return clear_choice(*kind_named("shade"));
}

struct ShadeOptions {
    std::optional<std::string> name, brand, base, dilution, notes;
    std::vector<std::string> clear;
};

void add_shade_options(CLI::App& command, ShadeOptions& o) {
    command.add_option("--brand", o.brand, "Maker and product")
        ->type_name("TEXT")
        ->check(valid::text("brand"));
    command.add_option("--base", o.base, "black, dark-grey, brown, or water for the diluent")
        ->type_name("BASE")
        ->check(valid::choice(choices::shade_base));
    command.add_option("--dilution", o.dilution, "Usual dilution water:pigment, e.g. 6:1")
        ->type_name("W:P")
        ->check(valid::dilution());
    command.add_option("--notes", o.notes, "Free-text notes")
        ->type_name("TEXT")
        ->check(valid::text("notes"));
}

void apply_shade(const ShadeOptions& o, Shade& s) {
    for (const auto& name : parse_choices(shade_clear_choice(), o.clear)) {
        if (name == "brand")
            s.brand.reset();
        else if (name == "dilution")
            s.dilution.reset();
        else if (name == "notes")
            s.notes.reset();
    }
    s.name = validate_shade_name(o.name.value_or(s.name));
    auto text = [](std::string_view field) {
        return [field](const std::string& value) { return validate_text(field, value); };
    };
    set_field(o.brand, s.brand, text("brand"));
    set_field(o.notes, s.notes, text("notes"));
    set_field(o.dilution, s.dilution,
              [](const std::string& value) { return format_dilution(parse_dilution(value)); });
    if (o.base)
        s.base = choices::shade_base.parse(*o.base);
}

void require_unique_name(store::Store& store, const Shade& shade) {
    for (const auto& other : store::records_named_shades(store, shade.name))
        if (other.id != shade.id)
            throw Error(Exit::data, fmt::format("a shade named \"{}\" is already in the catalogue "
                                                "(id {}); pick another name",
                                                other.name, other.id));
}

// Empty (not 0) when the value is unknown: a lot recorded before stock was counted.
output::Value count_or_empty(std::optional<int> count) {
    return count ? output::Value{std::int64_t{*count}} : output::Value{};
}

} // namespace

output::Record shade_record(const Shade& s) {
    return output::Record{{{"id", s.id},
                           {"uuid", s.uuid},
                           {"name", s.name},
                           {"brand", text_or_empty(s.brand)},
                           {"base", s.base},
                           {"dilution", text_or_empty(s.dilution)},
                           {"notes", text_or_empty(s.notes)},
                           {"retired", s.retired_at.has_value()},
                           {"retired_at", text_or_empty(s.retired_at)},
                           {"lot_count", std::int64_t{s.lots}},
                           {"session_count", std::int64_t{s.sessions}},
                           {"created_at", s.created_at},
                           {"updated_at", s.updated_at}},
                          {}};
}

std::string lot_status(const Lot& lot, Date today) {
    if (lot.recalled_on)
        return "recalled";
    if (lot.expires_on < today)
        return "expired";
    if (lot.expires_on <= today + std::chrono::days{60})
        return "expiring";
    return "ok";
}

output::Record lot_record(const Lot& l, Date today, const Span& shelf_life) {
    auto opened_until = opened_bottle_expiry(l, shelf_life);
    return output::Record{
        {{"id", l.id},
         {"uuid", l.uuid},
         {"shade_id", l.shade_id},
         {"shade", l.shade_name},
         {"lot", l.number},
         {"expires_on", format_date(l.expires_on)},
         {"received_on", date_or_empty(l.received_on)},
         {"opened_on", date_or_empty(l.opened_on)},
         {"supplier", text_or_empty(l.supplier)},
         {"status", lot_status(l, today)},
         {"recalled_on", date_or_empty(l.recalled_on)},
         {"recall_reason", text_or_empty(l.recall_reason)},
         {"sessions", std::int64_t{l.sessions}},
         {"bottles", count_or_empty(l.bottles)},
         {"bottle_ml", l.bottle_ml ? output::Value{*l.bottle_ml} : output::Value{}},
         {"bottles_opened", std::int64_t{l.bottles_opened}},
         {"openings", output::List{l.openings}},
         {"bottles_left", count_or_empty(bottles_left(l))},
         {"last_opened_on", date_or_empty(l.last_opened_on)},
         {"opened_expires_on",
          opened_until ? output::Value{format_date(*opened_until)} : output::Value{}},
         {"created_at", l.created_at},
         {"updated_at", l.updated_at}},
        {}};
}

namespace {

void add_shade(Context& context, const std::string& name, const ShadeOptions& o) {
    Shade shade;
    shade.name = name;
    apply_shade(o, shade);
    auto& store = context.store(store::Access::create);
    store.write([&] {
        require_unique_name(store, shade);
        store::insert_shade(store, shade);
    });
    context.report_change("Added", "shade", shade.id, shade.name, shade_record(shade));
}

void edit_shade(Context& context, const std::string& reference, const ShadeOptions& o,
                std::optional<bool> retire) {
    auto& store = context.store(store::Access::create);
    auto shade = store.write([&] {
        auto found = store::resolve_shade(store, reference);
        apply_shade(o, found);
        if (retire)
            found.retired_at =
                *retire ? std::optional(found.retired_at.value_or(utc_now())) : std::nullopt;
        require_unique_name(store, found);
        store::update_shade(store, found);
        return found;
    });
    auto verb = !retire ? "Updated" : *retire ? "Retired" : "Unretired";
    context.report_change(verb, "shade", shade.id, shade.name, shade_record(shade));
}

void show_shade(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::existing);
    auto shade = store::resolve_shade(store, reference);
    auto record = shade_record(shade);
    auto& lots = record.sections.emplace_back(output::Section{"lots", {}});
    store::LotFilter filter;
    filter.shade_id = shade.id;
    // A lot's record as `shade lot list` gives it, cut to what a shade's page shows.
    static const std::vector<std::string> shown = {
        "lot", "expires_on", "status", "sessions", "supplier", "bottles_left", "opened_expires_on"};
    auto shelf_life = context.config().lots_opened_shelf_life;
    store::for_each_lot(store, filter, [&](const Lot& lot) {
        lots.rows.push_back(pick_record(lot_record(lot, context.today(), shelf_life), shown));
    });
    output::write_record(context.format(), context.style(), record, context.out);
}

struct LotOptions {
    std::string shade, number, expires;
    std::optional<std::string> received, opened, supplier;
    LotStockOptions stock;
    std::string expiring;
    bool expired = false, recalled = false;
    std::string reason, date;
};

void add_lot(Context& context, const LotOptions& o) {
    Lot lot;
    lot.number = validate_lot_number(o.number);
    lot.expires_on = parse_expiry(o.expires);
    auto date = [&](const std::optional<std::string>& text) -> std::optional<Date> {
        if (!text)
            return std::nullopt;
        return parse_date(*text, context.today());
    };
    lot.received_on = date(o.received);
    lot.opened_on = date(o.opened);
    if (o.supplier)
        lot.supplier = validate_text("supplier", *o.supplier);
    if (o.stock.bottles)
        lot.bottles = parse_bottle_count(*o.stock.bottles);
    if (o.stock.size)
        lot.bottle_ml = parse_bottle_size(*o.stock.size);
    auto& store = context.store(store::Access::create);
    store.write([&] {
        auto shade = store::resolve_shade(store, o.shade);
        lot.shade_id = shade.id;
        lot.shade_name = shade.name;
        store::require_new_lot_number(store, lot);
        store::insert_lot(store, lot);
    });
    context.report_change(
        "Added", "lot", lot.id,
        fmt::format("{} of {}, expires {}", lot.number, lot.shade_name,
                    format_date(lot.expires_on)),
        lot_record(lot, context.today(), context.config().lots_opened_shelf_life));
}

void list_lots(Context& context, const LotOptions& o) {
    auto& store = context.store(store::Access::existing);
    store::LotFilter filter;
    if (!o.shade.empty())
        filter.shade_id = store::resolve_shade(store, o.shade).id;
    if (!o.expiring.empty())
        filter.expiring_by = format_date(add_span(context.today(), parse_span(o.expiring)));
    if (o.expired)
        filter.expired_on = format_date(context.today());
    filter.recalled = o.recalled;
    const auto& shelf_life = context.config().lots_opened_shelf_life;
    auto count =
        write_list(context,
                   {"id", "shade", "lot", "expires_on", "status", "bottles_left", "last_opened_on",
                    "opened_expires_on", "supplier", "sessions"},
                   lot_record(Lot{}, context.today(), shelf_life), "no lots match",
                   [&](auto&& emit) {
                       store::for_each_lot(store, filter, [&](const Lot& lot) {
                           if (filter.expiring_by && !o.expired && lot.expires_on < context.today())
                               return; // --expiring means not yet expired
                           emit(lot_record(lot, context.today(), shelf_life));
                       });
                   },
                   {"supplier", "sessions", "last_opened_on", "status"});
    if (count == 0)
        throw NoMatch{};
}

// Everyone who received the lot, in the chosen format; returns how many sessions.
std::size_t print_trace(Context& context, store::Store& store, const Lot& lot) {
    output::Record empty{{{"client_id", {}},
                          {"client_name", {}},
                          {"phone", {}},
                          {"email", {}},
                          {"session_id", {}},
                          {"session_date", {}},
                          {"areas", {}},
                          {"shade", {}},
                          {"lot", {}}},
                         {}};
    return write_list(
        context, field_names(empty), empty,
        fmt::format("no session on record received lot {} of {}", lot.number, lot.shade_name),
        [&](auto&& emit) {
            store::trace_lot(store, lot.id, [&](const store::TraceRow& row) {
                emit(output::Record{{{"client_id", row.client_id},
                                     {"client_name", row.client_name},
                                     {"phone", text_or_empty(row.phone)},
                                     {"email", text_or_empty(row.email)},
                                     {"session_id", row.session_id},
                                     {"session_date", row.session_date},
                                     {"areas", output::List{row.areas}}, // comma-joined, as stored
                                     {"shade", lot.shade_name},
                                     {"lot", lot.number}},
                                    {}});
            });
        },
        {"shade", "lot", "areas", "email"});
}

// Booked sessions that name the lot have not received it yet: the practitioner must change
// their plan before the day, so they are named apart from those who received it.
void warn_planned_uses(Context& context, store::Store& store, const Lot& lot) {
    std::vector<std::string> uses;
    store::for_each_booking_using_lot(store, lot.id, [&](const store::PlannedUse& use) {
        uses.push_back(fmt::format("{} {} {}", use.session_id, use.client_name, use.date));
    });
    if (!uses.empty())
        context.warn(output::visible(fmt::format("{} booked session{} to use {}: {}", uses.size(),
                                                 uses.size() == 1 ? " plans" : "s plan", lot.number,
                                                 join(uses, "; "))));
}

void recall_lot(Context& context, const std::string& reference, const LotOptions& o) {
    auto date = o.date.empty() ? context.today() : parse_date(o.date, context.today());
    auto reason = validate_text("reason", trim(o.reason));
    if (reason.empty())
        throw Error(Exit::usage, "a recall needs --reason TEXT (e.g. the advisory's words)");
    auto& store = context.store(store::Access::create);
    auto lot = store.write([&] {
        auto found = store::resolve_lot(store, reference);
        found.recalled_on = date;
        found.recall_reason = reason;
        store::update_lot(store, found);
        return found;
    });
    context.tell(fmt::format("Recalled lot {} of {} on {}", lot.number, lot.shade_name,
                             format_date(*lot.recalled_on)));
    warn_planned_uses(context, store, lot);
    print_trace(context, store, lot);
}

void mix(Context& context, const std::string& dilution_text, const std::string& volume_text) {
    auto dilution = parse_dilution(dilution_text);
    auto volume = parse_mix_volume(volume_text);
    auto parts = mix_for(dilution, volume);
    if (parts.pigment_ml <= 0 || (dilution.water > 0 && parts.water_ml <= 0))
        throw Error(Exit::data, fmt::format("a {} ml mix at {} is too small to measure (under "
                                            "0.01 ml of one part); mix a larger volume",
                                            volume_text, format_dilution(dilution)));
    if (context.format() == output::Format::table) {
        fmt::print(context.out, "{} (water:pigment) for {} ml: {} ml pigment, {} ml water\n",
                   format_dilution(dilution), format_ml(volume), format_ml(parts.pigment_ml),
                   format_ml(parts.water_ml));
        return;
    }
    output::write_record(context.format(), context.style(),
                         output::Record{{{"dilution", format_dilution(dilution)},
                                         {"volume_ml", volume},
                                         {"pigment_ml", parts.pigment_ml},
                                         {"water_ml", parts.water_ml}},
                                        {}},
                         context.out);
}

// A starting dilution: what the client's earlier sessions used (light to dark) if any, else the
// first-session table. Always printed as a starting point, with its source.
void suggest(Context& context, const std::string& reference) {
    static const std::vector<std::string> k_history{"id",   "date",  "course",
                                                    "kind", "shade", "dilution"};
    static const std::vector<std::string> k_machine_history{
        "id", "date", "kind", "course_number", "course_planned", "shade", "dilution"};
    bool machine = for_machines(context.format());
    auto& store = context.store(store::Access::existing);
    auto client = store::resolve_client(store, reference);
    auto record = output::Record{{{"client_id", client.id}, {"client_name", client.name}}, {}};
    auto& history = record.sections.emplace_back(output::Section{"previous_sessions", {}});
    std::optional<std::string> latest;
    store::SessionFilter filter;
    filter.client_id = client.id;
    filter.status = SessionStatus::done;
    store::for_each_session(
        store, filter, context.config().planned_sessions, [&](const store::SessionRow& row) {
            if (!row.session.dilution)
                return;
            latest = latest.value_or(*row.session.dilution);
            auto summary = session_summary(row, machine);
            history.rows.insert(history.rows.begin(),
                                pick_record(summary, machine ? k_machine_history : k_history));
        });
    std::string source;
    output::Value first_session_water; // none: the dilution was used before
    if (latest) {
        source = machine ? "previous_sessions"
                         : fmt::format("the client's latest session (of {} with a dilution "
                                       "recorded)",
                                       history.rows.size());
    } else {
        auto course = store::course_state(store, client, context.config().planned_sessions);
        auto suggestion = suggest_first_dilution(
            client.hair_colour.value_or(""), client.skin_type.value_or(""), course.done == 0,
            context.config().dilution_table, context.config().first_session_extra_water);
        latest = format_dilution(suggestion.dilution);
        source = machine ? std::string(suggestion.table) : suggestion.source;
        first_session_water = suggestion.first_session_water;
    }
    record.fields.push_back({"suggested_dilution", *latest});
    record.fields.push_back({"source", source});
    // For a script: the water added for a first session; the words are for the practitioner.
    if (machine)
        record.fields.push_back({"first_session_water", first_session_water});
    else
        record.fields.push_back({"note", std::string("a starting point, not a prescription: "
                                                     "check with a test patch and adjust")});
    output::write_record(context.format(), context.style(), record, context.out);
}

} // namespace

void fill_shade_command(CLI::App* shade, Context& context) {
    shade->require_subcommand(1);
    struct Arguments {
        std::string name, reference, dilution, volume;
        ShadeOptions add, edit, none;
        bool all = false;
        LotOptions lot;
    };
    auto args = std::make_shared<Arguments>();
    auto add_reference = [&args](CLI::App* command) {
        command->add_option("SHADE", args->reference, "Shade id or part of the name")->required();
    };

    auto add = shade->add_subcommand("add", "Add a shade to the catalogue");
    add->add_option("NAME", args->name, "The shade's name")->required();
    add_shade_options(*add, args->add);
    when_run(add, context, [&context, args] { add_shade(context, args->name, args->add); });

    auto list = shade->add_subcommand("list", "List shades (retired ones with --all)");
    list->add_flag("--all", args->all, "Include retired shades");
    when_run(list, context, [&context, args] {
        auto& store = context.store(store::Access::existing);
        auto count = write_list(
            context,
            {"id", "name", "brand", "base", "dilution", "lot_count", "session_count", "retired"},
            shade_record(Shade{}), "no shades match",
            [&](auto&& emit) {
                store::for_each_shade(store, args->all,
                                      [&](const Shade& s) { emit(shade_record(s)); });
            },
            {"retired", "session_count", "lot_count", "base", "brand"});
        if (count == 0)
            throw NoMatch{};
    });

    auto show = shade->add_subcommand("show", "Show a shade with its lots");
    add_reference(show);
    when_run(show, context, [&context, args] { show_shade(context, args->reference); });

    auto edit = shade->add_subcommand("edit", "Change a shade");
    add_reference(edit);
    edit->add_option("--name", args->edit.name, "New name")->type_name("NAME");
    add_shade_options(*edit, args->edit);
    edit->add_option("--clear", args->edit.clear,
                     "Clear fields: " + shade_clear_choice().allowed_list())
        ->type_name("FIELD")
        ->check(valid::choice(shade_clear_choice()));
    when_run(edit, context,
             [&context, args] { edit_shade(context, args->reference, args->edit, std::nullopt); });

    auto retire = shade->add_subcommand("retire", "Stop offering a shade (kept in history)");
    add_reference(retire);
    when_run(retire, context,
             [&context, args] { edit_shade(context, args->reference, args->none, true); });
    auto unretire = shade->add_subcommand("unretire", "Offer a retired shade again");
    add_reference(unretire);
    when_run(unretire, context,
             [&context, args] { edit_shade(context, args->reference, args->none, false); });

    auto lot = shade->add_subcommand("lot", "Lots (batches) of a shade");
    lot->require_subcommand(1);
    auto lot_add = lot->add_subcommand("add", "Record a lot of a shade");
    lot_add->add_option("SHADE", args->lot.shade, "Shade id or part of the name")->required();
    lot_add->add_option("LOT", args->lot.number, "Lot (batch) number from the label")->required();
    lot_add
        ->add_option("--expires", args->lot.expires, "Expiry: YYYY-MM (end of month) or YYYY-MM-DD")
        ->type_name("DATE")
        ->check(valid::expiry())
        ->required();
    lot_add->add_option("--received", args->lot.received, "Day it arrived")
        ->type_name("DATE")
        ->check(valid::date(context));
    lot_add->add_option("--opened", args->lot.opened, "Day the bottle was opened")
        ->type_name("DATE")
        ->check(valid::date(context));
    lot_add->add_option("--supplier", args->lot.supplier, "Who supplied it")
        ->type_name("TEXT")
        ->check(valid::text("supplier"));
    lot_add->add_option("--bottles", args->lot.stock.bottles, "Bottles received")
        ->type_name("N")
        ->check(valid::by([](std::string_view t) { parse_bottle_count(t); }));
    lot_add
        ->add_option("--size", args->lot.stock.size, "Each bottle's size in millilitres, e.g. 15ml")
        ->type_name("ML")
        ->check(valid::by([](std::string_view t) { parse_bottle_size(t); }));
    when_run(lot_add, context, [&context, args] { add_lot(context, args->lot); });

    auto lot_edit = lot->add_subcommand("edit", "Change a lot's bottles or bottle size");
    lot_edit->add_option("LOT", args->reference, "Lot number, or SHADE:LOT")->required();
    auto clearable = [](auto parse) {
        return valid::by([parse](std::string_view t) {
            if (!trim(t).empty())
                parse(trim(t));
        });
    };
    lot_edit
        ->add_option("--bottles", args->lot.stock.bottles, "Bottles received (empty: not counted)")
        ->type_name("N")
        ->check(clearable([](std::string_view t) { parse_bottle_count(t); }));
    lot_edit->add_option("--size", args->lot.stock.size, "Each bottle's size in ml (empty: clear)")
        ->type_name("ML")
        ->check(clearable([](std::string_view t) { parse_bottle_size(t); }));
    when_run(lot_edit, context,
             [&context, args] { edit_lot_stock(context, args->reference, args->lot.stock); });

    auto lot_open = lot->add_subcommand("open", "Record a bottle of a lot opened");
    lot_open->add_option("LOT", args->reference, "Lot number, or SHADE:LOT")->required();
    auto opened_day =
        lot_open->add_option("--date", args->lot.stock.date, "Day it was opened (default today)")
            ->type_name("DATE")
            ->check(valid::date(context));
    lot_open
        ->add_flag("--undo", args->lot.stock.undo, "Take back the latest bottle recorded opened")
        ->excludes(opened_day);
    when_run(lot_open, context,
             [&context, args] { open_lot_bottle(context, args->reference, args->lot.stock); });

    auto lot_list = lot->add_subcommand("list", "List lots, soonest expiry first");
    lot_list->add_option("--shade", args->lot.shade, "Only this shade's lots")->type_name("SHADE");
    lot_list
        ->add_option("--expiring", args->lot.expiring, "Only lots expiring within SPAN (e.g. 60d)")
        ->type_name("SPAN")
        ->check(valid::interval());
    lot_list->add_flag("--expired", args->lot.expired, "Only expired lots");
    lot_list->add_flag("--recalled", args->lot.recalled, "Only recalled lots");
    when_run(lot_list, context, [&context, args] { list_lots(context, args->lot); });

    auto trace = shade->add_subcommand("trace", "Every client and session that received a lot");
    trace->add_option("LOT", args->reference, "Lot number, or SHADE:LOT")->required();
    when_run(trace, context, [&context, args] {
        auto& store = context.store(store::Access::existing);
        if (print_trace(context, store, store::resolve_lot(store, args->reference)) == 0)
            throw NoMatch{};
    });

    auto recall = shade->add_subcommand("recall", "Mark a lot recalled and list who received it");
    recall->add_option("LOT", args->reference, "Lot number, or SHADE:LOT")->required();
    recall->add_option("--reason", args->lot.reason, "Why (e.g. the advisory)")
        ->type_name("TEXT")
        ->check(valid::text("reason"))
        ->required();
    recall->add_option("--date", args->lot.date, "Day of the recall (default today)")
        ->type_name("DATE")
        ->check(valid::date(context));
    when_run(recall, context,
             [&context, args] { recall_lot(context, args->reference, args->lot); });

    auto mixing = shade->add_subcommand("mix", "Millilitres of pigment and water for a dilution");
    mixing->add_option("--dilution", args->dilution, "water:pigment, e.g. 6:1")
        ->type_name("W:P")
        ->check(valid::dilution())
        ->required();
    mixing->add_option("--volume", args->volume, "Total millilitres to mix")
        ->type_name("ML")
        ->check(valid::by([](std::string_view t) { parse_mix_volume(t); }))
        ->required();
    when_run(mixing, context, [&context, args] { mix(context, args->dilution, args->volume); });

    auto suggestion = shade->add_subcommand("suggest", "A starting dilution for a client");
    suggestion->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    when_run(suggestion, context, [&context, args] { suggest(context, args->reference); });
}

} // namespace smp::cli
