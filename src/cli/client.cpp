#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/screening.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/reference.hpp>
#include <smp/io/file_hash.hpp>
#include <smp/store/bookings.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>

namespace smp::cli {
namespace {

// What `--clear` takes: every clearable field of the client table, by its option's name.
const Choice& client_clear_choice() {
    return clear_choice(*kind_named("client"));
}

// The profile options shared by `client add` and `client edit`. An empty value (--phone "")
// clears a field on edit, as does --clear FIELD.
struct ProfileOptions {
    std::optional<std::string> name;
    std::map<std::string_view, std::optional<std::string>> given; // settable fields, by name
    std::optional<std::string> norwood, ludwig;
    std::vector<std::string> contraindications;
    bool contraindications_given = false;
    bool reminders = false, no_reminders = false;
    bool service_messages = false, no_service_messages = false;
    std::vector<std::string> clear;
};

// The join rules' options, each where its fields stand in the table: Norwood or Ludwig set the
// hair loss scale and stage together; contraindications are a repeatable list.
void add_hair_loss_options(CLI::App& command, ProfileOptions& o) {
    auto norwood = command
                       .add_option("--norwood", o.norwood,
                                   "Norwood stage: 1, 2, 2A, 3, 3A, 3V, 4, 4A, 5, 5A, 6, 7")
                       ->type_name("STAGE")
                       ->check(valid::choice(choices::norwood_stage));
    command.add_option("--ludwig", o.ludwig, "Ludwig stage: I, II, III")
        ->type_name("STAGE")
        ->check(valid::choice(choices::ludwig_stage))
        ->excludes(norwood);
}

void add_contraindication_option(CLI::App& command, ProfileOptions& o) {
    command
        .add_option("--contraindication", o.contraindications,
                    "Contraindication flags, repeatable or comma-separated (edit replaces the "
                    "set): anticoagulants, keloid, pregnant, nursing, diabetes, psoriasis, "
                    "eczema, blood-disorder, chemotherapy, laser-removal, allergy")
        ->type_name("FLAG")
        ->check(valid::choice(choices::contraindication))
        ->each([&o](const std::string&) { o.contraindications_given = true; });
}

void add_profile_options(CLI::App& command, ProfileOptions& o, Context& context) {
    for (const auto& field : client_fields()) {
        const auto& f = field.info;
        if (f.has(field_flag::settable))
            command.add_option(std::string(f.option), o.given[f.name], std::string(f.help))
                ->type_name(std::string(f.value_name))
                ->check(valid::field(f, context));
        if (f.name == "hair_loss_scale")
            add_hair_loss_options(command, o);
        else if (f.name == "contraindications")
            add_contraindication_option(command, o);
    }
    auto allow =
        command.add_flag("--reminders", o.reminders, "Reminders may be sent (the default)");
    command.add_flag("--no-reminders", o.no_reminders, "Never send this client reminders")
        ->excludes(allow);
    auto service = command.add_flag("--service-messages", o.service_messages,
                                    "Booking reminders, confirmations and aftercare may be sent "
                                    "(the default)");
    command
        .add_flag("--no-service-messages", o.no_service_messages,
                  "Never send this client messages about their sessions")
        ->excludes(service);
}

void clear_fields(const std::vector<std::string>& names, Client& c) {
    for (const auto& name : parse_choices(client_clear_choice(), names))
        for (const auto& field : client_fields())
            if (field.info.has(field_flag::clearable) && field.info.clear_name() == name) {
                clear_field(field, c);
                if (field.info.name == "hair_loss_scale")
                    c.hair_loss_stage.reset(); // a stage means nothing without its scale
            }
}

void set_hair_loss(const ProfileOptions& o, Client& c) {
    if (!o.norwood && !o.ludwig)
        return;
    bool norwood = o.norwood.has_value();
    c.hair_loss_scale = norwood ? "norwood" : "ludwig";
    set_field(norwood ? o.norwood : o.ludwig, c.hair_loss_stage, [&](const std::string& text) {
        return (norwood ? choices::norwood_stage : choices::ludwig_stage).parse(text);
    });
    if (!c.hair_loss_stage)
        c.hair_loss_scale.reset();
}

void apply_profile(const ProfileOptions& o, Client& c, Date today) {
    clear_fields(o.clear, c);
    if (o.name)
        c.name = validate_name(*o.name);
    for (const auto& field : client_fields()) {
        auto given = o.given.find(field.info.name);
        if (given != o.given.end() && given->second)
            set_from_text(field, c, *given->second, today);
        if (field.info.name == "hair_loss_scale")
            set_hair_loss(o, c);
    }
    if (o.contraindications_given)
        c.contraindications = parse_choices(choices::contraindication, o.contraindications);
    if (o.reminders)
        c.reminders_allowed = true;
    if (o.no_reminders)
        c.reminders_allowed = false;
    if (o.service_messages)
        c.service_messages = true;
    if (o.no_service_messages)
        c.service_messages = false;
}

void add_client(Context& context, const std::string& name, const ProfileOptions& options) {
    Client client;
    client.name = validate_name(name);
    apply_profile(options, client, context.today());
    auto& store = context.store(store::Access::create);
    auto namesakes = store.write([&] {
        auto same = store::clients_named(store, client.name);
        store::insert_client(store, client);
        return same;
    });
    if (!namesakes.empty())
        context.warn(fmt::format("another client is already named \"{}\": {}; use ids to tell "
                                 "them apart",
                                 client.name, describe_candidates(namesakes)));
    context.report_change("Added", "client", client.id, client.name, client_record(client));
}

void edit_client(Context& context, const std::string& reference, const ProfileOptions& options) {
    auto& store = context.store(store::Access::create);
    auto client = store.write([&] {
        auto found = store::resolve_client(store, reference);
        apply_profile(options, found, context.today());
        store::update_client(store, found);
        return found;
    });
    context.report_change("Updated", "client", client.id, client.name, client_record(client));
}

void set_archived(Context& context, const std::string& reference, bool archived) {
    auto& store = context.store(store::Access::create);
    auto client = store.write([&] {
        auto found = store::resolve_client(store, reference);
        if (found.archived_at.has_value() != archived) {
            found.archived_at = archived ? std::optional(utc_now()) : std::nullopt;
            store::update_client(store, found);
        }
        return found;
    });
    context.report_change(archived ? "Archived" : "Unarchived", "client", client.id, client.name,
                          client_record(client));
}

void remove_client(Context& context, const std::string& reference, bool with_sessions) {
    auto& store = context.store(store::Access::create);
    // Resolve outside the write: never hold the lock across a prompt.
    auto client = store::resolve_client(store, reference);
    auto sessions = store::attendance(store, client, format_date(context.today()),
                                      context.config().planned_sessions)
                        .sessions;
    if (sessions > 0 && !with_sessions)
        throw Error(Exit::data, fmt::format("client {} (\"{}\") has {} session(s) on record; "
                                            "archive the client instead, or add --with-sessions "
                                            "to delete the sessions too",
                                            client.id, client.name, sessions));
    auto what = fmt::format("remove client {} (\"{}\")", client.id, client.name);
    if (!context.confirm(fmt::format("Remove client {} ({}) and everything recorded about them?",
                                     client.id, output::visible(client.name)),
                         what))
        throw Error(Exit::usage, fmt::format("kept client {}: removal not confirmed", client.id));
    store.write([&] {
        if (!store::client_by_id(store, client.id))
            throw Error(Exit::data, fmt::format("client {} was removed meanwhile", client.id));
        store::delete_client(store, client.id);
    });
    tell_photos_deleted(context, store.path(), client);
    context.report_change("Removed", "client", client.id, client.name, client_record(client));
}

void list_clients(Context& context, const store::ClientFilter& filter) {
    auto& store = context.store(store::Access::existing);
    bool table = context.format() == output::Format::table;
    // A terminal gets the columns a practitioner scans, two of them worded for people; scripts
    // get every field.
    auto count = write_list(
        context,
        {"id", "name", "phone", "email", "skin_type", "hair_colour", "hair_loss", "status"},
        client_record(Client{}),
        store::any_clients(store) ? "no clients match"
                                  : "no clients yet; add one with `smp client add`",
        [&](auto&& emit) {
            store::for_each_client(store, filter, [&](const Client& c) {
                auto record = client_record(c);
                if (table) {
                    record.fields.push_back({"hair_loss", describe_hair_loss(c)});
                    record.fields.push_back(
                        {"status", std::string(c.archived_at ? "archived" : "active")});
                }
                emit(record);
            });
        },
        {"status", "hair_loss", "hair_colour", "skin_type", "email"});
    if (count == 0)
        throw NoMatch{};
}

} // namespace

output::Record consent_record(const Consent& c) {
    return output::Record{{{"id", c.id},
                           {"kind", c.kind},
                           {"signed_on", format_date(c.signed_on)},
                           {"form_version", text_or_empty(c.form_version)},
                           {"withdrawn_on", date_or_empty(c.withdrawn_on)},
                           {"file", text_or_empty(c.file_path)},
                           {"file_sha256", text_or_empty(c.file_sha256)}},
                          {}};
}

namespace {

// The whole profile, plus what `show` adds: course progress, attendance, the next booked
// session, consents and the session history.
void show_client(Context& context, const std::string& reference) {
    bool machine = for_machines(context.format());
    auto& store = context.store(store::Access::existing);
    auto client = store::resolve_client(store, reference);
    int default_planned = context.config().planned_sessions;
    auto record = client_record(client);
    auto course = store::course_state(store, client, default_planned);
    auto seen = store::attendance(store, client, format_date(context.today()), default_planned);
    record.fields.push_back({"course_planned", std::int64_t{course.planned}});
    record.fields.push_back({"course_done", std::int64_t{course.done}});
    record.fields.push_back({"course_finished", course.finished()});
    record.fields.push_back({"cancellations", std::int64_t{seen.cancelled}});
    record.fields.push_back({"no_shows", std::int64_t{seen.no_shows}});
    const auto& next = seen.next_booked;
    std::optional<std::string> time;
    if (next && next->session.time)
        time = format_time_of_day(*next->session.time);
    if (machine) { // a date and a time, as a session has them
        record.fields.push_back(
            {"next_session_date",
             next ? output::Value{format_date(next->session.date)} : output::Value{}});
        record.fields.push_back({"next_session_time", text_or_empty(time)});
    } else {
        record.fields.push_back(
            {"next_session",
             next ? output::Value{format_date(next->session.date) + (time ? " " + *time : "")}
                  : output::Value{}});
    }
    record.fields.push_back({"next_session_id", seen.next_booked
                                                    ? output::Value{seen.next_booked->session.id}
                                                    : output::Value{}});
    add_next_due_fields(context, client.id, record, machine);
    add_screening_fields(store, client, record, machine);
    add_balance_fields(context, client.id, record);
    add_latest_aftercare_fields(context, client.id, record);
    auto& consents = record.sections.emplace_back(output::Section{"consents", {}});
    store::for_each_consent(store, client.id, [&](const Consent& consent) {
        consents.rows.push_back(consent_record(consent));
    });
    // Every try of a send command: how often their address bounced, and why.
    auto& attempts = record.sections.emplace_back(output::Section{"send_attempts", {}});
    store::for_each_attempt(store, client.id, [&](const store::SendAttempt& attempt) {
        attempts.rows.push_back(attempt_record(attempt, client.name, machine));
    });
    auto& sessions = record.sections.emplace_back(output::Section{"sessions", {}});
    store::SessionFilter filter;
    filter.client_id = client.id;
    store::for_each_session(store, filter, default_planned, [&](const store::SessionRow& row) {
        sessions.rows.push_back(session_summary(row, machine));
    });
    output::write_record(context.format(), context.style(), record, context.out);
}

struct ConsentOptions {
    std::string kind, signed_on, form, file;
    std::optional<std::string> withdraw;
};

void record_consent(Context& context, const std::string& reference, const ConsentOptions& o) {
    auto kind = choices::consent_kind.parse(o.kind);
    Consent consent;
    consent.kind = kind;
    if (!o.withdraw) {
        consent.signed_on = past_day("signing date", o.signed_on, context.today());
        if (!o.form.empty())
            consent.form_version = validate_text("form version", o.form);
        if (!o.file.empty()) {
            // The path as given, made absolute, and a hash of the signed document now.
            consent.file_path = std::filesystem::absolute(o.file).lexically_normal().string();
            consent.file_sha256 = io::hash_file(o.file);
        }
    }
    auto& store = context.store(store::Access::create);
    auto client = store.write([&] {
        auto found = store::resolve_client(store, reference);
        consent.client_id = found.id;
        if (o.withdraw) {
            auto active = store::active_consent(store, found.id, kind);
            if (!active)
                throw Error(Exit::data, fmt::format("client {} (\"{}\") has no {} consent to "
                                                    "withdraw",
                                                    found.id, found.name, kind));
            consent = *active;
            consent.withdrawn_on =
                o.withdraw->empty() ? context.today() : parse_date(*o.withdraw, context.today());
            if (*consent.withdrawn_on < consent.signed_on ||
                *consent.withdrawn_on > context.today())
                throw Error(Exit::data,
                            fmt::format("withdrawal date {} must fall between the signing ({}) "
                                        "and today ({})",
                                        format_date(*consent.withdrawn_on),
                                        format_date(consent.signed_on),
                                        format_date(context.today())));
            store::withdraw_consent(store, consent.id, *consent.withdrawn_on);
        } else {
            store::insert_consent(store, consent);
        }
        return found;
    });
    context.report_change(o.withdraw ? "Withdrew" : "Recorded", fmt::format("{} consent", kind),
                          consent.id, fmt::format("client {} ({})", client.id, client.name),
                          consent_record(consent));
}

struct ScreenOptions {
    std::vector<std::string> contraindications;
    bool none = false;
    std::optional<std::string> medical_notes;
    std::string date;
    ScreeningExtras extras; // --reviewed, --patch-test
};

void screen_client(Context& context, const std::string& reference, const ScreenOptions& o) {
    auto date =
        o.date.empty() ? context.today() : past_day("screening date", o.date, context.today());
    check_screening_extras(o.extras);
    // Only a review or a patch test, and no finding: not a new screening.
    bool screening =
        o.none || !o.contraindications.empty() || o.medical_notes || o.extras.screening_only();
    auto& store = context.store(store::Access::create);
    auto client = store.write([&] {
        auto found = store::resolve_client(store, reference);
        if (!screening) {
            record_screening_extras(context, store, found, o.extras, date, false);
            return found;
        }
        if (o.none)
            found.contraindications.clear();
        else if (!o.contraindications.empty())
            found.contraindications = parse_choices(choices::contraindication, o.contraindications);
        if (o.medical_notes)
            found.medical_notes =
                trim(*o.medical_notes).empty()
                    ? std::nullopt
                    : std::optional(validate_text("medical notes", *o.medical_notes));
        found.screened_on = date;
        store::update_client(store, found);
        record_screening_extras(context, store, found, o.extras, date, true);
        return found;
    });
    context.report_change(screening ? "Screened" : "Updated screening of", "client", client.id,
                          client.name, client_record(client));
}

} // namespace

output::Record client_record(const Client& c) {
    output::Record record;
    record.fields.reserve(client_fields().size());
    for (const auto& field : client_fields()) {
        auto value = field.info.name == "archived" ? output::Value{c.archived_at.has_value()}
                                                   : field_value(field, c);
        record.fields.push_back({std::string(field.info.name), std::move(value)});
    }
    return record;
}

void fill_client_command(CLI::App* client, Context& context) {
    client->require_subcommand(1);
    // Option values live as long as the command tree: the callbacks hold them.
    struct Arguments {
        std::string name, reference, search, inactive_since;
        ProfileOptions add, edit;
        bool archived = false, all = false, with_sessions = false;
        ConsentOptions consent;
        ScreenOptions screen;
    };
    auto args = std::make_shared<Arguments>();
    auto add_reference = [&args](CLI::App* command) {
        command->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    };

    auto add = client->add_subcommand("add", "Add a client");
    add->add_option("NAME", args->name, "The client's full name")->required();
    add_profile_options(*add, args->add, context);
    when_run(add, context, [&context, args] { add_client(context, args->name, args->add); });

    auto list = client->add_subcommand("list", "List clients (active ones unless told otherwise)");
    auto archived = list->add_flag("--archived", args->archived, "Only archived clients");
    list->add_flag("--all", args->all, "Active and archived clients")->excludes(archived);
    auto search = list->add_option("--search", args->search,
                                   "Only clients whose name, phone, email or notes contain TEXT "
                                   "(case-insensitive)")
                      ->type_name("TEXT")
                      ->check(valid::text("search"));
    auto inactive = list->add_option("--inactive-since", args->inactive_since,
                                     "Only clients with no session done or booked in the last "
                                     "SPAN (e.g. 3y), for a retention review")
                        ->type_name("SPAN")
                        ->check(valid::by([](std::string_view t) { parse_span(t); }));
    when_run(list, context, [&context, args, search, inactive] {
        store::ClientFilter filter;
        filter.which = args->all        ? store::ClientFilter::Which::all
                       : args->archived ? store::ClientFilter::Which::archived
                                        : store::ClientFilter::Which::active;
        if (search->count())
            filter.search = args->search;
        if (inactive->count())
            filter.inactive_before =
                format_date(add_span(context.today(), parse_span(args->inactive_since), -1));
        list_clients(context, filter);
    });

    auto show = client->add_subcommand("show", "Show a client's whole profile");
    add_reference(show);
    when_run(show, context, [&context, args] { show_client(context, args->reference); });

    auto edit = client->add_subcommand("edit", "Change a client's profile");
    add_reference(edit);
    edit->add_option("--name", args->edit.name, "New name")->type_name("NAME");
    add_profile_options(*edit, args->edit, context);
    edit->add_option("--clear", args->edit.clear,
                     "Clear fields, repeatable or comma-separated: " +
                         client_clear_choice().allowed_list())
        ->type_name("FIELD")
        ->check(valid::choice(client_clear_choice()));
    when_run(edit, context,
             [&context, args] { edit_client(context, args->reference, args->edit); });

    auto archive =
        client->add_subcommand("archive", "Archive a client (kept, but not listed or due)");
    add_reference(archive);
    when_run(archive, context, [&context, args] { set_archived(context, args->reference, true); });

    auto unarchive = client->add_subcommand("unarchive", "Make an archived client active again");
    add_reference(unarchive);
    when_run(unarchive, context,
             [&context, args] { set_archived(context, args->reference, false); });

    auto remove = client->add_subcommand("remove", "Delete a client for good (asks first)");
    add_reference(remove);
    remove->add_flag("--with-sessions", args->with_sessions,
                     "Also delete the client's sessions and consents");
    when_run(remove, context,
             [&context, args] { remove_client(context, args->reference, args->with_sessions); });

    add_client_data_commands(*client, context);
    add_client_merge_commands(*client, context);

    auto consent = client->add_subcommand("consent", "Record a signed consent, or its withdrawal");
    add_reference(consent);
    consent->add_option("--kind", args->consent.kind, "treatment, photo, data or marketing")
        ->type_name("KIND")
        ->check(valid::choice(choices::consent_kind))
        ->required();
    auto signed_on =
        consent->add_option("--signed", args->consent.signed_on, "The day it was signed")
            ->type_name("DATE")
            ->check(valid::date(context));
    consent->add_option("--form", args->consent.form, "Version of the consent form")
        ->type_name("VERSION")
        ->needs(signed_on);
    consent
        ->add_option("--document", args->consent.file,
                     "The signed document: its path and SHA-256 are recorded")
        ->type_name("PATH")
        ->needs(signed_on);
    auto withdraw = consent
                        ->add_option("--withdraw", args->consent.withdraw,
                                     "Record a withdrawal on DATE (default today)")
                        ->type_name("DATE")
                        ->check(valid::date(context))
                        ->expected(0, 1)
                        ->excludes(signed_on);
    when_run(consent, context, [&context, args, signed_on, withdraw] {
        if (!signed_on->count() && !withdraw->count())
            throw Error(Exit::usage, "give --signed DATE to record a consent, or --withdraw to "
                                     "record its withdrawal");
        if (!withdraw->count())
            args->consent.withdraw.reset();
        else if (!args->consent.withdraw)
            args->consent.withdraw = "";
        record_consent(context, args->reference, args->consent);
    });

    auto screen = client->add_subcommand("screen", "Record a health screening and its date");
    add_reference(screen);
    auto flags = screen
                     ->add_option("--contraindication", args->screen.contraindications,
                                  "Contraindications found (replaces the set), repeatable or "
                                  "comma-separated")
                     ->type_name("FLAG")
                     ->check(valid::choice(choices::contraindication));
    screen->add_flag("--none", args->screen.none, "No contraindications found")->excludes(flags);
    screen
        ->add_option("--medical-notes", args->screen.medical_notes,
                     "Allergies, medication, other health notes")
        ->type_name("TEXT")
        ->check(valid::text("medical notes"));
    screen->add_option("--date", args->screen.date, "The day of the screening (default today)")
        ->type_name("DATE")
        ->check(valid::date(context));
    screen
        ->add_option("--reviewed", args->screen.extras.reviewed,
                     "Contraindications reviewed: no longer warned about until the next "
                     "screening, repeatable or comma-separated")
        ->type_name("FLAG")
        ->check(valid::choice(choices::contraindication));
    screen->add_option("--patch-test", args->screen.extras.patch_test, "Day of a patch test")
        ->type_name("DATE")
        ->check(valid::date(context));
    screen
        ->add_option("--patch-result", args->screen.extras.patch_result,
                     "The patch test's result: ok or reaction")
        ->type_name("RESULT");
    screen->add_option("--lot", args->screen.extras.lot, "The lot the patch test used")
        ->type_name("LOT");
    when_run(screen, context,
             [&context, args] { screen_client(context, args->reference, args->screen); });
}

} // namespace smp::cli
