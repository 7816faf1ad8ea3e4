#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/store/due.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>

#include <fmt/format.h>

namespace smp::cli {
namespace {

// How far ahead lots are flagged before they expire.
constexpr Span k_lot_warning{0, 0, 60};

// Fields built in place (a busy week has a thousand of these rows): a braced list would
// build each field and then copy it.
output::Record booked_row(const store::Booking& b) {
    output::Record row;
    auto& fields = row.fields;
    fields.reserve(7);
    fields.emplace_back("date", b.date);
    fields.emplace_back("time", b.time ? output::Value{format_time_of_day(*b.time)}
                                       : output::Value{});
    fields.emplace_back("client_id", b.client_id);
    fields.emplace_back("name", b.client_name);
    fields.emplace_back("session", b.course_number > 0
                                       ? fmt::format("{} of {}", b.course_number, b.course_planned)
                                       : b.kind);
    fields.emplace_back("areas",
                        b.areas.empty() ? output::Value{} : output::Value{join(b.areas, ",")});
    fields.emplace_back("session_id", b.session_id);
    return row;
}

output::Record due_row(const store::DueRow& row, Date today) {
    const auto& next = *row.next;
    auto when = next.overdue_after < today
                    ? fmt::format("overdue ({} days late)", days_overdue(next, today))
                    : relative_day(next.due, today);
    return output::Record{{{"due", format_date(next.due)},
                           {"when", when},
                           {"client_id", row.client_id},
                           {"name", row.name},
                           {"phone", text_or_empty(row.phone)},
                           {"last_session", next.last_session
                                                ? output::Value{format_date(*next.last_session)}
                                                : output::Value{}}},
                          {}};
}

output::Record lot_row(const store::Lot& lot, Date today) {
    auto expires = parse_iso_date(lot.expires_on);
    std::string status = lot.recalled_on ? "recalled on " + *lot.recalled_on
                         : expires        ? "expires " + relative_day(*expires, today)
                                          : "expires " + lot.expires_on;
    return output::Record{{{"shade", lot.shade_name},
                           {"lot", lot.number},
                           {"expires_on", lot.expires_on},
                           {"status", status},
                           {"recall_reason", text_or_empty(lot.recall_reason)}},
                          {}};
}

// The practitioner's day: booked sessions from today on, follow-ups to book, touch-ups due
// by the end of the month, lots to check. Each part reads an index, never every record.
void read_agenda(Context& context, store::Store& store, int days, output::Record& record) {
    auto today = context.today();
    int planned = context.config().planned_sessions;

    auto& booked = record.sections.emplace_back(output::Section{"sessions", {}});
    store::for_each_booking(store, format_date(today), format_date(add_span(today, Span{0, 0, days})),
                            planned, [&](const store::Booking& b) {
                                booked.rows.push_back(booked_row(b));
                            });

    auto due_section = [&](std::string name, DueKind kind, Date until) {
        auto& section = record.sections.emplace_back(output::Section{std::move(name), {}});
        store::DueQuery query{today, until, kind, false};
        store::for_each_due(store, query, [&](const store::DueRow& row) {
            section.rows.push_back(due_row(row, today));
        });
    };
    due_section("followups", DueKind::followup, add_span(today, context.config().due_within));
    due_section("touchups", DueKind::touchup, end_of_month(today));

    auto& lots = record.sections.emplace_back(output::Section{"lots", {}});
    store::LotFilter to_check;
    to_check.needing_attention = {format_date(today), format_date(add_span(today, k_lot_warning))};
    to_check.count_sessions = false;
    store::for_each_lot(store, to_check,
                        [&](const store::Lot& lot) { lots.rows.push_back(lot_row(lot, today)); });
}

// All parts in one read transaction: one snapshot of the file (no booking seen both as booked
// and as done), and one lock instead of one per part.
output::Record agenda(Context& context, int days) {
    auto& store = context.store(store::Access::read);
    output::Record record{
        {{"date", format_date(context.today())}, {"days", std::int64_t{days}}}, {}};
    store.read([&] { read_agenda(context, store, days, record); });
    return record;
}

// One agenda row as csv and tsv write it: its date, client and name in their own columns, the
// rest folded into "detail" as "field: value; ...".
output::Record flat_row(const std::string& section, const output::Record& row) {
    output::Value date, client_id, name;
    std::vector<std::string> detail;
    for (const auto& field : row.fields) {
        if (field.name == "date" || field.name == "due" || field.name == "expires_on")
            date = field.value;
        else if (field.name == "client_id")
            client_id = field.value;
        else if (field.name == "name" || field.name == "shade")
            name = field.value;
        else if (auto text = std::get_if<std::string>(&field.value); text && !text->empty())
            detail.push_back(field.name + ": " + *text);
    }
    return output::Record{{{"section", section},
                           {"date", date},
                           {"client_id", client_id},
                           {"name", name},
                           {"detail", join(detail, "; ")}},
                          {}};
}

// csv and tsv are one rectangle: every section's rows under one header, the section named in
// the first column.
void write_flat(Context& context, const output::Record& record) {
    write_list(context, {}, flat_row("", output::Record{}), "", [&](auto&& emit) {
        for (const auto& section : record.sections)
            for (const auto& row : section.rows)
                emit(flat_row(section.name, row));
    });
}

} // namespace

void fill_agenda_command(CLI::App* command, Context& context) {
    auto days = std::make_shared<int>(7);
    command->add_option("--days", *days, "Booked sessions from today to N days ahead (default 7)")
        ->type_name("N")
        ->check(CLI::Range(0, 366));
    when_run(command, context, [&context, days] {
        auto record = agenda(context, *days);
        auto format = context.format();
        if (format == output::Format::csv || format == output::Format::tsv)
            write_flat(context, record);
        else
            output::write_record(format, context.style(), record, context.out);
    });
}

} // namespace smp::cli
