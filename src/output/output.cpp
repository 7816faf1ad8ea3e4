#include "writing.hpp"

#include <smp/error.hpp>
#include <smp/output/output.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

// The machine formats' writers (csv, tsv, json, ndjson) and the choice of writer per format.
namespace smp::output {
using namespace writing;
namespace {

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
        if (auto list = std::get_if<List>(&value)) // its items comma-joined, escaped as any text
            text = &list->joined;
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
        for (auto& column : m_columns) { // escaped once, not once per row
            m_minor_keys.push_back(json_minor_key(column));
            column = json_string(column) + ':';
        }
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
        append_json_member(m_buffer, m_columns[i], m_minor_keys[i], value);
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
    std::vector<std::string> m_columns;    // quoted, each with its colon
    std::vector<std::string> m_minor_keys; // the same for an amount's minor units
    std::FILE* m_out;
    std::size_t m_rows = 0;
    fmt::memory_buffer m_buffer;
};

// One object: the record's fields, then each section as an array of row objects.
class JsonSections : public SectionWriter {
  public:
    JsonSections(const Record& head, std::FILE* out) : m_out(out) {
        m_buffer.push_back('{');
        for (const auto& field : head.fields) {
            if (m_members++)
                m_buffer.push_back(',');
            append_json_member(m_buffer, json_string(field.name) + ':', json_minor_key(field.name),
                               field.value);
        }
    }
    void section(std::string_view name, const std::vector<std::string>& columns) override {
        end_section();
        next_member(json_string(name));
        m_buffer.push_back('[');
        m_columns.clear();
        m_minor_keys.clear();
        for (const auto& column : columns) { // escaped once, not once per row
            m_columns.push_back(json_string(column) + ':');
            m_minor_keys.push_back(json_minor_key(column));
        }
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
            append_json_member(m_buffer, m_columns[i], m_minor_keys[i], values[i]);
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
    std::vector<std::string> m_columns;    // the open section's, quoted, each with its colon
    std::vector<std::string> m_minor_keys; // the same for an amount's minor units
    std::size_t m_members = 0, m_rows = 0;
    bool m_open = false;
};

// csv and tsv: the record's own fields as one row; sections are not rectangular and left out.
class DelimitedHead : public SectionWriter {
  public:
    DelimitedHead(Format format, const Style& style, const Record& head, std::FILE* out)
        : m_writer(make_row_writer(format, style, field_names(head), out, held())) {
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
    if (text == "text")
        return Format::text;
    if (text == "html")
        return Format::html;
    throw Error(Exit::usage, fmt::format("invalid format \"{}\": use table, csv, tsv, json, "
                                         "ndjson, ics, text or html",
                                         visible(text)));
}

std::string_view format_name(Format format) {
    switch (format) {
    case Format::table:
        return "table";
    case Format::csv:
        return "csv";
    case Format::tsv:
        return "tsv";
    case Format::json:
        return "json";
    case Format::ndjson:
        return "ndjson";
    case Format::ics:
        return "ics";
    case Format::text:
        return "text";
    case Format::html:
        return "html";
    }
    return "table";
}

void RowWriter::row(const Record& record) {
    row(field_values(record));
}

std::unique_ptr<RowWriter> make_row_writer(Format format, Style style,
                                           std::vector<std::string> columns, std::FILE* out,
                                           DelimitedOptions delimited) {
    if (style.raw)
        delimited.neutralise_formulas = false;
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
    case Format::text:
    case Format::html:
        break;
    }
    return make_table_writer(style, std::move(columns), out);
}

std::unique_ptr<SectionWriter> make_section_writer(Format format, Style style, const Record& head,
                                                   std::FILE* out) {
    switch (format) {
    case Format::json:
    case Format::ndjson:
        return std::make_unique<JsonSections>(head, out);
    case Format::csv:
    case Format::tsv:
        return std::make_unique<DelimitedHead>(format, style, head, out);
    case Format::table:
    case Format::ics:
    case Format::text:
    case Format::html:
        break;
    }
    return make_table_sections(style, head, out);
}

void write_record(Format format, Style style, const Record& record, std::FILE* out) {
    auto writer = make_section_writer(format, style, record, out);
    for (const auto& section : record.sections) {
        writer->section(section.name, section.rows.empty() ? std::vector<std::string>{}
                                                           : field_names(section.rows.front()));
        for (const auto& row : section.rows)
            writer->row(field_values(row));
    }
    writer->finish();
}

} // namespace smp::output
