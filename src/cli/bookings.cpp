#include <smp/cli/bookings.hpp>
#include <smp/domain/reference.hpp>
#include <smp/store/bookings.hpp>
#include <smp/store/clients.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::cli {
namespace {

std::string at_time(const std::optional<int>& time) {
    return time ? " " + format_time_of_day(*time) : std::string{};
}

// The client's booked sessions on or before `today`, soonest first.
std::vector<Session> open_bookings(store::Store& store, std::int64_t client_id, Date today,
                                   int planned) {
    store::SessionFilter filter;
    filter.client_id = client_id;
    filter.to = today;
    filter.status = SessionStatus::scheduled;
    std::vector<Session> found;
    store::for_each_session(store, filter, planned,
                            [&](const store::SessionRow& row) { found.push_back(row.session); });
    std::reverse(found.begin(), found.end()); // the list is newest first
    return found;
}

std::string list_bookings(const std::vector<Session>& bookings) {
    std::vector<std::string> items;
    for (const auto& s : bookings)
        items.push_back(fmt::format("{} ({}{})", s.id, format_date(s.date), at_time(s.time)));
    return join(items, ", ");
}

} // namespace

std::vector<store::Booking> unclosed_bookings(store::Store& store, Date today, int planned) {
    std::vector<store::Booking> found;
    store::for_each_booking(store, "0000-01-01", format_date(add_span(today, Span{0, 0, 1}, -1)),
                            planned, [&](const store::Booking& b) { found.push_back(b); });
    return found;
}

std::string close_command(std::int64_t session_id) {
    return fmt::format("smp session done {}", session_id);
}

Session resolve_open_booking(store::Store& store, std::string_view reference, Date today,
                             int planned) {
    if (is_id_reference(reference)) {
        try {
            return store::resolve_session(store, reference);
        } catch (const Error&) {
            // Not a session id: perhaps a client's.
        }
    }
    auto client = store::resolve_client(store, reference);
    auto bookings = open_bookings(store, client.id, today, planned);
    std::vector<Session> todays;
    for (const auto& s : bookings)
        if (s.date == today)
            todays.push_back(s);
    const auto& candidates = todays.empty() ? bookings : todays;
    if (candidates.size() == 1)
        return candidates.front();
    if (candidates.empty())
        throw Error(Exit::data,
                    fmt::format("\"{}\" ({}) has no booked session today or before it to close; "
                                "see `smp session list --client {}`",
                                output::visible(client.name), client.id, client.id));
    throw Error(Exit::data,
                fmt::format("\"{}\" ({}) has {} open bookings {}; name one by its session id: {}",
                            output::visible(client.name), client.id, candidates.size(),
                            todays.empty() ? "before today" : "today", list_bookings(candidates)));
}

std::vector<std::string> overlapping_sessions(store::Store& store, const Session& session,
                                              int default_minutes, int planned) {
    std::vector<std::string> found;
    if (!session.time || session.status == SessionStatus::cancelled ||
        session.status == SessionStatus::no_show)
        return found;
    auto span = [&](const Session& s) {
        int start = *s.time;
        return std::pair{start, start + s.duration.value_or(default_minutes)};
    };
    auto [start, end] = span(session);
    store::SessionFilter filter;
    filter.from = filter.to = session.date;
    store::for_each_session(store, filter, planned, [&](const store::SessionRow& row) {
        const auto& other = row.session;
        if (other.id == session.id || !other.time ||
            (other.status != SessionStatus::scheduled && other.status != SessionStatus::done))
            return;
        auto [other_start, other_end] = span(other);
        if (other_start < end && start < other_end)
            found.push_back(fmt::format(
                "it overlaps session {} ({}, {} {}-{}{})", other.id,
                output::visible(row.client_name), format_date(other.date),
                format_time_of_day(other_start), format_time_of_day(other_end % (24 * 60)),
                other.duration ? "" : ", duration taken as " + format_duration(default_minutes)));
    });
    return found;
}

std::vector<Overlaps> overlapping_bookings(const std::vector<store::Booking>& day,
                                           int default_minutes, std::size_t named) {
    std::vector<Overlaps> found(day.size());
    std::vector<int> ends(day.size());
    for (std::size_t i = 0; i < day.size(); ++i)
        if (day[i].time)
            ends[i] = *day[i].time + day[i].duration_minutes.value_or(default_minutes);
    auto note = [named](Overlaps& overlaps, std::int64_t id) {
        ++overlaps.count;
        auto& ids = overlaps.ids;
        if (named == all_overlaps) {
            ids.push_back(id);
        } else if (ids.size() < named || id < ids.back()) {
            // A few smallest kept in order: a day booked thirty deep has thousands of pairs,
            // and a table names three ids of each.
            ids.insert(std::upper_bound(ids.begin(), ids.end(), id), id);
            if (ids.size() > named)
                ids.pop_back();
        }
    };
    // The day comes in start order (for_each_booking): a booking overlaps exactly the later
    // ones that start before it ends, so each pair is looked at once, not every pair of the day.
    for (std::size_t i = 0; i < day.size(); ++i) {
        if (!day[i].time)
            continue;
        for (std::size_t j = i + 1; j < day.size() && day[j].time && *day[j].time < ends[i]; ++j)
            if (*day[i].time < ends[j]) {
                note(found[i], day[j].session_id);
                note(found[j], day[i].session_id);
            }
    }
    if (named == all_overlaps)
        for (auto& overlaps : found)
            std::sort(overlaps.ids.begin(), overlaps.ids.end());
    return found;
}

std::optional<std::int64_t> same_day_session(store::Store& store, const Session& session,
                                             int planned) {
    store::SessionFilter filter;
    filter.client_id = session.client_id;
    filter.from = filter.to = session.date;
    filter.status = SessionStatus::done;
    std::optional<std::int64_t> found;
    store::for_each_session(store, filter, planned, [&](const store::SessionRow& row) {
        if (row.session.id != session.id && !found)
            found = row.session.id;
    });
    return found;
}

} // namespace smp::cli
