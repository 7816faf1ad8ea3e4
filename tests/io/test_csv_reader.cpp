#include <smp/io/csv_reader.hpp>

#include <smp/error.hpp>
#include <smp/output/output.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace smp;
using namespace smp::io;
using Catch::Contains;

namespace {

struct Parsed {
    std::vector<std::string> header;
    char delimiter = 0;
    std::vector<CsvRow> rows;
};

Parsed parse(const std::string& text, std::optional<char> delimiter = std::nullopt) {
    std::istringstream in(text);
    CsvReader reader(in, "clients.csv", delimiter);
    Parsed parsed{reader.header(), reader.delimiter(), {}};
    CsvRow row;
    while (reader.next(row))
        parsed.rows.push_back(row);
    return parsed;
}

// The message of the Error(data) that reading `text` must throw.
std::string data_error(const std::string& text, std::optional<char> delimiter = std::nullopt) {
    try {
        parse(text, delimiter);
    } catch (const Error& error) {
        CHECK(error.code() == Exit::data);
        return error.what();
    }
    FAIL("no error for: " << text);
    return {};
}

using Fields = std::vector<std::string>;

const std::vector<std::string_view> k_fields = {"name", "phone", "email", "birth_date", "notes"};

const std::map<std::string, std::string> k_aliases = {
    {"phone number", "phone"},
    {"e-mail", "email"},
    {"mail", "email"},
    {"dob", "birth_date"},
    {"date of birth", "birth_date"},
    {"full name", "name"},
    {"client", "name"},
};

ColumnMap match(const std::vector<std::string>& header, const std::vector<std::string>& maps = {}) {
    return match_columns(header, k_fields, k_aliases, maps);
}

Exit error_code(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.code();
    }
    return Exit::ok;
}

} // namespace

// ---- reading records --------------------------------------------------------------------------

TEST_CASE("csv_reader: reads the header and each row with the line it starts on") {
    auto parsed = parse("name,phone\nAnn,555-0101\nBob,555-0102\n");
    CHECK(parsed.header == Fields{"name", "phone"});
    REQUIRE(parsed.rows.size() == 2);
    CHECK(parsed.rows[0].fields == Fields{"Ann", "555-0101"});
    CHECK(parsed.rows[0].line == 2);
    CHECK(parsed.rows[1].fields == Fields{"Bob", "555-0102"});
    CHECK(parsed.rows[1].line == 3);
}

TEST_CASE("csv_reader: quoted fields hold the delimiter, doubled quotes and nothing else") {
    auto parsed = parse("name,notes\n\"Smith, John\",\"said \"\"hi\"\"\"\n\"\",plain\n");
    REQUIRE(parsed.rows.size() == 2);
    CHECK(parsed.rows[0].fields == Fields{"Smith, John", "said \"hi\""});
    CHECK(parsed.rows[1].fields == Fields{"", "plain"});
}

TEST_CASE("csv_reader: line numbers stay right across multi-line quoted fields") {
    auto parsed = parse("name,notes\n"
                        "Ann,\"first line\nsecond line\nthird\"\n"
                        "Bob,\"a\r\nb\"\n"
                        "Cy,\"lone\rcarriage return\"\n"
                        "Di,x\n");
    REQUIRE(parsed.rows.size() == 4);
    CHECK(parsed.rows[0].fields[1] == "first line\nsecond line\nthird");
    CHECK(parsed.rows[0].line == 2);
    CHECK(parsed.rows[1].fields[1] == "a\r\nb"); // an LF file: the CR is the value's own
    CHECK(parsed.rows[1].line == 5);
    CHECK(parsed.rows[2].fields[1] == "lone\rcarriage return");
    CHECK(parsed.rows[2].line == 7);
    CHECK(parsed.rows[3].line == 8);
}

TEST_CASE("csv_reader: a UTF-8 byte order mark and CRLF line ends are not part of any value") {
    auto parsed = parse("\xEF\xBB\xBFname,phone\r\nAnn,555\r\n\"Bob\",\"556\"\r\n");
    CHECK(parsed.header == Fields{"name", "phone"});
    REQUIRE(parsed.rows.size() == 2);
    CHECK(parsed.rows[0].fields == Fields{"Ann", "555"});
    CHECK(parsed.rows[1].fields == Fields{"Bob", "556"});
    CHECK(parsed.rows[1].line == 3);
}

TEST_CASE("csv_reader: a CRLF line break inside quotes of a CRLF file is one line break") {
    auto parsed = parse("name,notes\r\nAnn,\"multi-line\r\nnote\"\r\nBob,\"a\rb\"\r\n");
    REQUIRE(parsed.rows.size() == 2);
    CHECK(parsed.rows[0].fields == Fields{"Ann", "multi-line\nnote"});
    CHECK(parsed.rows[1].fields == Fields{"Bob", "a\rb"}); // a lone CR is no line break
    CHECK(parsed.rows[1].line == 4);
}

TEST_CASE("csv_reader: the last line may lack a line end") {
    CHECK(parse("a,b\n1,2").rows.at(0).fields == Fields{"1", "2"});
    CHECK(parse("a,b\n1,\"2\"").rows.at(0).fields == Fields{"1", "2"});
    CHECK(parse("a,b\n1,").rows.at(0).fields == Fields{"1", ""});
    CHECK(parse("a,b").header == Fields{"a", "b"});
    CHECK(parse("a,b").rows.empty());
}

TEST_CASE("csv_reader: blank lines and rows of empty fields are skipped, lines still counted") {
    auto parsed = parse("\n\r\nname,phone\n\nAnn,1\r\n\r\n,\n\"\",\"\"\nBob,2\n\n");
    CHECK(parsed.header == Fields{"name", "phone"});
    REQUIRE(parsed.rows.size() == 2);
    CHECK(parsed.rows[0].line == 5);
    CHECK(parsed.rows[1].fields == Fields{"Bob", "2"});
    CHECK(parsed.rows[1].line == 9);
}

TEST_CASE("csv_reader: a short row gets empty trailing fields") {
    auto parsed = parse("name,phone,email\nAnn\nBob,2\nCy,3,c@example.com\nDi\n");
    REQUIRE(parsed.rows.size() == 4);
    CHECK(parsed.rows[0].fields == Fields{"Ann", "", ""});
    CHECK(parsed.rows[1].fields == Fields{"Bob", "2", ""});
    CHECK(parsed.rows[2].fields == Fields{"Cy", "3", "c@example.com"});
    CHECK(parsed.rows[3].fields == Fields{"Di", "", ""}); // nothing left over from Cy's row
}

TEST_CASE("csv_reader: white space around values is kept") {
    CHECK(parse("a,b\n  x , y\t\n").rows.at(0).fields == Fields{"  x ", " y\t"});
}

// ---- delimiter ------------------------------------------------------------------------------

TEST_CASE("csv_reader: the delimiter is sniffed from the header line") {
    CHECK(parse("name,phone\nAnn,1\n").delimiter == ',');
    CHECK(parse("name\tphone\tnotes\nAnn\t1\t\"a, b; c\"\n").delimiter == '\t');
    CHECK(parse("name;phone\nAnn;1\n").delimiter == ';');
    CHECK(parse("\xEF\xBB\xBFname;phone\r\nAnn;1\r\n").delimiter == ';');

    auto tsv = parse("name\tnotes\nAnn\t\"tab\there, comma\"\n");
    CHECK(tsv.rows.at(0).fields == Fields{"Ann", "tab\there, comma"});
    auto semicolons = parse("name;notes\nAnn;\"x;y\"\n");
    CHECK(semicolons.rows.at(0).fields == Fields{"Ann", "x;y"});
}

TEST_CASE("csv_reader: sniffing counts only outside quotes, the first line only, comma on a tie") {
    CHECK(parse("\"a;b;c\",d\n").delimiter == ','); // the semicolons are quoted
    CHECK(parse("\"a,b,c\";d\n").delimiter == ';');
    CHECK(parse("a;b,c\td\n").delimiter == ',');             // a tie
    CHECK(parse("a;b\tc\n").delimiter == ',');               // a tie without comma
    CHECK(parse("name\n1;2;3\n").delimiter == ',');          // none in the header
    CHECK(parse("\n\nname;phone\n").delimiter == ';');       // leading blank lines
    CHECK(parse("\"multi\nline,,,\";x\n").delimiter == ';'); // a quoted line break
}

TEST_CASE("csv_reader: an explicit delimiter overrides sniffing") {
    auto parsed = parse("a;b,c\n1;2,3\n", ',');
    CHECK(parsed.delimiter == ',');
    CHECK(parsed.header == Fields{"a;b", "c"});
    CHECK(parse("a|b\n1|2\n", '|').rows.at(0).fields == Fields{"1", "2"});
    for (char bad : {'"', '\n', '\r', '\0', '\xC3'}) {
        std::istringstream in("a,b\n");
        CHECK(error_code([&] { CsvReader reader(in, "x.csv", bad); }) == Exit::usage);
    }
}

// ---- hostile input ----------------------------------------------------------------------------

TEST_CASE("csv_reader: an empty file has no header") {
    for (std::string text : {"", "\xEF\xBB\xBF", "\n\n\r\n", ",,\n,\n"})
        CHECK_THAT(data_error(text),
                   Contains("clients.csv: the file is empty: expected a header line"));
}

TEST_CASE("csv_reader: invalid UTF-8 names the line and byte column") {
    CHECK(data_error("name,city\nAnn,M\xFCnchen\n") ==
          "clients.csv:2: invalid UTF-8 at byte 6: the file is probably Latin-1 or "
          "Windows-1252; save it as UTF-8 (\"CSV UTF-8\" in Excel)");
    CHECK_THAT(data_error("n\xE9,x\n"), Contains("clients.csv:1: invalid UTF-8 at byte 2"));
    CHECK_THAT(data_error("a,b\nx,\"ok\"\"\xC3\"\n"), Contains(":2: invalid UTF-8 at byte 8"));
    // On the third physical line of a quoted field, after a doubled quote there.
    CHECK_THAT(data_error("a,b\nx,\"one\ntwo\n\"\"q\"\" \xF0\x9F\x98\"\n"),
               Contains(":4: invalid UTF-8 at byte 7"));
    CHECK_THAT(data_error("\xEF\xBB\xBF\xC0\xAF\n"), Contains(":1: invalid UTF-8 at byte 1"));
    CHECK_THAT(data_error("a\n\xED\xA0\x80\n"), Contains(":2: invalid UTF-8 at byte 1"));
}

TEST_CASE("csv_reader: a UTF-16 file is refused with what to do") {
    CHECK_THAT(data_error(std::string("\xFF\xFEn\0a\0", 6)),
               Contains("clients.csv: the file is UTF-16 text; save it as UTF-8"));
    CHECK_THAT(data_error(std::string("\xFE\xFF\0n\0a", 6)), Contains("UTF-16"));
}

TEST_CASE("csv_reader: NUL bytes mean a binary file") {
    CHECK(data_error(std::string("a,b\nx,y\0z\n", 10)) ==
          "clients.csv:2: a NUL byte at byte 4: looks like a binary file, not CSV (or UTF-16 "
          "text: save it as UTF-8 (\"CSV UTF-8\" in Excel))");
    CHECK_THAT(data_error(std::string("a,b\nx,\"y\n\0\"\n", 12)),
               Contains(":3: a NUL byte at byte 1: looks like a binary file, not CSV"));
    CHECK_THAT(data_error(std::string("\x7F"
                                      "ELF\x02\x01\x01\0\0\0",
                                      10)),
               Contains(":1: a NUL byte at byte 8"));
}

TEST_CASE("csv_reader: an unterminated quote says where it opened") {
    CHECK(data_error("name,notes\nAnn,ok\nBob,\"never closed\nCy,x\nDi,y\n") ==
          "clients.csv:3: the quote opened on line 3 is never closed");
    CHECK_THAT(data_error("name,notes\nAnn,\"a\nb\",\"c\nd\n"),
               Contains("clients.csv:2: the quote opened on line 3 is never closed"));
    CHECK_THAT(data_error("\"name"), Contains(":1: the quote opened on line 1 is never closed"));
}

TEST_CASE("csv_reader: a field may be 1 MiB, not a byte more") {
    const std::string mib(CsvReader::k_max_field_bytes, 'x');
    CHECK(parse("a,b\n1," + mib + "\n").rows.at(0).fields[1].size() == mib.size());
    CHECK(parse("a,b\n1,\"" + mib + "\"\n").rows.at(0).fields[1].size() == mib.size());
    CHECK(data_error("a,b\n1,2\n3," + mib + "x\n") == "clients.csv:3: a field longer than 1 MiB");
    CHECK(data_error("a,b\n1,\"" + mib + "x\"\n") ==
          "clients.csv:2: a field longer than 1 MiB: is the quote opened on line 2 missing its "
          "closing quote?");
}

TEST_CASE("csv_reader: an unclosed quote in a big file stops at 1 MiB, not the end") {
    std::string text = "name,notes\nAnn,\"oops\n";
    for (int i = 0; i < 50'000; ++i)
        text += "Row,with some text in it\n";
    CHECK_THAT(data_error(text), Contains(":2: a field longer than 1 MiB: is the quote opened on "
                                          "line 2 missing its closing quote?"));
}

TEST_CASE("csv_reader: a row with more fields than the header names the counts") {
    CHECK(data_error("name,phone\nAnn,1\nSmith, John,2\n") ==
          "clients.csv:3: 3 fields, but the header (line 1) has 2: quote a value that contains "
          "a comma");
    CHECK_THAT(data_error("\na\tb\nx\ty\tz\tw\n"),
               Contains(":3: 4 fields, but the header (line 2) has 2: quote a value that "
                        "contains a tab"));
    // Thousands of extra fields are counted, not kept.
    CHECK_THAT(data_error("a\n" + std::string(100'000, ';') + "x\n", ';'),
               Contains(":2: 100001 fields, but the header (line 1) has 1"));
}

TEST_CASE("csv_reader: a quote inside an unquoted field is refused with the fix") {
    CHECK(data_error("name,height\nAnn,5'10\" tall\n") ==
          "clients.csv:2: a quote inside an unquoted field at byte 9: quote the whole field and "
          "double the quotes in it, as in \"John \"\"JJ\"\" Smith\"");
    CHECK_THAT(data_error("name,notes\nAnn, \"quoted\"\n"),
               Contains(":2: white space before the opening quote at byte 6: remove it, a "
                        "quoted field starts right after the comma"));
}

TEST_CASE("csv_reader: text after a closing quote is refused") {
    CHECK_THAT(data_error("name,notes\n\"Ann\" B,x\n"),
               Contains("clients.csv:2: text after the closing quote at byte 6: a quote inside "
                        "a quoted field must be doubled"));
    CHECK_THAT(data_error("name;notes\nAnn;\"x;y\",z\n"), Contains(":2: text after the closing "
                                                                   "quote at byte 10"));
    CHECK_THAT(data_error("a,b\n\"x\" \n"), Contains("at byte 4"));
}

TEST_CASE("csv_reader: a carriage return alone outside quotes is refused") {
    CHECK(data_error("name,phone\rAnn,1\r") ==
          "clients.csv:1: a carriage return without a line feed at byte 11: the file has old "
          "Mac line ends; save it with Windows or Unix ones");
    CHECK_THAT(data_error("a,b\n\"x\"\ry\n"), Contains(":2: a carriage return"));
    CHECK_THAT(data_error("a,b\n\rx\n"), Contains(":2: a carriage return"));
}

TEST_CASE("csv_reader: messages without a file name say \"line N\"") {
    std::istringstream in("a,b\n1,2,3\n");
    CsvReader reader(in);
    CsvRow row;
    CHECK_THROWS_WITH(reader.next(row), Contains("line 2: 3 fields"));
}

TEST_CASE("csv_reader: random bytes give rows or an Error, never anything else") {
    constexpr char k_alphabet[] = ",;\t\"\r\n\0ab \xC3\xA9\xFF";
    const std::string alphabet(k_alphabet, sizeof k_alphabet - 1); // keeps the NUL
    std::mt19937 random(12345);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        int length = static_cast<int>(random() % 40);
        for (int i = 0; i < length; ++i)
            text += alphabet[random() % alphabet.size()];
        try {
            auto parsed = parse(text);
            for (const auto& row : parsed.rows)
                CHECK(row.fields.size() == parsed.header.size());
        } catch (const Error& error) {
            CHECK(error.code() == Exit::data);
        }
    }
}

// ---- streaming through the buffer -------------------------------------------------------------

TEST_CASE("csv_reader: CRLF, doubled quotes and UTF-8 split across buffer refills") {
    // The header is 3 bytes, so each padding puts the interesting bytes a little before and
    // after the 64 KiB refill point.
    for (std::size_t pad = 65'520; pad < 65'540; ++pad) {
        std::string value(pad - 3, 'v');
        std::string text = "a\r\n\"" + value + "\"\"\xC3\xA9\"\r\nnext\r\n";
        auto parsed = parse(text);
        REQUIRE(parsed.rows.size() == 2);
        CHECK(parsed.rows[0].fields[0] == value + "\"\xC3\xA9");
        CHECK(parsed.rows[1].fields[0] == "next");
        CHECK(parsed.rows[1].line == 3);

        std::string unquoted = "a\r\n" + value + "\r\nnext\r\n";
        CHECK(parse(unquoted).rows.at(1).line == 3);
    }
}

TEST_CASE("csv_reader: the byte column stays right after a refill") {
    std::string text = "a,b\n" + std::string(70'000, 'x') + ",\xFF\n";
    CHECK_THAT(data_error(text), Contains(":2: invalid UTF-8 at byte 70002"));
}

TEST_CASE("csv_reader: streams many rows, reusing one row") {
    std::string text = "id,name,notes\r\n";
    for (int i = 0; i < 100'000; ++i)
        text += std::to_string(i) + ",Client " + std::to_string(i) + ",\"note, " +
                std::to_string(i) + "\nsecond line\"\r\n";
    std::istringstream in(text);
    CsvReader reader(in, "big.csv");
    CsvRow row;
    long count = 0;
    while (reader.next(row)) {
        if (row.fields[0] != std::to_string(count) || row.line != 2 + 2 * count)
            FAIL("row " << count << " read as " << row.fields[0] << " at line " << row.line);
        ++count;
    }
    CHECK(count == 100'000);
    CHECK(row.fields[2] == "note, 99999\nsecond line");
}

// Writes each value as `write_field` does, one row each with its index, and checks that the
// reader (sniffing the delimiter) gives every value back unchanged.
void check_written_values_read_back(
    const Fields& values, char delimiter,
    const std::function<std::string(std::string_view)>& write_field) {
    std::string text = fmt::format("value{}index\n", delimiter);
    for (std::size_t i = 0; i < values.size(); ++i)
        text += fmt::format("{}{}{}\n", write_field(values[i]), delimiter, i);
    auto parsed = parse(text);
    REQUIRE(parsed.delimiter == delimiter);
    REQUIRE(parsed.rows.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        CHECK(parsed.rows[i].fields[0] == values[i]);
        CHECK(parsed.rows[i].fields[1] == std::to_string(i));
    }
}

TEST_CASE("csv_reader: awkward values survive a round trip through smp's csv writer") {
    const Fields values = {
        "plain",
        "",
        "comma, inside",
        "\"quoted\" and \"\"doubled\"\"",
        "line one\nline two",
        "windows\r\nline end",
        "emoji \xF0\x9F\x98\x80 and Jos\xC3\xA9 \xE6\x9D\x8E",
        "=SUM(A1:A9)",
        "+1 555 0100",
        "  padded  ",
        "semi;colon\ttab",
        "\"",
        "trailing quote\"",
    };
    check_written_values_read_back(values, ',',
                                   [](auto value) { return output::csv_field(value); });
}

// ---- tab-separated files, as smp exports them ---------------------------------------------

std::string unescaped(std::string field) {
    unescape_tsv_field(field);
    return field;
}

TEST_CASE("unescape_tsv_field: undoes the four escapes smp's tsv writer makes") {
    CHECK(unescaped("a\\tb") == "a\tb");
    CHECK(unescaped("line\\nnext") == "line\nnext");
    CHECK(unescaped("cr\\r\\nlf") == "cr\r\nlf");
    CHECK(unescaped("back\\\\slash") == "back\\slash");
    CHECK(unescaped("\\\\n typed") == "\\n typed"); // an escaped backslash, then a plain n
    CHECK(unescaped("\\\\\\\\") == "\\\\");
    CHECK(unescaped("") == "");
    CHECK(unescaped("no escapes at all") == "no escapes at all");
}

TEST_CASE("unescape_tsv_field: a backslash before anything else is kept as it is") {
    CHECK(unescaped("C:\\Users\\ann") == "C:\\Users\\ann");
    CHECK(unescaped("ends in \\") == "ends in \\");
    CHECK(unescaped("\\") == "\\");
    CHECK(unescaped("\\x41 \\\"") == "\\x41 \\\"");
    CHECK(unescaped("\\\xF0\x9F\x98\x80") == "\\\xF0\x9F\x98\x80"); // before a multi-byte character
}

TEST_CASE("csv_reader: a tab-separated file has its escapes undone, quotes inside fields kept") {
    auto tsv = parse("name\tnotes\nAnn\tsaid \"hi\"\\tthen\\nleft\\\\\nBo\t5'10\" tall\n");
    REQUIRE(tsv.rows.size() == 2);
    CHECK(tsv.rows[0].fields == Fields{"Ann", "said \"hi\"\tthen\nleft\\"});
    CHECK(tsv.rows[1].fields == Fields{"Bo", "5'10\" tall"});
    // A spreadsheet's quoted field still reads as one; its escapes are undone too.
    CHECK(parse("a\tb\n\"x\ty\"\t\"C:\\\\temp\"\n").rows.at(0).fields ==
          Fields{"x\ty", "C:\\temp"});
    // Comma and semicolon files are never unescaped.
    CHECK(parse("a,b\nx\\ty,\\\\\n").rows.at(0).fields == Fields{"x\\ty", "\\\\"});
}

TEST_CASE("csv_reader: awkward values survive a round trip through smp's tsv writer") {
    const Fields values = {
        "plain",
        "",
        "tab\there",
        "line one\nline two",
        "windows\r\nline end",
        "back\\slash",
        "\\n typed as two characters",
        "\\\\ two backslashes, \\t and a trailing one \\",
        "C:\\new\\table",
        "\"quoted\" inside, comma, semi;colon",
        "\"VIP\"",
        "\"",
        "\"\ttab after a leading quote",
        "inner \"quote\"",
        "emoji \xF0\x9F\x98\x80 and Jos\xC3\xA9 \xE6\x9D\x8E",
    };
    check_written_values_read_back(values, '\t',
                                   [](auto value) { return output::tsv_field(value); });
}

// ---- header matching --------------------------------------------------------------------------

TEST_CASE("column_key: ignores case, surrounding space, spaces, underscores and hyphens") {
    CHECK(column_key("Birth Date") == "birthdate");
    CHECK(column_key(" birth_date ") == "birthdate");
    CHECK(column_key("BIRTH-DATE") == "birthdate");
    CHECK(column_key("E-Mail") == "email");
    CHECK(column_key("T\xC3\x89L\xC3\x89PHONE") == "telephone"); // accents dropped
    CHECK(column_key("  ") == "");
}

TEST_CASE("match_columns: field names in any spelling and common aliases") {
    auto map = match({"Full Name", "Phone Number", "E-mail", "DOB", "NOTES"});
    CHECK(map.field_of_column ==
          std::vector<std::optional<std::string>>{"name", "phone", "email", "birth_date", "notes"});
    CHECK(map.column_of("email") == 2u);
    CHECK_FALSE(map.column_of("uuid"));
    CHECK(match({" Date of Birth ", "client", "mail"}).field_of_column ==
          std::vector<std::optional<std::string>>{"birth_date", "name", "email"});
}

TEST_CASE("match_columns: --map overrides, and - ignores a column") {
    auto map = match({"Client", "Tel.", "Extra", "client notes"},
                     {"Tel.=phone", " extra = - ", "client notes=Notes"});
    CHECK(map.field_of_column ==
          std::vector<std::optional<std::string>>{"name", "phone", std::nullopt, "notes"});
    // A column name that holds '=' splits at the last one.
    CHECK(match({"a=b"}, {"a=b=name"}).field_of_column.at(0) == "name");
    // A map wins over an alias.
    CHECK(match({"mail", "email"}, {"mail=notes"}).field_of_column ==
          std::vector<std::optional<std::string>>{"notes", "email"});
}

TEST_CASE("match_columns: a malformed --map is a usage error quoting it") {
    for (std::string bad : {"phone", "=phone", "Tel.=", " = "}) {
        try {
            match({"Tel."}, {bad});
            FAIL("accepted " << bad);
        } catch (const Error& error) {
            CHECK(error.code() == Exit::usage);
            CHECK_THAT(error.what(), Contains("malformed --map \"" + bad +
                                              "\": expected "
                                              "COLUMN=FIELD"));
        }
    }
    CHECK(error_code([] { match({"Tel."}, {"Phone=phone"}); }) == Exit::usage);
    CHECK_THROWS_WITH(match({"Tel."}, {"Phone=phone"}),
                      Contains("the file has no column \"Phone\"; its columns are: Tel."));
    CHECK_THROWS_WITH(match({"Tel."}, {"Tel.=mobile"}),
                      Contains("unknown field \"mobile\"; use one of: name, phone, email, "
                               "birth_date, notes, or - to ignore the column"));
    CHECK(error_code([] { match({"Tel."}, {"Tel.=phone", "tel.=notes"}); }) == Exit::usage);
}

TEST_CASE("match_columns: unknown columns are listed with the accepted fields") {
    try {
        match({"name", "Favourite colour", "phone", "Shoe size"});
        FAIL("accepted unknown columns");
    } catch (const Error& error) {
        CHECK(error.code() == Exit::data);
        CHECK(std::string(error.what()) ==
              "unknown columns \"Favourite colour\", \"Shoe size\"; the fields are: name, "
              "phone, email, birth_date, notes (name a column's field with --map COLUMN=FIELD, "
              "or ignore it with --map COLUMN=-)");
    }
    CHECK_THROWS_WITH(match({"x"}), Contains("unknown column \"x\";"));
}

TEST_CASE("match_columns: two columns filling one field are refused") {
    CHECK(error_code([] { match({"Date of Birth", "Birth_Date"}); }) == Exit::data);
    CHECK_THROWS_WITH(match({"name", "Phone", "Phone Number"}),
                      "columns \"Phone\" (2) and \"Phone Number\" (3) both fill the field "
                      "\"phone\"; rename one, or ignore it with --map \"Phone Number=-\"");
    CHECK_THROWS_WITH(match({"name", "phone", "Tel"}, {"Tel=phone"}), Contains("both fill"));
    CHECK(match({"name", "Phone", "Phone Number"}, {"Phone Number=-"}).column_of("phone") == 1u);
}

TEST_CASE("match_columns: columns without a header are ignored unless they hold a value") {
    auto map = match({"name", "", "phone", " "});
    CHECK(map.field_of_column ==
          std::vector<std::optional<std::string>>{"name", std::nullopt, "phone", std::nullopt});
    CHECK(map.unnamed_columns == std::vector<std::size_t>{1, 3});

    CsvRow row{{"Ann", "", "1", ""}, 4};
    CHECK_NOTHROW(check_unnamed_columns(map, row, "clients.csv"));
    row.fields[3] = "stray";
    CHECK_THROWS_WITH(check_unnamed_columns(map, row, "clients.csv"),
                      "clients.csv:4: column 4 has no header but holds \"stray\"; give it a "
                      "header, or delete the column");
}

TEST_CASE("match_columns: an alias leading to an unknown field is a bug in the caller") {
    std::map<std::string, std::string> aliases = {{"tel", "telephone"}};
    CHECK_THROWS_AS(match_columns({"tel"}, k_fields, aliases, {}), std::invalid_argument);
}
