// The writing helpers the renderers share (escape.cpp) and the table renderer's factories
// (table.cpp): internal to src/output.
#pragma once

#include <smp/output/output.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace smp::output::writing {

// Output is written in blocks of this size, not row by row.
inline constexpr std::size_t k_flush_at = 1 << 16;
inline constexpr std::string_view k_bold = "\x1b[1m";
inline constexpr std::string_view k_reset = "\x1b[0m";

// Writes the buffer out and empties it; Error(io) if the write fails.
void flush(fmt::memory_buffer& buffer, std::FILE* out);
void append(fmt::memory_buffer& buffer, std::string_view text);
std::string number_text(double value);
// A formula start, after any single quotes: "=x", but also "'=x", so that a stored "'=x" gains a
// quote too and remove_formula_quote() can tell it from a neutralised "=x".
bool starts_like_formula(std::string_view text);
void append_csv_field(fmt::memory_buffer& buffer, std::string_view text, bool quote);
// A value that starts with a quote is also quoted as in CSV (quotes doubled): spreadsheets, and
// smp import, read a leading quote in a TSV file as quoting and would otherwise drop it.
void append_tsv_field(fmt::memory_buffer& buffer, std::string_view text);
// The plain text of a value, before any format's escaping.
std::string plain(const Value& value, bool for_table);
// The same, written straight into the output: no string per field.
void append_plain(fmt::memory_buffer& buffer, const Value& value);
void append_json_value(fmt::memory_buffer& buffer, const Value& value);
// A JSON member: `key` (quoted, with its colon) and the value; an amount of money (Money) is
// followed by its minor units under `minor_key` (json_minor_key(name)), as smp(1) promises.
void append_json_member(fmt::memory_buffer& buffer, std::string_view key,
                        std::string_view minor_key, const Value& value);
std::string json_minor_key(std::string_view name);
// Printable ASCII, most of what smp shows: written as it is, one display column per byte.
bool plain_ascii(std::string_view text);

// The table renderer (table.cpp), for make_row_writer and make_section_writer.
std::unique_ptr<RowWriter> make_table_writer(Style style, std::vector<std::string> columns,
                                             std::FILE* out);
std::unique_ptr<SectionWriter> make_table_sections(Style style, const Record& head, std::FILE* out);

} // namespace smp::output::writing
