#pragma once

#include <smp/domain/due.hpp>
#include <smp/error.hpp>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

// SQLiteCpp is the store's own: its types are only named here, never defined, so no layer
// above sees SQLite (src/store and the store's tests include SQLiteCpp's headers themselves).
namespace SQLite {
class Database;
class Statement;
class Exception;
} // namespace SQLite

namespace smp::store {

// Marks a SQLite file as an smp records file ("SMPR"), checked at every open so smp never
// writes into somebody else's database.
inline constexpr std::int32_t k_application_id = 0x534D5052;

// Translates a SQLite failure into the user-facing error a script can branch on: busy (75),
// disk full or read-only (74), not a database (65). `reason` is errno just after the failure,
// when the caller caught it there (it tells a full disk from a failing one).
Error to_error(const SQLite::Exception& failure, const std::string& path, int reason = 0);
// The same for any exception: the user-facing error when it is a SQLite failure, else none.
std::optional<Error> to_error(const std::exception& failure, const std::string& path);

// How a command opens the records file: named for what happens to a missing file, not for
// whether the command writes (a reminder run needs an existing file and still records what
// it sent; `smp check` opens read-only with open_read_only()).
enum class Access {
    existing, // the file must exist (exit 66 if not); nothing is created
    create    // the file (and its folder) is created if missing
};

// The one open records file: pragmas set, identity checked, schema migrated to the current
// version. Only code under src/store speaks SQL.
class Store {
  public:
    // Opens (or, for writes, creates) the records file. `notice` receives one-line messages for
    // the user (e.g. that a migration ran and where its backup is).
    static std::unique_ptr<Store> open(const std::string& path, Access access,
                                       int busy_timeout_seconds,
                                       const std::function<void(const std::string&)>& notice = {});

    // Opens an existing records file read-only (even when it is writable), checks its identity
    // and never migrates it: for commands that promise not to write (`smp check`).
    static std::unique_ptr<Store> open_read_only(const std::string& path, int busy_timeout_seconds);

    SQLite::Database& db() { return *m_db; }
    const std::string& path() const { return m_path; }
    int schema_version();

    // The rules the due index is kept by (set from the config when the file is opened; see
    // use_due_rules in store/due.hpp).
    const DueRules& due_rules() const { return m_due_rules; }

    // A prepared statement kept for reuse, reset and unbound: writes that run once per row
    // (imports, the due index, bulk generation) parse each SQL text once instead of per row.
    // Not for a statement a caller further up is still stepping through.
    SQLite::Statement& cached(std::string_view sql);
    void set_due_rules(const DueRules& rules) { m_due_rules = rules; }

    // Runs `work` in one short BEGIN IMMEDIATE transaction: the write lock is taken up front, so
    // a busy file fails before anything is done, and anything thrown rolls everything back.
    // Inside another write (`import all` writes every kind in one transaction) it is a
    // savepoint of that transaction: thrown, it undoes its own work, and the outer one decides.
    template <typename Work> decltype(auto) write(Work&& work) {
        WriteTransaction transaction(*this);
        try {
            if constexpr (std::is_void_v<decltype(work())>) {
                work();
                transaction.commit();
            } else {
                decltype(auto) result = work();
                transaction.commit();
                return result;
            }
        } catch (...) {
            // errno now, while it still holds the reason for a failed write (a full disk and a
            // failing one are both "disk I/O error" to SQLite); the rollback may change it.
            rethrow_as_error(errno);
        }
    }

    // Runs `work` in one read transaction: the many lookups of a long read (an import checking
    // every row) then share one lock and one snapshot instead of taking one each, which cost
    // more than the lookups themselves (a lock, an unlock and a look for a hot journal).
    // Inside a write it reads that write's records as they stand.
    template <typename Work> void read(Work&& work) {
        try {
            ReadTransaction transaction(*this);
            work();
        } catch (...) {
            rethrow_as_error(errno);
        }
    }

    // Lets a big write (an import) keep up to `mebibytes` of the file's pages in memory, so
    // that its index updates do not spill pages to the file and read them back before the
    // commit. Memory is only taken as pages are used; durability is unchanged.
    void set_cache_size(int mebibytes);

    Store(const std::string& path, int flags, int busy_timeout_ms);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

  private:
    // Rolls back unless commit() is called (the nix SQLite wrapper's rule).
    class WriteTransaction {
      public:
        explicit WriteTransaction(Store& store);
        ~WriteTransaction();
        void commit();
        WriteTransaction(const WriteTransaction&) = delete;
        WriteTransaction& operator=(const WriteTransaction&) = delete;

      private:
        Store& m_store;
        bool m_done = false;
        bool m_nested = false; // a savepoint of the write around it
    };

    // Ends with the work, thrown or not: a read has nothing to keep.
    class ReadTransaction {
      public:
        explicit ReadTransaction(Store& store);
        ~ReadTransaction();
        ReadTransaction(const ReadTransaction&) = delete;
        ReadTransaction& operator=(const ReadTransaction&) = delete;

      private:
        Store& m_store;
        bool m_nested = false; // inside a write: nothing to begin or end
    };

    // Rethrows the exception being handled, a SQLite failure as the user-facing Error.
    [[noreturn]] void rethrow_as_error(int reason) const;
    // Refuses a foreign file or one newer than this smp, before anything is written to it;
    // returns its schema version.
    int check_identity();
    // Refuses a damaged file before anything is read from or written beside the damage: the
    // first pages of every table are read (a few pages however large the file, well under a
    // millisecond). Damage deeper inside a table is found by `smp check`, whose full
    // integrity check reads every page (seconds on a large file: too slow for every command).
    void check_tables_readable();
    // Backs up an older file (its schema `version`, as check_identity read it), then applies
    // each missing migration in its own transaction.
    void migrate(int version, const std::function<void(const std::string&)>& notice);

    std::string m_path;
    int m_writes_open = 0; // write transactions under way: more than one are savepoints
    std::unique_ptr<SQLite::Database> m_db;
    DueRules m_due_rules;
    // Declared after m_db, so finalised before the database closes.
    // Found by the text itself, without building a string per row.
    struct SqlHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view sql) const {
            return std::hash<std::string_view>{}(sql);
        }
    };
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, SqlHash, std::equal_to<>>
        m_statements;
};

// The schema version this smp writes (PRAGMA user_version).
int current_schema_version();

// Tables whose rows can be counted (for a progress line's total, or to see that an import
// goes into an empty table).
enum class Table { client, session, shade, lot, consent, reminder, payment, send_attempt, erasure };
std::int64_t count_rows(Store& store, Table table);

// How a write dates a record. `now`, for every command: a new record gets the next free id and
// is created and updated now; a changed one is updated now. `as_given`, for an import: the id
// of a new record (unless 0), created_at and updated_at are kept as the record carries them
// (an empty time is now), so that records moved between records files keep their history.
enum class Stamp { now, as_given };

// Creates a folder and any missing parents with mode 0700 whatever the umask; an existing
// folder is left as it is.
void create_private_folders(const std::filesystem::path& folder);

// Creates an empty file with mode 0600 (and missing folders with 0700) whatever the umask;
// fails if it exists. Used for the records file, backups and exports.
void create_private_file(const std::string& path);

// What check_records_file() found out about an existing records file.
struct RecordsFile {
    unsigned mode = 0;         // permission bits
    bool private_mode = false; // 0600 or stricter: no group or other bits
    bool empty = false;        // 0 bytes: not yet a records file
};

// Refuses (Error(data)) a path that is not a regular file (a device, FIFO, socket or folder),
// which SQLite would otherwise read and put a journal beside; tells the rest.
RecordsFile check_records_file(const std::string& path);

// The refusal to write into a records file others can read, naming `chmod 600`.
Error not_private(const std::string& path, unsigned mode);

// The file a path names once every symbolic link in it is followed (the path itself when it
// is no link): what a file written in place of `path` must replace, so the link stays.
std::string resolve_links(const std::string& path);

// fsync(2)s a file, then its folder (a new or renamed file's entry is only durable once the
// folder is synced too). Error(io) if either fails.
void sync_file_and_folder(const std::string& path);

} // namespace smp::store
