#pragma once

#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>

#include <string>
#include <string_view>

namespace smp::cli {

// How a --exec command ended.
struct SendResult {
    int status = 0;         // its exit status; 128 + the signal when killed
    bool timed_out = false; // killed by smp after the time limit
    std::string first_line; // the first line it wrote that is not blank (at most 200 bytes)
};

// Runs CMD through the shell with the message on stdin and the reminder's fields in the
// environment; its output goes to stderr, so smp's stdout stays the reminders it reports, and
// its first line is kept for the record of the attempt (a bounce's reason).
// A command still running after `limit_seconds` is stopped (SIGTERM to its process group,
// SIGKILL two seconds later), so a hung mail server never blocks the reminder run.
SendResult run_send_command(const std::string& command, const Reminder& reminder,
                            const store::DueRow& row, int limit_seconds);

} // namespace smp::cli
