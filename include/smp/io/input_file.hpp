#pragma once

#include <smp/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace smp::io {

// Checks a file a command reads whole (a --template, a --config, a consent --document) before
// opening it: a device such as /dev/zero, a FIFO or a folder would be read forever or run smp
// out of memory, and anything over `max_bytes` is not such a file. `what` names it in the
// message ("template file"); `code` is the exit code of a refusal (a missing file is 66).
// Returns the file's size.
std::uintmax_t check_input_file(const std::string& path, std::string_view what,
                                std::uintmax_t max_bytes, Exit code);

// check_input_file(), then the whole file.
std::string read_input_file(const std::string& path, std::string_view what,
                            std::uintmax_t max_bytes, Exit code);

} // namespace smp::io
