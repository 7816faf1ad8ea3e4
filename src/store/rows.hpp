#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <smp/domain/date.hpp>
#include <smp/domain/reference.hpp>
#include <smp/store/store.hpp>
#include <smp/util/clock.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::store {

// NULL <-> empty optional, for the many fields a practitioner may leave blank.
inline std::optional<std::string> optional_text(SQLite::Statement& row, int column) {
    auto value = row.getColumn(column);
    if (value.isNull())
        return std::nullopt;
    return value.getString();
}

inline void bind_optional(SQLite::Statement& statement, int index,
                          const std::optional<std::string>& value) {
    if (value)
        statement.bind(index, *value);
    else
        statement.bind(index);
}

inline void bind_optional(SQLite::Statement& statement, int index,
                          const std::optional<std::int64_t>& value) {
    if (value)
        statement.bind(index, *value);
    else
        statement.bind(index);
}

// As bind_optional, without SQLite copying the text: only for a value that outlives the
// statement's next step (a record bound and written at once, as an import does 100,000 times).
inline void bind_optional_no_copy(SQLite::Statement& statement, int index,
                                  const std::optional<std::string>& value) {
    if (value)
        statement.bindNoCopy(index, *value);
    else
        statement.bind(index);
}

// Sets a record's times for a write as `how` says; `inserting` sets created_at too.
// An import that gives both times never reads the clock.
inline void stamp(Stamp how, bool inserting, std::string& created_at, std::string& updated_at) {
    if (how == Stamp::now) {
        auto now = utc_now();
        if (inserting)
            created_at = now;
        updated_at = now;
        return;
    }
    if (created_at.empty() || updated_at.empty()) {
        auto now = utc_now();
        if (created_at.empty())
            created_at = now;
        if (updated_at.empty())
            updated_at = now;
    }
}

// A new record's id: the one it carries when kept (Stamp::as_given), else none, for SQLite's
// next free id.
inline std::optional<std::int64_t> kept_id(Stamp how, std::int64_t id) {
    return how == Stamp::as_given && id != 0 ? std::optional(id) : std::nullopt;
}

// The same bound to a parameter: the kept id, else NULL.
inline void bind_new_id(SQLite::Statement& statement, int index, Stamp how, std::int64_t id) {
    if (auto kept = kept_id(how, id))
        statement.bind(index, *kept);
    else
        statement.bind(index);
}

// A query read through SQLite's C interface, for the few loops that read a thousand rows while
// a practitioner waits (the agenda's week): SQLiteCpp makes a Column object for every value it
// hands out, about 200 instructions each, a third of the cost of such a row. Errors are
// thrown as SQLite::Exception, as SQLiteCpp throws them.
class RawRows {
  public:
    RawRows(Store& store, std::string_view sql) : m_db(store.db().getHandle()) {
        check(sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &m_statement,
                                 nullptr));
    }
    ~RawRows() { sqlite3_finalize(m_statement); }
    RawRows(const RawRows&) = delete;
    RawRows& operator=(const RawRows&) = delete;

    void bind(const char* name, std::int64_t value) {
        check(sqlite3_bind_int64(m_statement, index(name), value));
    }
    void bind(const char* name, std::string_view value) {
        check(sqlite3_bind_text(m_statement, index(name), value.data(),
                                static_cast<int>(value.size()), SQLITE_TRANSIENT));
    }
    bool step() {
        int code = sqlite3_step(m_statement);
        if (code == SQLITE_ROW)
            return true;
        if (code != SQLITE_DONE)
            check(code);
        return false;
    }
    bool is_null(int column) const {
        return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    // Valid until the next step.
    std::string_view text(int column) const {
        auto data = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return data ? std::string_view(
                          data, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)))
                    : std::string_view();
    }

  private:
    int index(const char* name) const {
        int at = sqlite3_bind_parameter_index(m_statement, name);
        if (at == 0)
            throw SQLite::Exception(std::string("no parameter ") + name);
        return at;
    }
    void check(int code) const {
        if (code != SQLITE_OK)
            throw SQLite::Exception(m_db, code);
    }

    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
};

inline std::optional<std::string> optional_text(const RawRows& row, int column) {
    if (row.is_null(column))
        return std::nullopt;
    return std::string(row.text(column));
}

// A date as the records file holds it (YYYY-MM-DD). One that is not (a file changed by another
// tool) throws Error(data) naming the record, rather than being read as some other day.
Date stored_date(std::string_view text, std::string_view kind, std::int64_t id);
// The same for a column that may be NULL (none).
inline std::optional<Date> stored_optional_date(const SQLite::Column& value, std::string_view kind,
                                                std::int64_t id) {
    if (value.isNull())
        return std::nullopt;
    return stored_date(value.getText(), kind, id);
}

// The same for a column of a RawRows row.
inline std::optional<Date> stored_optional_date(const RawRows& row, int column,
                                                std::string_view kind, std::int64_t id) {
    if (row.is_null(column))
        return std::nullopt;
    return stored_date(row.text(column), kind, id);
}

// Rows of `table` (client, shade) whose name is exactly this one, ignoring case and accents.
std::vector<Candidate> records_named(Store& store, std::string_view table, std::string_view name);

// The id of the one row of `table` a reference means: an id, an exact name, or a fragment of
// the name matching one row. Throws Error(data) listing the candidates when ambiguous and the
// nearest names when none match; `table` is also the noun used in messages.
std::int64_t resolve_name(Store& store, std::string_view table, std::string_view reference);

} // namespace smp::store
