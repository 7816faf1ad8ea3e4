#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
#include <smp/domain/photo.hpp>
#include <smp/domain/session.hpp>
#include <smp/io/input_file.hpp>
#include <smp/io/photo_files.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/photos.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/sha256.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace smp::cli {
namespace {

namespace fs = std::filesystem;

// A phone's picture is a few MB; a RAW export tens. Anything past 200 MiB is no photo.
constexpr std::uintmax_t k_largest_photo = std::uintmax_t{200} << 20;

struct PhotoAddOptions {
    std::vector<std::string> files, areas;
    std::optional<std::string> session, stage, date, note;
};

struct PhotoListOptions {
    std::string client, session, stage;
};

// A picture read and checked before anything is written: its bytes, type, hash and day.
struct PictureToAdd {
    std::string path, bytes, media_type, sha256;
    std::optional<Date> taken_on;
};

PictureToAdd read_picture(const std::string& path) {
    PictureToAdd picture{
        path, io::read_input_file(path, "photo", k_largest_photo, Exit::data), {}, {}, {}};
    auto type = photo_media_type(std::string_view(picture.bytes).substr(0, 32));
    if (!type)
        throw Error(Exit::data, fmt::format("\"{}\" is not a JPEG, PNG, HEIC or WebP picture (by "
                                            "its content); export it from the phone as one",
                                            output::visible(path)));
    picture.media_type = std::string(*type);
    picture.sha256 = sha256_hex(picture.bytes);
    picture.taken_on = io::photo_taken_on(picture.bytes);
    return picture;
}

// Photos are health data: none is kept without the client's photo consent, unless the config
// says the studio handles consent elsewhere (then it says so every time).
void check_photo_consent(Context& context, store::Store& store, const Client& client) {
    if (store::active_consent(store, client.id, "photo"))
        return;
    if (!context.config().photo_require_consent) {
        context.warn(fmt::format("client {} ({}) has no photo consent on record; keeping the "
                                 "photos because the config sets photo.require_consent = false",
                                 client.id, output::visible(client.name)));
        return;
    }
    std::optional<Date> withdrawn;
    store::for_each_consent(store, client.id, [&](const Consent& consent) {
        if (consent.kind == "photo" && consent.withdrawn_on)
            withdrawn = consent.withdrawn_on;
    });
    throw Error(Exit::data,
                withdrawn
                    ? fmt::format("client {} ({}) withdrew photo consent on {}; no photo "
                                  "of them may be kept",
                                  client.id, output::visible(client.name), format_date(*withdrawn))
                    : fmt::format("client {} ({}) has no photo consent; record it first: "
                                  "smp client consent {} --kind photo --signed DATE",
                                  client.id, output::visible(client.name), client.id));
}

std::string session_caption(const store::PhotoRow& row, int planned) {
    if (!row.photo.session_id)
        return "";
    if (!row.course_number)
        return fmt::format("session {}", *row.photo.session_id);
    return fmt::format("{} of {}", *row.course_number, std::max(planned, *row.course_number));
}

std::string describe(const store::PhotoRow& row) {
    return fmt::format("{} {} photo of {}", row.client_name, row.photo.stage,
                       format_date(row.photo.taken_on));
}

// Deletes the files this command wrote when its records were not kept: no file without its
// record.
struct WrittenFiles {
    std::vector<std::string> paths;
    bool kept = false;
    ~WrittenFiles() {
        if (!kept)
            for (const auto& path : paths)
                io::remove_photo_file(path);
    }
};

void add_photos(Context& context, const std::string& client_reference, const PhotoAddOptions& o) {
    std::vector<PictureToAdd> pictures;
    for (const auto& path : o.files)
        pictures.push_back(read_picture(path));
    auto areas = parse_choices(choices::area, o.areas);
    auto& store = context.store(store::Access::existing);
    auto client = store::resolve_client(store, client_reference);
    check_photo_consent(context, store, client);
    std::optional<std::int64_t> session_id;
    if (o.session) {
        auto session = store::resolve_session(store, *o.session);
        if (session.client_id != client.id)
            throw Error(Exit::data, fmt::format("session {} is not client {}'s; give one of "
                                                "theirs (`smp session list --client {}`)",
                                                session.id, client.id, client.id));
        session_id = session.id;
    }
    std::optional<Date> given_day;
    if (o.date)
        given_day = parse_date(*o.date, context.today());
    WrittenFiles written;
    std::vector<store::PhotoRow> added;
    store.write([&] {
        for (const auto& picture : pictures) {
            Photo photo;
            photo.client_id = client.id;
            photo.session_id = session_id;
            photo.stage = choices::photo_stage.parse(o.stage.value_or("before"));
            photo.areas = areas;
            photo.taken_on = picture.taken_on.value_or(given_day.value_or(context.today()));
            photo.sha256 = picture.sha256;
            photo.size = static_cast<std::int64_t>(picture.bytes.size());
            photo.original_name = fs::path(picture.path).filename().string();
            photo.media_type = picture.media_type;
            if (o.note && !trim(*o.note).empty())
                photo.notes = validate_text("note", *o.note);
            store::insert_photo(store, photo);
            auto path =
                io::photo_file_path(store.path(), client.uuid, photo.sha256, photo.media_type);
            if (io::keep_photo_file(path, picture.bytes))
                written.paths.push_back(path);
            added.push_back(store::resolve_photo(store, std::to_string(photo.id)));
        }
    });
    written.kept = true;
    for (const auto& row : added)
        context.report_change("Added", "photo", row.photo.id, describe(row), photo_record(row));
}

store::PhotoFilter photo_filter(store::Store& store, const PhotoListOptions& o) {
    store::PhotoFilter filter;
    if (!o.client.empty())
        filter.client_id = store::resolve_client(store, o.client).id;
    if (!o.session.empty())
        filter.session_id = store::resolve_session(store, o.session).id;
    if (!o.stage.empty())
        filter.stage = choices::photo_stage.parse(o.stage);
    return filter;
}

void list_photos(Context& context, const PhotoListOptions& o) {
    auto& store = context.store(store::Access::existing);
    auto filter = photo_filter(store, o);
    auto count = write_list(
        context,
        {"id", "taken_on", "client_name", "stage", "areas", "session_id", "media_type",
         "original_name"},
        photo_record(store::PhotoRow{}), "no photos match", [&](auto&& emit) {
            store::for_each_photo(store, filter, [&](const auto& row) { emit(photo_record(row)); });
        });
    if (count == 0)
        throw NoMatch{};
}

void show_photo(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::existing);
    auto row = store::resolve_photo(store, reference);
    auto record = photo_record(row);
    record.fields.push_back({"session", session_caption(row, context.config().planned_sessions)});
    record.fields.push_back({"path", photo_path(row, store.path())});
    output::write_record(context.format(), context.style(), record, context.out);
}

// Runs the opener ($SMP_OPENER, else xdg-open) with the path, and waits for it.
void open_photo(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::existing);
    auto path = photo_path(store::resolve_photo(store, reference), store.path());
    std::error_code error;
    if (!fs::is_regular_file(path, error))
        throw Error(Exit::no_input, fmt::format("photo {}'s file \"{}\" is missing; run `smp "
                                                "check` and restore it from a backup",
                                                reference, path));
    const char* set = std::getenv("SMP_OPENER");
    std::string opener = set && *set ? set : "xdg-open";
    context.flush_output();
    std::vector<char*> argv = {opener.data(), path.data(), nullptr};
    pid_t child = 0;
    if (posix_spawnp(&child, opener.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
        throw Error(Exit::unavailable, fmt::format("cannot run \"{}\" to open the photo; set "
                                                   "SMP_OPENER to a picture viewer",
                                                   output::visible(opener)));
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw Error(Exit::unavailable,
                    fmt::format("\"{}\" failed to open \"{}\"; set SMP_OPENER to a picture viewer",
                                output::visible(opener), path));
}

void remove_photo(Context& context, const std::string& reference) {
    auto& store = context.store(store::Access::existing);
    auto row = store::resolve_photo(store, reference);
    auto label = describe(row);
    if (!context.confirm(fmt::format("Remove photo {} ({})?", row.photo.id, output::visible(label)),
                         fmt::format("remove photo {} ({})", row.photo.id, label)))
        throw Error(Exit::usage, fmt::format("kept photo {}: removal not confirmed", row.photo.id));
    bool shared = false;
    store.write([&] {
        store::delete_photo(store, row.photo.id);
        shared = store::photos_with_hash(store, row.photo.client_id, row.photo.sha256) > 0;
    });
    // The record is gone first: a crash now leaves a file without a record, which `smp check`
    // names, never a record without its file.
    if (!shared)
        io::remove_photo_file(photo_path(row, store.path()));
    context.report_change("Removed", "photo", row.photo.id, label, photo_record(row));
}

} // namespace

std::string photo_path(const store::PhotoRow& row, const std::string& records_path) {
    return io::photo_file_path(records_path, row.client_uuid, row.photo.sha256,
                               row.photo.media_type);
}

output::Record photo_record(const store::PhotoRow& row) {
    output::Record record;
    for (const auto& field : photo_fields()) {
        auto name = field.info.name;
        output::Value value;
        if (name == "client_uuid")
            value = row.client_uuid;
        else if (name == "client_name")
            value = row.client_name;
        else
            value = field_value(field, row.photo);
        record.fields.push_back({std::string(name), std::move(value)});
    }
    return record;
}

std::string photo_session_caption(const store::PhotoRow& row, int planned) {
    return session_caption(row, planned);
}

void fill_photo_command(CLI::App* photo, Context& context) {
    photo->require_subcommand(1);
    struct Arguments {
        std::string client, reference, output;
        PhotoAddOptions add;
        PhotoListOptions list;
    };
    auto args = std::make_shared<Arguments>();
    auto add_photo_reference = [&args](CLI::App* command) {
        command->add_option("PHOTO", args->reference, "Photo id")->required();
    };

    auto add = photo->add_subcommand("add", "Keep photos of a client in the private photo folder");
    add->add_option("CLIENT", args->client, "Client id or part of the name")->required();
    add->add_option("FILE", args->add.files, "JPEG, PNG, HEIC or WebP pictures")->required();
    add->add_option("--session", args->add.session, "The session they show (its id)")
        ->type_name("SESSION");
    add->add_option("--stage", args->add.stage,
                    "before, after, healed or consult (default: before)")
        ->type_name("STAGE")
        ->check(valid::choice(choices::photo_stage));
    add->add_option("--area", args->add.areas,
                    "Areas shown, repeatable or comma-separated (hairline, crown...)")
        ->type_name("AREA")
        ->delimiter(',')
        ->check(valid::choice(choices::area));
    add->add_option("--date", args->add.date,
                    "The day taken when the picture has no EXIF date (default: today)")
        ->type_name("DATE")
        ->check(valid::date(context));
    add->add_option("--note", args->add.note, "A note")
        ->type_name("TEXT")
        ->check(valid::text("note"));
    when_run(add, context, [&context, args] { add_photos(context, args->client, args->add); });

    auto list = photo->add_subcommand("list", "List photos by client and day taken");
    list->add_option("--client", args->list.client, "Only this client's photos")
        ->type_name("CLIENT");
    list->add_option("--session", args->list.session, "Only photos of this session")
        ->type_name("SESSION");
    list->add_option("--stage", args->list.stage, "before, after, healed or consult")
        ->type_name("STAGE")
        ->check(valid::choice(choices::photo_stage));
    when_run(list, context, [&context, args] { list_photos(context, args->list); });

    auto show = photo->add_subcommand("show", "Show one photo's record and its file's path");
    add_photo_reference(show);
    when_run(show, context, [&context, args] { show_photo(context, args->reference); });

    auto open = photo->add_subcommand("open", "Open a photo with $SMP_OPENER, else xdg-open");
    add_photo_reference(open);
    when_run(open, context, [&context, args] { open_photo(context, args->reference); });

    auto sheet = photo->add_subcommand(
        "sheet", "One printable HTML page of a client's photos, side by side by area and day");
    sheet->add_option("CLIENT", args->client, "Client id or part of the name")->required();
    sheet->add_option("-o,--output", args->output, "Write to FILE (mode 0600) instead of stdout")
        ->type_name("FILE");
    accept_formats(sheet, context, {output::Format::html});
    when_run(sheet, context,
             [&context, args] { write_photo_sheet(context, args->client, args->output); });

    auto remove =
        photo->add_subcommand("remove", "Delete a photo's record, and its file unless another "
                                        "record uses it (asks first)");
    add_photo_reference(remove);
    when_run(remove, context, [&context, args] { remove_photo(context, args->reference); });
}

} // namespace smp::cli
