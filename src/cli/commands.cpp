#include <smp/cli/commands.hpp>
#include <smp/cli/valid.hpp>
#include <smp/util/clock.hpp>

namespace smp::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("-f,--file", options.file,
                   "Records file (default: $SMP_FILE, the config's "
                   "`records`, or ~/.local/share/smp/records.db)")
        ->type_name("PATH");
    app.add_option("--config", options.config,
                   "Config file (default: $SMP_CONFIG or "
                   "~/.config/smp/config.toml)")
        ->type_name("PATH");
    app.add_option("--format", options.format,
                   "Output format: table, csv, tsv, json, ndjson (ics for calendars, text or "
                   "html for handouts)")
        ->type_name("FORMAT");
    app.add_option("--as-of", options.as_of, "Treat DATE as today for every date computation")
        ->type_name("DATE")
        // From the clock's day: this is the option that sets the command's today.
        ->check(valid::by([](std::string_view text) { parse_date(text, local_today()); }));
    app.add_option("--color", options.color,
                   "Colour: auto (on a terminal, unless NO_COLOR), "
                   "always, never")
        ->type_name("WHEN");
    app.add_flag("-q,--quiet", options.quiet, "Print only ids and errors");
    app.add_option("--columns", options.columns,
                   "A listing's columns, comma-separated, in any format (e.g. id,name,phone)")
        ->type_name("LIST");
    app.add_flag("--wide", options.wide, "Never narrow a table to the terminal's width");
    app.add_flag("-y,--yes", options.yes, "Answer yes to confirmations (needed off a terminal)");
    app.add_flag("--no-pager", options.no_pager, "Never send a long listing through a pager");
    app.add_flag("--raw", options.raw,
                 "csv and tsv cells as stored: do not neutralise text a spreadsheet would run as "
                 "a formula");
}

namespace {

const Command k_commands[] = {
    {"init", "Create the records file (any write also creates it)", fill_init_command},
    {"client", "Add, list, show, edit, archive, remove clients; consent, screening",
     fill_client_command},
    {"session", "Log, book, move, cancel and list treatment sessions", fill_session_command},
    {"shade", "Pigment shades, lots, recalls and dilutions", fill_shade_command},
    {"payment", "Deposits, payments, refunds and fees; who owes what", fill_payment_command},
    {"report", "Money taken, sessions and no-show rates per period", fill_report_command},
    {"photo", "Before-and-after photos, kept private beside the records", fill_photo_command},
    {"touchup", "Who is due for a follow-up or touch-up, reminders and the calendar",
     fill_touchup_command},
    {"remind", "Send each message due, once: bookings, aftercare, recalls", fill_remind_command},
    {"agenda", "Today at a glance: sessions, follow-ups, touch-ups and lots", fill_agenda_command},
    {"import", "Add or update records from a CSV or TSV file, all or nothing", fill_import_command},
    {"export", "Write records as csv, tsv or json for an accountant or a spreadsheet",
     fill_export_command},
    {"backup", "Copy the records file safely, even while in use", fill_backup_command},
    {"restore", "Replace the records file with a checked backup; the old one is kept",
     fill_restore_command},
    {"check", "Check the file's integrity and smp's own rules; never writes", fill_check_command},
    {"help", "Show a command's manual page (its --help where man is missing)", fill_help_command},
    {"_complete", "Print completion candidates", fill_complete_command, true},
    {"_describe", "Print every command and record kind as JSON", fill_describe_command, true},
};

} // namespace

std::span<const Command> commands() {
    return k_commands;
}

} // namespace smp::cli
