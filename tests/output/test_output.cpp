#include <smp/error.hpp>
#include <smp/output/output.hpp>
#include <smp/util/text.hpp>

#include <catch2/catch.hpp>

#include "capture.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace smp;
using namespace smp::output;
using Catch::Matchers::Contains;

namespace {

std::string render_rows(Format format, const std::vector<std::string>& columns,
                        const std::vector<std::vector<Value>>& rows, Style style = {},
                        DelimitedOptions delimited = {}) {
    Capture capture;
    auto writer = make_row_writer(format, style, columns, capture.file(), delimited);
    for (const auto& row : rows)
        writer->row(row);
    writer->finish();
    return capture.text();
}

std::string render_record(Format format, const Record& record, Style style = {}) {
    Capture capture;
    write_record(format, style, record, capture.file());
    return capture.text();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// The display column at which `needle` starts in `line`.
int column_of(const std::string& line, const std::string& needle) {
    auto at = line.find(needle);
    if (at == std::string::npos)
        throw std::runtime_error("\"" + needle + "\" not found in \"" + line + "\"");
    return display_width(line.substr(0, at));
}

// A small client-like record with one section, as `client show` would build it.
Record sample_record() {
    Record session_one{{{"id", std::int64_t{3}},
                        {"date", std::string("2026-03-01")},
                        {"area", std::string("crown")}},
                       {}};
    Record session_two{{{"id", std::int64_t{14}},
                        {"date", std::string("2026-03-10")},
                        {"area", std::string("hairline")}},
                       {}};
    return Record{{{"id", std::int64_t{12}},
                   {"name", std::string("Jane \"JD\" Doe")},
                   {"phone", Value{}},
                   {"reminders_allowed", true},
                   {"hair_loss", std::string("Norwood 3A")}},
                  {Section{"sessions", {session_one, session_two}}, Section{"photos", {}}}};
}

} // namespace

// ---- parse_format -----------------------------------------------------------------------------

TEST_CASE("parse_format: the five formats, anything else a usage error") {
    CHECK(parse_format("table") == Format::table);
    CHECK(parse_format("csv") == Format::csv);
    CHECK(parse_format("tsv") == Format::tsv);
    CHECK(parse_format("json") == Format::json);
    CHECK(parse_format("ndjson") == Format::ndjson);
    for (auto text : {"xml", "", "JSON ", "jsonl"}) {
        INFO('"' << text << '"');
        try {
            parse_format(text);
            FAIL("no error thrown");
        } catch (const Error& error) {
            CHECK(error.code() == Exit::usage);
            CHECK_THAT(error.what(), Contains(std::string("\"") + text + "\""));
            CHECK_THAT(error.what(), Contains("ndjson"));
        }
    }
}

// ---- csv_field / tsv_field --------------------------------------------------------------------

TEST_CASE("csv_field: plain text is left unquoted") {
    CHECK(csv_field("") == "");
    CHECK(csv_field("Jane Doe") == "Jane Doe");
    CHECK(csv_field("José 李 😀") == "José 李 😀");
    CHECK(csv_field("tab\there") == "tab\there");
}

TEST_CASE("csv_field: RFC 4180 quotes fields with a comma, quote, CR or LF") {
    CHECK(csv_field("Doe, Jane") == "\"Doe, Jane\"");
    CHECK(csv_field("line\nbreak") == "\"line\nbreak\"");
    CHECK(csv_field("carriage\rreturn") == "\"carriage\rreturn\"");
    CHECK(csv_field("crlf\r\n") == "\"crlf\r\n\"");
}

TEST_CASE("csv_field: inner quotes are doubled") {
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("\"") == "\"\"\"\"");
    CHECK(csv_field("a\"b,c") == "\"a\"\"b,c\"");
}

TEST_CASE("tsv_field: tabs, newlines, CRs and backslashes are escaped") {
    CHECK(tsv_field("plain, \"text\"") == "plain, \"text\"");
    CHECK(tsv_field("a\tb") == "a\\tb");
    CHECK(tsv_field("a\nb") == "a\\nb");
    CHECK(tsv_field("a\rb") == "a\\rb");
    CHECK(tsv_field("C:\\path") == "C:\\\\path");
    CHECK(tsv_field("\\n") == "\\\\n"); // a literal backslash-n stays distinguishable
    // Only a leading quote makes a field quoted, as a spreadsheet's TSV reader expects.
    CHECK(tsv_field("\"VIP\" client") == "\"\"\"VIP\"\" client\"");
    CHECK(tsv_field("\"a\tb") == "\"\"\"a\\tb\"");
}

// ---- json_string ------------------------------------------------------------------------------

TEST_CASE("json_string: quotes and backslashes are escaped") {
    CHECK(json_string("") == "\"\"");
    CHECK(json_string("Jane") == "\"Jane\"");
    CHECK(json_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
    CHECK(json_string("C:\\path") == "\"C:\\\\path\"");
}

TEST_CASE("json_string: control characters become escapes") {
    CHECK(json_string("a\nb") == "\"a\\nb\"");
    CHECK(json_string("a\rb") == "\"a\\rb\"");
    CHECK(json_string("a\tb") == "\"a\\tb\"");
    CHECK(json_string(std::string("\0", 1)) == "\"\\u0000\"");
    CHECK(json_string("\x01") == "\"\\u0001\"");
    CHECK(json_string("\x1b[31m") == "\"\\u001b[31m\"");
    CHECK(json_string("\x1f") == "\"\\u001f\"");
    CHECK(json_string("\b\f") == "\"\\u0008\\u000c\"");
}

TEST_CASE("json_string: UTF-8 passes through unescaped") {
    CHECK(json_string("José Müller") == "\"José Müller\"");
    CHECK(json_string("李小龙 😀") == "\"李小龙 😀\"");
    CHECK(json_string("'; DROP TABLE client; --") == "\"'; DROP TABLE client; --\"");
}

// ---- visible ----------------------------------------------------------------------------------

TEST_CASE("visible: control characters become visible escapes") {
    CHECK(visible("plain") == "plain");
    CHECK(visible("a\nb") == "a\\nb");
    CHECK(visible("a\rb") == "a\\rb");
    CHECK(visible("a\tb") == "a\\tb");
    CHECK(visible("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
    CHECK(visible("\x07") == "\\x07");
    CHECK(visible("\x7f") == "\\x7f");
    CHECK(visible(std::string("a\0b", 3)) == "a\\x00b");
    // Bidirectional overrides, embeddings, isolates and marks: shown, never obeyed.
    CHECK(visible("gnp\u202e.exe") == "gnp\\u202e.exe");
    CHECK(visible("\u2066x\u2069 \u200f") == "\\u2066x\\u2069 \\u200f");
    CHECK(visible("שלום مرحبا") == "שלום مرحبا");
}

TEST_CASE("visible: C1 control characters are escaped too") {
    CHECK(visible("\xC2\x9B"
                  "31m") == "\\x9b31m"); // U+009B, the 8-bit CSI
    CHECK(visible("\xC2\x85") == "\\x85");
}

TEST_CASE("visible: printable UTF-8 is kept") {
    CHECK(visible("José Müller 李小龙 😀") == "José Müller 李小龙 😀");
    CHECK(visible("\"quoted\", 'single'") == "\"quoted\", 'single'");
}

// ---- truncate_to_width ------------------------------------------------------------------------

TEST_CASE("truncate_to_width: text that fits is unchanged") {
    CHECK(truncate_to_width("Jane", 4) == "Jane");
    CHECK(truncate_to_width("Jane", 10) == "Jane");
    CHECK(truncate_to_width("李小龙", 6) == "李小龙");
    CHECK(truncate_to_width("", 0) == "");
}

TEST_CASE("truncate_to_width: cut text ends in an ellipsis within the width") {
    CHECK(truncate_to_width("Jane Doe", 5) == "Jane…");
    CHECK(truncate_to_width("José Müller", 5) == "José…");
    CHECK(truncate_to_width("李小龙", 5) == "李小…");
    CHECK(truncate_to_width("李小龙", 4) == "李…"); // a wide character never straddles the edge
    for (int width = 1; width <= 12; ++width) {
        for (auto text : {"José Müller, Jr", "李小龙李小龙李小龙", "😀😀😀😀😀😀😀"}) {
            INFO(text << " in " << width);
            auto cut = truncate_to_width(text, width);
            CHECK(display_width(cut) <= width);
            CHECK(is_valid_utf8(cut));
        }
    }
}

// ---- csv / tsv writers -----------------------------------------------------------------------

TEST_CASE("csv writer: a header row, then one line per row") {
    auto text = render_rows(
        Format::csv, {"id", "name", "notes"},
        {{std::int64_t{1}, std::string("Jane Doe"), std::string("plain")},
         {std::int64_t{2}, std::string("Doe, John"), std::string("said \"hi\"\nthen left")}});
    CHECK(text == "id,name,notes\n"
                  "1,Jane Doe,plain\n"
                  "2,\"Doe, John\",\"said \"\"hi\"\"\nthen left\"\n");
}

TEST_CASE("csv writer: no rows gives just the header") {
    CHECK(render_rows(Format::csv, {"id", "name"}, {}) == "id,name\n");
}

TEST_CASE("csv writer: null is empty, booleans are true/false, numbers plain") {
    auto text = render_rows(Format::csv, {"id", "phone", "reminders_allowed", "archived", "ratio"},
                            {{std::int64_t{-7}, Value{}, true, false, 1.5}});
    CHECK(text == "id,phone,reminders_allowed,archived,ratio\n-7,,true,false,1.5\n");
}

TEST_CASE("tsv writer: tab-separated with escaped fields") {
    auto text = render_rows(Format::tsv, {"id", "name", "notes"},
                            {{std::int64_t{1}, std::string("Doe, Jane"), std::string("a\tb\nc")},
                             {std::int64_t{2}, Value{}, true}});
    CHECK(text == "id\tname\tnotes\n"
                  "1\tDoe, Jane\ta\\tb\\nc\n"
                  "2\t\ttrue\n");
}

DelimitedOptions neutralising() {
    DelimitedOptions options;
    options.neutralise_formulas = true;
    return options;
}

TEST_CASE("neutralise_formula: a leading =, +, -, @, tab or CR gains a single quote") {
    for (std::string text : {"=SUM(A1)", "+44 7700 900123", "-2+3", "@cmd", "\tx", "\rx"}) {
        auto original = text;
        CHECK(neutralise_formula(text));
        CHECK(text == "'" + original);
    }
}

TEST_CASE("neutralise_formula: other text, and the empty string, are left alone") {
    for (std::string text : {"", "Jane", "2026-06-15", " =x", "a=b", "'quoted", "'", "''"}) {
        auto original = text;
        CHECK_FALSE(neutralise_formula(text));
        CHECK(text == original);
    }
}

TEST_CASE("neutralise_formula: a formula start after single quotes gains one more quote") {
    for (std::string text : {"'=x", "''+1", "'\tx"}) {
        auto original = text;
        CHECK(neutralise_formula(text));
        CHECK(text == "'" + original);
    }
}

TEST_CASE("without_formula_quote: undoes exactly what neutralise_formula added") {
    for (std::string text : {"", "Jane", "'quoted", "'", "''", "=SUM(A1)", "+44 7700 900123", "-2",
                             "@cmd", "\tx", "\rx", "'=x", "''+1", "a=b", " =x"}) {
        auto original = text;
        neutralise_formula(text);
        CHECK(without_formula_quote(text) == original);
    }
}

TEST_CASE("without_formula_quote: leaves text no export neutralised alone") {
    for (std::string text : {"", "'", "''", "'quoted", "Jane", "=x", "'' quoted"})
        CHECK(without_formula_quote(text) == text);
}

TEST_CASE("csv writer: neutralised text is quoted with a leading single quote") {
    auto text = render_rows(
        Format::csv, {"name", "phone", "notes"},
        {{std::string("=HYPERLINK(\"x\")"), std::string("+44 7700"), std::string("@home, \"ok\"")}},
        {}, neutralising());
    CHECK(text == "name,phone,notes\n"
                  "\"'=HYPERLINK(\"\"x\"\")\",\"'+44 7700\",\"'@home, \"\"ok\"\"\"\n");
}

TEST_CASE("csv writer: numbers, booleans and empty fields are never neutralised") {
    auto text = render_rows(Format::csv, {"balance", "ratio", "final", "phone", "date"},
                            {{std::int64_t{-7}, -1.5, false, Value{}, std::string("2026-06-15")}},
                            {}, neutralising());
    CHECK(text == "balance,ratio,final,phone,date\n-7,-1.5,false,,2026-06-15\n");
}

TEST_CASE("csv writer: formulas pass through untouched without neutralising (--raw)") {
    Style raw;
    raw.raw = true;
    auto text = render_rows(Format::csv, {"name"}, {{std::string("=1+1")}}, raw);
    CHECK(text == "name\n=1+1\n");
    // Every csv writer neutralises unless told otherwise: one rule for every command.
    CHECK(render_rows(Format::csv, {"name"}, {{std::string("=1+1")}}) == "name\n\"'=1+1\"\n");
}

TEST_CASE("tsv writer: neutralised text gains the single quote, escapes still applied") {
    auto text = render_rows(Format::tsv, {"name", "notes"},
                            {{std::string("-x"), std::string("\tindented")}}, {}, neutralising());
    CHECK(text == "name\tnotes\n'-x\t'\\tindented\n");
}

TEST_CASE("csv writer: --crlf ends every row with CR LF, inner newlines kept as they are") {
    DelimitedOptions options;
    options.crlf = true;
    auto text = render_rows(Format::csv, {"id", "notes"},
                            {{std::int64_t{1}, std::string("a\nb")}, {std::int64_t{2}, Value{}}},
                            {}, options);
    CHECK(text == "id,notes\r\n1,\"a\nb\"\r\n2,\r\n");
}

TEST_CASE("csv writer: --bom puts the UTF-8 byte order mark first, once") {
    DelimitedOptions options;
    options.bom = true;
    auto text = render_rows(Format::csv, {"name"}, {{std::string("José")}}, {}, options);
    CHECK(text == "\xEF\xBB\xBFname\nJosé\n");
}

TEST_CASE("csv writer: the header row is never neutralised") {
    auto text = render_rows(Format::csv, {"-odd"}, {}, {}, neutralising());
    CHECK(text == "-odd\n");
}

// ---- json / ndjson writers -------------------------------------------------------------------

TEST_CASE("json writer: an array of objects keyed by the column names") {
    auto text = render_rows(
        Format::json, {"id", "name", "reminders_allowed", "phone"},
        {{std::int64_t{1}, std::string("Jane \"JD\" Doe"), true, Value{}},
         {std::int64_t{2}, std::string("李小龙\n"), false, std::string("+44 7700 900123")}});
    CHECK(text == "[\n"
                  "{\"id\":1,\"name\":\"Jane \\\"JD\\\" Doe\",\"reminders_allowed\":true,"
                  "\"phone\":null},\n"
                  "{\"id\":2,\"name\":\"李小龙\\n\",\"reminders_allowed\":false,"
                  "\"phone\":\"+44 7700 900123\"}\n"
                  "]\n");
}

TEST_CASE("json writer: an empty list is []") {
    CHECK(render_rows(Format::json, {"id", "name"}, {}) == "[]\n");
}

TEST_CASE("json writer: numbers are bare, text that looks like a number is a string") {
    auto text = render_rows(Format::json, {"id", "ratio", "phone"},
                            {{std::int64_t{9007199254740993}, 0.25, std::string("0123")}});
    CHECK_THAT(text, Contains("\"id\":9007199254740993"));
    CHECK_THAT(text, Contains("\"ratio\":0.25"));
    CHECK_THAT(text, Contains("\"phone\":\"0123\""));
}

TEST_CASE("ndjson writer: one object per line, no surrounding array") {
    auto text = render_rows(Format::ndjson, {"id", "name", "archived"},
                            {{std::int64_t{1}, std::string("Jane"), false},
                             {std::int64_t{2}, std::string("two\nlines"), Value{}}});
    CHECK(text == "{\"id\":1,\"name\":\"Jane\",\"archived\":false}\n"
                  "{\"id\":2,\"name\":\"two\\nlines\",\"archived\":null}\n");
}

TEST_CASE("ndjson writer: an empty list writes nothing") {
    CHECK(render_rows(Format::ndjson, {"id"}, {}) == "");
}

TEST_CASE("writers: many rows stream through the buffer intact") {
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 5000; ++i)
        rows.push_back({std::int64_t{i}, std::string(40, 'x')});
    auto csv = lines_of(render_rows(Format::csv, {"id", "name"}, rows));
    REQUIRE(csv.size() == 5001);
    CHECK(csv[4321] == "4320," + std::string(40, 'x'));
    auto ndjson = lines_of(render_rows(Format::ndjson, {"id", "name"}, rows));
    REQUIRE(ndjson.size() == 5000);
    CHECK(ndjson.back() == "{\"id\":4999,\"name\":\"" + std::string(40, 'x') + "\"}");
}

// ---- table writer -----------------------------------------------------------------------------

TEST_CASE("table writer: columns line up by display width with accents and wide characters") {
    auto text = render_rows(Format::table, {"id", "name", "phone"},
                            {{std::int64_t{1}, std::string("José Müller"), std::string("+44 1")},
                             {std::int64_t{2}, std::string("李小龙"), std::string("+86 2")},
                             {std::int64_t{12}, std::string("Jane"), std::string("+1 3")}});
    CHECK(text == "id  name         phone\n"
                  " 1  José Müller  +44 1\n"
                  " 2  李小龙       +86 2\n"
                  "12  Jane         +1 3\n");
    auto lines = lines_of(text);
    REQUIRE(lines.size() == 4);
    int phone_column = column_of(lines[0], "phone");
    CHECK(column_of(lines[1], "+44") == phone_column);
    CHECK(column_of(lines[2], "+86") == phone_column);
    CHECK(column_of(lines[3], "+1 ") == phone_column);
}

TEST_CASE("table writer: emoji and combining accents line up too") {
    auto text = render_rows(Format::table, {"name", "area"},
                            {{std::string("Jose\u0301"), std::string("crown")},
                             {std::string("Sam 😀"), std::string("hairline")},
                             {std::string("Al"), std::string("scar")}});
    auto lines = lines_of(text);
    REQUIRE(lines.size() == 4);
    int area_column = column_of(lines[0], "area");
    CHECK(column_of(lines[1], "crown") == area_column);
    CHECK(column_of(lines[2], "hairline") == area_column);
    CHECK(column_of(lines[3], "scar") == area_column);
}

TEST_CASE("table writer: headings use spaces for underscores; booleans are yes/no") {
    auto text = render_rows(Format::table, {"name", "reminders_allowed"},
                            {{std::string("Jane"), true}, {std::string("Bob"), false}});
    CHECK(text == "name  reminders allowed\n"
                  "Jane  yes\n"
                  "Bob   no\n");
}

TEST_CASE("table writer: control characters in cells are made visible") {
    auto text = render_rows(Format::table, {"name", "notes"},
                            {{std::string("Eve\x1b[2J"), std::string("line1\nline2")}});
    CHECK_THAT(text, !Contains("\x1b"));
    CHECK_THAT(text, Contains("Eve\\x1b[2J"));
    CHECK_THAT(text, Contains("line1\\nline2"));
    CHECK(lines_of(text).size() == 2);
}

TEST_CASE("table writer: no colour and no truncation by default") {
    std::string long_note(300, 'n');
    auto text = render_rows(Format::table, {"name", "notes"}, {{std::string("Jane"), long_note}});
    CHECK_THAT(text, !Contains("\x1b"));
    CHECK_THAT(text, Contains(long_note));
    CHECK_THAT(text, !Contains("…"));
}

TEST_CASE("table writer: with a terminal width, free text is cut to fit") {
    Style style;
    style.max_width = 40;
    auto text = render_rows(Format::table, {"id", "name", "notes"},
                            {{std::int64_t{1}, std::string("Jane Doe"),
                              std::string("a very long note that goes on and on and on")},
                             {std::int64_t{2}, std::string("李小龙"), std::string("short")}},
                            style);
    for (const auto& line : lines_of(text)) {
        INFO(line);
        CHECK(display_width(line) <= 40);
    }
    CHECK_THAT(text, Contains("…"));
    CHECK_THAT(text, Contains("a very long note tha")); // its first 20 characters at least
    CHECK_THAT(text, Contains("Jane Doe"));
}

TEST_CASE("table writer: a column is left out rather than cut below 20 characters") {
    Style style;
    style.max_width = 30;
    auto text = render_rows(Format::table, {"id", "name", "notes"},
                            {{std::int64_t{1}, std::string("Jane Doe"),
                              std::string("a very long note that goes on and on and on")}},
                            style);
    CHECK_THAT(text, !Contains("notes"));
    CHECK_THAT(text, !Contains("…"));
    CHECK_THAT(text, Contains("Jane Doe"));
}

TEST_CASE("table writer: with colour, the heading row is bold") {
    Style style;
    style.color = true;
    auto text =
        render_rows(Format::table, {"id", "name"}, {{std::int64_t{1}, std::string("Jane")}}, style);
    CHECK(text.rfind("\x1b[1m", 0) == 0);
    CHECK_THAT(lines_of(text)[0], Contains("\x1b[0m"));
    CHECK_THAT(lines_of(text)[1], !Contains("\x1b"));
}

TEST_CASE("table writer: no rows still prints the headings") {
    CHECK(render_rows(Format::table, {"id", "name"}, {}) == "id  name\n");
}

// ---- write_record -----------------------------------------------------------------------------

TEST_CASE("write_record table: labelled lines, empty fields left out, sections below") {
    auto text = render_record(Format::table, sample_record());
    CHECK(text == "id                 12\n"
                  "name               Jane \"JD\" Doe\n"
                  "reminders allowed  yes\n"
                  "hair loss          Norwood 3A\n"
                  "\n"
                  "sessions\n"
                  "  id  date        area\n"
                  "   3  2026-03-01  crown\n"
                  "  14  2026-03-10  hairline\n"
                  "\n"
                  "photos\n"
                  "  (none)\n");
    CHECK_THAT(text, !Contains("phone"));
}

TEST_CASE("write_record table: values are made visible and labels align with wide text") {
    Record record{{{"name", std::string("李小龙")}, {"notes", std::string("one\ntwo\x1b")}}, {}};
    auto text = render_record(Format::table, record);
    CHECK(text == "name   李小龙\n"
                  "notes  one\\ntwo\\x1b\n");
}

TEST_CASE("write_record json: one object, null for empty fields, sections as arrays") {
    auto text = render_record(Format::json, sample_record());
    CHECK(text == "{\"id\":12,\"name\":\"Jane \\\"JD\\\" Doe\",\"phone\":null,"
                  "\"reminders_allowed\":true,\"hair_loss\":\"Norwood 3A\","
                  "\"sessions\":[{\"id\":3,\"date\":\"2026-03-01\",\"area\":\"crown\"},"
                  "{\"id\":14,\"date\":\"2026-03-10\",\"area\":\"hairline\"}],"
                  "\"photos\":[]}\n");
    CHECK(render_record(Format::ndjson, sample_record()) == text);
}

TEST_CASE("write_record csv/tsv: a header and one row, sections left out") {
    CHECK(render_record(Format::csv, sample_record()) ==
          "id,name,phone,reminders_allowed,hair_loss\n"
          "12,\"Jane \"\"JD\"\" Doe\",,true,Norwood 3A\n");
    CHECK(render_record(Format::tsv, sample_record()) ==
          "id\tname\tphone\treminders_allowed\thair_loss\n"
          "12\tJane \"JD\" Doe\t\ttrue\tNorwood 3A\n");
}

// ---- section writer ---------------------------------------------------------------------------

namespace {

// A record streamed: its fields as the head, then each section's rows as values.
std::string stream_record(Format format, const Record& record) {
    Capture capture;
    auto writer = make_section_writer(format, {}, record, capture.file());
    for (const auto& section : record.sections) {
        writer->section(section.name, section.rows.empty() ? std::vector<std::string>{}
                                                           : field_names(section.rows.front()));
        for (const auto& row : section.rows)
            writer->row(field_values(row));
    }
    writer->finish();
    return capture.text();
}

} // namespace

TEST_CASE("section writer: streamed rows print as write_record prints the same record") {
    for (auto format : {Format::table, Format::json, Format::ndjson, Format::csv, Format::tsv}) {
        INFO("format " << static_cast<int>(format));
        CHECK(stream_record(format, sample_record()) == render_record(format, sample_record()));
    }
}

TEST_CASE("section writer: each section is its own table, aligned to its own cells") {
    Capture capture;
    Record head{{{"date", std::string("2026-06-15")}}, {}};
    auto writer = make_section_writer(Format::table, {}, head, capture.file());
    writer->section("sessions", {"client_id", "name"});
    writer->row({std::int64_t{7}, std::string("Kim Moss")});
    writer->row({std::int64_t{12345}, std::string("Bo")});
    writer->section("followups", {"name"});
    writer->section("lots", {"lot"});
    writer->row({std::string("L-1")});
    writer->finish();
    CHECK(capture.text() == "date  2026-06-15\n"
                            "\n"
                            "sessions\n"
                            "  client id  name\n"
                            "          7  Kim Moss\n"
                            "      12345  Bo\n"
                            "\n"
                            "followups\n"
                            "  (none)\n"
                            "\n"
                            "lots\n"
                            "  lot\n"
                            "  L-1\n");
}

TEST_CASE("section writer: nothing reaches the output before finish(), however long") {
    // A reader streams rows inside its read transaction: the output, which a pager may hold,
    // must not be written until the transaction is over.
    for (auto format : {Format::table, Format::json, Format::csv}) {
        INFO("format " << static_cast<int>(format));
        Capture capture;
        auto writer =
            make_section_writer(format, {}, Record{{{"id", std::int64_t{1}}}, {}}, capture.file());
        writer->section("rows", {"id", "name"});
        for (int i = 0; i < 5000; ++i) // well past the 64 KiB at which writers flush
            writer->row({std::int64_t{i}, std::string(40, 'x')});
        CHECK(capture.text().empty());
        writer->finish();
        CHECK_FALSE(capture.text().empty());
    }
}

TEST_CASE("csv writer: held, it writes nothing until finish()") {
    Capture capture;
    DelimitedOptions held;
    held.hold = true;
    auto writer = make_row_writer(Format::csv, {}, {"id", "name"}, capture.file(), held);
    for (int i = 0; i < 5000; ++i)
        writer->row({std::int64_t{i}, std::string(40, 'x')});
    CHECK(capture.text().empty());
    writer->finish();
    auto lines = lines_of(capture.text());
    REQUIRE(lines.size() == 5001);
    CHECK(lines[5000] == "4999," + std::string(40, 'x'));
}

// ---- write errors -----------------------------------------------------------------------------

TEST_CASE("writers: a failed write is an I/O error") {
    std::FILE* full = std::fopen("/dev/full", "w");
    if (!full) {
        WARN("/dev/full is not available; skipped");
        return;
    }
    std::setvbuf(full, nullptr, _IONBF, 0);
    auto writer = make_row_writer(Format::csv, {}, {"id"}, full);
    writer->row({std::int64_t{1}});
    try {
        writer->finish();
        FAIL("no error thrown");
    } catch (const Error& error) {
        CHECK(error.code() == Exit::io);
    }
    std::fclose(full);
}
