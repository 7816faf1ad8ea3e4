#include "rows.hpp"

#include <smp/domain/date.hpp>
#include <smp/domain/kind.hpp>
#include <smp/io/file_hash.hpp>
#include <smp/store/backup.hpp>
#include <smp/store/due.hpp>
#include <smp/util/clock.hpp>

#include <SQLiteCpp/Backup.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

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

NameTaken name_taken(const std::string& path) {
    return NameTaken(Exit::cant_create, fmt::format("cannot create \"{}\": it already exists; "
                                                    "choose another name",
                                                    path));
}

// A temporary file of this process's own beside `path`: PATH.XXXXXX.part, created exclusively
// with mode 0600, so no other file (another backup's, or the user's PATH.part) is ever touched.
std::string new_part_file(const std::string& path) {
    create_private_folders(fs::path(path).parent_path());
    std::string part = path + ".XXXXXX.part";
    int fd = ::mkstemps(part.data(), 5);
    if (fd < 0)
        throw Error(errno == ENOSPC || errno == EROFS ? Exit::io : Exit::cant_create,
                    fmt::format("cannot create \"{}\": {}", path, std::strerror(errno)));
    ::fchmod(fd, 0600);
    ::close(fd);
    return part;
}

// Renames `part` to `path` unless `path` exists (then NameTaken): another smp may have
// taken the name since it was chosen. Where the file system cannot rename without replacing
// (RENAME_NOREPLACE), a hard link does the same; where it has neither (FAT), a check.
void rename_unless_taken(const std::string& part, const std::string& path) {
    if (::renameat2(AT_FDCWD, part.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0)
        return;
    if (errno == EEXIST)
        throw name_taken(path);
    if (errno == EINVAL || errno == ENOSYS) {
        if (::link(part.c_str(), path.c_str()) == 0) {
            ::unlink(part.c_str());
            return;
        }
        if (errno == EEXIST)
            throw name_taken(path);
        if (!fs::exists(path) && ::rename(part.c_str(), path.c_str()) == 0)
            return;
    }
    throw Error(Exit::io, fmt::format("cannot rename \"{}\" to \"{}\": {}", part, path,
                                      std::strerror(errno)));
}

// Writes a new file (mode 0600) so that it appears whole or not at all: into a .part file of
// its own beside it, synced, then renamed to PATH. A kill midway leaves at most the .part
// file, never a half-written backup under a backup's name. Like O_EXCL, an existing PATH is
// refused (NameTaken).
template <typename Write> void write_new_file(const std::string& path, Write&& write) {
    if (fs::exists(path))
        throw name_taken(path);
    auto part = new_part_file(path);
    std::error_code ignored;
    try {
        write(part);
        sync_to_disk(part, false);
        rename_unless_taken(part, path);
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
    CheckResult result{"integrity", {}, {}, {}};
    auto rows = strings_of(store.db(), "PRAGMA integrity_check");
    if (!(rows.size() == 1 && rows.front() == "ok"))
        result.problems = rows;
    return result;
}

CheckResult check_foreign_keys(Store& store) {
    CheckResult result{"foreign keys", {}, {}, {}};
    SQLite::Statement query(store.db(), "PRAGMA foreign_key_check");
    while (query.executeStep())
        result.problems.push_back(
            fmt::format("{} row {} points at a missing {}", query.getColumn(0).getString(),
                        query.getColumn(1).getInt64(), query.getColumn(2).getString()));
    return result;
}

// Runs one check. A check that meets damage (SQLite cannot read a page) reports it as its
// problem and the other checks still run: `smp check` is where other commands send the user
// to see the damage.
template <typename Check> CheckResult guarded(const std::string& name, Check&& check) {
    try {
        return check();
    } catch (const SQLite::Exception& failure) {
        int code = failure.getErrorCode() & 0xff;
        if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
            throw;
        return CheckResult{
            name, {fmt::format("cannot be read: {}", failure.getErrorStr())}, {}, {}};
    }
}

// Each query returns one problem sentence per row.
CheckResult check_by_query(Store& store, std::string name, const std::string& sql) {
    return guarded(name, [&] { return CheckResult{name, strings_of(store.db(), sql), {}, {}}; });
}

// Every date a record kind keeps is a real YYYY-MM-DD day: SQLite's date() with a modifier gives
// another text for anything else (date() alone keeps 2026-02-30; '+0 days' makes it 03-02). A
// command that reads one that is not stops with exit 65 and sends the user here to find it. The
// value is not shown: it came from the file.
struct DateColumn {
    std::string_view owner, id, table, column, field; // "lot", the SQL for its id, where, what
};

// Every date column of every record kind, from the kind tables, and a lot's bottle openings,
// which are kept beside it and read with it.
std::vector<DateColumn> date_columns() {
    std::vector<DateColumn> columns;
    for (const auto* kind : record_kinds())
        for (const auto& field : kind->fields)
            if (field.codec == Codec::date && !field.sql_column().empty())
                columns.push_back(
                    {kind->name, "rowid", kind->table, field.sql_column(), field.name});
    columns.push_back({"lot", "lot_id", "lot_opening", "opened_on", "bottle opening"});
    return columns;
}

CheckResult check_dates(Store& store) {
    CheckResult result{"dates", {}, {}, {}};
    for (const auto& date : date_columns()) {
        SQLite::Statement query(
            store.db(), fmt::format("SELECT {0}, length({1}) FROM {2} WHERE {1} IS NOT NULL AND "
                                    "date({1}, '+0 days') IS NOT {1} ORDER BY {0}",
                                    date.id, date.column, date.table));
        while (query.executeStep())
            result.problems.push_back(fmt::format(
                "{} {} has a {} that is not a date (YYYY-MM-DD, {} characters)", date.owner,
                query.getColumn(0).getInt64(), date.field, query.getColumn(1).getInt()));
    }
    return result;
}

CheckResult check_due(Store& store) {
    auto due = check_due_index(store);
    CheckResult result{"due index", std::move(due.problems), {}, {}};
    if (due.built_by_other_rules)
        result.note = "not compared: built with other course or touch-up settings than the "
                      "config's; the next smp command that writes rebuilds it";
    return result;
}

// A backup of the records file cannot mend a changed or lost document: the advice is to scan
// the signed paper form again and record that scan. A lost one is a warning (the document may
// live on another machine); a changed one is a problem.
CheckResult check_consent_documents(Store& store) {
    CheckResult result{"consent documents", {}, {}, {}};
    SQLite::Statement query(store.db(), "SELECT id, client_id, kind, signed_on, file_path, "
                                        "file_sha256 FROM consent WHERE file_path IS NOT NULL AND "
                                        "file_sha256 IS NOT NULL ORDER BY id");
    while (query.executeStep()) {
        auto id = query.getColumn(0).getInt64();
        auto client = query.getColumn(1).getInt64();
        auto path = query.getColumn(4).getString();
        auto record_again = fmt::format(
            "re-scan the signed form and record it again with `smp client consent {} --kind {} "
            "--signed {} --document FILE`",
            client, query.getColumn(2).getString(), query.getColumn(3).getString());
        if (!fs::is_regular_file(path))
            result.warnings.push_back(fmt::format("consent {} (client {}): \"{}\" is not found; "
                                                  "if it is lost, {}",
                                                  id, client, path, record_again));
        else if (io::hash_file(path) != query.getColumn(5).getString())
            result.problems.push_back(fmt::format("consent {} (client {}): \"{}\" has changed "
                                                  "since it was recorded (SHA-256 differs); {}",
                                                  id, client, path, record_again));
    }
    return result;
}

} // namespace

// A byte-for-byte copy, read through the connection's own file: for a records file SQLite may
// not be able to read as a database (a damaged one is kept as it is before a restore replaces
// it), or one this connection holds the write lock on. Opening the file a second time and
// closing it would drop every lock this process holds on it (POSIX locks belong to the
// process, and any close() releases them): writers would then commit into the file while it
// is copied and replaced, and be lost.
void copy_bytes(SQLite::Database& from, const std::string& to) {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(from.getHandle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) !=
            SQLITE_OK ||
        !file || !file->pMethods)
        throw Error(Exit::io, fmt::format("cannot read \"{}\" to copy it", from.getFilename()));
    write_new_file(to, [&](const std::string& part) {
        sqlite3_int64 size = 0;
        if (file->pMethods->xFileSize(file, &size) != SQLITE_OK)
            throw Error(Exit::io, fmt::format("cannot read \"{}\" to copy it", from.getFilename()));
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        std::vector<char> buffer(1 << 16);
        for (sqlite3_int64 offset = 0; offset < size;) {
            int amount = static_cast<int>(std::min<sqlite3_int64>(buffer.size(), size - offset));
            if (file->pMethods->xRead(file, buffer.data(), amount, offset) != SQLITE_OK)
                throw Error(Exit::io,
                            fmt::format("cannot read \"{}\" to copy it", from.getFilename()));
            out.write(buffer.data(), amount);
            offset += amount;
        }
        out.flush();
        if (!out)
            throw Error(Exit::io,
                        fmt::format("cannot copy \"{}\" to \"{}\"", from.getFilename(), to));
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
                     const std::string& keep_path, int busy_timeout_seconds,
                     const std::function<void(const std::string&)>& prepare) {
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
        copy_bytes(*current, keep_path);
    }
    auto temporary = fmt::format("{}.restore-{}.tmp", records_path, ::getpid());
    write_new_file(temporary, [&](const std::string& file) {
        SQLite::Database source(backup, SQLite::OPEN_READONLY, busy_timeout_seconds * 1000);
        SQLite::Database copy(file, SQLite::OPEN_READWRITE);
        copy_pages(copy, source, backup);
    });
    if (prepare) {
        try {
            prepare(temporary);
        } catch (...) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            throw;
        }
    }
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
    results.push_back(guarded("integrity", [&] { return check_integrity(store); }));
    results.push_back(guarded("foreign keys", [&] { return check_foreign_keys(store); }));
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
    results.push_back(guarded("dates", [&] { return check_dates(store); }));
    results.push_back(guarded("due index", [&] { return check_due(store); }));
    results.push_back(check_by_query(
        store, "erased clients",
        "SELECT 'client ' || c.id || ' has uuid ' || c.uuid || ', erased on ' || e.erased_on || "
        "': erase them again with `smp client forget ' || c.id || CASE WHEN e.purged THEN ' "
        "--purge' ELSE '' END || '`' FROM client c JOIN erasure e ON e.uuid = c.uuid ORDER BY "
        "c.id"));
    results.push_back(guarded("consent documents", [&] { return check_consent_documents(store); }));
    return results;
}

} // namespace smp::store
