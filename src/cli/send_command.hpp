#pragma once

#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smp::cli {

// How a --exec command ended.
struct SendResult {
    int status = 0;         // its exit status; 128 + the signal when killed
    bool timed_out = false; // killed by smp after the time limit
    std::string first_line; // the first line it wrote that is not blank (at most 200 bytes)
};

// Who a message goes to.
struct Recipient {
    std::int64_t client_id = 0;
    std::string name;
    std::optional<std::string> phone, email;
};

// A message to send: the reminder it is recorded as, its subject, and the file it carries,
// if any (written to a private temporary file beside the records file only for the send).
struct Outgoing {
    Recipient to;
    Reminder reminder;
    std::string subject;
    std::string attachment_name; // "passport-12.html"; empty for none
    std::string attachment;      // its content
};

// A --exec command started and not yet waited for.
struct RunningCommand {
    int child = -1;  // its process (group) id
    int output = -1; // the read end of the pipe it writes to
    double started = 0;
};

// Starts CMD through the shell with the message on stdin and the reminder's fields in the
// environment (SMP_KIND, SMP_SUBJECT, SMP_SESSION_ID, SMP_ATTACHMENT...). smp may do other
// work (record the last message, claim the next) before it waits with finish_send_command.
RunningCommand start_send_command(const std::string& command, const Outgoing& message,
                                  const std::string& attachment_path);

// Waits for a started command. Its output goes to stderr, so smp's stdout stays the reminders
// it reports, and its first line is kept for the record of the attempt (a bounce's reason). A
// command still running `limit_seconds` after it started is stopped (SIGTERM to its process
// group, SIGKILL two seconds later), so a hung mail server never blocks the reminder run.
SendResult finish_send_command(RunningCommand& running, int limit_seconds);

} // namespace smp::cli
