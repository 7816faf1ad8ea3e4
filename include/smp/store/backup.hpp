#pragma once

#include <smp/store/store.hpp>

#include <functional>
#include <string>
#include <vector>

namespace smp::store {

// A file smp was to create exists already (or was created by another smp meanwhile).
class NameTaken : public Error {
  public:
    using Error::Error;
};

// Where a backup of `records_path` goes by default: beside it, named
// `<records file>.backup-<UTC YYYYMMDDTHHMMSSZ>.db` (e.g. records.db.backup-20261124T093000Z.db),
// with -2, -3... before `.db` when that name is taken.
std::string default_backup_path(const std::string& records_path);

// A byte-for-byte copy into `to`, a new 0600 file, synced; removed again if the copy fails.
// For a records file SQLite may not read (a damaged one kept before a restore), or one this
// process holds the write lock on (the backup before an upgrade: the backup API refuses a
// source in a write transaction).
// Read through `from`'s own file (see backup.cpp: a second descriptor would drop its locks).
void copy_bytes(SQLite::Database& from, const std::string& to);

// Copies the open records file through SQLite's backup API into `target`, a new 0600 file
// (Error(cant_create) if it exists): consistent even while others read or write the file. The
// copy and its folder are synced to disk before this returns.
void backup_records(Store& store, const std::string& target);

// Refuses (Error(data)) anything that is not an smp records file this smp can use: a foreign
// or damaged file, another application's database, a newer schema, a failing
// `PRAGMA integrity_check`. Opens the file read-only and changes nothing.
void check_backup_file(const std::string& path, int busy_timeout_seconds);

// Replaces the records file with a copy of `backup` (already checked): the current file, if
// any, is first kept at `keep_path`; the copy is written to a temporary file beside the
// records file, synced, then renamed over it, so the records file is always whole.
// `prepare` gets the temporary copy's path before the rename: whatever it does (erasures
// re-applied) is in the file before any command can read it; if it throws, nothing is replaced.
void restore_records(const std::string& backup, const std::string& records_path,
                     const std::string& keep_path, int busy_timeout_seconds,
                     const std::function<void(const std::string&)>& prepare = {});

// One of `smp check`'s checks: its name and the problems it found (none: ok).
struct CheckResult {
    std::string name;
    std::vector<std::string> problems;
    std::string note; // said after "ok" (e.g. what was skipped)
    // Not damage, but for the practitioner to act on (a consent document not found): shown,
    // and counted as problems only with `check --strict`.
    std::vector<std::string> warnings;
};

// Runs every check on an open records file without writing to it.
std::vector<CheckResult> check_records(Store& store);

} // namespace smp::store
