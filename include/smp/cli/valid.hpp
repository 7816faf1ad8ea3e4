#pragma once

#include <smp/cli/context.hpp>
#include <smp/domain/choice.hpp>
#include <smp/domain/kind.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>

// Checks CLI11 runs on an option's value while it parses the command line. The one rule for a
// bad value: typed on the command line, it is a usage error (exit 64) naming the option,
// before anything is read or written; the same value read from a file or a record is bad data
// (exit 65), where it is read. Each check calls the parser the command then uses, so the two
// cannot disagree. A blank value passes: on edit it clears the field.
namespace smp::cli::valid {

// A check from a parser that throws Error quoting the value.
CLI::Validator by(std::function<void(std::string_view)> parse);

CLI::Validator text(std::string_view field); // valid UTF-8, no NUL
// Relative dates count from the command's today: CLI11 checks the global options (--as-of)
// before a subcommand's, so it is known by then.
CLI::Validator date(Context& context); // YYYY-MM-DD, today, +10d... (parse_date)
CLI::Validator interval();             // 3y, 30mo, 14d (parse_interval)
CLI::Validator duration();             // 3h, 2h30min (parse_duration)
CLI::Validator time_of_day();          // HH:MM
CLI::Validator needle();               // 3RL-0.25
CLI::Validator amount();               // 450, 1,200.50 (a price)
// Money that changed hands: more than 0, no sign, no currency (command_line_amount).
CLI::Validator payment_amount(Context& context);
CLI::Validator dilution();                          // 6:1
CLI::Validator expiry();                            // YYYY-MM or YYYY-MM-DD
CLI::Validator pain();                              // 0-10
CLI::Validator time_limit(std::string_view option); // 90s, 2m
// One of a closed set; a list option checks each comma-separated item.
CLI::Validator choice(const Choice& allowed);
// A field of a kind table, by its codec and limits (canonical_text and friends).
CLI::Validator field(const FieldInfo& info, Context& context);

} // namespace smp::cli::valid
