#include <smp/domain/text.hpp>
#include <smp/error.hpp>
#include <smp/output/fit.hpp>
#include <smp/output/alarm.hpp>
#include <smp/output/output.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <utility>

namespace smp::output {
namespace {

constexpr std::size_t k_flush_at = 1 << 16;
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_reset = "\x1b[0m";

void flush(fmt::memory_buffer& buffer, std::FILE* out) {
    if (buffer.size() && std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size())
        throw Error(Exit::io, "cannot write the output (disk full or pipe closed?)");
    buffer.clear();
}

void append(fmt::memory_buffer& buffer, std::string_view text) {
    buffer.append(text.data(), text.data() + text.size());
}

std::string number_text(double value) { return fmt::format("{}", value); }

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
        case '\t': append(buffer, "\\t"); break;
        case '\n': append(buffer, "\\n"); break;
        case '\r': append(buffer, "\\r"); break;
        case '\\': append(buffer, "\\\\"); break;
        case '"': append(buffer, quoted ? "\"\"" : "\""); break;
        default: buffer.push_back(c);
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
    if (std::holds_alternative<std::monostate>(value))
        append(buffer, "null");
    else if (auto text = std::get_if<std::string>(&value))
        append(buffer, json_string(*text));
    else
        append_plain(buffer, value);
}

class DelimitedWriter : public RowWriter {
public:
    DelimitedWriter(bool tabs, const std::vector<std::string>& columns, std::FILE* out,
                    DelimitedOptions options)
        : m_tabs(tabs), m_options(options), m_out(out) {
        if (m_options.bom)
            append(m_buffer, "\xEF\xBB\xBF");
        // Column names are ours, never a formula: write them as they are.
        auto neutralise = std::exchange(m_options.neutralise_formulas, false);
        row(std::vector<Value>(columns.begin(), columns.end()));
        m_options.neutralise_formulas = neutralise;
    }
    void row(const std::vector<Value>& values) override {
        for (std::size_t i = 0; i < values.size(); ++i)
            field(i, values[i]);
        end_row();
    }
    void row(const Record& record) override {
        std::size_t i = 0;
        for (const auto& f : record.fields)
            field(i++, f.value);
        end_row();
    }
    void finish() override { flush(m_buffer, m_out); }

private:
    void field(std::size_t i, const Value& value) {
        if (i)
            m_buffer.push_back(m_tabs ? '\t' : ',');
        auto* text = std::get_if<std::string>(&value);
        if (!text) {
            // Numbers, booleans and empty fields need no escaping and are never formulas.
            append_plain(m_buffer, value);
            return;
        }
        std::string neutralised;
        std::string_view out = *text;
        bool quote = false;
        if (m_options.neutralise_formulas && starts_like_formula(out)) {
            neutralised = *text;
            quote = neutralise_formula(neutralised);
            out = neutralised;
        }
        if (m_tabs)
            append_tsv_field(m_buffer, out);
        else
            append_csv_field(m_buffer, out, quote);
    }
    void end_row() {
        append(m_buffer, m_options.crlf ? "\r\n" : "\n");
        if (!m_options.hold && m_buffer.size() > k_flush_at)
            flush(m_buffer, m_out);
    }

    bool m_tabs;
    DelimitedOptions m_options;
    std::FILE* m_out;
    fmt::memory_buffer m_buffer;
};

class JsonWriter : public RowWriter {
public:
    JsonWriter(bool lines, std::vector<std::string> columns, std::FILE* out)
        : m_lines(lines), m_columns(std::move(columns)), m_out(out) {
        for (auto& column : m_columns) // escaped once, not once per row
            column = json_string(column) + ':';
        if (!m_lines)
            m_buffer.push_back('[');
    }
    void row(const std::vector<Value>& values) override {
        start_row();
        for (std::size_t i = 0; i < values.size(); ++i)
            field(i, values[i]);
        end_row();
    }
    void row(const Record& record) override {
        start_row();
        std::size_t i = 0;
        for (const auto& f : record.fields)
            field(i++, f.value);
        end_row();
    }
    void finish() override {
        if (!m_lines)
            append(m_buffer, m_rows ? "\n]\n" : "]\n");
        flush(m_buffer, m_out);
    }

private:
    void start_row() {
        if (!m_lines)
            append(m_buffer, m_rows ? ",\n" : "\n");
        m_buffer.push_back('{');
    }
    void field(std::size_t i, const Value& value) {
        if (i)
            m_buffer.push_back(',');
        append(m_buffer, m_columns[i]);
        append_json_value(m_buffer, value);
    }
    void end_row() {
        m_buffer.push_back('}');
        if (m_lines)
            m_buffer.push_back('\n');
        ++m_rows;
        if (m_buffer.size() > k_flush_at)
            flush(m_buffer, m_out);
    }

    bool m_lines;
    std::vector<std::string> m_columns;
    std::FILE* m_out;
    std::size_t m_rows = 0;
    fmt::memory_buffer m_buffer;
};

std::string heading(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

// One table cell: `text` padded to `width` display columns (`text_width` is its own), cut with
// an ellipsis if it is wider, then the two spaces before the next column; the last cell of a
// line gets neither trailing spaces nor the gap. Written in place into the reserved output: a
// table of a thousand rows writes seven thousand cells.
void append_cell(fmt::memory_buffer& buffer, std::string_view text, int text_width, int width,
                 bool right, bool last) {
    if (text_width > width) { // fit_columns narrowed the column (free text only)
        auto cut = truncate_to_width(text, width);
        return append_cell(buffer, cut, display_width(cut), width, right, last);
    }
    auto pad = static_cast<std::size_t>(width - text_width);
    std::size_t before = right ? pad : 0;
    std::size_t after = last ? 0 : (right ? 0 : pad) + 2;
    std::size_t at = buffer.size();
    buffer.resize(at + before + text.size() + after);
    char* out = std::fill_n(buffer.data() + at, before, ' ');
    out = std::copy(text.begin(), text.end(), out);
    std::fill_n(out, after, ' ');
}

// Printable ASCII, most of what smp shows: written as it is, one display column per byte.
bool plain_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

// A value's text as a table shows it, escaped, booleans as yes/no, added to `out`.
// Returns its width in display columns.
int append_shown(std::string& out, const Value& value) {
    if (auto number = std::get_if<std::int64_t>(&value)) { // ids: no string made for them
        fmt::format_int digits(*number);
        out.append(digits.data(), digits.size());
        return static_cast<int>(digits.size());
    }
    auto text = std::get_if<std::string>(&value);
    std::string other = text ? std::string() : plain(value, true);
    std::string_view shown = text ? std::string_view(*text) : std::string_view(other);
    if (plain_ascii(shown)) { // only the rest is escaped and measured
        out.append(shown);
        return static_cast<int>(shown.size());
    }
    auto escaped = visible(shown);
    out.append(escaped);
    return display_width(escaped);
}

// Rows as aligned columns. Each value becomes its cell as the row arrives: escaped, measured in
// display columns (so wide and combining characters line up), and kept in one buffer of text,
// the headings first, so a table of a thousand rows makes no allocation per cell.
class Table {
public:
    explicit Table(const std::vector<std::string>& columns)
        : m_columns(columns.size()), m_names(columns), m_numeric(columns.size(), true),
          m_empty(columns.size(), true), m_shown(columns.size(), true) {
        for (const auto& column : columns) {
            auto start = m_text.size();
            m_text.append(heading(column));
            auto text = std::string_view(m_text).substr(start);
            m_cells.push_back(Cell{start, text.size(), display_width(text)});
            m_widths.push_back(m_cells.back().width);
        }
    }

    void add_row(const std::vector<Value>& values) {
        for (const auto& value : values)
            add(value);
    }

    void add(const Value& value) {
        if (m_columns == 0)
            return;
        auto column = m_cells.size() % m_columns;
        m_numeric[column] = m_numeric[column] && !std::holds_alternative<std::string>(value) &&
                            !std::holds_alternative<bool>(value);
        auto start = m_text.size();
        int width = append_shown(m_text, value);
        m_empty[column] = m_empty[column] && width == 0;
        m_cells.push_back(Cell{start, m_text.size() - start, width});
        m_widths[column] = std::max(m_widths[column], width);
    }

    // Rows added so far (the headings are not one).
    std::size_t rows() const { return m_columns == 0 ? 0 : m_cells.size() / m_columns - 1; }

    // Writes the table, fitted to the terminal; returns the columns it left out to fit.
    std::vector<std::string> write(fmt::memory_buffer& buffer, const Style& style,
                                   std::string_view indent) {
        int room = style.max_width > 0 ? style.max_width - static_cast<int>(indent.size()) : 0;
        auto fit = fit_columns(m_names, m_widths, m_empty, room, style.drop_first);
        m_widths = std::move(fit.widths);
        m_shown = std::move(fit.shown);
        auto lines = m_columns == 0 ? 0 : m_cells.size() / m_columns;
        auto line_width = indent.size() + 2 * m_columns + 1;
        for (int width : m_widths)
            line_width += static_cast<std::size_t>(width);
        buffer.reserve(buffer.size() + lines * line_width + 16); // no regrowth while writing
        bool any_rows = lines > 1;
        for (std::size_t line = 0; line < lines; ++line)
            write_line(buffer, style, indent, line * m_columns, line == 0, any_rows);
        return std::move(fit.hidden);
    }

private:
    struct Cell {
        std::size_t start, size;
        int width;
    };

    void write_line(fmt::memory_buffer& buffer, Style style, std::string_view indent,
                    std::size_t first, bool is_heading, bool any_rows) const {
        append(buffer, indent);
        if (is_heading && style.color)
            append(buffer, k_bold);
        std::size_t last_shown = 0;
        for (std::size_t i = 0; i < m_columns; ++i)
            if (m_shown[i])
                last_shown = i;
        for (std::size_t i = 0; i < m_columns; ++i) {
            if (!m_shown[i])
                continue;
            const auto& cell = m_cells[first + i];
            bool last = i == last_shown;
            bool right = m_numeric[i] && !is_heading && any_rows;
            auto text = std::string_view(m_text).substr(cell.start, cell.size);
            auto colour = is_heading || !style.color ? std::string_view{}
                                                     : alarm_colour(column_name(i), text);
            append(buffer, colour);
            append_cell(buffer, text, cell.width, m_widths[i], right, last);
            if (!colour.empty())
                append(buffer, k_colour_reset);
        }
        if (is_heading && style.color)
            append(buffer, k_reset);
        buffer.push_back('\n');
    }

    std::string_view column_name(std::size_t column) const {
        return std::string_view(m_text).substr(m_cells[column].start, m_cells[column].size);
    }

    std::size_t m_columns;
    std::vector<std::string> m_names;
    std::vector<int> m_widths;
    std::vector<bool> m_numeric; // right-aligned: numbers and empty cells only
    std::vector<bool> m_empty;   // no value in any row
    std::vector<bool> m_shown;   // not left out to fit the terminal
    std::string m_text;          // every cell's text, one after another
    std::vector<Cell> m_cells;   // the headings, then row after row, one per column
};

// After the table: which columns were left out to fit, and how to see them.
void tell_hidden(const Style& style, const std::vector<std::string>& hidden) {
    if (!hidden.empty() && style.notices)
        fmt::print(style.notices, "{}\n", hidden_columns_notice(hidden, style.max_width));
}

class TableWriter : public RowWriter {
public:
    TableWriter(Style style, const std::vector<std::string>& columns, std::FILE* out)
        : m_style(style), m_table(columns), m_out(out) {}
    void row(const std::vector<Value>& values) override { m_table.add_row(values); }
    void row(const Record& record) override {
        for (const auto& field : record.fields)
            m_table.add(field.value);
    }
    void finish() override {
        fmt::memory_buffer buffer;
        auto hidden = m_table.write(buffer, m_style, "");
        flush(buffer, m_out);
        tell_hidden(m_style, hidden);
    }

private:
    Style m_style;
    Table m_table;
    std::FILE* m_out;
};

// A record's own fields as `show` prints them: one "label  value" line each, the labels aligned.
void append_record_fields(fmt::memory_buffer& buffer, Style style, const Record& record) {
    int label_width = 0;
    for (const auto& field : record.fields)
        if (!std::holds_alternative<std::monostate>(field.value))
            label_width = std::max(label_width, display_width(heading(field.name)));
    for (const auto& field : record.fields) {
        if (std::holds_alternative<std::monostate>(field.value))
            continue;
        auto label = heading(field.name);
        append_cell(buffer, label, display_width(label), label_width, false, false);
        auto text = visible(plain(field.value, true));
        if (style.max_width > 0)
            text = truncate_to_width(text, std::max(8, style.max_width - label_width - 2));
        append(buffer, text);
        buffer.push_back('\n');
    }
}

// Each section under its heading, as an indented table, or "(none)".
class TableSections : public SectionWriter {
public:
    TableSections(Style style, const Record& head, std::FILE* out) : m_style(style), m_out(out) {
        append_record_fields(m_buffer, style, head);
    }
    void section(std::string_view name, const std::vector<std::string>& columns) override {
        end_section();
        m_buffer.push_back('\n');
        if (m_style.color)
            append(m_buffer, k_bold);
        append(m_buffer, heading(name));
        if (m_style.color)
            append(m_buffer, k_reset);
        m_buffer.push_back('\n');
        m_table.emplace(columns);
    }
    void row(const std::vector<Value>& values) override { m_table->add_row(values); }
    void finish() override {
        end_section();
        flush(m_buffer, m_out);
        tell_hidden(m_style, m_hidden);
    }

private:
    void end_section() {
        if (!m_table)
            return;
        if (m_table->rows() == 0) {
            append(m_buffer, "  (none)\n");
        } else {
            for (auto& name : m_table->write(m_buffer, m_style, "  "))
                if (std::find(m_hidden.begin(), m_hidden.end(), name) == m_hidden.end())
                    m_hidden.push_back(std::move(name));
        }
        m_table.reset();
    }

    Style m_style;
    std::FILE* m_out;
    fmt::memory_buffer m_buffer;
    std::optional<Table> m_table; // the open section's
    std::vector<std::string> m_hidden; // columns any section left out to fit
};

// One object: the record's fields, then each section as an array of row objects.
class JsonSections : public SectionWriter {
public:
    JsonSections(const Record& head, std::FILE* out) : m_out(out) {
        m_buffer.push_back('{');
        for (const auto& field : head.fields) {
            next_member(json_string(field.name));
            append_json_value(m_buffer, field.value);
        }
    }
    void section(std::string_view name, const std::vector<std::string>& columns) override {
        end_section();
        next_member(json_string(name));
        m_buffer.push_back('[');
        m_columns.clear();
        for (const auto& column : columns) // escaped once, not once per row
            m_columns.push_back(json_string(column) + ':');
        m_rows = 0;
        m_open = true;
    }
    void row(const std::vector<Value>& values) override {
        if (m_rows++)
            m_buffer.push_back(',');
        m_buffer.push_back('{');
        for (std::size_t i = 0; i < values.size() && i < m_columns.size(); ++i) {
            if (i)
                m_buffer.push_back(',');
            append(m_buffer, m_columns[i]);
            append_json_value(m_buffer, values[i]);
        }
        m_buffer.push_back('}');
    }
    void finish() override {
        end_section();
        append(m_buffer, "}\n");
        flush(m_buffer, m_out);
    }

private:
    void next_member(std::string_view quoted_name) {
        if (m_members++)
            m_buffer.push_back(',');
        append(m_buffer, quoted_name);
        m_buffer.push_back(':');
    }
    void end_section() {
        if (std::exchange(m_open, false))
            m_buffer.push_back(']');
    }

    std::FILE* m_out;
    fmt::memory_buffer m_buffer;
    std::vector<std::string> m_columns; // the open section's, quoted, each with its colon
    std::size_t m_members = 0, m_rows = 0;
    bool m_open = false;
};

// csv and tsv: the record's own fields as one row; sections are not rectangular and left out.
class DelimitedHead : public SectionWriter {
public:
    DelimitedHead(Format format, const Record& head, std::FILE* out)
        : m_writer(make_row_writer(format, {}, field_names(head), out, held())) {
        m_writer->row(head);
    }
    void section(std::string_view, const std::vector<std::string>&) override {}
    void row(const std::vector<Value>&) override {}
    void finish() override { m_writer->finish(); }

private:
    static DelimitedOptions held() {
        DelimitedOptions options;
        options.hold = true;
        return options;
    }
    std::unique_ptr<RowWriter> m_writer;
};

} // namespace

std::vector<std::string> field_names(const Record& record) {
    std::vector<std::string> names;
    for (const auto& field : record.fields)
        names.push_back(field.name);
    return names;
}

std::vector<Value> field_values(const Record& record) {
    std::vector<Value> values;
    values.reserve(record.fields.size());
    for (const auto& field : record.fields)
        values.push_back(field.value);
    return values;
}

Format parse_format(std::string_view text) {
    if (text == "table")
        return Format::table;
    if (text == "csv")
        return Format::csv;
    if (text == "tsv")
        return Format::tsv;
    if (text == "json")
        return Format::json;
    if (text == "ndjson")
        return Format::ndjson;
    if (text == "ics")
        return Format::ics;
    throw Error(Exit::usage,
                fmt::format("invalid format \"{}\": use table, csv, tsv, json, ndjson or ics",
                            text));
}

void RowWriter::row(const Record& record) { row(field_values(record)); }

std::unique_ptr<RowWriter> make_row_writer(Format format, Style style,
                                           std::vector<std::string> columns, std::FILE* out,
                                           DelimitedOptions delimited) {
    switch (format) {
    case Format::csv:
        return std::make_unique<DelimitedWriter>(false, columns, out, delimited);
    case Format::tsv:
        return std::make_unique<DelimitedWriter>(true, columns, out, delimited);
    case Format::json:
        return std::make_unique<JsonWriter>(false, std::move(columns), out);
    case Format::ndjson:
        return std::make_unique<JsonWriter>(true, std::move(columns), out);
    case Format::table:
    case Format::ics:
        break;
    }
    return std::make_unique<TableWriter>(style, std::move(columns), out);
}

std::unique_ptr<SectionWriter> make_section_writer(Format format, Style style, const Record& head,
                                                   std::FILE* out) {
    switch (format) {
    case Format::json:
    case Format::ndjson:
        return std::make_unique<JsonSections>(head, out);
    case Format::csv:
    case Format::tsv:
        return std::make_unique<DelimitedHead>(format, head, out);
    case Format::table:
    case Format::ics:
        break;
    }
    return std::make_unique<TableSections>(style, head, out);
}

void write_record(Format format, Style style, const Record& record, std::FILE* out) {
    auto writer = make_section_writer(format, style, record, out);
    for (const auto& section : record.sections) {
        writer->section(section.name,
                        section.rows.empty() ? std::vector<std::string>{}
                                             : field_names(section.rows.front()));
        for (const auto& row : section.rows)
            writer->row(field_values(row));
    }
    writer->finish();
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
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
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
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += '\\'; break;
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
