#include "send_command.hpp"
#include "touchup.hpp"

#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/io/input_file.hpp>
#include <smp/output/ics.hpp>
#include <smp/store/calendar.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/clock.hpp>

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

// `smp touchup remind`: who is due gets their message once per due date, printed, or sent by
// a command of the practitioner's (--exec), recorded only once it went out.
namespace smp::cli {
namespace {

// The messages to use per kind: one from --message or --template for both, else the config's.
// Every message ends with the opt-out line: reminder.footer, else the default naming the
// studio.
struct Messages {
    std::optional<MessageTemplate> given;
    MessageTemplate followup, touchup;
    std::optional<MessageTemplate> footer; // the config's; the default when empty
    std::string default_footer;
    const MessageTemplate& for_kind(DueKind kind) const {
        return given ? *given : kind == DueKind::followup ? followup : touchup;
    }
    std::string render(DueKind kind,
                       const std::map<std::string, std::string, std::less<>>& values) const {
        auto text = for_kind(kind).render(values);
        auto last = footer ? footer->render(values) : default_footer;
        return last.empty() ? text : text + "\n\n" + last;
    }
};

Messages load_messages(Context& context, const RemindOptions& o) {
    const auto& config = context.config();
    Messages messages{
        std::nullopt,
        MessageTemplate(config.followup_message, Exit::config, "reminder.followup_message"),
        MessageTemplate(config.touchup_message, Exit::config, "reminder.touchup_message"),
        std::nullopt, default_reminder_footer(config.studio)};
    if (config.reminder_footer)
        messages.footer.emplace(*config.reminder_footer, Exit::config, "reminder.footer");
    if (o.message)
        messages.given.emplace(*o.message, Exit::usage, "--message");
    if (o.template_file) {
        // A message, not a book: 1 MiB is far more than any reminder.
        auto text = io::read_input_file(*o.template_file, "template file", 1 << 20, Exit::usage);
        messages.given.emplace(text, Exit::usage, *o.template_file);
    }
    return messages;
}

std::map<std::string, std::string, std::less<>> message_values(const store::DueRow& row, Date today,
                                                               const std::string& studio) {
    const auto& next = *row.next;
    return {{"name", row.name},
            {"first_name", first_name(row.name)},
            {"due", format_date(next.due)},
            {"due_relative", relative_day(next.due, today)},
            {"kind", std::string(due_kind_words(next.kind))},
            {"last_session", next.last_session ? format_date(*next.last_session) : ""},
            {"phone", row.phone.value_or("")},
            {"email", row.email.value_or("")},
            {"studio", studio}};
}

} // namespace

std::string consent_rule(Context& context, store::Store& store) {
    return context.config().requires_consent.value_or(store::file_consent_rule(store));
}

output::Record reminder_record(const Reminder& r, const std::string& name, bool machine) {
    return output::Record{{{"client_id", r.client_id},
                           {machine ? "client_name" : "name", name},
                           {"kind", std::string(due_kind_name(r.kind))},
                           {"due", r.due},
                           {"channel", r.channel},
                           {"address", r.address},
                           {"status", r.status},
                           {"message", r.message}},
                          {}};
}

output::Record attempt_record(const store::SendAttempt& a, const std::string& name, bool machine) {
    auto optional = [](const std::optional<std::string>& text) {
        return text ? output::Value{*text} : output::Value{};
    };
    return output::Record{
        {{"id", a.id},
         {"uuid", a.uuid},
         {"client_id", a.client_id},
         {machine ? "client_name" : "name", name},
         {"kind", std::string(due_kind_name(a.kind))},
         {"due", a.due},
         {"channel", a.channel},
         {"address", a.address},
         {"attempted_on", a.attempted_on},
         {"attempted_at", a.attempted_at},
         {"outcome", a.outcome},
         {"exit_status",
          a.exit_status ? output::Value{std::int64_t{*a.exit_status}} : output::Value{}},
         {"error", optional(a.error)},
         {"stderr_line", optional(a.stderr_line)}},
        {}};
}

namespace {

// What one `remind` run did, for the summary on stderr.
struct RemindTally {
    int due = 0, sent = 0, already = 0, not_allowed = 0, no_address = 0, bad_address = 0,
        failed = 0, lapsed = 0, no_consent = 0, gave_up = 0;
    std::vector<std::string> not_closed; // the dates of past bookings never closed
};

std::string summary(const RemindTally& t, const std::string& channel, bool dry_run) {
    std::vector<std::string> parts{
        fmt::format("{} {}", t.sent, dry_run ? "would be sent" : "sent")};
    if (t.already)
        parts.push_back(fmt::format("{} already sent", t.already));
    if (t.not_allowed)
        parts.push_back(
            fmt::format("{} not sent: the client does not allow reminders", t.not_allowed));
    if (t.no_consent)
        parts.push_back(fmt::format("{} not sent: no marketing consent", t.no_consent));
    if (t.lapsed)
        parts.push_back(
            fmt::format("{} not sent: lapsed (`smp touchup due --lapsed` lists them)", t.lapsed));
    if (t.gave_up)
        parts.push_back(fmt::format("{} not sent: reminder.max_failures reached", t.gave_up));
    if (t.no_address)
        parts.push_back(
            fmt::format("{} not sent: no {}", t.no_address,
                        channel_uses_email(channel) ? "email address" : "phone number"));
    if (!t.not_closed.empty())
        parts.push_back(fmt::format("{} not sent: booking on {} not closed", t.not_closed.size(),
                                    join(t.not_closed, ", ")));
    if (t.bad_address)
        parts.push_back(fmt::format("{} not sent: invalid address", t.bad_address));
    if (t.failed)
        parts.push_back(fmt::format("{} failed", t.failed));
    return fmt::format("reminders ({}): {}", channel, join(parts, "; "));
}

// An address stored before smp checked them strictly (one starting with "-", or with shell
// or control characters) must never reach a send command, where it could be read as an
// option: such an email or phone is dropped from the row. Returns the fields dropped.
std::set<std::string> drop_invalid_addresses(store::DueRow& row) {
    std::set<std::string> dropped;
    auto drop_unless_valid = [&](std::optional<std::string>& value, const char* field,
                                 std::string (*validate)(std::string_view)) {
        try {
            if (value && validate(*value) != *value)
                throw Error(Exit::data, "not in its canonical form");
        } catch (const Error&) {
            value.reset();
            dropped.insert(field);
        }
    };
    drop_unless_valid(row.email, "email", validate_email);
    drop_unless_valid(row.phone, "phone", validate_phone);
    return dropped;
}

// A reminder to write, with the client it goes to.
struct Pending {
    store::DueRow row;
    Reminder reminder;
};

// Who to write to and what: every client due who allows reminders, has not lapsed, has the
// consent the file asks for and an address for the channel that has not failed
// reminder.max_failures times in a row. Nothing is claimed yet.
std::vector<Pending> gather_reminders(Context& context, store::Store& store,
                                      const store::DueQuery& query, const std::string& channel,
                                      const Messages& messages, RemindTally& tally) {
    std::vector<Pending> pending;
    bool needs_marketing = consent_rule(context, store) == "marketing";
    store::for_each_due(store, query, [&](const store::DueRow& due_row) {
        ++tally.due;
        auto row = due_row;
        auto dropped = drop_invalid_addresses(row);
        auto address = channel_uses_email(channel) ? row.email : row.phone;
        if (!row.reminders_allowed) {
            ++tally.not_allowed;
            return;
        }
        if (lapse_of(context, store, row)) {
            ++tally.lapsed;
            return;
        }
        if (needs_marketing &&
            !store::consent_holds(store, row.client_id, "marketing", query.today)) {
            ++tally.no_consent;
            return;
        }
        // Their latest booking is past and still open: they may well have just been in.
        if (row.booked_until && *row.booked_until < query.today &&
            (!row.next->last_session || *row.next->last_session <= *row.booked_until)) {
            tally.not_closed.push_back(format_date(*row.booked_until));
            return;
        }
        if (!address && dropped.count(channel_uses_email(channel) ? "email" : "phone")) {
            ++tally.bad_address;
            context.warn(fmt::format("reminder to {} ({}) not sent: the stored {} is not a valid "
                                     "address; mend it with `smp client edit {}`",
                                     row.name, row.client_id,
                                     channel_uses_email(channel) ? "email" : "phone number",
                                     row.client_id));
            return;
        }
        if (!address) {
            ++tally.no_address;
            return;
        }
        if (int failures = store::failures_in_a_row(store, channel, *address);
            failures >= context.config().max_failures) {
            ++tally.gave_up;
            context.warn(fmt::format("reminder to {} ({}) not sent: the last {} sends to {} failed "
                                     "(reminder.max_failures); mend the address with `smp client "
                                     "edit {}`",
                                     row.name, row.client_id, failures, *address, row.client_id));
            return;
        }
        Reminder r;
        r.client_id = row.client_id;
        r.kind = row.next->kind;
        r.due = format_date(row.next->due);
        r.channel = channel;
        r.address = *address;
        r.status = "sending"; // until the command succeeded, or the message was written
        r.message =
            messages.render(r.kind, message_values(row, query.today, context.config().studio));
        pending.push_back({row, std::move(r)});
    });
    return pending;
}

// What one run of the send command did, as recorded.
store::SendAttempt attempt_of(const Reminder& r, const SendResult& sent, int limit, Date today) {
    store::SendAttempt a;
    a.client_id = r.client_id;
    a.kind = r.kind;
    a.due = r.due;
    a.channel = r.channel;
    a.address = r.address;
    a.attempted_on = format_date(today);
    a.attempted_at = utc_now();
    a.outcome = sent.status == 0 ? "sent" : "failed";
    if (sent.timed_out)
        a.error = fmt::format("stopped after {}s (reminder.exec_timeout)", limit);
    else if (sent.status > 128)
        a.error = fmt::format("ended by signal {}", sent.status - 128);
    else
        a.exit_status = sent.status;
    if (!sent.first_line.empty())
        a.stderr_line = sent.first_line;
    return a;
}

// Claims the sends and, with --exec, sends them. Without --exec all are claimed at once, in
// one transaction; with it one at a time, each claim released again if the command fails.
// Returns the reminders that went out (or would, with --dry-run).
std::vector<Pending> send_reminders(Context& context, store::Store& store,
                                    std::vector<Pending>& pending, const RemindOptions& o,
                                    Date today, RemindTally& tally) {
    store::RepeatRule rule{o.resend, context.config().reminder_repeat};
    std::vector<Pending> done;
    auto claim = [&](Pending& p) {
        bool ok = o.dry_run ? store::reminder_may_send(store, p.reminder, today, rule)
                            : store::claim_reminder(store, p.reminder, today, rule);
        if (!ok)
            ++tally.already;
        return ok;
    };
    if (!o.exec || o.dry_run) {
        auto claim_all = [&] {
            for (auto& p : pending)
                if (claim(p))
                    done.push_back(p);
        };
        if (o.dry_run)
            claim_all();
        else
            store.write(claim_all);
        return done;
    }
    int limit = o.exec_timeout ? parse_time_limit(*o.exec_timeout, "--exec-timeout")
                               : context.config().exec_timeout_seconds;
    for (auto& p : pending) {
        if (!store.write([&] { return claim(p); }))
            continue;
        auto sent = run_send_command(*o.exec, p.reminder, p.row, limit);
        int status = sent.status;
        auto attempt = attempt_of(p.reminder, sent, limit, today);
        store.write([&] {
            if (status == 0)
                store::confirm_reminder(store, p.reminder.id);
            else
                store::release_reminder(store, p.reminder.id);
            store::record_attempt(store, attempt);
        });
        if (status != 0) {
            ++tally.failed;
            auto how = sent.timed_out
                           ? fmt::format("did not finish within {}s and was stopped", limit)
                           : fmt::format("exited with status {}", status);
            if (!sent.first_line.empty())
                how += fmt::format(" (\"{}\")", sent.first_line);
            context.warn(fmt::format("reminder to {} ({}) not sent: the --exec command {}; it "
                                     "will be tried again next run",
                                     output::visible(p.row.name), p.row.client_id, how));
            continue;
        }
        p.reminder.status = "sent";
        done.push_back(p);
    }
    return done;
}

// A terminal gets the messages to read (with --exec, nothing: the command had them); scripts
// get one record per reminder.
void print_reminders(Context& context, const std::vector<Pending>& done, const RemindOptions& o,
                     const std::string& channel) {
    bool table = context.format() == output::Format::table;
    if (table && !(o.exec && !o.dry_run)) {
        for (const auto& p : done)
            fmt::print(context.out, "To: {} <{}> ({}, {} due {})\n{}\n\n",
                       output::visible(p.row.name), output::visible(p.reminder.address), channel,
                       due_kind_words(p.reminder.kind), p.reminder.due, p.reminder.message);
    } else if (!table) { // none: an empty document of the same shape ("[]", a header)
        bool machine = for_machines(context.format());
        write_list(context, {}, reminder_record(Reminder{}, "", machine), "", [&](auto&& emit) {
            for (const auto& p : done) {
                auto reminder = p.reminder;
                if (machine && reminder.status == "would send")
                    reminder.status = "would_send"; // an enum word
                emit(reminder_record(reminder, p.row.name, machine));
            }
        });
    }
}

// Without --exec the printed message is the reminder: each is claimed as "sending", printed,
// and recorded as sent only once standard output took all of it. A failed write (a full disk,
// a closed stdout) releases every claim, so the next run sends them again (exit 74).
void print_then_confirm(Context& context, store::Store& store, std::vector<Pending>& done,
                        const RemindOptions& o, const std::string& channel) {
    for (auto& p : done)
        p.reminder.status = "sent";
    try {
        print_reminders(context, done, o, channel);
        context.flush_output();
    } catch (...) {
        store.write([&] {
            for (const auto& p : done)
                store::release_reminder(store, p.reminder.id);
        });
        throw;
    }
    store.write([&] {
        for (const auto& p : done)
            store::confirm_reminder(store, p.reminder.id);
    });
}

// A person typing `smp touchup remind` at a terminal may only want to see the messages: they
// are recorded as sent only once the person says so (or gave --mark-sent). Off a terminal (a
// cron job) printing them is sending them, as it always was.
bool asks_first(Context& context, const RemindOptions& o) {
    return !o.exec && !o.dry_run && !o.mark_sent && context.out == stdout &&
           ::isatty(STDOUT_FILENO);
}

// Shows what would go out without claiming anything, then records as sent what the person
// agrees to; no claim is held while the question waits for an answer.
void show_then_ask(Context& context, store::Store& store, std::vector<Pending>& pending,
                   const RemindOptions& o, Date today, RemindTally& tally,
                   const std::string& channel) {
    RemindOptions look = o;
    look.dry_run = true;
    auto shown = send_reminders(context, store, pending, look, today, tally);
    if (shown.empty())
        throw NoMatch{};
    for (auto& p : shown)
        p.reminder.status = "shown";
    print_reminders(context, shown, o, channel);
    context.flush_output();
    auto question = fmt::format("Record {} reminder{} as sent (they will not be sent again)?",
                                shown.size(), shown.size() == 1 ? "" : "s");
    bool yes = context.options.yes;
    if (!yes && ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO))
        yes = context.confirm(question, "record the reminders as sent");
    if (!yes) {
        context.tell("Nothing recorded: the reminders shown will be shown again next run; give "
                     "--mark-sent to record them as sent, or --dry-run just to look");
        return;
    }
    store::RepeatRule rule{o.resend, context.config().reminder_repeat};
    int recorded = 0;
    store.write([&] {
        for (auto& p : shown) {
            p.reminder.status = "sent";
            if (store::claim_reminder(store, p.reminder, today, rule))
                ++recorded;
        }
    });
    tally.sent = recorded;
    tally.already += static_cast<int>(shown.size()) - recorded; // another run recorded them
    context.tell(summary(tally, channel, false));
}

} // namespace

void remind(Context& context, const RemindOptions& o) {
    auto messages = load_messages(context, o); // template errors before anything is sent
    if (o.exec_timeout)
        parse_time_limit(*o.exec_timeout, "--exec-timeout");
    auto channel =
        choices::reminder_channel.parse(o.channel.value_or(context.config().reminder_channel));
    auto query = due_query(context, o.due.within, o.due.kind, o.due.overdue);
    // Never creates a records file: a mistyped path in a cron job must fail (exit 66).
    auto& store = context.store(store::Access::existing);

    RemindTally tally;
    auto pending = gather_reminders(context, store, query, channel, messages, tally);
    if (tally.due == 0) {
        print_reminders(context, {}, o, channel); // a script still gets a document ("[]")
        throw NoMatch{};                          // silent: cron mails any output
    }
    if (asks_first(context, o))
        return show_then_ask(context, store, pending, o, query.today, tally, channel);
    auto done = send_reminders(context, store, pending, o, query.today, tally);
    tally.sent = static_cast<int>(done.size());
    if (o.dry_run)
        for (auto& p : done)
            p.reminder.status = "would send";
    if (!o.exec && !o.dry_run)
        print_then_confirm(context, store, done, o, channel);
    else
        print_reminders(context, done, o, channel);

    // Quiet when nothing went out: cron mails any output, and a daily "0 sent" is noise.
    // Missing consent and an address given up on repeat daily too, as unclosed bookings do:
    // each needs the practitioner to act.
    if (tally.sent > 0 || tally.failed > 0 || !tally.not_closed.empty() || tally.no_consent > 0 ||
        tally.gave_up > 0)
        context.tell(summary(tally, channel, o.dry_run));
    if (tally.failed)
        throw Error(Exit::unavailable,
                    fmt::format("{} of {} reminders failed to send; see the messages above",
                                tally.failed, tally.failed + tally.sent));
    if (done.empty())
        throw NoMatch{};
}

} // namespace smp::cli
