#include <smp/app.hpp>
#include <smp/cli/commands.hpp>
#include <smp/domain/text.hpp>
#include <smp/error.hpp>
#include <smp/output/diagnostic.hpp>
#include <smp/store/store.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <SQLiteCpp/Exception.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace smp {
namespace {

void add_global_options(CLI::App& app, cli::GlobalOptions& options) {
    app.add_option("-f,--file", options.file, "Records file (default: $SMP_FILE, the config's "
                                              "`records`, or ~/.local/share/smp/records.db)")
        ->type_name("PATH");
    app.add_option("--config", options.config, "Config file (default: $SMP_CONFIG or "
                                               "~/.config/smp/config.toml)")
        ->type_name("PATH");
    app.add_option("--format", options.format, "Output format: table, csv, tsv, json, ndjson (ics for calendars)")
        ->type_name("FORMAT");
    app.add_option("--as-of", options.as_of, "Treat DATE as today for every date computation")
        ->type_name("DATE");
    app.add_option("--color", options.color, "Colour: auto (on a terminal, unless NO_COLOR), "
                                             "always, never")
        ->type_name("WHEN");
    app.add_flag("-q,--quiet", options.quiet, "Print only ids and errors");
    app.add_flag("-y,--yes", options.yes, "Answer yes to confirmations (needed off a terminal)");
}

// Every command, in the order help lists them.
struct Command {
    const char* name;
    const char* description;
    void (*fill)(CLI::App*, cli::Context&);
    bool hidden = false; // from help and suggestions
};
const Command k_commands[] = {
    {"init", "Create the records file (any write also creates it)", cli::fill_init_command},
    {"client", "Add, list, show, edit, archive, remove clients; consent, screening",
     cli::fill_client_command},
    {"session", "Log, book, move, cancel and list treatment sessions", cli::fill_session_command},
    {"shade", "Pigment shades, lots, recalls and dilutions", cli::fill_shade_command},
    {"touchup", "Who is due for a follow-up or touch-up, reminders and the calendar",
     cli::fill_touchup_command},
    {"agenda", "Today at a glance: sessions, follow-ups, touch-ups and lots",
     cli::fill_agenda_command},
    {"import", "Add or update records from a CSV or TSV file, all or nothing",
     cli::fill_import_command},
    {"export", "Write records as csv, tsv or json for an accountant or a spreadsheet",
     cli::fill_export_command},
    {"backup", "Copy the records file safely, even while in use", cli::fill_backup_command},
    {"restore", "Replace the records file with a checked backup; the old one is kept",
     cli::fill_restore_command},
    {"check", "Check the file's integrity and smp's own rules; never writes",
     cli::fill_check_command},
    {"_complete", "Print completion candidates", cli::fill_complete_command, true},
};

// What a bare `smp` prints: the commands as help describes them (k_commands), then examples.
void print_usage(std::FILE* out) {
    fmt::print(out, "usage: smp [options] <command> [<args>]\n\n"
                    "Records for scalp micropigmentation practice: clients, sessions, shades, "
                    "touch-ups.\n\ncommands:\n");
    for (const auto& command : k_commands)
        if (!command.hidden)
            fmt::print(out, "  {:<9} {}\n", command.name, command.description);
    fmt::print(out, "{}", R"(
examples:
  smp init
  smp client add "Jane Doe" --phone "+44 7700 900123" --skin-type III --norwood 3A
  smp client list --search jane
  smp client show jane --format json
  smp session log jane --area hairline,temples --needle 3RL-0.25 --duration 3h
  smp session plan jane --date +14d --time 10:00
  smp shade trace LOT-2291
  smp agenda
  smp touchup due --within 30d --format csv
  smp export sessions --output sessions.csv

Run `smp <command> --help` for a command's options, `man smp` for the whole story.
)");
}

void build_cli(CLI::App& app, cli::Context& context) {
    app.set_version_flag("--version", fmt::format("smp {}", k_version), "Print the version");
    app.fallthrough();
    add_global_options(app, context.options);
    app.require_subcommand(0, 1);
    // A command's options and subcommands are added when the command line reaches it, before
    // its arguments are read: building every command's options was 0.6 ms of each run.
    for (const auto& command : k_commands) {
        auto* sub = app.add_subcommand(command.name, command.description);
        if (command.hidden)
            sub->group("");
        sub->preparse_callback(
            [sub, &context, fill = command.fill](std::size_t) { fill(sub, context); });
    }
}

// "smp client show", for pointing at the right --help.
std::string command_path(const CLI::App* command) {
    std::string path;
    for (; command; command = command->get_parent())
        path = command->get_name() + (path.empty() ? "" : " " + path);
    return path;
}

// The deepest subcommand the user selected (the root if none).
CLI::App* selected_command(CLI::App& app) {
    CLI::App* current = &app;
    for (auto subcommands = current->get_subcommands(); !subcommands.empty();
         subcommands = current->get_subcommands())
        current = subcommands.front();
    return current;
}

// For an unexpected word where a command was expected, names the nearest command.
std::string suggest_command(CLI::App& app, const std::vector<std::string>& extras) {
    CLI::App* parent = selected_command(app);
    auto commands = parent->get_subcommands([](CLI::App* sub) { return !sub->get_group().empty(); });
    if (commands.empty() || extras.empty() || extras.front().rfind("-", 0) == 0)
        return {};
    const auto& word = extras.front();
    std::string best;
    int best_distance = 3;
    for (auto* command : commands) {
        int distance = edit_distance(word, command->get_name());
        if (distance < best_distance) {
            best_distance = distance;
            best = command->get_name();
        }
    }
    std::string where = command_path(parent);
    if (best.empty())
        return fmt::format("unknown command \"{}\" for `{}`; run `{} --help` for the list", word,
                           where, where);
    return fmt::format("unknown command \"{}\" for `{}`; did you mean \"{}\"?", word, where, best);
}

// The exit status `code` of a command that ran, once everything it wrote to standard output
// (through stdio, or std::cout for CLI11's help) is known to have arrived: Error(io) if not.
int delivered(cli::Context& context, int code) {
    std::cout.flush();
    bool lost = !std::cout.good();
    context.flush_output();
    if (lost)
        throw Error(Exit::io, "cannot write the output (the disk is full, or standard output "
                              "was closed)");
    return code;
}

int fail(cli::Context& context, Exit code, const std::string& message) {
    output::print_diagnostic(context.err, "smp: error: " + message);
    return static_cast<int>(code);
}

} // namespace

int run(int argc, char** argv) {
    output::open_standard_streams();
    // Under a file-size limit (ulimit -f) a write past it raises SIGXFSZ, whose default kills
    // smp mid-write; ignored, the write fails with EFBIG and smp says space ran out (exit 74).
    std::signal(SIGXFSZ, SIG_IGN);
    cli::Context context;
    CLI::App app{"Records for scalp micropigmentation practice", "smp"};
    try {
        build_cli(app, context);
        try {
            app.parse(argc, argv);
        } catch (const CLI::CallForHelp& help) {
            return delivered(context, app.exit(help));
        } catch (const CLI::CallForAllHelp& help) {
            return delivered(context, app.exit(help));
        } catch (const CLI::CallForVersion& version) {
            return delivered(context, app.exit(version));
        } catch (const CLI::ParseError& error) {
            // A mistyped command shows up as an extra word, or as a missing subcommand.
            if (auto suggestion = suggest_command(app, app.remaining()); !suggestion.empty())
                return fail(context, Exit::usage, suggestion);
            return fail(context, Exit::usage, fmt::format("{}; see `{} --help`", error.what(),
                                                          command_path(selected_command(app))));
        }
        context.check_options();
        if (!context.command) {
            print_usage(context.out);
            return delivered(context, 0);
        }
        try {
            context.command();
        } catch (const NoMatch&) {
            return delivered(context, static_cast<int>(Exit::no_match));
        }
        return delivered(context, 0);
    } catch (const Error& error) {
        return fail(context, error.code(), error.what());
    } catch (const SQLite::Exception& failure) {
        std::string path;
        try {
            path = context.records_path();
        } catch (...) {
        }
        auto error = store::to_error(failure, path);
        return fail(context, error.code(), error.what());
    } catch (const std::filesystem::filesystem_error& failure) {
        // A folder that cannot be entered or read, a file that vanished: the system's reason.
        return fail(context, Exit::io,
                    fmt::format("cannot use \"{}\": {}", failure.path1().string(),
                                failure.code().message()));
    } catch (const std::system_error& failure) {
        // fmt reports a failed write to standard output this way.
        return fail(context, Exit::io,
                    fmt::format("cannot write the output: {} (the disk is full, or standard "
                                "output was closed)",
                                failure.code().message()));
    } catch (const std::exception& bug) {
        return fail(context, Exit::software,
                    fmt::format("internal error: {}; please report it", bug.what()));
    }
}

} // namespace smp
