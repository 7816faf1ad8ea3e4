#include "rows.hpp"

#include <smp/store/screening.hpp>
#include <smp/util/clock.hpp>
#include <smp/util/text.hpp>

namespace smp::store {

std::optional<ScreeningReview> screening_review(Store& store, std::int64_t client_id) {
    SQLite::Statement query(store.db(), "SELECT flags, reviewed_on FROM screening_review WHERE "
                                        "client_id = ?");
    query.bind(1, client_id);
    if (!query.executeStep())
        return std::nullopt;
    return ScreeningReview{split_list(query.getColumn(0).getString()),
                           query.getColumn(1).getString()};
}

void set_screening_review(Store& store, std::int64_t client_id, const ScreeningReview& review) {
    SQLite::Statement upsert(store.db(),
                             "INSERT INTO screening_review (client_id, flags, reviewed_on) VALUES "
                             "(?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET flags = "
                             "excluded.flags, reviewed_on = excluded.reviewed_on");
    upsert.bind(1, client_id);
    upsert.bind(2, join(review.flags, ","));
    upsert.bind(3, review.reviewed_on);
    upsert.exec();
}

void drop_screening_review(Store& store, std::int64_t client_id) {
    SQLite::Statement erase(store.db(), "DELETE FROM screening_review WHERE client_id = ?");
    erase.bind(1, client_id);
    erase.exec();
}

void insert_patch_test(Store& store, PatchTest& test) {
    SQLite::Statement insert(store.db(), "INSERT INTO patch_test (client_id, tested_on, result, "
                                         "lot_id, created_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, test.client_id);
    insert.bind(2, format_date(test.tested_on));
    insert.bind(3, test.result);
    if (test.lot_id)
        insert.bind(4, *test.lot_id);
    else
        insert.bind(4);
    insert.bind(5, utc_now());
    insert.exec();
    test.id = store.db().getLastInsertRowid();
}

namespace {

constexpr std::string_view k_patch_test_select =
    "SELECT p.id, p.tested_on, p.result, p.lot_id, l.number FROM patch_test p LEFT JOIN lot l ON "
    "l.id = p.lot_id WHERE p.client_id = ?";

PatchTest read_patch_test(SQLite::Statement& query, std::int64_t client_id) {
    PatchTest test;
    test.id = query.getColumn(0).getInt64();
    test.client_id = client_id;
    test.tested_on = stored_date(query.getColumn(1).getText(), "client", client_id);
    test.result = query.getColumn(2).getString();
    if (!query.getColumn(3).isNull())
        test.lot_id = query.getColumn(3).getInt64();
    test.lot_number = optional_text(query, 4);
    return test;
}

} // namespace

void for_each_patch_test(Store& store, std::int64_t client_id,
                         const std::function<void(const PatchTest&)>& visit) {
    SQLite::Statement query(store.db(),
                            std::string(k_patch_test_select) + " ORDER BY p.tested_on, p.id");
    query.bind(1, client_id);
    while (query.executeStep())
        visit(read_patch_test(query, client_id));
}

std::optional<PatchTest> latest_patch_test(Store& store, std::int64_t client_id,
                                           const std::string& date) {
    SQLite::Statement query(store.db(), std::string(k_patch_test_select) +
                                            " AND p.tested_on <= ? ORDER BY p.tested_on DESC, "
                                            "p.id DESC LIMIT 1");
    query.bind(1, client_id);
    query.bind(2, date);
    if (!query.executeStep())
        return std::nullopt;
    return read_patch_test(query, client_id);
}

} // namespace smp::store
