#include "import_engine.hpp"

#include <smp/domain/consent.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/clock.hpp>

// Consents, reminders and send attempts: what `export all` writes about each client beyond the
// profile and sessions. A consent is a legal record and a reminder a message already sent, so
// neither is ever changed by an import: a row whose uuid is on file must be that record again.
// And erasures: which uuids `client forget` erased, so that no import brings them back.

namespace smp::cli {
namespace {

// The client a row belongs to: by client_uuid (as an export gives it), else client_id or the
// exact name. A uuid `client forget` erased is refused as such, not as merely unknown.
std::optional<Client> owner_of(const RowValues& row, Problems& problems, store::Store& store) {
    auto uuid = row.text("client_uuid");
    if (!uuid.empty()) {
        std::optional<store::Erasure> erased;
        try {
            erased = store::erasure_of(store, validate_uuid(uuid));
        } catch (const Error&) {
            // Not a uuid: session_client says so.
        }
        if (erased) {
            problems.add(row.line(), "client_uuid",
                         fmt::format("{} belongs to a client erased on {} (`client forget`); "
                                     "leave the row out",
                                     uuid, erased->erased_on));
            return std::nullopt;
        }
    }
    return session_client(row, problems, store);
}

// A required value, checked by `parse`.
template <typename Parse>
void require(const RowValues& row, Problems& problems, std::string_view field,
             std::string_view noun, Parse&& parse) {
    problems.check(row.line(), field, [&] {
        if (row.text(field).empty())
            throw Error(Exit::data, fmt::format("a {} needs its {}", noun, field));
        parse(row.text(field));
    });
}

std::string instant_or_now(const RowValues& row, Problems& problems, std::string_view field) {
    std::string at;
    if (!row.text(field).empty())
        problems.check(row.line(), field,
                       [&] { at = validate_utc_instant(field, row.text(field)); });
    return at.empty() ? utc_now() : at;
}

// A row whose uuid is on file: the same record again is left as it is (and said to be);
// anything else is refused, naming the record.
template <typename Record, typename Same>
void keep_if_same(const RowValues& row, Problems& problems, Planned<Record>& planned,
                  const std::optional<Record>& on_file, std::string_view noun, Same&& same) {
    if (!on_file)
        return;
    if (same(*on_file, planned.record)) {
        planned.record = *on_file;
        planned.unchanged = true;
        return;
    }
    problems.add_row(row.line(),
                     fmt::format("{} {} is already on file ({} {} of client {}) with other values; "
                                 "a recorded {} is not changed by an import: leave the row out",
                                 noun, on_file->uuid, noun, on_file->id, on_file->client_id, noun));
}

// Splits a planned row from the record on file with its uuid, which plan_row loaded.
template <typename Record> std::optional<Record> take_on_file(Planned<Record>& planned) {
    if (!planned.record.id)
        return std::nullopt;
    std::optional<Record> on_file = planned.record;
    planned.record = Record{};
    planned.record.uuid = on_file->uuid;
    return on_file;
}

void fill_consent(const RowValues& row, Problems& problems, Consent& c, Date today) {
    auto line = row.line();
    require(row, problems, "kind", "consent",
            [&](const std::string& t) { c.kind = choices::consent_kind.parse(t); });
    bool signed_read = false;
    require(row, problems, "signed_on", "consent", [&](const std::string& t) {
        c.signed_on = past_day("signed_on", t, today);
        signed_read = true;
    });
    import_field(row, problems, "withdrawn_on", c.withdrawn_on,
                 [&](const std::string& t) { return past_day("withdrawn_on", t, today); });
    if (c.withdrawn_on && signed_read && *c.withdrawn_on < c.signed_on)
        problems.add(line, "withdrawn_on",
                     fmt::format("withdrawn on {}, before it was signed ({})",
                                 format_date(*c.withdrawn_on), format_date(c.signed_on)));
    import_field(row, problems, "form_version", c.form_version, text_rule("form_version"));
    // The document's path and hash are taken as recorded: the document is not read again.
    import_field(row, problems, "file", c.file_path, text_rule("file"));
    import_field(row, problems, "file_sha256", c.file_sha256, [](const std::string& t) {
        bool hex = t.size() == 64 && std::all_of(t.begin(), t.end(), [](char ch) {
                       return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                   });
        if (!hex)
            throw Error(Exit::data, fmt::format("invalid file_sha256 \"{}\": give the 64 "
                                                "lowercase hex digits smp recorded",
                                                output::visible(t)));
        return t;
    });
    if (c.file_path.has_value() != c.file_sha256.has_value())
        problems.add(line, c.file_path ? "file_sha256" : "file",
                     "a signed document needs both its file and its file_sha256, or neither");
    c.created_at = instant_or_now(row, problems, "created_at");
}

bool same_consent(const Consent& a, const Consent& b) {
    return a.client_id == b.client_id && a.kind == b.kind && a.signed_on == b.signed_on &&
           a.form_version == b.form_version && a.file_path == b.file_path &&
           a.file_sha256 == b.file_sha256 && a.withdrawn_on == b.withdrawn_on;
}

// A due date, or a session's slot "YYYY-MM-DDTHH:MM" (a message about a booked session).
std::string due_or_slot(const std::string& text, Date today) {
    auto at = text.find('T');
    if (at == std::string::npos)
        return format_date(parse_date(text, today));
    auto day = parse_iso_date(text.substr(0, at));
    if (!day)
        throw Error(Exit::data, fmt::format("invalid due \"{}\": give a date, or a date and "
                                            "time such as 2026-06-16T10:00",
                                            output::visible(text)));
    return format_date(*day) + "T" + format_time_of_day(parse_time_of_day(text.substr(at + 1)));
}

// What a reminder and a send attempt share: what they were about and where they went.
template <typename Record>
void fill_message_target(const RowValues& row, Problems& problems, Record& r, std::string_view noun,
                         Date today) {
    require(row, problems, "kind", noun,
            [&](const std::string& t) { r.kind = parse_message_kind(fold_case(t)); });
    require(row, problems, "due", noun,
            [&](const std::string& t) { r.due = due_or_slot(t, today); });
    import_field(row, problems, "session_id", r.session_id, [](const std::string& t) {
        if (!is_id_reference(t))
            throw Error(Exit::data, fmt::format("invalid session_id \"{}\": give a session's "
                                                "number, or leave it blank",
                                                output::visible(t)));
        return std::stoll(t);
    });
    require(row, problems, "channel", noun,
            [&](const std::string& t) { r.channel = choices::reminder_channel.parse(t); });
    require(row, problems, "address", noun,
            [&](const std::string& t) { r.address = validate_text("address", t); });
}

void fill_reminder(const RowValues& row, Problems& problems, Reminder& r, Date today) {
    fill_message_target(row, problems, r, "reminder", today);
    r.status = "sent";
    if (!row.text("status").empty())
        problems.check(row.line(), "status", [&] {
            auto status = fold_case(row.text("status"));
            if (status != "sent" && status != "sending")
                throw Error(Exit::data, fmt::format("invalid status \"{}\": a reminder on record "
                                                    "is sent (or sending)",
                                                    output::visible(row.text("status"))));
            r.status = status;
        });
    require(row, problems, "sent_on", "reminder",
            [&](const std::string& t) { r.sent_on = past_day("sent_on", t, today); });
    r.sent_at = instant_or_now(row, problems, "sent_at");
    problems.check(row.line(), "message",
                   [&] { r.message = validate_text("message", row.get("message").value_or("")); });
}

bool same_reminder(const Reminder& a, const Reminder& b) {
    return a.client_id == b.client_id && a.kind == b.kind && a.session_id == b.session_id &&
           a.due == b.due && a.channel == b.channel && a.address == b.address &&
           a.sent_on == b.sent_on && a.message == b.message;
}

void fill_attempt(const RowValues& row, Problems& problems, store::SendAttempt& a, Date today) {
    fill_message_target(row, problems, a, "send attempt", today);
    require(row, problems, "attempted_on", "send attempt",
            [&](const std::string& t) { a.attempted_on = past_day("attempted_on", t, today); });
    a.attempted_at = instant_or_now(row, problems, "attempted_at");
    require(row, problems, "outcome", "send attempt", [&](const std::string& t) {
        a.outcome = fold_case(t);
        if (a.outcome != "sent" && a.outcome != "failed")
            throw Error(Exit::data, fmt::format("invalid outcome \"{}\": use sent or failed",
                                                output::visible(t)));
    });
    import_field(row, problems, "exit_status", a.exit_status, [](const std::string& t) {
        if (!is_id_reference(t) && !(t.size() > 1 && t[0] == '-' && is_id_reference(t.substr(1))))
            throw Error(Exit::data, fmt::format("invalid exit_status \"{}\": give a whole "
                                                "number, or leave it blank",
                                                output::visible(t)));
        return std::stoi(t);
    });
    import_field(row, problems, "error", a.error, text_rule("error"));
    import_field(row, problems, "stderr_line", a.stderr_line, text_rule("stderr_line"));
}

bool same_attempt(const store::SendAttempt& a, const store::SendAttempt& b) {
    return a.client_id == b.client_id && a.kind == b.kind && a.due == b.due &&
           a.channel == b.channel && a.address == b.address && a.attempted_on == b.attempted_on &&
           a.outcome == b.outcome && a.exit_status == b.exit_status;
}

// A message about a session names one of its client's sessions in this file (ids are kept
// when `import all` fills a new file).
template <typename Record>
void check_session(const RowValues& row, Problems& problems, store::Store& store, const Record& r) {
    if (!r.session_id)
        return;
    problems.check(row.line(), "session_id", [&] {
        auto session = store::resolve_session(store, std::to_string(*r.session_id));
        if (r.client_id != 0 && session.client_id != r.client_id)
            throw Error(Exit::data, fmt::format("session {} is client {}'s, not this row's client "
                                                "{}",
                                                session.id, session.client_id, r.client_id));
    });
}

// The steps every one of the three kinds takes: plan the row against the record with its uuid,
// find its client, fill it, and keep it only if it is new or the same again.
template <typename Record, typename ByUuid, typename Fill, typename Same>
void import_client_records(Context& context, const ImportOptions& o, store::Table table,
                           std::string_view noun, ByUuid&& by_uuid, Fill&& fill, Same&& same,
                           void (*insert)(store::Store&, Record&)) {
    auto& store = *records(context, o);
    Plan<Record> plan;
    FileKeys keys;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto planned = plan_row<Record>(
            row, problems, keys, [&](const std::string& uuid) { return by_uuid(store, uuid); });
        auto on_file = take_on_file(planned);
        if (auto client = owner_of(row, problems, store))
            planned.record.client_id = client->id;
        fill(row, problems, planned.record, context.today());
        if constexpr (requires { planned.record.session_id; })
            check_session(row, problems, store, planned.record);
        keep_if_same(row, problems, planned, on_file, noun, same);
        plan.push_back(std::move(planned));
    });
    write_planned(context, o, &store, table, plan, keys,
                  [&](Planned<Record>& p, bool) { insert(store, p.record); });
}

void insert_consent_as_given(store::Store& store, Consent& consent) {
    store::insert_consent(store, consent, store::Stamp::as_given);
}

// One erasure row: a uuid no client on file has (else it would have to be erased here too,
// which `client forget` does, not an import).
store::Erasure plan_erasure(const RowValues& row, Problems& problems, store::Store& store,
                            FileUuids& seen, Date today) {
    store::Erasure erasure;
    require(row, problems, "uuid", "erasure", [&](const std::string& t) {
        erasure.uuid = validate_uuid(t);
        seen.add(erasure.uuid, row.line());
        if (auto client = store::client_by_uuid(store, erasure.uuid))
            throw Error(Exit::data, fmt::format("client {} \"{}\" has uuid {}: erase them with "
                                                "`smp client forget {}`, or leave the row out",
                                                client->id, output::visible(client->name),
                                                erasure.uuid, client->id));
    });
    // The real day of the erasure (`client forget` dates it by the clock, not --as-of).
    require(row, problems, "erased_on", "erasure",
            [&](const std::string& t) { erasure.erased_on = format_date(parse_date(t, today)); });
    if (!row.text("purged").empty())
        problems.check(row.line(), "purged",
                       [&] { erasure.purged = parse_yes_no("purged", row.text("purged")); });
    return erasure;
}

} // namespace

// Erasures have no id and are never changed: one already recorded is left as it is.
void import_erasures(Context& context, const ImportOptions& o) {
    auto& store = *records(context, o);
    std::vector<store::Erasure> erasures;
    Counts counts;
    FileKeys keys;
    read_rows(context, o, &store, keys, [&](const RowValues& row, Problems& problems) {
        auto erasure = plan_erasure(row, problems, store, keys.uuids, context.today());
        if (!erasure.uuid.empty() && store::erasure_of(store, erasure.uuid))
            ++counts.unchanged;
        else
            erasures.push_back(erasure);
    });
    counts.added = erasures.size();
    if (!o.dry_run)
        store.write([&] {
            for (const auto& erasure : erasures)
                store::remember_erasure(store, erasure);
        });
    report(context, o, counts);
}

void import_consents(Context& context, const ImportOptions& o) {
    import_client_records<Consent>(context, o, store::Table::consent, "consent",
                                   store::consent_by_uuid, fill_consent, same_consent,
                                   insert_consent_as_given);
}

void import_reminders(Context& context, const ImportOptions& o) {
    import_client_records<Reminder>(context, o, store::Table::reminder, "reminder",
                                    store::reminder_by_uuid, fill_reminder, same_reminder,
                                    store::insert_reminder);
}

void import_attempts(Context& context, const ImportOptions& o) {
    import_client_records<store::SendAttempt>(context, o, store::Table::send_attempt,
                                              "send attempt", store::attempt_by_uuid, fill_attempt,
                                              same_attempt, store::record_attempt);
}

} // namespace smp::cli
