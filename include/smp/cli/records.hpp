#pragma once

#include <smp/cli/context.hpp>
#include <smp/domain/client.hpp>
#include <smp/output/output.hpp>
#include <smp/store/consents.hpp>
#include <smp/store/payments.hpp>
#include <smp/store/photos.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>
#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

namespace smp::cli {

// json and ndjson carry the machine contract (JSON OUTPUT in smp(1)): facts as dates, numbers,
// enum words and arrays, and a client's name as client_name in a record that is not the client's.
// A table, csv and tsv keep the words, headings and columns people, spreadsheets and `smp import`
// know. Record builders that differ between the two take `machine`.
inline bool for_machines(output::Format format) {
    return format == output::Format::json || format == output::Format::ndjson;
}

// Texts (none holding a comma) as an output list: an array in json, comma-joined elsewhere.
inline output::List text_list(const std::vector<std::string>& items) {
    return output::List{join(items, ","), false};
}

// How each kind of record is shown: its documented fields, in order (the man pages list them).
output::Record client_record(const Client& client);
output::Record consent_record(const Consent& consent);
// For machines a session has no `course` ("2 of 3"): course_number and course_planned say it.
output::Record session_record(const store::SessionRow& row, bool machine);
output::Record shade_record(const Shade& shade);
// Status as of `today`; the opened bottle's expiry after `shelf_life` (lots.opened_shelf_life).
output::Record lot_record(const Lot& lot, Date today, const Span& shelf_life);
// A lot's status as of `today`: recalled, expired, expiring (within 60 days) or ok.
std::string lot_status(const Lot& lot, Date today);
// For machines the client's name is client_name.
output::Record reminder_record(const Reminder& reminder, const std::string& client_name,
                               bool machine);
// One try of a --exec send command (`export attempts`, `client show`); for machines the
// client's name is client_name.
output::Record attempt_record(const store::SendAttempt& attempt, const std::string& client_name,
                              bool machine);
// A session's fields, and the short form `client show` lists in a client's history.
output::Record session_summary(const store::SessionRow& row, bool machine);
output::Record payment_record(const store::PaymentRow& row);
// A photo's record, and the path of its stored file beside the records file (photo.cpp).
output::Record photo_record(const store::PhotoRow& row);
std::string photo_path(const store::PhotoRow& row, const std::string& records_path);
// Deletes a removed or forgotten client's photo folder and says how many files it held
// (client_data.cpp).
void tell_photos_deleted(Context& context, const std::string& records, const Client& client);
// One self-contained HTML page of a client's photos, rows by area and columns by day and stage,
// to `path` (mode 0600, written whole) or standard output (photo_sheet.cpp).
void write_photo_sheet(Context& context, const std::string& reference, const std::string& path);
// "2 of 3" for a photo of a course session, "session 12" for another, "" without one.
std::string photo_session_caption(const store::PhotoRow& row, int planned);
// An amount given on the command line (a payment, a fee): parse_money's forms, more than 0, no
// sign nor currency symbol; Error(usage) quoting it otherwise (payment.cpp).
std::int64_t command_line_amount(std::string_view text, const std::string& currency);
// The fee `session cancel` charges: --fee (checked: exit 64), else for a no-show the config's
// money.no_show_fee, none with --no-fee (payment.cpp).
std::optional<std::int64_t> cancellation_fee(Context& context,
                                             const std::optional<std::string>& fee, bool no_fee,
                                             bool no_show);
// Records a fee for the session, inside the caller's transaction; and says so afterwards.
Payment charge_fee(Context& context, store::Store& store, const Session& session,
                   std::int64_t amount);
void tell_fee_charged(Context& context, const Payment& fee, bool no_show);
// Appends owed, paid, deposits_held, refundable (each with its _minor) and currency: a client's
// balance (payment.cpp).
void add_balance_fields(Context& context, std::int64_t client_id, output::Record& record);
// Appends what was paid for a session, when it has payments: paid, deposit, deposit_state, fees,
// refunds, and the config's currency where the session has none (payment.cpp).
void add_session_money_fields(Context& context, std::int64_t session_id, output::Record& record);
// Whether a done session's aftercare was given (or sent), for `session show` (handouts.cpp).
void add_aftercare_fields(Context& context, const store::SessionRow& row, output::Record& record);
// The same for the client's latest done treatment session, for `client show`.
void add_latest_aftercare_fields(Context& context, std::int64_t client_id, output::Record& record);
// Appends next_due_kind, next_due_due, next_due_status and next_due_reason, for machines
// next_due_overdue_after instead of the reason (touchup.cpp).
void add_next_due_fields(Context& context, std::int64_t client_id, output::Record& record,
                         bool machine);

// Sets one optional field from an option: not given leaves it, empty text clears it, anything
// else goes through `parse` (which validates and throws smp::Error).
template <typename Parse>
void set_field(const std::optional<std::string>& given, auto& field, Parse&& parse) {
    if (!given)
        return;
    if (trim(*given).empty())
        field.reset();
    else
        field = parse(*given);
}

inline output::Value text_or_empty(const std::optional<std::string>& text) {
    return text ? output::Value{*text} : output::Value{};
}

inline output::Value date_or_empty(const std::optional<Date>& date) {
    return date ? output::Value{format_date(*date)} : output::Value{};
}

// A stored field's value as output shows it: nothing recorded is an empty value, a list is a
// List. A derived field (no member) is empty here: its kind's record function
// works it out.
template <typename Record>
output::Value field_value(const FieldOf<Record>& field, const Record& record) {
    return std::visit(
        [&](auto member) -> output::Value {
            using M = decltype(member);
            if constexpr (std::is_same_v<M, std::monostate>)
                return {};
            else if constexpr (std::is_same_v<M, std::optional<std::string> Record::*>)
                return text_or_empty(record.*member);
            else if constexpr (std::is_same_v<M, std::optional<int> Record::*> ||
                               std::is_same_v<M, std::optional<std::int64_t> Record::*>)
                return record.*member ? output::Value{std::int64_t{*(record.*member)}}
                                      : output::Value{};
            else if constexpr (std::is_same_v<M, std::optional<double> Record::*>)
                return record.*member ? output::Value{*(record.*member)} : output::Value{};
            else if constexpr (std::is_same_v<M, std::vector<std::string> Record::*>)
                return text_list(record.*member);
            else if constexpr (std::is_same_v<M, Date Record::*>)
                return format_date(record.*member);
            else if constexpr (std::is_same_v<M, std::optional<Date> Record::*>)
                return date_or_empty(record.*member);
            else if constexpr (std::is_same_v<M, std::int64_t Record::*> ||
                               std::is_same_v<M, std::string Record::*> ||
                               std::is_same_v<M, bool Record::*>)
                return record.*member;
            else
                static_assert(k_unhandled_member<M>);
        },
        field.member);
}

// The values of the named fields, in that order (a table's chosen columns).
inline std::vector<output::Value> pick_fields(const output::Record& record,
                                              const std::vector<std::string>& names) {
    std::vector<output::Value> values;
    for (const auto& name : names)
        for (const auto& field : record.fields)
            if (field.name == name)
                values.push_back(field.value);
    return values;
}

// A record with only the named fields, in that order.
inline output::Record pick_record(const output::Record& record,
                                  const std::vector<std::string>& names) {
    output::Record out;
    auto values = pick_fields(record, names);
    for (std::size_t i = 0; i < values.size() && i < names.size(); ++i)
        out.fields.push_back({names[i], values[i]});
    return out;
}

// The id each record of a quiet listing stands for: its "id", else its first "..._id" field.
std::string quiet_id_field(const output::Record& empty);

// One id a line (-q), the records' other fields left out; returns how many there were.
template <typename Produce>
std::size_t write_ids(Context& context, const output::Record& empty, Produce&& produce) {
    auto field = quiet_id_field(empty);
    std::size_t count = 0;
    produce([&](const output::Record& record) {
        ++count;
        for (const auto& f : record.fields)
            if (f.name == field) {
                if (auto id = std::get_if<std::int64_t>(&f.value))
                    fmt::print(context.out, "{}\n", *id);
                break;
            }
    });
    return count;
}

// The columns --columns chose, checked against the listing's fields (usage error naming the
// ones it has); empty when --columns was not given.
std::vector<std::string> listing_columns(Context& context,
                                         const std::vector<std::string>& table_columns,
                                         const output::Record& empty);

// Streams a listing: the chosen columns in a table, every field of `empty`'s kind otherwise.
// `produce` is called with an emit(record) function. Returns how many records there were; with
// none, a table prints nothing and says `none` on stderr (machine formats still print "[]" or a
// header).
template <typename Produce>
std::size_t write_list(Context& context, const std::vector<std::string>& table_columns,
                       const output::Record& empty, std::string_view none, Produce&& produce,
                       std::vector<std::string> drop_first = {}) {
    bool table = context.format() == output::Format::table;
    if (table && context.options.quiet) // -q: one id a line, for a script's loop
        return write_ids(context, empty, produce);
    auto chosen = listing_columns(context, table_columns, empty);
    auto columns = !chosen.empty() ? chosen : table ? table_columns : field_names(empty);
    auto style = context.style();
    style.drop_first = std::move(drop_first);
    auto writer = output::make_row_writer(context.format(), style, columns, context.out);
    std::size_t count = 0;
    produce([&](const output::Record& record) {
        ++count;
        if (table || !chosen.empty())
            writer->row(pick_fields(record, columns));
        else
            writer->row(record); // streamed as it lies, no copy of its values
    });
    if (count == 0 && table)
        context.tell(std::string(none));
    else
        writer->finish();
    return count;
}

} // namespace smp::cli
