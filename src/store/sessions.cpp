#include "conditions.hpp"
#include "rows.hpp"

#include <smp/domain/reference.hpp>
#include <smp/store/due.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/text.hpp>
#include <smp/util/uuid.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::store {
namespace {

constexpr std::string_view k_columns =
    "s.id, s.uuid, s.client_id, s.date, s.time, s.duration_minutes, s.status, s.kind, s.final, "
    "s.areas, s.needle_count, s.needle_configuration, s.needle_diameter_um, s.depth_mm, "
    "s.machine, s.voltage, s.numbing, s.pain, s.price_minor, s.currency, s.notes, "
    "s.cancel_reason, s.created_at, s.updated_at, s.shade_id, s.dilution";
constexpr int k_column_count = 26;

template <typename T> std::optional<T> optional_number(SQLite::Statement& row, int column) {
    auto value = row.getColumn(column);
    if (value.isNull())
        return std::nullopt;
    if constexpr (std::is_same_v<T, double>)
        return value.getDouble();
    else
        return static_cast<T>(value.getInt64());
}

template <typename T>
void bind_number(SQLite::Statement& statement, int index, const std::optional<T>& value) {
    if (!value)
        statement.bind(index);
    else if constexpr (std::is_same_v<T, double>)
        statement.bind(index, *value);
    else
        statement.bind(index, static_cast<std::int64_t>(*value));
}

Session read_session(SQLite::Statement& row) {
    Session s;
    s.id = row.getColumn(0).getInt64();
    s.uuid = row.getColumn(1).getString();
    s.client_id = row.getColumn(2).getInt64();
    s.date = stored_date(row.getColumn(3).getText(), "session", s.id);
    if (auto time = optional_text(row, 4))
        s.time = parse_time_of_day(*time);
    s.duration = optional_number<int>(row, 5);
    s.status = parse_session_status(row.getColumn(6).getText());
    s.kind = parse_session_kind(row.getColumn(7).getText());
    s.final = row.getColumn(8).getInt() != 0;
    s.areas = split_list(row.getColumn(9).getString());
    if (!row.getColumn(10).isNull())
        s.needle = Needle{row.getColumn(10).getInt(), row.getColumn(11).getString(),
                          row.getColumn(12).getInt()};
    s.depth_mm = optional_number<double>(row, 13);
    s.machine = optional_text(row, 14);
    s.voltage = optional_number<double>(row, 15);
    s.numbing = optional_text(row, 16);
    s.pain = optional_number<int>(row, 17);
    s.price = optional_number<std::int64_t>(row, 18);
    s.currency = optional_text(row, 19);
    s.notes = optional_text(row, 20);
    s.cancel_reason = optional_text(row, 21);
    s.created_at = row.getColumn(22).getString();
    s.updated_at = row.getColumn(23).getString();
    s.shade_id = optional_number<std::int64_t>(row, 24);
    s.dilution = optional_text(row, 25);
    return s;
}

// Binds every column but id, in k_columns order, to parameters 1..25.
void bind_session(SQLite::Statement& statement, const Session& s) {
    auto areas = join(s.areas, ",");
    statement.bind(1, s.uuid);
    statement.bind(2, s.client_id);
    statement.bind(3, format_date(s.date));
    bind_optional(statement, 4, s.time ? std::optional(format_time_of_day(*s.time)) : std::nullopt);
    bind_number(statement, 5, s.duration);
    statement.bind(6, std::string(session_status_name(s.status)));
    statement.bind(7, std::string(session_kind_name(s.kind)));
    statement.bind(8, s.final ? 1 : 0);
    statement.bind(9, areas);
    bind_number(statement, 10, s.needle ? std::optional(s.needle->count) : std::nullopt);
    bind_optional(statement, 11, s.needle ? std::optional(s.needle->configuration) : std::nullopt);
    bind_number(statement, 12,
                s.needle ? std::optional(s.needle->diameter_micrometres) : std::nullopt);
    bind_number(statement, 13, s.depth_mm);
    bind_optional(statement, 14, s.machine);
    bind_number(statement, 15, s.voltage);
    bind_optional(statement, 16, s.numbing);
    bind_number(statement, 17, s.pain);
    bind_number(statement, 18, s.price);
    bind_optional(statement, 19, s.currency);
    bind_optional(statement, 20, s.notes);
    bind_optional(statement, 21, s.cancel_reason);
    statement.bind(22, s.created_at);
    statement.bind(23, s.updated_at);
    bind_number(statement, 24, s.shade_id);
    bind_optional(statement, 25, s.dilution);
}

SessionRow read_session_row(SQLite::Statement& row) {
    SessionRow out;
    out.session = read_session(row);
    out.client_name = row.getColumn(k_column_count).getString();
    out.course_planned = row.getColumn(k_column_count + 1).getInt();
    out.course_number =
        row.getColumn(k_column_count + 2).isNull() ? 0 : row.getColumn(k_column_count + 2).getInt();
    out.shade_name = optional_text(row, k_column_count + 3);
    out.lot_numbers = optional_text(row, k_column_count + 4);
    out.client_uuid = row.getColumn(k_column_count + 5).getString();
    return out;
}

// A session's lot numbers, comma-separated in number order.
constexpr std::string_view k_lot_numbers =
    "(SELECT group_concat(number, ',') FROM (SELECT l.number FROM session_lot sl JOIN lot l ON "
    "l.id = sl.lot_id WHERE sl.session_id = s.id ORDER BY l.number))";

// The SELECT behind every listing: sessions with client name, planned count and number (and
// the rest read_session_row reads). `lots` is k_lot_numbers, or NULL when they are read beside it.
// The number in the course is kept on the session by triggers (schema v8, migrations.cpp),
// which count it in the covering index session_course whenever a session of the client changes.
std::string select_session_rows(std::string_view where, std::string_view order,
                                std::string_view lots = k_lot_numbers) {
    return fmt::format("SELECT {}, c.name, coalesce(c.planned_sessions, :planned), "
                       "s.course_number, (SELECT name FROM shade WHERE id = s.shade_id), {}, "
                       "c.uuid FROM session s JOIN client c ON c.id = s.client_id WHERE {} {}",
                       k_columns, lots, where, order);
}

// Every session's lots in session order, read beside a listing in recorded (id) order: one
// pass over session_lot instead of a look-up per session, which was a third of the SQL time
// of an export.
class LotsInSessionOrder {
  public:
    // From the session after `after` on.
    LotsInSessionOrder(Store& store, std::int64_t after)
        : m_query(store.db(), "SELECT sl.session_id, l.number FROM session_lot sl CROSS JOIN "
                              "lot l ON l.id = sl.lot_id WHERE sl.session_id > ? ORDER BY "
                              "sl.session_id") {
        m_query.bind(1, after);
        m_more = m_query.executeStep();
    }
    // As k_lot_numbers gives them; sessions must be asked for in increasing id order.
    std::optional<std::string> of(std::int64_t session_id) {
        std::vector<std::string> numbers;
        for (; m_more && m_query.getColumn(0).getInt64() <= session_id;
             m_more = m_query.executeStep())
            if (m_query.getColumn(0).getInt64() == session_id)
                numbers.push_back(m_query.getColumn(1).getString());
        if (numbers.empty())
            return std::nullopt;
        std::sort(numbers.begin(), numbers.end()); // SQLite's BINARY order: bytes, as here
        return join(numbers, ",");
    }

  private:
    SQLite::Statement m_query;
    bool m_more = false;
};

} // namespace

void insert_session(Store& store, Session& session, Stamp how) {
    session.uuid = session.uuid.empty() ? new_uuid() : session.uuid;
    stamp(how, true, session.created_at, session.updated_at);
    auto& insert = store.cached(
        "INSERT INTO session (id, uuid, client_id, date, time, duration_minutes, status, kind, "
        "final, areas, needle_count, needle_configuration, needle_diameter_um, depth_mm, "
        "machine, voltage, numbing, pain, price_minor, currency, notes, cancel_reason, "
        "created_at, updated_at, shade_id, dilution) VALUES (?26, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)");
    bind_session(insert, session);
    bind_new_id(insert, 26, how, session.id);
    insert.exec();
    session.id = store.db().getLastInsertRowid();
    refresh_due(store, session.client_id);
}

void update_session(Store& store, Session& session, Stamp how) {
    stamp(how, false, session.created_at, session.updated_at);
    SQLite::Statement update(
        store.db(),
        "UPDATE session SET uuid = ?1, client_id = ?2, date = ?3, time = ?4, "
        "duration_minutes = ?5, status = ?6, kind = ?7, final = ?8, areas = ?9, "
        "needle_count = ?10, needle_configuration = ?11, needle_diameter_um = ?12, "
        "depth_mm = ?13, machine = ?14, voltage = ?15, numbing = ?16, pain = ?17, "
        "price_minor = ?18, currency = ?19, notes = ?20, cancel_reason = ?21, created_at = ?22, "
        "updated_at = ?23, shade_id = ?24, dilution = ?25 WHERE id = ?26");
    bind_session(update, session);
    update.bind(26, session.id);
    update.exec();
    refresh_due(store, session.client_id);
}

void delete_session(Store& store, std::int64_t id) {
    SQLite::Statement remove(store.db(), "DELETE FROM session WHERE id = ? RETURNING client_id");
    remove.bind(1, id);
    if (remove.executeStep()) {
        auto client_id = remove.getColumn(0).getInt64();
        remove.reset(); // finish the DELETE before the index reads the sessions
        refresh_due(store, client_id);
    }
}

std::optional<Session> session_by_uuid(Store& store, const std::string& uuid) {
    SQLite::Statement query(store.db(),
                            fmt::format("SELECT {} FROM session s WHERE s.uuid = ?", k_columns));
    query.bind(1, uuid);
    if (!query.executeStep())
        return std::nullopt;
    return read_session(query);
}

Session resolve_session(Store& store, std::string_view reference) {
    if (!is_id_reference(reference))
        throw Error(Exit::data, fmt::format("invalid session \"{}\": sessions are named by id; "
                                            "find it with `smp session list --client NAME`",
                                            reference));
    SQLite::Statement query(store.db(),
                            fmt::format("SELECT {} FROM session s WHERE s.id = ?", k_columns));
    query.bind(1, static_cast<std::int64_t>(std::stoll(std::string(reference))));
    if (!query.executeStep())
        throw Error(Exit::data, fmt::format("no session has id {}; find it with `smp session "
                                            "list`",
                                            reference));
    return read_session(query);
}

SessionRow session_row(Store& store, std::int64_t id, int default_planned) {
    SQLite::Statement query(store.db(), select_session_rows("s.id = :id", ""));
    query.bind(":planned", default_planned);
    query.bind(":id", id);
    if (!query.executeStep())
        throw Error(Exit::data, fmt::format("no session has id {}", id));
    return read_session_row(query);
}

// A long listing is read in steps of this many rows, each step its own statement: between
// steps the file's lock is free, so a writer waits for one step (a few hundredths of a second),
// not for the whole read (4 s for an export of a 1,000,000-session file, 40 s for a listing
// whose output is slow to take it). Each row is read whole, as it stands at its step.
constexpr int k_rows_per_step = 5000;

// Where the last step stopped, in the listing's order.
struct StepMark {
    std::int64_t id = 0;
    std::string date, time;
};

Conditions session_conditions(const SessionFilter& filter) {
    Conditions conditions;
    conditions.add("s.client_id = :client", ":client", filter.client_id);
    if (filter.from)
        conditions.add("s.date >= :from", ":from", std::optional(format_date(*filter.from)));
    if (filter.to)
        conditions.add("s.date <= :to", ":to", std::optional(format_date(*filter.to)));
    if (filter.status)
        conditions.add("s.status = :status", ":status",
                       std::optional(std::string(session_status_name(*filter.status))));
    if (filter.kind)
        conditions.add("s.kind = :kind", ":kind",
                       std::optional(std::string(session_kind_name(*filter.kind))));
    return conditions;
}

std::string session_list_sql(const SessionFilter& filter, bool after_mark) {
    auto where = session_conditions(filter).where();
    auto limit = fmt::format(" LIMIT {}", k_rows_per_step);
    if (filter.recorded_order) {
        if (after_mark)
            where += " AND s.id > :after_id";
        return select_session_rows(where, "ORDER BY s.id" + limit, "NULL");
    }
    if (after_mark) // newest first: the rows before the mark
        where += " AND s.date <= :after_date AND (s.date < :after_date OR "
                 "(coalesce(s.time, ''), s.id) < (:after_time, :after_id))";
    return select_session_rows(where, "ORDER BY s.date DESC, coalesce(s.time, '') DESC, s.id DESC" +
                                          limit);
}

std::string session_list_sql(const SessionFilter& filter) {
    return session_list_sql(filter, false);
}

// One step's rows, read whole before any is shown: the statements end here, and with them the
// lock, so a slow reader of the output (a pager, a pipe) never holds writers up.
std::vector<SessionRow> read_step(Store& store, SQLite::Statement& query, bool recorded_order,
                                  std::optional<StepMark>& mark) {
    std::optional<LotsInSessionOrder> lots;
    if (recorded_order)
        lots.emplace(store, mark ? mark->id : 0);
    std::vector<SessionRow> rows;
    while (query.executeStep()) {
        rows.push_back(read_session_row(query));
        auto& row = rows.back();
        if (lots)
            row.lot_numbers = lots->of(row.session.id);
        mark = StepMark{row.session.id, format_date(row.session.date),
                        row.session.time ? format_time_of_day(*row.session.time) : ""};
    }
    query.reset();
    return rows;
}

void for_each_session(Store& store, const SessionFilter& filter, int default_planned,
                      const std::function<void(const SessionRow&)>& visit) {
    auto conditions = session_conditions(filter);
    std::optional<StepMark> mark;
    for (;;) {
        SQLite::Statement query(store.db(), session_list_sql(filter, mark.has_value()));
        query.bind(":planned", default_planned);
        conditions.bind(query);
        if (mark) {
            query.bind(":after_id", mark->id);
            if (!filter.recorded_order) {
                query.bind(":after_date", mark->date);
                query.bind(":after_time", mark->time);
            }
        }
        auto rows = read_step(store, query, filter.recorded_order, mark);
        for (const auto& row : rows)
            visit(row);
        if (rows.size() < static_cast<std::size_t>(k_rows_per_step))
            return;
    }
}

// Everything here is in session_booked, the client's name and course length included
// (schema v8 keeps them on booked sessions) and the duration (v14), so a week reads a few
// pages and no client.
std::string booking_list_sql() {
    return "SELECT id, client_id, date, time, kind, areas, booked_client_name, "
           "coalesce(booked_planned_sessions, :planned), course_number, duration_minutes FROM "
           "session WHERE "
           "status = 'scheduled' AND date >= :from AND date <= :to ORDER BY date, time, id";
}

void for_each_booking(Store& store, const std::string& from, const std::string& to,
                      int default_planned, const std::function<void(const Booking&)>& visit) {
    RawRows query(store, booking_list_sql());
    query.bind(":planned", default_planned);
    query.bind(":from", from);
    query.bind(":to", to);
    while (query.step()) {
        Booking b;
        b.session_id = query.integer(0);
        b.client_id = query.integer(1);
        b.date = query.text(2);
        if (!query.is_null(3))
            b.time = parse_time_of_day(query.text(3));
        b.kind = parse_session_kind(query.text(4));
        b.areas = query.text(5);
        b.client_name = query.text(6);
        b.course_planned = static_cast<int>(query.integer(7));
        b.course_number = static_cast<int>(query.integer(8)); // NULL reads as 0
        if (!query.is_null(9))
            b.duration_minutes = static_cast<int>(query.integer(9));
        visit(b);
    }
}

CourseState course_state(Store& store, const Client& client, int default_planned,
                         std::optional<std::int64_t> excluding) {
    SQLite::Statement query(store.db(),
                            "SELECT coalesce(sum(kind = 'course' AND status = 'done'), 0), "
                            "coalesce(sum(kind = 'course' AND status = 'scheduled'), 0), "
                            "coalesce(max(final AND status = 'done'), 0) "
                            "FROM session WHERE client_id = ? AND id != ?");
    query.bind(1, client.id);
    query.bind(2, excluding.value_or(0));
    query.executeStep();
    CourseState state;
    state.planned = client.planned_sessions.value_or(default_planned);
    state.done = query.getColumn(0).getInt();
    state.scheduled = query.getColumn(1).getInt();
    state.finalised = query.getColumn(2).getInt() != 0;
    return state;
}

std::optional<Date> previous_done_date(Store& store, std::int64_t client_id, Date date,
                                       std::optional<std::int64_t> excluding) {
    SQLite::Statement query(store.db(), "SELECT max(date) FROM session WHERE client_id = ? AND "
                                        "status = 'done' AND date <= ? AND id != ?");
    query.bind(1, client_id);
    query.bind(2, format_date(date));
    query.bind(3, excluding.value_or(0));
    query.executeStep();
    if (auto found = optional_text(query, 0))
        return stored_date(*found, "session of client", client_id);
    return std::nullopt;
}

std::optional<std::int64_t> same_day_done_session(Store& store, std::int64_t client_id, Date date,
                                                  std::optional<std::int64_t> excluding) {
    // The one a listing shows first: the latest that day. One indexed look, not a listing
    // (a session log paid 1 M instructions for the listing's statement alone).
    auto& query = store.cached("SELECT id FROM session WHERE client_id = ? AND date = ? AND "
                               "status = 'done' AND id != ? ORDER BY coalesce(time, '') DESC, "
                               "id DESC LIMIT 1");
    query.bind(1, client_id);
    query.bind(2, format_date(date));
    query.bind(3, excluding.value_or(0));
    if (!query.executeStep())
        return std::nullopt;
    return query.getColumn(0).getInt64();
}

Attendance attendance(Store& store, const Client& client, const std::string& today,
                      int default_planned) {
    Attendance out;
    SQLite::Statement counts(store.db(), "SELECT count(*), coalesce(sum(status = 'cancelled'), 0), "
                                         "coalesce(sum(status = 'no-show'), 0) FROM session "
                                         "WHERE client_id = ?");
    counts.bind(1, client.id);
    counts.executeStep();
    out.sessions = counts.getColumn(0).getInt();
    out.cancelled = counts.getColumn(1).getInt();
    out.no_shows = counts.getColumn(2).getInt();
    SQLite::Statement next(
        store.db(), select_session_rows("s.client_id = :client AND s.status = 'scheduled' AND "
                                        "s.date >= :today",
                                        "ORDER BY s.date, coalesce(s.time, ''), s.id LIMIT 1"));
    next.bind(":planned", default_planned);
    next.bind(":client", client.id);
    next.bind(":today", today);
    if (next.executeStep())
        out.next_booked = read_session_row(next);
    return out;
}

} // namespace smp::store
