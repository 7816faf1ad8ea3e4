#pragma once

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace smp::store {

// The optional filters of a listing (--client, --from, --to...): each is written into the
// WHERE clause and bound under its parameter's name here, so the text and the binding of a
// filter cannot drift apart.
class Conditions {
  public:
    // Adds `sql` (such as "s.date >= :from") when `value` is given, bound to `name`.
    template <typename T>
    void add(const std::string& sql, std::string name, const std::optional<T>& value) {
        if (!value)
            return;
        m_where += " AND " + sql;
        m_values.emplace_back(std::move(name), Value{*value});
    }
    const std::string& where() const { return m_where; }
    void bind(SQLite::Statement& query) const {
        for (const auto& [name, value] : m_values)
            std::visit([&](const auto& v) { query.bind(name, v); }, value);
    }

  private:
    using Value = std::variant<std::int64_t, std::string>;
    std::string m_where = "1";
    std::vector<std::pair<std::string, Value>> m_values;
};

} // namespace smp::store
