#include <smp/app.hpp>
#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/screening.hpp>
#include <smp/io/atomic_file.hpp>
#include <smp/io/photo_files.hpp>
#include <smp/store/clients.hpp>
#include <smp/util/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <unistd.h>

namespace smp::cli {
namespace {

namespace fs = std::filesystem;

void write_json(std::FILE* out, const output::Record& record) {
    output::write_record(output::Format::json, output::Style{}, record, out);
}

template <typename Visit>
void write_json_list(std::FILE* out, std::string_view name, Visit&& visit) {
    fmt::print(out, ",{}:[", output::json_string(name));
    bool first = true;
    visit([&](const output::Record& record) {
        if (!first)
            fmt::print(out, ",");
        first = false;
        write_json(out, record);
    });
    fmt::print(out, "]");
}

// Everything smp holds about one person, as one JSON object (a data-access request).
void write_client_data(Context& context, store::Store& store, const Client& client,
                       std::FILE* out) {
    fmt::print(out,
               "{{\"format\":\"smp client data\",\"smp_version\":{},\"exported_at\":{},"
               "\"profile\":",
               output::json_string(k_version), output::json_string(utc_now()));
    auto profile = client_record(client);
    add_screening_fields(store, client, profile, true); // the review, the latest patch test
    write_json(out, profile);
    write_json_list(out, "patch_tests", [&](auto&& emit) {
        store::for_each_patch_test(
            store, client.id, [&](const store::PatchTest& test) { emit(patch_test_record(test)); });
    });
    write_json_list(out, "consents", [&](auto&& emit) {
        store::for_each_consent(store, client.id,
                                [&](const Consent& consent) { emit(consent_record(consent)); });
    });
    write_json_list(out, "sessions", [&](auto&& emit) {
        store::SessionFilter filter;
        filter.client_id = client.id;
        store::for_each_session(
            store, filter, context.config().planned_sessions,
            [&](const store::SessionRow& row) { emit(session_record(row, true)); });
    });
    write_json_list(out, "reminders", [&](auto&& emit) {
        store::for_each_reminder(store, client.id, [&](const Reminder& reminder) {
            emit(reminder_record(reminder, client.name, true));
        });
    });
    write_json_list(out, "payments", [&](auto&& emit) {
        store::PaymentFilter filter;
        filter.client_id = client.id;
        store::for_each_payment(store, filter,
                                [&](const store::PaymentRow& row) { emit(payment_record(row)); });
    });
    write_json_list(out, "photos", [&](auto&& emit) {
        store::PhotoFilter filter;
        filter.client_id = client.id;
        store::for_each_photo(store, filter, [&](const store::PhotoRow& row) {
            auto record = photo_record(row);
            record.fields.push_back(
                {"file", fs::path(photo_path(row, store.path())).filename().string()});
            emit(record);
        });
    });
    fmt::print(out, "}}\n");
}

// With --output FILE, the client's pictures go into the photo folder beside it (jane.json:
// jane.photos/), each checked against its hash: the whole of a data-access request. Returns
// how many were copied.
int export_client_photos(const std::string& records, const Client& client,
                         const std::string& path) {
    auto from = io::client_photo_folder(records, client.uuid);
    if (!fs::is_directory(from))
        return 0;
    auto to = io::photo_folder(path);
    // copy_photo_folder copies a folder of client folders: give it this client's alone.
    auto staged = fmt::format("{}.smp-tmp-{}", to, ::getpid());
    std::error_code error;
    fs::create_directory(staged, error);
    fs::create_symlink(fs::absolute(from), fs::path(staged) / client.uuid, error);
    try {
        auto copied = io::copy_photo_folder(staged, to);
        fs::remove_all(staged, error);
        return copied;
    } catch (...) {
        fs::remove_all(staged, error);
        throw;
    }
}

void export_client(Context& context, const std::string& reference, const std::string& path) {
    auto& store = context.store(store::Access::existing);
    auto client = store::resolve_client(store, reference);
    if (path.empty() || path == "-") { // `-`: standard output, as tools expect
        write_client_data(context, store, client, context.out);
        return;
    }
    // A person's whole record: never over another file (a previous request's answer).
    if (fs::exists(path))
        throw Error(Exit::cant_create, fmt::format("\"{}\" already exists; smp never overwrites "
                                                   "a client's data: choose another name",
                                                   path));
    int photos = export_client_photos(store.path(), client, path);
    io::AtomicFile file(path);
    try {
        write_client_data(context, store, client, file.stream());
        file.commit();
    } catch (...) {
        std::error_code ignored;
        if (photos > 0)
            fs::remove_all(io::photo_folder(path), ignored);
        throw;
    }
    if (photos > 0)
        context.tell(fmt::format("copied client {}'s {} photo{} to \"{}\"", client.id, photos,
                                 photos == 1 ? "" : "s", io::photo_folder(path)));
    if (auto format = context.format(); format != output::Format::table)
        output::write_record(format, context.style(),
                             {{{"client_id", std::int64_t{client.id}}, {"output_file", path}}, {}},
                             context.out);
    else
        context.tell(fmt::format("wrote client {}'s data to \"{}\"", client.id, path));
}

// Files beside the records file that may hold copies of a client's data: backups (*.bak,
// *.backup-*, and *.part or *.tmp left by an interrupted one), exports in every format
// (*.csv, *.tsv, *.json, *.ndjson, *.ics), `export all` folders (holding a MANIFEST.txt), and
// the temporary files a killed export leaves (.NAME.smp-tmp-XXXXXX).
std::vector<std::string> copies_beside(const std::string& records) {
    static const std::set<std::string> k_copy_extensions = {".bak", ".part", ".tmp",    ".csv",
                                                            ".tsv", ".json", ".ndjson", ".ics"};
    std::vector<std::string> found;
    auto folder = fs::path(records).parent_path();
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? "." : folder, error)) {
        auto name = entry.path().filename().string();
        std::error_code ignored;
        bool copy =
            entry.is_regular_file(ignored)
                ? k_copy_extensions.count(entry.path().extension().string()) > 0 ||
                      name.find(".backup-") != std::string::npos ||
                      name.find(".smp-tmp-") != std::string::npos
                : entry.is_directory(ignored) && fs::exists(entry.path() / "MANIFEST.txt", ignored);
        if (copy)
            found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace

// After the client's records are gone: their photo folder, so no picture outlives them.
void tell_photos_deleted(Context& context, const std::string& records, const Client& client) {
    auto folder = io::client_photo_folder(records, client.uuid);
    if (int files = io::remove_client_photos(records, client.uuid); files > 0)
        context.tell(fmt::format("Deleted client {}'s {} photo file{} and their folder \"{}\"",
                                 client.id, files, files == 1 ? "" : "s", folder));
}

namespace {

void forget_client(Context& context, const std::string& reference, bool purge) {
    auto& store = context.store(store::Access::create);
    auto client = store::resolve_client(store, reference);
    auto question =
        fmt::format("Erase client {} ({}) for good: name, contact details, health "
                    "notes, consents and reminders{}? This cannot be undone.",
                    client.id, output::visible(client.name), purge ? ", and every session" : "");
    if (!context.confirm(question, fmt::format("erase client {}", client.id)))
        throw Error(Exit::usage, fmt::format("kept client {}: erasure not confirmed", client.id));
    store::forget_client(store, client.id, purge);
    tell_photos_deleted(context, store.path(), client);
    context.tell(purge ? fmt::format("Erased client {} and their sessions", client.id)
                       : fmt::format("Erased client {}: kept as an archived \"forgotten client\" "
                                     "so lot and date counts stay right",
                                     client.id));
    for (const auto& copy : copies_beside(store.path()))
        context.warn(fmt::format("\"{}\" may still hold client {}'s data (a backup or export "
                                 "beside the records file); delete it or erase it too",
                                 copy, client.id));
}

} // namespace

void add_client_data_commands(CLI::App& client, Context& context) {
    struct Arguments {
        std::string reference, output;
        bool purge = false;
    };
    auto args = std::make_shared<Arguments>();

    auto exporter = client.add_subcommand("export", "Everything smp holds about one client, as "
                                                    "JSON (a data-access request)");
    exporter->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    exporter
        ->add_option("-o,--output", args->output,
                     "Write to FILE (mode 0600) instead of stdout (- is stdout)")
        ->type_name("FILE");
    when_run(exporter, context,
             [&context, args] { export_client(context, args->reference, args->output); });

    auto forget = client.add_subcommand("forget", "Erase a client's personal data for good "
                                                  "(asks first)");
    forget->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    forget->add_flag("--purge", args->purge, "Also delete the client's sessions");
    when_run(forget, context,
             [&context, args] { forget_client(context, args->reference, args->purge); });
}

} // namespace smp::cli
