#pragma once

#include <smp/domain/client.hpp>
#include <smp/domain/session.hpp>
#include <smp/store/store.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

struct SessionFilter {
    std::optional<std::int64_t> client_id;
    std::optional<Date> from, to; // inclusive
    std::optional<SessionStatus> status;
    std::optional<SessionKind> kind;
    // In the order they were recorded (table order) instead of newest first: an export reads
    // the table front to back instead of jumping through it by date.
    bool recorded_order = false;
};

// A session as listed: with its client's name and its place in the course ("2 of 3"); the
// number is 0 for sessions outside the course (touch-ups, cancelled ones...).
struct SessionRow {
    Session session;
    std::string client_name;
    std::string client_uuid; // for exports, which may be imported into another records file
    int course_number = 0;
    int course_planned = 0;
    std::optional<std::string> shade_name;
    std::optional<std::string> lot_numbers; // comma-separated
};

// These run inside the caller's transaction (Store::write) for writes.
void insert_session(Store& store, Session& session, Stamp stamp = Stamp::now); // id, uuid, times
void update_session(Store& store, Session& session, Stamp stamp = Stamp::now); // updated_at
void delete_session(Store& store, std::int64_t id);

// A session by its id (the only way sessions are referred to); Error(data) if none.
Session resolve_session(Store& store, std::string_view reference);
std::optional<Session> session_by_uuid(Store& store, const std::string& uuid);
SessionRow session_row(Store& store, std::int64_t id, int default_planned);

// Streams matching sessions, newest first.
void for_each_session(Store& store, const SessionFilter& filter, int default_planned,
                      const std::function<void(const SessionRow&)>& visit);
// The statement behind for_each_session, for tests of its query plan.
std::string session_list_sql(const SessionFilter& filter);

// A booked session as a day's plan shows it.
struct Booking {
    std::int64_t session_id = 0, client_id = 0;
    std::string date;
    std::optional<int> time; // minutes after midnight
    std::optional<int> duration_minutes;
    SessionKind kind = SessionKind::course;
    std::string areas; // comma-separated, as stored (a week's plan shows them so)
    std::string client_name;
    int course_number = 0; // 0 outside the course, as in SessionRow
    int course_planned = 0;
};

// The sessions booked (scheduled) from `from` to `to`, dates inclusive, soonest first (untimed
// ones first in their day). Read from the partial covering index session_booked alone: a busy
// week reads a few pages, never a session or client row.
void for_each_booking(Store& store, const std::string& from, const std::string& to,
                      int default_planned, const std::function<void(const Booking&)>& visit);
// The statement behind for_each_booking, for tests of its query plan.
std::string booking_list_sql();

// Where the client's course stands; `excluding` leaves one session out (the one being edited).
CourseState course_state(Store& store, const Client& client, int default_planned,
                         std::optional<std::int64_t> excluding = std::nullopt);

// The latest done session on or before `date`, other than `excluding`.
std::optional<Date> previous_done_date(Store& store, std::int64_t client_id, Date date,
                                       std::optional<std::int64_t> excluding);

// A done session of the same client on `date` other than `excluding`: the latest that day.
std::optional<std::int64_t> same_day_done_session(Store& store, std::int64_t client_id, Date date,
                                                  std::optional<std::int64_t> excluding);

struct Attendance {
    int sessions = 0;
    int cancelled = 0;
    int no_shows = 0;
    std::optional<SessionRow> next_booked; // the earliest scheduled session on or after today
};
Attendance attendance(Store& store, const Client& client, const std::string& today,
                      int default_planned);

} // namespace smp::store
