#include "rows.hpp"

#include <smp/store/calendar.hpp>

namespace smp::store {

std::map<std::string, int> calendar_sequences(Store& store, const std::string& from,
                                              const std::string& to) {
    SQLite::Statement query(store.db(),
                            "SELECT uuid, calendar_sequence FROM session WHERE status = "
                            "'scheduled' AND date BETWEEN ? AND ? AND calendar_sequence > 0");
    query.bind(1, from);
    query.bind(2, to);
    std::map<std::string, int> sequences;
    while (query.executeStep())
        sequences[query.getColumn(0).getString()] = query.getColumn(1).getInt();
    return sequences;
}

void for_each_cancelled_session(Store& store, const std::string& cancelled_since,
                                const std::string& from,
                                const std::function<void(const CancelledSession&)>& visit) {
    SQLite::Statement query(store.db(),
                            "SELECT s.uuid, s.date, s.time, s.duration_minutes, c.name, "
                            "s.calendar_sequence FROM session s JOIN client c ON c.id = "
                            "s.client_id WHERE s.status = 'cancelled' AND s.cancelled_at >= ? "
                            "AND s.date >= ? ORDER BY s.date, s.time, s.id");
    query.bind(1, cancelled_since);
    query.bind(2, from);
    while (query.executeStep()) {
        CancelledSession session;
        session.uuid = query.getColumn(0).getString();
        session.date = query.getColumn(1).getString();
        if (auto time = optional_text(query, 2))
            session.time = parse_time_of_day(*time);
        if (!query.getColumn(3).isNull())
            session.duration = query.getColumn(3).getInt();
        session.client_name = query.getColumn(4).getString();
        session.sequence = query.getColumn(5).getInt();
        visit(session);
    }
}

} // namespace smp::store
