#include <smp/app.hpp>
#include <smp/cli/commands.hpp>
#include <smp/cli/help_format.hpp>
#include <smp/cli/pager.hpp>
#include <smp/error.hpp>
#include <smp/output/diagnostic.hpp>
#include <smp/store/store.hpp>
#include <smp/util/text.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace smp {
namespace {

// What a bare `smp` prints: the commands as help describes them (cli::commands()), then examples.
void print_usage(std::FILE* out) {
    fmt::print(out, "usage: smp [options] <command> [<args>]\n\n"
                    "Records for scalp micropigmentation practice: clients, sessions, shades, "
                    "touch-ups.\n\ncommands:\n");
    for (const auto& command : cli::commands())
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
    cli::add_global_options(app, context.options);
    app.require_subcommand(0, 1);
    // A command's options and subcommands are added when the command line reaches it, before
    // its arguments are read: building every command's options was 0.6 ms of each run.
    for (const auto& command : cli::commands()) {
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
    auto commands =
        parent->get_subcommands([](CLI::App* sub) { return !sub->get_group().empty(); });
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

// For an option the command does not have, smp's own words and the nearest option it has
// (its own or a global one), instead of CLI11's list of every word it did not expect.
std::string suggest_option(CLI::App& app, const std::vector<std::string>& extras) {
    auto given = std::find_if(extras.begin(), extras.end(), [](const std::string& word) {
        return word.size() > 1 && word[0] == '-' && word != "--";
    });
    if (given == extras.end())
        return {};
    auto name = given->substr(0, given->find('='));
    CLI::App* command = selected_command(app);
    std::string best;
    int best_distance = 3;
    for (CLI::App* owner = command; owner; owner = owner->get_parent())
        for (const auto* option : owner->get_options()) {
            std::vector<std::string> names;
            for (const auto& l : option->get_lnames())
                names.push_back("--" + l);
            for (const auto& s : option->get_snames())
                names.push_back("-" + s);
            for (const auto& candidate : names)
                if (int distance = edit_distance(name, candidate); distance < best_distance) {
                    best_distance = distance;
                    best = candidate;
                }
        }
    std::string where = command_path(command);
    if (best.empty())
        return fmt::format("unknown option \"{}\" for `{}`; see `{} --help`", output::visible(name),
                           where, where);
    return fmt::format("unknown option \"{}\" for `{}`; did you mean \"{}\"?",
                       output::visible(name), where, best);
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
            if (auto suggestion = suggest_option(app, app.remaining(true)); !suggestion.empty())
                return fail(context, Exit::usage, suggestion);
            return fail(context, Exit::usage,
                        fmt::format("{}; see `{} --help`", error.what(),
                                    command_path(selected_command(app))));
        }
        context.check_options();
        if (!context.command) {
            print_usage(context.out);
            return delivered(context, 0);
        }
        auto path = command_path(selected_command(app));
        auto pager = cli::start_pager(context, path.substr(path.find(' ') + 1));
        try {
            context.command();
        } catch (const NoMatch&) {
            return delivered(context, static_cast<int>(Exit::no_match));
        }
        return delivered(context, 0);
    } catch (const Error& error) {
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
        // A SQLite failure outside a transaction (a plain read) is the store's to translate.
        std::string path;
        try {
            path = context.records_path();
        } catch (...) {
        }
        if (auto error = store::to_error(bug, path))
            return fail(context, error->code(), error->what());
        return fail(context, Exit::software,
                    fmt::format("internal error: {}; please report it", bug.what()));
    }
}

} // namespace smp
