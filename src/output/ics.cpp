#include <smp/output/ics.hpp>
#include <smp/util/version.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>

namespace smp::output {
namespace {

std::string compact_date(std::string_view date) { // 2026-06-15 -> 20260615
    std::string out;
    for (char c : date)
        if (c != '-')
            out += c;
    return out;
}

} // namespace

std::string ics_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' || c == ';' || c == ',')
            out += {'\\', c};
        else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue; // CRLF is one line break
        else if (c == '\n' || c == '\r')
            out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            continue; // other control characters are not allowed in iCalendar text
        else
            out += c;
    }
    return out;
}

std::string ics_fold(std::string_view line) {
    std::string out;
    std::size_t width = 0; // octets on the current physical line
    for (std::size_t i = 0; i < line.size();) {
        std::size_t length = 1; // the octets of this UTF-8 character
        while (i + length < line.size() &&
               (static_cast<unsigned char>(line[i + length]) & 0xC0) == 0x80)
            ++length;
        if (width + length > 75) {
            out += "\r\n ";
            width = 1; // the leading space counts
        }
        out.append(line.substr(i, length));
        width += length;
        i += length;
    }
    return out + "\r\n";
}

std::string ics_utc_time(std::string_view date, int minutes, const std::string& time_zone) {
    std::tm local{};
    local.tm_year = std::stoi(std::string(date.substr(0, 4))) - 1900;
    local.tm_mon = std::stoi(std::string(date.substr(5, 2))) - 1;
    local.tm_mday = std::stoi(std::string(date.substr(8, 2)));
    local.tm_hour = minutes / 60;
    local.tm_min = minutes % 60;
    local.tm_isdst = -1; // the zone's rules say whether summer time applies that day
    // mktime reads the zone from TZ: set for the conversion, then put back as it was.
    std::optional<std::string> saved;
    if (const char* tz = std::getenv("TZ"))
        saved = tz;
    if (!time_zone.empty())
        ::setenv("TZ", (":" + time_zone).c_str(), 1);
    ::tzset();
    std::time_t instant = std::mktime(&local);
    if (!time_zone.empty()) {
        if (saved)
            ::setenv("TZ", saved->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
    std::tm utc{};
    ::gmtime_r(&instant, &utc);
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

CalendarWriter::CalendarWriter(std::FILE* out, std::string stamp,
                               std::optional<std::string> time_zone)
    : m_out(out), m_stamp(std::move(stamp)), m_time_zone(std::move(time_zone)) {
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(fmt::format("PRODID:-//smp//smp {}//EN", k_version));
    line("CALSCALE:GREGORIAN");
    line("X-WR-CALNAME:smp");
}

void CalendarWriter::event(const CalendarEvent& event) {
    line("BEGIN:VEVENT");
    line("UID:" + event.uid);
    line("DTSTAMP:" + m_stamp);
    auto date = compact_date(event.date);
    if (!event.start_minutes) {
        line("DTSTART;VALUE=DATE:" + date);
    } else if (m_time_zone) {
        line("DTSTART:" + ics_utc_time(event.date, *event.start_minutes, *m_time_zone));
        if (event.duration_minutes)
            line(fmt::format("DURATION:PT{}M", *event.duration_minutes));
    } else {
        line(fmt::format("DTSTART:{}T{:02}{:02}00", date, *event.start_minutes / 60,
                         *event.start_minutes % 60));
        if (event.duration_minutes)
            line(fmt::format("DURATION:PT{}M", *event.duration_minutes));
    }
    line("SUMMARY:" + ics_text(event.summary));
    if (!event.description.empty())
        line("DESCRIPTION:" + ics_text(event.description));
    if (event.sequence > 0)
        line(fmt::format("SEQUENCE:{}", event.sequence));
    if (event.cancelled)
        line("STATUS:CANCELLED");
    line("TRANSP:" +
         std::string(event.start_minutes && !event.cancelled ? "OPAQUE" : "TRANSPARENT"));
    line("END:VEVENT");
}

void CalendarWriter::finish() {
    line("END:VCALENDAR");
    std::fflush(m_out);
}

void CalendarWriter::line(std::string_view text) {
    auto folded = ics_fold(text);
    std::fwrite(folded.data(), 1, folded.size(), m_out);
}

} // namespace smp::output
