#include "kind_rows.hpp"

#include <smp/store/shades.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

namespace smp::store {
namespace {

// A shade's columns, then what is counted for it: its lots and the sessions that used it.
const std::string& shade_columns() {
    static const std::string columns =
        qualified_select_list(shade_fields(), "h") +
        ", (SELECT count(*) FROM lot WHERE shade_id = h.id), (SELECT count(*) FROM session "
        "WHERE shade_id = h.id)";
    return columns;
}

Shade read_shade(SQLite::Statement& row) {
    Shade s;
    read_fields(shade_fields(), row, s, "shade");
    int counted = row.getColumnCount() - 2;
    s.lots = row.getColumn(counted).getInt();
    s.sessions = row.getColumn(counted + 1).getInt();
    return s;
}

// The columns read along with a lot's own, last in every lot select, in this order: its
// shade's name, its openings (count, latest day, every day) and its sessions.
constexpr int k_lot_extras = 5;

// A lot's columns, then its shade's name and its stock from lot_opening (the bottles opened,
// the latest opening, every opening's day).
const std::string& lot_columns() {
    static const std::string columns =
        qualified_select_list(lot_fields(), "l") +
        ", h.name, (SELECT count(*) FROM lot_opening WHERE lot_id = l.id), "
        "coalesce((SELECT max(opened_on) FROM lot_opening WHERE lot_id = l.id), l.opened_on), "
        "(SELECT group_concat(opened_on, ',') FROM (SELECT opened_on FROM lot_opening WHERE "
        "lot_id = l.id ORDER BY opened_on, id))";
    return columns;
}

Lot read_lot(SQLite::Statement& row) {
    Lot l;
    read_fields(lot_fields(), row, l, "lot");
    int extra = row.getColumnCount() - k_lot_extras;
    l.shade_name = row.getColumn(extra).getString();
    l.bottles_opened = row.getColumn(extra + 1).getInt();
    l.last_opened_on = stored_optional_date(row.getColumn(extra + 2), "lot", l.id);
    l.openings = optional_text(row, extra + 3).value_or("");
    l.sessions = row.getColumn(extra + 4).getInt();
    return l;
}

// Counting a lot's sessions reads every one of them (tens of thousands for a lot in a large
// practice): listings that never show the count leave it out.
std::string lot_select(std::string_view where, bool count_sessions = true) {
    return fmt::format(
        "SELECT {}, {} FROM lot l JOIN shade h ON h.id = l.shade_id WHERE {} "
        "ORDER BY l.expires_on, h.name, l.number",
        lot_columns(),
        count_sessions ? "(SELECT count(*) FROM session_lot WHERE lot_id = l.id)" : "0", where);
}

} // namespace

void insert_shade(Store& store, Shade& shade, Stamp how) {
    shade.uuid = shade.uuid.empty() ? new_uuid() : shade.uuid;
    stamp(how, true, shade.created_at, shade.updated_at);
    static auto insert = FieldWrite<Shade>::insert_into("shade", shade_fields());
    insert.run(store, shade, kept_id(how, shade.id));
    shade.id = store.db().getLastInsertRowid();
}

void update_shade(Store& store, Shade& shade, Stamp how) {
    stamp(how, false, shade.created_at, shade.updated_at);
    static auto update = FieldWrite<Shade>::update_of("shade", shade_fields());
    update.run(store, shade, shade.id);
}

Shade resolve_shade(Store& store, std::string_view reference) {
    SQLite::Statement query(store.db(),
                            fmt::format("SELECT {} FROM shade h WHERE h.id = ?", shade_columns()));
    query.bind(1, resolve_name(store, "shade", reference));
    query.executeStep();
    return read_shade(query);
}

std::optional<Shade> shade_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(
        store.db(), fmt::format("SELECT {} FROM shade h WHERE h.uuid = ?", shade_columns()));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_shade(query);
}

std::vector<Candidate> records_named_shades(Store& store, std::string_view name) {
    return records_named(store, "shade", name);
}

std::string shade_list_sql(bool include_retired) {
    return fmt::format("SELECT {} FROM shade h WHERE {} ORDER BY h.name, h.id", shade_columns(),
                       include_retired ? "1" : "h.retired_at IS NULL");
}

void for_each_shade(Store& store, bool include_retired,
                    const std::function<void(const Shade&)>& visit) {
    SQLite::Statement query(store.db(), shade_list_sql(include_retired));
    while (query.executeStep())
        visit(read_shade(query));
}

void insert_lot(Store& store, Lot& lot, Stamp how) {
    lot.uuid = lot.uuid.empty() ? new_uuid() : lot.uuid;
    stamp(how, true, lot.created_at, lot.updated_at);
    static auto insert = FieldWrite<Lot>::insert_into("lot", lot_fields());
    insert.run(store, lot, kept_id(how, lot.id));
    lot.id = store.db().getLastInsertRowid();
    // A lot recorded already open counts its first bottle as opened that day.
    if (lot.opened_on)
        record_lot_opening(store, lot, *lot.opened_on);
}

void set_lot_openings(Store& store, Lot& lot, const std::vector<Date>& days) {
    SQLite::Statement clear(store.db(), "DELETE FROM lot_opening WHERE lot_id = ?");
    clear.bind(1, lot.id);
    clear.exec();
    lot.bottles_opened = 0;
    lot.last_opened_on = lot.opened_on;
    for (const auto& day : days)
        record_lot_opening(store, lot, day);
}

void record_lot_opening(Store& store, Lot& lot, Date opened_on) {
    auto& insert = store.cached("INSERT INTO lot_opening (lot_id, opened_on, recorded_at) VALUES "
                                "(?, ?, ?)");
    insert.bind(1, lot.id);
    insert.bind(2, format_date(opened_on));
    insert.bind(3, utc_now());
    insert.exec();
    insert.reset();
    lot.bottles_opened += 1;
    if (!lot.last_opened_on || *lot.last_opened_on < opened_on)
        lot.last_opened_on = opened_on;
}

void update_lot(Store& store, Lot& lot, Stamp how) {
    stamp(how, false, lot.created_at, lot.updated_at);
    static auto update = FieldWrite<Lot>::update_of("lot", lot_fields());
    update.run(store, lot, lot.id);
}

std::optional<Date> remove_latest_lot_opening(Store& store, std::int64_t lot_id) {
    SQLite::Statement latest(store.db(), "SELECT id, opened_on FROM lot_opening WHERE lot_id = ? "
                                         "ORDER BY opened_on DESC, id DESC LIMIT 1");
    latest.bind(1, lot_id);
    if (!latest.executeStep())
        return std::nullopt;
    SQLite::Statement remove(store.db(), "DELETE FROM lot_opening WHERE id = ?");
    remove.bind(1, latest.getColumn(0).getInt64());
    auto day = stored_date(latest.getColumn(1).getText(), "opening of lot", lot_id);
    remove.exec();
    return day;
}

std::optional<Lot> lot_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(store.db(), lot_select("l.uuid = ?"));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_lot(query);
}

std::optional<Lot> lot_numbered(Store& store, std::int64_t shade_id, std::string_view number) {
    SQLite::Statement query(store.db(), lot_select("l.shade_id = ?1 AND smp_fold(l.number) = ?2"));
    query.bind(1, shade_id);
    query.bind(2, lot_number_key(number));
    if (!query.executeStep())
        return std::nullopt;
    return read_lot(query);
}

void require_new_lot_number(Store& store, const Lot& lot) {
    auto other = lot_numbered(store, lot.shade_id, lot.number);
    if (other && other->id != lot.id)
        throw Error(Exit::data, fmt::format("lot \"{}\" of {} is already on record (id {})",
                                            other->number, other->shade_name, other->id));
}

Lot resolve_lot(Store& store, std::string_view reference) {
    // SHADE:NUMBER picks one of several lots that share a number.
    auto colon = reference.rfind(':');
    std::optional<std::int64_t> shade_id;
    std::string_view number = reference;
    if (colon != std::string_view::npos && colon > 0) {
        shade_id = resolve_shade(store, reference.substr(0, colon)).id;
        number = reference.substr(colon + 1);
    }
    SQLite::Statement query(store.db(), lot_select(shade_id ? "smp_fold(l.number) = ?1 AND "
                                                              "l.shade_id = ?2"
                                                            : "smp_fold(l.number) = ?1"));
    query.bind(1, fold_case(number));
    if (shade_id)
        query.bind(2, *shade_id);
    std::vector<Lot> lots;
    while (query.executeStep())
        lots.push_back(read_lot(query));
    if (lots.size() == 1)
        return lots.front();
    if (lots.empty())
        throw Error(Exit::data, fmt::format("no lot \"{}\" in the catalogue; add it first with "
                                            "`smp shade lot add SHADE {} --expires YYYY-MM`",
                                            reference, number));
    std::string which;
    for (const auto& lot : lots)
        which += (which.empty() ? "" : ", ") + fmt::format("\"{}:{}\"", lot.shade_name, lot.number);
    throw Error(Exit::data, fmt::format("lot \"{}\" is on record for {} shades; write SHADE:LOT, "
                                        "one of {}",
                                        reference, lots.size(), which));
}

void for_each_lot(Store& store, const LotFilter& filter,
                  const std::function<void(const Lot&)>& visit) {
    std::string where = "1";
    if (filter.shade_id)
        where += " AND l.shade_id = :shade";
    if (filter.expiring_by)
        where += " AND l.expires_on <= :expiring";
    if (filter.expired_on)
        where += " AND l.expires_on < :expired";
    if (filter.recalled)
        where += " AND l.recalled_on IS NOT NULL";
    if (filter.needing_attention)
        where += " AND l.expires_on >= :in_date_on AND (l.recalled_on IS NOT NULL OR "
                 "l.expires_on <= :expiring_by)";
    SQLite::Statement query(store.db(), lot_select(where, filter.count_sessions));
    if (filter.shade_id)
        query.bind(":shade", *filter.shade_id);
    if (filter.expiring_by)
        query.bind(":expiring", *filter.expiring_by);
    if (filter.expired_on)
        query.bind(":expired", *filter.expired_on);
    if (filter.needing_attention) {
        query.bind(":in_date_on", filter.needing_attention->from);
        query.bind(":expiring_by", filter.needing_attention->until);
    }
    while (query.executeStep())
        visit(read_lot(query));
}

void for_each_low_stock_lot(Store& store, const std::string& in_date_on, int low_stock,
                            const std::function<void(const Lot&)>& visit) {
    // Reads the lots whose stock is counted (index lot_stocked) and still in date; a lot of a
    // retired shade or a recalled lot is not restocked.
    SQLite::Statement query(
        store.db(), lot_select("l.bottles IS NOT NULL AND l.expires_on >= :in_date_on AND "
                               "l.recalled_on IS NULL AND h.retired_at IS NULL AND l.bottles - "
                               "(SELECT count(*) FROM lot_opening WHERE lot_id = l.id) <= :low",
                               false));
    query.bind(":in_date_on", in_date_on);
    query.bind(":low", low_stock);
    while (query.executeStep())
        visit(read_lot(query));
}

std::vector<Lot> session_lots(Store& store, std::int64_t session_id) {
    SQLite::Statement query(store.db(), lot_select("l.id IN (SELECT lot_id FROM session_lot "
                                                   "WHERE session_id = ?)"));
    query.bind(1, session_id);
    std::vector<Lot> lots;
    while (query.executeStep())
        lots.push_back(read_lot(query));
    return lots;
}

void set_session_lots(Store& store, std::int64_t session_id,
                      const std::vector<std::int64_t>& lot_ids) {
    auto& clear = store.cached("DELETE FROM session_lot WHERE session_id = ?");
    clear.bind(1, session_id);
    clear.exec();
    auto& insert =
        store.cached("INSERT OR IGNORE INTO session_lot (session_id, lot_id) VALUES (?, ?)");
    for (auto lot_id : lot_ids) {
        insert.bind(1, session_id);
        insert.bind(2, lot_id);
        insert.exec();
        insert.reset();
    }
}

void trace_lot(Store& store, std::int64_t lot_id,
               const std::function<void(const TraceRow&)>& visit) {
    SQLite::Statement query(store.db(),
                            "SELECT c.id, c.name, c.phone, c.email, s.id, s.date, s.areas FROM "
                            "session_lot sl JOIN session s ON s.id = sl.session_id JOIN client c "
                            "ON c.id = s.client_id WHERE sl.lot_id = ? AND s.status = 'done' "
                            "ORDER BY c.name, c.id, s.date, s.id");
    query.bind(1, lot_id);
    while (query.executeStep())
        visit(TraceRow{query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                       optional_text(query, 2), optional_text(query, 3),
                       query.getColumn(4).getInt64(), query.getColumn(5).getString(),
                       query.getColumn(6).getString()});
}

} // namespace smp::store
