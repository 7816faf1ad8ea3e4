#include <smp/output/ics.hpp>
#include <smp/util/version.hpp>

#include <fmt/format.h>

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

CalendarWriter::CalendarWriter(std::FILE* out, std::string stamp)
    : m_out(out), m_stamp(std::move(stamp)) {
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
    } else {
        line(fmt::format("DTSTART:{}T{:02}{:02}00", date, *event.start_minutes / 60,
                         *event.start_minutes % 60));
        if (event.duration_minutes)
            line(fmt::format("DURATION:PT{}M", *event.duration_minutes));
    }
    line("SUMMARY:" + ics_text(event.summary));
    if (!event.description.empty())
        line("DESCRIPTION:" + ics_text(event.description));
    line("TRANSP:" + std::string(event.start_minutes ? "OPAQUE" : "TRANSPARENT"));
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
