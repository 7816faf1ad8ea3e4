#include <smp/cli/records.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace smp::cli {

std::string quiet_id_field(const output::Record& empty) {
    for (const auto& field : empty.fields)
        if (field.name == "id")
            return field.name;
    for (const auto& field : empty.fields)
        if (field.name.size() > 3 && field.name.ends_with("_id"))
            return field.name;
    return "id";
}

std::vector<std::string> listing_columns(Context& context,
                                         const std::vector<std::string>& table_columns,
                                         const output::Record& empty) {
    auto chosen = context.chosen_columns();
    auto known = field_names(empty);
    // A table may show columns of its own (client list's status); the other formats print the
    // record's fields, and a column they lack would shift every value after it.
    if (context.format() == output::Format::table)
        for (const auto& name : table_columns)
            if (std::find(known.begin(), known.end(), name) == known.end())
                known.push_back(name);
    for (const auto& name : chosen)
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw Error(Exit::usage, fmt::format("unknown column \"{}\" for --columns; this "
                                                 "listing has: {}",
                                                 output::visible(name), join(known, ", ")));
    return chosen;
}

} // namespace smp::cli
