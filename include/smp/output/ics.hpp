#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace smp::output {

// One calendar event: all-day when there is no start time (a due touch-up), timed otherwise
// (a booked session). Times are the practitioner's local ("floating") time.
struct CalendarEvent {
    std::string uid;                     // stable: the same event gets the same uid every time
    std::string date;                    // YYYY-MM-DD
    std::optional<int> start_minutes;    // minutes after midnight
    std::optional<int> duration_minutes;
    std::string summary;
    std::string description;
};

// Writes an iCalendar (RFC 5545) file: CRLF line ends, lines folded at 75 octets without
// splitting a UTF-8 character, text escaped. `stamp` is the DTSTAMP of every event (UTC,
// e.g. 20261124T093000Z).
class CalendarWriter {
public:
    CalendarWriter(std::FILE* out, std::string stamp);
    void event(const CalendarEvent& event);
    void finish();

private:
    void line(std::string_view text);
    std::FILE* m_out;
    std::string m_stamp;
};

// The escaping and folding, exposed so they can be tested alone.
std::string ics_text(std::string_view text); // backslash, semicolon, comma, newline
std::string ics_fold(std::string_view line); // content line -> folded lines, CRLF-terminated

} // namespace smp::output
