#pragma once

#include <smp/cli/context.hpp>

#include <string>

namespace smp::cli {

// What every handout (a receipt, an aftercare sheet, an ink passport) does alike.

// The studio as a handout names it: studio.name, else the reminders' signature.
std::string studio_name(const Config& config);

// A handout goes to a new file, never over one (it may be another client's): refused with exit
// 73 before anything is read or said. Standard output ("" or "-") is always fine.
void require_new_file(const std::string& path);

// Prints the handout, or writes it to the new file (0600, whole or not at all) and says so:
// "wrote WHAT to "PATH"".
void deliver_handout(Context& context, const std::string& handout, const std::string& what,
                     const std::string& path);

} // namespace smp::cli
