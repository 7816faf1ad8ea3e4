#pragma once

#include <smp/config/config.hpp>
#include <smp/domain/date.hpp>
#include <smp/output/output.hpp>
#include <smp/store/store.hpp>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace smp::cli {

// Global options as given on the command line; empty means "not given".
struct GlobalOptions {
    std::optional<std::string> file;
    std::optional<std::string> config;
    std::optional<std::string> format;
    std::optional<std::string> as_of;
    std::optional<std::string> color;
    bool quiet = false;
    bool yes = false;
    std::optional<std::string> columns; // --columns a,b,c: a listing's columns, any format
    bool wide = false;                  // --wide: a table is never narrowed to the terminal
    bool no_pager = false;
    bool raw = false; // --raw: csv and tsv cells as stored, formulas and all
};

// What every command may need, each part made only when first asked for: `smp --version` reads
// no config and opens no file. Passed by reference to the commands, never global.
class Context {
  public:
    GlobalOptions options;
    std::function<void()> command; // what the chosen subcommand does (set while parsing)
    // The --format values the chosen command accepts, its default first (accept_formats());
    // empty: output::k_record_formats.
    std::vector<output::Format> formats;
    // Every command's own list, as the command tree was built (`smp _describe` prints them).
    std::map<const CLI::App*, std::vector<output::Format>> formats_by_command;
    std::FILE* out = stdout;
    std::FILE* err = stderr;
    // The terminal's width while output goes to it through a pager (start_pager): colour and
    // table widths are then as for the terminal itself.
    std::optional<int> paged_width;
    // Builds every subcommand's options at once, not when the command line reaches it
    // (add_subcommand_later): for `smp _describe` and completion, which list them all.
    bool fill_every_command = false;

    // Checks the global options that need no file (--format, --color, --as-of, empty values),
    // so a bad one is refused before any command has done anything.
    void check_options();

    const Config& config();
    // -f/--file, else SMP_FILE, else `records` in the config, else the XDG data path.
    std::string records_path();
    // The open records file: for reads it must exist (exit 66); for writes it is created.
    store::Store& store(store::Access access);
    // Removes the records file this command created, when a failure left it without a single
    // record (a refused import): the next command finds no file, as before.
    void discard_new_records_file();
    // --as-of, else the local date.
    Date today();
    // --format, else the config's format when the command takes it, else the command's default.
    output::Format format();
    output::Style style();
    // --columns as names, empty when not given.
    std::vector<std::string> chosen_columns();

    // Flushes standard output and checks that everything written to it arrived: Error(io)
    // otherwise (a full disk, a closed stdout). Called before a result is recorded as
    // delivered (a reminder printed), and by app.cpp before any exit status but an error.
    void flush_output();

    void warn(const std::string& message);
    // A one-line message for the person at the terminal (stderr), silenced by -q.
    void tell(const std::string& message);
    // Asks a yes/no question on a terminal; elsewhere only --yes says yes. Without a terminal
    // and without --yes this throws Error(usage) naming `what` and the --yes hint.
    bool confirm(const std::string& question, const std::string& what);

    // Reports a record just created or changed: `<verb> <kind> <id>: <label>` on stderr, only
    // the id with -q, or the whole record on stdout with a machine format.
    void report_change(std::string_view verb, std::string_view kind, std::int64_t id,
                       std::string_view label, const output::Record& record);

    // The --format values the chosen command accepts, its default first.
    std::span<const output::Format> accepted_formats() const;

  private:
    std::optional<Config> m_config;
    std::unique_ptr<store::Store> m_store;
    std::optional<Date> m_today;
};

// A path from the config file with a leading ~ or $HOME (${HOME}) replaced by the home folder,
// as a shell would have done on the command line: written in a config file, they are meant so.
// `key` names the setting in the error when HOME is not set.
std::string expand_home(const std::string& path, std::string_view key);

} // namespace smp::cli
