#include <smp/domain/date.hpp>
#include <smp/error.hpp>

#include <fmt/format.h>

#include <cctype>
#include <ctime>

namespace smp {
namespace {

bool all_digits(std::string_view text) {
    if (text.empty())
        return false;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

// Reads a run of at most 6 digits (longer numbers are never meaningful here and could overflow).
std::optional<int> read_number(std::string_view text, std::size_t& pos) {
    std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
        ++pos;
    if (pos == start || pos - start > 6)
        return std::nullopt;
    int value = 0;
    for (std::size_t i = start; i < pos; ++i)
        value = value * 10 + (text[i] - '0');
    return value;
}

[[noreturn]] void bad_date(std::string_view text) {
    throw Error(Exit::data, fmt::format("invalid date \"{}\": use {}", text, k_date_forms));
}

// A spreadsheet's date: 31/12/1988 (day/month/year) or 12/31/1988 (month/day/year), with /, .
// or - between. Says which ISO date to write when only one reading is a real date, and both
// when either could be meant: never a silent guess.
void hint_spreadsheet_date(std::string_view text) {
    std::size_t first = text.find_first_of("/.-");
    if (first == std::string_view::npos || first == 0 || first > 2)
        return;
    char separator = text[first];
    std::size_t second = text.find(separator, first + 1);
    if (second == std::string_view::npos || second - first - 1 < 1 || second - first - 1 > 2 ||
        text.size() - second - 1 != 4)
        return;
    auto a = text.substr(0, first), b = text.substr(first + 1, second - first - 1),
         y = text.substr(second + 1);
    if (!all_digits(a) || !all_digits(b) || !all_digits(y))
        return;
    int year = std::stoi(std::string(y)), x = std::stoi(std::string(a)),
        z = std::stoi(std::string(b));
    auto iso = [&](int month, int day) -> std::optional<std::string> {
        std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
        if (year < 1 || month < 1 || day < 1 || !ymd.ok())
            return std::nullopt;
        return format_date(Date{ymd});
    };
    auto day_first = iso(z, x), month_first = iso(x, z);
    if (day_first && month_first && *day_first != *month_first)
        throw Error(Exit::data, fmt::format("invalid date \"{}\": write {} if it is day/month/"
                                            "year, or {} if it is month/day/year; dates are {}",
                                            text, *day_first, *month_first, k_date_forms));
    if (day_first || month_first)
        throw Error(Exit::data,
                    fmt::format("invalid date \"{}\": write {} ({}); dates are {}", text,
                                day_first ? *day_first : *month_first,
                                day_first ? "day/month/year" : "month/day/year", k_date_forms));
}

// Almost a date: a bare number (days ahead, or a day of this month?) or an offset in "m". Says
// what each would mean and what to write, instead of only listing the forms.
void hint_near_date(std::string_view text, Date today) {
    hint_spreadsheet_date(text);
    if (all_digits(text) && text.size() <= 3) {
        int number = std::stoi(std::string(text));
        std::string ahead = format_date(today + std::chrono::days{number});
        std::chrono::year_month_day ymd{today};
        auto day = ymd.year() / ymd.month() / std::chrono::day{static_cast<unsigned>(number)};
        throw Error(Exit::data,
                    day.ok() ? fmt::format("invalid date \"{}\": a bare number is not a date; "
                                           "write +{}d for {} days from today ({}) or {} for day "
                                           "{} of this month; dates are {}",
                                           text, number, number, ahead, format_date(day), number,
                                           k_date_forms)
                             : fmt::format("invalid date \"{}\": a bare number is not a date; "
                                           "write +{}d for {} days from today ({}); dates are {}",
                                           text, number, number, ahead, k_date_forms));
    }
    if (text.size() > 2 && (text[0] == '+' || text[0] == '-') && text.back() == 'm' &&
        all_digits(text.substr(1, text.size() - 2))) {
        auto number = text.substr(1, text.size() - 2);
        int months = number.size() <= 5 ? std::stoi(std::string(number)) : 0;
        throw Error(Exit::data, fmt::format("invalid date \"{}\": \"m\" is ambiguous; write "
                                            "{}{}mo for {} month{} {} today ({}); dates are {}",
                                            text, text[0], number, number, number == "1" ? "" : "s",
                                            text[0] == '+' ? "from" : "before",
                                            format_date(add_span(today, Span{0, months, 0},
                                                                 text[0] == '+' ? 1 : -1)),
                                            k_date_forms));
    }
}

[[noreturn]] void too_late(std::string_view text) {
    throw Error(Exit::data, fmt::format("invalid date \"{}\": smp takes dates up to {}-12-31, "
                                        "so that due dates after it can still be worked out",
                                        text, k_latest_year));
}

[[noreturn]] void bad_span(std::string_view text, std::string_view why = {}) {
    throw Error(Exit::data,
                fmt::format("invalid span \"{}\"{}: use a number and d, w, mo or y, e.g. 10d, 2w, "
                            "6mo, 4y or 1y6mo",
                            text, why));
}

} // namespace

Date past_day(std::string_view what, std::string_view text, Date today, std::string_view hint) {
    auto day = parse_date(text, today);
    if (day > today)
        throw Error(Exit::data, fmt::format("{} {} is after today ({}){}{}", what, format_date(day),
                                            format_date(today), hint.empty() ? "" : "; ", hint));
    return day;
}

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
    if (!all_digits(y) || !all_digits(m) || !all_digits(d))
        return std::nullopt;
    std::size_t p = 0;
    int year = *read_number(y, p);
    p = 0;
    unsigned month = static_cast<unsigned>(*read_number(m, p));
    p = 0;
    unsigned day = static_cast<unsigned>(*read_number(d, p));
    std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                    std::chrono::day{day}};
    if (year < 1 || !ymd.ok())
        return std::nullopt;
    return Date{ymd};
}

Date parse_date(std::string_view text, Date today) {
    using namespace std::chrono;
    hint_near_date(text, today);
    if (text == "today")
        return today;
    if (text == "yesterday")
        return today - days{1};
    if (text == "tomorrow")
        return today + days{1};
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        Span span;
        try {
            span = parse_span(text.substr(1));
        } catch (const Error&) {
            bad_date(text);
        }
        // Offsets of up to 6 digits could leave the calendar's four-digit years.
        if (span.years > 9999 || span.months > 12 * 9999 || span.days > 366 * 9999)
            bad_date(text);
        auto date = add_span(today, span, text[0] == '+' ? 1 : -1);
        int year = static_cast<int>(std::chrono::year_month_day{date}.year());
        if (year < 1 || year > 9999)
            bad_date(text);
        if (year > k_latest_year)
            too_late(text);
        return date;
    }
    if (auto date = parse_iso_date(text)) {
        if (static_cast<int>(std::chrono::year_month_day{*date}.year()) > k_latest_year)
            too_late(text);
        return *date;
    }
    bad_date(text);
}

std::string format_date(Date date) {
    std::chrono::year_month_day ymd{date};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Span parse_span(std::string_view text) {
    if (text.empty())
        bad_span(text);
    Span span;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto number = read_number(text, pos);
        if (!number)
            bad_span(text);
        std::size_t unit_start = pos;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
            ++pos;
        auto unit = text.substr(unit_start, pos - unit_start);
        if (unit == "d")
            span.days += *number;
        else if (unit == "w")
            span.days += *number * 7;
        else if (unit == "mo")
            span.months += *number;
        else if (unit == "y")
            span.years += *number;
        else if (unit == "m")
            bad_span(text, " (\"m\" is ambiguous: write mo for months)");
        else
            bad_span(text);
        // Far beyond any real interval, and small enough that date arithmetic cannot overflow.
        if (span.years > 10000 || span.months > 120000 || span.days > 3660000)
            bad_span(text, " (too long: at most 10000 years)");
    }
    return span;
}

Span parse_interval(std::string_view text) {
    using namespace std::chrono;
    Span span = parse_span(text);
    // Measured on the calendar, from a fixed day: 100y and 1200mo pass, 100y1d does not.
    Date start = sys_days{year{2000} / January / 1};
    if (add_span(start, span) > sys_days{year{2000 + k_longest_interval_years} / January / 1})
        throw Error(Exit::data, fmt::format("invalid span \"{}\": an interval is at most {} years",
                                            text, k_longest_interval_years));
    return span;
}

std::string format_span(const Span& span) {
    std::string out;
    if (span.years)
        out += fmt::format("{}y", span.years);
    if (span.months)
        out += fmt::format("{}mo", span.months);
    if (span.days % 7 == 0 && span.days)
        out += fmt::format("{}w", span.days / 7);
    else if (span.days)
        out += fmt::format("{}d", span.days);
    return out.empty() ? "0d" : out;
}

Date add_span(Date date, const Span& span, int sign) {
    using namespace std::chrono;
    year_month_day ymd{date};
    int total_months = static_cast<int>(ymd.year()) * 12 +
                       static_cast<int>(static_cast<unsigned>(ymd.month())) - 1 +
                       sign * (span.years * 12 + span.months);
    year_month target_month{year{total_months / 12},
                            month{static_cast<unsigned>(total_months % 12) + 1}};
    auto last =
        year_month_day_last{target_month.year(), month_day_last{target_month.month()}}.day();
    auto day_in_month = ymd.day() > last ? last : ymd.day();
    Date moved{year_month_day{target_month.year(), target_month.month(), day_in_month}};
    return moved + days{sign * span.days};
}

Date end_of_month(Date date) {
    using namespace std::chrono;
    year_month_day ymd{date};
    return Date{year_month_day_last{ymd.year(), month_day_last{ymd.month()}}};
}

int days_between(Date from, Date to) {
    return static_cast<int>((to - from).count());
}

int parse_duration(std::string_view text) {
    auto bad = [&](std::string_view why) -> int {
        throw Error(Exit::data, fmt::format("invalid duration \"{}\"{}: use h and min, e.g. 3h, "
                                            "2h30min or 150min",
                                            text, why));
    };
    std::size_t pos = 0;
    int minutes = 0;
    bool seen_hours = false, seen_minutes = false;
    if (text.empty())
        bad("");
    while (pos < text.size()) {
        auto number = read_number(text, pos);
        if (!number)
            bad("");
        std::size_t unit_start = pos;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
            ++pos;
        auto unit = text.substr(unit_start, pos - unit_start);
        if (unit == "h" && !seen_hours && !seen_minutes) {
            minutes += *number * 60;
            seen_hours = true;
        } else if (unit == "min" && !seen_minutes) {
            minutes += *number;
            seen_minutes = true;
        } else if (unit == "m") {
            bad(" (\"m\" is ambiguous: write min for minutes)");
        } else {
            bad("");
        }
    }
    if (minutes <= 0 || minutes > 24 * 60)
        bad(" (a session lasts more than 0 and at most 24 hours)");
    return minutes;
}

std::string format_duration(int minutes) {
    if (minutes % 60 == 0)
        return fmt::format("{}h", minutes / 60);
    if (minutes < 60)
        return fmt::format("{}min", minutes);
    return fmt::format("{}h{}min", minutes / 60, minutes % 60);
}

int parse_time_of_day(std::string_view text) {
    bool shape = (text.size() == 5 && text[2] == ':' && all_digits(text.substr(0, 2)) &&
                  all_digits(text.substr(3, 2)));
    int hours = shape ? (text[0] - '0') * 10 + (text[1] - '0') : -1;
    int minutes = shape ? (text[3] - '0') * 10 + (text[4] - '0') : -1;
    if (!shape || hours > 23 || minutes > 59)
        throw Error(Exit::data,
                    fmt::format("invalid time \"{}\": use HH:MM on the 24-hour clock, e.g. 09:30 "
                                "or 14:00",
                                text));
    return hours * 60 + minutes;
}

std::string format_time_of_day(int minutes) {
    // By hand: a listing formats one per row, and fmt would parse its pattern each time.
    int hours = minutes / 60, rest = minutes % 60;
    return {static_cast<char>('0' + hours / 10), static_cast<char>('0' + hours % 10), ':',
            static_cast<char>('0' + rest / 10), static_cast<char>('0' + rest % 10)};
}

std::string validate_utc_instant(std::string_view field, std::string_view text) {
    auto number = [&](std::size_t at, int most) {
        auto part = text.substr(at, 2);
        return all_digits(part) && std::stoi(std::string(part)) <= most;
    };
    bool valid = text.size() == 20 && parse_iso_date(text.substr(0, 10)) && text[10] == 'T' &&
                 number(11, 23) && text[13] == ':' && number(14, 59) && text[16] == ':' &&
                 number(17, 59) && text[19] == 'Z';
    if (!valid)
        throw Error(Exit::data, fmt::format("invalid {} \"{}\": write a UTC instant as smp exports "
                                            "it, e.g. 2026-11-24T09:30:00Z, or leave it empty",
                                            field, text));
    return std::string(text);
}

} // namespace smp
