#include <smp/output/ics.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace smp::output;

namespace {

// Everything a CalendarWriter wrote.
template <typename Write> std::string calendar_text(Write&& write) {
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* out = ::open_memstream(&data, &size);
    {
        CalendarWriter calendar(out, "20261124T093000Z");
        write(calendar);
        calendar.finish();
    }
    std::fclose(out);
    std::string text(data, size);
    std::free(data);
    return text;
}

} // namespace

TEST_CASE("iCalendar text escapes backslashes, semicolons, commas and newlines", "[ics]") {
    CHECK(ics_text("Smith, Jo; \\ note\nline two") == "Smith\\, Jo\\; \\\\ note\\nline two");
    CHECK(ics_text("a\r\nb") == "a\\nb");
    CHECK(ics_text("bell\x07") == "bell");
}

TEST_CASE("long lines fold at 75 octets with a leading space", "[ics]") {
    std::string line = "DESCRIPTION:" + std::string(100, 'x');
    auto folded = ics_fold(line);
    CHECK(folded.substr(0, 75) == line.substr(0, 75));
    CHECK(folded.substr(75, 3) == "\r\n ");
    CHECK(folded.substr(78) == line.substr(75) + "\r\n");
}

TEST_CASE("folding never splits a UTF-8 character", "[ics]") {
    std::string line = "SUMMARY:" + std::string(66, 'a') + "é€😀é€😀"; // 8 + 66 = 74 octets first
    auto folded = ics_fold(line);
    auto first = folded.substr(0, folded.find("\r\n"));
    CHECK(first.size() <= 75);
    CHECK(first == "SUMMARY:" + std::string(66, 'a')); // é (2 octets) would make 76
    std::string unfolded;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded.compare(i, 3, "\r\n ") == 0)
            i += 2;
        else if (folded.compare(i, 2, "\r\n") == 0)
            break;
        else
            unfolded += folded[i];
    }
    CHECK(unfolded == line);
}

TEST_CASE("a calendar has all-day and timed events with CRLF line ends", "[ics]") {
    auto text = calendar_text([](CalendarWriter& calendar) {
        calendar.event({"abc-touchup@smp", "2026-07-01", std::nullopt, std::nullopt,
                        "touch-up due: Ana", "reason"});
        calendar.event({"s1@smp", "2026-06-16", 9 * 60 + 30, 150, "SMP: Bo", ""});
    });
    CHECK(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
    CHECK(text.find("DTSTART;VALUE=DATE:20260701\r\n") != std::string::npos);
    CHECK(text.find("DTSTART:20260616T093000\r\nDURATION:PT150M\r\n") != std::string::npos);
    CHECK(text.find("UID:abc-touchup@smp\r\n") != std::string::npos);
    CHECK(text.find("DTSTAMP:20261124T093000Z\r\n") != std::string::npos);
    CHECK(text.size() >= 15);
    CHECK(text.substr(text.size() - 15) == "END:VCALENDAR\r\n");
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
            REQUIRE(text[i - 1] == '\r');
}

TEST_CASE("ics_utc_time: a zone's local time in UTC, summer time included", "[ics]") {
    CHECK(smp::output::ics_utc_time("2026-06-20", 9 * 60 + 30, "Europe/London") ==
          "20260620T083000Z");
    CHECK(smp::output::ics_utc_time("2026-12-20", 9 * 60 + 30, "Europe/London") ==
          "20261220T093000Z");
    CHECK(smp::output::ics_utc_time("2026-06-20", 0, "Asia/Tokyo") == "20260619T150000Z");
    CHECK(smp::output::ics_utc_time("2026-03-08", 12 * 60, "America/New_York") ==
          "20260308T160000Z");
}

TEST_CASE("a cancelled event says so, and a changed one its sequence", "[ics]") {
    auto text = calendar_text([](CalendarWriter& calendar) {
        CalendarEvent event{"s1@smp", "2026-06-16", 9 * 60, 60, "SMP: Bo (cancelled)", ""};
        event.sequence = 2;
        event.cancelled = true;
        calendar.event(event);
    });
    CHECK(text.find("SEQUENCE:2\r\nSTATUS:CANCELLED\r\nTRANSP:TRANSPARENT\r\n") !=
          std::string::npos);
}
