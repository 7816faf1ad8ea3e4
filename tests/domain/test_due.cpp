#include <smp/domain/date.hpp>
#include <smp/domain/due.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/error.hpp>

#include <catch2/catch.hpp>

#include "../error_from.hpp"

#include <map>
#include <string>

using namespace smp;
using Catch::Matchers::Contains;
using smp::testing::error_from;

namespace {

Date day(const char* text) {
    return *parse_iso_date(text);
}

// A client who has had `done` course sessions, the last on `last`.
DueFacts course(int done, const char* last) {
    DueFacts facts;
    facts.course_done = done;
    facts.last_course = day(last);
    facts.last_treatment = day(last);
    return facts;
}

} // namespace

TEST_CASE("an unfinished course is due for a follow-up after the course gap", "[due]") {
    auto next = next_due(course(1, "2026-05-20"), DueRules{});
    REQUIRE(next);
    CHECK(next->kind == DueKind::followup);
    CHECK(format_date(next->due) == "2026-06-03");
    CHECK(format_date(next->overdue_after) == "2026-06-19");
    CHECK(format_date(*next->last_session) == "2026-05-20");
    CHECK_THAT(next->reason, Contains("1 of 3") && Contains("2026-05-20"));
}

TEST_CASE("follow-up dates cross month and year ends", "[due]") {
    CHECK(format_date(next_due(course(2, "2026-01-31"), DueRules{})->due) == "2026-02-14");
    CHECK(format_date(next_due(course(1, "2026-12-25"), DueRules{})->due) == "2027-01-08");
    CHECK(format_date(next_due(course(1, "2026-12-25"), DueRules{})->overdue_after) ==
          "2027-01-24");
    DueRules monthly;
    monthly.course_gap = Span{0, 1, 0};
    monthly.course_maximum_gap = Span{0, 2, 0};
    // A month after Jan 31 is the last day of February, not a day in March.
    CHECK(format_date(next_due(course(1, "2026-01-31"), monthly)->due) == "2026-02-28");
    CHECK(format_date(next_due(course(1, "2024-01-31"), monthly)->due) == "2024-02-29");
}

TEST_CASE("a finished course is due for a touch-up after four years", "[due]") {
    auto next = next_due(course(3, "2022-03-10"), DueRules{});
    REQUIRE(next);
    CHECK(next->kind == DueKind::touchup);
    CHECK(format_date(next->due) == "2026-03-10");
    CHECK(next->overdue_after == next->due);
}

TEST_CASE("a touch-up counted from a leap day lands on a leap day or February's end", "[due]") {
    CHECK(format_date(next_due(course(3, "2024-02-29"), DueRules{})->due) == "2028-02-29");
    DueRules yearly;
    yearly.touchup_every = Span{1, 0, 0};
    CHECK(format_date(next_due(course(3, "2024-02-29"), yearly)->due) == "2025-02-28");
}

TEST_CASE("a course ended early with --final counts as finished", "[due]") {
    auto facts = course(1, "2026-05-01");
    facts.finalised = true;
    CHECK(next_due(facts, DueRules{})->kind == DueKind::touchup);
}

TEST_CASE("the client's own course length decides whether the course is finished", "[due]") {
    auto facts = course(2, "2026-05-01");
    CHECK(next_due(facts, DueRules{})->kind == DueKind::followup);
    facts.planned_sessions = 2;
    CHECK(next_due(facts, DueRules{})->kind == DueKind::touchup);
    DueRules two;
    two.planned_sessions = 2;
    CHECK(next_due(course(2, "2026-05-01"), two)->kind == DueKind::touchup);
}

TEST_CASE("a touch-up counts from the last treatment, not the last course session", "[due]") {
    auto facts = course(3, "2020-05-01");
    facts.last_treatment = day("2024-06-01"); // a touch-up since
    CHECK(format_date(next_due(facts, DueRules{})->due) == "2028-06-01");
}

TEST_CASE("a client's own interval replaces the practice's", "[due]") {
    auto facts = course(3, "2024-06-01");
    facts.touchup_every = Span{0, 18, 0};
    auto next = next_due(facts, DueRules{});
    CHECK(format_date(next->due) == "2025-12-01");
    CHECK_THAT(next->reason, Contains("own interval"));
}

TEST_CASE("a pinned touch-up date holds until a session is done on or after it", "[due]") {
    auto facts = course(3, "2024-06-01");
    facts.touchup_pinned = day("2026-01-15");
    CHECK(format_date(next_due(facts, DueRules{})->due) == "2026-01-15");
    facts.last_treatment = day("2026-01-15"); // the pinned touch-up took place
    CHECK(format_date(next_due(facts, DueRules{})->due) == "2030-01-15");
}

TEST_CASE("a pinned date does not apply while the course is unfinished", "[due]") {
    auto facts = course(1, "2026-05-01");
    facts.touchup_pinned = day("2027-01-01");
    CHECK(next_due(facts, DueRules{})->kind == DueKind::followup);
}

TEST_CASE("nothing is due before the first course session", "[due]") {
    CHECK_FALSE(next_due(DueFacts{}, DueRules{}));
    DueFacts consult_only;
    consult_only.last_treatment = std::nullopt;
    CHECK_FALSE(next_due(consult_only, DueRules{}));
}

TEST_CASE("days overdue are positive when late and negative for days left", "[due]") {
    auto next = *next_due(course(1, "2026-05-20"), DueRules{}); // due 2026-06-03
    CHECK(days_overdue(next, day("2026-06-03")) == 0);
    CHECK(days_overdue(next, day("2026-06-10")) == 7);
    CHECK(days_overdue(next, day("2026-05-31")) == -3);
}

TEST_CASE("a due day is said the way a person says it", "[due]") {
    auto today = day("2026-06-15");
    CHECK(relative_day(day("2026-06-15"), today) == "today");
    CHECK(relative_day(day("2026-06-16"), today) == "tomorrow");
    CHECK(relative_day(day("2026-06-14"), today) == "yesterday");
    CHECK(relative_day(day("2026-06-18"), today) == "in 3 days");
    CHECK(relative_day(day("2026-06-01"), today) == "2 weeks ago");
    CHECK(relative_day(day("2026-07-06"), today) == "in 3 weeks");
    CHECK(relative_day(day("2026-12-15"), today) == "in 6 months");
    CHECK(relative_day(day("2023-06-15"), today) == "3 years ago");
}

TEST_CASE("the rules' fingerprint changes with every rule", "[due]") {
    DueRules rules;
    auto base = rules.fingerprint();
    rules.touchup_every = Span{3, 0, 0};
    CHECK(rules.fingerprint() != base);
    rules = DueRules{};
    rules.planned_sessions = 4;
    CHECK(rules.fingerprint() != base);
    CHECK(DueRules{}.fingerprint() == base);
}

TEST_CASE("due kinds parse and refuse anything else", "[due]") {
    CHECK(parse_due_kind("followup") == DueKind::followup);
    CHECK(parse_due_kind("touchup") == DueKind::touchup);
    CHECK(error_from([] { parse_due_kind("touch-up"); }).code() == Exit::data);
}

TEST_CASE("a message template fills every placeholder", "[reminder]") {
    MessageTemplate message(
        "Hi {first_name}, your {kind} is due {due_relative} ({due}). {{{studio}}}", Exit::usage,
        "--message");
    CHECK(message.render({{"first_name", "Ana"},
                          {"kind", "touch-up"},
                          {"due_relative", "in 3 days"},
                          {"due", "2026-06-18"},
                          {"studio", "Ink Lab"}}) ==
          "Hi Ana, your touch-up is due in 3 days (2026-06-18). {Ink Lab}");
}

TEST_CASE("a placeholder's value is never read as a placeholder", "[reminder]") {
    MessageTemplate message("{name}", Exit::usage, "--message");
    CHECK(message.render({{"name", "{email} %s%n {}"}}) == "{email} %s%n {}");
}

TEST_CASE("an unknown placeholder is refused with the given exit code", "[reminder]") {
    auto flag = error_from([] { MessageTemplate("Hi {nmae}", Exit::usage, "--message"); });
    CHECK(flag.code() == Exit::usage);
    CHECK_THAT(std::string(flag.what()),
               Contains("--message") && Contains("{nmae}") && Contains("{first_name}"));
    auto config =
        error_from([] { MessageTemplate("Hi {Name}", Exit::config, "reminder.touchup_message"); });
    CHECK(config.code() == Exit::config);
    CHECK_THAT(std::string(config.what()), Contains("reminder.touchup_message"));
}

TEST_CASE("unbalanced braces are refused", "[reminder]") {
    CHECK_THAT(
        std::string(error_from([] { MessageTemplate("Hi {name", Exit::usage, "t"); }).what()),
        Contains("never closed"));
    CHECK_THAT(std::string(error_from([] { MessageTemplate("Hi }", Exit::usage, "t"); }).what()),
               Contains("lone"));
}

TEST_CASE("the default messages use only known placeholders", "[reminder]") {
    CHECK_NOTHROW(MessageTemplate(k_default_followup_message, Exit::config, "default"));
    CHECK_NOTHROW(MessageTemplate(k_default_touchup_message, Exit::config, "default"));
}

TEST_CASE("reminder channels", "[reminder]") {
    CHECK(choices::reminder_channel.parse("SMS") == "sms");
    CHECK(channel_uses_email("email"));
    CHECK_FALSE(channel_uses_email("whatsapp"));
    CHECK(error_from([] { choices::reminder_channel.parse("pigeon"); }).code() == Exit::data);
}

TEST_CASE("lapse_reason: past give_up_after of the due date's own kind", "[due][policy]") {
    ReminderPolicy policy; // 6 months for follow-ups, 12 for touch-ups, 2 repeats
    NextDue followup{DueKind::followup, *parse_iso_date("2026-01-10"),
                     *parse_iso_date("2026-02-10"), std::nullopt, "r"};
    CHECK_FALSE(lapse_reason(followup, *parse_iso_date("2026-07-10"), 0, policy));
    auto lapsed = lapse_reason(followup, *parse_iso_date("2026-07-11"), 0, policy);
    REQUIRE(lapsed);
    CHECK(*lapsed == "due 2026-01-10, more than 6mo ago");
    auto touchup = followup;
    touchup.kind = DueKind::touchup;
    CHECK_FALSE(lapse_reason(touchup, *parse_iso_date("2026-07-11"), 0, policy));
    CHECK(lapse_reason(touchup, *parse_iso_date("2027-01-11"), 0, policy));
}

TEST_CASE("lapse_reason: the first reminder and max_repeats more", "[due][policy]") {
    ReminderPolicy policy;
    NextDue due{DueKind::touchup, *parse_iso_date("2026-01-10"), *parse_iso_date("2026-01-10"),
                std::nullopt, "r"};
    auto today = *parse_iso_date("2026-02-01");
    CHECK_FALSE(lapse_reason(due, today, 2, policy));
    auto lapsed = lapse_reason(due, today, 3, policy);
    REQUIRE(lapsed);
    CHECK(*lapsed == "3 reminders sent for it, the first and 2 repeats");
    policy.max_repeats = 0;
    CHECK(lapse_reason(due, today, 1, policy));
}

TEST_CASE("the default footer names the studio when there is one", "[reminder]") {
    CHECK(default_reminder_footer("") == "To receive no more reminders, reply STOP.");
    CHECK(default_reminder_footer("Ink & Dot") ==
          "To receive no more reminders from Ink & Dot, reply STOP.");
}
