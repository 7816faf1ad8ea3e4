#include "rows.hpp"

#include <smp/domain/text.hpp>
#include <smp/store/reminders.hpp>

#include <fmt/format.h>

namespace smp::store {

bool reminder_may_send(Store& store, const Reminder& reminder, Date today, const RepeatRule& rule) {
    if (rule.resend)
        return true;
    SQLite::Statement last(store.db(),
                           "SELECT max(sent_on) FROM reminder WHERE client_id = ? AND kind = ? "
                           "AND due_on = ? AND channel = ?");
    last.bind(1, reminder.client_id);
    last.bind(2, std::string(due_kind_name(reminder.kind)));
    last.bind(3, reminder.due);
    last.bind(4, reminder.channel);
    last.executeStep();
    auto sent_on = optional_text(last, 0);
    if (!sent_on)
        return true;
    if (!rule.repeat)
        return false;
    auto sent = parse_iso_date(*sent_on);
    return sent && add_span(*sent, *rule.repeat) <= today;
}

bool claim_reminder(Store& store, Reminder& reminder, Date today, const RepeatRule& rule) {
    if (!reminder_may_send(store, reminder, today, rule))
        return false;
    reminder.uuid = new_uuid();
    reminder.sent_on = format_date(today);
    reminder.sent_at = utc_now();
    SQLite::Statement insert(store.db(),
                             "INSERT INTO reminder (uuid, client_id, kind, due_on, channel, "
                             "address, status, sent_on, sent_at, message) VALUES (?, ?, ?, ?, ?, "
                             "?, ?, ?, ?, ?)");
    insert.bind(1, reminder.uuid);
    insert.bind(2, reminder.client_id);
    insert.bind(3, std::string(due_kind_name(reminder.kind)));
    insert.bind(4, reminder.due);
    insert.bind(5, reminder.channel);
    insert.bind(6, reminder.address);
    insert.bind(7, reminder.status);
    insert.bind(8, reminder.sent_on);
    insert.bind(9, reminder.sent_at);
    insert.bind(10, reminder.message);
    insert.exec();
    reminder.id = store.db().getLastInsertRowid();
    return true;
}

void confirm_reminder(Store& store, std::int64_t id) {
    SQLite::Statement update(store.db(), "UPDATE reminder SET status = 'sent' WHERE id = ?");
    update.bind(1, id);
    update.exec();
}

void release_reminder(Store& store, std::int64_t id) {
    SQLite::Statement remove(store.db(), "DELETE FROM reminder WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
}

void for_each_reminder(Store& store, std::optional<std::int64_t> client_id,
                       const std::function<void(const Reminder&)>& visit) {
    SQLite::Statement query(
        store.db(), fmt::format("SELECT id, uuid, client_id, kind, due_on, channel, address, "
                                "status, sent_on, sent_at, message FROM reminder {} ORDER BY "
                                "sent_at, id",
                                client_id ? "WHERE client_id = ?" : ""));
    if (client_id)
        query.bind(1, *client_id);
    while (query.executeStep()) {
        Reminder r;
        r.id = query.getColumn(0).getInt64();
        r.uuid = query.getColumn(1).getString();
        r.client_id = query.getColumn(2).getInt64();
        r.kind = parse_due_kind(query.getColumn(3).getString());
        r.due = query.getColumn(4).getString();
        r.channel = query.getColumn(5).getString();
        r.address = query.getColumn(6).getString();
        r.status = query.getColumn(7).getString();
        r.sent_on = query.getColumn(8).getString();
        r.sent_at = query.getColumn(9).getString();
        r.message = query.getColumn(10).getString();
        visit(r);
    }
}

} // namespace smp::store
