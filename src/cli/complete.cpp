#include <smp/cli/commands.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/shades.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <string>

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
        store::for_each_client(store, filter,
                               [&](const Client& client) { print_candidate(context, client.name); });
    } else if (kind == "shades") {
        // Shades still offered: a retired shade is not (`shade list` leaves it out too).
        store::for_each_shade(store, false,
                              [&](const store::Shade& shade) { print_candidate(context, shade.name); });
    } else if (kind == "lots") {
        // Every lot number, each once (two shades may share one; smp then asks for
        // SHADE:LOT), sorted. Lots of retired shades are offered too: `shade trace` and
        // `shade recall` are about what clients received, whatever the catalogue offers now.
        std::set<std::string> numbers;
        store::LotFilter every_lot;
        every_lot.count_sessions = false; // a tab press must not read every session
        store::for_each_lot(store, every_lot,
                            [&](const store::Lot& lot) { numbers.insert(lot.number); });
        for (const auto& number : numbers)
            print_candidate(context, number);
    }
}

} // namespace

// `smp _complete KIND`: names for shell completion, one per line. Hidden from help; quiet
// about every problem (a completion must never print an error into the user's command line),
// and prints nothing when there is no records file (never creates one).
void fill_complete_command(CLI::App* complete, Context& context) {
    auto kind = std::make_shared<std::string>();
    complete->add_option("KIND", *kind, "What to complete: clients, shades or lots")
        ->required()
        ->check(CLI::IsMember({"clients", "shades", "lots"}));
    when_run(complete, context, [&context, kind] {
        try {
            if (!std::filesystem::exists(context.records_path()))
                return;
            print_candidates(context, *kind);
        } catch (...) {
        }
    });
}

} // namespace smp::cli
