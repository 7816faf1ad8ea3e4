#include <smp/output/fit.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace smp::output;
using Catch::Matchers::Contains;

namespace {

int shown_width(const ColumnFit& fit) {
    int total = 0, columns = 0;
    for (std::size_t i = 0; i < fit.widths.size(); ++i)
        if (fit.shown[i]) {
            total += fit.widths[i];
            ++columns;
        }
    return total + 2 * (columns - 1);
}

} // namespace

TEST_CASE("fit_columns: a table that fits is left as it is") {
    auto fit = fit_columns({"id", "name"}, {2, 10}, {false, false}, 80, {});
    CHECK(fit.widths == std::vector<int>{2, 10});
    CHECK(fit.hidden.empty());
    auto unlimited = fit_columns({"id", "name"}, {2, 500}, {false, false}, 0, {});
    CHECK(unlimited.widths == std::vector<int>{2, 500});
}

TEST_CASE("fit_columns: the listing's least useful columns go first, in its order") {
    std::vector<std::string> names{"id", "name", "phone", "email", "skin_type", "hair_colour"};
    std::vector<int> widths{2, 20, 15, 25, 9, 11};
    auto fit = fit_columns(names, widths, std::vector<bool>(6, false), 70,
                           {"hair_colour", "skin_type", "email"});
    CHECK(fit.hidden == std::vector<std::string>{"skin_type", "hair_colour"});
    CHECK(shown_width(fit) <= 70);
    CHECK(fit.widths[2] == 15); // the phone number whole
}

TEST_CASE("fit_columns: an empty column goes before any other") {
    auto fit = fit_columns({"id", "name", "overlaps", "phone"}, {2, 20, 8, 15},
                           {false, false, true, false}, 42, {});
    CHECK_FALSE(fit.shown[2]);
    CHECK(fit.hidden.empty()); // nothing was in it: nothing to say
}

TEST_CASE("fit_columns: an empty marker column is left out at any width") {
    auto fit = fit_columns({"date", "overlaps"}, {10, 8}, {false, true}, 0, {});
    CHECK_FALSE(fit.shown[1]);
    CHECK(fit.hidden.empty());
    auto marked = fit_columns({"date", "overlaps"}, {10, 8}, {false, false}, 0, {});
    CHECK(marked.shown[1]);
    auto other = fit_columns({"date", "email"}, {10, 8}, {false, true}, 0, {});
    CHECK(other.shown[1]); // an empty column that is no marker stays where there is room
}

TEST_CASE("fit_columns: only free text is cut, never below 20 columns") {
    std::vector<std::string> names{"due", "name", "phone", "notes"};
    std::vector<int> widths{10, 40, 15, 60};
    auto fit = fit_columns(names, widths, std::vector<bool>(4, false), 80, {});
    CHECK(fit.hidden.empty());
    CHECK(fit.widths[0] == 10);
    CHECK(fit.widths[2] == 15);
    CHECK(fit.widths[1] >= 20);
    CHECK(fit.widths[3] >= 20);
    CHECK(shown_width(fit) == 80);
}

TEST_CASE("fit_columns: dates, ids and phones are never cut, even when nothing else fits") {
    auto fit = fit_columns({"due", "phone"}, {10, 15}, {false, false}, 12, {});
    CHECK(fit.widths == std::vector<int>{10, 15});
    CHECK(fit.hidden == std::vector<std::string>{"phone"});
    auto one = fit_columns({"phone"}, {15}, {false}, 10, {});
    CHECK(one.shown[0]);
    CHECK(one.widths[0] == 15);
}

TEST_CASE("fit_columns: free text names") {
    CHECK(is_free_text("name"));
    CHECK(is_free_text("notes"));
    CHECK(is_free_text("recall_reason"));
    CHECK_FALSE(is_free_text("phone"));
    CHECK_FALSE(is_free_text("due"));
    CHECK_FALSE(is_free_text("id"));
    CHECK_FALSE(is_free_text("price"));
}

TEST_CASE("hidden_columns_notice: counts, names and says how to see them") {
    auto notice = hidden_columns_notice({"skin_type", "hair_colour"}, 80);
    CHECK_THAT(notice, Contains("2 columns hidden to fit 80 columns (skin type, hair colour)"));
    CHECK_THAT(notice, Contains("--wide"));
    CHECK_THAT(hidden_columns_notice({"email"}, 60), Contains("1 column hidden"));
}
