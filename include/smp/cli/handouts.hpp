#pragma once

#include <smp/cli/context.hpp>

#include <smp/store/sessions.hpp>

#include <map>
#include <optional>
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

// A session's {placeholders} (k_session_placeholders): the client, the session ("session 2 of
// 3"), the studio.
using Values = std::map<std::string, std::string, std::less<>>;
Values session_values(const store::SessionRow& row, const Config& config);

// The aftercare text for the session's kind: the config's file (aftercare.course...), else
// smp's own, with a warning that it is a default to review. A consultation has none (data).
std::string aftercare_text(Context& context, const store::SessionRow& row);

// The ink passport of a session as one HTML page; nothing when no lot was recorded.
std::optional<std::string> passport_page(store::Store& store, const store::SessionRow& row,
                                         const Config& config);

} // namespace smp::cli
