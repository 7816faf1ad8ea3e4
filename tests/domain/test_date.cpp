#include <smp/domain/date.hpp>
#include <smp/error.hpp>
#include <smp/util/clock.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "../error_from.hpp"

#include <stdexcept>
#include <string>

using namespace smp;
using Catch::Matchers::Contains;
using smp::testing::error_from;

namespace {

Date ymd(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

// Every relative form counts from this day, never from the machine's clock.
const Date k_today = ymd(2026, 3, 15);

std::string parsed(std::string_view text, Date today = k_today) {
    return format_date(parse_date(text, today));
}

} // namespace

// ---- parse_date ------------------------------------------------------------------------------

TEST_CASE("past_day: today and before are taken, a later day names both days and the hint") {
    CHECK(past_day("payment date", "today", k_today) == k_today);
    CHECK(past_day("payment date", "-3d", k_today) == k_today - std::chrono::days{3});
    auto later = error_from([&] { past_day("signing date", "tomorrow", k_today); });
    CHECK(later.code() == Exit::data);
    CHECK(std::string(later.what()) == fmt::format("signing date {} is after today ({})",
                                                   format_date(k_today + std::chrono::days{1}),
                                                   format_date(k_today)));
    auto hinted = error_from([&] { past_day("payment date", "+2d", k_today, "pay first"); });
    CHECK_THAT(hinted.what(), Contains("is after today (") && Contains("); pay first"));
}

TEST_CASE("parse_date: YYYY-MM-DD is taken as written") {
    CHECK(parsed("2026-03-15") == "2026-03-15");
    CHECK(parsed("1987-12-01") == "1987-12-01");
    CHECK(parsed("2024-02-29") == "2024-02-29"); // a real leap day
    CHECK(parsed("2030-01-01") == "2030-01-01");
}

TEST_CASE("parse_date: today, yesterday and tomorrow count from the given today") {
    CHECK(parsed("today") == "2026-03-15");
    CHECK(parsed("yesterday") == "2026-03-14");
    CHECK(parsed("tomorrow") == "2026-03-16");
    CHECK(parsed("yesterday", ymd(2026, 1, 1)) == "2025-12-31");
    CHECK(parsed("tomorrow", ymd(2024, 2, 28)) == "2024-02-29");
}

TEST_CASE("parse_date: day and week offsets from today") {
    CHECK(parsed("+10d") == "2026-03-25");
    CHECK(parsed("-10d") == "2026-03-05");
    CHECK(parsed("+2w") == "2026-03-29");
    CHECK(parsed("-2w") == "2026-03-01");
    CHECK(parsed("+0d") == "2026-03-15");
    CHECK(parsed("+20d") == "2026-04-04"); // across a month end
}

TEST_CASE("parse_date: month and year offsets from today") {
    CHECK(parsed("+6mo") == "2026-09-15");
    CHECK(parsed("-6mo") == "2025-09-15");
    CHECK(parsed("+4y") == "2030-03-15");
    CHECK(parsed("-4y") == "2022-03-15");
    CHECK(parsed("+1y6mo") == "2027-09-15");
    CHECK(parsed("+12mo") == "2027-03-15");
}

TEST_CASE("parse_date: a month offset clamps to the end of a shorter month") {
    CHECK(parsed("+1mo", ymd(2026, 1, 31)) == "2026-02-28");
    CHECK(parsed("-1mo", ymd(2026, 3, 31)) == "2026-02-28");
    CHECK(parsed("+1y", ymd(2024, 2, 29)) == "2025-02-28");
}

TEST_CASE("parse_date: refuses impossible calendar dates") {
    for (auto text : {"2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                      "2026-01-00", "2026-01-32", "0000-01-01"}) {
        INFO(text);
        auto error = error_from([&] { parse_date(text, k_today); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
    }
}

TEST_CASE("parse_date: refuses ambiguous day/month forms such as 03/04/2026") {
    for (auto text : {"03/04/2026", "04/03/2026", "2026/03/04", "03-04-2026", "3.4.2026"}) {
        INFO(text);
        CHECK(error_from([&] { parse_date(text, k_today); }).code() == Exit::data);
    }
}

TEST_CASE("parse_date: a spreadsheet's day/month/year says which ISO date to write") {
    auto message = [](std::string_view text) {
        return std::string(error_from([&] { parse_date(text, k_today); }).what());
    };
    CHECK_THAT(message("31/12/1988"), Contains("write 1988-12-31 (day/month/year)"));
    CHECK_THAT(message("12/31/1988"), Contains("write 1988-12-31 (month/day/year)"));
    CHECK_THAT(message("31.12.1988"), Contains("write 1988-12-31"));
    CHECK_THAT(message("3/4/2026"),
               Contains("write 2026-04-03 if it is day/month/year, or 2026-03-04 if it is "
                        "month/day/year"));
    CHECK_THAT(message("31/02/1988"), !Contains("write 1988"));
    CHECK_THAT(message("31/12/1988"), Contains(std::string(k_date_forms)));
}

TEST_CASE("parse_date: refuses garbage and half-written forms") {
    for (auto text : {"",         "garbage",     "now",         "next week",   "+",
                      "-",        "+10",         "10d",         "+10m",        "+10x",
                      "+-3d",     "++3d",        "+d",          "2026-3-4",    "2026-03-4",
                      "26-03-04", "2026-03-04x", "2026-03-04 ", " 2026-03-04", "2026-0a-04",
                      "today2",   "+1mo2"}) {
        INFO('"' << text << '"');
        CHECK(error_from([&] { parse_date(text, k_today); }).code() == Exit::data);
    }
}

TEST_CASE("parse_date: the error quotes the text and lists the accepted forms") {
    auto error = error_from([] { parse_date("03/04/2026", k_today); });
    CHECK(error.code() == Exit::data);
    std::string message = error.what();
    CHECK_THAT(message, Contains("\"03/04/2026\""));
    CHECK_THAT(message, Contains(std::string(k_date_forms)));
    CHECK_THAT(message, Contains("YYYY-MM-DD"));
    CHECK_THAT(message, Contains("today"));
    CHECK_THAT(message, Contains("+10d"));
}

TEST_CASE("parse_date: an offset with an ambiguous bare m is refused as a date error") {
    auto error = error_from([] { parse_date("+6m", k_today); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("\"+6m\""));
    CHECK_THAT(error.what(), Contains(std::string(k_date_forms)));
}

TEST_CASE("parse_date: an offset landing outside years 0001-9899 is refused, not wrapped") {
    // Such a date cannot be written as YYYY-MM-DD (nor read back by parse_iso_date), and the
    // largest ones overflow std::chrono::year and wrap into some unrelated date. Past 9899 a
    // due date (the date plus an interval of up to 100 years) could leave the calendar.
    CHECK(parsed("+7873y") == "9899-03-15");
    CHECK(parsed("-2025y") == "0001-03-15");
    for (auto text : {"+7874y", "+7973y", "+8000y", "-2026y", "-3000y", "+999999y", "-999999y",
                      "+999999mo", "-999999w"}) {
        INFO(text);
        std::string result;
        try {
            result = parsed(text);
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
            CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
            continue;
        }
        FAIL_CHECK("accepted as " << result);
    }
}

// ---- parse_iso_date / format_date ----------------------------------------------------------

TEST_CASE("parse_iso_date: accepts only strict real YYYY-MM-DD dates") {
    REQUIRE(parse_iso_date("2026-03-15").has_value());
    CHECK(*parse_iso_date("2026-03-15") == ymd(2026, 3, 15));
    CHECK(*parse_iso_date("2024-02-29") == ymd(2024, 2, 29));
    CHECK(*parse_iso_date("0001-01-01") == ymd(1, 1, 1));
    CHECK(*parse_iso_date("9999-12-31") == ymd(9999, 12, 31));
    for (auto text : {"", "today", "+1d", "2026-02-30", "2025-02-29", "2026-13-01", "2026-3-15",
                      "2026/03/15", "20260315", "2026-03-15T00:00:00Z", " 2026-03-15", "2026-03-1a",
                      "0000-06-01", "-026-03-15", "+026-03-15"}) {
        INFO('"' << text << '"');
        CHECK_FALSE(parse_iso_date(text).has_value());
    }
}

TEST_CASE("format_date: writes YYYY-MM-DD with zero padding") {
    CHECK(format_date(ymd(2026, 3, 5)) == "2026-03-05");
    CHECK(format_date(ymd(2026, 12, 31)) == "2026-12-31");
    CHECK(format_date(ymd(987, 1, 2)) == "0987-01-02");
    CHECK(format_date(ymd(1, 1, 1)) == "0001-01-01");
}

TEST_CASE("format_date: round-trips through parse_iso_date") {
    for (auto text : {"2026-01-31", "2024-02-29", "1999-12-31", "2000-02-29", "0001-01-01"}) {
        INFO(text);
        auto date = parse_iso_date(text);
        REQUIRE(date.has_value());
        CHECK(format_date(*date) == text);
    }
}

// ---- parse_span / format_span -----------------------------------------------------------------

TEST_CASE("parse_span: single units") {
    CHECK(parse_span("4y") == Span{4, 0, 0});
    CHECK(parse_span("6mo") == Span{0, 6, 0});
    CHECK(parse_span("2w") == Span{0, 0, 14});
    CHECK(parse_span("10d") == Span{0, 0, 10});
    CHECK(parse_span("18mo") == Span{0, 18, 0});
    CHECK(parse_span("0d") == Span{0, 0, 0});
}

TEST_CASE("parse_span: combined units add up") {
    CHECK(parse_span("1y6mo") == Span{1, 6, 0});
    CHECK(parse_span("1y2w3d") == Span{1, 0, 17});
    CHECK(parse_span("2mo10d") == Span{0, 2, 10});
}

TEST_CASE("parse_span: refuses a bare m as ambiguous") {
    auto error = error_from([] { parse_span("6m"); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(error.what(), Contains("\"6m\""));
    CHECK_THAT(error.what(), Contains("ambiguous"));
    CHECK(error_from([] { parse_span("m"); }).code() == Exit::data);
}

TEST_CASE("parse_span: refuses empty text, bare numbers and unknown units") {
    for (auto text : {"", "5", "x", "d", "mo", "5x", "5 d", "-5d", "+5d", "5D", "5months", "1.5y",
                      "5dd", " 5d", "5d "}) {
        INFO('"' << text << '"');
        auto error = error_from([&] { parse_span(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
    }
}

TEST_CASE("format_span: writes the shortest form parse_span reads back") {
    CHECK(format_span(Span{4, 0, 0}) == "4y");
    CHECK(format_span(Span{0, 6, 0}) == "6mo");
    CHECK(format_span(Span{0, 0, 14}) == "2w");
    CHECK(format_span(Span{0, 0, 10}) == "10d");
    CHECK(format_span(Span{1, 6, 0}) == "1y6mo");
    CHECK(format_span(Span{}) == "0d");
    for (auto text : {"4y", "6mo", "2w", "10d", "1y6mo", "1y2mo3d"}) {
        INFO(text);
        CHECK(parse_span(format_span(parse_span(text))) == parse_span(text));
    }
}

// ---- add_span -------------------------------------------------------------------------------

TEST_CASE("add_span: adds days, weeks, months and years") {
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{0, 0, 10})) == "2026-03-25");
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{0, 0, 14})) == "2026-03-29");
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{0, 6, 0})) == "2026-09-15");
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{4, 0, 0})) == "2030-03-15");
    CHECK(format_date(add_span(ymd(2026, 11, 15), Span{0, 2, 0})) == "2027-01-15");
    CHECK(format_date(add_span(ymd(2026, 12, 31), Span{0, 0, 1})) == "2027-01-01");
}

TEST_CASE("add_span: clamps to the end of a shorter month") {
    CHECK(format_date(add_span(ymd(2026, 1, 31), Span{0, 1, 0})) == "2026-02-28");
    CHECK(format_date(add_span(ymd(2024, 1, 31), Span{0, 1, 0})) == "2024-02-29");
    CHECK(format_date(add_span(ymd(2026, 3, 31), Span{0, 1, 0})) == "2026-04-30");
    CHECK(format_date(add_span(ymd(2026, 8, 31), Span{0, 1, 0})) == "2026-09-30");
    CHECK(format_date(add_span(ymd(2026, 1, 30), Span{0, 1, 0})) == "2026-02-28");
}

TEST_CASE("add_span: a leap day plus whole years lands on a leap day or clamps to Feb 28") {
    CHECK(format_date(add_span(ymd(2024, 2, 29), Span{4, 0, 0})) == "2028-02-29");
    CHECK(format_date(add_span(ymd(2024, 2, 29), Span{1, 0, 0})) == "2025-02-28");
    CHECK(format_date(add_span(ymd(2024, 2, 29), Span{0, 12, 0})) == "2025-02-28");
    CHECK(format_date(add_span(ymd(2024, 2, 29), Span{100, 0, 0})) == "2124-02-29");
    CHECK(format_date(add_span(ymd(2096, 2, 29), Span{4, 0, 0})) == "2100-02-28"); // 2100: no leap
}

TEST_CASE("add_span: months are added before days") {
    // 2026-01-31 + 1mo = 2026-02-28, then + 1d = 2026-03-01 (not 2026-03-04 via Feb 31).
    CHECK(format_date(add_span(ymd(2026, 1, 31), Span{0, 1, 1})) == "2026-03-01");
    CHECK(format_date(add_span(ymd(2026, 1, 31), Span{1, 1, 0})) == "2027-02-28");
}

TEST_CASE("add_span: subtraction with sign -1") {
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{0, 0, 10}, -1)) == "2026-03-05");
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{0, 0, 14}, -1)) == "2026-03-01");
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{0, 6, 0}, -1)) == "2025-09-15");
    CHECK(format_date(add_span(ymd(2026, 3, 15), Span{4, 0, 0}, -1)) == "2022-03-15");
    CHECK(format_date(add_span(ymd(2026, 1, 15), Span{0, 1, 0}, -1)) == "2025-12-15");
    CHECK(format_date(add_span(ymd(2026, 3, 31), Span{0, 1, 0}, -1)) == "2026-02-28");
    CHECK(format_date(add_span(ymd(2028, 2, 29), Span{1, 0, 0}, -1)) == "2027-02-28");
    CHECK(format_date(add_span(ymd(2028, 2, 29), Span{4, 0, 0}, -1)) == "2024-02-29");
    CHECK(format_date(add_span(ymd(2026, 3, 1), Span{0, 0, 1}, -1)) == "2026-02-28");
}

TEST_CASE("add_span: an empty span changes nothing") {
    CHECK(add_span(ymd(2026, 3, 15), Span{}) == ymd(2026, 3, 15));
    CHECK(add_span(ymd(2026, 3, 15), Span{}, -1) == ymd(2026, 3, 15));
}

// ---- end_of_month / days_between --------------------------------------------------------------

TEST_CASE("end_of_month: last day of the date's month, leap years included") {
    CHECK(format_date(end_of_month(ymd(2026, 1, 1))) == "2026-01-31");
    CHECK(format_date(end_of_month(ymd(2026, 2, 10))) == "2026-02-28");
    CHECK(format_date(end_of_month(ymd(2024, 2, 10))) == "2024-02-29");
    CHECK(format_date(end_of_month(ymd(2100, 2, 1))) == "2100-02-28");
    CHECK(format_date(end_of_month(ymd(2000, 2, 1))) == "2000-02-29");
    CHECK(format_date(end_of_month(ymd(2026, 4, 30))) == "2026-04-30");
    CHECK(format_date(end_of_month(ymd(2026, 12, 5))) == "2026-12-31");
}

TEST_CASE("days_between: whole days, negative when the second date is earlier") {
    CHECK(days_between(ymd(2026, 3, 15), ymd(2026, 3, 15)) == 0);
    CHECK(days_between(ymd(2026, 3, 15), ymd(2026, 3, 25)) == 10);
    CHECK(days_between(ymd(2026, 3, 25), ymd(2026, 3, 15)) == -10);
    CHECK(days_between(ymd(2024, 1, 1), ymd(2025, 1, 1)) == 366);
    CHECK(days_between(ymd(2025, 1, 1), ymd(2026, 1, 1)) == 365);
    CHECK(days_between(ymd(2026, 2, 28), ymd(2026, 3, 1)) == 1);
    CHECK(days_between(ymd(2024, 2, 28), ymd(2024, 3, 1)) == 2);
}

// ---- parse_duration / format_duration ---------------------------------------------------------

TEST_CASE("parse_duration: hours, minutes and both, in minutes") {
    CHECK(parse_duration("3h") == 180);
    CHECK(parse_duration("2h30min") == 150);
    CHECK(parse_duration("150min") == 150);
    CHECK(parse_duration("45min") == 45);
    CHECK(parse_duration("1min") == 1);
    CHECK(parse_duration("24h") == 24 * 60);
    CHECK(parse_duration("0h30min") == 30);
}

TEST_CASE("parse_duration: refuses a bare m as ambiguous") {
    for (auto text : {"m", "30m", "2h30m"}) {
        INFO(text);
        auto error = error_from([&] { parse_duration(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
    }
    CHECK_THAT(error_from([] { parse_duration("30m"); }).what(), Contains("ambiguous"));
}

TEST_CASE("parse_duration: refuses zero, more than a day, and malformed text") {
    for (auto text : {"",     "0min", "0h",  "25h",      "24h1min", "1441min", "2h30",
                      "150",  "h",    "min", "2h 30min", "30min2h", "2h2h",    "30min30min",
                      "2.5h", "-1h",  "+1h", "3H",       "2hours",  "3d",      "1w"}) {
        INFO('"' << text << '"');
        auto error = error_from([&] { parse_duration(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
    }
}

TEST_CASE("format_duration: the forms parse_duration reads") {
    CHECK(format_duration(180) == "3h");
    CHECK(format_duration(150) == "2h30min");
    CHECK(format_duration(45) == "45min");
    CHECK(format_duration(60) == "1h");
    CHECK(format_duration(61) == "1h1min");
    for (int minutes : {1, 30, 59, 60, 61, 90, 150, 180, 1439, 1440}) {
        INFO(minutes);
        CHECK(parse_duration(format_duration(minutes)) == minutes);
    }
}

// ---- parse_time_of_day / format_time_of_day ---------------------------------------------------

TEST_CASE("parse_time_of_day: HH:MM on the 24-hour clock") {
    CHECK(parse_time_of_day("00:00") == 0);
    CHECK(parse_time_of_day("09:30") == 9 * 60 + 30);
    CHECK(parse_time_of_day("14:00") == 14 * 60);
    CHECK(parse_time_of_day("23:59") == 23 * 60 + 59);
}

TEST_CASE("parse_time_of_day: refuses 24:00, a missing leading zero and impossible minutes") {
    for (auto text : {"24:00", "9:30", "12:60", "", "0930", "09:3", "09:300", "09.30", "ab:cd",
                      "-1:00", " 9:30", "09:30 ", "9am", "25:00"}) {
        INFO('"' << text << '"');
        auto error = error_from([&] { parse_time_of_day(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
        CHECK_THAT(error.what(), Contains("HH:MM"));
    }
}

TEST_CASE("format_time_of_day: zero-padded HH:MM that parses back") {
    CHECK(format_time_of_day(0) == "00:00");
    CHECK(format_time_of_day(9 * 60 + 5) == "09:05");
    CHECK(format_time_of_day(23 * 60 + 59) == "23:59");
    for (int minutes : {0, 1, 59, 60, 570, 840, 1439}) {
        INFO(minutes);
        CHECK(parse_time_of_day(format_time_of_day(minutes)) == minutes);
    }
}

// ---- utc_now, validate_utc_instant -------------------------------------------------------------

TEST_CASE("validate_utc_instant: takes what utc_now writes") {
    auto now = utc_now();
    CHECK(validate_utc_instant("created_at", now) == now);
    CHECK(validate_utc_instant("created_at", "2026-02-28T23:59:59Z") == "2026-02-28T23:59:59Z");
}

TEST_CASE("validate_utc_instant: anything else is refused, naming the field and the value") {
    for (std::string text :
         {"", "2026-11-24", "2026-11-24 09:30:00Z", "2026-11-24T09:30:00",
          "2026-11-24T09:30:00+01:00", "2026-02-30T09:30:00Z", "2026-11-24T24:00:00Z",
          "2026-11-24T09:60:00Z", "2026-11-24T9:30:00Z", "2026-11-24t09:30:00z"}) {
        auto error = error_from([&] { validate_utc_instant("updated_at", text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Catch::Matchers::Contains("updated_at") &&
                                     Catch::Matchers::Contains("\"" + text + "\""));
    }
}

TEST_CASE("utc_now: an ISO-8601 UTC instant ending in Z") {
    auto now = utc_now();
    REQUIRE(now.size() == 20);
    CHECK(now[4] == '-');
    CHECK(now[7] == '-');
    CHECK(now[10] == 'T');
    CHECK(now[13] == ':');
    CHECK(now[16] == ':');
    CHECK(now.back() == 'Z');
    CHECK(parse_iso_date(now.substr(0, 10)).has_value());
}

TEST_CASE("parse_date: a date after 9899 is refused") {
    CHECK(parse_date("9899-12-31", k_today) == ymd(9899, 12, 31));
    for (auto text : {"9900-01-01", "9999-12-31"}) {
        INFO(text);
        auto error = error_from([&] { parse_date(text, k_today); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("9899-12-31"));
    }
}

TEST_CASE("parse_interval: at most 100 years, so a due date stays a date") {
    CHECK(parse_interval("4y") == Span{4, 0, 0});
    CHECK(parse_interval("100y") == Span{100, 0, 0});
    CHECK(parse_interval("1200mo") == Span{0, 1200, 0});
    for (auto text : {"101y", "9999y", "1201mo", "40000d", "100y1d", "5300w"}) {
        INFO(text);
        auto error = error_from([&] { parse_interval(text); });
        CHECK(error.code() == Exit::data);
        CHECK_THAT(error.what(), Contains("at most 100 years"));
    }
}

TEST_CASE("parse_span: a span too long for date arithmetic is refused, not overflowed") {
    std::string huge;
    for (int i = 0; i < 400; ++i)
        huge += "999999w";
    auto error = error_from([&] { parse_span(huge); });
    CHECK(error.code() == Exit::data);
    CHECK_THAT(std::string(error.what()), Contains("at most 10000 years"));
    CHECK(error_from([] { parse_span("10001y"); }).code() == Exit::data);
    CHECK(parse_span("10000y") == Span{10000, 0, 0});
}
