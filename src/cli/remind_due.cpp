// `smp remind --kind followup,touchup` (and `smp touchup remind`): who is due to book gets
// their message once per due date, as the reminder policy allows.

#include "remind.hpp"

#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

namespace smp::cli {
namespace {

MessageValues message_values(const store::DueRow& row, Date today, const std::string& studio) {
    const auto& next = *row.next;
    return {{"name", row.name},
            {"first_name", first_name(row.name)},
            {"due", format_date(next.due)},
            {"due_relative", relative_day(next.due, today)},
            {"kind", std::string(due_kind_words(next.kind))},
            {"last_session", next.last_session ? format_date(*next.last_session) : ""},
            {"phone", row.phone.value_or("")},
            {"email", row.email.value_or("")},
            {"studio", studio}};
}

// Their latest booking is past and still open: they may well have just been in.
bool booking_not_closed(const store::DueRow& row, Date today) {
    return row.booked_until && *row.booked_until < today &&
           (!row.next->last_session || *row.next->last_session <= *row.booked_until);
}

} // namespace

// An address stored before smp checked them strictly (one starting with "-", or with shell
// or control characters) must never reach a send command, where it could be read as an
// option: such an email or phone is dropped from the recipient (and the practitioner told
// to mend it when the channel needed it).
std::optional<std::string> usable_address(Context& context, store::Store& store, Recipient& to,
                                          const std::string& channel, std::string_view what,
                                          RemindTally& tally) {
    auto drop_unless_valid = [](std::optional<std::string>& value,
                                std::string (*validate)(std::string_view)) {
        try {
            if (!value || validate(*value) == *value)
                return false;
        } catch (const Error&) {
        }
        value.reset();
        return true;
    };
    bool dropped_email = drop_unless_valid(to.email, validate_email);
    bool dropped_phone = drop_unless_valid(to.phone, validate_phone);
    bool email = channel_uses_email(channel);
    const auto& address = email ? to.email : to.phone;
    if (!address && (email ? dropped_email : dropped_phone)) {
        ++tally.bad_address;
        context.warn(fmt::format("{} to {} ({}) not sent: the stored {} is not a valid address; "
                                 "mend it with `smp client edit {}`",
                                 what, output::visible(to.name), to.client_id,
                                 email ? "email" : "phone number", to.client_id));
        return std::nullopt;
    }
    if (!address) {
        ++tally.no_address;
        return std::nullopt;
    }
    if (int failures = store::failures_in_a_row(store, channel, *address);
        failures >= context.config().max_failures) {
        ++tally.gave_up;
        context.warn(fmt::format("{} to {} ({}) not sent: the last {} sends to {} failed "
                                 "(reminder.max_failures); mend the address with `smp client "
                                 "edit {}`",
                                 what, output::visible(to.name), to.client_id, failures,
                                 output::visible(*address), to.client_id));
        return std::nullopt;
    }
    return address;
}

// Every client due who allows reminders, has not lapsed, has the consent the file asks for and
// an address for the channel. Nothing is claimed yet.
std::vector<Outgoing> gather_due_reminders(Context& context, store::Store& store,
                                           const store::DueQuery& query, const std::string& channel,
                                           const Messages& messages, RemindTally& tally) {
    std::vector<Outgoing> pending;
    bool needs_marketing = consent_rule(context, store) == "marketing";
    store::for_each_due(store, query, [&](const store::DueRow& row) {
        ++tally.due;
        if (!row.reminders_allowed) {
            ++tally.not_allowed;
            return;
        }
        if (lapse_of(context, store, row)) {
            ++tally.lapsed;
            return;
        }
        if (needs_marketing &&
            !store::consent_holds(store, row.client_id, "marketing", query.today)) {
            ++tally.no_consent;
            return;
        }
        if (booking_not_closed(row, query.today)) {
            tally.not_closed.push_back(format_date(*row.booked_until));
            return;
        }
        Recipient to{row.client_id, row.name, row.phone, row.email};
        auto address = usable_address(context, store, to, channel, "reminder", tally);
        if (!address)
            return;
        Outgoing out;
        out.to = to;
        auto& r = out.reminder;
        r.client_id = row.client_id;
        r.kind = message_kind(row.next->kind);
        r.due = format_date(row.next->due);
        r.channel = channel;
        r.address = *address;
        r.status = "sending"; // until the command succeeded, or the message was written
        auto values = message_values(row, query.today, context.config().studio);
        r.message = messages.text(r.kind, values);
        out.subject = messages.subject(r.kind, values);
        pending.push_back(std::move(out));
    });
    return pending;
}

} // namespace smp::cli
