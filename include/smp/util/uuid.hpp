#pragma once

#include <string>
#include <string_view>

namespace smp {

// A random version-4 UUID in its canonical lower-case text form.
std::string new_uuid();
// A UUID as written in a file (any case), in canonical lower case; throws Error(data).
std::string validate_uuid(std::string_view text);

} // namespace smp
