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

namespace {

// Every pair looked at, every id kept, smallest first: for machines, which list them all.
void every_overlap(const std::vector<store::Booking>& day, const std::vector<int>& ends,
                   std::vector<Overlaps>& found) {
    // The day comes in start order (for_each_booking): a booking overlaps exactly the later
    // ones that start before it ends, so each pair is looked at once.
    for (std::size_t i = 0; i < day.size(); ++i) {
        if (!day[i].time)
            continue;
        for (std::size_t j = i + 1; j < day.size() && day[j].time && *day[j].time < ends[i]; ++j)
            if (*day[i].time < ends[j]) {
                found[i].ids.push_back(day[j].session_id);
                found[j].ids.push_back(day[i].session_id);
            }
    }
    for (auto& overlaps : found) {
        std::sort(overlaps.ids.begin(), overlaps.ids.end());
        overlaps.count = overlaps.ids.size();
    }
}

// Counted, not listed: the bookings that start before this one ends, less those that ended by
// the time it starts, less itself; and the first `named` of them by start time. A day booked
// thirty deep has thousands of pairs, and a table names three.
void counted_overlaps(const std::vector<store::Booking>& day, const std::vector<int>& ends,
                      std::size_t named, std::vector<Overlaps>& found) {
    std::vector<int> starts, finishes;
    int longest = 0;
    for (std::size_t i = 0; i < day.size(); ++i)
        if (day[i].time) {
            starts.push_back(*day[i].time);
            finishes.push_back(ends[i]);
            longest = std::max(longest, ends[i] - *day[i].time);
        }
    // The timed bookings, in start order, follow the untimed ones.
    auto timed = static_cast<std::size_t>(
        std::find_if(day.begin(), day.end(), [](const auto& b) { return b.time.has_value(); }) -
        day.begin());
    std::sort(starts.begin(), starts.end());
    std::sort(finishes.begin(), finishes.end());
    for (std::size_t i = 0; i < day.size(); ++i) {
        if (!day[i].time)
            continue;
        int start = *day[i].time;
        auto begun = std::lower_bound(starts.begin(), starts.end(), ends[i]) - starts.begin();
        auto ended = std::upper_bound(finishes.begin(), finishes.end(), start) - finishes.begin();
        found[i].count = static_cast<std::size_t>(begun - ended - 1); // not itself
        found[i].ids.reserve(std::min(named, found[i].count));
        // None that started more than the longest booking before it can still be running.
        auto first =
            std::partition_point(day.begin() + static_cast<std::ptrdiff_t>(timed), day.end(),
                                 [&](const auto& b) { return *b.time <= start - longest; }) -
            day.begin();
        for (auto j = static_cast<std::size_t>(first);
             j < day.size() && found[i].ids.size() < named; ++j) {
            if (*day[j].time >= ends[i])
                break; // the rest start after it ends
            if (j != i && start < ends[j])
                found[i].ids.push_back(day[j].session_id);
        }
    }
}

} // namespace

std::vector<Overlaps> overlapping_bookings(const std::vector<store::Booking>& day,
                                           int default_minutes, std::size_t named) {
    std::vector<Overlaps> found(day.size());
    std::vector<int> ends(day.size());
    // At least a minute each: smp writes no shorter session, and counting needs every booking
    // to end after it starts.
    for (std::size_t i = 0; i < day.size(); ++i)
        if (day[i].time)
            ends[i] = *day[i].time + std::max(1, day[i].duration_minutes.value_or(default_minutes));
    if (named == all_overlaps)
        every_overlap(day, ends, found);
    else
        counted_overlaps(day, ends, named, found);
    return found;
}

} // namespace smp::cli
