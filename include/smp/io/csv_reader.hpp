#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp::io {

// One record of the file. `line` is the physical line it starts on (1-based, counting the
// header), so a message can say `clients.csv:12: phone: ...` even after a multi-line note.
struct CsvRow {
    std::vector<std::string> fields;
    long line = 0;
};

// Reads RFC 4180 CSV (or the same with tab or semicolon between fields) from a stream, one
// record at a time, so an import of any size uses the same memory. It reads through a 64 KiB
// buffer and reuses the row's strings, because `smp import` is measured against sqlite3's
// own .import.
//
// What it accepts, and why:
// - A UTF-8 byte order mark at the start (Excel's "CSV UTF-8" writes one), LF or CRLF line
//   ends, and a last line without a line end.
// - Quoted fields holding the delimiter, doubled quotes ("") and line breaks; the bytes between
//   the quotes are kept as they are, a CR or CRLF inside them included.
// - Blank lines, and rows whose every field is empty (",,,"), are skipped anywhere: spreadsheets
//   export rows that were only formatted that way, and they hold nothing to import.
// - A row with fewer fields than the header gets empty strings for the missing trailing ones:
//   spreadsheets drop trailing empty cells.
// - Tab-separated files as `smp export --format tsv` writes them: every field's escapes \t, \n,
//   \r and \\ are undone (unescape_tsv_field), and a quote inside an unquoted field is text,
//   so an export imports as it was stored. A field that starts with a quote is still read as
//   a spreadsheet's quoted field.
//
// What it refuses, with Error(Exit::data) naming the line ("clients.csv:12: ..."):
// - invalid UTF-8 (with the byte column: the file is most likely Latin-1/Windows-1252), a UTF-16
//   byte order mark, and NUL bytes (a binary file, or UTF-16);
// - a quote that is never closed (naming the line it opened on), and a field over 1 MiB, which
//   is almost always the same mistake seen before the end of the file;
// - in a comma or semicolon file, a quote inside an unquoted field (`5'10" tall`), and text
//   after a closing quote. RFC 4180 makes both invalid; reading them literally would misplace
//   any delimiter that follows, and the data would land in the wrong fields silently. A
//   message that shows the fix is better;
// - a CR not followed by LF outside quotes (classic Mac line ends): the line numbers in every
//   later message would otherwise be wrong;
// - a row with more fields than the header (the counts are named): a value that should have
//   been quoted; and an empty file, which has no header.
// After an error the reader is not usable any more.
class CsvReader {
  public:
    static constexpr std::size_t k_max_field_bytes = 1024 * 1024;
    static constexpr std::size_t k_max_columns = 10'000;

    // Reads up to the end of the header. `source_name` (usually the file name) prefixes every
    // message; empty gives "line 12: ...". Without a delimiter, the header decides: whichever of
    // comma, tab and semicolon occurs most often outside quotes in the header line, with comma
    // on a tie or when there is none. An explicit delimiter that is a quote, CR, LF, NUL or not
    // ASCII throws Error(usage).
    explicit CsvReader(std::istream& in, std::string source_name = {},
                       std::optional<char> delimiter = std::nullopt);

    const std::vector<std::string>& header() const { return m_header; }
    long header_line() const { return m_header_line; }
    char delimiter() const { return m_delimiter; }

    // Fills `row` with the next record, exactly header().size() fields; false at the end. Pass
    // the same row each time, so its strings keep their capacity.
    bool next(CsvRow& row);

  private:
    enum class FieldEnd { delimiter, row, file };

    bool fill();
    bool ensure();
    std::size_t read_record(std::vector<std::string>& fields, std::size_t limit);
    bool skip_blank_lines();
    FieldEnd read_field(std::string& field);
    bool append_run(std::string& field, const std::array<bool, 256>& stops);
    FieldEnd read_unquoted(std::string& field);
    void read_quoted(std::string& field, long quote_line);
    FieldEnd end_after_closing_quote();
    std::optional<FieldEnd> take_field_end();
    void append(std::string& field, const char* from, std::size_t count);
    void new_line();
    long column() const;
    void check_utf8(const std::string& field, bool quoted, long line, long column) const;
    [[noreturn]] void fail_nul() const;
    [[noreturn]] void fail(long line, std::string_view problem) const;

    std::istream& m_in;
    std::string m_source;
    std::vector<char> m_buffer;
    const char* m_pos = nullptr;
    const char* m_end = nullptr;
    bool m_eof = false;
    std::uint64_t m_buffer_offset = 0; // file offset of m_buffer[0]
    std::uint64_t m_line_start = 0;    // file offset of the current line's first byte
    long m_line = 1;
    long m_record_line = 0;
    long m_field_line = 0;
    bool m_field_quoted = false;
    // How the header line ended: a file whose lines end in CRLF (a spreadsheet's) has its line
    // breaks inside quotes as CRLF too, read as one line break; in an LF file (smp's own
    // export) a CR before a quoted line break is part of the stored text and kept.
    enum class LineEnds { unknown, lf, crlf } m_line_ends = LineEnds::unknown;
    char m_delimiter = ',';
    std::array<bool, 256> m_stops_unquoted{};
    std::vector<std::string> m_header;
    long m_header_line = 0;
    std::string m_overflow; // fields past the header's count, read only to count them
};

// Which field each column of the file fills.
struct ColumnMap {
    // One entry per column; nullopt for a column that is ignored: one with an empty header, or
    // one the user mapped to "-".
    std::vector<std::optional<std::string>> field_of_column;
    // Columns with an empty header. Spreadsheets export formatted but empty columns that way, so
    // they are not refused up front; check_unnamed_columns refuses a value found in one.
    std::vector<std::size_t> unnamed_columns;

    std::optional<std::size_t> column_of(std::string_view field) const;
};

// Undoes what `smp export --format tsv` does to a field: \t, \n, \r and \\ become a tab, a
// line feed, a carriage return and one backslash. A backslash before anything else (a Windows
// path's "C:\Users", a lone one at the end) is kept as it is, since only those four are ever
// written escaped, and text typed with a stray backslash should arrive unchanged.
void unescape_tsv_field(std::string& field);

// Header names and field names compare as the same key when they differ only in case,
// surrounding white space, or spaces, underscores and hyphens: "Birth Date", "birth_date" and
// "BIRTH-DATE" are all "birthdate".
std::string column_key(std::string_view name);

// Maps each header name to one of `fields` (the accepted field names, as documented). A column
// matches, in order: a `--map COLUMN=FIELD` from `user_maps` (FIELD "-" ignores the column), a
// field name, or an entry of `aliases` (common spreadsheet spellings, e.g. "phone number" ->
// "phone"; every alias must lead to one of `fields`). All comparisons use column_key.
// Throws Error(usage) for a malformed map, or one naming a column or field that does not exist;
// Error(data) listing every unknown column and the accepted fields, or for two columns that fill
// the same field.
ColumnMap match_columns(const std::vector<std::string>& header,
                        std::span<const std::string_view> fields,
                        const std::map<std::string, std::string>& aliases,
                        const std::vector<std::string>& user_maps);

// Throws Error(data) if `row` has a value in a column without a header: importing it would
// drop it silently.
void check_unnamed_columns(const ColumnMap& map, const CsvRow& row, std::string_view source_name);

} // namespace smp::io
