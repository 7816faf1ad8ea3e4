// `smp remind` for the messages about a session the client chose: a booking reminder when it
// is near (reminder.before), a confirmation when it was booked or moved, a cancellation when
// it was cancelled after one of those went out, and its aftercare once it is done. Each is
// keyed by the session and its slot, so a moved session gets new ones.

#include "remind.hpp"

#include <smp/cli/handouts.hpp>
#include <smp/store/aftercare.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::cli {
namespace {

// Aftercare goes out for sessions done this many days back at most: a first run must not
// mail every client ever treated.
constexpr int k_aftercare_days = 3;

// "2026-06-16T10:00" (ISO 8601, the studio's time), or the day alone for a session without a
// time.
std::string slot_of(const Session& s) {
    auto slot = format_date(s.date);
    if (s.time)
        slot += "T" + format_time_of_day(*s.time);
    return slot;
}

// The sessions each kind is about, soonest first.
std::vector<store::SessionRow> sessions_for(Context& context, store::Store& store, MessageKind kind,
                                            Date today) {
    store::SessionFilter filter;
    switch (kind) {
    case MessageKind::booking: // their day is `reminder.before` away or nearer, not today
        filter.from = today + std::chrono::days{1};
        filter.to = add_span(today, context.config().reminder_before);
        filter.status = SessionStatus::scheduled;
        break;
    case MessageKind::confirmation:
        filter.from = today;
        filter.status = SessionStatus::scheduled;
        break;
    case MessageKind::cancellation:
        filter.from = today;
        filter.status = SessionStatus::cancelled;
        break;
    case MessageKind::aftercare:
        filter.from = today - std::chrono::days{k_aftercare_days};
        filter.to = today;
        filter.status = SessionStatus::done;
        break;
    case MessageKind::followup:
    case MessageKind::touchup:
        return {};
    }
    std::vector<store::SessionRow> rows;
    store::for_each_session(
        store, filter, context.config().planned_sessions, [&](const store::SessionRow& row) {
            if (kind == MessageKind::booking && filter.to && row.session.date > *filter.to)
                return;
            if (kind == MessageKind::aftercare && (row.session.kind == SessionKind::consult ||
                                                   store::aftercare_of(store, row.session.id)))
                return;
            if (kind == MessageKind::cancellation &&
                !store::booking_message_sent(store, row.session.id))
                return;
            rows.push_back(row);
        });
    std::reverse(rows.begin(), rows.end());
    return rows;
}

// The message about one session, or nothing when the client refuses such messages or has no
// address to use.
std::optional<Outgoing> service_message(Context& context, store::Store& store, MessageKind kind,
                                        const store::SessionRow& row, const std::string& channel,
                                        const Messages& messages, RemindTally& tally) {
    auto client = store::client_by_id(store, row.session.client_id);
    if (!client)
        return std::nullopt;
    if (!client->service_messages) {
        ++tally.refused_service;
        return std::nullopt;
    }
    Recipient to{client->id, client->name, client->phone, client->email};
    auto what = fmt::format("{} message", message_kind_name(kind));
    auto address = usable_address(context, store, to, channel, what, tally);
    if (!address)
        return std::nullopt;
    auto values = session_values(row, context.config());
    values["phone"] = to.phone.value_or("");
    values["email"] = to.email.value_or("");
    Outgoing out;
    if (kind == MessageKind::aftercare) {
        values["aftercare"] = aftercare_text(context, row);
        if (auto passport = passport_page(store, row, context.config())) {
            out.attachment_name = fmt::format("passport-{}.html", row.session.id);
            out.attachment = std::move(*passport);
        }
    }
    out.to = to;
    auto& r = out.reminder;
    r.client_id = client->id;
    r.kind = kind;
    r.session_id = row.session.id;
    r.due = slot_of(row.session);
    r.channel = channel;
    r.address = *address;
    r.status = "sending";
    r.message = messages.text(kind, values);
    out.subject = messages.subject(kind, values);
    return out;
}

} // namespace

std::vector<Outgoing> gather_service_messages(Context& context, store::Store& store,
                                              const std::set<MessageKind>& kinds, Date today,
                                              const std::string& channel, const Messages& messages,
                                              RemindTally& tally) {
    std::vector<Outgoing> pending;
    for (auto kind : kinds) {
        if (!is_service_message(kind))
            continue;
        for (const auto& row : sessions_for(context, store, kind, today)) {
            ++tally.due;
            if (auto out = service_message(context, store, kind, row, channel, messages, tally))
                pending.push_back(std::move(*out));
        }
    }
    return pending;
}

} // namespace smp::cli
