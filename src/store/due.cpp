#include "rows.hpp"

#include <smp/store/due.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

namespace smp::store {
namespace {

constexpr std::string_view k_rules_key = "due_rules";

// Everything the due rules need about each client, in one pass over their sessions.
constexpr std::string_view k_facts =
    "SELECT c.id, c.planned_sessions, c.touchup_every, c.touchup_due, "
    "coalesce(sum(s.kind = 'course' AND s.status = 'done'), 0), "
    "coalesce(max(s.final AND s.status = 'done'), 0), "
    "max(CASE WHEN s.kind = 'course' AND s.status = 'done' THEN s.date END), "
    "max(CASE WHEN s.kind != 'consult' AND s.status = 'done' THEN s.date END), "
    "max(CASE WHEN s.status = 'scheduled' THEN s.date END), c.archived_at IS NOT NULL "
    "FROM client c LEFT JOIN session s ON s.client_id = c.id {} GROUP BY c.id";

// The rules' facts read a day that is not one as none: they are read in every write and in a
// rebuild of the whole index, where one spoiled day would stop them all. `smp check` lists it.
std::optional<Date> optional_date(SQLite::Statement& row, int column) {
    auto text = optional_text(row, column);
    return text ? parse_iso_date(*text) : std::nullopt;
}

DueFacts read_facts(SQLite::Statement& row) {
    DueFacts facts;
    if (!row.getColumn(1).isNull())
        facts.planned_sessions = row.getColumn(1).getInt();
    if (auto every = optional_text(row, 2))
        facts.touchup_every = parse_span(*every);
    facts.touchup_pinned = optional_date(row, 3);
    facts.course_done = row.getColumn(4).getInt();
    facts.finalised = row.getColumn(5).getInt() != 0;
    facts.last_course = optional_date(row, 6);
    facts.last_treatment = optional_date(row, 7);
    return facts;
}

// One client's row of the index as the rules compute it from the facts query's current row.
struct DueEntry {
    std::string kind, due_on, overdue_after;
    std::optional<std::string> last_session, booked_until;
    std::string reason;

    bool operator==(const DueEntry&) const = default;
    std::string describe() const {
        return fmt::format("{} due {} (overdue after {}, last session {}, booked until {})", kind,
                           due_on, overdue_after, last_session.value_or("none"),
                           booked_until.value_or("none"));
    }
};

// An archived client is not due for anything: leaving them out of the index keeps the due
// list from stepping over every client who stopped coming.
std::optional<DueEntry> expected_entry(Store& store, SQLite::Statement& facts) {
    if (facts.getColumn(9).getInt() != 0)
        return std::nullopt;
    auto next = next_due(read_facts(facts), store.due_rules());
    if (!next)
        return std::nullopt;
    return DueEntry{std::string(due_kind_name(next->kind)),
                    format_date(next->due),
                    format_date(next->overdue_after),
                    next->last_session ? std::optional(format_date(*next->last_session))
                                       : std::nullopt,
                    optional_text(facts, 8),
                    next->reason};
}

// Writes the index entries for every client the facts query returns.
void index_clients(Store& store, SQLite::Statement& facts) {
    // With the client's contact details, as the due list shows them (schema v9).
    auto& upsert = store.cached(
        "INSERT OR REPLACE INTO due (client_id, kind, due_on, overdue_after, last_session, "
        "booked_until, reason, client_uuid, name, phone, email, reminders_allowed, "
        "snoozed_until) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, uuid, name, phone, email, "
        "reminders_allowed, snoozed_until FROM client WHERE id = ?1");
    auto& remove = store.cached("DELETE FROM due WHERE client_id = ?");
    while (facts.executeStep()) {
        auto client_id = facts.getColumn(0).getInt64();
        auto entry = expected_entry(store, facts);
        if (!entry) {
            remove.bind(1, client_id);
            remove.exec();
            remove.reset();
            continue;
        }
        upsert.bind(1, client_id);
        upsert.bind(2, entry->kind);
        upsert.bind(3, entry->due_on);
        upsert.bind(4, entry->overdue_after);
        bind_optional(upsert, 5, entry->last_session);
        bind_optional(upsert, 6, entry->booked_until);
        upsert.bind(7, entry->reason);
        upsert.exec();
        upsert.reset();
    }
}

std::optional<std::string> rules_fingerprint(Store& store) {
    SQLite::Statement query(store.db(), "SELECT value FROM setting WHERE key = ?");
    query.bind(1, std::string(k_rules_key));
    return query.executeStep() ? std::optional(query.getColumn(0).getString()) : std::nullopt;
}

// What DueRow reads, in read_due_row's order; due_list_sql reads the same from the entry.
constexpr std::string_view k_due_columns =
    "c.id, c.uuid, c.name, c.phone, c.email, c.reminders_allowed, d.kind, d.due_on, "
    "d.overdue_after, d.last_session, d.booked_until, d.reason, c.snoozed_until, "
    "c.archived_at IS NOT NULL";

DueRow read_due_row(const RawRows& row) {
    DueRow out;
    out.client_id = row.integer(0);
    out.client_uuid = row.text(1);
    out.name = row.text(2);
    out.phone = optional_text(row, 3);
    out.email = optional_text(row, 4);
    out.reminders_allowed = row.integer(5) != 0;
    if (!row.is_null(6)) {
        NextDue next;
        next.kind = parse_due_kind(row.text(6));
        // The index is smp's own, but another tool may have written to it: a date that is not
        // one stops the command (exit 65) rather than being read as some other day.
        next.due = stored_date(row.text(7), "client", out.client_id);
        next.overdue_after = stored_date(row.text(8), "client", out.client_id);
        next.last_session = stored_optional_date(row, 9, "client", out.client_id);
        next.reason = row.text(11);
        out.next = next;
    }
    out.booked_until = stored_optional_date(row, 10, "client", out.client_id);
    out.snoozed_until = stored_optional_date(row, 12, "client", out.client_id);
    out.archived = row.integer(13) != 0;
    return out;
}

} // namespace

void refresh_due(Store& store, std::int64_t client_id) {
    auto& facts = store.cached(fmt::format(fmt::runtime(std::string(k_facts)), "WHERE c.id = ?"));
    facts.bind(1, client_id);
    index_clients(store, facts);
}

DueIndexCheck check_due_index(Store& store) {
    DueIndexCheck result;
    if (rules_fingerprint(store) != store.due_rules().fingerprint()) {
        result.built_by_other_rules = true;
        return result;
    }
    SQLite::Statement stored(store.db(), "SELECT kind, due_on, overdue_after, last_session, "
                                         "booked_until, reason FROM due WHERE client_id = ?");
    SQLite::Statement facts(store.db(), fmt::format(fmt::runtime(std::string(k_facts)), ""));
    while (facts.executeStep()) {
        auto client_id = facts.getColumn(0).getInt64();
        auto expected = expected_entry(store, facts);
        std::optional<DueEntry> found;
        stored.bind(1, client_id);
        if (stored.executeStep())
            found = DueEntry{stored.getColumn(0).getString(), stored.getColumn(1).getString(),
                             stored.getColumn(2).getString(), optional_text(stored, 3),
                             optional_text(stored, 4),        stored.getColumn(5).getString()};
        stored.reset();
        if (found != expected)
            result.problems.push_back(
                fmt::format("client {}: the index says {}, the sessions say {}", client_id,
                            found ? found->describe() : "nothing due",
                            expected ? expected->describe() : "nothing due"));
    }
    // The contact details each entry carries (schema v9) are the client's own.
    SQLite::Statement contacts(
        store.db(), "SELECT d.client_id, d.name, c.name FROM due d JOIN client c ON c.id = "
                    "d.client_id WHERE (d.client_uuid, d.name, d.phone, d.email, "
                    "d.reminders_allowed, d.snoozed_until) IS NOT (c.uuid, c.name, c.phone, "
                    "c.email, c.reminders_allowed, c.snoozed_until) ORDER BY d.client_id");
    while (contacts.executeStep())
        result.problems.push_back(fmt::format(
            "client {}: the index holds other contact details (name \"{}\") than the client's "
            "(name \"{}\")",
            contacts.getColumn(0).getInt64(), contacts.getColumn(1).getString(),
            contacts.getColumn(2).getString()));
    SQLite::Statement orphans(store.db(), "SELECT client_id FROM due WHERE client_id NOT IN "
                                          "(SELECT id FROM client)");
    while (orphans.executeStep())
        result.problems.push_back(fmt::format("entry for client {}, who does not exist",
                                              orphans.getColumn(0).getInt64()));
    return result;
}

bool use_due_rules(Store& store, const DueRules& rules, bool* stale) {
    store.set_due_rules(rules);
    auto built_by = [&] { return rules_fingerprint(store); };
    auto wanted = rules.fingerprint();
    if (built_by() == wanted)
        return false;
    if (sqlite3_db_readonly(store.db().getHandle(), "main") == 1) {
        if (stale)
            *stale = true;
        return false;
    }
    return store.write([&] {
        auto before = built_by(); // another smp may have rebuilt it while we waited
        if (before == wanted)
            return false;
        store.db().exec("DELETE FROM due");
        SQLite::Statement facts(store.db(), fmt::format(fmt::runtime(std::string(k_facts)), ""));
        index_clients(store, facts);
        SQLite::Statement remember(store.db(),
                                   "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)");
        remember.bind(1, std::string(k_rules_key));
        remember.bind(2, wanted);
        remember.exec();
        return before.has_value();
    });
}

std::string due_list_sql(const DueQuery& query) {
    // Everything read is in the due_on index (schema v9: the entry carries the client's contact
    // details), so booked and snoozed clients are skipped and due ones read without a look at
    // the due or client tables; archived clients have no entry.
    std::string where = "d.due_on <= :until AND (d.booked_until IS NULL OR d.booked_until < "
                        ":today) AND (d.snoozed_until IS NULL OR d.snoozed_until <= :today)";
    // Both kinds are named, so the index (kind first) is searched twice rather than scanned.
    where += query.kind ? " AND d.kind = :kind" : " AND d.kind IN ('followup', 'touchup')";
    if (query.overdue_only)
        where += " AND d.overdue_after < :today";
    return fmt::format("SELECT d.client_id, d.client_uuid, d.name, d.phone, d.email, "
                       "d.reminders_allowed, d.kind, d.due_on, d.overdue_after, d.last_session, "
                       "d.booked_until, d.reason, d.snoozed_until, 0 FROM due d WHERE {} ORDER "
                       "BY d.due_on, d.name, d.client_id",
                       where);
}

void for_each_due(Store& store, const DueQuery& query,
                  const std::function<void(const DueRow&)>& visit) {
    RawRows select(store, due_list_sql(query));
    select.bind(":until", format_date(query.until));
    select.bind(":today", format_date(query.today));
    if (query.kind)
        select.bind(":kind", due_kind_name(*query.kind));
    while (select.step())
        visit(read_due_row(select));
}

void for_each_next_due(Store& store, const std::function<void(const DueRow&)>& visit) {
    RawRows select(store, fmt::format("SELECT {} FROM client c LEFT JOIN due d ON d.client_id = "
                                      "c.id WHERE c.archived_at IS NULL ORDER BY d.due_on IS "
                                      "NULL, d.due_on, c.name, c.id",
                                      k_due_columns));
    while (select.step())
        visit(read_due_row(select));
}

DueRow due_for_client(Store& store, std::int64_t client_id) {
    RawRows select(store, fmt::format("SELECT {} FROM client c LEFT JOIN due d ON d.client_id = "
                                      "c.id WHERE c.id = :client",
                                      k_due_columns));
    select.bind(":client", client_id);
    if (!select.step())
        throw Error(Exit::data, fmt::format("no client has id {}", client_id));
    return read_due_row(select);
}

} // namespace smp::store
