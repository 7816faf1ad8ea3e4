#include <smp/store/clients.hpp>
#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>

#include "records.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <string>
#include <vector>

using namespace smp;
using namespace smp::store;
using namespace smp::testing;

namespace {

Date day(const char* text) {
    return *parse_iso_date(text);
}

// Who is due on `today` within 30 days: "name kind due" per client, in order.
std::vector<std::string> due_list(Store& store, const char* today, int within_days = 30) {
    DueQuery query;
    query.today = day(today);
    query.until = add_span(query.today, Span{0, 0, within_days});
    std::vector<std::string> out;
    for_each_due(store, query, [&](const DueRow& row) {
        out.push_back(row.name + " " + std::string(due_kind_name(row.next->kind)) + " " +
                      format_date(row.next->due));
    });
    return out;
}

std::int64_t index_rows(Records& records) {
    return records.count("due");
}

// An email follow-up reminder to `client` for the due date 2026-06-03.
Reminder reminder_for(const Client& client, const std::string& status) {
    Reminder reminder;
    reminder.client_id = client.id;
    reminder.kind = MessageKind::followup;
    reminder.due = "2026-06-03";
    reminder.channel = "email";
    reminder.address = "ana@example.com";
    reminder.status = status;
    reminder.message = "hello";
    return reminder;
}

} // namespace

TEST_CASE("the due index follows every session write", "[due]") {
    Records records;
    auto ana = records.add_client("Ana");
    CHECK(index_rows(records) == 0); // nothing due before a first session
    auto first = records.add_session(ana, "2026-05-20");
    CHECK(due_list(records.store(), "2026-06-15") ==
          std::vector<std::string>{"Ana followup 2026-06-03"});

    // A second session moves the follow-up on.
    auto second = records.add_session(ana, "2026-06-10");
    CHECK(due_list(records.store(), "2026-06-15") ==
          std::vector<std::string>{"Ana followup 2026-06-24"});

    // Editing its date moves it again; deleting it brings the first one back.
    second.date = iso_day("2026-06-12");
    records.store().write([&] { update_session(records.store(), second); });
    CHECK(due_list(records.store(), "2026-06-15") ==
          std::vector<std::string>{"Ana followup 2026-06-26"});
    records.store().write([&] { delete_session(records.store(), second.id); });
    CHECK(due_list(records.store(), "2026-06-15") ==
          std::vector<std::string>{"Ana followup 2026-06-03"});

    // Cancelling the only session leaves nothing due.
    first.status = SessionStatus::cancelled;
    records.store().write([&] { update_session(records.store(), first); });
    CHECK(index_rows(records) == 0);
}

TEST_CASE("finishing the course turns the follow-up into a touch-up", "[due]") {
    Records records;
    auto bo = records.add_client("Bo");
    records.add_session(bo, "2022-01-10");
    records.add_session(bo, "2022-01-30");
    records.add_session(bo, "2022-02-20");
    CHECK(due_list(records.store(), "2026-02-01") ==
          std::vector<std::string>{"Bo touchup 2026-02-20"});
}

TEST_CASE("a booked session keeps a client off the due list until its day passes", "[due]") {
    Records records;
    auto ana = records.add_client("Ana");
    records.add_session(ana, "2026-05-20");
    records.add_session(ana, "2026-06-20", "scheduled");
    CHECK(due_list(records.store(), "2026-06-15").empty());
    CHECK(due_list(records.store(), "2026-06-20").empty()); // booked today still counts
    // A booking that was never marked done no longer hides them the day after.
    CHECK(due_list(records.store(), "2026-06-21").size() == 1);
}

TEST_CASE("snoozed and archived clients are not due", "[due]") {
    Records records;
    auto ana = records.add_client("Ana");
    records.add_session(ana, "2026-05-20");
    ana = *client_by_id(records.store(), ana.id);
    ana.snoozed_until = *parse_iso_date("2026-07-01");
    records.store().write([&] { update_client(records.store(), ana); });
    CHECK(due_list(records.store(), "2026-06-15").empty());
    CHECK(due_list(records.store(), "2026-07-01").size() == 1); // the snooze date itself is due
    ana.snoozed_until.reset();
    ana.archived_at = "2026-06-01T00:00:00Z";
    records.store().write([&] { update_client(records.store(), ana); });
    CHECK(due_list(records.store(), "2026-06-15").empty());
    // An archived client leaves the index, so the due list never steps over them...
    CHECK(index_rows(records) == 0);
    CHECK_FALSE(due_for_client(records.store(), ana.id).next);
    // ...and is back, due as before, once unarchived.
    ana.archived_at.reset();
    records.store().write([&] { update_client(records.store(), ana); });
    CHECK(due_list(records.store(), "2026-06-15") ==
          std::vector<std::string>{"Ana followup 2026-06-03"});
}

TEST_CASE("the within window is inclusive and overdue clients stay listed", "[due]") {
    Records records;
    auto ana = records.add_client("Ana"), bo = records.add_client("Bo");
    records.add_session(ana, "2026-05-20"); // due 2026-06-03
    records.add_session(bo, "2026-06-16");  // due 2026-06-30
    CHECK(due_list(records.store(), "2026-06-15", 14).size() == 1);
    CHECK(due_list(records.store(), "2026-06-15", 15) ==
          std::vector<std::string>{"Ana followup 2026-06-03", "Bo followup 2026-06-30"});
    DueQuery overdue{iso_day("2026-06-19"), iso_day("2026-07-19"), std::nullopt, true};
    int count = 0;
    for_each_due(records.store(), overdue, [&](const DueRow&) { ++count; });
    CHECK(count == 0); // due, but not yet past the 30-day maximum gap
    for_each_due(records.store(),
                 DueQuery{iso_day("2026-06-20"), iso_day("2026-07-20"), std::nullopt, true},
                 [&](const DueRow& row) {
                     CHECK(row.name == "Ana");
                     ++count;
                 });
    CHECK(count == 1);
}

TEST_CASE("changed rules rebuild the index once", "[due]") {
    Records records;
    auto ana = records.add_client("Ana");
    records.add_session(ana, "2026-05-20");
    CHECK_FALSE(use_due_rules(records.store(), DueRules{})); // first build: not a change
    CHECK_FALSE(use_due_rules(records.store(), DueRules{}));
    DueRules weekly;
    weekly.course_gap = Span{0, 0, 7};
    CHECK(use_due_rules(records.store(), weekly));
    CHECK(due_list(records.store(), "2026-06-15") ==
          std::vector<std::string>{"Ana followup 2026-05-27"});
    CHECK_FALSE(use_due_rules(records.store(), weekly));
}

TEST_CASE("touch-up settings on the client move the due date", "[due]") {
    Records records;
    auto bo = records.add_client("Bo", 1);
    records.add_session(bo, "2024-01-10");
    bo = *client_by_id(records.store(), bo.id);
    bo.touchup_every = "2y";
    records.store().write([&] { update_client(records.store(), bo); });
    CHECK(format_date(due_for_client(records.store(), bo.id).next->due) == "2026-01-10");
    bo.touchup_due = *parse_iso_date("2026-09-01");
    records.store().write([&] { update_client(records.store(), bo); });
    CHECK(format_date(due_for_client(records.store(), bo.id).next->due) == "2026-09-01");
}

TEST_CASE("a reminder is claimed once per client, due date, kind and channel", "[reminder]") {
    Records records;
    auto reminder = reminder_for(records.add_client("Ana"), "sent");
    auto claim = [&](Reminder r, const char* today, RepeatRule rule = {}) {
        return records.store().write(
            [&] { return claim_reminder(records.store(), r, day(today), rule); });
    };
    CHECK(claim(reminder, "2026-06-15"));
    CHECK_FALSE(claim(reminder, "2026-06-15"));
    CHECK_FALSE(claim(reminder, "2026-08-15"));
    auto sms = reminder;
    sms.channel = "sms";
    CHECK(claim(sms, "2026-06-15")); // another channel is another reminder
    auto later = reminder;
    later.due = "2026-07-01";
    CHECK(claim(later, "2026-06-15")); // a new due date is a new reminder
    CHECK(claim(reminder, "2026-06-15", RepeatRule{true, std::nullopt}));
    RepeatRule monthly{false, Span{0, 0, 30}};
    CHECK_FALSE(claim(reminder, "2026-07-14", monthly));
    CHECK(claim(reminder, "2026-07-15", monthly));
    CHECK(records.count("reminder") == 5);
}

TEST_CASE("a released claim can be sent again; a confirmed one cannot", "[reminder]") {
    Records records;
    auto ana = records.add_client("Ana");
    auto r = reminder_for(ana, "sending");
    auto& store = records.store();
    REQUIRE(store.write([&] { return claim_reminder(store, r, iso_day("2026-06-15"), {}); }));
    store.write([&] { release_reminder(store, r.id); });
    REQUIRE(store.write([&] { return claim_reminder(store, r, iso_day("2026-06-15"), {}); }));
    store.write([&] { confirm_reminder(store, r.id); });
    CHECK_FALSE(store.write([&] { return claim_reminder(store, r, iso_day("2026-06-15"), {}); }));
    std::vector<std::string> statuses;
    for_each_reminder(store, ana.id,
                      [&](const Reminder& sent) { statuses.push_back(sent.status); });
    CHECK(statuses == std::vector<std::string>{"sent"});
}

TEST_CASE("the due list reads the due_on index alone: no due or client row", "[due]") {
    Records records;
    DueQuery query{iso_day("2026-06-15"), iso_day("2026-07-15"), DueKind::touchup, true};
    auto plan = query_plan(records.store(), due_list_sql(query));
    CHECK_THAT(plan, Catch::Matchers::Contains("COVERING INDEX due_on (kind=? AND due_on<?)"));
    CHECK_THAT(plan, !Catch::Matchers::Contains("client") && !Catch::Matchers::Contains("SCAN"));
    query.kind.reset(); // both kinds: two searches, still no scan
    auto both = query_plan(records.store(), due_list_sql(query));
    CHECK_THAT(both, Catch::Matchers::Contains("COVERING INDEX due_on (kind=? AND due_on<?)"));
    CHECK_THAT(both, !Catch::Matchers::Contains("SCAN"));
    // Booking and snooze come next in the index, so a booked or snoozed client is skipped at
    // the cost of an index entry; the contact details shown follow.
    SQLite::Statement columns(records.store().db(), "SELECT name FROM pragma_index_info('due_on')");
    std::vector<std::string> indexed;
    while (columns.executeStep())
        indexed.push_back(columns.getColumn(0).getString());
    CHECK(indexed == std::vector<std::string>{"kind", "due_on", "booked_until", "overdue_after",
                                              "last_session", "reason", "snoozed_until", "name",
                                              "client_uuid", "phone", "email",
                                              "reminders_allowed"});
}

TEST_CASE("the due list shows each client's contact details as they are now", "[due]") {
    Records records;
    use_due_rules(records.store(), DueRules{}); // as every command does: check compares
    auto ana = records.add_client("Ana");
    records.add_session(ana, "2026-05-20");
    auto listed = [&] {
        DueQuery query{iso_day("2026-06-15"), iso_day("2026-07-15"), std::nullopt, false};
        std::vector<DueRow> rows;
        for_each_due(records.store(), query, [&](const DueRow& row) { rows.push_back(row); });
        REQUIRE(rows.size() == 1);
        return rows.front();
    };
    CHECK(listed().name == "Ana");
    CHECK(listed().client_uuid == ana.uuid);
    ana = *client_by_id(records.store(), ana.id);
    ana.name = "Ana Lima";
    ana.phone = "+44 7700 900001";
    ana.email = "ana@example.com";
    ana.reminders_allowed = false;
    records.store().write([&] { update_client(records.store(), ana); });
    auto row = listed();
    CHECK(row.name == "Ana Lima");
    CHECK(row.phone == "+44 7700 900001");
    CHECK(row.email == "ana@example.com");
    CHECK_FALSE(row.reminders_allowed);
    CHECK_FALSE(row.archived);
    // Another program changing the client (sqlite3 by hand) is followed too.
    records.store().db().exec("UPDATE client SET name = 'Ana Lima-Costa', phone = NULL");
    CHECK(listed().name == "Ana Lima-Costa");
    CHECK_FALSE(listed().phone);
    auto clean = check_due_index(records.store());
    CHECK_FALSE(clean.built_by_other_rules);
    CHECK(clean.problems.empty());
    // A copy that differs from the client's is a problem `smp check` names.
    records.store().db().exec("UPDATE due SET name = 'Someone Else'");
    auto problems = check_due_index(records.store()).problems;
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == fmt::format("client {}: the index holds other contact details (name "
                                     "\"Someone Else\") than the client's (name "
                                     "\"Ana Lima-Costa\")",
                                     ana.id));
}
