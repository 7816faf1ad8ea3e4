#pragma once

#include <cstdint>
#include <smp/domain/choice.hpp>
#include <smp/domain/due.hpp>
#include <smp/error.hpp>

#include <map>
#include <optional>
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

// What a message is about. The first four are service messages, about a session the client
// chose: `booking` (it is near), `confirmation` (booked or moved), `cancellation` (cancelled
// after one of those went out), `aftercare` (done). The last two ask a client who is due to
// book (the reminder policy applies).
enum class MessageKind { booking, confirmation, cancellation, aftercare, followup, touchup };
inline constexpr MessageKind k_message_kinds[] = {
    MessageKind::booking,   MessageKind::confirmation, MessageKind::cancellation,
    MessageKind::aftercare, MessageKind::followup,     MessageKind::touchup};
std::string_view message_kind_name(MessageKind kind);  // as stored and typed: "booking"...
MessageKind parse_message_kind(std::string_view name); // throws Error(data)
MessageKind message_kind(DueKind kind);
inline bool is_service_message(MessageKind kind) {
    return kind != MessageKind::followup && kind != MessageKind::touchup;
}
namespace choices {
extern const Choice message_kind; // `remind --kind`
}

// smp's own message and subject for a kind, when the config has none ([reminder.KIND]).
// Service messages use a session's placeholders (k_session_message_placeholders).
std::string_view default_message(MessageKind kind);
std::string_view default_subject(MessageKind kind);

// The placeholders of a message about a session: the session's (k_session_placeholders in
// aftercare.hpp), the client's addresses, and {aftercare}, the sheet's text.
inline constexpr std::string_view k_session_message_placeholders[] = {
    "name",   "first_name", "date",           "time",         "duration", "areas", "kind",
    "course", "studio",     "studio_address", "studio_phone", "phone",    "email", "aftercare"};

// A reminder is sent once per client, kind, channel and what it is about: a due date (the due
// date changes with every new session, so a new due date means a new reminder), or a session
// and its slot (a moved session gets new ones).
struct Reminder {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    MessageKind kind = MessageKind::touchup;
    std::optional<std::int64_t> session_id; // a service message's session
    std::string due;     // YYYY-MM-DD; a session's slot "YYYY-MM-DDTHH:MM" for its messages
    std::string channel; // email, sms...
    std::string address; // where it went
    std::string status;  // "sending" while a --exec command runs, then "sent"
    Date sent_on{};      // the day (--as-of) it was sent, for reminder.repeat
    std::string sent_at; // UTC instant
    std::string message;
};

} // namespace smp
