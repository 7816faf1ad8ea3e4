#include <smp/domain/client.hpp>
#include <smp/domain/session.hpp>
#include <smp/error.hpp>
#include <smp/store/backup.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/store.hpp>

#include <smp/store/shades.hpp>

#include "records.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "../error_from.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace smp;
using smp::testing::error_from;
using namespace smp::store;
using Catch::Matchers::Contains;
using namespace smp::testing;

namespace {

SessionFilter for_client(const Client& client) {
    SessionFilter filter;
    filter.client_id = client.id;
    return filter;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// insert_session / resolve_session

TEST_CASE("insert_session: sets id, uuid and times", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto first = records.add_session(client, "2026-01-05");
    auto second = records.add_session(client, "2026-01-20");
    CHECK(first.id > 0);
    CHECK(second.id > first.id);
    CHECK(first.uuid.size() == 36);
    CHECK(first.uuid != second.uuid);
    CHECK_FALSE(first.created_at.empty());
    CHECK(first.updated_at == first.created_at);
}

TEST_CASE("insert_session: every field survives the round trip through resolve_session",
          "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    Session session;
    session.client_id = client.id;
    session.date = iso_day("2026-02-10");
    session.time = at(9, 30);
    session.duration = 150;
    session.status = SessionStatus::scheduled;
    session.kind = SessionKind::correction;
    session.final = true;
    session.areas = {"hairline", "crown"};
    session.needle = Needle{3, "RL", 250};
    session.depth_mm = 0.8;
    session.machine = "Dragonhawk";
    session.voltage = 7.5;
    session.numbing = "lidocaine 5%";
    session.pain = 4;
    session.price = 120050;
    session.currency = "EUR";
    session.notes = "softer at the temples";
    session.cancel_reason = "none yet";
    records.store().write([&] { insert_session(records.store(), session); });

    auto stored = resolve_session(records.store(), std::to_string(session.id));
    CHECK(stored.id == session.id);
    CHECK(stored.uuid == session.uuid);
    CHECK(stored.client_id == client.id);
    CHECK(stored.date == iso_day("2026-02-10"));
    CHECK(stored.time == at(9, 30));
    CHECK(stored.duration == 150);
    CHECK(stored.status == SessionStatus::scheduled);
    CHECK(stored.kind == SessionKind::correction);
    CHECK(stored.final);
    CHECK(stored.areas == std::vector<std::string>{"hairline", "crown"});
    REQUIRE(stored.needle);
    CHECK(*stored.needle == Needle{3, "RL", 250});
    REQUIRE(stored.depth_mm);
    CHECK(*stored.depth_mm == Approx(0.8));
    CHECK(stored.machine == "Dragonhawk");
    REQUIRE(stored.voltage);
    CHECK(*stored.voltage == Approx(7.5));
    CHECK(stored.numbing == "lidocaine 5%");
    CHECK(stored.pain == 4);
    CHECK(stored.price == 120050);
    CHECK(stored.currency == "EUR");
    CHECK(stored.notes == "softer at the temples");
    CHECK(stored.cancel_reason == "none yet");
    CHECK(stored.created_at == session.created_at);
    CHECK(stored.updated_at == session.updated_at);
}

TEST_CASE("insert_session: empty optional fields stay empty", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto session = records.add_session(client, "2026-01-05");
    auto stored = resolve_session(records.store(), std::to_string(session.id));
    CHECK_FALSE(stored.time);
    CHECK_FALSE(stored.duration);
    CHECK(stored.areas.empty());
    CHECK_FALSE(stored.needle);
    CHECK_FALSE(stored.depth_mm);
    CHECK_FALSE(stored.machine);
    CHECK_FALSE(stored.voltage);
    CHECK_FALSE(stored.numbing);
    CHECK_FALSE(stored.pain);
    CHECK_FALSE(stored.price);
    CHECK_FALSE(stored.currency);
    CHECK_FALSE(stored.notes);
    CHECK_FALSE(stored.cancel_reason);
    CHECK_FALSE(stored.final);
}

TEST_CASE("resolve_session: a session by its id", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    auto second = records.add_session(client, "2026-01-20", "scheduled");
    auto found = resolve_session(records.store(), std::to_string(second.id));
    CHECK(found.id == second.id);
    CHECK(found.date == iso_day("2026-01-20"));
    CHECK(found.status == SessionStatus::scheduled);
}

TEST_CASE("resolve_session: a reference that is not a number is a data error", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    for (std::string_view reference : {"abc", "", "-1", "1a", "1.0", "Sam", " 1"}) {
        INFO("reference: \"" << reference << "\"");
        auto error = error_from([&] { resolve_session(records.store(), reference); });
        CHECK(error.code() == Exit::data);
    }
    CHECK_THAT(error_from([&] { resolve_session(records.store(), "Sam"); }).what(),
               Contains("\"Sam\""));
}

TEST_CASE("resolve_session: an unknown id is a data error", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    auto error = error_from([&] { resolve_session(records.store(), "999"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("999"));
    CHECK(error_from([&] { resolve_session(records.store(), "0"); }).code() == Exit::data);
    CHECK(error_from([&] { resolve_session(records.store(), "99999999999999999"); }).code() ==
          Exit::data);
}

// ---------------------------------------------------------------------------------------------
// Course numbering

TEST_CASE("course numbering: done and booked course sessions numbered by date", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    // Inserted out of date order: the number follows the date, not the id.
    auto third = records.add_session(client, "2026-02-10", "scheduled");
    auto first = records.add_session(client, "2026-01-05");
    auto second = records.add_session(client, "2026-01-20");
    auto numbers = records.numbers();
    CHECK(numbers[first.id] == 1);
    CHECK(numbers[second.id] == 2);
    CHECK(numbers[third.id] == 3);
    for (const auto& row : records.rows())
        CHECK(row.course_planned == 3);
}

TEST_CASE("course numbering: cancelled sessions take no number", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto first = records.add_session(client, "2026-01-05");
    auto cancelled = records.add_session(client, "2026-01-12", "cancelled");
    auto second = records.add_session(client, "2026-01-20");
    auto numbers = records.numbers();
    CHECK(numbers[first.id] == 1);
    CHECK(numbers[cancelled.id] == 0);
    CHECK(numbers[second.id] == 2);
}

TEST_CASE("course numbering: no-shows take no number", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto missed = records.add_session(client, "2026-01-02", "no-show");
    auto first = records.add_session(client, "2026-01-05");
    auto booked = records.add_session(client, "2026-01-25", "scheduled");
    auto numbers = records.numbers();
    CHECK(numbers[missed.id] == 0);
    CHECK(numbers[first.id] == 1);
    CHECK(numbers[booked.id] == 2);
}

TEST_CASE("course numbering: touch-ups, corrections and consults take no number", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto consult = records.add_session(client, "2025-12-20", "done", "consult");
    auto first = records.add_session(client, "2026-01-05");
    auto correction = records.add_session(client, "2026-01-10", "done", "correction");
    auto second = records.add_session(client, "2026-01-20");
    auto touchup = records.add_session(client, "2026-06-01", "done", "touchup");
    auto numbers = records.numbers();
    CHECK(numbers[consult.id] == 0);
    CHECK(numbers[first.id] == 1);
    CHECK(numbers[correction.id] == 0);
    CHECK(numbers[second.id] == 2);
    CHECK(numbers[touchup.id] == 0);
}

TEST_CASE("course numbering: on one date by time, then by id", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto afternoon = records.add_session(client, "2026-01-05", "done", "course", at(14, 0));
    auto morning = records.add_session(client, "2026-01-05", "done", "course", at(9, 30));
    auto first_untimed = records.add_session(client, "2026-01-06");
    auto second_untimed = records.add_session(client, "2026-01-06");
    auto numbers = records.numbers();
    CHECK(numbers[morning.id] == 1);
    CHECK(numbers[afternoon.id] == 2);
    CHECK(numbers[first_untimed.id] == 3);
    CHECK(numbers[second_untimed.id] == 4);
}

TEST_CASE("course numbering: each client is numbered on their own", "[sessions]") {
    Records records;
    auto sam = records.add_client("Sam Okafor");
    auto lee = records.add_client("Lee Park");
    auto sam1 = records.add_session(sam, "2026-01-05");
    auto lee1 = records.add_session(lee, "2026-01-06");
    auto sam2 = records.add_session(sam, "2026-01-20");
    auto lee2 = records.add_session(lee, "2026-01-21");
    auto lee3 = records.add_session(lee, "2026-02-10", "scheduled");
    auto numbers = records.numbers();
    CHECK(numbers[sam1.id] == 1);
    CHECK(numbers[sam2.id] == 2);
    CHECK(numbers[lee1.id] == 1);
    CHECK(numbers[lee2.id] == 2);
    CHECK(numbers[lee3.id] == 3);
    // The same numbers when listing one client.
    auto lee_numbers = records.numbers(for_client(lee));
    CHECK(lee_numbers.size() == 3);
    CHECK(lee_numbers[lee1.id] == 1);
    CHECK(lee_numbers[lee3.id] == 3);
}

TEST_CASE("course numbering: a session inserted earlier in time renumbers later ones",
          "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto january = records.add_session(client, "2026-01-20");
    auto february = records.add_session(client, "2026-02-15", "scheduled");
    CHECK(records.number_of(january) == 1);
    CHECK(records.number_of(february) == 2);

    auto earlier = records.add_session(client, "2026-01-05");
    CHECK(records.number_of(earlier) == 1);
    CHECK(records.number_of(january) == 2);
    CHECK(records.number_of(february) == 3);
}

TEST_CASE("course numbering: cancelling or removing a session renumbers later ones", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto first = records.add_session(client, "2026-01-05");
    auto second = records.add_session(client, "2026-01-20", "scheduled");
    auto third = records.add_session(client, "2026-02-10", "scheduled");

    second.status = SessionStatus::cancelled;
    records.store().write([&] { update_session(records.store(), second); });
    CHECK(records.number_of(first) == 1);
    CHECK(records.number_of(second) == 0);
    CHECK(records.number_of(third) == 2);

    records.store().write([&] { delete_session(records.store(), first.id); });
    CHECK(records.number_of(third) == 1);
}

TEST_CASE("course numbering: moving a session to another date renumbers", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto first = records.add_session(client, "2026-01-05");
    auto booked = records.add_session(client, "2026-02-10", "scheduled");
    auto also_booked = records.add_session(client, "2026-03-10", "scheduled");
    also_booked.date = iso_day("2026-01-25");
    records.store().write([&] { update_session(records.store(), also_booked); });
    CHECK(records.number_of(first) == 1);
    CHECK(records.number_of(also_booked) == 2);
    CHECK(records.number_of(booked) == 3);
}

TEST_CASE("course numbering: a filtered listing keeps the numbers of the whole course",
          "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-20");
    auto booked = records.add_session(client, "2026-02-10", "scheduled");

    SessionFilter scheduled;
    scheduled.status = SessionStatus::scheduled;
    auto rows = records.rows(scheduled);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].session.id == booked.id);
    CHECK(rows[0].course_number == 3);

    SessionFilter from;
    from.client_id = client.id;
    from.from = iso_day("2026-02-01");
    rows = records.rows(from);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].course_number == 3);
}

TEST_CASE("course numbering: session_row agrees with the listing", "[sessions]") {
    Records records;
    auto sam = records.add_client("Sam Okafor");
    auto lee = records.add_client("Lee Park");
    records.add_session(lee, "2026-01-01");
    records.add_session(sam, "2026-01-05");
    records.add_session(sam, "2026-01-08", "cancelled");
    records.add_session(sam, "2026-01-20", "done", "touchup");
    records.add_session(sam, "2026-02-10", "scheduled");
    for (const auto& row : records.rows()) {
        INFO("session " << row.session.id);
        auto single = session_row(records.store(), row.session.id, k_default_planned);
        CHECK(single.session.id == row.session.id);
        CHECK(single.course_number == row.course_number);
        CHECK(single.course_planned == row.course_planned);
        CHECK(single.client_name == row.client_name);
    }
}

TEST_CASE("course numbering: the plan is the client's own, else the default", "[sessions]") {
    Records records;
    auto own = records.add_client("Sam Okafor", 5);
    auto usual = records.add_client("Lee Park");
    auto own_session = records.add_session(own, "2026-01-05");
    auto usual_session = records.add_session(usual, "2026-01-05");
    auto own_row = session_row(records.store(), own_session.id, 4);
    auto usual_row = session_row(records.store(), usual_session.id, 4);
    CHECK(own_row.course_planned == 5);
    CHECK(usual_row.course_planned == 4);
    CHECK(own_row.client_name == "Sam Okafor");
    CHECK(usual_row.client_name == "Lee Park");
    for (const auto& row : records.rows({}, 2))
        CHECK(row.course_planned == (row.session.client_id == own.id ? 5 : 2));
}

// ---------------------------------------------------------------------------------------------
// for_each_session

TEST_CASE("for_each_session: newest first, by date then time then id", "[sessions]") {
    Records records;
    auto sam = records.add_client("Sam Okafor");
    auto lee = records.add_client("Lee Park");
    auto a = records.add_session(sam, "2026-01-05", "done", "course", at(14, 0));
    auto b = records.add_session(lee, "2026-03-01", "scheduled");
    auto c = records.add_session(sam, "2026-01-05", "done", "course", at(9, 0));
    auto d = records.add_session(lee, "2025-12-31");
    auto e = records.add_session(sam, "2026-01-05");
    auto f = records.add_session(sam, "2026-01-05");
    CHECK(records.ids() == std::vector<std::int64_t>{b.id, a.id, c.id, f.id, e.id, d.id});
}

TEST_CASE("for_each_session: nothing to list", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    CHECK(records.rows().empty());
    CHECK(records.rows(for_client(client)).empty());
}

TEST_CASE("for_each_session: filter by client", "[sessions]") {
    Records records;
    auto sam = records.add_client("Sam Okafor");
    auto lee = records.add_client("Lee Park");
    auto sam1 = records.add_session(sam, "2026-01-05");
    auto lee1 = records.add_session(lee, "2026-01-06");
    auto sam2 = records.add_session(sam, "2026-01-20", "cancelled");
    CHECK(records.ids(for_client(sam)) == std::vector<std::int64_t>{sam2.id, sam1.id});
    CHECK(records.ids(for_client(lee)) == std::vector<std::int64_t>{lee1.id});
    for (const auto& row : records.rows(for_client(lee)))
        CHECK(row.client_name == "Lee Park");
}

TEST_CASE("for_each_session: from and to are inclusive", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto before = records.add_session(client, "2026-01-04");
    auto from_day = records.add_session(client, "2026-01-05");
    auto inside = records.add_session(client, "2026-01-15");
    auto to_day = records.add_session(client, "2026-01-31", "scheduled");
    auto after = records.add_session(client, "2026-02-01", "scheduled");

    SessionFilter range;
    range.from = iso_day("2026-01-05");
    range.to = iso_day("2026-01-31");
    CHECK(records.ids(range) == std::vector<std::int64_t>{to_day.id, inside.id, from_day.id});

    SessionFilter from_only;
    from_only.from = iso_day("2026-01-31");
    CHECK(records.ids(from_only) == std::vector<std::int64_t>{after.id, to_day.id});

    SessionFilter to_only;
    to_only.to = iso_day("2026-01-05");
    CHECK(records.ids(to_only) == std::vector<std::int64_t>{from_day.id, before.id});

    SessionFilter one_day;
    one_day.from = one_day.to = iso_day("2026-01-15");
    CHECK(records.ids(one_day) == std::vector<std::int64_t>{inside.id});
}

TEST_CASE("for_each_session: filter by status", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto done = records.add_session(client, "2026-01-05");
    auto cancelled = records.add_session(client, "2026-01-12", "cancelled");
    auto missed = records.add_session(client, "2026-01-15", "no-show");
    auto booked = records.add_session(client, "2026-02-10", "scheduled");
    SessionFilter filter;
    filter.status = SessionStatus::done;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{done.id});
    filter.status = SessionStatus::cancelled;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{cancelled.id});
    filter.status = SessionStatus::no_show;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{missed.id});
    filter.status = SessionStatus::scheduled;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{booked.id});
}

TEST_CASE("for_each_session: filter by kind", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto course = records.add_session(client, "2026-01-05");
    auto touchup = records.add_session(client, "2026-06-01", "done", "touchup");
    auto consult = records.add_session(client, "2025-12-01", "done", "consult");
    SessionFilter filter;
    filter.kind = SessionKind::touchup;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{touchup.id});
    filter.kind = SessionKind::consult;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{consult.id});
    filter.kind = SessionKind::course;
    CHECK(records.ids(filter) == std::vector<std::int64_t>{course.id});
    filter.kind = SessionKind::correction;
    CHECK(records.ids(filter).empty());
}

TEST_CASE("for_each_session: filters combine", "[sessions]") {
    Records records;
    auto sam = records.add_client("Sam Okafor");
    auto lee = records.add_client("Lee Park");
    records.add_session(sam, "2026-01-05");
    auto wanted = records.add_session(sam, "2026-02-10", "scheduled");
    records.add_session(sam, "2026-03-10", "scheduled");
    records.add_session(sam, "2026-02-12", "scheduled", "touchup");
    records.add_session(lee, "2026-02-11", "scheduled");
    SessionFilter filter;
    filter.client_id = sam.id;
    filter.from = iso_day("2026-02-01");
    filter.to = iso_day("2026-02-28");
    filter.status = SessionStatus::scheduled;
    filter.kind = SessionKind::course;
    auto rows = records.rows(filter);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].session.id == wanted.id);
    CHECK(rows[0].course_number == 2);
}

// ---------------------------------------------------------------------------------------------
// course_state

TEST_CASE("course_state: the plan is the client's own, else the default", "[sessions]") {
    Records records;
    auto own = records.add_client("Sam Okafor", 5);
    auto usual = records.add_client("Lee Park");
    CHECK(course_state(records.store(), own, 3).planned == 5);
    CHECK(course_state(records.store(), usual, 3).planned == 3);
    CHECK(course_state(records.store(), usual, 4).planned == 4);
}

TEST_CASE("course_state: a client with no sessions", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto state = course_state(records.store(), client, 3);
    CHECK(state.done == 0);
    CHECK(state.scheduled == 0);
    CHECK_FALSE(state.finalised);
    CHECK_FALSE(state.finished());
    CHECK(default_session_kind(state) == SessionKind::course);
}

TEST_CASE("course_state: counts done and booked course sessions only", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    records.add_session(client, "2025-12-01", "done", "consult");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-12", "cancelled");
    records.add_session(client, "2026-01-15", "no-show");
    records.add_session(client, "2026-01-20");
    records.add_session(client, "2026-02-10", "scheduled");
    records.add_session(client, "2026-02-11", "scheduled", "correction");
    records.add_session(other, "2026-01-06");
    records.add_session(other, "2026-02-06", "scheduled");
    auto state = course_state(records.store(), client, 3);
    CHECK(state.planned == 3);
    CHECK(state.done == 2);
    CHECK(state.scheduled == 1);
    CHECK_FALSE(state.finalised);
    CHECK_FALSE(state.finished());
    CHECK(default_session_kind(state) ==
          SessionKind::touchup); // two done and one booked fill the plan
}

TEST_CASE("course_state: the planned sessions done finish the course", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-20");
    records.add_session(client, "2026-02-10");
    auto state = course_state(records.store(), client, 3);
    CHECK(state.done == 3);
    CHECK(state.finished());
    CHECK(default_session_kind(state) == SessionKind::touchup);
}

TEST_CASE("course_state: finalised by a done session logged as final", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-20", "done", "course", std::nullopt, true);
    auto state = course_state(records.store(), client, 3);
    CHECK(state.done == 2);
    CHECK(state.finalised);
    CHECK(state.finished());
    CHECK(default_session_kind(state) == SessionKind::touchup);
}

TEST_CASE("course_state: a booked, cancelled or missed final session does not finalise",
          "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-20", "scheduled", "course", std::nullopt, true);
    records.add_session(client, "2026-01-12", "cancelled", "course", std::nullopt, true);
    records.add_session(client, "2026-01-15", "no-show", "course", std::nullopt, true);
    auto state = course_state(records.store(), client, 3);
    CHECK_FALSE(state.finalised);
    CHECK_FALSE(state.finished());
}

TEST_CASE("course_state: another client's final session does not finalise", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    records.add_session(other, "2026-01-20", "done", "course", std::nullopt, true);
    CHECK_FALSE(course_state(records.store(), client, 3).finalised);
    CHECK(course_state(records.store(), other, 3).finalised);
}

TEST_CASE("course_state: excluding leaves one session out", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto first = records.add_session(client, "2026-01-05");
    auto final = records.add_session(client, "2026-01-20", "done", "course", std::nullopt, true);
    auto booked = records.add_session(client, "2026-02-10", "scheduled");

    auto without_final = course_state(records.store(), client, 3, final.id);
    CHECK(without_final.done == 1);
    CHECK(without_final.scheduled == 1);
    CHECK_FALSE(without_final.finalised);

    auto without_booked = course_state(records.store(), client, 3, booked.id);
    CHECK(without_booked.done == 2);
    CHECK(without_booked.scheduled == 0);
    CHECK(without_booked.finalised);

    auto without_first = course_state(records.store(), client, 3, first.id);
    CHECK(without_first.done == 1);
    CHECK(without_first.scheduled == 1);

    auto everything = course_state(records.store(), client, 3);
    CHECK(everything.done == 2);
    CHECK(everything.scheduled == 1);
}

// ---------------------------------------------------------------------------------------------
// previous_done_date

TEST_CASE("previous_done_date: the latest done session on or before the date", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-20", "done", "touchup");
    records.add_session(client, "2026-02-20");
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-02-01"), std::nullopt) ==
          iso_day("2026-01-20"));
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-01-20"), std::nullopt) ==
          iso_day("2026-01-20"));
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-01-19"), std::nullopt) ==
          iso_day("2026-01-05"));
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-03-01"), std::nullopt) ==
          iso_day("2026-02-20"));
}

TEST_CASE("previous_done_date: none before the first session", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    CHECK_FALSE(
        previous_done_date(records.store(), client.id, iso_day("2026-01-01"), std::nullopt));
    records.add_session(client, "2026-01-05");
    CHECK_FALSE(
        previous_done_date(records.store(), client.id, iso_day("2026-01-04"), std::nullopt));
}

TEST_CASE("previous_done_date: booked, cancelled and missed sessions do not count", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-10", "scheduled");
    records.add_session(client, "2026-01-12", "cancelled");
    records.add_session(client, "2026-01-15", "no-show");
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-01-20"), std::nullopt) ==
          iso_day("2026-01-05"));
}

TEST_CASE("previous_done_date: other clients' sessions do not count", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    records.add_session(client, "2026-01-05");
    records.add_session(other, "2026-01-15");
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-01-20"), std::nullopt) ==
          iso_day("2026-01-05"));
}

TEST_CASE("previous_done_date: excluding the session being edited", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-01-05");
    auto edited = records.add_session(client, "2026-01-20");
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-01-20"), edited.id) ==
          iso_day("2026-01-05"));
    CHECK(previous_done_date(records.store(), client.id, iso_day("2026-01-20"), std::nullopt) ==
          iso_day("2026-01-20"));
}

// ---------------------------------------------------------------------------------------------
// attendance

TEST_CASE("attendance: counts of cancellations and no-shows", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-12", "cancelled");
    records.add_session(client, "2026-01-13", "cancelled", "touchup");
    records.add_session(client, "2026-01-15", "no-show");
    records.add_session(client, "2026-02-10", "scheduled");
    records.add_session(other, "2026-01-16", "no-show");
    records.add_session(other, "2026-01-17", "cancelled");
    auto seen = attendance(records.store(), client, "2026-01-20", k_default_planned);
    CHECK(seen.sessions == 5);
    CHECK(seen.cancelled == 2);
    CHECK(seen.no_shows == 1);
}

TEST_CASE("attendance: a client with no sessions", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto seen = attendance(records.store(), client, "2026-01-20", k_default_planned);
    CHECK(seen.sessions == 0);
    CHECK(seen.cancelled == 0);
    CHECK(seen.no_shows == 0);
    CHECK_FALSE(seen.next_booked);
}

TEST_CASE("attendance: the next booked session is the earliest on or after today", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    records.add_session(client, "2026-01-05");
    records.add_session(client, "2026-01-18", "scheduled"); // overdue: before today
    records.add_session(client, "2026-01-21", "cancelled");
    auto later = records.add_session(client, "2026-03-10", "scheduled");
    auto next = records.add_session(client, "2026-02-10", "scheduled");
    records.add_session(other, "2026-01-25", "scheduled");

    auto seen = attendance(records.store(), client, "2026-01-20", k_default_planned);
    REQUIRE(seen.next_booked);
    CHECK(seen.next_booked->session.id == next.id);
    CHECK(seen.next_booked->client_name == "Sam Okafor");
    // Its place in the course counts the done session and the overdue booking before it.
    CHECK(seen.next_booked->course_number == 3);
    CHECK(seen.next_booked->course_planned == 3);

    auto on_the_day = attendance(records.store(), client, "2026-02-10", k_default_planned);
    REQUIRE(on_the_day.next_booked);
    CHECK(on_the_day.next_booked->session.id == next.id);

    auto day_after = attendance(records.store(), client, "2026-02-11", k_default_planned);
    REQUIRE(day_after.next_booked);
    CHECK(day_after.next_booked->session.id == later.id);

    CHECK_FALSE(attendance(records.store(), client, "2026-03-11", k_default_planned).next_booked);
}

TEST_CASE("attendance: two bookings on one day, the earlier time first", "[sessions]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_session(client, "2026-02-10", "scheduled", "course", at(15, 0));
    auto morning = records.add_session(client, "2026-02-10", "scheduled", "course", at(10, 0));
    auto seen = attendance(records.store(), client, "2026-02-01", k_default_planned);
    REQUIRE(seen.next_booked);
    CHECK(seen.next_booked->session.id == morning.id);
}

// ---------------------------------------------------------------------------------------------
// Deleting a client

TEST_CASE("delete_client: cascades to the client's sessions and consents", "[sessions]") {
    Records records;
    auto gone = records.add_client("Sam Okafor");
    auto kept = records.add_client("Lee Park");
    auto gone_session = records.add_session(gone, "2026-01-05");
    records.add_session(gone, "2026-02-10", "scheduled");
    auto kept_session = records.add_session(kept, "2026-01-06");
    records.add_consent(gone, "treatment", "2026-01-01");
    records.add_consent(kept, "treatment", "2026-01-01");
    REQUIRE(records.count("session") == 3);
    REQUIRE(records.count("consent") == 2);

    records.store().write([&] { delete_client(records.store(), gone.id); });

    CHECK(records.count("session") == 1);
    CHECK(records.count("consent") == 1);
    CHECK(error_from([&] {
              resolve_session(records.store(), std::to_string(gone_session.id));
          }).code() == Exit::data);
    CHECK(resolve_session(records.store(), std::to_string(kept_session.id)).client_id == kept.id);
    CHECK(records.rows(for_client(gone)).empty());
    CHECK(records.consents(gone).empty());
    CHECK_FALSE(active_consent(records.store(), gone.id, "treatment"));
    CHECK(active_consent(records.store(), kept.id, "treatment"));
}

TEST_CASE("insert_session: a session for a client that does not exist is refused", "[sessions]") {
    Records records;
    Client ghost;
    ghost.id = 42;
    CHECK_THROWS(records.add_session(ghost, "2026-01-05"));
    CHECK(records.count("session") == 0);
}

// ---------------------------------------------------------------------------------------------
// Consents

TEST_CASE("insert_consent: sets id, uuid and creation time, and keeps every field",
          "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    Consent consent;
    consent.client_id = client.id;
    consent.kind = "treatment";
    consent.signed_on = iso_day("2026-01-02");
    consent.form_version = "v3";
    consent.file_path = "/home/pat/forms/sam.pdf";
    consent.file_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    records.store().write([&] { insert_consent(records.store(), consent); });
    CHECK(consent.id > 0);
    CHECK(consent.uuid.size() == 36);
    CHECK_FALSE(consent.created_at.empty());

    auto stored = records.consents(client);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].id == consent.id);
    CHECK(stored[0].uuid == consent.uuid);
    CHECK(stored[0].client_id == client.id);
    CHECK(stored[0].kind == "treatment");
    CHECK(stored[0].signed_on == iso_day("2026-01-02"));
    CHECK(stored[0].form_version == "v3");
    CHECK(stored[0].file_path == "/home/pat/forms/sam.pdf");
    CHECK(stored[0].file_sha256 == consent.file_sha256);
    CHECK_FALSE(stored[0].withdrawn_on);
    CHECK(stored[0].created_at == consent.created_at);
}

TEST_CASE("insert_consent: optional fields stay empty", "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_consent(client, "photo", "2026-01-02");
    auto stored = records.consents(client);
    REQUIRE(stored.size() == 1);
    CHECK_FALSE(stored[0].form_version);
    CHECK_FALSE(stored[0].file_path);
    CHECK_FALSE(stored[0].file_sha256);
    CHECK_FALSE(stored[0].withdrawn_on);
}

TEST_CASE("active_consent: none on record", "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    CHECK_FALSE(active_consent(records.store(), client.id, "treatment"));
}

TEST_CASE("active_consent: the newest signed consent of the kind", "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    // Inserted newest first: the signing date decides, not the order of entry.
    auto newer = records.add_consent(client, "treatment", "2026-01-02");
    records.add_consent(client, "treatment", "2025-01-02");
    auto active = active_consent(records.store(), client.id, "treatment");
    REQUIRE(active);
    CHECK(active->id == newer.id);
    CHECK(active->signed_on == iso_day("2026-01-02"));
}

TEST_CASE("active_consent: on the same signing date the later entry wins", "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_consent(client, "treatment", "2026-01-02");
    auto later = records.add_consent(client, "treatment", "2026-01-02");
    auto active = active_consent(records.store(), client.id, "treatment");
    REQUIRE(active);
    CHECK(active->id == later.id);
}

TEST_CASE("active_consent: only the kind asked for, and only the client's own",
          "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    auto photo = records.add_consent(client, "photo", "2026-01-02");
    records.add_consent(other, "treatment", "2026-01-02");
    CHECK_FALSE(active_consent(records.store(), client.id, "treatment"));
    auto active_photo = active_consent(records.store(), client.id, "photo");
    REQUIRE(active_photo);
    CHECK(active_photo->id == photo.id);
    CHECK_FALSE(active_consent(records.store(), client.id, "marketing"));
}

TEST_CASE("active_consent: a withdrawn consent is not active", "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto older = records.add_consent(client, "treatment", "2025-01-02");
    auto newer = records.add_consent(client, "treatment", "2026-01-02");

    records.store().write(
        [&] { withdraw_consent(records.store(), newer.id, iso_day("2026-02-01")); });
    auto active = active_consent(records.store(), client.id, "treatment");
    REQUIRE(active);
    CHECK(active->id == older.id);

    records.store().write(
        [&] { withdraw_consent(records.store(), older.id, iso_day("2026-02-01")); });
    CHECK_FALSE(active_consent(records.store(), client.id, "treatment"));
}

TEST_CASE("active_consent: a consent recorded as already withdrawn is not active",
          "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    records.add_consent(client, "marketing", "2026-01-02", "2026-01-10");
    CHECK_FALSE(active_consent(records.store(), client.id, "marketing"));
}

TEST_CASE("withdraw_consent: keeps the row and dates the withdrawal", "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto consent = records.add_consent(client, "photo", "2026-01-02");
    auto untouched = records.add_consent(client, "data", "2026-01-02");
    records.store().write(
        [&] { withdraw_consent(records.store(), consent.id, iso_day("2026-03-15")); });
    auto stored = records.consents(client);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].id == consent.id);
    CHECK(stored[0].withdrawn_on == iso_day("2026-03-15"));
    CHECK(stored[0].signed_on == iso_day("2026-01-02"));
    CHECK(stored[1].id == untouched.id);
    CHECK_FALSE(stored[1].withdrawn_on);
}

TEST_CASE("for_each_consent: the client's consents by signing date, then entry",
          "[sessions][consent]") {
    Records records;
    auto client = records.add_client("Sam Okafor");
    auto other = records.add_client("Lee Park");
    auto c = records.add_consent(client, "photo", "2026-03-01");
    auto a = records.add_consent(client, "treatment", "2025-06-01");
    records.add_consent(other, "treatment", "2025-07-01");
    auto b1 = records.add_consent(client, "data", "2026-01-02");
    auto b2 = records.add_consent(client, "marketing", "2026-01-02", "2026-02-01");
    std::vector<std::int64_t> ids;
    for (const auto& consent : records.consents(client))
        ids.push_back(consent.id);
    CHECK(ids == std::vector<std::int64_t>{a.id, b1.id, b2.id, c.id});
    CHECK(records.consents(other).size() == 1);
}

TEST_CASE("course numbering: a listing by date numbers as the full listing does", "[sessions]") {
    Records records;
    auto sam = records.add_client("Sam Okafor");
    records.add_session(sam, "2026-01-05");
    records.add_session(sam, "2026-01-20", "cancelled");
    records.add_session(sam, "2026-01-21", "done", "course", at(9, 0));
    auto booked = records.add_session(sam, "2026-02-10", "scheduled");
    SessionFilter week;
    week.from = iso_day("2026-02-09");
    week.to = iso_day("2026-02-15");
    auto numbers = records.numbers(week);
    CHECK(numbers.size() == 1);
    CHECK(numbers[booked.id] == 3);
}

TEST_CASE("a listing reads course numbers kept on the session rows: no count per row",
          "[sessions]") {
    Records records;
    SessionFilter week;
    week.from = iso_day("2026-02-09");
    week.to = iso_day("2026-02-15");
    auto plan = query_plan(records.store(), session_list_sql(week));
    CHECK_THAT(plan, Catch::Matchers::Contains("USING INDEX session_date"));
    CHECK_THAT(plan, !Catch::Matchers::Contains("session_course"));
    CHECK_THAT(plan, !Catch::Matchers::Contains("SCAN s") && !Catch::Matchers::Contains("SCAN x") &&
                         !Catch::Matchers::Contains("SCAN session"));
}

TEST_CASE("for_each_booking: booked sessions in the days given, soonest first, numbered",
          "[sessions]") {
    Records records;
    auto ana = records.add_client("Ana Lima");
    auto bo = records.add_client("Bo Chen", 4);
    records.add_session(ana, "2026-02-01"); // done: 1 of 3
    auto ana_2 = records.add_session(ana, "2026-02-10", "scheduled", "course", at(14, 0));
    auto bo_touchup = records.add_session(bo, "2026-02-10", "scheduled", "touchup", at(9, 30));
    auto bo_1 = records.add_session(bo, "2026-02-10", "scheduled");           // untimed: first
    records.add_session(ana, "2026-02-11", "cancelled", "course", at(10, 0)); // not booked
    records.add_session(bo, "2026-02-12", "done");                            // not booked
    auto late = records.add_session(ana, "2026-02-16", "scheduled");          // after the week
    std::vector<Booking> week;
    for_each_booking(records.store(), "2026-02-10", "2026-02-15", k_default_planned,
                     [&](const Booking& b) { week.push_back(b); });
    REQUIRE(week.size() == 3);
    CHECK(week[0].session_id == bo_1.id);
    CHECK(week[0].client_name == "Bo Chen");
    CHECK(week[0].course_number == 1);
    CHECK(week[0].course_planned == 4);
    CHECK_FALSE(week[0].time);
    CHECK(week[1].session_id == bo_touchup.id);
    CHECK(week[1].kind == SessionKind::touchup);
    CHECK(week[1].course_number == 0);
    CHECK(week[1].time == at(9, 30));
    CHECK(week[2].session_id == ana_2.id);
    CHECK(week[2].client_id == ana.id);
    CHECK(week[2].date == "2026-02-10");
    CHECK(week[2].course_number == 2);
    CHECK(week[2].course_planned == k_default_planned);
    // The same numbers as the full listing gives them.
    CHECK(records.number_of(ana_2) == 2);
    CHECK(records.number_of(late) == 3);
}

TEST_CASE("for_each_booking: areas come with the booking", "[sessions]") {
    Records records;
    auto ana = records.add_client("Ana Lima");
    Session s;
    s.client_id = ana.id;
    s.date = iso_day("2026-03-02");
    s.status = SessionStatus::scheduled;
    s.kind = SessionKind::course;
    s.areas = {"crown", "hairline"};
    records.store().write([&] { insert_session(records.store(), s); });
    std::vector<Booking> day;
    for_each_booking(records.store(), "2026-03-02", "2026-03-02", k_default_planned,
                     [&](const Booking& b) { day.push_back(b); });
    REQUIRE(day.size() == 1);
    CHECK(day[0].areas == "crown,hairline");
}

TEST_CASE("bookings are read from the session_booked index alone, in its order", "[sessions]") {
    Records records;
    auto plan = query_plan(records.store(), booking_list_sql());
    CHECK_THAT(plan,
               Catch::Matchers::Contains("COVERING INDEX session_booked (date>? AND date<?)"));
    // No client row and no count: the name, course length and number are in the index.
    CHECK_THAT(plan, !Catch::Matchers::Contains("client") &&
                         !Catch::Matchers::Contains("session_course"));
    CHECK_THAT(plan,
               !Catch::Matchers::Contains("TEMP B-TREE") && !Catch::Matchers::Contains("SCAN"));
}

namespace {

std::vector<Booking> bookings(Records& records, const std::string& from, const std::string& to) {
    std::vector<Booking> out;
    for_each_booking(records.store(), from, to, k_default_planned,
                     [&](const Booking& b) { out.push_back(b); });
    return out;
}

// The problems `smp check` finds in the numbers and booking facts the triggers keep.
std::vector<std::string> kept_fact_problems(Store& store) {
    std::vector<std::string> problems;
    for (const auto& result : check_records(store))
        if (result.name == "course numbers" || result.name == "booked sessions")
            problems.insert(problems.end(), result.problems.begin(), result.problems.end());
    return problems;
}

} // namespace

TEST_CASE("for_each_booking: a renamed client, or a new course length, shows on their bookings",
          "[sessions]") {
    Records records;
    auto ana = records.add_client("Ana Lima");
    records.add_session(ana, "2026-02-01");
    records.add_session(ana, "2026-02-10", "scheduled");
    ana.name = "Ana Lima-Costa";
    ana.planned_sessions = 5;
    records.store().write([&] { update_client(records.store(), ana); });
    auto week = bookings(records, "2026-02-09", "2026-02-15");
    REQUIRE(week.size() == 1);
    CHECK(week[0].client_name == "Ana Lima-Costa");
    CHECK(week[0].course_planned == 5);
    CHECK(week[0].course_number == 2);
    ana.planned_sessions = std::nullopt; // back to the default
    records.store().write([&] { update_client(records.store(), ana); });
    CHECK(bookings(records, "2026-02-09", "2026-02-15")[0].course_planned == k_default_planned);
}

TEST_CASE("for_each_booking: an earlier session cancelled, moved or removed renumbers a booking",
          "[sessions]") {
    Records records;
    auto ana = records.add_client("Ana Lima");
    auto first = records.add_session(ana, "2026-02-01");
    auto second = records.add_session(ana, "2026-02-05");
    auto booked = records.add_session(ana, "2026-02-10", "scheduled");
    auto number = [&] { return bookings(records, "2026-02-10", "2026-02-10").at(0).course_number; };
    CHECK(number() == 3);
    second.status = SessionStatus::cancelled;
    records.store().write([&] { update_session(records.store(), second); });
    CHECK(number() == 2);
    first.date = iso_day("2026-02-20"); // after the booking now
    records.store().write([&] { update_session(records.store(), first); });
    CHECK(number() == 1);
    records.add_session(ana, "2026-02-03", "done", "course", std::nullopt);
    CHECK(number() == 2);
    records.store().write([&] { delete_session(records.store(), first.id); });
    CHECK(number() == 2);
    CHECK(records.number_of(booked) == 2);
    CHECK(kept_fact_problems(records.store()).empty());
}

TEST_CASE("only booked sessions carry their client's name and course length", "[sessions]") {
    Records records;
    auto ana = records.add_client("Ana Lima", 4);
    auto booked = records.add_session(ana, "2026-02-10", "scheduled", "touchup");
    auto carried = [&] {
        SQLite::Statement query(records.store().db(), "SELECT booked_client_name, "
                                                      "booked_planned_sessions FROM session "
                                                      "WHERE id = ?");
        query.bind(1, booked.id);
        REQUIRE(query.executeStep());
        auto name = query.getColumn(0).isNull() ? std::optional<std::string>()
                                                : query.getColumn(0).getString();
        auto planned =
            query.getColumn(1).isNull() ? std::optional<int>() : query.getColumn(1).getInt();
        return std::pair(name, planned);
    };
    CHECK(carried() == std::pair(std::optional<std::string>("Ana Lima"), std::optional(4)));
    booked.status = SessionStatus::done;
    records.store().write([&] { update_session(records.store(), booked); });
    CHECK(carried() == std::pair(std::optional<std::string>(), std::optional<int>()));
    CHECK(bookings(records, "2026-02-10", "2026-02-10").empty());
    CHECK(kept_fact_problems(records.store()).empty());
}

TEST_CASE("course numbers and booking facts stay right through any mix of writes", "[sessions]") {
    Records records;
    auto& store = records.store();
    std::vector<Client> clients{records.add_client("Ana Lima"), records.add_client("Bo Chen", 4),
                                records.add_client("Cy Diaz", 2)};
    std::vector<Session> sessions;
    const std::vector<std::string> statuses{"done", "scheduled", "cancelled", "no-show"};
    const std::vector<std::string> kinds{"course", "course", "touchup", "consult"};
    std::mt19937 random(20261124);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    auto some_date = [&] { return iso_day(fmt::format("2026-03-{:02}", 1 + pick(5))); };
    for (int step = 0; step < 300; ++step) {
        INFO("step " << step);
        auto what = sessions.empty() ? 0 : pick(7);
        store.write([&] {
            if (what == 0 || what == 6) { // a new session
                Session s;
                s.client_id = clients[pick(clients.size())].id;
                s.date = some_date();
                s.status = parse_session_status(statuses[pick(statuses.size())]);
                s.kind = parse_session_kind(kinds[pick(kinds.size())]);
                if (pick(2) == 0)
                    s.time = at(9 + static_cast<int>(pick(3)), 0);
                insert_session(store, s);
                sessions.push_back(s);
                return;
            }
            auto& s = sessions[pick(sessions.size())];
            if (what == 1)
                s.date = some_date();
            else if (what == 2)
                s.status = parse_session_status(statuses[pick(statuses.size())]);
            else if (what == 3)
                s.kind = parse_session_kind(kinds[pick(kinds.size())]);
            else if (what == 4)
                s.client_id = clients[pick(clients.size())].id;
            if (what <= 4) {
                update_session(store, s);
                return;
            }
            if (pick(2) == 0) {
                delete_session(store, s.id);
                sessions.erase(sessions.begin() + (&s - sessions.data()));
                return;
            }
            auto& c = clients[pick(clients.size())];
            c.name += "'";
            c.planned_sessions = pick(2) == 0 ? std::nullopt : std::optional<int>(1 + pick(5));
            update_client(store, c);
        });
        REQUIRE(kept_fact_problems(store).empty());
    }
    CHECK(sessions.size() > 30);
}

TEST_CASE("a listing in recorded order reads the same lots as one by date", "[sessions]") {
    Records records;
    auto& store = records.store();
    Shade shade;
    shade.name = "Carbon Black";
    std::vector<std::int64_t> lots;
    store.write([&] {
        insert_shade(store, shade);
        for (const char* number : {"B-7", "A-10", "a-2", "A-1"}) {
            Lot lot;
            lot.shade_id = shade.id;
            lot.number = number;
            lot.expires_on = *parse_iso_date("2028-01-31");
            insert_lot(store, lot);
            lots.push_back(lot.id);
        }
    });
    auto sam = records.add_client("Sam Okafor"), lee = records.add_client("Lee Park");
    auto first = records.add_session(sam, "2026-01-05");
    records.add_session(lee, "2026-01-06"); // no lots
    auto third = records.add_session(lee, "2026-01-07");
    auto last = records.add_session(sam, "2026-01-20");
    store.write([&] {
        set_session_lots(store, last.id, {lots[0], lots[3]});
        set_session_lots(store, first.id, {lots[0], lots[1], lots[2], lots[3]});
        set_session_lots(store, third.id, {lots[2]});
    });
    auto lots_of = [](const std::vector<SessionRow>& rows) {
        std::map<std::int64_t, std::string> out;
        for (const auto& row : rows)
            out[row.session.id] = row.lot_numbers.value_or("-");
        return out;
    };
    SessionFilter recorded;
    recorded.recorded_order = true;
    auto by_date = lots_of(records.rows());
    CHECK(lots_of(records.rows(recorded)) == by_date);
    CHECK(by_date[first.id] == "A-1,A-10,B-7,a-2"); // byte order, as SQLite sorts
    CHECK(by_date[last.id] == "A-1,B-7");
}
