#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace smp::output {

// One calendar event: all-day when there is no start time (a due touch-up), timed otherwise
// (a booked session). Times are the practitioner's local time.
struct CalendarEvent {
    std::string uid;                  // stable: the same event gets the same uid every time
    std::string date;                 // YYYY-MM-DD
    std::optional<int> start_minutes; // minutes after midnight
    std::optional<int> duration_minutes;
    std::string summary;
    std::string description;
    int sequence = 0;       // raised each time the event changes, so a calendar replaces it
    bool cancelled = false; // STATUS:CANCELLED: a calendar removes the event it holds
};

// Writes an iCalendar (RFC 5545) file: CRLF line ends, lines folded at 75 octets without
// splitting a UTF-8 character, text escaped. `stamp` is the DTSTAMP of every event (UTC,
// e.g. 20261124T093000Z). With a `time_zone` (a tz database name such as "Europe/London", or
// empty for the system's own), timed events are written in UTC, converted from that zone, so a
// calendar in another zone shows the right hour; without one, as floating local times.
class CalendarWriter {
  public:
    CalendarWriter(std::FILE* out, std::string stamp,
                   std::optional<std::string> time_zone = std::nullopt);
    void event(const CalendarEvent& event);
    void finish();

  private:
    void line(std::string_view text);
    std::FILE* m_out;
    std::string m_stamp;
    std::optional<std::string> m_time_zone;
};

// DATE (YYYY-MM-DD) at `minutes` after midnight in `time_zone` (empty: the system's), as a UTC
// iCalendar time such as 20260615T083000Z. Uses the C library's tz database.
std::string ics_utc_time(std::string_view date, int minutes, const std::string& time_zone);

// The escaping and folding, exposed so they can be tested alone.
std::string ics_text(std::string_view text); // backslash, semicolon, comma, newline
std::string ics_fold(std::string_view line); // content line -> folded lines, CRLF-terminated

} // namespace smp::output
