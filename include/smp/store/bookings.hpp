#pragma once

#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace smp::store {

// A booked session that plans to use a lot (named with --lot when it was booked).
struct PlannedUse {
    std::int64_t session_id = 0, client_id = 0;
    std::string client_name;
    std::string date;
};

// The booked (scheduled) sessions that name the lot, soonest first: a recall must reach them
// before they take place.
void for_each_booking_using_lot(Store& store, std::int64_t lot_id,
                                const std::function<void(const PlannedUse&)>& visit);

// Whether the records file holds any client at all, archived or not: an empty practice gets
// a word on how to start instead of "no clients match".
bool any_clients(Store& store);

} // namespace smp::store
