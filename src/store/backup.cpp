#include "rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/io/file_hash.hpp>
#include <smp/store/backup.hpp>
#include <smp/store/due.hpp>

#include <SQLiteCpp/Backup.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace smp::store {
namespace {

namespace fs = std::filesystem;

std::string folder_of(const std::string& path) {
    auto folder = fs::path(path).parent_path();
    return folder.empty() ? std::string(".") : folder.string();
}

// fsync(2) of a file or a folder (a folder's entry for a new or renamed file is only durable
// once the folder itself is synced).
void sync_to_disk(const std::string& path, bool folder) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    if (fd < 0 || ::fsync(fd) != 0) {
        auto reason = std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        throw Error(Exit::io, fmt::format("cannot sync \"{}\" to disk: {}", path, reason));
    }
    ::close(fd);
}

// Copies every page of `source` into `copy` in one step; the step is retried for a while when
// a writer holds the source's lock.
void copy_pages(SQLite::Database& copy, SQLite::Database& source, const std::string& source_path) {
    SQLite::Backup backup(copy, source);
    for (int attempt = 0;; ++attempt) {
        int result = backup.executeStep(-1);
        if (result == SQLITE_DONE)
            return;
        if (attempt >= 100)
            throw Error(Exit::busy, fmt::format("records file \"{}\" is busy (another smp is "
                                                "writing to it); try again in a moment",
                                                source_path));
        sqlite3_sleep(100);
    }
}

// Runs `write` on `path`, a new 0600 file, and removes the file again if anything fails, so
// a failed copy never leaves half a file behind.
// Writes a new file (mode 0600) so that it appears whole or not at all: into PATH.part beside
// it, synced, then renamed to PATH. A kill midway leaves at most the .part file, never a
// half-written backup under a backup's name. Like O_EXCL, an existing PATH is refused.
template <typename Write> void write_new_file(const std::string& path, Write&& write) {
    if (fs::exists(path))
        throw Error(Exit::cant_create, fmt::format("cannot create \"{}\": it already exists; "
                                                   "choose another name",
                                                   path));
    auto part = path + ".part";
    std::error_code ignored;
    fs::remove(part, ignored); // left by an interrupted run
    create_private_file(part);
    try {
        write(part);
        sync_to_disk(part, false);
        if (::rename(part.c_str(), path.c_str()) != 0)
            throw Error(Exit::io, fmt::format("cannot rename \"{}\" to \"{}\": {}", part, path,
                                              std::strerror(errno)));
        sync_to_disk(folder_of(path), true);
    } catch (const SQLite::Exception& failure) {
        int reason = errno; // before the clean-up below can change it
        fs::remove(part, ignored);
        throw to_error(failure, path, reason);
    } catch (...) {
        fs::remove(part, ignored);
        throw;
    }
}

std::vector<std::string> strings_of(SQLite::Database& db, const std::string& sql) {
    std::vector<std::string> rows;
    SQLite::Statement query(db, sql);
    while (query.executeStep())
        rows.push_back(query.getColumn(0).getString());
    return rows;
}

CheckResult check_integrity(Store& store) {
    CheckResult result{"integrity", {}, {}};
    auto rows = strings_of(store.db(), "PRAGMA integrity_check");
    if (!(rows.size() == 1 && rows.front() == "ok"))
        result.problems = rows;
    return result;
}

CheckResult check_foreign_keys(Store& store) {
    CheckResult result{"foreign keys", {}, {}};
    SQLite::Statement query(store.db(), "PRAGMA foreign_key_check");
    while (query.executeStep())
        result.problems.push_back(
            fmt::format("{} row {} points at a missing {}", query.getColumn(0).getString(),
                        query.getColumn(1).getInt64(), query.getColumn(2).getString()));
    return result;
}

// Each query returns one problem sentence per row.
CheckResult check_by_query(Store& store, std::string name, const std::string& sql) {
    CheckResult result{std::move(name), strings_of(store.db(), sql), {}};
    return result;
}

CheckResult check_due(Store& store) {
    auto due = check_due_index(store);
    CheckResult result{"due index", std::move(due.problems), {}};
    if (due.built_by_other_rules)
        result.note = "not compared: built with other course or touch-up settings than the "
                      "config's; the next smp command that writes rebuilds it";
    return result;
}

CheckResult check_consent_documents(Store& store) {
    CheckResult result{"consent documents", {}, {}};
    int missing = 0;
    SQLite::Statement query(store.db(), "SELECT id, client_id, file_path, file_sha256 FROM consent "
                                        "WHERE file_path IS NOT NULL AND file_sha256 IS NOT NULL "
                                        "ORDER BY id");
    while (query.executeStep()) {
        auto path = query.getColumn(2).getString();
        if (!fs::is_regular_file(path)) {
            ++missing;
            continue;
        }
        if (io::hash_file(path) != query.getColumn(3).getString())
            result.problems.push_back(fmt::format("consent {} (client {}): \"{}\" has changed "
                                                  "since it was recorded (SHA-256 differs)",
                                                  query.getColumn(0).getInt64(),
                                                  query.getColumn(1).getInt64(), path));
    }
    if (missing > 0)
        result.note =
            fmt::format("{} document(s) not found on this machine, not compared", missing);
    return result;
}

} // namespace

// A byte-for-byte copy, for a records file SQLite may not be able to read (a damaged one is
// kept as it is before a restore replaces it).
void copy_bytes(const std::string& from, const std::string& to) {
    write_new_file(to, [&](const std::string& file) {
        std::ifstream in(from, std::ios::binary);
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << in.rdbuf();
        out.flush();
        if (!in || !out)
            throw Error(Exit::io, fmt::format("cannot copy \"{}\" to \"{}\"", from, to));
    });
}


void sync_file_and_folder(const std::string& path) {
    sync_to_disk(path, false);
    sync_to_disk(folder_of(path), true);
}

std::string default_backup_path(const std::string& records_path) {
    auto stamp = utc_stamp();
    auto path = fmt::format("{}.backup-{}.db", records_path, stamp);
    // Two backups within one second: records.db.backup-20261124T093000Z-2.db, ...
    for (int n = 2; fs::exists(path); ++n)
        path = fmt::format("{}.backup-{}-{}.db", records_path, stamp, n);
    return path;
}

void backup_records(Store& store, const std::string& target) {
    write_new_file(target, [&](const std::string& file) {
        SQLite::Database copy(file, SQLite::OPEN_READWRITE);
        copy_pages(copy, store.db(), store.path());
    });
}

void check_backup_file(const std::string& path, int busy_timeout_seconds) {
    if (!fs::is_regular_file(path))
        throw Error(Exit::no_input, fmt::format("no backup file at \"{}\"; check the path", path));
    auto refuse = [&](const std::string& why) {
        return Error(Exit::data,
                     fmt::format("\"{}\" {}; nothing was restored or changed", path, why));
    };
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY, busy_timeout_seconds * 1000);
        if (db.execAndGet("PRAGMA application_id").getInt() != k_application_id)
            throw refuse("is not an smp records file (another application's database)");
        int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version > current_schema_version())
            throw refuse(fmt::format("has schema version {}, newer than this smp understands "
                                     "({}); restore it with a newer smp",
                                     version, current_schema_version()));
        auto integrity = strings_of(db, "PRAGMA integrity_check");
        if (!(integrity.size() == 1 && integrity.front() == "ok"))
            throw refuse(fmt::format("is damaged (SQLite's integrity check: {})",
                                     integrity.empty() ? "no answer" : integrity.front()));
    } catch (const SQLite::Exception& failure) {
        auto error = to_error(failure, path);
        if (error.code() == Exit::data)
            throw refuse("is not an smp records file (not a SQLite database, or damaged)");
        throw error;
    }
}

void restore_records(const std::string& backup, const std::string& records_path,
                     const std::string& keep_path, int busy_timeout_seconds) {
    // The current file is locked against writers while it is kept and replaced (a damaged
    // one cannot be locked and is kept as it is).
    std::optional<SQLite::Database> current;
    if (fs::exists(records_path)) {
        current.emplace(records_path, SQLite::OPEN_READWRITE, busy_timeout_seconds * 1000);
        try {
            current->exec("BEGIN IMMEDIATE");
        } catch (const SQLite::Exception& failure) {
            if (to_error(failure, records_path).code() != Exit::data)
                throw to_error(failure, records_path);
        }
        copy_bytes(records_path, keep_path);
    }
    auto temporary = fmt::format("{}.restore-{}.tmp", records_path, ::getpid());
    write_new_file(temporary, [&](const std::string& file) {
        SQLite::Database source(backup, SQLite::OPEN_READONLY, busy_timeout_seconds * 1000);
        SQLite::Database copy(file, SQLite::OPEN_READWRITE);
        copy_pages(copy, source, backup);
    });
    if (::rename(temporary.c_str(), records_path.c_str()) != 0) {
        auto reason = std::strerror(errno);
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw Error(Exit::io, fmt::format("cannot replace \"{}\": {} (nothing was changed)",
                                          records_path, reason));
    }
    sync_to_disk(folder_of(records_path), true);
}

std::vector<CheckResult> check_records(Store& store) {
    if (store.schema_version() != current_schema_version())
        throw Error(Exit::data,
                    fmt::format("records file \"{}\" has schema version {}, older than "
                                "this smp's ({}); any other smp command upgrades it "
                                "(keeping a backup), then check again",
                                store.path(), store.schema_version(), current_schema_version()));
    std::vector<CheckResult> results;
    results.push_back(check_integrity(store));
    results.push_back(check_foreign_keys(store));
    results.push_back(check_by_query(
        store, "session clients",
        "SELECT 'session ' || s.id || ' belongs to client ' || s.client_id || ', who does not "
        "exist' FROM session s LEFT JOIN client c ON c.id = s.client_id WHERE c.id IS NULL "
        "ORDER BY s.id"));
    results.push_back(check_by_query(
        store, "course order",
        "SELECT 'session ' || s.id || ' (client ' || s.client_id || ', ' || s.date || ') is a "
        "done course session after the final one, session ' || f.id || ' (' || f.date || ')' "
        "FROM session s JOIN session f ON f.client_id = s.client_id AND f.final AND "
        "f.status = 'done' AND f.id != s.id WHERE s.kind = 'course' AND s.status = 'done' AND "
        "s.date > f.date ORDER BY s.id"));
    results.push_back(check_by_query(
        store, "final sessions",
        "SELECT 'client ' || client_id || ' has ' || count(*) || ' done sessions marked final: ' "
        "|| group_concat(id, ', ') FROM session WHERE final AND status = 'done' GROUP BY "
        "client_id HAVING count(*) > 1 ORDER BY client_id"));
    // The numbers the triggers keep (schema v8), counted again by a window over each client's
    // sessions: another way to the same answer.
    results.push_back(check_by_query(
        store, "course numbers",
        "SELECT 'session ' || id || ' (client ' || client_id || ') is numbered ' || "
        "ifnull(course_number, 'none') || ' in its course, which counts it ' || "
        "ifnull(counted, 'none') FROM (SELECT id, client_id, course_number, CASE WHEN kind = "
        "'course' AND status IN ('done', 'scheduled') THEN count(*) FILTER (WHERE kind = "
        "'course' AND status IN ('done', 'scheduled')) OVER (PARTITION BY client_id ORDER BY "
        "date, ifnull(time, ''), id) END AS counted FROM session) WHERE course_number IS NOT "
        "counted ORDER BY id"));
    results.push_back(check_by_query(
        store, "booked sessions",
        "SELECT 'session ' || s.id || ' (' || s.status || ') carries client ' || s.client_id || "
        "' as \"' || ifnull(s.booked_client_name, '') || '\" with a course of ' || "
        "ifnull(s.booked_planned_sessions, 'the default') || '; the client is \"' || c.name || "
        "'\" with a course of ' || ifnull(c.planned_sessions, 'the default') || CASE WHEN "
        "s.status != 'scheduled' THEN ', and only booked sessions carry them' ELSE '' END "
        "FROM session s JOIN client c ON c.id = s.client_id WHERE CASE WHEN s.status = "
        "'scheduled' THEN s.booked_client_name IS NOT c.name OR s.booked_planned_sessions IS "
        "NOT c.planned_sessions ELSE s.booked_client_name IS NOT NULL OR "
        "s.booked_planned_sessions IS NOT NULL END ORDER BY s.id"));
    results.push_back(check_due(store));
    results.push_back(check_consent_documents(store));
    return results;
}

} // namespace smp::store
