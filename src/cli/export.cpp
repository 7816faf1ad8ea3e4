#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/date.hpp>
#include <smp/io/atomic_file.hpp>
#include <smp/output/progress.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/payments.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/version.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <memory>

namespace smp::cli {
namespace {

namespace fs = std::filesystem;

struct ExportOptions {
    std::optional<std::string> output;
    std::optional<std::string> from, to; // by the record's date (sessions and payments)
    bool crlf = false;
    bool bom = false;
    bool raw = false;
};

using Emit = std::function<void(const output::Record&)>;

// The days an export covers (inclusive), checked; empty: every day.
struct Period {
    std::optional<Date> from, to;
};

// One kind of record as exported: the subcommand and file name, what the file holds (for
// --help and the manifest), the table counted for progress, and its rows.
struct Kind {
    std::string name;
    std::string meaning;
    store::Table table;
    // Streams every record of the kind (in the period, for a dated kind), for machines (json,
    // ndjson) or not; called with no store to learn the columns from a default record.
    std::function<void(Context&, store::Store*, const Emit&, const Period&, bool)> produce;
    bool dated = false; // --from and --to choose by the record's date
};

// Adds fields after the named one (the documented records lack what a re-import needs, such
// as a consent's client).
void insert_after(output::Record& record, std::string_view name,
                  std::vector<output::Field> fields) {
    auto at = std::find_if(record.fields.begin(), record.fields.end(),
                           [&](const output::Field& field) { return field.name == name; });
    record.fields.insert(at == record.fields.end() ? at : at + 1, fields.begin(), fields.end());
}

// A consent, reminder or send attempt names its client by uuid too: ids differ between records
// files, and `smp import` finds the client by uuid first.
output::Record consent_row(const Consent& consent, const std::string& client_name,
                           const std::string& client_uuid) {
    auto record = consent_record(consent);
    insert_after(record, "id",
                 {{"uuid", consent.uuid},
                  {"client_id", consent.client_id},
                  {"client_uuid", client_uuid},
                  {"client_name", client_name}});
    record.fields.push_back({"created_at", consent.created_at});
    return record;
}

output::Record reminder_row(const Reminder& reminder, const Client& client, bool machine) {
    auto record = reminder_record(reminder, client.name, machine);
    record.fields.insert(record.fields.begin(), {{"id", reminder.id}, {"uuid", reminder.uuid}});
    insert_after(record, "client_id", {{"client_uuid", client.uuid}});
    insert_after(record, "status",
                 {{"sent_on", format_date(reminder.sent_on)}, {"sent_at", reminder.sent_at}});
    return record;
}

output::Record attempt_row(const store::SendAttempt& attempt, const Client& client, bool machine) {
    auto record = attempt_record(attempt, client.name, machine);
    insert_after(record, "client_id", {{"client_uuid", client.uuid}});
    return record;
}

// An erasure says which uuid `client forget` erased and when: nothing personal. Exported so
// that a records file made from an export keeps refusing that person.
output::Record erasure_row(const store::Erasure& erasure) {
    return output::Record{
        {{"uuid", erasure.uuid}, {"erased_on", erasure.erased_on}, {"purged", erasure.purged}}, {}};
}

// With no store, each kind emits one empty record: its column names.
const std::vector<Kind>& kinds() {
    static const std::vector<Kind> all{
        {"clients", "every client, archived ones too: profile, contact, skin and hair, screening",
         store::Table::client,
         [](Context&, store::Store* store, const Emit& emit, const Period&, bool) {
             if (!store)
                 return emit(client_record(Client{}));
             store::ClientFilter filter;
             filter.which = store::ClientFilter::Which::all;
             store::for_each_client(*store, filter,
                                    [&](const Client& c) { emit(client_record(c)); });
         }},
        {"sessions",
         "every session (done, booked, cancelled) in the order recorded, with its client's id, "
         "uuid and name",
         store::Table::session,
         [](Context& context, store::Store* store, const Emit& emit, const Period& period,
            bool machine) {
             if (!store)
                 return emit(session_record(store::SessionRow{}, machine));
             store::SessionFilter all;
             all.recorded_order = true;
             all.from = period.from;
             all.to = period.to;
             store::for_each_session(
                 *store, all, context.config().planned_sessions,
                 [&](const store::SessionRow& row) { emit(session_record(row, machine)); });
         },
         true},
        {"shades", "every pigment shade, retired ones too", store::Table::shade,
         [](Context&, store::Store* store, const Emit& emit, const Period&, bool) {
             if (!store)
                 return emit(shade_record(Shade{}));
             store::for_each_shade(*store, true, [&](const Shade& s) { emit(shade_record(s)); });
         }},
        {"lots", "every pigment lot, with its shade and status (as of today or --as-of)",
         store::Table::lot,
         [](Context& context, store::Store* store, const Emit& emit, const Period&, bool) {
             auto today = context.today();
             const auto& shelf_life = context.config().lots_opened_shelf_life;
             if (!store)
                 return emit(lot_record(Lot{}, today, shelf_life));
             store::for_each_lot(*store, {},
                                 [&](const Lot& l) { emit(lot_record(l, today, shelf_life)); });
         }},
        {"consents", "every consent signed, withdrawn ones too, with its client",
         store::Table::consent,
         [](Context&, store::Store* store, const Emit& emit, const Period&, bool) {
             if (!store)
                 return emit(consent_row(Consent{}, "", ""));
             store::for_each_consent_of_every_client(
                 *store, [&](const Consent& c, const std::string& name, const std::string& uuid) {
                     emit(consent_row(c, name, uuid));
                 });
         }},
        {"reminders", "every follow-up and touch-up reminder sent, oldest first",
         store::Table::reminder,
         [](Context&, store::Store* store, const Emit& emit, const Period&, bool machine) {
             if (!store)
                 return emit(reminder_row(Reminder{}, Client{}, machine));
             // Reminders come in client order often enough that remembering the last client
             // saves most look-ups, without holding every client in memory.
             Client last;
             store::for_each_reminder(*store, std::nullopt, [&](const Reminder& r) {
                 if (r.client_id != last.id)
                     last = store::client_by_id(*store, r.client_id).value_or(Client{});
                 emit(reminder_row(r, last, machine));
             });
         }},
        {"payments",
         "every deposit, payment, refund and fee in the order recorded, with its client's id, "
         "uuid and name",
         store::Table::payment,
         [](Context&, store::Store* store, const Emit& emit, const Period& period, bool) {
             if (!store)
                 return emit(payment_record(store::PaymentRow{}));
             store::PaymentFilter all;
             all.recorded_order = true;
             all.from = period.from;
             all.to = period.to;
             store::for_each_payment(
                 *store, all, [&](const store::PaymentRow& row) { emit(payment_record(row)); });
         },
         true},
        {"attempts",
         "every try of a --exec send command, failed ones too: channel, address, exit status or "
         "error, first line of its output",
         store::Table::send_attempt,
         [](Context&, store::Store* store, const Emit& emit, const Period&, bool machine) {
             if (!store)
                 return emit(attempt_row(store::SendAttempt{}, Client{}, machine));
             Client last;
             store::for_each_attempt(*store, std::nullopt, [&](const store::SendAttempt& a) {
                 if (a.client_id != last.id)
                     last = store::client_by_id(*store, a.client_id).value_or(Client{});
                 emit(attempt_row(a, last, machine));
             });
         }},
        {"erasures",
         "every erasure by `client forget`: the uuid erased and the day, nothing personal",
         store::Table::erasure,
         [](Context&, store::Store* store, const Emit& emit, const Period&, bool) {
             if (!store)
                 return emit(erasure_row(store::Erasure{}));
             for (const auto& erasure : store::erasures(*store))
                 emit(erasure_row(erasure));
         }},
    };
    return all;
}

std::vector<std::string> columns_of(Context& context, const Kind& kind, bool machine) {
    std::vector<std::string> columns;
    kind.produce(
        context, nullptr, [&](const output::Record& empty) { columns = field_names(empty); }, {},
        machine);
    return columns;
}

// Export writes data files: csv unless --format says otherwise, never a padded table.
output::Format export_format(Context& context, const ExportOptions& options) {
    auto format = context.options.format ? output::parse_format(*context.options.format)
                                         : output::Format::csv;
    if (format == output::Format::table)
        throw Error(Exit::usage, "`smp export` writes csv (the default), tsv, json or ndjson, not "
                                 "--format table; leave --format out for csv");
    bool delimited = format == output::Format::csv || format == output::Format::tsv;
    if (!delimited && (options.crlf || options.bom))
        throw Error(Exit::usage, "--crlf and --bom are for csv and tsv exports; json and "
                                 "ndjson are always UTF-8 with LF line ends");
    return format;
}

// --raw after `export KIND`, or the global --raw before it.
output::DelimitedOptions delimited_options(Context& context, const ExportOptions& options) {
    output::DelimitedOptions delimited;
    delimited.crlf = options.crlf;
    delimited.bom = options.bom;
    delimited.neutralise_formulas = !options.raw && !context.options.raw;
    return delimited;
}

std::string extension(output::Format format) {
    switch (format) {
    case output::Format::tsv:
        return "tsv";
    case output::Format::json:
        return "json";
    case output::Format::ndjson:
        return "ndjson";
    default:
        return "csv";
    }
}

// Streams one kind to `out`, row by row, with a progress line on a terminal. Returns the rows.
std::int64_t write_kind(Context& context, const Kind& kind, output::Format format,
                        const ExportOptions& options, std::FILE* out) {
    auto& store = context.store(store::Access::existing);
    bool show = !context.options.quiet && output::Progress::on_terminal(context.err);
    output::Progress progress(context.err, "exporting " + kind.name,
                              show ? store::count_rows(store, kind.table) : 0, show);
    bool machine = for_machines(format);
    auto writer = output::make_row_writer(format, {}, columns_of(context, kind, machine), out,
                                          delimited_options(context, options));
    Period period;
    if (options.from)
        period.from = parse_date(*options.from, context.today());
    if (options.to)
        period.to = parse_date(*options.to, context.today());
    kind.produce(
        context, &store,
        [&](const output::Record& record) {
            writer->row(record);
            progress.advance();
        },
        period, machine);
    writer->finish();
    progress.finish();
    return progress.done();
}

// The same to a file that appears whole or not at all.
std::int64_t write_kind_to_file(Context& context, const Kind& kind, output::Format format,
                                const ExportOptions& options, const std::string& path) {
    io::AtomicFile file(path);
    std::int64_t rows = 0;
    try {
        rows = write_kind(context, kind, format, options, file.stream());
    } catch (const Error& failure) {
        if (failure.code() != Exit::io)
            throw;
        // The writer cannot know the file's name; the person needs it.
        throw Error(Exit::io, fmt::format("cannot write \"{}\" (is the disk full?); it was left "
                                          "as it was",
                                          path));
    }
    file.commit();
    return rows;
}

void export_kind(Context& context, const Kind& kind, const ExportOptions& options) {
    auto format = export_format(context, options);
    if (!options.output || *options.output == "-") { // `-`: standard output, as tools expect
        write_kind(context, kind, format, options, context.out);
        return;
    }
    auto rows = write_kind_to_file(context, kind, format, options, *options.output);
    context.tell(fmt::format("Exported {} {} to {}", rows, kind.name, *options.output));
}

struct Exported {
    const Kind* kind;
    std::string file;
    std::int64_t rows;
};

// MANIFEST.txt: what a folder from `export all` holds, for whoever opens it years later.
void write_manifest(Context& context, const fs::path& folder, const std::vector<Exported>& files,
                    const ExportOptions& options) {
    io::AtomicFile manifest((folder / "MANIFEST.txt").string());
    auto out = manifest.stream();
    fmt::print(out, "smp export of {}\n", context.store(store::Access::existing).path());
    fmt::print(out, "Written {} by smp {} (dates as of {}).\n\n", utc_now(), k_version,
               format_date(context.today()));
    for (const auto& f : files) {
        fmt::print(out, "{}: {} row{}\n", f.file, f.rows, f.rows == 1 ? "" : "s");
        fmt::print(out, "  {}\n", f.kind->meaning);
        fmt::print(out, "  columns: {}\n\n",
                   join(columns_of(context, *f.kind, for_machines(export_format(context, options))),
                        ", "));
    }
    fmt::print(out, "Every file has a header row of column names, then one row per record.\n"
                    "The columns are the fields described in smp-client(1), smp-session(1),\n"
                    "smp-shade(1), smp-touchup(1), smp-payment(1) and smp-export(1).\n");
    if (!options.raw && !context.options.raw)
        fmt::print(out, "Text starting with =, +, -, @, a tab or a carriage return (after any\n"
                        "single quotes) begins with one more single quote (') so a spreadsheet\n"
                        "shows it as text, not a formula: remove that one quote when reading the\n"
                        "files back by program (`smp import` does).\n");
    manifest.commit();
}

void export_all(Context& context, const ExportOptions& options) {
    auto format = export_format(context, options);
    if (*options.output == "-")
        throw Error(Exit::usage, "`export all` writes one file per kind into a folder, so "
                                 "--output - cannot be standard output; give a folder, or "
                                 "export one kind (`smp export sessions --output -`)");
    fs::path folder(*options.output);
    std::error_code error;
    if (fs::exists(folder, error) && !fs::is_directory(folder, error))
        throw Error(Exit::cant_create, fmt::format("cannot export into \"{}\": it is a file, not "
                                                   "a folder",
                                                   folder.string()));
    store::create_private_folders(folder);
    std::vector<Exported> files;
    for (const auto& kind : kinds()) {
        auto name = kind.name + "." + extension(format);
        auto rows = write_kind_to_file(context, kind, format, options, (folder / name).string());
        files.push_back({&kind, name, rows});
    }
    write_manifest(context, folder, files, options);
    context.tell(
        fmt::format("Exported {} files and MANIFEST.txt to {}", files.size(), folder.string()));
}

void add_export_options(CLI::App* command, ExportOptions& options, bool folder) {
    auto output = command->add_option("-o,--output", options.output,
                                      folder ? "Folder to write the files into (created 0700 if "
                                               "missing; files there are replaced)"
                                             : "Write to FILE (mode 0600, replaced whole) instead "
                                               "of standard output (- is standard output)");
    output->type_name(folder ? "DIR" : "FILE");
    if (folder)
        output->required();
    command->add_flag("--crlf", options.crlf, "End rows with CR LF (for spreadsheet programs)");
    command->add_flag("--bom", options.bom, "Start with a UTF-8 byte order mark (for Excel)");
    command->add_flag("--raw", options.raw,
                      "Do not neutralise text that a spreadsheet would run "
                      "as a formula (leading =, +, -, @)");
}

} // namespace

void fill_export_command(CLI::App* command, Context& context) {
    command->require_subcommand(1);
    // Option values live as long as the command tree: the callbacks hold them.
    auto options = std::make_shared<ExportOptions>();
    for (const auto& kind : kinds()) {
        auto sub = command->add_subcommand(kind.name, "Export " + kind.meaning);
        add_export_options(sub, *options, false);
        if (kind.dated) {
            sub->add_option("--from", options->from, "Only records dated on or after DATE")
                ->type_name("DATE");
            sub->add_option("--to", options->to, "Only records dated on or before DATE")
                ->type_name("DATE");
        }
        when_run(sub, context,
                 [&context, &kind, options] { export_kind(context, kind, *options); });
    }
    auto all = command->add_subcommand("all", "Export every kind, one file each, plus "
                                              "MANIFEST.txt, into a folder");
    add_export_options(all, *options, true);
    when_run(all, context, [&context, options] { export_all(context, *options); });
}

} // namespace smp::cli
