#pragma once

#include <span>
#include <string_view>

namespace smp::store {

// One step of the schema: applied with its user_version bump in one transaction. Never edit a
// released step; add a new one.
struct Migration {
    int version;
    std::string_view sql;
};

std::span<const Migration> migrations();

} // namespace smp::store
