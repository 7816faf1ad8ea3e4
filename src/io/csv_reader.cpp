#include <smp/io/csv_reader.hpp>

#include <smp/error.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace smp::io {
namespace {

// Large enough that refills are rare, small enough to stay in cache.
constexpr std::size_t k_buffer_bytes = 64 * 1024;

// Bytes that end a run inside a quoted field; the unquoted set depends on the delimiter.
constexpr std::array<bool, 256> k_stops_quoted = [] {
    std::array<bool, 256> stops{};
    stops['"'] = stops['\n'] = stops['\0'] = true;
    return stops;
}();

constexpr std::string_view k_save_as_utf8 = "save it as UTF-8 (\"CSV UTF-8\" in Excel)";

std::string where(std::string_view source, long line) {
    return source.empty() ? fmt::format("line {}", line) : fmt::format("{}:{}", source, line);
}

std::string delimiter_name(char delimiter) {
    switch (delimiter) {
    case ',':
        return "comma";
    case '\t':
        return "tab";
    case ';':
        return "semicolon";
    default:
        return fmt::format("'{}'", delimiter);
    }
}

// Counts the candidate delimiters outside quotes in the header line, as far as the buffer
// holds it; a header longer than the buffer is decided on its first 64 KiB.
char sniff_delimiter(std::string_view text) {
    std::size_t commas = 0, tabs = 0, semicolons = 0;
    std::size_t pos = text.find_first_not_of("\r\n");
    bool quoted = false;
    for (; pos < text.size(); ++pos) {
        char c = text[pos];
        if (c == '"')
            quoted = !quoted; // a doubled quote toggles twice: the count stays right
        else if (quoted)
            continue;
        else if (c == '\n')
            break;
        else if (c == ',')
            ++commas;
        else if (c == '\t')
            ++tabs;
        else if (c == ';')
            ++semicolons;
    }
    if (tabs > commas && tabs > semicolons)
        return '\t';
    if (semicolons > commas && semicolons > tabs)
        return ';';
    return ',';
}

// The offset of the first byte that does not start a well-formed UTF-8 sequence.
std::size_t first_invalid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        auto lead = static_cast<unsigned char>(text[pos]);
        std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xE  ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
        if (length == 0 || pos + length > text.size() || !is_valid_utf8(text.substr(pos, length)))
            return pos;
        pos += length;
    }
    return text.size();
}

bool is_ascii(const std::string& text) {
    unsigned char any = 0;
    for (char c : text)
        any |= static_cast<unsigned char>(c);
    return any < 0x80;
}

} // namespace

CsvReader::CsvReader(std::istream& in, std::string source_name, std::optional<char> delimiter)
    : m_in(in), m_source(std::move(source_name)), m_buffer(k_buffer_bytes) {
    if (delimiter) {
        auto byte = static_cast<unsigned char>(*delimiter);
        if (byte == '"' || byte == '\r' || byte == '\n' || byte == '\0' || byte >= 0x80)
            throw Error(Exit::usage, "the delimiter must be an ASCII character other than a "
                                     "quote or a line end");
    }
    m_pos = m_end = m_buffer.data();
    fill();
    std::string_view start(m_pos, static_cast<std::size_t>(m_end - m_pos));
    if (start.starts_with("\xEF\xBB\xBF")) {
        m_pos += 3;
        m_line_start = 3; // byte columns count from after the mark, as editors show them
    } else if (start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF")) {
        throw Error(Exit::data, fmt::format("{}: the file is UTF-16 text; {}",
                                            m_source.empty() ? "input" : m_source, k_save_as_utf8));
    }
    m_delimiter =
        delimiter ? *delimiter : sniff_delimiter({m_pos, static_cast<std::size_t>(m_end - m_pos)});
    // smp's own TSV never quotes: a quote inside a field is part of the text there.
    for (char c : {m_delimiter, '\n', '\r', '\0'})
        m_stops_unquoted[static_cast<unsigned char>(c)] = true;
    m_stops_unquoted['"'] = m_delimiter != '\t';

    std::size_t count = read_record(m_header, k_max_columns);
    if (count == 0)
        throw Error(Exit::data,
                    fmt::format("{}: the file is empty: expected a header line naming the columns",
                                m_source.empty() ? "input" : m_source));
    if (count > k_max_columns)
        fail(m_record_line,
             fmt::format("the header has {} columns; at most {} are read", count, k_max_columns));
    m_header.resize(count);
    m_header_line = m_record_line;
}

bool CsvReader::next(CsvRow& row) {
    const std::size_t columns = m_header.size();
    row.fields.resize(columns);
    std::size_t count = read_record(row.fields, columns);
    if (count == 0)
        return false;
    if (count > columns)
        fail(m_record_line,
             fmt::format("{} fields, but the header (line {}) has {}: quote a value that "
                         "contains a {}",
                         count, m_header_line, columns, delimiter_name(m_delimiter)));
    for (std::size_t i = count; i < columns; ++i)
        row.fields[i].clear();
    row.line = m_record_line;
    return true;
}

bool CsvReader::fill() {
    if (m_eof)
        return false;
    m_buffer_offset += static_cast<std::uint64_t>(m_end - m_buffer.data());
    m_in.read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    auto got = static_cast<std::size_t>(m_in.gcount());
    if (m_in.bad())
        throw Error(Exit::io,
                    fmt::format("{}: cannot read the file", m_source.empty() ? "input" : m_source));
    if (got < m_buffer.size())
        m_eof = true;
    m_pos = m_buffer.data();
    m_end = m_pos + got;
    return got > 0;
}

bool CsvReader::ensure() {
    return m_pos != m_end || fill();
}

// Returns how many fields the record has (0 at the end of the file). Fields past `limit` are
// read into a scratch string, only to be counted, so a hostile row cannot grow memory.
std::size_t CsvReader::read_record(std::vector<std::string>& fields, std::size_t limit) {
    for (;;) {
        if (!skip_blank_lines())
            return 0;
        m_record_line = m_line;
        std::size_t count = 0;
        bool all_empty = true;
        FieldEnd end;
        do {
            std::string* field = &m_overflow;
            if (count < limit) {
                if (count == fields.size())
                    fields.emplace_back();
                field = &fields[count];
            }
            end = read_field(*field);
            all_empty = all_empty && field->empty();
            ++count;
        } while (end == FieldEnd::delimiter);
        if (!all_empty)
            return count;
    }
}

bool CsvReader::skip_blank_lines() {
    for (;;) {
        if (!ensure())
            return false;
        if (*m_pos != '\n' && *m_pos != '\r')
            return true;
        take_field_end();
    }
}

CsvReader::FieldEnd CsvReader::read_field(std::string& field) {
    field.clear();
    if (!ensure())
        return FieldEnd::file; // "a,b,": the last field is empty
    m_field_line = m_line;
    long start_column = column();
    m_field_quoted = *m_pos == '"';
    FieldEnd end;
    if (m_field_quoted) {
        ++m_pos;
        ++start_column;
        read_quoted(field, m_field_line);
        end = end_after_closing_quote();
    } else {
        end = read_unquoted(field);
    }
    if (!is_ascii(field))
        check_utf8(field, m_field_quoted, m_field_line, start_column);
    if (m_delimiter == '\t')
        unescape_tsv_field(field); // after the UTF-8 check, whose byte columns are the file's
    return end;
}

// Appends the bytes up to the next stop byte, refilling the buffer as needed; false if the file
// ends first.
bool CsvReader::append_run(std::string& field, const std::array<bool, 256>& stops) {
    for (;;) {
        const char* run = m_pos;
        while (m_pos != m_end && !stops[static_cast<unsigned char>(*m_pos)])
            ++m_pos;
        append(field, run, static_cast<std::size_t>(m_pos - run));
        if (m_pos != m_end)
            return true;
        if (!fill())
            return false;
    }
}

CsvReader::FieldEnd CsvReader::read_unquoted(std::string& field) {
    if (!append_run(field, m_stops_unquoted))
        return FieldEnd::file;
    if (auto end = take_field_end())
        return *end;
    if (*m_pos != '"')
        fail_nul();
    if (trim(field).empty())
        fail(m_line, fmt::format("white space before the opening quote at byte {}: remove it, a "
                                 "quoted field starts right after the {}",
                                 column(), delimiter_name(m_delimiter)));
    fail(m_line, fmt::format("a quote inside an unquoted field at byte {}: quote the whole field "
                             "and double the quotes in it, as in \"John \"\"JJ\"\" Smith\"",
                             column()));
}

void CsvReader::read_quoted(std::string& field, long quote_line) {
    for (;;) {
        if (!append_run(field, k_stops_quoted))
            fail(m_record_line,
                 fmt::format("the quote opened on line {} is never closed", quote_line));
        if (*m_pos == '\0')
            fail_nul();
        if (*m_pos++ == '\n') {
            // A line break inside the quotes of a CRLF file is one line break, as in the rest
            // of the file: "multi-line\r\nnote" is read as "multi-line\nnote".
            if (m_line_ends == LineEnds::crlf && !field.empty() && field.back() == '\r')
                field.pop_back();
            append(field, "\n", 1);
            new_line();
        } else if (ensure() && *m_pos == '"') {
            ++m_pos;
            append(field, "\"", 1);
        } else {
            return;
        }
    }
}

CsvReader::FieldEnd CsvReader::end_after_closing_quote() {
    if (!ensure())
        return FieldEnd::file;
    if (auto end = take_field_end())
        return *end;
    fail(m_line, fmt::format("text after the closing quote at byte {}: a quote inside a quoted "
                             "field must be doubled (\"\"), and nothing may follow the closing "
                             "quote but a {} or the line end",
                             column(), delimiter_name(m_delimiter)));
}

// Consumes the delimiter or line end at m_pos, if that is what it is. Outside quotes only CRLF
// and LF end a line.
std::optional<CsvReader::FieldEnd> CsvReader::take_field_end() {
    char c = *m_pos;
    if (c == m_delimiter) {
        ++m_pos;
        return FieldEnd::delimiter;
    }
    if (c == '\n') {
        ++m_pos;
        new_line();
        if (m_line_ends == LineEnds::unknown)
            m_line_ends = LineEnds::lf;
        return FieldEnd::row;
    }
    if (c != '\r')
        return std::nullopt;
    long cr_column = column();
    ++m_pos;
    if (!ensure() || *m_pos != '\n')
        fail(m_line, fmt::format("a carriage return without a line feed at byte {}: the file "
                                 "has old Mac line ends; save it with Windows or Unix ones",
                                 cr_column));
    ++m_pos;
    new_line();
    if (m_line_ends == LineEnds::unknown)
        m_line_ends = LineEnds::crlf;
    return FieldEnd::row;
}

void CsvReader::fail_nul() const {
    fail(m_line, fmt::format("a NUL byte at byte {}: looks like a binary file, not CSV (or UTF-16 "
                             "text: {})",
                             column(), k_save_as_utf8));
}

void CsvReader::append(std::string& field, const char* from, std::size_t count) {
    if (field.size() + count > k_max_field_bytes) {
        if (m_field_quoted)
            fail(m_field_line,
                 fmt::format("a field longer than 1 MiB: is the quote opened on line {} "
                             "missing its closing quote?",
                             m_field_line));
        fail(m_field_line, "a field longer than 1 MiB");
    }
    field.append(from, count);
}

void CsvReader::new_line() {
    ++m_line;
    m_line_start = m_buffer_offset + static_cast<std::uint64_t>(m_pos - m_buffer.data());
}

// The 1-based byte column of the next byte to read.
long CsvReader::column() const {
    auto offset = m_buffer_offset + static_cast<std::uint64_t>(m_pos - m_buffer.data());
    return static_cast<long>(offset - m_line_start) + 1;
}

// Finds the bad byte's line and column by walking the value from where the field started: in a
// quoted field a quote stood doubled in the file.
void CsvReader::check_utf8(const std::string& field, bool quoted, long line, long column) const {
    std::size_t bad = first_invalid_utf8(field);
    if (bad == field.size())
        return;
    for (std::size_t i = 0; i < bad; ++i) {
        if (field[i] == '\n') {
            ++line;
            column = 1;
        } else {
            column += (quoted && field[i] == '"') ? 2 : 1;
        }
    }
    fail(line, fmt::format("invalid UTF-8 at byte {}: the file is probably Latin-1 or "
                           "Windows-1252; {}",
                           column, k_save_as_utf8));
}

void CsvReader::fail(long line, std::string_view problem) const {
    throw Error(Exit::data, fmt::format("{}: {}", where(m_source, line), problem));
}

void unescape_tsv_field(std::string& field) {
    constexpr std::string_view k_letters = "tnr\\", k_meanings = "\t\n\r\\";
    auto from = field.find('\\');
    if (from == std::string::npos)
        return;
    auto to = from;
    while (from < field.size()) {
        char c = field[from++];
        // A backslash before anything but an escape letter is kept, with what follows it.
        if (c == '\\' && from < field.size())
            if (auto escape = k_letters.find(field[from]); escape != std::string_view::npos) {
                c = k_meanings[escape];
                ++from;
            }
        field[to++] = c;
    }
    field.resize(to);
}

std::optional<std::size_t> ColumnMap::column_of(std::string_view field) const {
    for (std::size_t i = 0; i < field_of_column.size(); ++i)
        if (field_of_column[i] == field)
            return i;
    return std::nullopt;
}

std::string column_key(std::string_view name) {
    std::string key = fold_case(trim(name));
    std::erase_if(key, [](char c) { return c == ' ' || c == '_' || c == '-' || c == '\t'; });
    return key;
}

namespace {

// Parses the --map options into column key -> field ("-" to ignore).
std::map<std::string, std::string> parse_user_maps(const std::vector<std::string>& user_maps,
                                                   const std::vector<std::string>& header,
                                                   std::span<const std::string_view> fields) {
    std::map<std::string, std::string> maps;
    for (const auto& text : user_maps) {
        // Field names never hold '=', column names might: split at the last one.
        auto equals = text.rfind('=');
        std::string_view column = equals == std::string::npos
                                      ? std::string_view{}
                                      : trim(std::string_view(text).substr(0, equals));
        std::string_view field = equals == std::string::npos
                                     ? std::string_view{}
                                     : trim(std::string_view(text).substr(equals + 1));
        if (column.empty() || field.empty())
            throw Error(Exit::usage, fmt::format("malformed --map \"{}\": expected COLUMN=FIELD, "
                                                 "e.g. --map \"Tel.=phone\"",
                                                 text));
        std::string key = column_key(column);
        bool in_header = std::any_of(header.begin(), header.end(), [&](const std::string& name) {
            return column_key(name) == key;
        });
        if (!in_header)
            throw Error(Exit::usage, fmt::format("--map \"{}\": the file has no column \"{}\"; "
                                                 "its columns are: {}",
                                                 text, column, join(header, ", ")));
        std::string target = "-";
        if (field != "-") {
            auto found = std::find_if(fields.begin(), fields.end(), [&](std::string_view name) {
                return column_key(name) == column_key(field);
            });
            if (found == fields.end())
                throw Error(Exit::usage, fmt::format("--map \"{}\": unknown field \"{}\"; use "
                                                     "one of: {}, or - to ignore the column",
                                                     text, field, join(fields, ", ")));
            target = std::string(*found);
        }
        if (!maps.emplace(key, target).second)
            throw Error(Exit::usage,
                        fmt::format("--map names the column \"{}\" more than once", column));
    }
    return maps;
}

} // namespace

ColumnMap match_columns(const std::vector<std::string>& header,
                        std::span<const std::string_view> fields,
                        const std::map<std::string, std::string>& aliases,
                        const std::vector<std::string>& user_maps) {
    auto maps = parse_user_maps(user_maps, header, fields);
    std::map<std::string, std::string> known; // column key -> field
    for (const auto& [alias, field] : aliases) {
        if (std::find(fields.begin(), fields.end(), field) == fields.end())
            throw std::invalid_argument("column alias \"" + alias + "\" leads to unknown field \"" +
                                        field + "\"");
        known[column_key(alias)] = field;
    }
    for (auto field : fields)
        known[column_key(field)] = std::string(field);

    ColumnMap map;
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string key = column_key(header[i]);
        std::optional<std::string> field;
        if (auto user = maps.find(key); user != maps.end()) {
            if (user->second != "-")
                field = user->second;
        } else if (key.empty()) {
            map.unnamed_columns.push_back(i);
        } else if (auto found = known.find(key); found != known.end()) {
            field = found->second;
        } else {
            unknown.push_back(fmt::format("\"{}\"", header[i]));
        }
        if (field) {
            if (auto before = map.column_of(*field))
                throw Error(Exit::data,
                            fmt::format("columns \"{}\" ({}) and \"{}\" ({}) both fill the field "
                                        "\"{}\"; rename one, or ignore it with --map \"{}=-\"",
                                        header[*before], *before + 1, header[i], i + 1, *field,
                                        header[i]));
        }
        map.field_of_column.push_back(std::move(field));
    }
    if (!unknown.empty())
        throw Error(Exit::data,
                    fmt::format("unknown column{} {}; the fields are: {} (name a column's field "
                                "with --map COLUMN=FIELD, or ignore it with --map COLUMN=-)",
                                unknown.size() > 1 ? "s" : "", join(unknown, ", "),
                                join(fields, ", ")));
    return map;
}

void check_unnamed_columns(const ColumnMap& map, const CsvRow& row, std::string_view source_name) {
    for (std::size_t column : map.unnamed_columns) {
        if (column < row.fields.size() && !row.fields[column].empty())
            throw Error(Exit::data,
                        fmt::format("{}: column {} has no header but holds \"{}\"; give it a "
                                    "header, or delete the column",
                                    where(source_name, row.line), column + 1, row.fields[column]));
    }
}

} // namespace smp::io
