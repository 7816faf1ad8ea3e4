#include "writing.hpp"

#include <smp/error.hpp>
#include <smp/output/alarm.hpp>
#include <smp/output/fit.hpp>
#include <smp/output/output.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <utility>

// The table renderer: aligned columns fitted to the terminal, and a record's fields and
// sections as `show` prints them.
namespace smp::output {
using namespace writing;
namespace {

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
        if (!std::holds_alternative<std::int64_t>(value) &&
            !std::holds_alternative<double>(value) &&
            !std::holds_alternative<std::monostate>(value))
            m_numeric[column] = false;
        auto start = m_text.size();
        int width = append_shown(m_text, value);
        if (width > 0)
            m_empty[column] = false;
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
        std::vector<std::size_t> shown;
        for (std::size_t i = 0; i < m_columns; ++i)
            if (m_shown[i])
                shown.push_back(i);
        for (std::size_t line = 0; line < lines; ++line)
            write_line(buffer, style, indent, shown, line * m_columns, line == 0, any_rows);
        return std::move(fit.hidden);
    }

  private:
    struct Cell {
        std::size_t start, size;
        int width;
    };

    // One line of the table: the cells of the `shown` columns, from cell `first` on.
    void write_line(fmt::memory_buffer& buffer, Style style, std::string_view indent,
                    const std::vector<std::size_t>& shown, std::size_t first, bool is_heading,
                    bool any_rows) const {
        append(buffer, indent);
        if (is_heading && style.color)
            append(buffer, k_bold);
        for (std::size_t i : shown) {
            const auto& cell = m_cells[first + i];
            bool last = i == shown.back();
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
    std::vector<char> m_numeric; // right-aligned: numbers and empty cells only
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
        if (has_value(field.value))
            label_width = std::max(label_width, display_width(heading(field.name)));
    for (const auto& field : record.fields) {
        if (!has_value(field.value))
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
    std::optional<Table> m_table;      // the open section's
    std::vector<std::string> m_hidden; // columns any section left out to fit
};

} // namespace

namespace writing {

std::unique_ptr<RowWriter> make_table_writer(Style style, std::vector<std::string> columns,
                                             std::FILE* out) {
    return std::make_unique<TableWriter>(style, std::move(columns), out);
}

std::unique_ptr<SectionWriter> make_table_sections(Style style, const Record& head,
                                                   std::FILE* out) {
    return std::make_unique<TableSections>(style, head, out);
}

} // namespace writing
} // namespace smp::output
