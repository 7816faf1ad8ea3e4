#pragma once

#include <smp/domain/date.hpp>
#include <smp/domain/due.hpp>
#include <smp/domain/payment.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/domain/shade.hpp>

#include <array>
#include <map>

#include <optional>
#include <string>
#include <vector>

namespace smp {

// Settings from config.toml (documented key by key in smp-config(5)). Built-in defaults live
// here; the file overrides them, then the environment and flags (applied by the caller).
struct Config {
    std::optional<std::string> records; // records file path
    std::string format = "table";       // default --format
    std::string color = "auto";         // default --color
    bool pager = true;                  // long listings on a terminal go through a pager
    int busy_timeout_seconds = 5;       // how long to wait for another smp to finish writing
    std::string currency = "EUR";       // prices are recorded in this currency

    // Money: payment methods beyond cash, card, transfer and other; the fee a no-show is
    // charged (minor units; none by default); how long before a session a cancellation must
    // come for its deposit to be refundable.
    std::vector<std::string> payment_methods;
    std::optional<std::int64_t> no_show_fee;
    int refund_notice_hours = 48;
    // Tax (VAT, sales tax) in hundredths of a percent (none: 0) and whether the amounts
    // recorded include it (as a studio's prices to the public usually do). Amounts are stored
    // as entered; receipts and reports derive net, tax and gross (split_tax).
    TaxRate tax_rate = 0;
    bool prices_include_tax = true;

    // The studio as its handouts name it (receipts, aftercare sheets, ink passports): name
    // (else reminder.studio), address and phone.
    std::string studio_name;
    std::string studio_address;
    std::string studio_phone;

    int planned_sessions = 3;              // sessions in a course, unless set per client
    Span minimum_gap{0, 0, 7};             // warn when a session follows the last one sooner
    Span screening_max_age{0, 12, 0};      // warn when the health screening is older
    std::optional<Span> patch_test_within; // before a first course session; off when empty
    bool strict = false;                   // pre-session warnings become refusals
    // `photo add` refuses a client without photo consent unless this is turned off.
    bool photo_require_consent = true;
    int default_duration_minutes = 180; // a session without a duration, for overlaps
    // Pigment stock: how long an opened bottle may be used (makers print 12 months on the
    // bottle) and how few unopened bottles make a lot low on stock in the agenda.
    Span lots_opened_shelf_life{0, 12, 0};
    int lots_low_stock = 1;

    // When clients should come back (see DueRules) and how far ahead `touchup due` looks.
    Span course_gap{0, 0, 14};
    Span course_maximum_gap{0, 0, 30};
    Span touchup_every{4, 0, 0};
    Span due_within{0, 0, 30};

    // Reminders: the studio's name for {studio}, the default channel, the messages (checked
    // for unknown placeholders when the config is read) and whether a reminder may be sent
    // again after a span while the client is still due (empty: only once).
    std::string studio;
    std::string reminder_channel = "email";
    std::string followup_message{k_default_followup_message};
    std::string touchup_message{k_default_touchup_message};
    std::optional<Span> reminder_repeat;
    // [reminder.KIND] message and subject, by MessageKind (unset: smp's own, default_message;
    // the follow-up and touch-up messages are also followup_message and touchup_message).
    std::array<std::optional<std::string>, std::size(k_message_kinds)> kind_message, kind_subject;
    // How long before a booked session's day its reminder goes out (reminder.before).
    Span reminder_before{0, 0, 1};
    int exec_timeout_seconds = 60; // a --exec command running longer is stopped (a failure)

    // Aftercare instructions per session kind, from text files (aftercare.course,
    // aftercare.touchup, aftercare.correction; "~/" is the home folder); empty: smp's own.
    std::string aftercare_course, aftercare_touchup, aftercare_correction;

    // The reminder policy (issue 19): when chasing a due date stops (ReminderPolicy), which
    // consent reminders need ("marketing" or "none"; empty: the records file's own default,
    // see requires_consent_for), the opt-out line ending every message (empty: none; unset:
    // default_reminder_footer) and how many failed sends to one address stop further tries.
    ReminderPolicy reminder_policy;
    std::optional<std::string> requires_consent;
    std::optional<std::string> reminder_footer;
    int max_failures = 5;

    // The calendar feed: the practitioner's time zone (a tz database name; empty: the
    // system's, /etc/localtime or TZ) and how long a cancelled session stays in it, marked
    // cancelled, so a calendar that subscribed removes it.
    std::string time_zone;
    Span calendar_keep_cancelled{0, 0, 30};

    DueRules due_rules() const;

    // Starting dilutions for a first session: cells "hair_colour.SKIN" -> water:pigment that
    // override the built-in table, and the water added for session 1.
    std::map<std::string, Dilution> dilution_table;
    double first_session_extra_water = 2;

    std::string loaded_from;           // the file these settings came from; empty if defaults only
    std::vector<std::string> warnings; // unknown keys, as "FILE:LINE:COL: unknown key ..."
};

// $XDG_CONFIG_HOME/smp/config.toml, or ~/.config/smp/config.toml.
std::string default_config_path();

// Loads the config. With `explicit_path` (from --config or SMP_CONFIG) the file must exist
// (Error no_input otherwise); the default file may be missing. A syntax or type error throws
// Error(config) naming file, line and column.
Config load_config(const std::optional<std::string>& explicit_path);

// Parses config text as if read from `file_name` (used by load_config and by tests).
Config parse_config(std::string_view text, const std::string& file_name);

} // namespace smp
