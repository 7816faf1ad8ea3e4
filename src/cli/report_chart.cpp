#include <smp/cli/report.hpp>
#include <smp/domain/session.hpp>
#include <smp/output/output.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace smp::cli {
namespace {

// The chart's width: the terminal's, else $COLUMNS, else 80.
int chart_width(Context& context) {
    if (auto width = context.style().max_width; width > 0)
        return width;
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        auto width = std::atoi(columns);
        if (width >= 20 && width <= 1000)
            return width;
    }
    return 80;
}

// `value` of `largest` as a bar of at most `room` marks; anything above nothing shows one.
std::string bar(std::int64_t value, std::int64_t largest, int room, char mark) {
    if (largest <= 0 || value <= 0 || room <= 0)
        return {};
    auto length = static_cast<int>(value * room / largest);
    return std::string(static_cast<std::size_t>(std::max(length, 1)), mark);
}

std::string pad(const std::string& text, int width) {
    return text +
           std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}

} // namespace

void draw_report_chart(Context& context, const Report& report) {
    // Labels, amounts and counts as they will be printed, to size the columns.
    int label_width = display_width("period"), money_width = 0, count_width = 0;
    std::int64_t most_taken = 0, most_done = 0;
    for (const auto& f : report.rows) {
        auto label = report.currencies > 1 ? f.period + " " + f.currency : f.period;
        label_width = std::max(label_width, display_width(output::visible(label)));
        money_width =
            std::max(money_width, static_cast<int>(format_money(f.payments + f.deposits).size()));
        count_width =
            std::max(count_width, static_cast<int>(std::to_string(f.sessions.done).size()));
        most_taken = std::max(most_taken, f.payments + f.deposits);
        most_done = std::max(most_done, f.sessions.done);
    }
    // period | money bar, amount | session bar, count: two spaces between, bars share the rest
    // three to two.
    auto room = chart_width(context) - label_width - money_width - count_width - 8;
    auto money_room = std::max(1, room * 3 / 5), session_room = std::max(1, room - money_room);
    std::string out = fmt::format("{}  {}  {}\n", pad("period", label_width),
                                  pad("taken", money_room + 1 + money_width), "sessions done");
    for (const auto& f : report.rows) {
        auto label = report.currencies > 1 ? f.period + " " + f.currency : f.period;
        auto taken = f.payments + f.deposits;
        auto money_bar = bar(taken, most_taken, money_room, '#');
        auto session_bar = bar(f.sessions.done, most_done, session_room, '=');
        out += fmt::format("{}  {} {:>{}}  {} {}\n", pad(output::visible(label), label_width),
                           pad(money_bar, money_room), format_money(taken), money_width,
                           pad(session_bar, session_room), f.sessions.done);
    }
    std::fputs(out.c_str(), context.out);
}

} // namespace smp::cli
