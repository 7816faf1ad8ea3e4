#pragma once

// The one place smp reads the clock: the domain's rules take today and now as arguments, so
// they are pure and every test can say which day it is (--as-of).

#include <chrono>
#include <string>

namespace smp {

// Today's date on this machine's local calendar.
std::chrono::sys_days local_today();

// The current instant as UTC ISO-8601 with a Z, e.g. 2026-11-24T09:30:00Z.
std::string utc_now();
// The instant `ago` before now, in the same form: compared as text with stored instants.
std::string utc_before_now(std::chrono::seconds ago);
// The same instant in the basic form file names and iCalendar use: 20261124T093000Z.
std::string utc_stamp();

} // namespace smp
