#include "rows.hpp"

#include <smp/store/aftercare.hpp>

namespace smp::store {
namespace {

std::optional<AftercareGiven> read_given(SQLite::Statement& row, int first, std::int64_t session) {
    if (row.getColumn(first).isNull())
        return std::nullopt;
    return AftercareGiven{
        session, row.getColumn(first).getString(),
        stored_date(row.getColumn(first + 1).getText(), "aftercare of session", session)};
}

} // namespace

std::optional<AftercareGiven> aftercare_of(Store& store, std::int64_t session_id) {
    auto& query = store.cached("SELECT how, given_on FROM aftercare WHERE session_id = ?");
    query.bind(1, session_id);
    if (!query.executeStep())
        return std::nullopt;
    auto given = read_given(query, 0, session_id);
    query.reset(); // a statement left on its row keeps the file's read lock
    return given;
}

AftercareGiven record_aftercare(Store& store, const AftercareGiven& given) {
    if (auto earlier = aftercare_of(store, given.session_id))
        return *earlier;
    auto& insert = store.cached("INSERT INTO aftercare (session_id, how, given_on, recorded_at) "
                                "VALUES (?, ?, ?, ?)");
    insert.bind(1, given.session_id);
    insert.bind(2, given.how);
    insert.bind(3, format_date(given.on));
    insert.bind(4, utc_now());
    insert.exec();
    return given;
}

std::optional<LatestAftercare> latest_aftercare(Store& store, std::int64_t client_id) {
    auto& query = store.cached(
        "SELECT s.id, a.how, a.given_on FROM session s LEFT JOIN aftercare a ON a.session_id = "
        "s.id WHERE s.client_id = ? AND s.status = 'done' AND s.kind != 'consult' ORDER BY "
        "s.date DESC, s.time DESC, s.id DESC LIMIT 1");
    query.bind(1, client_id);
    if (!query.executeStep())
        return std::nullopt;
    auto session = query.getColumn(0).getInt64();
    return LatestAftercare{session, read_given(query, 1, session)};
}

} // namespace smp::store
