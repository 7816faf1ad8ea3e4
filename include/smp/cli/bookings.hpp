#pragma once

#include <smp/cli/context.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/sessions.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::cli {

// Booked sessions dated before `today` that were never marked done, missed or cancelled,
// oldest first: the practitioner forgot to close them, and until they do, the client looks
// booked (no follow-up, no touch-up) while in fact nobody knows whether they came.
std::vector<store::Booking> unclosed_bookings(store::Store& store, Date today, int planned);

// What to type to close a booking: `smp session done 42`.
std::string close_command(std::int64_t session_id);

// The booked session `session done` and `session cancel` act on: a session id, or else a
// client (name or id) with exactly one open booking today, or none today and exactly one
// before. More than one is an error (data) listing them by id.
Session resolve_open_booking(store::Store& store, std::string_view reference, Date today,
                             int planned);

// Other sessions of the day (booked or done, any client) whose time overlaps the session's,
// each as a sentence naming its id and times. A session without a duration counts as
// `default_minutes`; a session without a time overlaps nothing.
std::vector<std::string> overlapping_sessions(store::Store& store, const Session& session,
                                              int default_minutes, int planned);

// The other bookings one booking overlaps: how many, and their ids (all of them smallest first,
// or the first few by start time).
struct Overlaps {
    std::size_t count = 0;
    std::vector<std::int64_t> ids;
};
inline constexpr std::size_t all_overlaps = static_cast<std::size_t>(-1);

// For each of a day's bookings, in start order as the agenda reads them (index-aligned with
// `day`), the others it overlaps: every one, or only the first `named` by start time with the
// count of all (the agenda's table). A booking without a duration counts as
// `default_minutes`; one without a time overlaps nothing.
std::vector<Overlaps> overlapping_bookings(const std::vector<store::Booking>& day,
                                           int default_minutes, std::size_t named = all_overlaps);

} // namespace smp::cli
