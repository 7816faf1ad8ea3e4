#include <smp/output/fit.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <numeric>

namespace smp::output {
namespace {

constexpr std::array<std::string_view, 14> k_free_text = {
    "name",  "client_name", "notes",  "reason",  "recall_reason", "cancel_reason", "supplier",
    "brand", "shade",       "detail", "message", "medical_notes", "machine",       "numbing"};

// Which of smp's columns a listing without its own order gives up first: derived or
// secondary facts before the ones a practitioner acts on (who, when, how to reach them).
constexpr std::array<std::string_view, 20> k_default_drop_first = {
    "areas",    "needle", "last_session", "session",  "course",    "kind",          "when",
    "overlaps", "base",   "brand",        "supplier", "lot_count", "session_count", "sessions",
    "dilution", "email",  "client_id",    "time",     "status",    "session_id"};

// What a row is about and how to act on it: left out last of all, the last of these last.
constexpr std::array<std::string_view, 6> k_keep_last = {"phone", "due",         "date",
                                                         "name",  "client_name", "id"};

// Columns that mark an exception (the agenda's overlapping bookings): a table leaves them out
// when no row has one, however wide the terminal, so a day without exceptions reads as before.
constexpr std::array<std::string_view, 1> k_markers = {"overlaps"};

int table_width(const std::vector<int>& widths, const std::vector<bool>& shown) {
    int total = 0, columns = 0;
    for (std::size_t i = 0; i < widths.size(); ++i)
        if (shown[i]) {
            total += widths[i];
            ++columns;
        }
    return total + 2 * std::max(0, columns - 1);
}

// The order columns are left out in: empty ones, then the listing's order (else the default
// order), then the others from the right, and last those a row is about (k_keep_last).
std::vector<std::size_t> drop_order(const std::vector<std::string>& names,
                                    const std::vector<bool>& empty,
                                    const std::vector<std::string>& drop_first) {
    auto rank = [&](std::size_t i) {
        if (empty[i])
            return 0;
        auto listed = std::find(drop_first.begin(), drop_first.end(), names[i]);
        if (listed != drop_first.end())
            return 1 + static_cast<int>(listed - drop_first.begin());
        auto kept = std::find(k_keep_last.begin(), k_keep_last.end(), names[i]);
        if (kept != k_keep_last.end())
            return 2000 + static_cast<int>(kept - k_keep_last.begin());
        if (!drop_first.empty())
            return 1000; // the listing named what it gives up first; then the rest
        auto known = std::find(k_default_drop_first.begin(), k_default_drop_first.end(), names[i]);
        if (known != k_default_drop_first.end())
            return 100 + static_cast<int>(known - k_default_drop_first.begin());
        return 1000;
    };
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        int ra = rank(a), rb = rank(b);
        return ra != rb ? ra < rb : a > b; // equal rank: the rightmost first
    });
    return order;
}

} // namespace

bool is_free_text(std::string_view column) {
    return std::find(k_free_text.begin(), k_free_text.end(), column) != k_free_text.end();
}

ColumnFit fit_columns(const std::vector<std::string>& names, const std::vector<int>& natural,
                      const std::vector<bool>& empty, int max_width,
                      const std::vector<std::string>& drop_first) {
    ColumnFit fit{std::vector<bool>(names.size(), true), natural, {}};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (empty[i] && std::find(k_markers.begin(), k_markers.end(), names[i]) != k_markers.end())
            fit.shown[i] = false;
    if (max_width <= 0 || table_width(natural, fit.shown) <= max_width)
        return fit;
    std::vector<int> narrowest(natural);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (is_free_text(names[i]))
            narrowest[i] = std::min(natural[i], k_min_free_text + 1); // and the "…"
    for (auto i : drop_order(names, empty, drop_first)) {
        if (table_width(narrowest, fit.shown) <= max_width)
            break;
        if (std::count(fit.shown.begin(), fit.shown.end(), true) == 1)
            break; // one column left: shown, even too wide
        fit.shown[i] = false;
    }
    for (std::size_t i = 0; i < names.size(); ++i)
        if (!fit.shown[i] && !empty[i]) // a column with nothing in it hides nothing
            fit.hidden.push_back(names[i]);
    // Cut free text, the widest first, until the table fits or none can be cut further.
    while (table_width(fit.widths, fit.shown) > max_width) {
        std::size_t widest = names.size();
        for (std::size_t i = 0; i < names.size(); ++i)
            if (fit.shown[i] && fit.widths[i] > narrowest[i] &&
                (widest == names.size() || fit.widths[i] > fit.widths[widest]))
                widest = i;
        if (widest == names.size())
            break;
        int excess = table_width(fit.widths, fit.shown) - max_width;
        fit.widths[widest] = std::max(narrowest[widest], fit.widths[widest] - excess);
    }
    return fit;
}

std::string hidden_columns_notice(const std::vector<std::string>& hidden, int max_width) {
    std::vector<std::string> words;
    for (auto name : hidden) {
        std::replace(name.begin(), name.end(), '_', ' ');
        words.push_back(std::move(name));
    }
    return fmt::format("{} column{} hidden to fit {} columns ({}); see {} with --wide or "
                       "--format csv",
                       hidden.size(), hidden.size() == 1 ? "" : "s", max_width, join(words, ", "),
                       hidden.size() == 1 ? "it" : "them");
}

} // namespace smp::output
