#pragma once

#include <smp/cli/context.hpp>

#include <CLI/CLI.hpp>

namespace smp::cli {

// One function per subcommand file, each registering its command tree. They are all called
// from one visible place: build_cli() in app.cpp.
// Registers what a command does. It runs after the whole command line has been parsed and the
// global options checked, never halfway through parsing.
inline void when_run(CLI::App* command, Context& context, std::function<void()> action) {
    command->callback([&context, action] { context.command = action; });
}

void add_init_command(CLI::App& app, Context& context);
void add_client_command(CLI::App& app, Context& context);
void add_session_command(CLI::App& app, Context& context);
void add_shade_command(CLI::App& app, Context& context);
void add_touchup_command(CLI::App& app, Context& context);
void add_agenda_command(CLI::App& app, Context& context);
void add_import_command(CLI::App& app, Context& context);
void add_export_command(CLI::App& app, Context& context);
void add_backup_command(CLI::App& app, Context& context);
void add_restore_command(CLI::App& app, Context& context);
void add_check_command(CLI::App& app, Context& context);
// `client export` and `client forget`: a client's own data (client_data.cpp).
void add_client_data_commands(CLI::App& client, Context& context);
void add_complete_command(CLI::App& app, Context& context);

} // namespace smp::cli
