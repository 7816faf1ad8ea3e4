#include <smp/cli/commands.hpp>
#include <smp/store/backup.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace smp::cli {
namespace {

namespace fs = std::filesystem;

// DEST as given: nothing means the default name beside the records file, an existing folder
// means that name inside it, anything else is the file to create.
std::string backup_target(const std::string& records, const std::string& dest) {
    auto default_path = store::default_backup_path(records);
    if (dest.empty())
        return default_path;
    if (fs::is_directory(dest))
        return (fs::path(dest) / fs::path(default_path).filename()).string();
    return dest;
}

void backup(Context& context, const std::string& dest) {
    auto records = context.records_path();
    // Read-only and never migrated: the backup is the file exactly as it is.
    auto store = store::Store::open_read_only(records, context.config().busy_timeout_seconds);
    auto target = backup_target(records, dest);
    if (fs::exists(target))
        throw Error(Exit::cant_create, fmt::format("\"{}\" already exists; smp never overwrites a "
                                                   "file: choose another name or folder",
                                                   target));
    store::backup_records(*store, target);
    if (auto format = context.format(); format != output::Format::table)
        output::write_record(format, context.style(), {{{"backup_file", target}}, {}},
                             context.out);
    else
        fmt::print(context.out, "{}\n", target);
}

void restore(Context& context, const std::string& backup) {
    auto records = context.records_path();
    auto timeout = context.config().busy_timeout_seconds;
    store::check_backup_file(backup, timeout);
    bool exists = fs::exists(records);
    if (exists && fs::equivalent(backup, records))
        throw Error(Exit::usage, fmt::format("\"{}\" is the records file itself; give a backup "
                                             "of it",
                                             backup));
    auto keep = store::default_backup_path(records);
    auto question = exists ? fmt::format("Replace the records file {} with {}? (the current one "
                                         "is kept as {})",
                                         records, backup, keep)
                           : fmt::format("Create the records file {} from {}?", records, backup);
    if (!context.confirm(question, fmt::format("restore \"{}\" over \"{}\"", backup, records)))
        throw Error(Exit::usage, "records file left as it was: restore not confirmed");
    store::restore_records(backup, records, keep, timeout);
    if (exists)
        context.tell(fmt::format("kept the replaced records file as \"{}\"", keep));
    // An older backup is upgraded now (with its own backup), not at some later command.
    context.store(store::Access::write);
    context.tell(fmt::format("restored \"{}\" from \"{}\"", records, backup));
}

// One row per check that passed and per problem found, for a script: the check's name,
// whether it passed, its note and the problem (null where there is none). Returns how many
// checks found problems.
std::size_t write_check_rows(Context& context, output::Format format,
                             const std::vector<store::CheckResult>& results) {
    auto rows = output::make_row_writer(format, context.style(),
                                        {"check", "ok", "note", "problem"}, context.out);
    auto optional = [](const std::string& text) {
        return text.empty() ? output::Value{} : output::Value{text};
    };
    std::size_t failed = 0;
    for (const auto& result : results) {
        if (result.problems.empty())
            rows->row({result.name, true, optional(result.note), output::Value{}});
        else
            ++failed;
        for (const auto& problem : result.problems)
            rows->row({result.name, false, optional(result.note), problem});
    }
    rows->finish();
    return failed;
}

void check(Context& context) {
    auto store =
        store::Store::open_read_only(context.records_path(), context.config().busy_timeout_seconds);
    store->set_due_rules(context.config().due_rules());
    auto results = store::check_records(*store);
    std::size_t failed = 0;
    if (auto format = context.format(); format != output::Format::table)
        failed = write_check_rows(context, format, results);
    else
        for (const auto& result : results) {
            if (result.problems.empty())
                fmt::print(context.out, "{}: ok{}\n", result.name,
                           result.note.empty() ? "" : " (" + result.note + ")");
            else
                ++failed;
            for (const auto& problem : result.problems)
                fmt::print(context.out, "{}: {}\n", result.name, output::visible(problem));
        }
    std::fflush(context.out);
    if (failed > 0)
        throw Error(Exit::data, fmt::format("{} of {} checks found problems in \"{}\"; restore a "
                                            "backup (`smp restore`) or mend the records named",
                                            failed, results.size(), store->path()));
}

} // namespace

void fill_backup_command(CLI::App* command, Context& context) {
    auto dest = std::make_shared<std::string>();
    command->add_option("DEST", *dest,
                        "File to create, or an existing folder (default: beside "
                        "the records file)");
    when_run(command, context, [&context, dest] { backup(context, *dest); });
}

void fill_restore_command(CLI::App* command, Context& context) {
    auto source = std::make_shared<std::string>();
    command->add_option("BACKUP", *source, "The backup file")->required();
    when_run(command, context, [&context, source] { restore(context, *source); });
}

void fill_check_command(CLI::App* command, Context& context) {
    when_run(command, context, [&context] { check(context); });
}

} // namespace smp::cli
