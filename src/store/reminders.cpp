#include "rows.hpp"

#include <smp/store/reminders.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

namespace smp::store {

bool reminder_may_send(Store& store, const Reminder& reminder, Date today, const RepeatRule& rule) {
    if (rule.resend)
        return true;
    // Cached: a run asks once per message (a thousand for one cron job).
    auto& last = store.cached("SELECT max(sent_on) FROM reminder WHERE client_id = ? AND kind = ? "
                              "AND due_on = ? AND channel = ? AND session_id IS ?");
    last.bind(1, reminder.client_id);
    last.bind(2, std::string(message_kind_name(reminder.kind)));
    last.bind(3, reminder.due);
    last.bind(4, reminder.channel);
    bind_optional(last, 5, reminder.session_id);
    last.executeStep();
    auto sent_on = optional_text(last, 0);
    last.reset(); // a statement left on its row keeps the file's read lock
    if (!sent_on)
        return true;
    if (!rule.repeat)
        return false;
    return add_span(stored_date(*sent_on, "reminder of client", reminder.client_id),
                    *rule.repeat) <= today;
}

bool claim_reminder(Store& store, Reminder& reminder, Date today, const RepeatRule& rule) {
    if (!reminder_may_send(store, reminder, today, rule))
        return false;
    reminder.uuid = new_uuid();
    reminder.sent_on = today;
    reminder.sent_at = utc_now();
    reminder.id = 0;
    insert_reminder(store, reminder);
    return true;
}

void confirm_reminder(Store& store, std::int64_t id) {
    auto& update = store.cached("UPDATE reminder SET status = 'sent' WHERE id = ?");
    update.bind(1, id);
    update.exec();
}

void release_reminder(Store& store, std::int64_t id) {
    auto& remove = store.cached("DELETE FROM reminder WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
}

namespace {

constexpr const char* k_reminder_columns =
    "id, uuid, client_id, kind, due_on, channel, address, status, sent_on, sent_at, message, "
    "session_id";

Reminder read_reminder(SQLite::Statement& query) {
    Reminder r;
    r.id = query.getColumn(0).getInt64();
    r.uuid = query.getColumn(1).getString();
    r.client_id = query.getColumn(2).getInt64();
    r.kind = parse_message_kind(query.getColumn(3).getString());
    r.due = query.getColumn(4).getString();
    r.channel = query.getColumn(5).getString();
    r.address = query.getColumn(6).getString();
    r.status = query.getColumn(7).getString();
    r.sent_on = stored_date(query.getColumn(8).getText(), "reminder", r.id);
    r.sent_at = query.getColumn(9).getString();
    r.message = query.getColumn(10).getString();
    if (!query.getColumn(11).isNull())
        r.session_id = query.getColumn(11).getInt64();
    return r;
}

constexpr const char* k_attempt_columns =
    "id, uuid, client_id, kind, due_on, channel, address, attempted_on, attempted_at, outcome, "
    "exit_status, error, stderr_line, session_id";

SendAttempt read_attempt(SQLite::Statement& query) {
    SendAttempt a;
    a.id = query.getColumn(0).getInt64();
    a.uuid = query.getColumn(1).getString();
    a.client_id = query.getColumn(2).getInt64();
    a.kind = parse_message_kind(query.getColumn(3).getString());
    a.due = query.getColumn(4).getString();
    a.channel = query.getColumn(5).getString();
    a.address = query.getColumn(6).getString();
    a.attempted_on = stored_date(query.getColumn(7).getText(), "send attempt", a.id);
    a.attempted_at = query.getColumn(8).getString();
    a.outcome = query.getColumn(9).getString();
    if (!query.getColumn(10).isNull())
        a.exit_status = query.getColumn(10).getInt();
    a.error = optional_text(query, 11);
    a.stderr_line = optional_text(query, 12);
    if (!query.getColumn(13).isNull())
        a.session_id = query.getColumn(13).getInt64();
    return a;
}

// The id a record keeps, or NULL for the next free one.
void bind_id(SQLite::Statement& statement, int index, std::int64_t id) {
    if (id != 0)
        statement.bind(index, id);
    else
        statement.bind(index);
}

} // namespace

void for_each_reminder(Store& store, std::optional<std::int64_t> client_id,
                       const std::function<void(const Reminder&)>& visit) {
    SQLite::Statement query(store.db(), fmt::format("SELECT {} FROM reminder {} ORDER BY "
                                                    "sent_at, id",
                                                    k_reminder_columns,
                                                    client_id ? "WHERE client_id = ?" : ""));
    if (client_id)
        query.bind(1, *client_id);
    while (query.executeStep())
        visit(read_reminder(query));
}

std::vector<Reminder> unfinished_claims(Store& store, const std::string& instant) {
    SQLite::Statement query(store.db(), fmt::format("SELECT {} FROM reminder WHERE status = "
                                                    "'sending' AND sent_at < ? ORDER BY sent_at, "
                                                    "id",
                                                    k_reminder_columns));
    query.bind(1, instant);
    std::vector<Reminder> found;
    while (query.executeStep())
        found.push_back(read_reminder(query));
    return found;
}

std::optional<Reminder> reminder_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(
        store.db(), fmt::format("SELECT {} FROM reminder WHERE uuid = ?", k_reminder_columns));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_reminder(query);
}

void insert_reminder(Store& store, Reminder& r) {
    r.uuid = r.uuid.empty() ? new_uuid() : r.uuid;
    // Cached: a remind run inserts one per message.
    auto& insert = store.cached("INSERT INTO reminder (uuid, client_id, kind, due_on, channel, "
                                "address, status, sent_on, sent_at, message, id, session_id) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, r.uuid);
    insert.bind(2, r.client_id);
    insert.bind(3, std::string(message_kind_name(r.kind)));
    insert.bind(4, r.due);
    insert.bind(5, r.channel);
    insert.bind(6, r.address);
    insert.bind(7, r.status);
    insert.bind(8, format_date(r.sent_on));
    insert.bind(9, r.sent_at);
    insert.bind(10, r.message);
    bind_id(insert, 11, r.id);
    bind_optional(insert, 12, r.session_id);
    insert.exec();
    r.id = store.db().getLastInsertRowid();
}

std::optional<SendAttempt> attempt_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(
        store.db(), fmt::format("SELECT {} FROM send_attempt WHERE uuid = ?", k_attempt_columns));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_attempt(query);
}

bool booking_message_sent(Store& store, std::int64_t session_id) {
    SQLite::Statement query(store.db(),
                            "SELECT 1 FROM reminder WHERE session_id = ? AND kind IN ('booking', "
                            "'confirmation') AND status = 'sent' LIMIT 1");
    query.bind(1, session_id);
    return query.executeStep();
}

int reminders_sent(Store& store, std::int64_t client_id, DueKind kind, const std::string& due) {
    SQLite::Statement count(store.db(),
                            "SELECT count(*) FROM reminder WHERE client_id = ? AND kind = ? "
                            "AND due_on = ? AND status = 'sent'");
    count.bind(1, client_id);
    count.bind(2, std::string(message_kind_name(message_kind(kind))));
    count.bind(3, due);
    count.executeStep();
    return count.getColumn(0).getInt();
}

std::string file_consent_rule(Store& store) {
    SQLite::Statement query(store.db(),
                            "SELECT value FROM setting WHERE key = 'reminder.requires_consent'");
    return query.executeStep() ? query.getColumn(0).getString() : "none";
}

bool consent_holds(Store& store, std::int64_t client_id, std::string_view kind, Date today) {
    SQLite::Statement query(store.db(),
                            "SELECT 1 FROM consent WHERE client_id = ?1 AND kind = ?2 AND "
                            "signed_on <= ?3 AND (withdrawn_on IS NULL OR withdrawn_on > ?3) "
                            "LIMIT 1");
    query.bind(1, client_id);
    query.bind(2, std::string(kind));
    query.bind(3, format_date(today));
    return query.executeStep();
}

void record_attempt(Store& store, SendAttempt& a) {
    a.uuid = a.uuid.empty() ? new_uuid() : a.uuid;
    auto& insert = store.cached("INSERT INTO send_attempt (uuid, client_id, kind, due_on, channel, "
                                "address, attempted_on, attempted_at, outcome, exit_status, "
                                "error, stderr_line, id, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                "?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, a.uuid);
    insert.bind(2, a.client_id);
    insert.bind(3, std::string(message_kind_name(a.kind)));
    insert.bind(4, a.due);
    insert.bind(5, a.channel);
    insert.bind(6, a.address);
    insert.bind(7, format_date(a.attempted_on));
    insert.bind(8, a.attempted_at);
    insert.bind(9, a.outcome);
    if (a.exit_status)
        insert.bind(10, *a.exit_status);
    bind_optional(insert, 11, a.error);
    bind_optional(insert, 12, a.stderr_line);
    bind_id(insert, 13, a.id);
    bind_optional(insert, 14, a.session_id);
    insert.exec();
    a.id = store.db().getLastInsertRowid();
}

int failures_in_a_row(Store& store, const std::string& channel, const std::string& address) {
    auto& count = store.cached(
        "SELECT count(*) FROM send_attempt WHERE channel = ?1 AND address = ?2 AND outcome = "
        "'failed' AND id > coalesce((SELECT max(id) FROM send_attempt WHERE channel = ?1 AND "
        "address = ?2 AND outcome = 'sent'), 0)");
    count.bind(1, channel);
    count.bind(2, address);
    count.executeStep();
    int failures = count.getColumn(0).getInt();
    count.reset(); // a statement left on its row keeps the file's read lock
    return failures;
}

void for_each_attempt(Store& store, std::optional<std::int64_t> client_id,
                      const std::function<void(const SendAttempt&)>& visit) {
    SQLite::Statement query(store.db(),
                            fmt::format("SELECT {} FROM send_attempt {} ORDER BY id",
                                        k_attempt_columns, client_id ? "WHERE client_id = ?" : ""));
    if (client_id)
        query.bind(1, *client_id);
    while (query.executeStep())
        visit(read_attempt(query));
}

} // namespace smp::store
