#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace smp::output {

// ics (iCalendar) is only for the commands that print calendars (touchup due, touchup
// calendar); everything else renders it as a table, and Context refuses it for them.
// ics is for calendars; text and html for handouts (a receipt, an aftercare sheet).
enum class Format { table, csv, tsv, json, ndjson, ics, text, html };

// The formats of a record or a listing, the table first: what a command accepts unless it
// names its own (Context::formats).
inline constexpr Format k_record_formats[] = {Format::table, Format::csv, Format::tsv, Format::json,
                                              Format::ndjson};

// A format's name, as --format takes it.
std::string_view format_name(Format format);

// Parses a --format value; throws Error(usage) listing the formats.
Format parse_format(std::string_view text);

// A list: a session's areas and lots, a client's contraindications, booking ids. Its items
// never hold a comma (they are choices, lot numbers or ids), so it is kept as the comma-joined
// text that is stored, typed on the command line and read back by `smp import`: a table, csv
// and tsv write that text as it is (blank when empty), with no copy per row of an export; json
// writes an array (`[]` when empty) of strings, or of numbers when `numbers` is set.
struct List {
    std::string joined;
    bool numbers = false;
};

// An exact amount of money in minor units (cents); empty: no amount. A table, csv and tsv write
// it with two decimals ("450.50", blank when empty). json writes it twice, as smp(1) JSON OUTPUT
// promises for every amount: the field as that exact decimal string, and `<field>_minor` as an
// integer ("price":"450.50","price_minor":45050; both null when empty).
struct Money {
    std::optional<std::int64_t> minor;
};

// A field's value. Empty (monostate) is a field with nothing recorded: blank in table/csv,
// null in json.
using Value = std::variant<std::monostate, std::int64_t, double, bool, std::string, List, Money>;

// Whether a value shows anything in a table: not empty, an empty list or no amount.
bool has_value(const Value& value);

struct Field {
    std::string name; // snake_case: the documented field name, a contract
    Value value;
};

struct Record;

// A named list inside a record, e.g. a client's sessions in `client show`.
struct Section {
    std::string name;
    std::vector<Record> rows;
};

struct Record {
    std::vector<Field> fields;
    std::vector<Section> sections;
};

// A record's field names, in order: the columns of a list of such records.
std::vector<std::string> field_names(const Record& record);
// Its values, in the same order: one row of such a list.
std::vector<Value> field_values(const Record& record);

struct Style {
    bool color = false; // bold headings (only ever on a terminal unless --color always)
    int max_width = 0;  // terminal columns to fit a table into; 0: never truncate
    // Where a table says which columns it left out to fit (standard error); none: not said.
    std::FILE* notices = nullptr;
    // The columns a listing gives up first to fit, least useful first (see fit_columns).
    std::vector<std::string> drop_first;
    // --raw: csv and tsv cells exactly as stored, even those a spreadsheet would run as a
    // formula (every csv and tsv writer neutralises them otherwise).
    bool raw = false;
};

// How csv and tsv rows are written beyond the format itself (exports set these; listings keep
// the defaults). Ignored by the other formats.
// One rule for every command: a csv or tsv cell is neutralised unless --raw (Style::raw).
struct DelimitedOptions {
    bool crlf = false; // end rows with CR LF, as spreadsheet programs on Windows expect
    bool bom = false;  // start with a UTF-8 byte order mark, so Excel reads the file as UTF-8
    // Text that a spreadsheet would run as a formula (OWASP "CSV injection") is shown as text
    // instead: see neutralise_formula().
    bool neutralise_formulas = true;
    // Write nothing until finish(): for a reader inside a read transaction, so that a slow
    // reader of the output (a pager) never holds the records file's lock.
    bool hold = false;
};

// Streams rows of a list: every renderer but `table` writes each row as it comes, so memory
// stays flat; `table` must see all rows to align columns.
class RowWriter {
  public:
    virtual ~RowWriter() = default;
    virtual void row(const std::vector<Value>& values) = 0;
    // A record's fields as one row, in their order. Streaming writers override it to write
    // the fields where they lie: an export of a million rows copies no value.
    virtual void row(const Record& record);
    // Flushes what is buffered; call once after the last row.
    virtual void finish() = 0;
};

std::unique_ptr<RowWriter> make_row_writer(Format format, Style style,
                                           std::vector<std::string> columns, std::FILE* out,
                                           DelimitedOptions delimited = {});

// One record written as it is read: its own fields, then its sections one after another, each
// section's rows as they come, so a long section (the agenda's week of bookings) is never held
// as Records: `table` keeps a section's cells as text until the section ends (to align its
// columns), json writes each row at once. Nothing reaches `out` before finish(), so a reader
// can write inside a read transaction and still hold no lock while the output drains.
class SectionWriter {
  public:
    virtual ~SectionWriter() = default;
    // Starts a section, ending the one before: its name and its rows' field names.
    virtual void section(std::string_view name, const std::vector<std::string>& columns) = 0;
    // A row of the section started last, its values in the order of its columns.
    virtual void row(const std::vector<Value>& values) = 0;
    // Ends the last section and the record, and writes it all.
    virtual void finish() = 0;
};

// `head`'s fields open the record (its sections are not written: give them to the writer).
// Rendered as write_record() renders a record.
std::unique_ptr<SectionWriter> make_section_writer(Format format, Style style, const Record& head,
                                                   std::FILE* out);

// One record, as `show` prints it: key/value lines in a table, one object in json/ndjson, a
// header and one row in csv/tsv (sections are left out there: they are not rectangular).
// A section's columns are the fields of its first row.
void write_record(Format format, Style style, const Record& record, std::FILE* out);

// The escaping each format applies to a text field, exposed so it can be tested alone.
// `quote` forces the double quotes even when the text needs none.
std::string csv_field(std::string_view text, bool quote = false);
std::string tsv_field(std::string_view text);
std::string json_string(std::string_view text);
// A spreadsheet runs a cell starting with =, +, -, @, tab or CR as a formula; OWASP's advice is
// to put a single quote in front so it is shown as text. Text that starts so after single
// quotes ("'=x") gains one too, so the quote can be taken off again exactly. Returns whether
// `text` was changed.
bool neutralise_formula(std::string& text);
// The inverse, for reading an export back (`smp import`): `text` without the one quote that
// neutralise_formula() put in front.
std::string_view without_formula_quote(std::string_view text);
// Table cells: control characters (newlines, escape sequences...) become visible escapes such
// as \n or \x1b, so a stored value can never move the cursor or recolour a terminal.
std::string visible(std::string_view text);
// Cuts text to at most `width` display columns, ending in "…" when cut.
std::string truncate_to_width(std::string_view text, int width);

} // namespace smp::output
