#include <smp/cli/records.hpp>
#include <smp/domain/date.hpp>
#include <smp/store/sessions.hpp>

#include <fmt/format.h>

// A session as output shows it: the full record (session show, export) and the summary a
// client's page lists.
namespace smp::cli {

// Built field by field, moving each value in: an initializer list would copy every field,
// which is most of what an export of a million sessions spends outside SQLite.
output::Record session_record(const store::SessionRow& row, bool machine) {
    const auto& s = row.session;
    output::Record record;
    auto& fields = record.fields;
    fields.reserve(34);
    auto add = [&](const char* name, output::Value value) {
        fields.push_back(output::Field{name, std::move(value)});
    };
    auto add_if = [&](const char* name, bool present, auto&& make) {
        add(name, present ? output::Value{make()} : output::Value{});
    };
    add("id", s.id);
    add("uuid", s.uuid);
    add("client_id", s.client_id);
    add("client_uuid", row.client_uuid);
    add("client_name", row.client_name);
    add("date", format_date(s.date));
    add_if("time", s.time.has_value(), [&] { return format_time_of_day(*s.time); });
    add_if("duration", s.duration.has_value(), [&] { return format_duration(*s.duration); });
    add_if("duration_minutes", s.duration.has_value(), [&] { return std::int64_t{*s.duration}; });
    add("status", std::string(session_status_name(s.status)));
    add("kind", std::string(session_kind_name(s.kind)));
    if (!machine)
        add_if("course", row.course_number > 0,
               [&] { return fmt::format("{} of {}", row.course_number, row.course_planned); });
    add_if("course_number", row.course_number > 0, [&] { return std::int64_t{row.course_number}; });
    add("course_planned", std::int64_t{row.course_planned});
    add("final", s.final);
    add("areas", text_list(s.areas));
    const auto& needle = s.needle;
    add_if("needle", needle.has_value(), [&] { return format_needle(*needle); });
    add_if("needle_count", needle.has_value(), [&] { return std::int64_t{needle->count}; });
    add_if("needle_configuration", needle.has_value(), [&] { return needle->configuration; });
    add_if("needle_diameter_mm", needle.has_value(),
           [&] { return needle->diameter_micrometres / 1000.0; });
    add_if("depth_mm", s.depth_mm.has_value(), [&] { return *s.depth_mm; });
    add("machine", text_or_empty(s.machine));
    add_if("voltage", s.voltage.has_value(), [&] { return *s.voltage; });
    add("numbing", text_or_empty(s.numbing));
    add_if("pain", s.pain.has_value(), [&] { return std::int64_t{*s.pain}; });
    add("price", output::Money{s.price});
    add("currency", text_or_empty(s.currency));
    add("notes", text_or_empty(s.notes));
    add("cancel_reason", text_or_empty(s.cancel_reason));
    add("shade", text_or_empty(row.shade_name));
    add("dilution", text_or_empty(s.dilution));
    add("lots", output::List{row.lot_numbers.value_or("")}); // comma-joined, as stored
    add("created_at", s.created_at);
    add("updated_at", s.updated_at);
    return record;
}

output::Record session_summary(const store::SessionRow& row, bool machine) {
    static const std::vector<std::string> k_fields{"id",    "date",     "time",  "course",
                                                   "kind",  "status",   "areas", "needle",
                                                   "shade", "dilution", "lots",  "notes"};
    static const std::vector<std::string> k_machine_fields{
        "id",    "date",   "time",  "kind",     "course_number", "course_planned", "status",
        "areas", "needle", "shade", "dilution", "lots",          "notes"};
    return pick_record(session_record(row, machine), machine ? k_machine_fields : k_fields);
}

} // namespace smp::cli
