#pragma once

#include "rows.hpp"

#include <smp/domain/kind.hpp>
#include <smp/util/text.hpp>

#include <fmt/format.h>

#include <span>
#include <string>

// Reading and writing a record kind's row from its field table, written once for every kind:
// the select list, the row read, the insert and the update with parameters bound by name.
namespace smp::store {

// A field the table keeps in a column of its own: it has a member and a column, and is not the
// id (which SQLite gives or the caller binds).
template <typename Record> bool kept_in_column(const FieldOf<Record>& field) {
    return field.info.codec != Codec::id && !field.info.sql_column().empty() &&
           field.member.index() != 0;
}

// "id, uuid, name, ...": the id first, then every kept field, in table order.
template <typename Record> std::string select_list(std::span<const FieldOf<Record>> fields) {
    std::string list = "id";
    for (const auto& field : fields)
        if (kept_in_column(field))
            fmt::format_to(std::back_inserter(list), ", {}", field.info.sql_column());
    return list;
}

// The same list with each column prefixed by `alias` ("p.id, p.uuid, ..."), for a select that
// joins the kind's table (as `alias`) to another: made once per kind by its caller.
template <typename Record>
std::string qualified_select_list(std::span<const FieldOf<Record>> fields, std::string_view alias) {
    std::string qualified;
    for (const auto& column : split_list(select_list(fields)))
        fmt::format_to(std::back_inserter(qualified), "{}{}.{}", qualified.empty() ? "" : ", ",
                       alias, trim(column));
    return qualified;
}

// Reads a row selected with select_list(fields); `kind` names it if a stored date is not one.
template <typename Record>
void read_fields(std::span<const FieldOf<Record>> fields, SQLite::Statement& row, Record& record,
                 std::string_view kind) {
    record.id = row.getColumn(0).getInt64();
    int column = 1;
    for (const auto& field : fields) {
        if (!kept_in_column(field))
            continue;
        auto value = row.getColumn(column++);
        std::visit(
            [&](auto member) {
                using M = decltype(member);
                if constexpr (std::is_same_v<M, std::string Record::*>)
                    record.*member = value.getString();
                else if constexpr (std::is_same_v<M, std::optional<std::string> Record::*>)
                    record.*member = value.isNull() ? std::nullopt
                                                    : std::optional<std::string>(value.getString());
                else if constexpr (std::is_same_v<M, std::optional<int> Record::*>)
                    record.*member =
                        value.isNull() ? std::nullopt : std::optional<int>(value.getInt());
                else if constexpr (std::is_same_v<M, std::optional<std::int64_t> Record::*>)
                    record.*member = value.isNull() ? std::nullopt
                                                    : std::optional<std::int64_t>(value.getInt64());
                else if constexpr (std::is_same_v<M, bool Record::*>)
                    record.*member = value.getInt() != 0;
                else if constexpr (std::is_same_v<M, std::vector<std::string> Record::*>)
                    record.*member = split_list(value.getString());
                else if constexpr (std::is_same_v<M, std::optional<double> Record::*>)
                    record.*member =
                        value.isNull() ? std::nullopt : std::optional<double>(value.getDouble());
                else if constexpr (std::is_same_v<M, std::int64_t Record::*>)
                    record.*member = value.getInt64();
                else if constexpr (std::is_same_v<M, Date Record::*>)
                    record.*member = stored_date(value.getText(), kind, record.id);
                else if constexpr (std::is_same_v<M, std::optional<Date> Record::*>)
                    record.*member = stored_optional_date(value, kind, record.id);
                else if constexpr (!std::is_same_v<M, std::monostate>)
                    static_assert(k_unhandled_member<M>);
            },
            field.member);
    }
}

// Where each field's `:column` parameter stands in a statement made by insert_sql or
// update_sql (0 for a field not kept). Looked up by name once per statement text, not per row:
// an import binds 100,000 rows through one statement, and a look-up by name scans every
// parameter.
template <typename Record>
std::vector<int> parameter_positions(std::span<const FieldOf<Record>> fields,
                                     const SQLite::Statement& statement) {
    std::vector<int> positions;
    for (const auto& field : fields)
        positions.push_back(
            kept_in_column(field)
                ? statement.getIndex(fmt::format(":{}", field.info.sql_column()).c_str())
                : 0);
    return positions;
}

// Binds every kept field to its parameter (`positions` from parameter_positions). Text is bound
// without a copy: `record` outlives the write that follows.
template <typename Record>
void bind_fields(std::span<const FieldOf<Record>> fields, const std::vector<int>& positions,
                 SQLite::Statement& statement, const Record& record) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto& field = fields[i];
        int at = positions[i];
        if (at == 0)
            continue;
        std::visit(
            [&](auto member) {
                using M = decltype(member);
                if constexpr (std::is_same_v<M, std::string Record::*>)
                    statement.bindNoCopy(at, record.*member);
                else if constexpr (std::is_same_v<M, std::optional<std::string> Record::*>) {
                    if (record.*member)
                        statement.bindNoCopy(at, *(record.*member));
                    else
                        statement.bind(at);
                } else if constexpr (std::is_same_v<M, std::optional<int> Record::*> ||
                                     std::is_same_v<M, std::optional<std::int64_t> Record::*> ||
                                     std::is_same_v<M, std::optional<double> Record::*>) {
                    if (record.*member)
                        statement.bind(at, *(record.*member));
                    else
                        statement.bind(at);
                } else if constexpr (std::is_same_v<M, bool Record::*>)
                    statement.bind(at, record.*member ? 1 : 0);
                else if constexpr (std::is_same_v<M, std::vector<std::string> Record::*>)
                    statement.bind(at, join(record.*member, ","));
                else if constexpr (std::is_same_v<M, std::int64_t Record::*>)
                    statement.bind(at, record.*member);
                else if constexpr (std::is_same_v<M, Date Record::*>)
                    statement.bind(at, format_date(record.*member));
                else if constexpr (std::is_same_v<M, std::optional<Date> Record::*>) {
                    if (record.*member)
                        statement.bind(at, format_date(*(record.*member)));
                    else
                        statement.bind(at);
                } else if constexpr (!std::is_same_v<M, std::monostate>)
                    static_assert(k_unhandled_member<M>);
            },
            field.member);
    }
}

// INSERT INTO table (id, ...) VALUES (:id, ...): bind :id to the kept id or NULL.
template <typename Record>
std::string insert_sql(std::string_view table, std::span<const FieldOf<Record>> fields) {
    std::string columns = "id", values = ":id";
    for (const auto& field : fields)
        if (kept_in_column(field)) {
            fmt::format_to(std::back_inserter(columns), ", {}", field.info.sql_column());
            fmt::format_to(std::back_inserter(values), ", :{}", field.info.sql_column());
        }
    return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, values);
}

// UPDATE table SET column = :column, ... WHERE id = :id
template <typename Record>
std::string update_sql(std::string_view table, std::span<const FieldOf<Record>> fields) {
    std::string set;
    for (const auto& field : fields)
        if (kept_in_column(field))
            fmt::format_to(std::back_inserter(set), "{}{} = :{}", set.empty() ? "" : ", ",
                           field.info.sql_column(), field.info.sql_column());
    return fmt::format("UPDATE {} SET {} WHERE id = :id", table, set);
}

// A kind's insert or update (insert_sql, update_sql) and where each field's parameter stands
// in it, looked up at its first run: an import writes 100,000 rows through one statement.
// Kept as a function's static, one per statement text.
template <typename Record> class FieldWrite {
  public:
    static FieldWrite insert_into(std::string_view table, std::span<const FieldOf<Record>> fields) {
        return FieldWrite(insert_sql(table, fields), fields);
    }
    static FieldWrite update_of(std::string_view table, std::span<const FieldOf<Record>> fields) {
        return FieldWrite(update_sql(table, fields), fields);
    }

    // Writes `record`, binding :id to `id` (none: NULL, the next free id).
    void run(Store& store, const Record& record, std::optional<std::int64_t> id) {
        auto& statement = store.cached(m_sql);
        if (m_positions.empty())
            m_positions = parameter_positions(m_fields, statement);
        bind_fields(m_fields, m_positions, statement, record);
        if (id)
            statement.bind(":id", *id);
        else
            statement.bind(":id");
        statement.exec();
    }

  private:
    FieldWrite(std::string sql, std::span<const FieldOf<Record>> fields)
        : m_sql(std::move(sql)), m_fields(fields) {}

    std::string m_sql;
    std::span<const FieldOf<Record>> m_fields;
    std::vector<int> m_positions;
};

} // namespace smp::store
