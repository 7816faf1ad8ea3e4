#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <random>

namespace smp {
namespace {

// Decodes one code point at `pos`, advancing it; returns U+FFFD for a malformed sequence.
char32_t next_code_point(std::string_view text, std::size_t& pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(pos);
    int length = lead < 0x80           ? 1
                 : (lead >> 5) == 0x6  ? 2
                 : (lead >> 4) == 0xE  ? 3
                 : (lead >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || pos + length > text.size()) {
        ++pos;
        return 0xFFFD;
    }
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (int i = 1; i < length; ++i) {
        unsigned char next = byte(pos + i);
        if ((next & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (next & 0x3F);
    }
    static constexpr std::array<char32_t, 5> k_min = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < k_min[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return 0xFFFD;
    }
    pos += length;
    return cp;
}

struct Range {
    char32_t first, last;
};

bool in_ranges(char32_t cp, const Range* begin, const Range* end) {
    auto it =
        std::upper_bound(begin, end, cp, [](char32_t c, const Range& r) { return c < r.first; });
    return it != begin && cp <= (it - 1)->last;
}

// Combining marks, zero-width spaces and joiners, direction marks, variation selectors and
// skin-tone modifiers: they attach to the character before and take no column.
constexpr Range k_zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},   {0x200B, 0x200F},
    {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},   {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0x1F3FB, 0x1F3FF}, {0xE0100, 0xE01EF},
};

// East Asian Wide and Fullwidth characters and emoji presented as pictures (after Unicode's
// EastAsianWidth.txt, condensed).
constexpr Range k_wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FA},
    {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},
    {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F3FA},
    {0x1F400, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};

bool is_zero_width(char32_t cp) {
    return in_ranges(cp, std::begin(k_zero_width), std::end(k_zero_width));
}

bool is_wide(char32_t cp) {
    return in_ranges(cp, std::begin(k_wide), std::end(k_wide));
}

// Lower-case letters of U+00E0..U+00FF without their accents ('\0': keep as is).
using namespace std::string_view_literals;
constexpr std::string_view k_latin1_base = "aaaaaaaceeeeiiii\0nooooo\0ouuuuy\0\0"
                                           "aaaaaaaceeeeiiii\0nooooo\0ouuuuy\0y"sv;
static_assert(k_latin1_base.size() == 64);

char32_t fold_code_point(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp == 0x178) // Ÿ, whose small letter ÿ lives in Latin-1
        return 'y';
    if (cp >= 0xC0 && cp <= 0xFF && k_latin1_base[cp - 0xC0] != '\0')
        return static_cast<char32_t>(k_latin1_base[cp - 0xC0]);
    if ((cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 &&
        cp != 0x17F) {
        // Latin Extended-A pairs capitals with the next code point, except in two runs where
        // the capital sits on the odd one.
        bool odd_capitals = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        bool capital = odd_capitals ? (cp % 2 == 1) : (cp % 2 == 0);
        return capital ? cp + 1 : cp;
    }
    return cp;
}

} // namespace

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();)
        out.push_back(next_code_point(text, pos));
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t before = pos;
        char32_t cp = next_code_point(text, pos);
        // A genuine U+FFFD is three bytes long; a malformed sequence advances one byte.
        if (cp == 0xFFFD && pos - before != 3)
            return false;
    }
    return true;
}

std::string fold_case(std::string_view text) {
    bool ascii = std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) { // in place: an import folds every client's text
        std::string out(text);
        for (char& c : out)
            c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        return out;
    }
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : decode_utf8(text))
        append_utf8(out, fold_code_point(cp));
    return out;
}

int display_width(std::string_view text) {
    int width = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[pos]);
        if (c < 0x80) {
            ++pos;
            width += (c >= 0x20 && c != 0x7F) ? 1 : 0;
            continue;
        }
        char32_t cp = next_code_point(text, pos);
        width += is_zero_width(cp) ? 0 : is_wide(cp) ? 2 : (cp >= 0x80 && cp < 0xA0) ? 0 : 1;
    }
    return width;
}

int edit_distance(std::string_view a, std::string_view b) {
    auto x = decode_utf8(a), y = decode_utf8(b);
    std::vector<int> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= y.size(); ++j) {
            int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] != y[j - 1])});
            diagonal = above;
        }
    }
    return row[y.size()];
}

std::string_view trim(std::string_view text) {
    const char* space = " \t\r\n\f\v";
    auto start = text.find_first_not_of(space);
    if (start == std::string_view::npos)
        return {};
    auto end = text.find_last_not_of(space);
    return text.substr(start, end - start + 1);
}

bool parse_yes_no(std::string_view field, std::string_view text) {
    auto word = fold_case(trim(text));
    if (word == "true" || word == "yes" || word == "y" || word == "1")
        return true;
    if (word == "false" || word == "no" || word == "n" || word == "0")
        return false;
    throw Error(Exit::data,
                fmt::format("invalid {} \"{}\": use true or false (yes/no, 1/0)", field, text));
}

std::vector<std::string> split_list(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(separator, start);
        if (end == std::string_view::npos)
            end = text.size();
        auto part = trim(text.substr(start, end - start));
        if (!part.empty())
            parts.emplace_back(part);
        start = end + 1;
    }
    return parts;
}

} // namespace smp
