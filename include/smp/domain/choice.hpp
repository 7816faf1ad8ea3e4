#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// A closed set of allowed values for one field (skin type, area, status...). Values are
// matched case-insensitively and stored in their canonical spelling.
struct Choice {
    std::string_view field;                    // as the user knows it: "skin type"
    std::span<const std::string_view> allowed; // canonical spellings, in display order

    // Returns the canonical spelling; throws Error(data) quoting the value and listing the
    // allowed ones.
    std::string parse(std::string_view value) const;
    std::string allowed_list() const;
};

// Parses each item of a comma-separated (or repeated) list against a Choice; duplicates are
// dropped, order kept.
std::vector<std::string> parse_choices(const Choice& choice,
                                       const std::vector<std::string>& values);

} // namespace smp
