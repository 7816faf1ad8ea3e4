#pragma once

#include <string>

namespace smp::store {

// Why a records file is busy, for the message of exit 75: which other process holds SQLite's
// lock on it and whether it reads or writes, e.g. "`smp export all` (process 4242) is reading
// it". Read from /proc/locks (Linux), so no descriptor of the file is opened (closing one would
// drop this process's own locks). Empty when it cannot be told.
std::string describe_lock_holders(const std::string& path);

} // namespace smp::store
