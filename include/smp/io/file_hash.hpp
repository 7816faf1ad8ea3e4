#pragma once

#include <string>

namespace smp::io {

// The SHA-256 of a file's contents (a signed consent document), as 64 lower-case hex digits;
// Error(no_input) if it cannot be read.
std::string hash_file(const std::string& path);

} // namespace smp::io
