#include <smp/output/alarm.hpp>

namespace smp::output {
namespace {

constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_yellow = "\x1b[33m";

bool starts_with(std::string_view text, std::string_view start) {
    return text.substr(0, start.size()) == start;
}

} // namespace

std::string_view alarm_colour(std::string_view column, std::string_view text) {
    // "overdue" (touchup due) says yes or no; the agenda's "when" and a lot's "status" say
    // it in a phrase: "overdue (26 days late)", "recalled on 2026-11-29", "today".
    if (column == "overdue")
        return text == "yes" ? k_red : std::string_view{};
    if (column != "when" && column != "status")
        return {};
    for (auto alarm : {"overdue", "recalled", "expired"})
        if (starts_with(text, alarm))
            return k_red;
    if (text == "today" || starts_with(text, "due today"))
        return k_yellow;
    return {};
}

} // namespace smp::output
