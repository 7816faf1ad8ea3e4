#include "touchup.hpp"

#include <smp/cli/bookings.hpp>
#include <smp/cli/commands.hpp>
#include <smp/io/photo_files.hpp>
#include <smp/store/backup.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/photos.hpp>

#include <smp/store/reminders.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <stdio.h> // renameat2
#include <unistd.h>

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

// A backup of a records file with photos is the file and its photo folder beside it
// (records.db.backup-...db and records.db.backup-....photos): without them it is not a backup.
// The photos are copied first, into a folder of this run's own (TARGET.photos.part-XXXXXX),
// and take their name before the records file takes its own: a backup killed midway leaves a
// .part folder, or photos without a records file, never a records file whose photos are not
// all there.
class StagedPhotos {
  public:
    StagedPhotos(const std::string& records, const std::string& target) {
        auto photos = io::photo_folder(records);
        if (!fs::is_directory(photos))
            return;
        std::string part = io::photo_folder(target) + ".part-XXXXXX";
        if (!::mkdtemp(part.data()))
            throw Error(Exit::cant_create, fmt::format("cannot make a folder beside \"{}\" for "
                                                       "the photos: {}",
                                                       target, std::strerror(errno)));
        m_part = part;
        m_copied = io::copy_photo_folder(photos, staged());
    }
    StagedPhotos(const StagedPhotos&) = delete;
    StagedPhotos& operator=(const StagedPhotos&) = delete;
    ~StagedPhotos() {
        std::error_code ignored;
        if (!m_placed.empty()) // the records file never followed them
            fs::remove_all(m_placed, ignored);
        if (!m_part.empty())
            fs::remove_all(m_part, ignored);
    }
    // Names the photos after `target`, whose records file comes next. A name another backup
    // holds is store::NameTaken, as for the records file.
    void place(const std::string& target) {
        if (m_part.empty())
            return;
        auto folder = io::photo_folder(target);
        if (::renameat2(AT_FDCWD, staged().c_str(), AT_FDCWD, folder.c_str(), RENAME_NOREPLACE) !=
            0) {
            if (errno == EEXIST || errno == ENOTEMPTY)
                throw store::NameTaken(Exit::cant_create,
                                       fmt::format("cannot create \"{}\": it already exists; "
                                                   "smp never copies photos over another folder",
                                                   folder));
            throw Error(Exit::cant_create, fmt::format("cannot name the backup's photo folder "
                                                       "\"{}\": {}",
                                                       folder, std::strerror(errno)));
        }
        m_placed = folder;
    }
    // After a name taken by the records file: the photos go back to wait for the next name.
    void take_back() {
        if (m_placed.empty())
            return;
        fs::rename(m_placed, staged());
        m_placed.clear();
    }
    // The records file is in place: the photos are the backup's.
    void keep(Context& context) {
        if (m_placed.empty())
            return;
        context.tell(fmt::format("copied {} photo{} to \"{}\"", m_copied, m_copied == 1 ? "" : "s",
                                 m_placed));
        m_placed.clear();
    }

  private:
    std::string staged() const { return (fs::path(m_part) / "photos").string(); }
    std::string m_part, m_placed;
    int m_copied = 0;
};

// Puts a backup's photo folder in place of the records file's, the current one kept beside the
// kept records file. Copied first to a folder of its own (`staged`), so a failure leaves the
// photos as they were.
void put_photos_back(Context& context, const std::string& staged, const std::string& records,
                     const std::string& keep) {
    auto photos = io::photo_folder(records);
    if (fs::exists(photos)) {
        fs::rename(photos, io::photo_folder(keep));
        context.tell(fmt::format("kept the replaced photos as \"{}\"", io::photo_folder(keep)));
    }
    fs::rename(staged, photos);
}

void backup(Context& context, const std::string& dest) {
    auto records = context.records_path();
    // Read-only and never migrated: the backup is the file exactly as it is.
    auto store = store::Store::open_read_only(records, context.config().busy_timeout_seconds);
    auto target = backup_target(records, dest);
    bool named_by_smp = dest.empty() || fs::is_directory(dest);
    if (fs::exists(target) && !named_by_smp)
        throw Error(Exit::cant_create, fmt::format("\"{}\" already exists; smp never overwrites a "
                                                   "file: choose another name or folder",
                                                   target));
    StagedPhotos photos(records, target);
    // Two backups in the same second: the second takes the next free name (-2, -3...).
    for (int attempt = 0;; ++attempt) {
        try {
            photos.place(target);
            store::backup_records(*store, target);
            break;
        } catch (const store::NameTaken&) {
            photos.take_back();
            if (!named_by_smp || attempt >= 100)
                throw;
            target = backup_target(records, dest);
        }
    }
    photos.keep(context);
    if (auto format = context.format(); format != output::Format::table)
        output::write_record(format, context.style(), {{{"backup_file", target}}, {}}, context.out);
    else
        fmt::print(context.out, "{}\n", target);
}

// The erasures recorded in the file about to be replaced (none when it is missing, damaged or
// older than the erasure record).
std::vector<store::Erasure> erasures_to_keep(const std::string& records, int timeout) {
    if (!fs::exists(records))
        return {};
    try {
        auto current = store::Store::open_read_only(records, timeout);
        // The erasure record came with schema version 13: a file of 13 or later has it, even
        // when a newer smp has yet to upgrade it.
        if (current->schema_version() < 13)
            return {};
        return store::erasures(*current);
    } catch (const Error&) {
        return {};
    }
}

void restore(Context& context, const std::string& backup) {
    // Through a symbolic link, the file it points at is what is replaced: renaming over the
    // link itself would leave the real records file as it was, beside a new copy.
    auto records = store::resolve_links(context.records_path());
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
    auto erased = erasures_to_keep(records, timeout);
    // The backup's photos are staged first, beside the photo folder: a failure leaves the
    // current ones as they were.
    auto staged = fmt::format("{}.restoring-{}", io::photo_folder(records), ::getpid());
    bool with_photos = fs::is_directory(io::photo_folder(backup));
    if (with_photos)
        io::copy_photo_folder(io::photo_folder(backup), staged);
    // Every client erased since the backup was made is erased again in the copy, before it
    // takes the records file's place: nothing (a reminder run) can ever read them. An older
    // backup is upgraded there too, not at some later command.
    int again = 0;
    try {
        store::restore_records(backup, records, keep, timeout, [&](const std::string& copy) {
            auto copied = store::Store::open(copy, store::Access::existing, timeout,
                                             [&context](const std::string& m) { context.tell(m); });
            again = store::reapply_erasures(*copied, erased);
        });
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(staged, ignored);
        throw;
    }
    if (with_photos)
        put_photos_back(context, staged, records, keep);
    if (exists)
        context.tell(fmt::format("kept the replaced records file as \"{}\"", keep));
    // The photos of a client erased since the backup go again with them.
    for (const auto& erasure : erased)
        io::remove_client_photos(records, erasure.uuid);
    // Verified: every restored record's photo there, as recorded.
    auto& store = context.store(store::Access::existing);
    for (const auto& problem : store::check_photos(store, records).problems)
        context.warn(fmt::format("restored photos: {}", problem));
    context.tell(fmt::format("restored \"{}\" from \"{}\"; {} erasure{} re-applied ({} "
                             "recorded)",
                             records, backup, again, again == 1 ? "" : "s", erased.size()));
}

// One row per check that passed and per problem found, for a script: the check's name,
// whether it passed, its note and the problem (null where there is none). Returns how many
// checks found problems.
std::size_t write_check_rows(Context& context, output::Format format,
                             const std::vector<store::CheckResult>& results) {
    auto rows = output::make_row_writer(format, context.style(), {"check", "ok", "note", "problem"},
                                        context.out);
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
        for (const auto& warning : result.warnings)
            rows->row({result.name, true, optional("warning"), warning});
    }
    rows->finish();
    return failed;
}

// Past bookings never closed are not damage, but the practitioner must know: until closed, the
// client looks booked and is never due. A warning, a problem only with --strict.
bool warn_unclosed(Context& context, store::Store& store) {
    auto open = unclosed_bookings(store, context.today(), context.config().planned_sessions);
    // A machine format's rows are the checks alone: the warning is for a person.
    bool table = context.format() == output::Format::table;
    if (open.empty()) {
        if (!context.options.quiet && table)
            fmt::print(context.out, "open bookings: ok\n");
        return false;
    }
    const auto& oldest = open.front();
    if (table)
        fmt::print(context.out,
                   "open bookings: warning: {} booked session{} before {} {} never closed, the "
                   "oldest session {} on {} ({}); close each with `smp session done` or `smp "
                   "session cancel` (`smp agenda` lists them)\n",
                   open.size(), open.size() == 1 ? "" : "s", format_date(context.today()),
                   open.size() == 1 ? "was" : "were", oldest.session_id, oldest.date,
                   output::visible(oldest.client_name));
    return true;
}

// Not a check that fails: which consent reminders need here, and why (a file created before
// the rule keeps sending without one until the config says).
store::CheckResult consent_rule_check(Context& context, store::Store& store) {
    store::CheckResult result{"reminder consent", {}, {}, {}};
    if (auto rule = context.config().requires_consent)
        result.note = fmt::format("reminders need {}, as reminder.requires_consent says",
                                  *rule == "none" ? "no consent" : "marketing consent");
    else if (store::file_consent_rule(store) == "marketing")
        result.note = "reminders need marketing consent, this records file's default; set "
                      "reminder.requires_consent to choose";
    else
        result.note = "reminders need no consent: this records file was created before the rule; "
                      "set reminder.requires_consent = \"marketing\" to ask for it";
    return result;
}

// Not damage, but for the practitioner to decide: messages a remind run that stopped left
// claimed, neither recorded as sent nor to be sent again.
store::CheckResult unfinished_messages_check(Context& context, store::Store& store) {
    store::CheckResult result{"messages", {}, {}, {}};
    for (const auto& claim : unfinished_claims(context, store))
        result.warnings.push_back(fmt::format("{}: a remind run stopped before it recorded "
                                              "whether it went out, and it is not sent again; "
                                              "ask the client, or run `smp remind "
                                              "--retry-unfinished` to send it again",
                                              describe_claim(claim)));
    return result;
}

// A copy of the records file made for `check`, removed when done.
struct Snapshot {
    std::string path;
    std::unique_ptr<store::Store> store;
    ~Snapshot() {
        store.reset();
        std::error_code ignored;
        if (!path.empty())
            fs::remove(path, ignored);
    }
};

// `check` reads every page, and a read holds the file's lock while writers wait (past
// busy_timeout they fail with 75). Measured on an 84 MB file (20,000 clients): the checks take
// 2.9 s, a copy through SQLite's backup API 0.36 s. So the checks run on such a copy, beside
// the file (mode 0600, removed after), and writers wait only while it is made. Where no copy
// can be made (a read-only folder, no space), the file itself is checked.
void take_snapshot(store::Store& records, int timeout, Snapshot& snapshot) {
    auto path = fmt::format("{}.check-{}.tmp", records.path(), ::getpid());
    try {
        store::backup_records(records, path);
        snapshot.path = path;
        snapshot.store = store::Store::open_read_only(path, timeout);
    } catch (const Error&) {
        snapshot.store.reset();
    }
}

void check(Context& context, bool strict) {
    auto timeout = context.config().busy_timeout_seconds;
    auto records = store::Store::open_read_only(context.records_path(), timeout);
    Snapshot snapshot;
    take_snapshot(*records, timeout, snapshot);
    if (snapshot.store)
        records.reset(); // its lock too: from here on only the copy is read
    auto& store = snapshot.store ? snapshot.store : records;
    store->set_due_rules(context.config().due_rules());
    auto results = store::check_records(*store);
    results.push_back(store::check_photos(*store, context.records_path()));
    results.push_back(consent_rule_check(context, *store));
    results.push_back(unfinished_messages_check(context, *store));
    std::size_t failed = 0;
    if (auto format = context.format(); format != output::Format::table)
        failed = write_check_rows(context, format, results);
    else
        for (const auto& result : results) {
            if (!result.problems.empty())
                ++failed;
            else if (!context.options.quiet && result.warnings.empty()) // -q: only problems
                fmt::print(context.out, "{}: ok{}\n", result.name,
                           result.note.empty() ? "" : " (" + result.note + ")");
            for (const auto& problem : result.problems)
                fmt::print(context.out, "{}: {}\n", result.name, output::visible(problem));
            for (const auto& warning : result.warnings)
                fmt::print(context.out, "{}: warning: {}\n", result.name, output::visible(warning));
        }
    bool unclosed = warn_unclosed(context, *store);
    std::fflush(context.out);
    if (strict && unclosed)
        ++failed;
    if (strict)
        for (const auto& result : results)
            if (result.problems.empty() && !result.warnings.empty())
                ++failed;
    if (failed > 0)
        throw Error(Exit::data, fmt::format("{} of {} checks found problems in \"{}\"; mend the "
                                            "records as each problem says, or restore a backup "
                                            "(`smp restore`) if the file itself is damaged",
                                            failed, results.size() + 1, context.records_path()));
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
    auto strict = std::make_shared<bool>(false);
    command->add_flag("--strict", *strict, "Count warnings (bookings never closed) as problems");
    when_run(command, context, [&context, strict] { check(context, *strict); });
}

} // namespace smp::cli
