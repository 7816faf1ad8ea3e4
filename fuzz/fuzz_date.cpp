// libFuzzer target: the date, span, duration and time-of-day parsers (smp/domain/date.hpp).
// Only smp::Error is an expected refusal; any other exception, a sanitizer report or a broken
// round trip is a crash.

#include "fuzz_check.hpp"

#include <smp/domain/date.hpp>
#include <smp/error.hpp>

#include <chrono>

using smp::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = smp::fuzz::as_text(data, size);
    const smp::Date today{std::chrono::year{2026} / 6 / 15};

    try {
        auto date = smp::parse_date(text, today);
        int year = static_cast<int>(std::chrono::year_month_day{date}.year());
        check(year >= 1 && year <= 9999, "parse_date keeps to years 1-9999", text,
              smp::format_date(date));
    } catch (const smp::Error&) {
    }

    if (auto date = smp::parse_iso_date(text))
        check(smp::format_date(*date) == text, "parse_iso_date round trip", text,
              smp::format_date(*date));

    try {
        auto span = smp::parse_span(text);
        auto again = smp::parse_span(smp::format_span(span));
        check(again == span, "parse_span round trip", text, smp::format_span(again));
        // What the config and due dates do with a span.
        (void)smp::format_date(smp::add_span(today, span));
        (void)smp::format_date(smp::add_span(today, span, -1));
    } catch (const smp::Error&) {
    }

    try {
        int minutes = smp::parse_duration(text);
        check(smp::parse_duration(smp::format_duration(minutes)) == minutes,
              "parse_duration round trip", text, smp::format_duration(minutes));
    } catch (const smp::Error&) {
    }

    try {
        int minutes = smp::parse_time_of_day(text);
        check(smp::format_time_of_day(minutes) == text, "parse_time_of_day round trip", text,
              smp::format_time_of_day(minutes));
    } catch (const smp::Error&) {
    }
    return 0;
}
