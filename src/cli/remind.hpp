// What the parts of `smp remind` share (remind.cpp, remind_due.cpp, remind_sessions.cpp):
// internal to src/cli.
#pragma once

#include "send_command.hpp"
#include "touchup.hpp"

#include <smp/cli/context.hpp>
#include <smp/domain/reminder.hpp>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace smp::cli {

using MessageValues = std::map<std::string, std::string, std::less<>>;

// The message and subject of each kind (the config's [reminder.KIND], else smp's own), checked
// before anything is sent. --message or --template replace the follow-up and touch-up
// messages. Every message ends with the opt-out line: reminder.footer, else the default
// naming the studio.
class Messages {
  public:
    Messages(Context& context, const RemindOptions& o);
    std::string text(MessageKind kind, const MessageValues& values) const;
    std::string subject(MessageKind kind, const MessageValues& values) const;

  private:
    std::optional<MessageTemplate> m_given;
    std::vector<MessageTemplate> m_text, m_subject; // by MessageKind
    std::optional<MessageTemplate> m_footer;        // the config's; the default when empty
    std::string m_default_footer;
};

// What one run did, for the summary on stderr.
struct RemindTally {
    int due = 0, sent = 0, already = 0, not_allowed = 0, no_address = 0, bad_address = 0,
        failed = 0, lapsed = 0, no_consent = 0, gave_up = 0, refused_service = 0;
    std::vector<std::string> not_closed; // the dates of past bookings never closed
};

// Who to write to, by channel: their address, or why there is none to use (counted in the
// tally, with a warning where the practitioner must act). `what` names the message in
// warnings ("reminder", "booking reminder").
std::optional<std::string> usable_address(Context& context, store::Store& store, Recipient& to,
                                          const std::string& channel, std::string_view what,
                                          RemindTally& tally);

// The follow-ups and touch-ups due (remind_due.cpp).
std::vector<Outgoing> gather_due_reminders(Context& context, store::Store& store,
                                           const store::DueQuery& query, const std::string& channel,
                                           const Messages& messages, RemindTally& tally);

// The messages about sessions of the kinds wanted (remind_sessions.cpp): booking reminders,
// confirmations, cancellations and aftercare, each for the session's current slot.
std::vector<Outgoing> gather_service_messages(Context& context, store::Store& store,
                                              const std::set<MessageKind>& kinds, Date today,
                                              const std::string& channel, const Messages& messages,
                                              RemindTally& tally);

} // namespace smp::cli
