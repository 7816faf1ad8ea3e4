#include "import_engine.hpp"

#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/reference.hpp>
#include <smp/io/csv_reader.hpp>
#include <smp/output/diagnostic.hpp>
#include <smp/output/progress.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/duplicates.hpp>
#include <smp/store/merge.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>

namespace smp::cli {
namespace {

// `all` is a folder of every kind (import_all.cpp), the others one file each.
constexpr std::array<std::string_view, 10> k_kinds = {
    "clients",   "sessions", "shades",   "lots",     "consents",
    "reminders", "attempts", "payments", "erasures", "all"};
const Choice k_kind_choice{"record kind", k_kinds};

// Client fields that a rule below sets, rather than the field's own column through its codec.
bool set_by_client_rule(std::string_view field) {
    for (auto rule : {"name", "hair_loss_scale", "hair_loss_stage", "archived", "archived_at",
                      "created_at", "updated_at"})
        if (field == rule)
            return true;
    return false;
}

// Scale and stage are checked together: a stage means something only on its scale.
void import_hair_loss(const RowValues& row, Problems& problems, Client& c) {
    if (!row.has("hair_loss_scale") && !row.has("hair_loss_stage"))
        return;
    auto scale =
        row.has("hair_loss_scale") ? row.text("hair_loss_scale") : c.hair_loss_scale.value_or("");
    auto stage =
        row.has("hair_loss_stage") ? row.text("hair_loss_stage") : c.hair_loss_stage.value_or("");
    if (scale.empty() && stage.empty()) {
        c.hair_loss_scale.reset();
        c.hair_loss_stage.reset();
    } else if (scale.empty() || stage.empty()) {
        problems.add(row.line(), scale.empty() ? "hair_loss_scale" : "hair_loss_stage",
                     "give both the scale (norwood or ludwig) and the stage, or neither");
    } else {
        problems.check(row.line(), "hair_loss_stage", [&] {
            c.hair_loss_stage = validate_hair_loss_stage(scale, stage);
            c.hair_loss_scale = choices::hair_loss_scale.parse(scale);
        });
    }
}

// Each column through its field's codec, as `client add` and `client edit` check an option; a
// blank yes/no column leaves the record as it was.
void fill_client(const RowValues& row, Problems& problems, Client& c, Date today) {
    auto line = row.line();
    if (row.has("name") || c.name.empty())
        problems.check(line, "name", [&] { c.name = validate_name(row.text("name")); });
    for (const auto& field : client_fields()) {
        const auto& f = field.info;
        if (f.name == "hair_loss_stage")
            import_hair_loss(row, problems, c);
        if (!f.has(field_flag::importable) || set_by_client_rule(f.name) || !row.has(f.name) ||
            (f.codec == Codec::flag && row.text(f.name).empty()))
            continue;
        problems.check(line, f.name, [&] { set_from_text(field, c, *row.get(f.name), today); });
    }
    import_flag(row, problems, "archived", "archived_at", c.archived_at);
    import_times(row, problems, c.created_at, c.updated_at);
}

// A client erased by `client forget` never comes back through an old spreadsheet.
void refuse_erased(store::Store* store, const RowValues& row, Problems& problems,
                   const std::string& uuid) {
    if (!store || uuid.empty())
        return;
    if (auto erased = store::erasure_of(*store, uuid))
        problems.check(row.line(), "uuid", [&] {
            throw Error(Exit::data, fmt::format("{} belongs to a client erased on {} (`client "
                                                "forget`); leave the row out",
                                                uuid, erased->erased_on));
        });
}

const char* const k_duplicate_hint =
    "to update those clients, give their uuid column or import with --match name,phone (or "
    "name,email); to add them as new clients anyway, --allow-duplicates";

// A new row with the name and the phone or email of a client on file is that person again: an
// update when --match says so, else a duplicate, refused unless --allow-duplicates.
void match_client_on_file(store::Store& store, const store::ClientsByName& on_file,
                          const ImportOptions& o, const RowValues& row, Problems& problems,
                          Planned<Client>& planned, Date today) {
    auto duplicate = on_file.find(planned.record.name, planned.record.phone, planned.record.email);
    if (!duplicate || o.allow_duplicates)
        return;
    auto same = duplicate->same == store::SameContact::phone ? "phone" : "email";
    if (o.match == same) {
        planned.record = *store::client_by_id(store, duplicate->client->id);
        fill_client(row, problems, planned.record, today);
        return;
    }
    problems.add_row(row.line(), fmt::format("duplicate of client {} \"{}\" (same name and {})",
                                             duplicate->client->id, duplicate->client->name, same));
    problems.hint(k_duplicate_hint);
}

void import_clients(Context& context, const ImportOptions& o) {
    auto* store = records(context, o);
    Plan<Client> clients;
    FileKeys keys;
    // Into a new records file (the usual move of a whole practice) no row can update a client:
    // one count instead of a lookup per row.
    bool any_on_file = store && store::count_rows(*store, store::Table::client) > 0;
    // Likewise no row can be of an erased client where nobody was ever erased.
    auto* erasures =
        store && store::count_rows(*store, store::Table::erasure) > 0 ? store : nullptr;
    std::optional<store::ClientsByName> on_file;
    if (any_on_file)
        on_file.emplace(store::client_contacts(*store));
    read_rows(context, o, store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Client>(row, problems, keys, [&](const std::string& uuid) {
            return any_on_file ? store::client_by_uuid_or_merged(*store, uuid) : std::nullopt;
        });
        refuse_erased(erasures, row, problems, planned.record.uuid);
        fill_client(row, problems, planned.record, context.today());
        if (on_file && !planned.record.id)
            match_client_on_file(*store, *on_file, o, row, problems, planned, context.today());
        clients.push_back(std::move(planned));
    });
    write_planned(context, o, store, store::Table::client, clients, keys,
                  [&](Planned<Client>& p, bool is_new) {
                      is_new ? store::insert_client(*store, p.record, store::Stamp::as_given)
                             : store::update_client(*store, p.record, store::Stamp::as_given);
                  });
}

} // namespace

// A session's client, from the first reference the row gives: client_uuid, client_id, then the
// exact name. A name given along with a uuid or id must agree with it, so a sessions file from
// another records file (whose ids differ) is refused rather than filed under the wrong people.
std::optional<Client> session_client(const RowValues& row, Problems& problems,
                                     store::Store& store) {
    auto uuid = row.text("client_uuid"), id = row.text("client_id"), name = row.text("client_name");
    std::optional<Client> client;
    std::string_view field;
    problems.check(
        row.line(), uuid.empty() ? (id.empty() ? "client_name" : "client_id") : "client_uuid", [&] {
            if (!uuid.empty()) {
                field = "client_uuid";
                client = store::client_by_uuid_or_merged(store, validate_uuid(uuid));
                if (!client)
                    throw Error(Exit::data, fmt::format("no client has uuid {}; import the clients "
                                                        "first",
                                                        uuid));
            } else if (!id.empty()) {
                field = "client_id";
                if (is_id_reference(id))
                    client = store::client_by_id(store, std::stoll(id));
                if (!client)
                    throw Error(Exit::data, fmt::format("no client has id \"{}\"", id));
            } else if (!name.empty()) {
                auto named = store::clients_named(store, name);
                if (named.empty())
                    throw Error(Exit::data,
                                fmt::format("no client is named \"{}\"; names must match "
                                            "exactly (add them with `smp import clients`)",
                                            name));
                if (named.size() > 1)
                    throw Error(Exit::data,
                                fmt::format("{} clients are named \"{}\": {}; give "
                                            "client_id or client_uuid instead",
                                            named.size(), name, describe_candidates(named)));
                client = store::client_by_id(store, named.front().id);
            } else {
                throw Error(Exit::data,
                            "no client given; fill client_id, client_uuid or client_name");
            }
        });
    if (client && !field.empty() && !name.empty() && fold_case(name) != fold_case(client->name))
        problems.add(row.line(), "client_name",
                     fmt::format("\"{}\" does not match {} {}, who is \"{}\"; are these sessions "
                                 "from another records file? refer to clients by client_uuid",
                                 name, field, field == "client_id" ? id : uuid, client->name));
    return client;
}

namespace {

// The session fields `session log` takes as options, by the same rules.
void fill_session(const RowValues& row, Problems& problems, Session& s, const Config& config,
                  Date today) {
    auto line = row.line();
    if (row.has("date") || s.id == 0) // a new session needs one
        problems.check(line, "date", [&] {
            if (row.text("date").empty())
                throw Error(Exit::data, "a session needs a date");
            s.date = parse_date(row.text("date"), today);
        });
    import_field(row, problems, "time", s.time,
                 [](const std::string& t) { return parse_time_of_day(t); });
    import_field(row, problems, "duration", s.duration,
                 [](const std::string& t) { return parse_duration(t); });
    if (!row.text("status").empty())
        problems.check(line, "status",
                       [&] { s.status = parse_session_status(row.text("status")); });
    if (!row.text("kind").empty())
        problems.check(line, "kind", [&] { s.kind = parse_session_kind(row.text("kind")); });
    if (!row.text("final").empty())
        problems.check(line, "final", [&] { s.final = parse_yes_no("final", row.text("final")); });
    if (row.has("areas"))
        problems.check(line, "areas",
                       [&] { s.areas = parse_choices(choices::area, {row.text("areas")}); });
    import_field(row, problems, "needle", s.needle,
                 [](const std::string& t) { return parse_needle(t); });
    import_field(row, problems, "depth_mm", s.depth_mm,
                 [](const std::string& t) { return parse_depth(t); });
    import_field(row, problems, "voltage", s.voltage,
                 [](const std::string& t) { return parse_voltage(t); });
    import_field(row, problems, "machine", s.machine, text_rule("machine"));
    import_field(row, problems, "numbing", s.numbing, text_rule("numbing"));
    import_field(row, problems, "notes", s.notes, text_rule("notes"));
    import_field(row, problems, "cancel_reason", s.cancel_reason, text_rule("cancel reason"));
    import_field(row, problems, "pain", s.pain, [](const std::string& t) { return parse_pain(t); });
    import_field(row, problems, "price", s.price,
                 [](const std::string& t) { return parse_money(t); });
    import_field(row, problems, "currency", s.currency, text_rule("currency"));
    if (s.price && !s.currency)
        s.currency = config.currency;
    import_field(row, problems, "dilution", s.dilution,
                 [](const std::string& t) { return format_dilution(parse_dilution(t)); });
    // `session log` refuses a session that took place after today: so does an import.
    if (s.status == SessionStatus::done && s.date > today)
        problems.add(line, "date",
                     fmt::format("session date {} is after today ({}), and a done "
                                 "session cannot be in the future; import it as "
                                 "scheduled, or fix the date",
                                 format_date(s.date), format_date(today)));
}

// The shade a row names: its exact name first (ignoring case and accents, so that a shade named
// "12" is not shade 12), then its uuid, then whatever `--shade` takes (an id, part of a name).
Shade named_shade(store::Store& store, const std::string& text) {
    auto named = store::records_named_shades(store, text);
    if (named.size() == 1)
        return store::resolve_shade(store, std::to_string(named.front().id));
    if (auto shade = store::shade_by_uuid(store, fold_case(text)))
        return *shade;
    return store::resolve_shade(store, text);
}

// A lot a session's row names, as `--lot` takes it. An export lists bare lot numbers, so a
// number two shades share is taken to be the session's own shade's lot, when it has one.
std::int64_t session_lot(store::Store& store, const std::string& item,
                         std::optional<std::int64_t> shade_id) {
    try {
        return store::resolve_lot(store, item).id;
    } catch (const Error&) {
        auto own = shade_id ? store::lot_numbered(store, *shade_id, item) : std::nullopt;
        if (!own)
            throw;
        return own->id;
    }
}

// The shade and lots a row names, resolved as `session log --shade/--lot` does; the shade's
// usual dilution is the session's when the file has no dilution column.
void fill_pigment(const RowValues& row, Problems& problems, store::Store& store, Session& s,
                  std::optional<std::vector<std::int64_t>>& lots) {
    if (row.has("shade"))
        problems.check(row.line(), "shade", [&] {
            if (row.text("shade").empty()) {
                s.shade_id.reset();
                return;
            }
            auto shade = named_shade(store, row.text("shade"));
            s.shade_id = shade.id;
            if (!row.has("dilution") && shade.dilution)
                s.dilution = shade.dilution;
        });
    if (row.has("lots"))
        problems.check(row.line(), "lots", [&] {
            lots.emplace();
            for (const auto& item : split_list(row.text("lots")))
                lots->push_back(session_lot(store, item, s.shade_id));
        });
}

// A new session on the day and at the time its client already has one: the same sessions file
// imported again, refused unless --allow-duplicates.
void refuse_session_twice(store::Store& store, const ImportOptions& o, const RowValues& row,
                          Problems& problems, const Session& s, const Client& client) {
    if (o.allow_duplicates || s.id) // a session on file is an update
        return;
    if (auto on_file = store::session_at(store, client.id, s.date, s.time)) {
        problems.add_row(row.line(),
                         fmt::format("duplicate of session {} of client {} \"{}\" (same client, "
                                     "date and time)",
                                     *on_file, client.id, client.name));
        problems.hint("to update those sessions, give their uuid column; to add them anyway, "
                      "--allow-duplicates");
    }
}

void import_sessions(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<Session> sessions;
    FileKeys keys;
    bool any_on_file = store::count_rows(store, store::Table::session) > 0;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Session>(row, problems, keys, [&](const std::string& uuid) {
            return store::session_by_uuid(store, uuid);
        });
        auto& s = planned.record;
        bool refers = row.has("client_uuid") || row.has("client_id") || row.has("client_name");
        std::optional<Client> client;
        if (!s.id || refers)
            if ((client = session_client(row, problems, store))) {
                s.client_id = client->id;
                if (!s.id && row.text("kind").empty())
                    s.kind = default_session_kind(
                        store::course_state(store, *client, context.config().planned_sessions));
            }
        fill_session(row, problems, s, context.config(), context.today());
        fill_pigment(row, problems, store, s, planned.lots);
        import_times(row, problems, s.created_at, s.updated_at);
        if (any_on_file && client)
            refuse_session_twice(store, o, row, problems, s, *client);
        sessions.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::session, sessions, keys,
                  [&](Planned<Session>& p, bool is_new) {
                      is_new ? store::insert_session(store, p.record, store::Stamp::as_given)
                             : store::update_session(store, p.record, store::Stamp::as_given);
                      if (p.lots)
                          store::set_session_lots(store, p.record.id, *p.lots);
                  });
}

// A shade's fields by `shade add`'s rules; names are unique in the catalogue, ignoring case
// and accents, so a name another shade has (in the records file or earlier in the file) is
// that row's error.
void import_shades(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<Shade> shades;
    FileKeys keys;
    FirstSeen names;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Shade>(row, problems, keys, [&](const std::string& uuid) {
            return store::shade_by_uuid(store, uuid);
        });
        auto& shade = planned.record;
        auto line = row.line();
        if (row.has("name") || shade.name.empty())
            problems.check(line, "name", [&] {
                shade.name = validate_shade_name(row.text("name"));
                for (const auto& other : store::records_named_shades(store, shade.name))
                    if (other.id != shade.id)
                        throw Error(Exit::data, fmt::format("a shade named \"{}\" is already in "
                                                            "the catalogue (id {})",
                                                            other.name, other.id));
                auto [before, fresh] = names.emplace(fold_case(shade.name), line);
                if (!fresh)
                    throw Error(Exit::data, fmt::format("\"{}\" is also the name on line {}",
                                                        shade.name, before->second));
            });
        import_field(row, problems, "brand", shade.brand, text_rule("brand"));
        import_field(row, problems, "notes", shade.notes, text_rule("notes"));
        import_field(row, problems, "dilution", shade.dilution,
                     [](const std::string& t) { return format_dilution(parse_dilution(t)); });
        if (!row.text("base").empty())
            problems.check(line, "base",
                           [&] { shade.base = choices::shade_base.parse(row.text("base")); });
        import_flag(row, problems, "retired", "retired_at", shade.retired_at);
        import_times(row, problems, shade.created_at, shade.updated_at);
        shades.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::shade, shades, keys,
                  [&](Planned<Shade>& p, bool is_new) {
                      is_new ? store::insert_shade(store, p.record, store::Stamp::as_given)
                             : store::update_shade(store, p.record, store::Stamp::as_given);
                  });
}

// A lot's shade: the shade column (its exact name, uuid or id, as a session's), or else shade_id.
// An export gives both; the name wins, because ids differ between records files.
void fill_lot_shade(const RowValues& row, Problems& problems, store::Store& store, Lot& lot) {
    auto name = row.text("shade"), id = row.text("shade_id");
    if (name.empty() && id.empty() && lot.id)
        return; // an update that leaves the lot with its shade
    problems.check(row.line(), name.empty() && !id.empty() ? "shade_id" : "shade", [&] {
        if (name.empty() && id.empty())
            throw Error(Exit::data, "no shade given; fill shade (its name) or shade_id");
        if (name.empty() && !is_id_reference(id))
            throw Error(Exit::data, fmt::format("invalid shade_id \"{}\": give a shade's id, "
                                                "or its name in the shade column",
                                                id));
        auto shade = named_shade(store, name.empty() ? id : name);
        lot.shade_id = shade.id;
        lot.shade_name = shade.name;
    });
}

// A lot's fields by `shade lot add`'s and `shade recall`'s rules. A lot number its shade
// already has, on record or earlier in the file, is that row's error.
void fill_lot(const RowValues& row, Problems& problems, store::Store& store, Lot& lot,
              FirstSeen& numbers, Date today) {
    auto line = row.line();
    if (row.has("lot") || lot.number.empty())
        problems.check(line, "lot", [&] { lot.number = validate_lot_number(row.text("lot")); });
    if (!lot.number.empty() && lot.shade_id)
        problems.check(line, "lot", [&] {
            store::require_new_lot_number(store, lot);
            auto key = fmt::format("{}:{}", lot.shade_id, lot_number_key(lot.number));
            auto [before, fresh] = numbers.emplace(key, line);
            if (!fresh)
                throw Error(Exit::data, fmt::format("lot \"{}\" of {} is also on line {}",
                                                    lot.number, lot.shade_name, before->second));
        });
    if (row.has("expires_on") || !lot.id)
        problems.check(line, "expires_on", [&] {
            if (row.text("expires_on").empty())
                throw Error(Exit::data, "a lot needs its expiry (YYYY-MM or YYYY-MM-DD)");
            lot.expires_on = parse_expiry(row.text("expires_on"));
        });
    import_field(row, problems, "received_on", lot.received_on, date_rule(today));
    import_field(row, problems, "opened_on", lot.opened_on, date_rule(today));
    import_field(row, problems, "supplier", lot.supplier, text_rule("supplier"));
    import_field(row, problems, "recalled_on", lot.recalled_on, date_rule(today));
    import_field(row, problems, "recall_reason", lot.recall_reason, text_rule("reason"));
    import_field(row, problems, "bottles", lot.bottles,
                 [](const std::string& t) { return parse_bottle_count(t); });
    import_field(row, problems, "bottle_ml", lot.bottle_ml,
                 [](const std::string& t) { return parse_bottle_size(t); });
    if (lot.recalled_on.has_value() != lot.recall_reason.has_value())
        problems.add(line, lot.recalled_on ? "recall_reason" : "recalled_on",
                     "a recall needs both recalled_on (its day) and recall_reason (e.g. the "
                     "advisory's words)");
    import_times(row, problems, lot.created_at, lot.updated_at);
}

// A lot's `openings`: the day each bottle was opened, comma-separated; more than the bottles
// received is the row's error, as `shade lot open` refuses it.
std::optional<std::vector<Date>> lot_openings(const RowValues& row, Problems& problems,
                                              const Lot& lot, Date today) {
    if (!row.has("openings"))
        return std::nullopt;
    std::vector<Date> days;
    problems.check(row.line(), "openings", [&] {
        for (const auto& day : split_list(row.text("openings")))
            days.push_back(parse_date(day, today));
        std::sort(days.begin(), days.end());
        if (lot.bottles && static_cast<int>(days.size()) > *lot.bottles)
            throw Error(Exit::data, fmt::format("{} bottles opened, of {} received", days.size(),
                                                *lot.bottles));
    });
    return days;
}

// Lots belong to shades already in the catalogue (import the shades first).
void import_lots(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<Lot> lots;
    FileKeys keys;
    FirstSeen numbers;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Lot>(row, problems, keys, [&](const std::string& uuid) {
            return store::lot_by_uuid(store, uuid);
        });
        fill_lot_shade(row, problems, store, planned.record);
        fill_lot(row, problems, store, planned.record, numbers, context.today());
        planned.openings = lot_openings(row, problems, planned.record, context.today());
        lots.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::lot, lots, keys,
                  [&](Planned<Lot>& p, bool is_new) {
                      is_new ? store::insert_lot(store, p.record, store::Stamp::as_given)
                             : store::update_lot(store, p.record, store::Stamp::as_given);
                      if (p.openings)
                          store::set_lot_openings(store, p.record, *p.openings);
                  });
}

} // namespace

void import_kind(Context& context, const ImportOptions& o) {
    if (o.kind == "clients")
        import_clients(context, o);
    else if (o.kind == "sessions")
        import_sessions(context, o);
    else if (o.kind == "shades")
        import_shades(context, o);
    else if (o.kind == "lots")
        import_lots(context, o);
    else if (o.kind == "consents")
        import_consents(context, o);
    else if (o.kind == "reminders")
        import_reminders(context, o);
    else if (o.kind == "attempts")
        import_attempts(context, o);
    else if (o.kind == "erasures")
        import_erasures(context, o);
    else
        import_payments(context, o);
}

namespace {

void run_import(Context& context, ImportOptions o) {
    try {
        o.kind = k_kind_choice.parse(o.kind);
    } catch (const Error& error) {
        throw Error(Exit::usage, error.what()); // a word of the command line, not of the file
    }
    if (o.match) {
        auto folded = fold_case(*o.match);
        if (folded != "name,phone" && folded != "name,email")
            throw Error(Exit::usage, fmt::format("invalid --match \"{}\": give name,phone or "
                                                 "name,email",
                                                 output::visible(*o.match)));
        if (o.kind != "clients")
            throw Error(Exit::usage, fmt::format("--match is for clients, not {}; a {} row "
                                                 "updates the record its uuid names",
                                                 o.kind, o.kind.substr(0, o.kind.size() - 1)));
        o.match = folded.substr(5);
    }
    // A refused import into a records file that did not exist leaves none behind.
    bool existed = std::filesystem::exists(context.records_path());
    try {
        o.kind == "all" ? import_all(context, o) : import_kind(context, o);
    } catch (...) {
        if (!existed)
            context.discard_new_records_file();
        throw;
    }
}

} // namespace

void fill_import_command(CLI::App* command, Context& context) {
    auto options = std::make_shared<ImportOptions>();
    command
        ->add_option("kind", options->kind,
                     "What the file holds: clients, sessions, shades, lots, consents, reminders, "
                     "attempts, payments, erasures; or all, for a folder from `smp export all`")
        ->required()
        ->type_name("KIND");
    command
        ->add_option("file", options->file,
                     "The CSV or TSV file (a spreadsheet's export, or "
                     "smp's own); for all, the folder")
        ->required()
        ->type_name("FILE");
    command->add_flag("-n,--dry-run", options->dry_run,
                      "Check every row and say what would be added and updated; write nothing");
    command
        ->add_option("--map", options->maps,
                     "Read column COLUMN as field FIELD (FIELD - ignores it); repeatable")
        ->type_name("COLUMN=FIELD");
    command
        ->add_option("--delimiter", options->delimiter,
                     "Field separator: one character, or tab (default: worked out from the "
                     "header)")
        ->type_name("C");
    command
        ->add_option("--match", options->match,
                     "A row with a client's name and phone (name,phone) or email (name,email) "
                     "updates that client")
        ->type_name("name,phone|name,email");
    command->add_flag("--allow-duplicates", options->allow_duplicates,
                      "Add rows that repeat a client (same name and phone or email) or a "
                      "session (same client, date and time) as new records");
    when_run(command, context, [&context, options] { run_import(context, *options); });
}

} // namespace smp::cli
