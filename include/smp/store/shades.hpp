#pragma once

#include <smp/domain/reference.hpp>
#include <smp/domain/shade.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

void insert_shade(Store& store, Shade& shade, Stamp stamp = Stamp::now);
void update_shade(Store& store, Shade& shade, Stamp stamp = Stamp::now);
Shade resolve_shade(Store& store, std::string_view reference);
std::optional<Shade> shade_by_uuid(Store& store, const std::string& uuid);
// Shades whose name is exactly this one, ignoring case and accents.
std::vector<Candidate> records_named_shades(Store& store, std::string_view name);
void for_each_shade(Store& store, bool include_retired,
                    const std::function<void(const Shade&)>& visit);
// The statement behind for_each_shade, for tests of its query plan.
std::string shade_list_sql(bool include_retired);

void insert_lot(Store& store, Lot& lot, Stamp stamp = Stamp::now);
void update_lot(Store& store, Lot& lot, Stamp stamp = Stamp::now);
// One bottle of the lot opened on that day (YYYY-MM-DD); updates the lot's counts.
void record_lot_opening(Store& store, Lot& lot, Date opened_on);
// Replaces the lot's openings with these days (an import of a lot with its `openings`).
void set_lot_openings(Store& store, Lot& lot, const std::vector<Date>& days);
// Takes back the latest opening of the lot (a bottle recorded opened by mistake); returns its
// day, or nothing when no opening is recorded.
std::optional<Date> remove_latest_lot_opening(Store& store, std::int64_t lot_id);
std::optional<Lot> lot_by_uuid(Store& store, const std::string& uuid);
// The shade's lot with this number, ignoring case and accents (lot_number_key), if any.
std::optional<Lot> lot_numbered(Store& store, std::int64_t shade_id, std::string_view number);
// Refuses a number the lot's shade already has on another lot, with Error(data) naming it.
void require_new_lot_number(Store& store, const Lot& lot);
// A lot by number (case-insensitive), or SHADE:NUMBER when two shades share a number. Throws
// Error(data) with a hint to add it when unknown.
Lot resolve_lot(Store& store, std::string_view reference);
struct LotFilter {
    std::optional<std::int64_t> shade_id;
    std::optional<std::string> expiring_by; // expires on or before this date (and not yet expired)
    std::optional<std::string> expired_on;  // expired before this date
    bool recalled = false;
    // Lots still in date on `from` that are recalled or expire by `until`: what the agenda
    // flags, filtered in SQL so the agenda reads no other lot.
    struct Attention {
        std::string from, until;
    };
    std::optional<Attention> needing_attention;
    bool count_sessions = true; // fill Lot::sessions (reads every session of each lot)
};
void for_each_lot(Store& store, const LotFilter& filter,
                  const std::function<void(const Lot&)>& visit);
// Lots in date on `in_date_on`, whose stock is counted, with at most `low_stock` bottles left
// unopened: what the agenda asks to reorder.
void for_each_low_stock_lot(Store& store, const std::string& in_date_on, int low_stock,
                            const std::function<void(const Lot&)>& visit);

// The lots a session used, and setting them (replaces the set).
std::vector<Lot> session_lots(Store& store, std::int64_t session_id);
void set_session_lots(Store& store, std::int64_t session_id,
                      const std::vector<std::int64_t>& lot_ids);

// Everyone who received a lot: done sessions that used it, with the client's contact details.
struct TraceRow {
    std::int64_t client_id;
    std::string client_name;
    std::optional<std::string> phone, email;
    std::int64_t session_id;
    std::string session_date;
    std::string areas;
};
void trace_lot(Store& store, std::int64_t lot_id,
               const std::function<void(const TraceRow&)>& visit);

} // namespace smp::store
