#pragma once

#include <smp/domain/due.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

// Recomputes one client's entry in the due index from their sessions and settings, by the
// store's due rules. Runs inside the caller's write transaction; every session and client write
// calls it, so the index can never disagree with the sessions.
void refresh_due(Store& store, std::int64_t client_id);

// Keeps the index by `rules`: when the file's index was built by other rules (the config
// changed, or the file is new to this version), rebuilds it for every client in one
// transaction. Returns true when it rebuilt an index that had been built by other rules.
// A read-only file keeps its index and `stale` is set instead.
bool use_due_rules(Store& store, const DueRules& rules, bool* stale = nullptr);

// Compares the due index with what refresh_due would compute for every client, reading only.
// An index built by other rules (the config changed since) is not compared: the next smp that
// opens the file for writing rebuilds it.
struct DueIndexCheck {
    bool built_by_other_rules = false;
    std::vector<std::string> problems; // one per client whose entry differs
};
DueIndexCheck check_due_index(Store& store);

// One client and when they are next due.
struct DueRow {
    std::int64_t client_id = 0;
    std::string client_uuid;
    std::string name;
    std::optional<std::string> phone;
    std::optional<std::string> email;
    bool reminders_allowed = true;
    bool archived = false;
    std::optional<NextDue> next;      // empty: nothing due (no session yet)
    std::optional<Date> booked_until; // their latest booked session
    std::optional<Date> snoozed_until;
};

struct DueQuery {
    Date today;
    Date until;                  // due on or before this day
    std::optional<DueKind> kind; // both when empty
    bool overdue_only = false;
};

// Clients due now: not archived, not snoozed past today, nothing booked from today on; by due
// date, then name.
void for_each_due(Store& store, const DueQuery& query,
                  const std::function<void(const DueRow&)>& visit);
// The statement behind for_each_due, for tests of its query plan.
std::string due_list_sql(const DueQuery& query);

// Every active client with their next due date or none, by due date (none last), then name.
void for_each_next_due(Store& store, const std::function<void(const DueRow&)>& visit);

// One client's entry; an archived client is due for nothing.
DueRow due_for_client(Store& store, std::int64_t client_id);

} // namespace smp::store
