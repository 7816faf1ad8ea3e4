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

// The settings a records file created by this smp starts with (after every step).
std::string_view new_file_settings();

} // namespace smp::store
