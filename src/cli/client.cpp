#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/text.hpp>
#include <smp/store/clients.hpp>

#include <fmt/format.h>

#include <array>

namespace smp::cli {
namespace {

constexpr std::array<std::string_view, 11> k_clearable = {
    "phone",     "email",     "birth-date",        "skin-type",     "undertone", "hair-colour",
    "hair-loss", "condition", "contraindications", "medical-notes", "notes"};
const Choice k_clear_choice{"field to clear", k_clearable};

// The profile options shared by `client add` and `client edit`. An empty value (--phone "")
// clears a field on edit, as does --clear FIELD.
struct ProfileOptions {
    std::optional<std::string> name;
    std::optional<std::string> phone, email, birth_date, skin_type, undertone, hair_colour;
    std::optional<std::string> norwood, ludwig, condition, medical_notes, notes;
    std::vector<std::string> contraindications;
    bool contraindications_given = false;
    bool reminders = false, no_reminders = false;
    std::vector<std::string> clear;
};

void add_profile_options(CLI::App& command, ProfileOptions& o) {
    command.add_option("--phone", o.phone, "Phone number")->type_name("TEXT");
    command.add_option("--email", o.email, "Email address")->type_name("TEXT");
    command.add_option("--birth-date,--dob", o.birth_date, "Date of birth")->type_name("DATE");
    command.add_option("--skin-type", o.skin_type, "Fitzpatrick skin type: I, II, III, IV, V, VI")
        ->type_name("TYPE");
    command.add_option("--undertone", o.undertone, "Skin undertone: cool, neutral, warm")
        ->type_name("TONE");
    command
        .add_option("--hair-colour,--hair-color", o.hair_colour,
                    "Hair colour: black, dark-brown, brown, light-brown, blonde, red, grey, "
                    "white, mixed")
        ->type_name("COLOUR");
    auto norwood = command.add_option("--norwood", o.norwood,
                                      "Norwood stage: 1, 2, 2A, 3, 3A, 3V, 4, 4A, 5, 5A, 6, 7")
                       ->type_name("STAGE");
    command.add_option("--ludwig", o.ludwig, "Ludwig stage: I, II, III")
        ->type_name("STAGE")
        ->excludes(norwood);
    command
        .add_option("--condition", o.condition,
                    "Condition: androgenetic, alopecia-areata, alopecia-totalis, "
                    "alopecia-universalis, traction, diffuse, scar")
        ->type_name("CONDITION");
    command
        .add_option("--contraindication", o.contraindications,
                    "Contraindication flags, repeatable or comma-separated (edit replaces the "
                    "set): anticoagulants, keloid, pregnant, nursing, diabetes, psoriasis, "
                    "eczema, blood-disorder, chemotherapy, laser-removal, allergy")
        ->type_name("FLAG")
        ->each([&o](const std::string&) { o.contraindications_given = true; });
    command.add_option("--medical-notes", o.medical_notes, "Allergies, medication, other health notes")
        ->type_name("TEXT");
    command.add_option("--notes", o.notes, "Free-text notes")->type_name("TEXT");
    auto allow = command.add_flag("--reminders", o.reminders, "Reminders may be sent (the default)");
    command.add_flag("--no-reminders", o.no_reminders, "Never send this client reminders")
        ->excludes(allow);
}

// Sets one optional field: empty text clears it, anything else goes through `check`.
template <typename Check>
void set_field(const std::optional<std::string>& given, std::optional<std::string>& field,
               Check&& check) {
    if (!given)
        return;
    if (trim(*given).empty())
        field.reset();
    else
        field = check(*given);
}

void clear_fields(const std::vector<std::string>& names, Client& c) {
    for (const auto& name : parse_choices(k_clear_choice, names)) {
        if (name == "phone") c.phone.reset();
        else if (name == "email") c.email.reset();
        else if (name == "birth-date") c.birth_date.reset();
        else if (name == "skin-type") c.skin_type.reset();
        else if (name == "undertone") c.undertone.reset();
        else if (name == "hair-colour") c.hair_colour.reset();
        else if (name == "hair-loss") c.hair_loss_scale.reset(), c.hair_loss_stage.reset();
        else if (name == "condition") c.condition.reset();
        else if (name == "contraindications") c.contraindications.clear();
        else if (name == "medical-notes") c.medical_notes.reset();
        else if (name == "notes") c.notes.reset();
    }
}

void apply_profile(const ProfileOptions& o, Client& c, Date today) {
    clear_fields(o.clear, c);
    if (o.name)
        c.name = validate_name(*o.name);
    set_field(o.phone, c.phone, validate_phone);
    set_field(o.email, c.email, validate_email);
    set_field(o.birth_date, c.birth_date,
              [&](const std::string& text) { return validate_birth_date(text, today); });
    auto chosen = [](const Choice& choice) {
        return [&choice](const std::string& text) { return choice.parse(text); };
    };
    set_field(o.skin_type, c.skin_type, chosen(choices::skin_type));
    set_field(o.undertone, c.undertone, chosen(choices::undertone));
    set_field(o.hair_colour, c.hair_colour, chosen(choices::hair_colour));
    set_field(o.condition, c.condition, chosen(choices::condition));
    if (o.norwood || o.ludwig) {
        bool norwood = o.norwood.has_value();
        c.hair_loss_scale = norwood ? "norwood" : "ludwig";
        set_field(norwood ? o.norwood : o.ludwig, c.hair_loss_stage,
                  chosen(norwood ? choices::norwood_stage : choices::ludwig_stage));
        if (!c.hair_loss_stage)
            c.hair_loss_scale.reset();
    }
    if (o.contraindications_given)
        c.contraindications = parse_choices(choices::contraindication, o.contraindications);
    auto text = [](std::string_view field) {
        return [field](const std::string& value) { return validate_text(field, value); };
    };
    set_field(o.medical_notes, c.medical_notes, text("medical notes"));
    set_field(o.notes, c.notes, text("notes"));
    if (o.reminders)
        c.reminders_allowed = true;
    if (o.no_reminders)
        c.reminders_allowed = false;
}

void add_client(Context& context, const std::string& name, const ProfileOptions& options) {
    Client client;
    client.name = validate_name(name);
    apply_profile(options, client, context.today());
    auto& store = context.store(store::Access::write);
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
    auto& store = context.store(store::Access::write);
    auto client = store.write([&] {
        auto found = store::resolve_client(store, reference);
        apply_profile(options, found, context.today());
        store::update_client(store, found);
        return found;
    });
    context.report_change("Updated", "client", client.id, client.name, client_record(client));
}

void set_archived(Context& context, const std::string& reference, bool archived) {
    auto& store = context.store(store::Access::write);
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

void remove_client(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::write);
    // Resolve outside the write: never hold the lock across a prompt.
    auto client = store::resolve_client(store, reference);
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
    context.report_change("Removed", "client", client.id, client.name, client_record(client));
}

void list_clients(Context& context, const store::ClientFilter& filter) {
    auto& store = context.store(store::Access::read);
    auto format = context.format();
    bool table = format == output::Format::table;
    // A terminal gets the columns a practitioner scans; scripts get every field.
    std::vector<std::string> columns =
        table ? std::vector<std::string>{"id", "name", "phone", "email", "skin_type",
                                         "hair_colour", "hair_loss", "status"}
              : field_names(client_record(Client{}));
    auto writer = output::make_row_writer(format, context.style(), columns, context.out);
    std::size_t count = 0;
    store::for_each_client(store, filter, [&](const Client& c) {
        ++count;
        if (table) {
            writer->row({c.id, c.name, text_or_empty(c.phone), text_or_empty(c.email),
                         text_or_empty(c.skin_type), text_or_empty(c.hair_colour),
                         describe_hair_loss(c), std::string(c.archived_at ? "archived" : "active")});
        } else {
            writer->row(field_values(client_record(c)));
        }
    });
    if (count == 0 && table) {
        context.tell("no clients match");
        throw NoMatch{};
    }
    writer->finish();
    if (count == 0)
        throw NoMatch{};
}

void show_client(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::read);
    auto client = store::resolve_client(store, reference);
    output::write_record(context.format(), context.style(), client_record(client), context.out);
}

} // namespace

output::Record client_record(const Client& c) {
    std::string contraindications;
    for (const auto& flag : c.contraindications)
        contraindications += (contraindications.empty() ? "" : ",") + flag;
    return output::Record{{
        {"id", c.id},
        {"uuid", c.uuid},
        {"name", c.name},
        {"phone", text_or_empty(c.phone)},
        {"email", text_or_empty(c.email)},
        {"birth_date", text_or_empty(c.birth_date)},
        {"skin_type", text_or_empty(c.skin_type)},
        {"undertone", text_or_empty(c.undertone)},
        {"hair_colour", text_or_empty(c.hair_colour)},
        {"hair_loss_scale", text_or_empty(c.hair_loss_scale)},
        {"hair_loss_stage", text_or_empty(c.hair_loss_stage)},
        {"condition", text_or_empty(c.condition)},
        {"contraindications", contraindications.empty() ? output::Value{} : contraindications},
        {"medical_notes", text_or_empty(c.medical_notes)},
        {"notes", text_or_empty(c.notes)},
        {"reminders_allowed", c.reminders_allowed},
        {"archived", c.archived_at.has_value()},
        {"archived_at", text_or_empty(c.archived_at)},
        {"created_at", c.created_at},
        {"updated_at", c.updated_at},
    }, {}};
}

void add_client_command(CLI::App& app, Context& context) {
    auto client = app.add_subcommand("client", "Add, list, show, edit, archive and remove clients");
    client->require_subcommand(1);
    // Option values live as long as the command tree: the callbacks hold them.
    struct Arguments {
        std::string name, reference, search;
        ProfileOptions add, edit;
        bool archived = false, all = false;
    };
    auto args = std::make_shared<Arguments>();
    auto add_reference = [&args](CLI::App* command) {
        command->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    };

    auto add = client->add_subcommand("add", "Add a client");
    add->add_option("NAME", args->name, "The client's full name")->required();
    add_profile_options(*add, args->add);
    add->callback([&context, args] { add_client(context, args->name, args->add); });

    auto list = client->add_subcommand("list", "List clients (active ones unless told otherwise)");
    auto archived = list->add_flag("--archived", args->archived, "Only archived clients");
    list->add_flag("--all", args->all, "Active and archived clients")->excludes(archived);
    auto search = list->add_option("--search", args->search,
                                   "Only clients whose name, phone, email or notes contain TEXT "
                                   "(case-insensitive)")
                      ->type_name("TEXT");
    list->callback([&context, args, search] {
        store::ClientFilter filter;
        filter.which = args->all        ? store::ClientFilter::Which::all
                       : args->archived ? store::ClientFilter::Which::archived
                                        : store::ClientFilter::Which::active;
        if (search->count())
            filter.search = args->search;
        list_clients(context, filter);
    });

    auto show = client->add_subcommand("show", "Show a client's whole profile");
    add_reference(show);
    show->callback([&context, args] { show_client(context, args->reference); });

    auto edit = client->add_subcommand("edit", "Change a client's profile");
    add_reference(edit);
    edit->add_option("--name", args->edit.name, "New name")->type_name("NAME");
    add_profile_options(*edit, args->edit);
    edit->add_option("--clear", args->edit.clear,
                     "Clear fields, repeatable or comma-separated: phone, email, birth-date, "
                     "skin-type, undertone, hair-colour, hair-loss, condition, "
                     "contraindications, medical-notes, notes")
        ->type_name("FIELD");
    edit->callback([&context, args] { edit_client(context, args->reference, args->edit); });

    auto archive = client->add_subcommand("archive", "Archive a client (kept, but not listed or due)");
    add_reference(archive);
    archive->callback([&context, args] { set_archived(context, args->reference, true); });

    auto unarchive = client->add_subcommand("unarchive", "Make an archived client active again");
    add_reference(unarchive);
    unarchive->callback([&context, args] { set_archived(context, args->reference, false); });

    auto remove = client->add_subcommand("remove", "Delete a client for good (asks first)");
    add_reference(remove);
    remove->callback([&context, args] { remove_client(context, args->reference); });
}

} // namespace smp::cli
