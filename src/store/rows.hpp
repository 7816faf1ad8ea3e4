#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

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

} // namespace smp::store
