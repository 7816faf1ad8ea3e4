#pragma once

#include <smp/domain/due.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/store/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smp::store {

// When an earlier reminder for the same key stops blocking a new one.
struct RepeatRule {
    bool resend = false;        // --resend: always send
    std::optional<Span> repeat; // reminder.repeat: again this long after the last
};

// True when a reminder for this key may go out today: none was sent (or is being sent), or
// the rule allows another.
bool reminder_may_send(Store& store, const Reminder& reminder, Date today, const RepeatRule& rule);

// Claims a send in the caller's write transaction: checks reminder_may_send and records the
// reminder (setting its id and uuid). Two jobs at once are serialised by the write lock, so
// only one of them claims it. Returns false when it may not be sent.
bool claim_reminder(Store& store, Reminder& reminder, Date today, const RepeatRule& rule);

// After a --exec command: a claim that succeeded becomes "sent"; a failed one is removed so
// the next run tries again.
void confirm_reminder(Store& store, std::int64_t id);
void release_reminder(Store& store, std::int64_t id);

// Claims still "sending" that were made before `instant` (UTC ISO-8601): left by a remind run
// that stopped (killed, the machine off) between claiming a message and recording how its
// send ended. The message may or may not have gone out; no later run sends it again on its
// own. Oldest first.
std::vector<Reminder> unfinished_claims(Store& store, const std::string& instant);

// True when a booking reminder or a confirmation went out about the session (its
// cancellation is then news to the client).
bool booking_message_sent(Store& store, std::int64_t session_id);

// How many reminders went out for this client, kind and due date, on any channel (the
// reminder policy's max_repeats counts them).
int reminders_sent(Store& store, std::int64_t client_id, DueKind kind, const std::string& due);

// The consent reminders need in this records file when the config does not say
// (reminder.requires_consent): "marketing" for a file created by an smp that knows the rule,
// "none" for an older file, which keeps sending as it always did.
std::string file_consent_rule(Store& store);

// True when the client has a consent of `kind` signed on or before `today` and not withdrawn
// on or before it (a withdrawal stops reminders from that day).
bool consent_holds(Store& store, std::int64_t client_id, std::string_view kind, Date today);

// One try of a --exec send command.
struct SendAttempt {
    std::int64_t id = 0;
    std::string uuid;
    std::int64_t client_id = 0;
    MessageKind kind = MessageKind::touchup;
    std::optional<std::int64_t> session_id;
    std::string due, channel, address;
    Date attempted_on{};      // the day (--as-of)
    std::string attempted_at; // UTC instant
    std::string outcome;      // "sent" or "failed"
    std::optional<int> exit_status;
    std::optional<std::string> error;       // what stopped it, when it did not just exit
    std::optional<std::string> stderr_line; // the first line the command wrote on stderr
};

// Records an attempt in the caller's write transaction (setting its id and uuid, unless it
// has them: an imported attempt keeps both).
void record_attempt(Store& store, SendAttempt& attempt);
// Failed attempts to this address by this channel since the last that succeeded.
int failures_in_a_row(Store& store, const std::string& channel, const std::string& address);
void for_each_attempt(Store& store, std::optional<std::int64_t> client_id,
                      const std::function<void(const SendAttempt&)>& visit);

// An imported reminder, as the file gives it: id (unless 0), uuid (unless empty), status and
// the day and instant it was sent, so `touchup remind` counts it as sent.
void insert_reminder(Store& store, Reminder& reminder);
std::optional<Reminder> reminder_by_uuid(Store& store, const std::string& uuid);
std::optional<SendAttempt> attempt_by_uuid(Store& store, const std::string& uuid);

// Every reminder, oldest first (or one client's).
void for_each_reminder(Store& store, std::optional<std::int64_t> client_id,
                       const std::function<void(const Reminder&)>& visit);

} // namespace smp::store
