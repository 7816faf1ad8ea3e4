#include <smp/app.hpp>
#include <smp/cli/commands.hpp>
#include <smp/cli/help_format.hpp>
#include <smp/cli/pager.hpp>
#include <smp/domain/text.hpp>
#include <smp/error.hpp>
#include <smp/store/store.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <SQLiteCpp/Exception.h>

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
    app.add_flag("--no-pager", options.no_pager, "Never send a long listing through a pager");
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
    {"help", "Show a command's manual page (its --help where man is missing)",
     cli::fill_help_command},
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
    app.set_version_flag("--version",
                         fmt::format("smp {}\n{}\n{}", k_version, k_copyright, k_licence),
                         "Print the version, copyright and licence");
    app.fallthrough();
    // Before any subcommand is added: each takes its parent's formatter.
    app.formatter(std::make_shared<cli::HelpFormatter>());
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

int fail(cli::Context& context, Exit code, const std::string& message) {
    fmt::print(context.err, "smp: error: {}\n", message);
    return static_cast<int>(code);
}

} // namespace

int run(int argc, char** argv) {
    cli::Context context;
    CLI::App app{"Records for scalp micropigmentation practice", "smp"};
    try {
        build_cli(app, context);
        try {
            app.parse(argc, argv);
        } catch (const CLI::CallForHelp& help) {
            return app.exit(help);
        } catch (const CLI::CallForAllHelp& help) {
            return app.exit(help);
        } catch (const CLI::CallForVersion& version) {
            return app.exit(version);
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
            return 0;
        }
        auto path = command_path(selected_command(app));
        auto pager = cli::start_pager(context, path.substr(path.find(' ') + 1));
        context.command();
        return 0;
    } catch (const NoMatch&) {
        return static_cast<int>(Exit::no_match);
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
    } catch (const std::exception& bug) {
        return fail(context, Exit::software,
                    fmt::format("internal error: {}; please report it", bug.what()));
    }
}

} // namespace smp
