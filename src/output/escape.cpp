#include "writing.hpp"

#include <smp/domain/session.hpp>
#include <smp/error.hpp>
#include <smp/output/output.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

// Escaping, each format's: csv, tsv and json fields, formulas a spreadsheet would run, and text
// made visible for a terminal.
namespace smp::output {
namespace writing {

void flush(fmt::memory_buffer& buffer, std::FILE* out) {
    if (buffer.size() && std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size())
        throw Error(Exit::io, "cannot write the output (disk full or pipe closed?)");
    buffer.clear();
}

void append(fmt::memory_buffer& buffer, std::string_view text) {
    buffer.append(text.data(), text.data() + text.size());
}

std::string number_text(double value) {
    return fmt::format("{}", value);
}

// A formula start, after any single quotes: "=x", but also "'=x", so that a stored "'=x" gains a
// quote too and remove_formula_quote() can tell it from a neutralised "=x".
bool starts_like_formula(std::string_view text) {
    auto start = text.find_first_not_of('\'');
    return start != std::string_view::npos &&
           std::string_view("=+-@\t\r").find(text[start]) != std::string_view::npos;
}

void append_csv_field(fmt::memory_buffer& buffer, std::string_view text, bool quote) {
    // A plain loop: find_first_of calls memchr once per character of the field.
    auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
    if (!quote && std::none_of(text.begin(), text.end(), special))
        return append(buffer, text);
    buffer.push_back('"');
    for (char c : text) {
        if (c == '"')
            buffer.push_back('"');
        buffer.push_back(c);
    }
    buffer.push_back('"');
}

// A value that starts with a quote is also quoted as in CSV (quotes doubled): spreadsheets, and
// smp import, read a leading quote in a TSV file as quoting and would otherwise drop it.
void append_tsv_field(fmt::memory_buffer& buffer, std::string_view text) {
    bool quoted = text.starts_with('"');
    if (quoted)
        buffer.push_back('"');
    for (char c : text) {
        switch (c) {
        case '\t':
            append(buffer, "\\t");
            break;
        case '\n':
            append(buffer, "\\n");
            break;
        case '\r':
            append(buffer, "\\r");
            break;
        case '\\':
            append(buffer, "\\\\");
            break;
        case '"':
            append(buffer, quoted ? "\"\"" : "\"");
            break;
        default:
            buffer.push_back(c);
        }
    }
    if (quoted)
        buffer.push_back('"');
}

// The plain text of a value, before any format's escaping.
std::string plain(const Value& value, bool for_table) {
    struct Visitor {
        bool for_table;
        std::string operator()(std::monostate) const { return {}; }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const { return number_text(v); }
        std::string operator()(bool v) const {
            return for_table ? (v ? "yes" : "no") : (v ? "true" : "false");
        }
        std::string operator()(const std::string& v) const { return v; }
        std::string operator()(const List& v) const { return v.joined; }
        std::string operator()(const Money& v) const {
            return v.minor ? format_money(*v.minor) : std::string{};
        }
    };
    return std::visit(Visitor{for_table}, value);
}

// The same, written straight into the output: no string per field.
void append_plain(fmt::memory_buffer& buffer, const Value& value) {
    if (auto number = std::get_if<std::int64_t>(&value))
        fmt::format_to(std::back_inserter(buffer), "{}", *number);
    else if (auto text = std::get_if<std::string>(&value))
        append(buffer, *text);
    else if (!std::holds_alternative<std::monostate>(value))
        append(buffer, plain(value, false));
}

void append_json_value(fmt::memory_buffer& buffer, const Value& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        append(buffer, "null");
    } else if (auto text = std::get_if<std::string>(&value)) {
        append(buffer, json_string(*text));
    } else if (auto list = std::get_if<List>(&value)) {
        buffer.push_back('[');
        std::string_view rest = list->joined;
        for (bool first = true; !rest.empty(); first = false) {
            auto comma = rest.find(',');
            auto item = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            if (!first)
                buffer.push_back(',');
            append(buffer, list->numbers ? std::string(item) : json_string(item));
        }
        buffer.push_back(']');
    } else if (auto money = std::get_if<Money>(&value)) {
        append(buffer, money->minor ? json_string(format_money(*money->minor)) : "null");
    } else {
        append_plain(buffer, value);
    }
}

std::string json_minor_key(std::string_view name) {
    return json_string(std::string(name) + "_minor") + ':';
}

void append_json_member(fmt::memory_buffer& buffer, std::string_view key,
                        std::string_view minor_key, const Value& value) {
    append(buffer, key);
    append_json_value(buffer, value);
    if (auto money = std::get_if<Money>(&value)) {
        buffer.push_back(',');
        append(buffer, minor_key);
        if (money->minor)
            fmt::format_to(std::back_inserter(buffer), "{}", *money->minor);
        else
            append(buffer, "null");
    }
}

// Printable ASCII, most of what smp shows: written as it is, one display column per byte.
bool plain_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

} // namespace writing

using namespace writing;

bool has_value(const Value& value) {
    if (auto list = std::get_if<List>(&value))
        return !list->joined.empty();
    if (auto money = std::get_if<Money>(&value))
        return money->minor.has_value();
    return !std::holds_alternative<std::monostate>(value);
}

std::string csv_field(std::string_view text, bool quote) {
    fmt::memory_buffer buffer;
    append_csv_field(buffer, text, quote);
    return fmt::to_string(buffer);
}

std::string tsv_field(std::string_view text) {
    fmt::memory_buffer buffer;
    append_tsv_field(buffer, text);
    return fmt::to_string(buffer);
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    out.reserve(text.size() + 2);
    for (char c : text) {
        unsigned char byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20 || byte == 0x7F)
                out += fmt::format("\\u{:04x}", byte);
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

bool neutralise_formula(std::string& text) {
    if (!starts_like_formula(text))
        return false;
    text.insert(text.begin(), '\'');
    return true;
}

std::string_view without_formula_quote(std::string_view text) {
    if (text.size() < 2 || text.front() != '\'' || !starts_like_formula(text.substr(1)))
        return text;
    return text.substr(1);
}

namespace {

// The invisible marks that change the order text is shown in (Unicode's bidirectional
// embeddings, overrides, isolates and marks): in a name they could make "exe.txt" read as
// "txt.exe", or hide what follows them.
bool reorders_text(char32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

} // namespace

std::string visible(std::string_view text) {
    if (plain_ascii(text)) // only the rest is decoded
        return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : decode_utf8(text)) {
        switch (cp) {
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\\':
            out += '\\';
            break;
        default:
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
                out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
            else if (reorders_text(cp))
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
            else
                append_utf8(out, cp);
        }
    }
    return out;
}

std::string truncate_to_width(std::string_view text, int width) {
    if (display_width(text) <= width)
        return std::string(text);
    std::string out;
    int used = 0;
    for (char32_t cp : decode_utf8(text)) {
        std::string piece;
        append_utf8(piece, cp);
        int w = display_width(piece);
        if (used + w > width - 1)
            break;
        out += piece;
        used += w;
    }
    return out + "…";
}

} // namespace smp::output
