#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace smp {

// A calendar date with no time of day and no zone: stored and printed as YYYY-MM-DD. Never a
// timestamp at local midnight (that is how time-zone bugs get in).
using Date = std::chrono::sys_days;

// A calendar span such as 4y, 6mo, 2w or 10d. Months and years are kept apart from days because
// "+1mo" from Jan 31 is Feb 28/29, not Mar 3.
struct Span {
    int years = 0;
    int months = 0;
    int days = 0; // weeks are stored as 7 days

    bool operator==(const Span&) const = default;
};

// The accepted forms, for error messages and --help.
inline constexpr std::string_view k_date_forms =
    "YYYY-MM-DD, today, yesterday, tomorrow, or an offset such as +10d, -2w, +6mo, +4y";

// The last year of a date a practitioner may give, and the longest interval (touch-up, course
// gap, reminder repeat...): any date plus any interval is then still a date smp can write as
// YYYY-MM-DD and read back (past year 9999 a due date could not be stored, and came back as
// 1970).
inline constexpr int k_latest_year = 9899;
inline constexpr int k_longest_interval_years = 100;

// Parses a date as a practitioner types it; relative forms count from `today` (--as-of).
// Throws Error(data) quoting the text and listing the accepted forms.
Date parse_date(std::string_view text, Date today);

// parse_date for a day that has come (a payment, a signature, a screening): one after `today`
// throws Error(data), "WHAT DAY is after today (TODAY)", then "; HINT" if one is given.
Date past_day(std::string_view what, std::string_view text, Date today, std::string_view hint = {});

// Strict YYYY-MM-DD only (what the records file holds); nullopt if not a real date.
std::optional<Date> parse_iso_date(std::string_view text);

std::string format_date(Date date);

// "4y", "18mo", "2w", "10d", or combinations such as "1y6mo". Throws Error(data).
Span parse_span(std::string_view text);
std::string format_span(const Span& span);
// A span used as an interval (touchup.every, course.gap, --within...): parse_span, and at most
// k_longest_interval_years long. Throws Error(data).
Span parse_interval(std::string_view text);

// Adds (sign = +1) or subtracts (sign = -1) a span. A day that does not exist in the target
// month is clamped to its last day: 2024-02-29 + 1y = 2025-02-28, + 4y = 2028-02-29.
Date add_span(Date date, const Span& span, int sign = 1);

// Last day of the month the date falls in.
Date end_of_month(Date date);

// Whole days from `from` to `to` (negative if `to` is earlier).
int days_between(Date from, Date to);

// A session length: "3h", "2h30min", "150min". A bare "m" is refused as ambiguous (minutes or
// months?). Returns minutes; throws Error(data).
int parse_duration(std::string_view text);
std::string format_duration(int minutes);

// Time of day "HH:MM" (24-hour). Returns minutes after midnight; throws Error(data).
int parse_time_of_day(std::string_view text);
std::string format_time_of_day(int minutes);

// An instant as smp stores and exports it (utc_now's form, e.g. 2026-11-24T09:30:00Z), checked
// for an import; `field` names it in the message. Throws Error(data).
std::string validate_utc_instant(std::string_view field, std::string_view text);

} // namespace smp
