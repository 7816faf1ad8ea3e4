#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smp::output {

// Free text: the only kind of cell a table may cut to fit a terminal (names, notes, reasons),
// keeping at least its first k_min_free_text characters (then "…"). Dates, ids, phone numbers,
// amounts and the like are shown whole or not at all.
constexpr int k_min_free_text = 20;
bool is_free_text(std::string_view column);

// A table's columns as they fit a terminal `max_width` columns wide.
struct ColumnFit {
    std::vector<bool> shown;
    std::vector<int> widths;         // display columns each shown column gets
    std::vector<std::string> hidden; // the columns left out that had values, in table order
};

// Fits columns whose widest cells are `natural` (headings included) into `max_width` (0: no
// limit), with two spaces between columns. While even the narrowest table is too wide, the
// least useful column is left out: one with no value in any row (`empty`), then those named in
// `drop_first` in its order (the listing's own judgement, else a default for smp's columns),
// then the rightmost, and last the ones a row is about (id, name, date, due date, phone).
// Then free text is cut, widest first, to no fewer than k_min_free_text characters. A table
// whose columns left cannot be made narrower is left wider than the terminal. A marker column
// (the agenda's overlaps) with no value in any row is left out at any width.
ColumnFit fit_columns(const std::vector<std::string>& names, const std::vector<int>& natural,
                      const std::vector<bool>& empty, int max_width,
                      const std::vector<std::string>& drop_first);

// The line on standard error saying what was left out and how to see it.
std::string hidden_columns_notice(const std::vector<std::string>& hidden, int max_width);

} // namespace smp::output
