#include <smp/domain/client.hpp>
#include <smp/domain/session.hpp>
#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace smp {
namespace {

constexpr std::array<std::string_view, 4> k_statuses = {"scheduled", "done", "cancelled",
                                                        "no-show"};
constexpr std::array<std::string_view, 4> k_session_kinds = {"course", "touchup", "correction",
                                                             "consult"};
constexpr std::array<std::string_view, 11> k_areas = {
    "hairline", "temples",  "frontal",   "mid-scalp",  "crown",  "sides",
    "back",     "fut-scar", "fue-scars", "other-scar", "density"};
constexpr std::array<std::string_view, 4> k_consent_kinds = {"treatment", "photo", "data",
                                                             "marketing"};
constexpr std::array<std::string_view, 5> k_needle_configurations = {"RL", "RS", "RM", "M1", "F"};

bool digits_only(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

namespace choices {
const Choice session_status{"status", k_statuses};
const Choice session_kind{"session kind", k_session_kinds};
const Choice area{"area", k_areas};
const Choice consent_kind{"consent kind", k_consent_kinds};
} // namespace choices

// The enums' order is their words' order in k_statuses and k_session_kinds (a unit test holds
// them).
std::string_view session_status_name(SessionStatus status) {
    return k_statuses.at(static_cast<std::size_t>(status));
}

std::string_view session_kind_name(SessionKind kind) {
    return k_session_kinds.at(static_cast<std::size_t>(kind));
}

namespace {

// The word's place among `words`: as stored (every row read) it matches at once; as typed, it
// goes through the choice's rules (any case) and its error.
std::size_t word_index(std::span<const std::string_view> words, const Choice& choice,
                       std::string_view word) {
    auto found = std::find(words.begin(), words.end(), word);
    if (found == words.end())
        found = std::find(words.begin(), words.end(), choice.parse(word));
    return static_cast<std::size_t>(found - words.begin());
}

} // namespace

SessionStatus parse_session_status(std::string_view word) {
    return static_cast<SessionStatus>(word_index(k_statuses, choices::session_status, word));
}

SessionKind parse_session_kind(std::string_view word) {
    return static_cast<SessionKind>(word_index(k_session_kinds, choices::session_kind, word));
}

Needle parse_needle(std::string_view text) {
    auto bad = [&]() -> Needle {
        throw Error(Exit::data, fmt::format("invalid needle \"{}\": write count, configuration "
                                            "and diameter in mm, e.g. 3RL-0.25 or 1RL-0.20 "
                                            "(configurations: RL, RS, RM, M1, F)",
                                            text));
    };
    auto dash = text.find('-');
    if (dash == std::string_view::npos)
        return bad();
    auto head = text.substr(0, dash), diameter = text.substr(dash + 1);
    std::size_t letters = 0;
    while (letters < head.size() && std::isdigit(static_cast<unsigned char>(head[letters])))
        ++letters;
    auto count_text = head.substr(0, letters);
    std::string configuration;
    for (char c : head.substr(letters))
        configuration += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!digits_only(count_text) || count_text.size() > 2 ||
        std::find(k_needle_configurations.begin(), k_needle_configurations.end(), configuration) ==
            k_needle_configurations.end())
        return bad();
    // The diameter: 0.DD mm, one to three decimals (0.3, 0.25, 0.175).
    if (diameter.size() < 3 || diameter.size() > 5 || diameter.substr(0, 2) != "0." ||
        !digits_only(diameter.substr(2)))
        return bad();
    int micrometres = 0;
    auto decimals = diameter.substr(2);
    for (std::size_t i = 0; i < 3; ++i)
        micrometres = micrometres * 10 + (i < decimals.size() ? decimals[i] - '0' : 0);
    Needle needle{std::stoi(std::string(count_text)), configuration, micrometres};
    if (needle.count < 1 || micrometres < 100 || micrometres > 500)
        throw Error(Exit::data, fmt::format("invalid needle \"{}\": the count must be at least 1 "
                                            "and the diameter 0.10 to 0.50 mm",
                                            text));
    return needle;
}

std::string format_needle(const Needle& needle) {
    auto diameter = fmt::format("{:03}", needle.diameter_micrometres);
    if (diameter.back() == '0')
        diameter.pop_back(); // 0.25 rather than 0.250; 0.175 keeps its three places
    return fmt::format("{}{}-0.{}", needle.count, needle.configuration, diameter);
}

std::int64_t parse_money(std::string_view text) {
    auto bad = [&](std::string_view why) -> std::int64_t {
        throw Error(Exit::data, fmt::format("invalid amount \"{}\": {}; write e.g. 120, 120.50 or "
                                            "1,200.00",
                                            text, why));
    };
    if (text.find_first_of(" \t\r\n") != std::string_view::npos)
        return bad("no spaces, please");
    auto point = text.find('.');
    auto whole = text.substr(0, point);
    auto cents = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (point != std::string_view::npos &&
        (cents.empty() || cents.size() > 2 || !digits_only(cents)))
        return bad(cents.size() > 2 ? "at most two decimal places" : "a number is needed");
    std::string digits;
    if (whole.find(',') != std::string_view::npos) {
        // Thousands separators: 1,200 and 12,345,678 but not 12,00 (a decimal comma?).
        auto groups = split_list(whole);
        for (std::size_t i = 0; i < groups.size(); ++i)
            if (!digits_only(groups[i]) || (i > 0 && groups[i].size() != 3) ||
                (i == 0 && groups[i].size() > 3))
                return bad("commas may only separate thousands");
        if (std::count(whole.begin(), whole.end(), ',') + 1 != static_cast<long>(groups.size()))
            return bad("commas may only separate thousands");
        for (const auto& group : groups)
            digits += group;
    } else {
        digits = whole;
    }
    if (!digits_only(digits))
        return bad("a positive number is needed");
    if (digits.size() > 12)
        return bad("too large");
    std::int64_t minor = std::stoll(digits) * 100;
    if (!cents.empty())
        minor += std::stoll(std::string(cents)) * (cents.size() == 1 ? 10 : 1);
    return minor;
}

std::string format_money(std::int64_t minor_units) {
    auto magnitude = minor_units < 0 ? -minor_units : minor_units;
    return fmt::format("{}{}.{:02}", minor_units < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

SessionKind default_session_kind(const CourseState& course) {
    if (course.finalised || course.done + course.scheduled >= course.planned)
        return SessionKind::touchup;
    return SessionKind::course;
}

std::optional<std::string> gap_warning(Date previous, Date session, const Span& minimum_gap) {
    if (session < previous || session >= add_span(previous, minimum_gap))
        return std::nullopt;
    int days = days_between(previous, session);
    return fmt::format("session on {} is only {} day{} after the previous one on {} (minimum gap "
                       "{}); the skin may not have healed",
                       format_date(session), days, days == 1 ? "" : "s", format_date(previous),
                       format_span(minimum_gap));
}

std::vector<std::string> pre_session_concerns(const Client& client, bool has_treatment_consent,
                                              Date session_date, const Span& screening_max_age) {
    std::vector<std::string> concerns;
    if (!has_treatment_consent)
        concerns.push_back(fmt::format("client {} (\"{}\") has no treatment consent on record; "
                                       "record it with `smp client consent {} --kind treatment "
                                       "--signed DATE`",
                                       client.id, client.name, client.id));
    const auto& screened = client.screened_on;
    if (!screened)
        concerns.push_back(fmt::format("client {} (\"{}\") has never been screened; record it "
                                       "with `smp client screen {}`",
                                       client.id, client.name, client.id));
    else if (add_span(*screened, screening_max_age) < session_date)
        concerns.push_back(fmt::format("client {} (\"{}\") was last screened on {}, more than {} "
                                       "before the session; re-screen with `smp client screen {}`",
                                       client.id, client.name, format_date(*screened),
                                       format_span(screening_max_age), client.id));
    if (!client.contraindications.empty())
        concerns.push_back(fmt::format("client {} (\"{}\") has contraindications: {}", client.id,
                                       client.name, join(client.contraindications, ", ")));
    return concerns;
}

int parse_pain(std::string_view text) {
    if (text.size() > 2 || !digits_only(text) || text.empty() || std::stoi(std::string(text)) > 10)
        throw Error(Exit::data,
                    fmt::format("invalid pain \"{}\": use a whole number from 0 to 10", text));
    return std::stoi(std::string(text));
}

double parse_measure(std::string_view field, std::string_view text, double max) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) ||
        value <= 0 || value > max)
        throw Error(Exit::data,
                    fmt::format("invalid {} \"{}\": use a number above 0 and at most {}", field,
                                text, max));
    return value;
}

double parse_depth(std::string_view text) {
    return parse_measure("depth", text, 10.0);
}

double parse_voltage(std::string_view text) {
    return parse_measure("voltage", text, 50.0);
}

} // namespace smp
