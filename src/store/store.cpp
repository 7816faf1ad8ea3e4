#include "lock_holders.hpp"
#include "migrations.hpp"
#include "moved_guard.hpp"

#include <smp/domain/date.hpp>
#include <smp/store/backup.hpp>
#include <smp/store/store.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace smp::store {
namespace {

namespace fs = std::filesystem;

bool has_tables(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
}

// smp_fold(text): the same case folding as fold_case() in C++, so SQL matching of names
// agrees with what the user sees ("JOSÉ" finds "José").
void sqlite_fold(sqlite3_context* context, int, sqlite3_value** arguments) {
    auto text = sqlite3_value_text(arguments[0]);
    if (!text) {
        sqlite3_result_null(context);
        return;
    }
    auto folded = fold_case(reinterpret_cast<const char*>(text));
    sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

} // namespace

void create_private_folders(const fs::path& folder) {
    if (folder.empty() || fs::exists(folder))
        return;
    create_private_folders(folder.parent_path());
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        throw Error(Exit::cant_create, fmt::format("cannot create folder \"{}\": {}",
                                                   folder.string(), std::strerror(errno)));
    ::chmod(folder.c_str(), 0700);
}

void create_private_file(const std::string& path) {
    create_private_folders(fs::path(path).parent_path());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Error(errno == ENOSPC || errno == EROFS ? Exit::io : Exit::cant_create,
                    fmt::format("cannot create \"{}\": {}", path, std::strerror(errno)));
    ::fchmod(fd, 0600); // the umask may have taken bits away; never add any
    ::close(fd);
}

std::string resolve_links(const std::string& path) {
    fs::path resolved(path);
    std::error_code error;
    // Link by link (a link to a file not made yet too); 40 is the system's own limit.
    for (int hops = 0; hops < 40 && fs::is_symlink(resolved, error); ++hops) {
        auto target = fs::read_symlink(resolved, error);
        if (error)
            break;
        resolved = target.is_absolute() ? target : resolved.parent_path() / target;
    }
    return resolved.string();
}

RecordsFile check_records_file(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
        throw Error(errno == ENOENT ? Exit::no_input : Exit::io,
                    fmt::format("cannot use records file \"{}\": {}", path, std::strerror(errno)));
    if (!S_ISREG(status.st_mode))
        throw Error(Exit::data, fmt::format("\"{}\" is not a regular file (a {}); smp keeps "
                                            "records only in a regular file: check the path",
                                            path,
                                            S_ISDIR(status.st_mode)    ? "folder"
                                            : S_ISFIFO(status.st_mode) ? "FIFO"
                                            : S_ISSOCK(status.st_mode) ? "socket"
                                                                       : "device"));
    RecordsFile found;
    found.mode = status.st_mode & 07777;
    found.private_mode = (status.st_mode & 077) == 0;
    found.empty = status.st_size == 0;
    return found;
}

Error not_private(const std::string& path, unsigned mode) {
    return Error(Exit::io, fmt::format("records file \"{}\" can be read by others (mode {:04o}); "
                                       "smp writes health data only into a private file: run "
                                       "`chmod 600 \"{}\"` and try again (nothing was written)",
                                       path, mode, path));
}

std::int64_t count_rows(Store& store, Table table) {
    // A fixed name per table: nothing from the user ever reaches this SQL.
    const char* name = "client";
    switch (table) {
    case Table::client:
        name = "client";
        break;
    case Table::session:
        name = "session";
        break;
    case Table::shade:
        name = "shade";
        break;
    case Table::lot:
        name = "lot";
        break;
    case Table::consent:
        name = "consent";
        break;
    case Table::reminder:
        name = "reminder";
        break;
    case Table::payment:
        name = "payment";
        break;
    case Table::send_attempt:
        name = "send_attempt";
        break;
    case Table::erasure:
        name = "erasure";
        break;
    }
    return store.db().execAndGet(fmt::format("SELECT count(*) FROM {}", name)).getInt64();
}

int current_schema_version() {
    return migrations().back().version;
}

namespace {

// The primary result code: SQLiteCpp hands on the extended code where SQLite returns one
// (a backup step's SQLITE_IOERR_WRITE, not SQLITE_IOERR).
int primary_code(const SQLite::Exception& failure) {
    return failure.getErrorCode() & 0xff;
}

bool out_of_space(const SQLite::Exception& failure, int reason) {
    if (primary_code(failure) == SQLITE_FULL)
        return true;
    // A file-size limit (EFBIG) or a quota reached mid-write comes back from SQLite as a
    // generic I/O error; only the operating system's reason tells it from a failing disk.
    return primary_code(failure) == SQLITE_IOERR &&
           (reason == ENOSPC || reason == EFBIG || reason == EDQUOT);
}

// A write killed midway leaves its journal ("hot"): the next connection that may write rolls
// it back before reading, but a read-only one cannot, and fails as if the file were
// read-only. So `check` and `backup`, which read only, first let a read-write connection undo
// the crashed write, as any other command would; the file is then as it was last committed.
void roll_back_crashed_write(const std::string& path, int busy_timeout_seconds) {
    std::error_code ignored;
    if (fs::file_size(path + "-journal", ignored) == 0 || ignored)
        return;
    try {
        SQLite::Database db(path, SQLITE_OPEN_READWRITE, busy_timeout_seconds * 1000);
        db.execAndGet("SELECT count(*) FROM sqlite_master");
    } catch (const SQLite::Exception&) {
        // Not ours to mend (read-only for this user, damaged): the read-only open says why.
    }
}

} // namespace

std::optional<Error> to_error(const std::exception& failure, const std::string& path) {
    if (const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&failure))
        return to_error(*sqlite, path);
    return std::nullopt;
}

void Store::rethrow_as_error(int reason) const {
    try {
        throw;
    } catch (const SQLite::Exception& failure) {
        throw to_error(failure, m_path, reason);
    }
}

Store::~Store() = default;

Error to_error(const SQLite::Exception& failure, const std::string& path, int reason) {
    if (out_of_space(failure, reason))
        return Error(Exit::io, fmt::format("cannot write to \"{}\": no space left for it (the "
                                           "disk is full, or a quota or file-size limit was "
                                           "reached); free some space, or move the file to a "
                                           "disk with room, and try again (nothing was changed)",
                                           path));
    switch (primary_code(failure)) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        if (auto holder = describe_lock_holders(path); !holder.empty())
            return Error(Exit::busy, fmt::format("records file \"{}\" is busy: {}; try again "
                                                 "when it has finished",
                                                 path, holder));
        return Error(Exit::busy, fmt::format("records file \"{}\" is busy (another smp is "
                                             "writing to it); try again in a moment",
                                             path));
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return Error(Exit::io, fmt::format("cannot write to \"{}\": the file or its folder is "
                                           "read-only (nothing was changed)",
                                           path));
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return Error(Exit::io, fmt::format("cannot use records file \"{}\": {}", path,
                                           failure.getErrorStr()));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return Error(Exit::data, fmt::format("\"{}\" is not an smp records file (not a SQLite "
                                             "database, or damaged); check the path, or restore "
                                             "a backup",
                                             path));
    default:
        return Error(Exit::software, fmt::format("records file \"{}\": {}", path, failure.what()));
    }
}

namespace {

// How long a Store's connection waits for a lock (the config's busy_timeout; one per
// process, as the config is).
int g_busy_timeout_ms = 0;

bool has_moved(sqlite3* db) {
    int moved = 0;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED, &moved);
    return moved != 0;
}

// SQLite's own wait (short sleeps, growing to 100 ms, up to the timeout), that also stops as
// soon as the path names another file than the one this connection opened (`smp restore`
// renamed a new one in). Waiting on, the connection would take the next writer's journal for
// a crashed one of its own old file and play it back there.
int wait_for_lock(void* handle, int attempts) {
    static constexpr int k_delays_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    constexpr int k_steps = sizeof k_delays_ms / sizeof k_delays_ms[0];
    auto* db = static_cast<sqlite3*>(handle);
    int waited = 0;
    for (int i = 0; i < attempts && i < k_steps; ++i)
        waited += k_delays_ms[i];
    if (attempts >= k_steps)
        waited += (attempts - k_steps) * 100;
    int delay = attempts < k_steps ? k_delays_ms[attempts] : 100;
    if (waited >= g_busy_timeout_ms)
        return 0;
    sqlite3_sleep(std::min(delay, g_busy_timeout_ms - waited));
    return has_moved(db) ? 0 : 1;
}

} // namespace

// One connection per process, used by one thread: NOMUTEX spares a lock around every column
// read (about 5% of an export).
Store::Store(const std::string& path, int flags, int busy_timeout_ms)
    : m_path((install_moved_file_guard(), path)),
      m_db(std::make_unique<SQLite::Database>(path, flags | SQLITE_OPEN_NOMUTEX, busy_timeout_ms)) {
    g_busy_timeout_ms = busy_timeout_ms;
    sqlite3_busy_handler(m_db->getHandle(), wait_for_lock, m_db->getHandle());
    sqlite3_create_function_v2(m_db->getHandle(), "smp_fold", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                               sqlite_fold, nullptr, nullptr, nullptr);
}

std::unique_ptr<Store> Store::open(const std::string& path, Access access, int busy_timeout_seconds,
                                   const std::function<void(const std::string&)>& notice) {
    bool exists = fs::exists(path);
    if (!exists && access == Access::existing)
        throw Error(Exit::no_input, fmt::format("no records file at \"{}\"; create one with "
                                                "`smp init` (or choose another with -f/--file)",
                                                path));
    if (!exists)
        create_private_file(resolve_links(path)); // a link to a file yet to be made: make it
    auto found = check_records_file(path);
    if (found.empty && access == Access::existing)
        throw Error(Exit::no_input, fmt::format("records file \"{}\" is empty (no records yet); "
                                                "create them with `smp init` or any command "
                                                "that adds a record",
                                                path));
    int flags = SQLITE_OPEN_READWRITE;
    // A read never writes into a file others can read (a due index rebuilt, for one).
    if (access == Access::existing && (::access(path.c_str(), W_OK) != 0 || !found.private_mode))
        flags = SQLITE_OPEN_READONLY;
    try {
        auto store = std::make_unique<Store>(path, flags, busy_timeout_seconds * 1000);
        auto& db = *store->m_db;
        db.exec("PRAGMA foreign_keys = ON");
        // Identity first: a file that is not ours must be left exactly as it was. The checks
        // read in one transaction: one lock and one look for a journal, not one per table.
        int version = 0;
        store->read([&] {
            version = store->check_identity();
            store->check_tables_readable();
        });
        // Health data goes only into a file that is private (or smp just made): a file others
        // can read is refused before anything is written, whatever is in it.
        // (An upgrade is a write too, whatever the command.)
        if (!found.private_mode &&
            (access == Access::create || version != current_schema_version()))
            throw not_private(path, found.mode);
        if (flags != SQLITE_OPEN_READONLY) {
            // One portable file: a rollback journal that is deleted after each commit, and
            // every commit on disk before smp says it is done.
            db.exec("PRAGMA journal_mode = DELETE");
            db.exec("PRAGMA synchronous = FULL");
        }
        store->migrate(version, notice);
        return store;
    } catch (const SQLite::Exception& failure) {
        throw to_error(failure, path, errno);
    }
}

SQLite::Statement& Store::cached(std::string_view sql) {
    if (auto found = m_statements.find(sql); found != m_statements.end()) {
        found->second->reset();
        found->second->clearBindings();
        return *found->second;
    }
    std::string text(sql);
    auto statement = std::make_unique<SQLite::Statement>(*m_db, text);
    return *m_statements.emplace(std::move(text), std::move(statement)).first->second;
}

std::unique_ptr<Store> Store::open_read_only(const std::string& path, int busy_timeout_seconds) {
    if (!fs::exists(path))
        throw Error(Exit::no_input, fmt::format("no records file at \"{}\"; check the path "
                                                "(or choose another with -f/--file)",
                                                path));
    check_records_file(path);
    roll_back_crashed_write(path, busy_timeout_seconds);
    try {
        auto store =
            std::make_unique<Store>(path, SQLITE_OPEN_READONLY, busy_timeout_seconds * 1000);
        store->check_identity();
        return store;
    } catch (const SQLite::Exception& failure) {
        throw to_error(failure, path);
    }
}

int Store::schema_version() {
    return m_db->execAndGet("PRAGMA user_version").getInt();
}

int Store::check_identity() {
    int application_id = m_db->execAndGet("PRAGMA application_id").getInt();
    int version = schema_version();
    bool empty = application_id == 0 && version == 0 && !has_tables(*m_db);
    if (!empty && application_id != k_application_id)
        throw Error(Exit::data, fmt::format("\"{}\" is a SQLite database but not an smp records "
                                            "file; smp left it untouched (check the path)",
                                            m_path));
    if (version > current_schema_version())
        throw Error(
            Exit::data,
            fmt::format("records file \"{}\" has schema version {}, newer than this smp "
                        "understands ({}); upgrade smp to use it (the file was not changed)",
                        m_path, version, current_schema_version()));
    return version;
}

void Store::check_tables_readable() {
    std::vector<std::string> tables, reads;
    SQLite::Statement list(*m_db, "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                  "rootpage > 0");
    while (list.executeStep()) {
        // The table's own b-tree (NOT INDEXED: never a smaller index instead), down to its
        // first row. The name comes from the file, so it is quoted as SQL wants.
        tables.push_back(list.getColumn(0).getString());
        std::string quoted = "\"";
        for (char c : tables.back())
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += '"';
        reads.push_back(fmt::format("(SELECT 1 FROM {} NOT INDEXED LIMIT 1)", quoted));
    }
    auto readable = [&](const std::string& columns) {
        try {
            SQLite::Statement read(*m_db, "SELECT " + columns);
            read.executeStep();
            return true;
        } catch (const SQLite::Exception& failure) {
            int code = failure.getErrorCode() & 0xff;
            if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
                throw;
            return false;
        }
    };
    // Every table in one statement, parsed once; only when that fails, table by table to name
    // the damaged one.
    if (reads.empty() || readable(join(reads, ", ")))
        return;
    for (std::size_t i = 0; i < reads.size(); ++i)
        if (!readable(reads[i]))
            throw Error(Exit::data,
                        fmt::format("records file \"{}\" is damaged (its {} table cannot be "
                                    "read); smp left it untouched: run `smp check` to see the "
                                    "damage, and restore a backup (`smp restore`)",
                                    m_path, tables[i]));
    throw Error(Exit::data, fmt::format("records file \"{}\" is damaged; smp left it untouched: "
                                        "run `smp check` to see the damage, and restore a "
                                        "backup (`smp restore`)",
                                        m_path));
}

void Store::migrate(int version, const std::function<void(const std::string&)>& notice) {
    if (version == current_schema_version())
        return;
    if (sqlite3_db_readonly(m_db->getHandle(), "main") == 1)
        throw Error(Exit::io, fmt::format("records file \"{}\" is read-only and must be upgraded "
                                          "from schema {} to {} before this smp can use it; make "
                                          "it writable (chmod u+w) and run smp again",
                                          m_path, version, current_schema_version()));
    // The write lock first: a busy file fails (exit 75) before any backup is written, and no
    // other smp can change the file between its backup and its upgrade. The steps run in the
    // same transaction, so the file is upgraded wholly or not at all.
    write([&] {
        version = schema_version(); // another smp may have upgraded it while we waited
        if (version > 0 && version < current_schema_version()) {
            auto base = fmt::format("{}.schema-v{}.{}", m_path, version, utc_stamp());
            auto backup = base + ".bak";
            for (int n = 2; fs::exists(backup); ++n) // a retry within the same second
                backup = fmt::format("{}-{}.bak", base, n);
            try {
                copy_bytes(*m_db, backup); // consistent: this connection holds the write lock
            } catch (const Error& error) {
                if (error.code() != Exit::cant_create)
                    throw;
                throw Error(Exit::io, fmt::format("records file \"{}\" needs upgrading, but its "
                                                  "folder is read-only for its backup ({}); make "
                                                  "the folder writable and run smp again",
                                                  m_path, error.what()));
            }
            if (notice)
                notice(fmt::format("upgrading records file \"{}\" from schema {} to {}; backup "
                                   "written to \"{}\"",
                                   m_path, version, current_schema_version(), backup));
        }
        for (const auto& step : migrations()) {
            if (step.version <= version)
                continue;
            if (step.version == 1)
                m_db->exec(fmt::format("PRAGMA application_id = {}", k_application_id));
            m_db->exec(std::string(step.sql));
            m_db->exec(fmt::format("PRAGMA user_version = {}", step.version));
        }
        if (version == 0)
            m_db->exec(std::string(new_file_settings()));
    });
}

Store::WriteTransaction::WriteTransaction(Store& store) : m_store(store) {
    // `smp restore` renames a new file over the records file while it holds this lock. A
    // writer that opened the old file and waited for the lock gets it (or gives up waiting,
    // see wait_for_lock) only after the rename: its commit would go into a file no longer
    // anyone's records file, and be lost. SQLite tells whether the path still names the file
    // this connection has open.
    auto replaced = [&] {
        return Error(Exit::busy, fmt::format("records file \"{}\" was replaced (by `smp restore`) "
                                             "while this smp waited to write to it; nothing was "
                                             "changed: run the command again",
                                             m_store.m_path));
    };
    if (m_store.m_writes_open > 0) {
        m_store.m_db->exec("SAVEPOINT nested_write");
        m_nested = true;
        ++m_store.m_writes_open;
        return;
    }
    try {
        m_store.m_db->exec("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception&) {
        if (has_moved(m_store.m_db->getHandle()))
            throw replaced();
        throw;
    }
    if (has_moved(m_store.m_db->getHandle())) {
        m_store.m_db->exec("ROLLBACK");
        m_done = true;
        throw replaced();
    }
    ++m_store.m_writes_open;
}

Store::WriteTransaction::~WriteTransaction() {
    --m_store.m_writes_open;
    if (!m_done) {
        try {
            m_store.m_db->exec(m_nested ? "ROLLBACK TO nested_write; RELEASE nested_write"
                                        : "ROLLBACK");
        } catch (...) {
            // The transaction may already be gone (e.g. SQLite rolled back on a full disk).
        }
    }
}

void Store::WriteTransaction::commit() {
    m_store.m_db->exec(m_nested ? "RELEASE nested_write" : "COMMIT");
    m_done = true;
}

Store::ReadTransaction::ReadTransaction(Store& store) : m_store(store) {
    // A file `smp restore` replaced is not read: its first lock would take a writer's journal
    // of the new file for a crashed one of the old file (see wait_for_lock).
    if (has_moved(m_store.m_db->getHandle()))
        throw Error(Exit::busy, fmt::format("records file \"{}\" was replaced (by `smp restore`) "
                                            "while this smp was using it; run the command again",
                                            m_store.m_path));
    if (m_store.m_writes_open > 0) {
        m_nested = true;
        return;
    }
    m_store.m_db->exec("BEGIN");
}

Store::ReadTransaction::~ReadTransaction() {
    if (m_nested)
        return;
    try {
        m_store.m_db->exec("ROLLBACK");
    } catch (...) {
        // Nothing was written; a transaction already gone has nothing left to end.
    }
}

void Store::set_cache_size(int mebibytes) {
    m_db->exec(fmt::format("PRAGMA cache_size = -{}", mebibytes * 1024));
}

} // namespace smp::store
