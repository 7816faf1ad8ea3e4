#pragma once

#include <smp/cli/context.hpp>
#include <smp/domain/choice.hpp>

#include <CLI/CLI.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp::cli {

// Registers what a command does. It runs after the whole command line has been parsed and the
// global options checked, never halfway through parsing.
inline void when_run(CLI::App* command, Context& context, std::function<void()> action) {
    command->callback([&context, action] { context.command = action; });
}

// Adds subcommand NAME of PARENT; FILL adds its options when the command line reaches it (as
// build_cli does for the commands themselves): `session log` builds no other session command's
// options, which were a tenth of its run. FILL runs inside the subcommand's pre-parse callback,
// so it must not set that callback itself (accept_formats does: add such a command at once).
inline CLI::App* add_subcommand_later(CLI::App* parent, Context& context, std::string name,
                                      std::string description,
                                      std::function<void(CLI::App*)> fill) {
    auto* command = parent->add_subcommand(std::move(name), std::move(description));
    if (context.fill_every_command) {
        fill(command);
        // FILL owns what the options write into: it lives as long as the command.
        command->preparse_callback([kept = std::move(fill)](std::size_t) {});
    } else {
        command->preparse_callback(
            [command, fill = std::move(fill)](std::size_t) { fill(command); });
    }
    return command;
}

// The --format values COMMAND accepts instead of the record formats (table, csv, tsv, json,
// ndjson), its default first: a calendar adds ics, a handout takes text or html.
inline void accept_formats(CLI::App* command, Context& context,
                           std::vector<output::Format> formats) {
    context.formats_by_command[command] = formats;
    command->preparse_callback(
        [&context, formats = std::move(formats)](std::size_t) { context.formats = formats; });
}

// One function per command, each filling in its command's options and subcommands. build_cli()
// in app.cpp names the commands and calls a command's function only when the command line
// names that command, so a run builds the options of one command, not of all of them.
void fill_init_command(CLI::App* command, Context& context);
void fill_client_command(CLI::App* command, Context& context);
void fill_session_command(CLI::App* command, Context& context);
// `session aftercare` and `session passport` (handouts.cpp).
void fill_handout_commands(CLI::App* session, Context& context);
void fill_shade_command(CLI::App* command, Context& context);
void fill_touchup_command(CLI::App* command, Context& context);
// `smp remind`: every message due, of every kind (remind_command.cpp).
void fill_remind_command(CLI::App* command, Context& context);
void fill_agenda_command(CLI::App* command, Context& context);
void fill_import_command(CLI::App* command, Context& context);
void fill_export_command(CLI::App* command, Context& context);
void fill_backup_command(CLI::App* command, Context& context);
void fill_restore_command(CLI::App* command, Context& context);
void fill_check_command(CLI::App* command, Context& context);
void fill_help_command(CLI::App* command, Context& context);
void fill_payment_command(CLI::App* command, Context& context);
void fill_report_command(CLI::App* command, Context& context);
void fill_photo_command(CLI::App* command, Context& context);
void fill_complete_command(CLI::App* command, Context& context);
// `smp _describe`: every command and record kind, as JSON (describe.cpp).
void fill_describe_command(CLI::App* command, Context& context);
// The values OPTION ("--skin-type") of COMMAND ("client add"; "" for a global option) takes
// when they are a closed set, else none: what `_describe` lists and `_complete values` prints
// (describe.cpp). From the kind tables, never from the records file or config.
std::vector<std::string> option_values(std::string_view command, const CLI::Option& option);
// The names `session edit --clear` and `shade edit --clear` take (session.cpp, shade.cpp).
// The names `payment edit --clear` takes, and the built-in payment methods (payment.cpp).
const Choice& payment_clear_choice();
const Choice& payment_method_choice();
// `payment receipt` (receipt.cpp).
void add_receipt_command(CLI::App* payment, Context& context);
// `client export` and `client forget`: a client's own data (client_data.cpp).
void add_client_data_commands(CLI::App& client, Context& context);
// `client duplicates` and `client merge` (client_merge.cpp).
void add_client_merge_commands(CLI::App& client, Context& context);
// The profile fields `client merge --take` takes (client_merge.cpp), from the client kind table.
const Choice& merge_take_choice();

// The options every command takes: -f, --config, --format...
void add_global_options(CLI::App& app, GlobalOptions& options);

// A command of smp, as help lists it. Its options are filled in only when the command line
// names it (build_cli in app.cpp), or all at once for `smp _describe`.
struct Command {
    const char* name;
    const char* description;
    void (*fill)(CLI::App*, Context&);
    bool hidden = false; // from help and suggestions
};

// Every command, in the order help lists them: the one place a command is registered.
std::span<const Command> commands();

} // namespace smp::cli
