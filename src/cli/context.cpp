#include <smp/cli/context.hpp>
#include <smp/error.hpp>
#include <smp/output/diagnostic.hpp>
#include <smp/store/due.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>

namespace smp::cli {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// "table, csv, tsv, json or ndjson"
std::string format_list(std::span<const output::Format> formats) {
    std::string list;
    for (std::size_t i = 0; i < formats.size(); ++i) {
        if (i > 0)
            list += i + 1 == formats.size() ? " or " : ", ";
        list += output::format_name(formats[i]);
    }
    return list;
}

} // namespace

std::string expand_home(const std::string& path, std::string_view key) {
    std::size_t rest = std::string::npos;
    for (std::string_view prefix : {"~", "$HOME", "${HOME}"})
        if (path.rfind(prefix, 0) == 0 &&
            (path.size() == prefix.size() || path[prefix.size()] == '/'))
            rest = prefix.size();
    if (rest == std::string::npos)
        return path;
    if (env("HOME").empty())
        throw Error(Exit::config, fmt::format("{} \"{}\" starts with the home folder, but HOME "
                                              "is not set; give the full path",
                                              key, path));
    return env("HOME") + path.substr(rest);
}

void Context::check_options() {
    auto not_empty = [](const std::optional<std::string>& value, std::string_view option) {
        if (value && value->empty())
            throw Error(Exit::usage, fmt::format("{} \"\" is empty; give a value or leave the "
                                                 "option out",
                                                 option));
    };
    not_empty(options.file, "--file");
    not_empty(options.config, "--config");
    not_empty(options.format, "--format");
    not_empty(options.color, "--color");
    not_empty(options.columns, "--columns");
    if (options.format) {
        auto chosen = output::parse_format(*options.format);
        auto accepted = accepted_formats();
        if (std::find(accepted.begin(), accepted.end(), chosen) == accepted.end())
            throw Error(Exit::usage,
                        fmt::format("--format \"{}\" does not apply to this command: use {}{}",
                                    output::visible(*options.format), format_list(accepted),
                                    chosen == output::Format::ics
                                        ? " (ics is for smp touchup due and smp touchup calendar)"
                                        : ""));
    }
    if (options.color && *options.color != "auto" && *options.color != "always" &&
        *options.color != "never")
        throw Error(Exit::usage, fmt::format("invalid --color \"{}\": use auto, always or never",
                                             *options.color));
    if (options.as_of)
        today();
}

const Config& Context::config() {
    if (!m_config) {
        std::optional<std::string> path;
        if (options.config)
            path = options.config;
        else if (!env("SMP_CONFIG").empty())
            path = env("SMP_CONFIG");
        m_config = load_config(path);
        for (const auto& warning : m_config->warnings)
            warn(warning);
    }
    return *m_config;
}

std::string Context::records_path() {
    if (options.file)
        return *options.file;
    if (!env("SMP_FILE").empty())
        return env("SMP_FILE");
    if (config().records)
        return expand_home(*config().records, "records path");
    if (!env("XDG_DATA_HOME").empty())
        return env("XDG_DATA_HOME") + "/smp/records.db";
    return (env("HOME").empty() ? std::string(".") : env("HOME")) + "/.local/share/smp/records.db";
}

store::Store& Context::store(store::Access access) {
    if (m_store)
        return *m_store;
    auto path = records_path();
    std::error_code ignored;
    bool existed = std::filesystem::exists(path, ignored) || ignored;
    m_store = store::Store::open(path, access, config().busy_timeout_seconds,
                                 [this](const std::string& message) { tell(message); });
    // A mistyped -f or SMP_FILE must not pass unnoticed as an empty practice.
    if (!existed)
        tell(fmt::format("created a new records file at \"{}\"", output::visible(path)));
    bool stale = false;
    if (store::use_due_rules(*m_store, config().due_rules(), &stale))
        tell("due dates recomputed: the course or touch-up settings in the config changed");
    if (stale)
        warn("due dates were worked out with other course or touch-up settings and this records "
             "file is read-only, so they were not recomputed");
    return *m_store;
}

void Context::discard_new_records_file() {
    if (!m_store)
        return;
    try {
        for (auto table : {store::Table::client, store::Table::session, store::Table::shade,
                           store::Table::lot, store::Table::consent, store::Table::reminder})
            if (store::count_rows(*m_store, table) > 0)
                return;
    } catch (...) {
        return; // unreadable: leave it for the user to look at
    }
    auto path = m_store->path();
    m_store.reset();
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

Date Context::today() {
    if (!m_today)
        m_today = options.as_of ? parse_date(*options.as_of, local_today()) : local_today();
    return *m_today;
}

std::span<const output::Format> Context::accepted_formats() const {
    if (formats.empty())
        return output::k_record_formats;
    return formats;
}

output::Format Context::format() {
    if (options.format)
        return output::parse_format(*options.format);
    auto accepted = accepted_formats();
    auto configured = output::parse_format(config().format);
    if (std::find(accepted.begin(), accepted.end(), configured) != accepted.end())
        return configured;
    return accepted.front();
}

output::Style Context::style() {
    // CLICOLOR_FORCE (the environment) outranks the config, and --color outranks both.
    std::string force = env("CLICOLOR_FORCE");
    std::string color = options.color                    ? *options.color
                        : !force.empty() && force != "0" ? "always"
                                                         : config().color;
    bool terminal = out == stdout && (paged_width || ::isatty(STDOUT_FILENO));
    // A dumb terminal shows escape sequences as text.
    bool capable = terminal && env("NO_COLOR").empty() && env("TERM") != "dumb";
    output::Style style;
    style.color = color == "always" || (color == "auto" && capable);
    winsize size{};
    if (paged_width && !options.wide)
        style.max_width = *paged_width;
    else if (terminal && !options.wide && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
             size.ws_col > 0)
        style.max_width = size.ws_col;
    if (!options.quiet)
        style.notices = err;
    style.raw = options.raw;
    return style;
}

std::vector<std::string> Context::chosen_columns() {
    std::vector<std::string> names;
    if (options.columns)
        for (const auto& name : split_list(*options.columns))
            names.push_back(std::string(trim(name)));
    return names;
}

void Context::flush_output() {
    // fflush() reports the buffer's last write; ferror() any earlier write that failed.
    bool failed = std::fflush(out) != 0;
    int reason = errno;
    if (failed || std::ferror(out)) {
        std::clearerr(out);
        throw Error(Exit::io, fmt::format("cannot write the output: {} (the disk is full, or "
                                          "standard output was closed)",
                                          failed ? std::strerror(reason) : "a write failed"));
    }
}

void Context::warn(const std::string& message) {
    output::print_diagnostic(err, "smp: warning: " + message);
}

void Context::tell(const std::string& message) {
    if (!options.quiet)
        output::print_diagnostic(err, message);
}

bool Context::confirm(const std::string& question, const std::string& what) {
    if (options.yes)
        return true;
    if (!::isatty(STDIN_FILENO) || !::isatty(STDERR_FILENO))
        throw Error(
            Exit::usage,
            fmt::format("refusing to {} without confirmation; add --yes (-y) to go ahead", what));
    output::write_to_stderr(err, output::visible(question) + " [y/N] ");
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "Y" || answer == "yes";
}

void Context::report_change(std::string_view verb, std::string_view kind, std::int64_t id,
                            std::string_view label, const output::Record& record) {
    auto chosen = format();
    if (chosen != output::Format::table) {
        output::write_record(chosen, style(), record, out);
    } else if (options.quiet) {
        fmt::print(out, "{}\n", id);
    } else {
        output::print_diagnostic(err, fmt::format("{} {} {}: {}", verb, kind, id, label));
    }
}

} // namespace smp::cli
