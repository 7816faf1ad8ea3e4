#pragma once

#include <string_view>

namespace smp::output {

// The colour a table cell gets where colour is on, as an escape sequence (empty: none). Only a
// cell that already says it in words is coloured, so colour is never the only sign: red for
// what needs acting on (overdue, recalled, expired), yellow for what is due today. `column` is
// the column's heading ("status", "when"), `text` the cell as shown.
std::string_view alarm_colour(std::string_view column, std::string_view text);

inline constexpr std::string_view k_colour_reset = "\x1b[0m";

} // namespace smp::output
