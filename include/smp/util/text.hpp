#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// True if the bytes are well-formed UTF-8 (no overlongs, no surrogates). Text a practitioner
// enters is checked with this before it is stored, so every output format can trust it.
bool is_valid_utf8(std::string_view text);

// The key names are matched on: case folded (ASCII, Latin-1, Latin Extended-A, Greek,
// Cyrillic) and Latin-1 accents dropped, so "jose" and "JOSÉ" both find "José". Other
// characters pass through unchanged.
std::string fold_case(std::string_view text);

// Columns the text takes on a terminal: wide East Asian characters and most emoji count 2,
// combining marks and zero-width joiners 0. Control characters are not expected here (the
// table renderer escapes them first).
int display_width(std::string_view text);

// Splits UTF-8 text into code points; invalid bytes come back as U+FFFD.
std::vector<char32_t> decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t code_point);

// Edit distance between two strings (on code points), for "did you mean" suggestions.
int edit_distance(std::string_view a, std::string_view b);

// Removes leading and trailing ASCII white space.
std::string_view trim(std::string_view text);

// "a,b,c" from {"a","b","c"}: the inverse of split_list, for lists stored or shown as text.
template <typename Range> std::string join(const Range& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty())
            out += separator;
        out += part;
    }
    return out;
}

// Splits "a,b, c" into {"a","b","c"}, dropping empty parts.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

// A yes/no value as spreadsheets and smp's own exports write it: true/false, yes/no, 1/0 (any
// case; y/n too). Throws Error(data) naming the field.
bool parse_yes_no(std::string_view field, std::string_view text);

} // namespace smp
