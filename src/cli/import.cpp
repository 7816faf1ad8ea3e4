#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/reference.hpp>
#include <smp/domain/text.hpp>
#include <smp/io/csv_reader.hpp>
#include <smp/output/diagnostic.hpp>
#include <smp/output/progress.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>

namespace smp::cli {
namespace {

struct ImportOptions {
    std::string kind, file;
    bool dry_run = false;
    std::vector<std::string> maps;
    std::optional<std::string> delimiter;
};

constexpr std::array<std::string_view, 4> k_kinds = {"clients", "sessions", "shades", "lots"};
const Choice k_kind_choice{"record kind", k_kinds};

// What a file of one record kind may hold: `fields` are exactly the columns `smp export` writes,
// its kind's table (smp/domain/kind.hpp), so that an export imports cleanly. The fields smp
// works out itself (a session's course number, a shade's lot count, a lot's status...) are
// read and ignored.
struct KindSpec {
    std::vector<std::string_view> fields;
    std::map<std::string, std::string> aliases;
};

std::vector<std::string_view> field_names_of(std::string_view kind) {
    std::vector<std::string_view> names;
    for (const auto& field : kind_named(kind)->fields)
        names.push_back(field.name);
    return names;
}

const KindSpec& spec_of(std::string_view kind) {
    static const KindSpec clients{
        field_names_of("client"),
        {{"full name", "name"},          {"client", "name"},         {"client name", "name"},
         {"phone number", "phone"},      {"mobile", "phone"},        {"mobile number", "phone"},
         {"cell", "phone"},              {"telephone", "phone"},     {"tel", "phone"},
         {"email address", "email"},     {"mail", "email"},          {"dob", "birth_date"},
         {"date of birth", "birth_date"}, {"birthday", "birth_date"}, {"note", "notes"},
         {"comments", "notes"},          {"fitzpatrick", "skin_type"}, {"skin", "skin_type"},
         {"hair color", "hair_colour"},  {"medical", "medical_notes"},   {"allergies", "medical_notes"}}};
    static const KindSpec sessions{
        field_names_of("session"),
        {{"client", "client_name"},   {"client full name", "client_name"}, {"day", "date"},
         {"session date", "date"},    {"start", "time"},                   {"start time", "time"},
         {"area", "areas"},           {"depth", "depth_mm"},               {"lot", "lots"},
         {"lot numbers", "lots"},     {"note", "notes"},                   {"comments", "notes"},
         {"pigment", "shade"},        {"session kind", "kind"},            {"type", "kind"}}};
    static const KindSpec shades{field_names_of("shade"),
                                 {{"shade", "name"},
                                  {"shade name", "name"},
                                  {"pigment", "name"},
                                  {"maker", "brand"},
                                  {"usual dilution", "dilution"},
                                  {"note", "notes"},
                                  {"comments", "notes"}}};
    static const KindSpec lots{field_names_of("lot"),
                               {{"lot number", "lot"},
                                {"batch", "lot"},
                                {"batch number", "lot"},
                                {"shade name", "shade"},
                                {"pigment", "shade"},
                                {"expiry", "expires_on"},
                                {"expires", "expires_on"},
                                {"expiry date", "expires_on"},
                                {"received", "received_on"},
                                {"opened", "opened_on"},
                                {"recalled", "recalled_on"},
                                {"reason", "recall_reason"}}};
    if (kind == "clients")
        return clients;
    return kind == "sessions" ? sessions : kind == "shades" ? shades : lots;
}

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
                                "above); fix them, or leave them out, and import again",
                                m_bad_rows.size(), m_file, m_bad_rows.size() == 1 ? "is" : "are"));
    }

private:
    std::string m_file;
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

auto text_rule(std::string_view field) {
    return [field](const std::string& value) { return validate_text(field, value); };
}

auto date_rule(Date today) {
    return [today](const std::string& value) { return format_date(parse_date(value, today)); };
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
std::optional<std::string> row_uuid(const RowValues& row, Problems& problems, FileUuids& seen) {
    auto uuid = row.text("uuid");
    if (uuid.empty())
        return std::nullopt;
    std::optional<std::string> valid;
    problems.check(row.line(), "uuid", [&] {
        valid = validate_uuid(uuid);
        seen.add(*valid, row.line());
    });
    return valid;
}

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
    std::int64_t file_id = 0; // the id the row gives (see FileIds)
    std::optional<std::vector<std::int64_t>> lots; // a session's lots, when its row names them
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
        if (auto existing = on_file(*uuid))
            planned.record = *existing;
        planned.record.uuid = *uuid;
    }
    planned.file_id = keys.ids.read(row);
    return planned;
}

// A record's created_at and updated_at as the file gives them, so a record moved between records
// files keeps its history. Without them a new record is created now, and a changed one is
// updated now (the store stamps empty times).
void import_times(const RowValues& row, Problems& problems, std::string& created_at,
                  std::string& updated_at) {
    auto take = [&](std::string_view field, std::string& time) {
        if (!row.text(field).empty())
            problems.check(row.line(), field,
                           [&] { time = validate_utc_instant(field, row.text(field)); });
    };
    updated_at.clear();
    take("created_at", created_at);
    take("updated_at", updated_at);
}

// A yes/no column and the instant it was set (archived and archived_at, retired and
// retired_at). Yes sets the instant the file gives, else keeps the record's, else now; no
// clears it; the instant alone sets it too.
void import_flag(const RowValues& row, Problems& problems, std::string_view flag,
                 std::string_view instant, std::optional<std::string>& at) {
    std::optional<std::string> given;
    if (!row.text(instant).empty())
        problems.check(row.line(), instant,
                       [&] { given = validate_utc_instant(instant, row.text(instant)); });
    if (row.text(flag).empty() && !given)
        return;
    problems.check(row.line(), flag, [&] {
        bool on = row.text(flag).empty() || parse_yes_no(flag, row.text(flag));
        at = on ? std::optional(given.value_or(at.value_or(utc_now()))) : std::nullopt;
    });
}

struct Counts {
    std::size_t added = 0, updated = 0;
};

// Progress lines are for a person at a terminal: never in a log file or a pipe, nor with -q.
bool shows_progress(Context& context) {
    return !context.options.quiet && output::Progress::on_terminal(context.err);
}

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
        while (reader.next(row)) {
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

void report(Context& context, const ImportOptions& o, const Counts& counts) {
    auto noun = o.kind.substr(0, o.kind.size() - 1);
    auto added = fmt::format("{} {}{}", counts.added, noun, counts.added == 1 ? "" : "s");
    if (o.dry_run)
        context.tell(fmt::format("would add {}, update {}; nothing written (--dry-run)", added,
                                 counts.updated));
    else
        context.tell(fmt::format("imported {}: {} added, {} updated", o.file, counts.added,
                                 counts.updated));
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
        ++(p.record.id ? counts.updated : counts.added);
    if (!o.dry_run) {
        store->set_cache_size(k_import_cache_mebibytes);
        store->write([&] {
            bool keep_ids = keys.ids.keepable() && store::count_rows(*store, table) == 0;
            output::Progress progress(context.err, "importing " + o.kind,
                                      static_cast<std::int64_t>(planned.size()),
                                      shows_progress(context));
            for (auto* p : in_id_order(planned, keep_ids)) {
                bool is_new = p->record.id == 0;
                if (is_new && keep_ids)
                    p->record.id = p->file_id;
                write(*p, is_new);
                progress.advance();
            }
        });
    }
    report(context, o, counts);
}

// The records file to check references against. A dry run never creates it: with no records
// file yet, every client is new.
store::Store* records(Context& context, const ImportOptions& o) {
    if (o.dry_run && o.kind == "clients" && !std::filesystem::exists(context.records_path()))
        return nullptr;
    return &context.store(o.dry_run ? store::Access::read : store::Access::write);
}

// Client fields that a rule below sets, rather than the field's own column through its codec.
bool set_by_client_rule(std::string_view field) {
    for (auto rule : {"name", "hair_loss_scale", "hair_loss_stage", "archived", "archived_at",
                      "created_at", "updated_at"})
        if (field == rule)
            return true;
    return false;
}

// Scale and stage are checked together: a stage means something only on its scale.
void import_hair_loss(const RowValues& row, Problems& problems, Client& c) {
    if (!row.has("hair_loss_scale") && !row.has("hair_loss_stage"))
        return;
    auto scale = row.has("hair_loss_scale") ? row.text("hair_loss_scale")
                                            : c.hair_loss_scale.value_or("");
    auto stage = row.has("hair_loss_stage") ? row.text("hair_loss_stage")
                                            : c.hair_loss_stage.value_or("");
    if (scale.empty() && stage.empty()) {
        c.hair_loss_scale.reset();
        c.hair_loss_stage.reset();
    } else if (scale.empty() || stage.empty()) {
        problems.add(row.line(), scale.empty() ? "hair_loss_scale" : "hair_loss_stage",
                     "give both the scale (norwood or ludwig) and the stage, or neither");
    } else {
        problems.check(row.line(), "hair_loss_stage", [&] {
            c.hair_loss_stage = validate_hair_loss_stage(scale, stage);
            c.hair_loss_scale = choices::hair_loss_scale.parse(scale);
        });
    }
}

// Each column through its field's codec, as `client add` and `client edit` check an option; a
// blank yes/no column leaves the record as it was.
void fill_client(const RowValues& row, Problems& problems, Client& c, Date today) {
    auto line = row.line();
    if (row.has("name") || c.name.empty())
        problems.check(line, "name", [&] { c.name = validate_name(row.text("name")); });
    for (const auto& field : client_fields()) {
        const auto& f = field.info;
        if (f.name == "hair_loss_stage")
            import_hair_loss(row, problems, c);
        if (!f.has(field_flag::importable) || set_by_client_rule(f.name) || !row.has(f.name) ||
            (f.codec == Codec::flag && row.text(f.name).empty()))
            continue;
        problems.check(line, f.name, [&] { set_from_text(field, c, *row.get(f.name), today); });
    }
    import_flag(row, problems, "archived", "archived_at", c.archived_at);
    import_times(row, problems, c.created_at, c.updated_at);
}

void import_clients(Context& context, const ImportOptions& o) {
    auto* store = records(context, o);
    Plan<Client> clients;
    FileKeys keys;
    // Into a new records file (the usual move of a whole practice) no row can update a client:
    // one count instead of a lookup per row.
    bool any_on_file = store && store::count_rows(*store, store::Table::client) > 0;
    read_rows(context, o, store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Client>(row, problems, keys, [&](const std::string& uuid) {
            return any_on_file ? store::client_by_uuid(*store, uuid) : std::nullopt;
        });
        fill_client(row, problems, planned.record, context.today());
        clients.push_back(std::move(planned));
    });
    write_planned(context, o, store, store::Table::client, clients, keys,
                  [&](Planned<Client>& p, bool is_new) {
                      is_new ? store::insert_client(*store, p.record, store::Stamp::as_given)
                             : store::update_client(*store, p.record, store::Stamp::as_given);
                  });
}

// A session's client, from the first reference the row gives: client_uuid, client_id, then the
// exact name. A name given along with a uuid or id must agree with it, so a sessions file from
// another records file (whose ids differ) is refused rather than filed under the wrong people.
std::optional<Client> session_client(const RowValues& row, Problems& problems,
                                     store::Store& store) {
    auto uuid = row.text("client_uuid"), id = row.text("client_id"), name = row.text("client_name");
    std::optional<Client> client;
    std::string_view field;
    problems.check(row.line(), uuid.empty() ? (id.empty() ? "client_name" : "client_id")
                                            : "client_uuid",
                   [&] {
        if (!uuid.empty()) {
            field = "client_uuid";
            client = store::client_by_uuid(store, validate_uuid(uuid));
            if (!client)
                throw Error(Exit::data, fmt::format("no client has uuid {}; import the clients "
                                                    "first",
                                                    uuid));
        } else if (!id.empty()) {
            field = "client_id";
            if (is_id_reference(id))
                client = store::client_by_id(store, std::stoll(id));
            if (!client)
                throw Error(Exit::data, fmt::format("no client has id \"{}\"", id));
        } else if (!name.empty()) {
            auto named = store::clients_named(store, name);
            if (named.empty())
                throw Error(Exit::data, fmt::format("no client is named \"{}\"; names must match "
                                                    "exactly (add them with `smp import clients`)",
                                                    name));
            if (named.size() > 1)
                throw Error(Exit::data, fmt::format("{} clients are named \"{}\": {}; give "
                                                    "client_id or client_uuid instead",
                                                    named.size(), name,
                                                    describe_candidates(named)));
            client = store::client_by_id(store, named.front().id);
        } else {
            throw Error(Exit::data, "no client given; fill client_id, client_uuid or client_name");
        }
    });
    if (client && !field.empty() && !name.empty() && fold_case(name) != fold_case(client->name))
        problems.add(row.line(), "client_name",
                     fmt::format("\"{}\" does not match {} {}, who is \"{}\"; are these sessions "
                                 "from another records file? refer to clients by client_uuid",
                                 name, field, field == "client_id" ? id : uuid, client->name));
    return client;
}

// The session fields `session log` takes as options, by the same rules.
void fill_session(const RowValues& row, Problems& problems, Session& s, const Config& config,
                  Date today) {
    auto line = row.line();
    if (row.has("date") || s.date.empty())
        problems.check(line, "date", [&] {
            if (row.text("date").empty())
                throw Error(Exit::data, "a session needs a date");
            s.date = format_date(parse_date(row.text("date"), today));
        });
    import_field(row, problems, "time", s.time, [](const std::string& t) { return parse_time_of_day(t); });
    import_field(row, problems, "duration", s.duration, [](const std::string& t) { return parse_duration(t); });
    if (!row.text("status").empty())
        problems.check(line, "status", [&] { s.status = choices::session_status.parse(row.text("status")); });
    if (!row.text("kind").empty())
        problems.check(line, "kind", [&] { s.kind = choices::session_kind.parse(row.text("kind")); });
    if (!row.text("final").empty())
        problems.check(line, "final", [&] { s.final = parse_yes_no("final", row.text("final")); });
    if (row.has("areas"))
        problems.check(line, "areas", [&] { s.areas = parse_choices(choices::area, {row.text("areas")}); });
    import_field(row, problems, "needle", s.needle, [](const std::string& t) { return parse_needle(t); });
    import_field(row, problems, "depth_mm", s.depth_mm,
                 [](const std::string& t) { return parse_measure("depth", t, 10.0); });
    import_field(row, problems, "voltage", s.voltage,
                 [](const std::string& t) { return parse_measure("voltage", t, 50.0); });
    import_field(row, problems, "machine", s.machine, text_rule("machine"));
    import_field(row, problems, "numbing", s.numbing, text_rule("numbing"));
    import_field(row, problems, "notes", s.notes, text_rule("notes"));
    import_field(row, problems, "cancel_reason", s.cancel_reason, text_rule("cancel reason"));
    import_field(row, problems, "pain", s.pain, [](const std::string& t) { return parse_pain(t); });
    import_field(row, problems, "price", s.price, [](const std::string& t) { return parse_money(t); });
    import_field(row, problems, "currency", s.currency, text_rule("currency"));
    if (s.price && !s.currency)
        s.currency = config.currency;
    import_field(row, problems, "dilution", s.dilution,
                 [](const std::string& t) { return format_dilution(parse_dilution(t)); });
    // `session log` refuses a session that took place after today: so does an import.
    if (auto date = parse_iso_date(s.date); date && s.status == "done" && *date > today)
        problems.add(line, "date", fmt::format("session date {} is after today ({}), and a done "
                                               "session cannot be in the future; import it as "
                                               "scheduled, or fix the date",
                                               s.date, format_date(today)));
}

// The shade a row names: its exact name first (ignoring case and accents, so that a shade named
// "12" is not shade 12), then its uuid, then whatever `--shade` takes (an id, part of a name).
store::Shade named_shade(store::Store& store, const std::string& text) {
    auto named = store::records_named_shades(store, text);
    if (named.size() == 1)
        return store::resolve_shade(store, std::to_string(named.front().id));
    if (auto shade = store::shade_by_uuid(store, fold_case(text)))
        return *shade;
    return store::resolve_shade(store, text);
}

// A lot a session's row names, as `--lot` takes it. An export lists bare lot numbers, so a
// number two shades share is taken to be the session's own shade's lot, when it has one.
std::int64_t session_lot(store::Store& store, const std::string& item,
                         std::optional<std::int64_t> shade_id) {
    try {
        return store::resolve_lot(store, item).id;
    } catch (const Error&) {
        auto own = shade_id ? store::lot_numbered(store, *shade_id, item) : std::nullopt;
        if (!own)
            throw;
        return own->id;
    }
}

// The shade and lots a row names, resolved as `session log --shade/--lot` does; the shade's
// usual dilution is the session's when the file has no dilution column.
void fill_pigment(const RowValues& row, Problems& problems, store::Store& store, Session& s,
                  std::optional<std::vector<std::int64_t>>& lots) {
    if (row.has("shade"))
        problems.check(row.line(), "shade", [&] {
            if (row.text("shade").empty()) {
                s.shade_id.reset();
                return;
            }
            auto shade = named_shade(store, row.text("shade"));
            s.shade_id = shade.id;
            if (!row.has("dilution") && shade.dilution)
                s.dilution = shade.dilution;
        });
    if (row.has("lots"))
        problems.check(row.line(), "lots", [&] {
            lots.emplace();
            for (const auto& item : split_list(row.text("lots")))
                lots->push_back(session_lot(store, item, s.shade_id));
        });
}

void import_sessions(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<Session> sessions;
    FileKeys keys;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Session>(row, problems, keys, [&](const std::string& uuid) {
            return store::session_by_uuid(store, uuid);
        });
        auto& s = planned.record;
        bool refers = row.has("client_uuid") || row.has("client_id") || row.has("client_name");
        if (!s.id || refers)
            if (auto client = session_client(row, problems, store)) {
                s.client_id = client->id;
                if (!s.id && row.text("kind").empty())
                    s.kind = default_session_kind(
                        store::course_state(store, *client, context.config().planned_sessions));
            }
        fill_session(row, problems, s, context.config(), context.today());
        fill_pigment(row, problems, store, s, planned.lots);
        import_times(row, problems, s.created_at, s.updated_at);
        sessions.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::session, sessions, keys,
                  [&](Planned<Session>& p, bool is_new) {
                      is_new ? store::insert_session(store, p.record, store::Stamp::as_given)
                             : store::update_session(store, p.record, store::Stamp::as_given);
                      if (p.lots)
                          store::set_session_lots(store, p.record.id, *p.lots);
                  });
}

// A shade's fields by `shade add`'s rules; names are unique in the catalogue, ignoring case
// and accents, so a name another shade has (in the records file or earlier in the file) is
// that row's error.
void import_shades(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<store::Shade> shades;
    FileKeys keys;
    FirstSeen names;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<store::Shade>(
            row, problems, keys,
            [&](const std::string& uuid) { return store::shade_by_uuid(store, uuid); });
        auto& shade = planned.record;
        auto line = row.line();
        if (row.has("name") || shade.name.empty())
            problems.check(line, "name", [&] {
                shade.name = validate_shade_name(row.text("name"));
                for (const auto& other : store::records_named_shades(store, shade.name))
                    if (other.id != shade.id)
                        throw Error(Exit::data, fmt::format("a shade named \"{}\" is already in "
                                                            "the catalogue (id {})",
                                                            other.name, other.id));
                auto [before, fresh] = names.emplace(fold_case(shade.name), line);
                if (!fresh)
                    throw Error(Exit::data, fmt::format("\"{}\" is also the name on line {}",
                                                        shade.name, before->second));
            });
        import_field(row, problems, "brand", shade.brand, text_rule("brand"));
        import_field(row, problems, "notes", shade.notes, text_rule("notes"));
        import_field(row, problems, "dilution", shade.dilution,
                     [](const std::string& t) { return format_dilution(parse_dilution(t)); });
        if (!row.text("base").empty())
            problems.check(line, "base", [&] { shade.base = choices::shade_base.parse(row.text("base")); });
        import_flag(row, problems, "retired", "retired_at", shade.retired_at);
        import_times(row, problems, shade.created_at, shade.updated_at);
        shades.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::shade, shades, keys,
                  [&](Planned<store::Shade>& p, bool is_new) {
                      is_new ? store::insert_shade(store, p.record, store::Stamp::as_given)
                             : store::update_shade(store, p.record, store::Stamp::as_given);
                  });
}

// A lot's shade: the shade column (its exact name, uuid or id, as a session's), or else shade_id.
// An export gives both; the name wins, because ids differ between records files.
void fill_lot_shade(const RowValues& row, Problems& problems, store::Store& store,
                    store::Lot& lot) {
    auto name = row.text("shade"), id = row.text("shade_id");
    if (name.empty() && id.empty() && lot.id)
        return; // an update that leaves the lot with its shade
    problems.check(row.line(), name.empty() && !id.empty() ? "shade_id" : "shade", [&] {
        if (name.empty() && id.empty())
            throw Error(Exit::data, "no shade given; fill shade (its name) or shade_id");
        if (name.empty() && !is_id_reference(id))
            throw Error(Exit::data, fmt::format("invalid shade_id \"{}\": give a shade's id, "
                                                "or its name in the shade column",
                                                id));
        auto shade = named_shade(store, name.empty() ? id : name);
        lot.shade_id = shade.id;
        lot.shade_name = shade.name;
    });
}

// A lot's fields by `shade lot add`'s and `shade recall`'s rules. A lot number its shade
// already has, on record or earlier in the file, is that row's error.
void fill_lot(const RowValues& row, Problems& problems, store::Store& store, store::Lot& lot,
              FirstSeen& numbers, Date today) {
    auto line = row.line();
    if (row.has("lot") || lot.number.empty())
        problems.check(line, "lot", [&] { lot.number = validate_lot_number(row.text("lot")); });
    if (!lot.number.empty() && lot.shade_id)
        problems.check(line, "lot", [&] {
            store::require_new_lot_number(store, lot);
            auto key = fmt::format("{}:{}", lot.shade_id, lot_number_key(lot.number));
            auto [before, fresh] = numbers.emplace(key, line);
            if (!fresh)
                throw Error(Exit::data, fmt::format("lot \"{}\" of {} is also on line {}",
                                                    lot.number, lot.shade_name, before->second));
        });
    if (row.has("expires_on") || lot.expires_on.empty())
        problems.check(line, "expires_on", [&] {
            if (row.text("expires_on").empty())
                throw Error(Exit::data, "a lot needs its expiry (YYYY-MM or YYYY-MM-DD)");
            lot.expires_on = format_date(parse_expiry(row.text("expires_on")));
        });
    import_field(row, problems, "received_on", lot.received_on, date_rule(today));
    import_field(row, problems, "opened_on", lot.opened_on, date_rule(today));
    import_field(row, problems, "supplier", lot.supplier, text_rule("supplier"));
    import_field(row, problems, "recalled_on", lot.recalled_on, date_rule(today));
    import_field(row, problems, "recall_reason", lot.recall_reason, text_rule("reason"));
    if (lot.recalled_on.has_value() != lot.recall_reason.has_value())
        problems.add(line, lot.recalled_on ? "recall_reason" : "recalled_on",
                     "a recall needs both recalled_on (its day) and recall_reason (e.g. the "
                     "advisory's words)");
    import_times(row, problems, lot.created_at, lot.updated_at);
}

// Lots belong to shades already in the catalogue (import the shades first).
void import_lots(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    Plan<store::Lot> lots;
    FileKeys keys;
    FirstSeen numbers;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<store::Lot>(
            row, problems, keys,
            [&](const std::string& uuid) { return store::lot_by_uuid(store, uuid); });
        fill_lot_shade(row, problems, store, planned.record);
        fill_lot(row, problems, store, planned.record, numbers, context.today());
        lots.push_back(std::move(planned));
    });
    write_planned(context, o, &store, store::Table::lot, lots, keys,
                  [&](Planned<store::Lot>& p, bool is_new) {
                      is_new ? store::insert_lot(store, p.record, store::Stamp::as_given)
                             : store::update_lot(store, p.record, store::Stamp::as_given);
                  });
}

void run_import(Context& context, ImportOptions o) {
    try {
        o.kind = k_kind_choice.parse(o.kind);
    } catch (const Error& error) {
        throw Error(Exit::usage, error.what()); // a word of the command line, not of the file
    }
    // A refused import into a records file that did not exist leaves none behind.
    bool existed = std::filesystem::exists(context.records_path());
    try {
        if (o.kind == "clients")
            import_clients(context, o);
        else if (o.kind == "sessions")
            import_sessions(context, o);
        else if (o.kind == "shades")
            import_shades(context, o);
        else
            import_lots(context, o);
    } catch (...) {
        if (!existed)
            context.discard_new_records_file();
        throw;
    }
}

} // namespace

void fill_import_command(CLI::App* command, Context& context) {
    auto options = std::make_shared<ImportOptions>();
    command->add_option("kind", options->kind,
                        "What the file holds: clients, sessions, shades, lots")
        ->required()
        ->type_name("KIND");
    command->add_option("file", options->file, "The CSV or TSV file (a spreadsheet's export, or "
                                                "smp's own)")
        ->required()
        ->type_name("FILE");
    command->add_flag("-n,--dry-run", options->dry_run,
                      "Check every row and say what would be added and updated; write nothing");
    command
        ->add_option("--map", options->maps,
                     "Read column COLUMN as field FIELD (FIELD - ignores it); repeatable")
        ->type_name("COLUMN=FIELD");
    command->add_option("--delimiter", options->delimiter,
                        "Field separator: one character, or tab (default: worked out from the "
                        "header)")
        ->type_name("C");
    when_run(command, context, [&context, options] { run_import(context, *options); });
}

} // namespace smp::cli
