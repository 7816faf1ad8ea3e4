#include <smp/cli/bookings.hpp>
#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/store/due.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace smp::cli {
namespace {

// How far ahead lots are flagged before they expire.
constexpr Span k_lot_warning{0, 0, 60};

// Each part's columns (made on first use, not at every start-up), then its row: each row is
// written over the one before (`row` keeps its size and its values their text's room): a busy
// week has a thousand bookings, streamed to the output as they are read. For machines (json,
// ndjson) a part says in dates, numbers and enum words what the table says in words.
const std::vector<std::string>& booked_columns(bool machine) {
    static const std::vector<std::string> columns{"date",    "time",  "client_id",  "name",
                                                  "session", "areas", "session_id", "overlaps"};
    static const std::vector<std::string> machine_columns{
        "date",          "time",           "client_id", "client_name", "kind",
        "course_number", "course_planned", "areas",     "session_id",  "overlaps"};
    return machine ? machine_columns : columns;
}
// How many overlapping ids a table row names before it counts the rest ("+8"): a clash is one
// or two bookings; a day booked three deep is told by its count, and the row stays readable.
constexpr std::size_t k_overlaps_named = 3;

// The `overlaps` cell: "29293,38825,115801 +8" in a table, every id in csv and tsv.
std::string overlaps_cell(const Overlaps& overlaps) {
    std::string cell;
    for (auto id : overlaps.ids) {
        if (!cell.empty())
            cell += ',';
        cell += fmt::format_int(id).str();
    }
    if (overlaps.count > overlaps.ids.size())
        cell.append(" +").append(fmt::format_int(overlaps.count - overlaps.ids.size()).str());
    return cell;
}

// `overlaps`: the other bookings at the same time, if any; machines get every id.
void booked_row(const store::Booking& b, const Overlaps& overlaps, std::vector<output::Value>& row,
                bool machine) {
    row.resize(booked_columns(machine).size());
    row[0] = b.date;
    row[1] = b.time ? output::Value{format_time_of_day(*b.time)} : output::Value{};
    row[2] = b.client_id;
    row[3] = b.client_name;
    if (machine) {
        output::List ids{fmt::format("{}", fmt::join(overlaps.ids, ",")), true};
        row[4] = std::string(session_kind_name(b.kind));
        row[5] =
            b.course_number > 0 ? output::Value{std::int64_t{b.course_number}} : output::Value{};
        row[6] = std::int64_t{b.course_planned};
        row[7] = output::List{b.areas, false};
        row[8] = b.session_id;
        row[9] = std::move(ids);
        return;
    }
    // Built by hand: a busy week has a thousand rows, and fmt parses its pattern each time.
    row[4] = b.course_number > 0
                 ? std::to_string(b.course_number) + " of " + std::to_string(b.course_planned)
                 : std::string(session_kind_name(b.kind));
    row[5] = b.areas.empty() ? output::Value{} : output::Value{b.areas};
    row[6] = b.session_id;
    row[7] = overlaps.count == 0 ? output::Value{} : output::Value{overlaps_cell(overlaps)};
}

// Past bookings never closed: shown only when there are some, first, with the command that
// closes each.
const std::vector<std::string>& not_closed_columns(bool machine) {
    static const std::vector<std::string> columns{"date", "time",       "client_id",
                                                  "name", "session_id", "close_with"};
    static const std::vector<std::string> machine_columns{
        "date", "time", "client_id", "client_name", "session_id", "close_with"};
    return machine ? machine_columns : columns;
}
void not_closed_row(const store::Booking& b, std::vector<output::Value>& row) {
    row.resize(not_closed_columns(false).size());
    row[0] = b.date;
    row[1] = b.time ? output::Value{format_time_of_day(*b.time)} : output::Value{};
    row[2] = b.client_id;
    row[3] = b.client_name;
    row[4] = b.session_id;
    row[5] = close_command(b.session_id);
}

// `when` in words; for machines `overdue` and `days_overdue`, as `touchup due` gives them.
const std::vector<std::string>& due_columns(bool machine) {
    static const std::vector<std::string> columns{"due",  "when",  "client_id",
                                                  "name", "phone", "last_session"};
    static const std::vector<std::string> machine_columns{
        "due", "overdue", "days_overdue", "client_id", "client_name", "phone", "last_session"};
    return machine ? machine_columns : columns;
}
void due_row(const store::DueRow& due, Date today, std::vector<output::Value>& row, bool machine) {
    const auto& next = *due.next;
    row.resize(due_columns(machine).size());
    if (machine) {
        row[0] = format_date(next.due);
        row[1] = next.overdue_after < today;
        row[2] = std::int64_t{days_overdue(next, today)};
        row[3] = due.client_id;
        row[4] = due.name;
        row[5] = text_or_empty(due.phone);
        row[6] =
            next.last_session ? output::Value{format_date(*next.last_session)} : output::Value{};
        return;
    }
    row[0] = format_date(next.due);
    row[1] = next.overdue_after < today
                 ? fmt::format("overdue ({} days late)", days_overdue(next, today))
                 : relative_day(next.due, today);
    row[2] = due.client_id;
    row[3] = due.name;
    row[4] = text_or_empty(due.phone);
    row[5] = next.last_session ? output::Value{format_date(*next.last_session)} : output::Value{};
}

// `status` in words and the stock as "2 of 3 left"; for machines the lot's status word (as
// `shade lot list` gives it), the recall's date and the stock as numbers. Stock is empty on a
// lot whose bottles are not counted.
const std::vector<std::string>& lot_columns(bool machine) {
    static const std::vector<std::string> columns{"shade", "lot",          "expires_on",   "status",
                                                  "stock", "opened_until", "recall_reason"};
    static const std::vector<std::string> machine_columns{
        "shade",         "lot",     "expires_on",   "status",         "recalled_on",
        "recall_reason", "bottles", "bottles_left", "last_opened_on", "opened_expires_on"};
    return machine ? machine_columns : columns;
}
void lot_row(const Lot& lot, Date today, const Span& shelf_life, std::vector<output::Value>& row,
             bool machine) {
    row.resize(lot_columns(machine).size());
    auto left = bottles_left(lot);
    auto opened_until = opened_bottle_expiry(lot, shelf_life);
    auto until = opened_until ? output::Value{format_date(*opened_until)} : output::Value{};
    if (machine) {
        row[0] = lot.shade_name;
        row[1] = lot.number;
        row[2] = format_date(lot.expires_on);
        row[3] = lot_status(lot, today);
        row[4] = date_or_empty(lot.recalled_on);
        row[5] = text_or_empty(lot.recall_reason);
        row[6] = lot.bottles ? output::Value{std::int64_t{*lot.bottles}} : output::Value{};
        row[7] = left ? output::Value{std::int64_t{*left}} : output::Value{};
        row[8] = date_or_empty(lot.last_opened_on);
        row[9] = until;
        return;
    }
    row[0] = lot.shade_name;
    row[1] = lot.number;
    row[2] = format_date(lot.expires_on);
    row[3] = lot.recalled_on ? "recalled on " + format_date(*lot.recalled_on)
                             : "expires " + relative_day(lot.expires_on, today);
    row[4] = lot.bottles ? output::Value{fmt::format("{} of {} left", *left, *lot.bottles)}
                         : output::Value{};
    row[5] = until;
    row[6] = text_or_empty(lot.recall_reason);
}

// The practitioner's day: booked sessions from today on, follow-ups to book, touch-ups due
// by the end of the month, lots to check. Each part reads an index, never every record.
void read_agenda(Context& context, store::Store& store, int days, output::SectionWriter& out) {
    bool machine = for_machines(context.format());
    auto today = context.today();
    int planned = context.config().planned_sessions;
    std::vector<output::Value> row;

    if (auto open = unclosed_bookings(store, today, planned); !open.empty()) {
        out.section("not_closed", not_closed_columns(machine));
        for (const auto& b : open) {
            not_closed_row(b, row);
            out.row(row);
        }
    }
    out.section("sessions", booked_columns(machine));
    // A day's bookings are held until the day ends: two timed ones may overlap.
    std::vector<store::Booking> day;
    int timed = 0;
    auto end_day = [&] {
        std::vector<Overlaps> overlaps(day.size());
        if (timed > 1)
            overlaps = overlapping_bookings(
                day, context.config().default_duration_minutes,
                context.format() == output::Format::table ? k_overlaps_named : all_overlaps);
        for (std::size_t i = 0; i < day.size(); ++i) {
            booked_row(day[i], overlaps[i], row, machine);
            out.row(row);
        }
        day.clear();
        timed = 0;
    };
    store::for_each_booking(store, format_date(today),
                            format_date(add_span(today, Span{0, 0, days})), planned,
                            [&](const store::Booking& b) {
                                if (!day.empty() && day.front().date != b.date)
                                    end_day();
                                timed += b.time.has_value();
                                day.push_back(b);
                            });
    end_day();

    auto due_section = [&](std::string_view name, DueKind kind, Date until) {
        out.section(name, due_columns(machine));
        store::DueQuery query{today, until, kind, false};
        store::for_each_due(store, query, [&](const store::DueRow& due) {
            due_row(due, today, row, machine);
            out.row(row);
        });
    };
    due_section("followups", DueKind::followup, add_span(today, context.config().due_within));
    due_section("touchups", DueKind::touchup, end_of_month(today));

    out.section("lots", lot_columns(machine));
    store::LotFilter to_check;
    to_check.needing_attention = {format_date(today), format_date(add_span(today, k_lot_warning))};
    to_check.count_sessions = false;
    const auto& shelf_life = context.config().lots_opened_shelf_life;
    auto lot_line = [&](const Lot& lot) {
        lot_row(lot, today, shelf_life, row, machine);
        out.row(row);
    };
    store::for_each_lot(store, to_check, lot_line);

    // Lots to reorder: few bottles left unopened (lots.low_stock), one indexed query.
    out.section("low_stock", lot_columns(machine));
    store::for_each_low_stock_lot(store, format_date(today), context.config().lots_low_stock,
                                  lot_line);
}

// csv and tsv are one rectangle: every part's rows under one header, the part named in the
// first column, the row's date, client and name in their own columns and the rest folded into
// "detail" as "field: value; ...".
class FlatAgenda : public output::SectionWriter {
  public:
    explicit FlatAgenda(Context& context) {
        output::DelimitedOptions held;
        held.hold = true; // written after the read transaction, as the other formats are
        m_writer = output::make_row_writer(context.format(), context.style(),
                                           {"section", "date", "client_id", "name", "detail"},
                                           context.out, held);
    }
    void section(std::string_view name, const std::vector<std::string>& columns) override {
        m_section = name;
        m_columns = columns;
    }
    void row(const std::vector<output::Value>& values) override {
        output::Value date, client_id, name;
        std::vector<std::string> detail;
        for (std::size_t i = 0; i < values.size() && i < m_columns.size(); ++i) {
            const auto& field = m_columns[i];
            if (field == "date" || field == "due" || field == "expires_on")
                date = values[i];
            else if (field == "client_id")
                client_id = values[i];
            else if (field == "name" || field == "shade")
                name = values[i];
            else if (auto text = std::get_if<std::string>(&values[i]); text && !text->empty())
                detail.push_back(field + ": " + *text);
        }
        m_writer->row({m_section, date, client_id, name, join(detail, "; ")});
    }
    void finish() override { m_writer->finish(); }

  private:
    std::unique_ptr<output::RowWriter> m_writer;
    std::string m_section;
    std::vector<std::string> m_columns;
};

// All parts in one read transaction: one snapshot of the file (no booking seen both as booked
// and as done), and one lock instead of one per part. The rows go to the output as they are
// read; it is written once the transaction has ended.
void agenda(Context& context, int days) {
    auto& store = context.store(store::Access::existing);
    auto format = context.format();
    output::Record head{{{"date", format_date(context.today())}, {"days", std::int64_t{days}}}, {}};
    std::unique_ptr<output::SectionWriter> out;
    if (format == output::Format::csv || format == output::Format::tsv)
        out = std::make_unique<FlatAgenda>(context);
    else
        out = output::make_section_writer(format, context.style(), head, context.out);
    store.read([&] { read_agenda(context, store, days, *out); });
    out->finish();
}

} // namespace

void fill_agenda_command(CLI::App* command, Context& context) {
    auto days = std::make_shared<int>(7);
    command->add_option("--days", *days, "Booked sessions from today to N days ahead (default 7)")
        ->type_name("N")
        ->check(CLI::Range(0, 366));
    when_run(command, context, [&context, days] { agenda(context, *days); });
}

} // namespace smp::cli
