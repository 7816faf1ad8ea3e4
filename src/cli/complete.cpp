#include <smp/cli/commands.hpp>
#include <smp/store/clients.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace smp::cli {

// `smp _complete clients`: names for shell completion, one per line. Hidden from help; quiet
// about every problem (a completion must never print an error into the user's command line).
void add_complete_command(CLI::App& app, Context& context) {
    auto complete = app.add_subcommand("_complete", "Print completion candidates");
    complete->group(""); // hidden
    auto kind = std::make_shared<std::string>();
    complete->add_option("KIND", *kind, "What to complete: clients")
        ->required()
        ->check(CLI::IsMember({"clients"}));
    when_run(complete, context, [&context, kind] {
        try {
            if (!std::filesystem::exists(context.records_path()))
                return;
            auto& store = context.store(store::Access::read);
            store::ClientFilter filter;
            store::for_each_client(store, filter, [&](const Client& client) {
                // One name per line: a name with a line break cannot be offered as one word.
                if (client.name.find_first_of("\n\r") == std::string::npos)
                    fmt::print(context.out, "{}\n", client.name);
            });
        } catch (...) {
        }
    });
}

} // namespace smp::cli
