#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace smp::cli {

// Every --help: descriptions wrapped at word boundaries to 80 columns (a terminal would break
// them mid-word), subcommands' descriptions nearer their names, and one or two examples under
// each command.
class HelpFormatter : public CLI::Formatter {
  public:
    std::string make_option_desc(const CLI::Option* option) const override;
    std::string make_subcommand(const CLI::App* command) const override;
    std::string make_description(const CLI::App* command) const override;
    std::string make_footer(const CLI::App* command) const override;
};

// `text` with each line broken at spaces so that none is longer than `width` (a word longer
// than that stays whole, on a line of its own).
std::string wrap_words(std::string_view text, std::size_t width);

} // namespace smp::cli
