#pragma once

#include <cstdio>
#include <string_view>

namespace smp::output {

// Writes one line of smp's own to standard error (an error, a warning, a confirmation): the
// text goes through visible(), so a stored name or a CSV cell quoted in it can never move the
// cursor, set the clipboard or reverse the text around it, then a newline. It never throws and
// never raises SIGPIPE: a closed, full or vanished stderr (cron's `2>>log` on a full disk)
// loses the message but never the command, nor changes its exit status.
void print_diagnostic(std::FILE* err, std::string_view line);

// The same without the escaping or the newline, for text smp composes itself (a prompt, a
// progress line redrawn with \r).
void write_to_stderr(std::FILE* err, std::string_view text);

// Makes sure file descriptors 0, 1 and 2 are open, before anything else is: a file smp opens
// later (an export, a backup) must never become "standard error" and receive its messages.
// A closed stdout is reopened so that every write to it fails (exit 74, never silent loss), a
// closed stdin or stderr on /dev/null.
void open_standard_streams();

} // namespace smp::output
