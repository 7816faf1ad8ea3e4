#pragma once

#include <smp/store/store.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace smp::store {

// How many times each booked session from `from` to `to` (dates inclusive) has changed in a
// way a calendar shows (day, time, length, status), by session uuid: an event's SEQUENCE, so
// a calendar app replaces the copy it holds.
std::map<std::string, int> calendar_sequences(Store& store, const std::string& from,
                                              const std::string& to);

// A cancelled session, for the calendar to remove.
struct CancelledSession {
    std::string uuid;
    std::string date;
    std::optional<int> time;     // minutes after midnight
    std::optional<int> duration; // minutes
    std::string client_name;
    int sequence = 0;
};

// Sessions cancelled at or after `cancelled_since` (a UTC instant as utc_now() writes it) that
// were booked for `from` or later.
void for_each_cancelled_session(Store& store, const std::string& cancelled_since,
                                const std::string& from,
                                const std::function<void(const CancelledSession&)>& visit);

} // namespace smp::store
