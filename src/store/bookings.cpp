#include <smp/store/bookings.hpp>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace smp::store {

void for_each_booking_using_lot(Store& store, std::int64_t lot_id,
                                const std::function<void(const PlannedUse&)>& visit) {
    SQLite::Statement query(store.db(),
                            "SELECT s.id, c.id, c.name, s.date FROM session_lot sl JOIN session s "
                            "ON s.id = sl.session_id JOIN client c ON c.id = s.client_id WHERE "
                            "sl.lot_id = ? AND s.status = 'scheduled' ORDER BY s.date, s.id");
    query.bind(1, lot_id);
    while (query.executeStep())
        visit(PlannedUse{query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                         query.getColumn(2).getString(), query.getColumn(3).getString()});
}

bool any_clients(Store& store) {
    SQLite::Statement query(store.db(), "SELECT EXISTS (SELECT 1 FROM client)");
    query.executeStep();
    return query.getColumn(0).getInt() != 0;
}

} // namespace smp::store
