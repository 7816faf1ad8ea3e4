#include <smp/cli/commands.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/shades.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace smp::cli {

namespace {

// One candidate per line: a word with a line break cannot be offered as one word.
void print_candidate(Context& context, const std::string& word) {
    if (word.find_first_of("\n\r") == std::string::npos)
        fmt::print(context.out, "{}\n", word);
}

void print_candidates(Context& context, const std::string& kind) {
    auto& store = context.store(store::Access::existing);
    if (kind == "clients") {
        // Active clients only, as `client list` shows them.
        store::ClientFilter filter;
        store::for_each_client(
            store, filter, [&](const Client& client) { print_candidate(context, client.name); });
    } else if (kind == "shades") {
        // Shades still offered: a retired shade is not (`shade list` leaves it out too).
        store::for_each_shade(store, false,
                              [&](const Shade& shade) { print_candidate(context, shade.name); });
    } else if (kind == "lots") {
        // Every lot number, each once (two shades may share one; smp then asks for
        // SHADE:LOT), sorted. Lots of retired shades are offered too: `shade trace` and
        // `shade recall` are about what clients received, whatever the catalogue offers now.
        std::set<std::string> numbers;
        store::LotFilter every_lot;
        every_lot.count_sessions = false; // a tab press must not read every session
        store::for_each_lot(store, every_lot, [&](const Lot& lot) { numbers.insert(lot.number); });
        for (const auto& number : numbers)
            print_candidate(context, number);
    }
}

// `smp _complete values COMMAND OPTION`: the allowed values of OPTION ("--skin-type") of
// COMMAND ("client add"; "" for a global option), as `_describe` lists them. Builds only that
// command's options, in a scratch tree: no records file, no config. Nothing when the command or
// option does not exist or takes no closed set.
void print_option_values(Context& context, const std::vector<std::string>& words) {
    if (words.size() != 2 || !words[1].starts_with("--"))
        return;
    Context scratch;
    scratch.fill_every_command = true;
    CLI::App root{"", "smp"};
    add_global_options(root, scratch.options);
    CLI::App* command = &root;
    std::istringstream path{words[0]};
    for (std::string name; path >> name;) {
        CLI::App* sub = nullptr;
        if (command == &root) {
            for (const auto& entry : cli::commands())
                if (name == entry.name) {
                    sub = root.add_subcommand(entry.name, entry.description);
                    entry.fill(sub, scratch);
                }
        } else {
            for (auto* candidate : command->get_subcommands({}))
                if (candidate->get_name() == name)
                    sub = candidate;
        }
        if (!sub)
            return;
        command = sub;
    }
    const auto* option = command->get_option_no_throw(words[1]);
    auto prefix = words[0];
    if (!option) { // a global option, valid at every level
        option = root.get_option_no_throw(words[1]);
        prefix.clear();
    }
    if (!option || option->get_lnames() == std::vector<std::string>{"help"})
        return;
    std::istringstream canonical{prefix}; // "client  add" as "client add"
    std::string command_path;
    for (std::string name; canonical >> name;)
        command_path += (command_path.empty() ? "" : " ") + name;
    for (const auto& value : option_values(command_path, *option))
        print_candidate(context, value);
}

} // namespace

// `smp _complete KIND`: names for shell completion, one per line (`values`: an option's
// allowed values, without the records file). Hidden from help; quiet
// about every problem (a completion must never print an error into the user's command line),
// and prints nothing when there is no records file (never creates one).
void fill_complete_command(CLI::App* complete, Context& context) {
    auto kind = std::make_shared<std::string>();
    auto words = std::make_shared<std::vector<std::string>>();
    complete->add_option("KIND", *kind, "What to complete: clients, shades, lots or values")
        ->required()
        ->check(CLI::IsMember({"clients", "shades", "lots", "values"}));
    // After `values`: COMMAND OPTION. The option is an extra word, never smp's own (no
    // fallthrough: `--format` here is the option asked about, not the output format).
    complete->add_option("WORDS", *words, "For values: the command path and the option");
    complete->allow_extras();
    complete->fallthrough(false);
    when_run(complete, context, [&context, complete, kind, words] {
        try {
            if (*kind == "values") {
                auto all = *words;
                for (const auto& extra : complete->remaining())
                    if (extra != "--")
                        all.push_back(extra);
                print_option_values(context, all);
                return;
            }
            if (!std::filesystem::exists(context.records_path()))
                return;
            print_candidates(context, *kind);
        } catch (...) {
        }
    });
}

} // namespace smp::cli
