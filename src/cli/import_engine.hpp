#pragma once

// The import engine, whatever the record kind: a file's rows read and checked field by field
// (every problem listed as FILE:LINE: field: problem), their uuids and ids, and the plan written
// in one transaction. import.cpp maps each kind's columns onto its records through it.

#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/client.hpp>
#include <smp/domain/date.hpp>
#include <smp/io/csv_reader.hpp>
#include <smp/io/huge_pages.hpp>
#include <smp/output/diagnostic.hpp>
#include <smp/output/output.hpp>
#include <smp/output/progress.hpp>
#include <smp/store/store.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smp::cli {

struct ImportOptions {
    std::string kind, file;
    bool dry_run = false;
    std::vector<std::string> maps;
    std::optional<std::string> delimiter;
    // Which contact makes a row the update of a client on file with the same name ("phone",
    // "email"; from --match name,phone): without it such a row is a duplicate.
    std::optional<std::string> match;
    bool allow_duplicates = false;
    // Written, inside `import all --dry-run`'s transaction that is then rolled back: reported
    // as what would be done.
    bool rehearsal = false;
    // Where `import all` keeps each file's report until its one transaction is committed (a
    // file "imported" and then rolled back with a later one would mislead); null: said at once.
    std::vector<std::string>* reports = nullptr;
};

// What a file of one record kind may hold: `fields` are exactly the columns `smp export` writes,
// its kind's table (smp/domain/kind.hpp), so that an export imports cleanly. The fields smp
// works out itself (a session's course number, a shade's lot count, a lot's status...) are
// read and ignored.
struct KindSpec {
    std::vector<std::string_view> fields;
    std::map<std::string, std::string> aliases;
};

// The columns and the other names a file of one kind may use ("clients", "sessions"...).
const KindSpec& spec_of(std::string_view kind);

// The line each value (a shade's name, a lot number) was first seen on, to name it when the
// value comes again.
using FirstSeen = std::unordered_map<std::string, long>;

// One row's values by field name, for the fields the file has a column for.
class RowValues {
  public:
    explicit RowValues(const io::ColumnMap& map) {
        for (std::size_t i = 0; i < map.field_of_column.size(); ++i)
            if (map.field_of_column[i])
                m_column_of.emplace_back(*map.field_of_column[i], i);
    }
    void set_row(const io::CsvRow& row) { m_row = &row; }
    long line() const { return m_row->line; }
    bool has(std::string_view field) const { return column_of(field).has_value(); }
    // Not given when the file has no such column: the record keeps what it had. An export puts
    // a single quote before text a spreadsheet would run as a formula; it is taken off again
    // here, so an export imports as it was stored.
    std::optional<std::string> get(std::string_view field) const {
        auto value = view(field);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
    // The trimmed value, empty when the column is missing or blank.
    std::string text(std::string_view field) const {
        return std::string(trim(view(field).value_or("")));
    }

  private:
    std::optional<std::string_view> view(std::string_view field) const {
        auto column = column_of(field);
        if (!column)
            return std::nullopt;
        return output::without_formula_quote(m_row->fields[*column]);
    }
    // A look along a few dozen names: quicker than hashing one, and asked some 50 times a row.
    std::optional<std::size_t> column_of(std::string_view field) const {
        for (const auto& [name, column] : m_column_of)
            if (name == field)
                return column;
        return std::nullopt;
    }

    std::vector<std::pair<std::string, std::size_t>> m_column_of; // field name, column
    const io::CsvRow* m_row = nullptr;
};

// Every invalid value of the file, as `FILE:LINE: field: problem`, so all of them can be fixed
// in one go rather than one per run.
class Problems {
  public:
    explicit Problems(std::string file) : m_file(std::move(file)) {}

    // Runs `check`; a data error it throws becomes a problem of `field` on `line`.
    template <typename Check> void check(long line, std::string_view field, Check&& check) {
        try {
            check();
        } catch (const Error& error) {
            if (error.code() != Exit::data)
                throw;
            add(line, field, error.what());
        }
    }
    void add(long line, std::string_view field, std::string_view problem) {
        m_lines.emplace_back(line, fmt::format("{}:{}: {}: {}", m_file, line, field, problem));
        m_bad_rows.insert(line);
    }
    // A problem of the whole row rather than of one field (a duplicate of a record on file).
    void add_row(long line, std::string_view problem) {
        m_lines.emplace_back(line, fmt::format("{}:{}: {}", m_file, line, problem));
        m_bad_rows.insert(line);
    }
    // Said after the refusal: another way out than fixing the rows (`--allow-duplicates`).
    void hint(std::string text) { m_hint = std::move(text); }
    bool empty() const { return m_lines.empty(); }

    // Prints every problem, in line order (repeated uuids are found after the last row), and
    // refuses the whole file.
    [[noreturn]] void refuse(Context& context) {
        std::stable_sort(m_lines.begin(), m_lines.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [line, text] : m_lines)
            output::print_diagnostic(context.err, text);
        throw Error(Exit::data,
                    fmt::format("nothing imported: {} of the rows in \"{}\" {} invalid (listed "
                                "above); fix them, or leave them out, and import again{}",
                                m_bad_rows.size(), m_file, m_bad_rows.size() == 1 ? "is" : "are",
                                m_hint.empty() ? "" : "; " + m_hint));
    }

  private:
    std::string m_file, m_hint;
    std::vector<std::pair<long, std::string>> m_lines;
    std::set<long> m_bad_rows;
};

// Checks one field of a row: with a column, a blank value clears `target` and anything else
// goes through `parse`, as `client edit --phone ""` and `--phone X` do.
template <typename Target, typename Parse>
void import_field(const RowValues& row, Problems& problems, std::string_view field, Target& target,
                  Parse&& parse) {
    problems.check(row.line(), field, [&] { set_field(row.get(field), target, parse); });
}

inline auto text_rule(std::string_view field) {
    return [field](const std::string& value) { return validate_text(field, value); };
}

inline auto date_rule(Date today) {
    return [today](const std::string& value) { return parse_date(value, today); };
}

// The uuids a file's rows give, to find one given twice. Kept as 128-bit numbers and sorted
// once every row is read: hashing them as strings as they came was a fifth of the time of
// checking 100,000 rows.
class FileUuids {
  public:
    void add(std::string_view uuid, long line) { // as validate_uuid writes it
        Seen seen{0, 0, line};
        for (char c : uuid) {
            if (c == '-')
                continue;
            unsigned digit = c <= '9' ? c - '0' : c - 'a' + 10;
            seen.high = seen.high << 4 | seen.low >> 60;
            seen.low = seen.low << 4 | digit;
        }
        m_seen.push_back(seen);
    }
    // Each uuid given again is a problem of its later line, naming the first.
    void report_repeats(Problems& problems) {
        std::sort(m_seen.begin(), m_seen.end()); // by uuid, then line
        std::size_t first = 0;
        for (std::size_t i = 1; i < m_seen.size(); ++i) {
            if (!m_seen[i].same_uuid(m_seen[first])) {
                first = i;
                continue;
            }
            problems.add(m_seen[i].line, "uuid",
                         fmt::format("uuid {} is also on line {}; one record per uuid",
                                     m_seen[first].text(), m_seen[first].line));
        }
    }

  private:
    struct Seen {
        std::uint64_t high, low;
        long line;
        auto operator<=>(const Seen&) const = default;
        bool same_uuid(const Seen& other) const { return high == other.high && low == other.low; }
        std::string text() const {
            auto hex = fmt::format("{:016x}{:016x}", high, low);
            return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4),
                               hex.substr(12, 4), hex.substr(16, 4), hex.substr(20));
        }
    };
    std::vector<Seen> m_seen;
};

// The uuid a row carries, if any, checked; FileUuids finds it if it comes again.
std::optional<std::string> row_uuid(const RowValues& row, Problems& problems, FileUuids& seen);

// The ids a file gives its rows. New records keep them only when every row gives a distinct
// id and the records file has no record of the kind yet (checked as the import writes): an
// export moved into a new records file then keeps its ids, so the ids people know and the
// references by id (a session's client_id, a lot's shade_id) still hold. Otherwise new records
// get the next free ids, as always; an id column is never an error, since spreadsheets number
// their rows their own way.
class FileIds {
  public:
    // The row's id, 0 when it gives none that could be kept.
    std::int64_t read(const RowValues& row) {
        auto text = row.text("id");
        std::int64_t id = is_id_reference(text) ? std::stoll(text) : 0;
        m_all_given = m_all_given && id != 0;
        m_ids.push_back(id);
        return id;
    }
    // Sorted once, after the last row, rather than hashed row by row.
    bool keepable() {
        std::sort(m_ids.begin(), m_ids.end());
        return m_all_given && std::adjacent_find(m_ids.begin(), m_ids.end()) == m_ids.end();
    }

  private:
    std::vector<std::int64_t> m_ids;
    bool m_all_given = true;
};

// What a file's rows say of themselves: their uuids (each once in a file) and their ids (kept
// when they can be).
struct FileKeys {
    FileUuids uuids;
    FileIds ids;
};

// A checked row, ready to write: `record.id` is set when it updates a record on file.
template <typename Record> struct Planned {
    Record record;
    std::int64_t file_id = 0;                      // the id the row gives (see FileIds)
    std::optional<std::vector<std::int64_t>> lots; // a session's lots, when its row names them
    std::optional<std::vector<Date>> openings;     // a lot's, when its row names them
    bool unchanged = false; // the record on file again (a consent, a reminder): not written
};

// Every checked row of a file, in file order. A deque grows without moving the rows already
// planned, as a vector would do some 17 times over on the way to 100,000.
template <typename Record> using Plan = std::deque<Planned<Record>>;

// Starts a row's plan: the record on file with the row's uuid (`on_file(uuid)` finds it), to
// update; else a new record, with the row's uuid if it gives one. Notes the row's id too.
template <typename Record, typename OnFile>
Planned<Record> plan_row(const RowValues& row, Problems& problems, FileKeys& keys,
                         OnFile&& on_file) {
    Planned<Record> planned;
    if (auto uuid = row_uuid(row, problems, keys.uuids)) {
        // A client merged into another is found by its old uuid, and keeps the new one's.
        if (auto existing = on_file(*uuid))
            planned.record = *existing;
        else
            planned.record.uuid = *uuid;
    }
    planned.file_id = keys.ids.read(row);
    return planned;
}

// A record's created_at and updated_at as the file gives them, so a record moved between records
// files keeps its history. Without them a new record is created now, and a changed one is
// updated now (the store stamps empty times).
void import_times(const RowValues& row, Problems& problems, std::string& created_at,
                  std::string& updated_at);

// A yes/no column and the instant it was set (archived and archived_at, retired and
// retired_at). Yes sets the instant the file gives, else keeps the record's, else now; no
// clears it; the instant alone sets it too.
void import_flag(const RowValues& row, Problems& problems, std::string_view flag,
                 std::string_view instant, std::optional<std::string>& at);

// A session's (or a payment's) client, from the first reference the row gives: client_uuid,
// client_id, then the exact name (import.cpp).
std::optional<Client> session_client(const RowValues& row, Problems& problems, store::Store& store);
// `smp import payments` (import_payments.cpp).
void import_payments(Context& context, const ImportOptions& o);
// `smp import consents`, `reminders` and `attempts` (import_records.cpp).
void import_consents(Context& context, const ImportOptions& o);
void import_reminders(Context& context, const ImportOptions& o);
void import_attempts(Context& context, const ImportOptions& o);
void import_erasures(Context& context, const ImportOptions& o);
// One file of one kind (import.cpp), as `smp import KIND FILE` and `smp import all` read it.
void import_kind(Context& context, const ImportOptions& o);
// `smp import all FOLDER` (import_all.cpp).
void import_all(Context& context, const ImportOptions& o);

struct Counts {
    std::size_t added = 0, updated = 0, unchanged = 0;
};

// Progress lines are for a person at a terminal: never in a log file or a pipe, nor with -q.
bool shows_progress(Context& context);

// "imported FILE: N added, M updated", or what a dry run would do.
void report(Context& context, const ImportOptions& o, const Counts& counts);

// The records file to check references against. A dry run never creates it: with no records
// file yet, every client is new.
store::Store* records(Context& context, const ImportOptions& o);

// How often a long read or write asks again for huge pages over the grown heap (io/huge_pages).
constexpr std::size_t k_rows_between_advice = 4096;

// Reads the whole file, checking every row against `validate_row`; refuses the file if any row
// is invalid. Reader errors (hostile input) stop at once: the rest cannot be trusted. The rows'
// lookups in `store` (none without a records file) share one read transaction.
template <typename ValidateRow>
void read_rows(Context& context, const ImportOptions& o, store::Store* store, FileKeys& keys,
               ValidateRow&& validate_row) {
    if (!std::filesystem::exists(o.file))
        throw Error(Exit::no_input, fmt::format("cannot import \"{}\": no such file; check the "
                                                "path",
                                                o.file));
    std::ifstream in(o.file, std::ios::binary);
    if (!in || std::filesystem::is_directory(o.file))
        throw Error(Exit::no_input, fmt::format("cannot read \"{}\"; check the path and its "
                                                "permissions",
                                                o.file));
    std::optional<char> delimiter;
    if (o.delimiter) {
        if (fold_case(*o.delimiter) == "tab" || *o.delimiter == "\\t")
            delimiter = '\t';
        else if (o.delimiter->size() == 1)
            delimiter = (*o.delimiter)[0];
        else
            throw Error(Exit::usage, fmt::format("invalid delimiter \"{}\": give one character, "
                                                 "or the word tab",
                                                 *o.delimiter));
    }
    io::CsvReader reader(in, o.file, delimiter);
    const auto& spec = spec_of(o.kind);
    auto map = io::match_columns(reader.header(), spec.fields, spec.aliases, o.maps);
    RowValues values(map);
    Problems problems(o.file);
    output::Progress progress(context.err, "checking " + o.file, 0, shows_progress(context));
    auto check_every_row = [&] {
        io::CsvRow row;
        for (std::size_t rows = 0; reader.next(row); ++rows) {
            if (rows % k_rows_between_advice == 0)
                io::heap_in_huge_pages();
            io::check_unnamed_columns(map, row, o.file);
            values.set_row(row);
            validate_row(values, problems);
            progress.advance();
        }
    };
    if (store)
        store->read(check_every_row);
    else
        check_every_row();
    progress.finish();
    keys.uuids.report_repeats(problems);
    if (!problems.empty())
        problems.refuse(context);
}

// Enough for the indexes of a few hundred thousand records (about 50 MB of file per 100,000
// clients, most of it written in order), so an import does not spill them to the file midway.
constexpr int k_import_cache_mebibytes = 64;

// The order to write a plan in: the records on file first, then the new ones, each by ascending
// id (new ones without a kept id in file order, which the ids they get follow). A client's
// search index (FTS5) keeps its entries in memory only while ids ascend, and writes them out
// whenever one comes lower than the last: an export sorted by name, written in file order,
// had it written out at nearly every row (100,000 clients: 2.2 s of index work, not 0.7 s).
// Nothing else depends on the order: every check was made before, and one transaction
// writes all or nothing.
template <typename Record>
std::vector<Planned<Record>*> in_id_order(Plan<Record>& planned, bool keep_ids) {
    std::vector<Planned<Record>*> order;
    order.reserve(planned.size());
    for (auto& p : planned)
        order.push_back(&p);
    auto key = [keep_ids](const Planned<Record>* p) {
        bool is_new = p->record.id == 0;
        return std::pair(is_new, is_new ? (keep_ids ? p->file_id : 0) : p->record.id);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const auto* a, const auto* b) { return key(a) < key(b); });
    return order;
}

// Writes every planned record in one transaction (unless --dry-run), new ones keeping their
// file's ids when they can (FileIds), and reports what changed. `write(record, is_new)` writes
// one record as an import does (store::Stamp::as_given).
template <typename Record, typename Write>
void write_planned(Context& context, const ImportOptions& o, store::Store* store,
                   store::Table table, Plan<Record>& planned, FileKeys& keys, Write&& write) {
    Counts counts;
    for (const auto& p : planned)
        ++(p.unchanged ? counts.unchanged : p.record.id ? counts.updated : counts.added);
    if (!o.dry_run) {
        store->set_cache_size(k_import_cache_mebibytes);
        store->write([&] {
            bool keep_ids = keys.ids.keepable() && store::count_rows(*store, table) == 0;
            output::Progress progress(context.err, "importing " + o.kind,
                                      static_cast<std::int64_t>(planned.size()),
                                      shows_progress(context));
            std::size_t written = 0;
            for (auto* p : in_id_order(planned, keep_ids)) {
                if (written++ % k_rows_between_advice == 0)
                    io::heap_in_huge_pages();
                bool is_new = p->record.id == 0;
                if (is_new && keep_ids)
                    p->record.id = p->file_id;
                if (!p->unchanged)
                    write(*p, is_new);
                progress.advance();
            }
        });
    }
    report(context, o, counts);
}

} // namespace smp::cli
