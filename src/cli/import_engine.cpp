#include "import_engine.hpp"

#include <smp/domain/kind.hpp>
#include <smp/domain/reference.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/uuid.hpp>

namespace smp::cli {

std::vector<std::string_view> field_names_of(std::string_view kind) {
    std::vector<std::string_view> names;
    for (const auto& field : kind_named(kind)->fields)
        names.push_back(field.name);
    return names;
}

const KindSpec& spec_of(std::string_view kind) {
    static const KindSpec clients{field_names_of("client"),
                                  {{"full name", "name"},
                                   {"client", "name"},
                                   {"client name", "name"},
                                   {"phone number", "phone"},
                                   {"mobile", "phone"},
                                   {"mobile number", "phone"},
                                   {"cell", "phone"},
                                   {"telephone", "phone"},
                                   {"tel", "phone"},
                                   {"email address", "email"},
                                   {"mail", "email"},
                                   {"dob", "birth_date"},
                                   {"date of birth", "birth_date"},
                                   {"birthday", "birth_date"},
                                   {"note", "notes"},
                                   {"comments", "notes"},
                                   {"fitzpatrick", "skin_type"},
                                   {"skin", "skin_type"},
                                   {"hair color", "hair_colour"},
                                   {"medical", "medical_notes"},
                                   {"allergies", "medical_notes"}}};
    static const KindSpec sessions{field_names_of("session"),
                                   {{"client", "client_name"},
                                    {"client full name", "client_name"},
                                    {"day", "date"},
                                    {"session date", "date"},
                                    {"start", "time"},
                                    {"start time", "time"},
                                    {"area", "areas"},
                                    {"depth", "depth_mm"},
                                    {"lot", "lots"},
                                    {"lot numbers", "lots"},
                                    {"note", "notes"},
                                    {"comments", "notes"},
                                    {"pigment", "shade"},
                                    {"session kind", "kind"},
                                    {"type", "kind"}}};
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
    static const KindSpec payments{field_names_of("payment"),
                                   {{"client", "client_name"},
                                    {"day", "date"},
                                    {"paid on", "date"},
                                    {"payment date", "date"},
                                    {"session", "session_id"},
                                    {"sum", "amount"},
                                    {"type", "kind"},
                                    {"payment method", "method"},
                                    {"note", "notes"},
                                    {"comments", "notes"}}};
    // A reminder's and a send attempt's client name is in its "name" column (the word of
    // `touchup remind`'s listing), and in client_name in json.
    static const auto with_client_name = [](std::string_view of_kind) {
        auto fields = field_names_of(of_kind);
        std::replace(fields.begin(), fields.end(), std::string_view("name"),
                     std::string_view("client_name"));
        return fields;
    };
    static const KindSpec consents{field_names_of("consent"),
                                   {{"client", "client_name"},
                                    {"signed", "signed_on"},
                                    {"withdrawn", "withdrawn_on"},
                                    {"form", "form_version"},
                                    {"document", "file"}}};
    static const KindSpec reminders{with_client_name("reminder"), {{"name", "client_name"}}};
    static const KindSpec attempts{with_client_name("send_attempt"), {{"name", "client_name"}}};
    static const KindSpec erasures{{"uuid", "erased_on", "purged"}, {}};
    if (kind == "clients")
        return clients;
    if (kind == "erasures")
        return erasures;
    if (kind == "consents")
        return consents;
    if (kind == "reminders")
        return reminders;
    if (kind == "attempts")
        return attempts;
    if (kind == "payments")
        return payments;
    return kind == "sessions" ? sessions : kind == "shades" ? shades : lots;
}

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

// Progress lines are for a person at a terminal: never in a log file or a pipe, nor with -q.
bool shows_progress(Context& context) {
    return !context.options.quiet && output::Progress::on_terminal(context.err);
}

void report(Context& context, const ImportOptions& o, const Counts& counts) {
    auto noun = o.kind.substr(0, o.kind.size() - 1);
    auto added = fmt::format("{} {}{}", counts.added, noun, counts.added == 1 ? "" : "s");
    // Only consents, reminders and attempts can be on file unchanged: said when some are.
    auto unchanged =
        counts.unchanged ? fmt::format(", {} already on file as they are", counts.unchanged) : "";
    auto text =
        o.dry_run || o.rehearsal
            ? fmt::format("{}would add {}, update {}{}; nothing written (--dry-run)",
                          o.rehearsal ? o.file + ": " : "", added, counts.updated, unchanged)
            : fmt::format("imported {}: {} added, {} updated{}", o.file, counts.added,
                          counts.updated, unchanged);
    if (o.reports)
        o.reports->push_back(std::move(text));
    else
        context.tell(text);
}

// The records file to check references against. A dry run never creates it: with no records
// file yet, every client is new.
store::Store* records(Context& context, const ImportOptions& o) {
    if (o.dry_run && o.kind == "clients" && !std::filesystem::exists(context.records_path()))
        return nullptr;
    return &context.store(o.dry_run ? store::Access::existing : store::Access::create);
}

} // namespace smp::cli
