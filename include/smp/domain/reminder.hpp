#pragma once

#include <cstdint>
#include <smp/domain/choice.hpp>
#include <smp/domain/due.hpp>
#include <smp/error.hpp>

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

// The placeholders a template may use, in the order the man page lists them.
inline constexpr std::string_view k_placeholders[] = {"name",         "first_name", "due",
                                                      "due_relative", "kind",       "last_session",
                                                      "phone",        "email",      "studio"};

// A reminder message template: text with {placeholders}; "{{" and "}}" are literal braces.
class MessageTemplate {
  public:
    // Checks every placeholder against `known` (a reminder's k_placeholders unless told). An
    // unknown or unclosed one throws Error(`code`) naming it, where it came from (`source`) and
    // the known names, so a typo is caught before any message goes out.
    MessageTemplate(std::string_view text, Exit code, std::string_view source,
                    std::span<const std::string_view> known = k_placeholders);

    // The message with each placeholder replaced; leading and trailing blanks trimmed.
    std::string render(const std::map<std::string, std::string, std::less<>>& values) const;

  private:
    struct Part {
        bool placeholder = false;
        std::string text; // literal text, or the placeholder's name
    };
    std::vector<Part> m_parts;
};

// How a reminder reaches the client: email goes to their email address, the others to their
// phone number.
namespace choices {
extern const Choice reminder_channel;
}
bool channel_uses_email(std::string_view channel);

// The messages smp sends when the config has none of its own.
inline constexpr std::string_view k_default_followup_message =
    "Hello {first_name}, it is time to book your next scalp micropigmentation session (due {due}, "
    "{due_relative}). Reply to this message to choose a date. {studio}";
inline constexpr std::string_view k_default_touchup_message =
    "Hello {first_name}, your last scalp micropigmentation session was on {last_session}; a "
    "touch-up keeps the colour fresh (due {due}, {due_relative}). Reply to this message to book. "
    "{studio}";

// The opt-out line ending every message when the config has no reminder.footer: it names the
// studio (reminder.studio) when there is one.
std::string default_reminder_footer(std::string_view studio);

// A --exec-timeout or reminder.exec_timeout: "90s", "2m" (or "2min"), "1h", or a number of
// seconds; from 1 second to 24 hours. Throws Error(usage) naming `what`.
int parse_time_limit(std::string_view text, std::string_view what);

// A reminder is sent once per client, due date, kind and channel (the due date changes with
// every new session, so a new due date means a new reminder).
struct Reminder {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    DueKind kind = DueKind::touchup;
    std::string due;     // YYYY-MM-DD
    std::string channel; // email, sms...
    std::string address; // where it went
    std::string status;  // "sending" while a --exec command runs, then "sent"
    std::string sent_on; // the day (--as-of) it was sent, for reminder.repeat
    std::string sent_at; // UTC instant
    std::string message;
};

} // namespace smp
