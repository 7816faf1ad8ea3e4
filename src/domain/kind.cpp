#include <smp/domain/client.hpp>
#include <smp/domain/consent.hpp>
#include <smp/domain/kind.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/photo.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/domain/session.hpp>
#include <smp/domain/shade.hpp>
#include <smp/error.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

#include <array>
#include <initializer_list>
#include <map>

namespace smp {

std::string_view codec_name(Codec codec) {
    switch (codec) {
    case Codec::id:
        return "id";
    case Codec::uuid:
        return "uuid";
    case Codec::text:
        return "text";
    case Codec::phone:
        return "phone";
    case Codec::email:
        return "email";
    case Codec::integer:
        return "integer";
    case Codec::flag:
        return "flag";
    case Codec::date:
        return "date";
    case Codec::instant:
        return "instant";
    case Codec::choice:
        return "choice";
    case Codec::choice_list:
        return "choice_list";
    case Codec::date_list:
        return "date_list";
    case Codec::span:
        return "span";
    case Codec::money:
        return "money";
    case Codec::needle:
        return "needle";
    case Codec::dilution:
        return "dilution";
    case Codec::time_of_day:
        return "time_of_day";
    case Codec::minutes:
        return "minutes";
    case Codec::decimal:
        return "decimal";
    case Codec::reference:
        return "reference";
    }
    return "text";
}

std::string FieldInfo::message_name() const {
    if (!label.empty())
        return std::string(label);
    std::string words(name);
    for (char& c : words)
        if (c == '_')
            c = ' ';
    return words;
}

std::string FieldInfo::clear_name() const {
    if (option.empty())
        return std::string(name);
    auto first = option.substr(0, option.find(','));
    return std::string(first.substr(first.starts_with("--") ? 2 : 0));
}

std::vector<std::string_view> FieldInfo::columns() const {
    std::vector<std::string_view> all;
    auto rest = sql_column();
    while (!rest.empty()) {
        auto comma = rest.find(',');
        all.push_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return all;
}

const FieldInfo* KindInfo::field(std::string_view wanted) const {
    for (const auto& f : fields)
        if (f.name == wanted)
            return &f;
    return nullptr;
}

std::string canonical_text(const FieldInfo& field, std::string_view text, Date today) {
    switch (field.codec) {
    case Codec::phone:
        return validate_phone(text);
    case Codec::email:
        return validate_email(text);
    case Codec::choice:
        return field.choice->parse(text);
    case Codec::span:
        return format_span(parse_interval(text));
    case Codec::instant:
        return validate_utc_instant(field.name, text);
    case Codec::uuid:
        return validate_uuid(text);
    case Codec::dilution:
        return format_dilution(parse_dilution(text));
    case Codec::time_of_day:
        return format_time_of_day(parse_time_of_day(text));
    case Codec::date:
        return format_date(canonical_date(field, text, today));
    default:
        return validate_text(field.message_name(), text);
    }
}

Date canonical_date(const FieldInfo& field, std::string_view text, Date today) {
    Date date = parse_date(text, today);
    if (field.has(field_flag::past) && date > today)
        throw Error(Exit::data, fmt::format("invalid {} \"{}\": it is after today ({})",
                                            field.message_name(), text, format_date(today)));
    return date;
}

int canonical_integer(const FieldInfo& field, std::string_view text) {
    bool digits = !text.empty() && text.size() <= 9 &&
                  text.find_first_not_of("0123456789") == std::string_view::npos;
    int value = digits ? std::stoi(std::string(text)) : -1;
    if (!digits || (field.maximum > 0 && (value < field.minimum || value > field.maximum)))
        throw Error(
            Exit::data,
            field.maximum > 0
                ? fmt::format("invalid {} \"{}\": use a whole number from {} to {}",
                              field.message_name(), text, field.minimum, field.maximum)
                : fmt::format("invalid {} \"{}\": use a whole number", field.message_name(), text));
    return value;
}

double canonical_decimal(const FieldInfo& field, std::string_view text) {
    return parse_measure(field.message_name(), text, field.maximum);
}

bool canonical_flag(const FieldInfo& field, std::string_view text) {
    return parse_yes_no(field.message_name(), text);
}

namespace {

using namespace field_flag;

// The kinds below are read and written by hand-written code (a session export of a million
// rows, the agenda and the due list are hot paths); their tables name their fields once for
// everything generic (erasure, _describe, import and export columns), and tests hold the
// hand-written code to them.

constexpr std::string_view k_lot_numbers_help = "the numbers of the lots used, comma-separated";

KindInfo session_kind() {
    return {"session",
            "session",
            {
                {"id", Codec::id},
                {"uuid", Codec::uuid, required},
                {"client_id", Codec::reference, required},
                {"client_uuid", Codec::uuid, derived},
                {"client_name", Codec::text, derived},
                {"date", Codec::date, required | importable},
                {"time", Codec::time_of_day, importable | clearable},
                {"duration", Codec::minutes, importable | clearable, "duration_minutes"},
                {"duration_minutes", Codec::integer, derived},
                {"status", Codec::choice, required | importable, {}, &choices::session_status},
                {"kind", Codec::choice, required | importable, {}, &choices::session_kind},
                {"course", Codec::text, derived},
                {"course_number", Codec::integer, derived, "course_number"},
                {"course_planned", Codec::integer, derived},
                {"final", Codec::flag, importable},
                {"areas", Codec::choice_list, importable | clearable, {}, &choices::area},
                {"needle", Codec::needle, importable | clearable,
                 "needle_count,needle_configuration,needle_diameter_um"},
                {"needle_count", Codec::integer, derived},
                {"needle_configuration", Codec::text, derived},
                {"needle_diameter_mm", Codec::decimal, derived},
                {"depth_mm", Codec::decimal, importable | clearable, {}, nullptr, "--depth"},
                {"machine", Codec::text, importable | clearable},
                {"voltage", Codec::decimal, importable | clearable},
                {"numbing", Codec::text, importable | clearable},
                {"pain", Codec::integer, importable | clearable},
                {"price", Codec::money, importable | clearable, "price_minor"},
                {"currency", Codec::text, importable},
                {"notes", Codec::text, personal | importable | clearable},
                {"cancel_reason", Codec::text, personal | importable},
                {"shade", Codec::reference, importable | clearable, "shade_id"},
                {"dilution", Codec::dilution, importable | clearable},
                // Kept in the session_lot table, one row per lot.
                {"lots",
                 Codec::reference,
                 derived | importable | clearable,
                 {},
                 nullptr,
                 {},
                 {},
                 k_lot_numbers_help},
                {"created_at", Codec::instant, required | importable},
                {"updated_at", Codec::instant, required | importable},
            },
            // A booked session's copies of its client's name and course length, kept by triggers so
            // the agenda reads no other table; how often it changed as a calendar shows it, and
            // when it was cancelled (for the calendar feed's SEQUENCE and STATUS:CANCELLED).
            {"booked_client_name", "booked_planned_sessions", "calendar_sequence", "cancelled_at"}};
}

// A kind whose every row is about one person: `client forget` deletes its rows whole.
KindInfo erased_whole(KindInfo kind) {
    kind.erased_whole = true;
    return kind;
}

// A message kind's fields: the ones a message and each try to send it share (whom, what for,
// when it is due, by which way and to where), then its `own`.
std::vector<FieldInfo> message_fields(std::initializer_list<FieldInfo> own) {
    std::vector<FieldInfo> fields{
        {"id", Codec::id},
        {"uuid", Codec::uuid, required},
        {"client_id", Codec::reference, required},
        {"client_uuid", Codec::uuid, derived},
        {"name", Codec::text, derived},
        {"kind", Codec::choice, required, {}, &choices::message_kind},
        {"session_id", Codec::reference},
        // A due date, or a session's slot ("2026-06-16T10:00").
        {"due", Codec::text, required, "due_on"},
        {"channel", Codec::choice, required, {}, &choices::reminder_channel},
        {"address", Codec::text, required | personal},
    };
    fields.insert(fields.end(), own);
    return fields;
}

KindInfo reminder_kind() {
    return erased_whole(KindInfo{"reminder",
                                 "reminder",
                                 message_fields({
                                     {"status", Codec::text, required},
                                     {"sent_on", Codec::date, required},
                                     {"sent_at", Codec::instant, required},
                                     {"message", Codec::text, required | personal},
                                 }),
                                 {}});
}

// Every try of a --exec send command, failed or not: the reminder's history of bounces.
KindInfo send_attempt_kind() {
    return erased_whole(KindInfo{"send_attempt",
                                 "send_attempt",
                                 message_fields({
                                     {"attempted_on", Codec::date, required},
                                     {"attempted_at", Codec::instant, required},
                                     {"outcome", Codec::text, required},
                                     {"exit_status", Codec::integer},
                                     {"error", Codec::text},
                                     {"stderr_line", Codec::text, personal},
                                 }),
                                 {}});
}

// A client's screening: which contraindication flags were reviewed, and each patch test.
KindInfo screening_review_kind() {
    return erased_whole(KindInfo{
        "screening_review",
        "screening_review",
        {
            {"client_id", Codec::reference, required},
            {"flags", Codec::choice_list, required | personal, {}, &choices::contraindication},
            {"reviewed_on", Codec::date, required | personal},
        },
        {}});
}

KindInfo patch_test_kind() {
    return erased_whole(KindInfo{"patch_test",
                                 "patch_test",
                                 {
                                     {"id", Codec::id},
                                     {"client_id", Codec::reference, required},
                                     {"tested_on", Codec::date, required | personal},
                                     {"result", Codec::text, required | personal},
                                     {"lot_id", Codec::reference},
                                     {"created_at", Codec::instant, required},
                                 },
                                 {}});
}

using Co = Consent;

const std::array<FieldOf<Consent>, 12> k_consent_fields = {{
    {{"id", Codec::id}, &Co::id},
    {{"uuid", Codec::uuid, required}, &Co::uuid},
    {{"client_id", Codec::reference, required}, &Co::client_id},
    {{"client_uuid", Codec::uuid, derived}},
    {{"client_name", Codec::text, derived}},
    {{"kind", Codec::choice, required, {}, &choices::consent_kind}, &Co::kind},
    {{"signed_on", Codec::date, required | personal}, &Co::signed_on},
    {{"form_version", Codec::text, personal}, &Co::form_version},
    {{"withdrawn_on", Codec::date, personal}, &Co::withdrawn_on},
    {{"file", Codec::text, personal, "file_path"}, &Co::file_path},
    {{"file_sha256", Codec::text, personal}, &Co::file_sha256},
    {{"created_at", Codec::instant, required}, &Co::created_at},
}};

} // namespace

std::span<const FieldOf<Consent>> consent_fields() {
    return k_consent_fields;
}

std::span<const KindInfo* const> record_kinds() {
    static const KindInfo client = describe_kind<Client>("client", "client", client_fields());
    static const KindInfo session = session_kind();
    static const KindInfo shade = describe_kind<Shade>("shade", "shade", shade_fields());
    static const KindInfo lot = describe_kind<Lot>("lot", "lot", lot_fields());
    static const KindInfo consent =
        erased_whole(describe_kind<Consent>("consent", "consent", consent_fields()));
    static const KindInfo reminder = reminder_kind();
    static const KindInfo send_attempt = send_attempt_kind();
    static const KindInfo screening_review = screening_review_kind();
    static const KindInfo patch_test = patch_test_kind();
    static const KindInfo payment = describe_kind<Payment>("payment", "payment", payment_fields());
    // Every photo is of the client: erased with them.
    static const KindInfo photo =
        erased_whole(describe_kind<Photo>("photo", "photo", photo_fields()));
    static const std::array<const KindInfo*, 11> all = {
        &client,           &session,    &shade,   &lot,   &consent,     &reminder,
        &screening_review, &patch_test, &payment, &photo, &send_attempt};
    return all;
}

std::span<const std::string_view> internal_tables() {
    static constexpr std::string_view tables[] = {
        "session_lot",     // a session's lots: the session kind's `lots` field
        "lot_opening",     // each bottle of a lot opened: the lot kind's bottles_opened
        "setting",         // smp's own settings for this records file
        "erasure",         // the uuids `client forget` erased: nothing personal
        "aftercare",       // when each session's aftercare was given or sent: nothing personal
        "merged_client",   // the uuids `client merge` merged away, and the uuid each went into
        "sqlite_sequence", // the highest id each table ever gave (ids are never reused)
        "due",             // each client's next due date, kept from clients and sessions
        "client_search",
        "client_search_data",
        "client_search_idx",
        "client_search_content",
        "client_search_config", // the trigram index behind `client list --search`
    };
    return tables;
}

const Choice& clear_choice(const KindInfo& kind) {
    struct Names {
        std::vector<std::string> names;
        std::vector<std::string_view> views;
        Choice choice;
    };
    static std::map<std::string_view, Names> built;
    auto [at, added] = built.try_emplace(kind.name);
    if (added) {
        for (const auto& field : kind.fields)
            if (field.has(field_flag::clearable))
                at->second.names.push_back(field.clear_name());
        at->second.views.assign(at->second.names.begin(), at->second.names.end());
        at->second.choice = Choice{"field to clear", at->second.views};
    }
    return at->second.choice;
}

const KindInfo* kind_named(std::string_view name) {
    for (const auto* kind : record_kinds())
        if (kind->name == name)
            return kind;
    return nullptr;
}

} // namespace smp
