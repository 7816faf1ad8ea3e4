// What `touchup due` and `touchup remind` share (touchup.cpp, remind.cpp): internal to src/cli.
#pragma once

#include <smp/cli/context.hpp>
#include <smp/store/due.hpp>

#include <optional>
#include <string>
#include <vector>

namespace smp::cli {

// Which clients are due: --within, --kind and --overdue.
struct DueOptions {
    std::optional<std::string> within;
    std::string kind = "all";
    bool overdue = false;
    bool lapsed = false; // `touchup due --lapsed`: those the reminder policy stopped chasing
};

// The due list's query for those options, as of --as-of.
store::DueQuery due_query(Context& context, const std::optional<std::string>& within,
                          const std::string& kind, bool overdue_only);

struct RemindOptions {
    DueOptions due;
    std::optional<std::string> template_file, message, channel, exec, exec_timeout;
    bool dry_run = false, resend = false, mark_sent = false;
    std::vector<std::string> kinds; // `smp remind --kind`: message kinds (empty: all)
    bool every_kind = false;        // `smp remind` (else `touchup remind`: the due kinds)
    bool retry_unfinished = false;  // `smp remind --retry-unfinished`
};

// The claims a remind run that stopped left unfinished: made before now less the longest a
// live run holds one (remind.cpp).
std::vector<Reminder> unfinished_claims(Context& context, store::Store& store);

// One unfinished claim, for a warning: "followup to ann@example.com (client 12), claimed
// 2026-06-15T10:00:00Z".
std::string describe_claim(const Reminder& claim);

// The consent reminders need ("marketing" or "none"): reminder.requires_consent, else the
// records file's own default (remind.cpp).
std::string consent_rule(Context& context, store::Store& store);

// Why a due client has lapsed under the reminder policy (touchup.cpp), or nothing.
std::optional<std::string> lapse_of(Context& context, store::Store& store,
                                    const store::DueRow& row);

// The options of `smp remind` and `smp touchup remind` that say how messages go out:
// --channel, --exec, --exec-timeout, --dry-run, --resend, --mark-sent (remind_command.cpp).
void add_send_options(CLI::App* command, RemindOptions& o);

// `smp remind` and `smp touchup remind`: each message due, sent once (remind.cpp).
void remind(Context& context, const RemindOptions& o);

} // namespace smp::cli
