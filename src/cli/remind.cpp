#include "remind.hpp"

#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/domain/reminder.hpp>
#include <smp/io/atomic_file.hpp>
#include <smp/io/input_file.hpp>
#include <smp/output/ics.hpp>
#include <smp/store/aftercare.hpp>
#include <smp/store/calendar.hpp>
#include <smp/store/clients.hpp>
#include <smp/store/due.hpp>
#include <smp/store/reminders.hpp>
#include <smp/store/sessions.hpp>
#include <smp/util/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// `smp remind` and `smp touchup remind`: each message due goes out once, printed, or sent by a
// command of the practitioner's (--exec), recorded only once it went out.
namespace smp::cli {

Messages::Messages(Context& context, const RemindOptions& o)
    : m_default_footer(default_reminder_footer(context.config().studio)) {
    const auto& config = context.config();
    for (auto kind : k_message_kinds) {
        auto at = static_cast<std::size_t>(kind);
        auto name = message_kind_name(kind);
        std::span<const std::string_view> known = k_placeholders;
        if (is_service_message(kind))
            known = k_session_message_placeholders;
        std::string text =
            kind == MessageKind::followup ? config.followup_message
            : kind == MessageKind::touchup
                ? config.touchup_message
                : config.kind_message[at].value_or(std::string(default_message(kind)));
        m_text.emplace_back(text, Exit::config, fmt::format("reminder.{}.message", name), known);
        m_subject.emplace_back(config.kind_subject[at].value_or(std::string(default_subject(kind))),
                               Exit::config, fmt::format("reminder.{}.subject", name), known);
    }
    if (config.reminder_footer)
        m_footer.emplace(*config.reminder_footer, Exit::config, "reminder.footer");
    if (o.message)
        m_given.emplace(*o.message, Exit::usage, "--message");
    if (o.template_file) {
        // A message, not a book: 1 MiB is far more than any reminder.
        auto text = io::read_input_file(*o.template_file, "template file", 1 << 20, Exit::usage);
        m_given.emplace(text, Exit::usage, *o.template_file);
    }
}

std::string Messages::text(MessageKind kind, const MessageValues& values) const {
    bool replaced = m_given && !is_service_message(kind);
    auto text = (replaced ? *m_given : m_text[static_cast<std::size_t>(kind)]).render(values);
    auto last = m_footer ? m_footer->render(values) : m_default_footer;
    return last.empty() ? text : text + "\n\n" + last;
}

std::string Messages::subject(MessageKind kind, const MessageValues& values) const {
    return m_subject[static_cast<std::size_t>(kind)].render(values);
}

std::string consent_rule(Context& context, store::Store& store) {
    return context.config().requires_consent.value_or(store::file_consent_rule(store));
}

output::Record reminder_record(const Reminder& r, const std::string& name, bool machine) {
    return output::Record{
        {{"client_id", r.client_id},
         {machine ? "client_name" : "name", name},
         {"kind", std::string(message_kind_name(r.kind))},
         {"session_id", r.session_id ? output::Value{*r.session_id} : output::Value{}},
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
         {"kind", std::string(message_kind_name(a.kind))},
         {"session_id", a.session_id ? output::Value{*a.session_id} : output::Value{}},
         {"due", a.due},
         {"channel", a.channel},
         {"address", a.address},
         {"attempted_on", format_date(a.attempted_on)},
         {"attempted_at", a.attempted_at},
         {"outcome", a.outcome},
         {"exit_status",
          a.exit_status ? output::Value{std::int64_t{*a.exit_status}} : output::Value{}},
         {"error", optional(a.error)},
         {"stderr_line", optional(a.stderr_line)}},
        {}};
}

namespace {

std::string summary(const RemindTally& t, std::string_view what, const std::string& channel,
                    bool dry_run) {
    std::vector<std::string> parts{
        fmt::format("{} {}", t.sent, dry_run ? "would be sent" : "sent")};
    if (t.already)
        parts.push_back(fmt::format("{} already sent", t.already));
    if (t.refused_service)
        parts.push_back(fmt::format("{} not sent: the client refuses messages about sessions",
                                    t.refused_service));
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
    return fmt::format("{} ({}): {}", what, channel, join(parts, "; "));
}

// What one run of the send command did, as recorded.
store::SendAttempt attempt_of(const Reminder& r, const SendResult& sent, int limit, Date today) {
    store::SendAttempt a;
    a.client_id = r.client_id;
    a.kind = r.kind;
    a.session_id = r.session_id;
    a.due = r.due;
    a.channel = r.channel;
    a.address = r.address;
    a.attempted_on = today;
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

// Records a message as sent, in the caller's write transaction; an aftercare message is the
// session's aftercare, sent by its channel.
void confirm_sent(store::Store& store, const Outgoing& out, Date today) {
    store::confirm_reminder(store, out.reminder.id);
    if (out.reminder.kind == MessageKind::aftercare && out.reminder.session_id)
        store::record_aftercare(store, {*out.reminder.session_id, out.reminder.channel, today});
}

// A message's attachment as a file for the send command: private (0600, in a 0700 folder
// beside the records file, never /tmp: it names a client), removed once the command is done.
class AttachmentFile {
  public:
    AttachmentFile(const std::string& records, const Outgoing& out) {
        if (out.attachment_name.empty())
            return;
        auto folder = records + ".outbox";
        if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
            throw Error(Exit::cant_create, fmt::format("cannot make the folder \"{}\" for an "
                                                       "attachment: {}",
                                                       folder, std::strerror(errno)));
        ::chmod(folder.c_str(), 0700);
        m_folder = folder;
        m_path = folder + "/" + out.attachment_name;
        io::AtomicFile file(m_path);
        std::fwrite(out.attachment.data(), 1, out.attachment.size(), file.stream());
        file.commit(); // checks every write
    }
    AttachmentFile(const AttachmentFile&) = delete;
    AttachmentFile& operator=(const AttachmentFile&) = delete;
    ~AttachmentFile() {
        if (m_path.empty())
            return;
        ::unlink(m_path.c_str());
        ::rmdir(m_folder.c_str()); // only when empty: another run may be sending
    }
    const std::string& path() const { return m_path; }

  private:
    std::string m_folder, m_path;
};

// How one send ended, to be recorded: the message sent, or its claim released for the next
// run, and the attempt either way.
struct Outcome {
    Outgoing* out = nullptr;
    bool sent = false;
    store::SendAttempt attempt;
};

void record_outcome(store::Store& store, Outcome& outcome, Date today) {
    if (outcome.sent)
        confirm_sent(store, *outcome.out, today);
    else
        store::release_reminder(store, outcome.out->reminder.id);
    store::record_attempt(store, outcome.attempt);
}

// How a claimed message's command ended; a failure is counted and told.
Outcome outcome_of(Context& context, Outgoing& out, const SendResult& sent, int limit, Date today,
                   RemindTally& tally) {
    Outcome outcome{&out, sent.status == 0, attempt_of(out.reminder, sent, limit, today)};
    if (outcome.sent) {
        out.reminder.status = "sent";
        return outcome;
    }
    ++tally.failed;
    auto how = sent.timed_out ? fmt::format("did not finish within {}s and was stopped", limit)
                              : fmt::format("exited with status {}", sent.status);
    if (!sent.first_line.empty())
        how += fmt::format(" (\"{}\")", output::visible(sent.first_line));
    context.warn(fmt::format("{} to {} ({}) not sent: the --exec command {}; it will be tried "
                             "again next run",
                             message_kind_name(out.reminder.kind), output::visible(out.to.name),
                             out.to.client_id, how));
    return outcome;
}

// Sends each message by --exec, one at a time, each claimed before its command starts (the
// write lock keeps a second job from claiming it too) and recorded once it has ended. One
// commit per message, made while the message before it is being sent: it records the outcome
// of the one before that and claims the next. A commit is a few fsyncs, most of what a message
// costs beyond its command, and so it is hidden behind the command instead of added to it.
// (A run killed outright leaves at most two claims unrecorded, the message being sent and
// the next; `smp check` names them.)
void send_each(Context& context, store::Store& store, std::vector<Outgoing>& pending,
               const std::function<bool(Outgoing&)>& claim, const std::string& command, int limit,
               Date today, RemindTally& tally, std::vector<Outgoing>& done) {
    std::vector<Outcome> unrecorded;
    auto record_all = [&] {
        for (auto& outcome : unrecorded)
            record_outcome(store, outcome, today);
    };
    auto next = pending.begin();
    // Records what was sent and claims the next message that may go, in one transaction.
    auto record_and_claim = [&]() -> Outgoing* {
        Outgoing* claimed = nullptr;
        store.write([&] {
            record_all();
            while (!claimed && next != pending.end())
                if (auto& out = *next++; claim(out))
                    claimed = &out;
        });
        unrecorded.clear();
        return claimed;
    };
    for (auto* out = record_and_claim(); out;) {
        std::optional<AttachmentFile> attachment;
        RunningCommand running;
        try {
            attachment.emplace(store.path(), *out);
            running = start_send_command(command, *out, attachment->path());
        } catch (...) { // it never started: the claim goes, for the next run to send it
            store.write([&] { store::release_reminder(store, out->reminder.id); });
            throw;
        }
        Outgoing* following = nullptr;
        try {
            following = record_and_claim();
        } catch (...) { // the message is going out: record that at least
            unrecorded.push_back(outcome_of(context, *out, finish_send_command(running, limit),
                                            limit, today, tally));
            store.write(record_all);
            throw;
        }
        unrecorded.push_back(
            outcome_of(context, *out, finish_send_command(running, limit), limit, today, tally));
        if (unrecorded.back().sent)
            done.push_back(*out);
        out = following;
    }
    if (!unrecorded.empty())
        store.write(record_all);
}

// Claims the sends and, with --exec, sends them. Without --exec all are claimed at once, in
// one transaction; with it one at a time, each claim released again if the command fails.
// Returns the messages that went out (or would, with --dry-run).
std::vector<Outgoing> send_reminders(Context& context, store::Store& store,
                                     std::vector<Outgoing>& pending, const RemindOptions& o,
                                     Date today, RemindTally& tally) {
    store::RepeatRule rule{o.resend, context.config().reminder_repeat};
    std::vector<Outgoing> done;
    auto claim = [&](Outgoing& out) {
        bool ok = o.dry_run ? store::reminder_may_send(store, out.reminder, today, rule)
                            : store::claim_reminder(store, out.reminder, today, rule);
        if (!ok)
            ++tally.already;
        return ok;
    };
    if (!o.exec || o.dry_run) {
        auto claim_all = [&] {
            for (auto& out : pending)
                if (claim(out))
                    done.push_back(out);
        };
        if (o.dry_run)
            claim_all();
        else
            store.write(claim_all);
        return done;
    }
    int limit = o.exec_timeout ? parse_time_limit(*o.exec_timeout, "--exec-timeout")
                               : context.config().exec_timeout_seconds;
    send_each(context, store, pending, claim, *o.exec, limit, today, tally, done);
    return done;
}

// What a message is about, as the printed header says it: "follow-up due 2026-07-01",
// "booking 2026-06-16 10:00".
std::string about(const Reminder& r) {
    if (!is_service_message(r.kind))
        return fmt::format("{} due {}", due_kind_words(parse_due_kind(message_kind_name(r.kind))),
                           r.due);
    auto slot = r.due;
    std::replace(slot.begin(), slot.end(), 'T', ' ');
    return fmt::format("{} {}", message_kind_name(r.kind), slot);
}

output::Record message_record(const Outgoing& out, bool machine, bool full) {
    auto reminder = out.reminder;
    if (machine && reminder.status == "would send")
        reminder.status = "would_send"; // an enum word
    auto record = reminder_record(reminder, out.to.name, machine);
    if (full) {
        auto& fields = record.fields;
        fields.push_back({"subject", out.subject});
        fields.push_back({"attachment", out.attachment_name.empty()
                                            ? output::Value{}
                                            : output::Value{out.attachment_name}});
    }
    return record;
}

// A terminal gets the messages to read (with --exec, nothing: the command had them); scripts
// get one record per message.
void print_reminders(Context& context, const std::vector<Outgoing>& done, const RemindOptions& o,
                     const std::string& channel) {
    bool table = context.format() == output::Format::table;
    if (table && !(o.exec && !o.dry_run)) {
        for (const auto& out : done) {
            fmt::print(context.out, "To: {} <{}> ({}, {})\n", output::visible(out.to.name),
                       output::visible(out.reminder.address), channel, about(out.reminder));
            if (o.every_kind)
                fmt::print(context.out, "Subject: {}\n", output::visible(out.subject));
            if (!out.attachment_name.empty())
                fmt::print(context.out, "Attachment: {}\n", out.attachment_name);
            fmt::print(context.out, "{}\n\n", out.reminder.message);
        }
    } else if (!table) { // none: an empty document of the same shape ("[]", a header)
        bool machine = for_machines(context.format());
        write_list(context, {}, message_record(Outgoing{}, machine, o.every_kind), "",
                   [&](auto&& emit) {
                       for (const auto& out : done)
                           emit(message_record(out, machine, o.every_kind));
                   });
    }
}

// Without --exec the printed message is the reminder: each is claimed as "sending", printed,
// and recorded as sent only once standard output took all of it. A failed write (a full disk,
// a closed stdout) releases every claim, so the next run sends them again (exit 74).
void print_then_confirm(Context& context, store::Store& store, std::vector<Outgoing>& done,
                        const RemindOptions& o, const std::string& channel, Date today) {
    for (auto& out : done)
        out.reminder.status = "sent";
    try {
        print_reminders(context, done, o, channel);
        context.flush_output();
    } catch (...) {
        store.write([&] {
            for (const auto& out : done)
                store::release_reminder(store, out.reminder.id);
        });
        throw;
    }
    store.write([&] {
        for (const auto& out : done)
            confirm_sent(store, out, today);
    });
}

// A person typing `smp remind` at a terminal may only want to see the messages: they are
// recorded as sent only once the person says so (or gave --mark-sent). Off a terminal (a cron
// job) printing them is sending them, as it always was.
bool asks_first(Context& context, const RemindOptions& o) {
    return !o.exec && !o.dry_run && !o.mark_sent && context.out == stdout &&
           ::isatty(STDOUT_FILENO);
}

std::string_view what_is_sent(const RemindOptions& o) {
    return o.every_kind ? "messages" : "reminders";
}

// Shows what would go out without claiming anything, then records as sent what the person
// agrees to; no claim is held while the question waits for an answer.
void show_then_ask(Context& context, store::Store& store, std::vector<Outgoing>& pending,
                   const RemindOptions& o, Date today, RemindTally& tally,
                   const std::string& channel) {
    RemindOptions look = o;
    look.dry_run = true;
    auto shown = send_reminders(context, store, pending, look, today, tally);
    if (shown.empty())
        throw NoMatch{};
    for (auto& out : shown)
        out.reminder.status = "shown";
    print_reminders(context, shown, o, channel);
    context.flush_output();
    auto what = what_is_sent(o);
    auto question = fmt::format("Record {} {} as sent (they will not be sent again)?", shown.size(),
                                shown.size() == 1 ? what.substr(0, what.size() - 1) : what);
    bool yes = context.options.yes;
    if (!yes && ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO))
        yes = context.confirm(question, fmt::format("record the {} as sent", what));
    if (!yes) {
        context.tell(fmt::format("Nothing recorded: the {} shown will be shown again next run; "
                                 "give --mark-sent to record them as sent, or --dry-run just to "
                                 "look",
                                 what));
        return;
    }
    store::RepeatRule rule{o.resend, context.config().reminder_repeat};
    int recorded = 0;
    store.write([&] {
        for (auto& out : shown) {
            out.reminder.status = "sent";
            if (store::claim_reminder(store, out.reminder, today, rule)) {
                confirm_sent(store, out, today);
                ++recorded;
            }
        }
    });
    tally.sent = recorded;
    tally.already += static_cast<int>(shown.size()) - recorded; // another run recorded them
    context.tell(summary(tally, what_is_sent(o), channel, false));
}

// The kinds a run sends: --kind, else every kind (`smp remind`) or the due ones (`smp
// touchup remind`, narrowed by its own --kind).
std::set<MessageKind> wanted_kinds(const RemindOptions& o) {
    std::set<MessageKind> kinds;
    if (!o.kinds.empty()) {
        for (const auto& name : parse_choices(choices::message_kind, o.kinds))
            kinds.insert(parse_message_kind(name));
        return kinds;
    }
    if (o.every_kind)
        return {std::begin(k_message_kinds), std::end(k_message_kinds)};
    return {MessageKind::followup, MessageKind::touchup};
}

} // namespace

std::vector<Reminder> unfinished_claims(Context& context, store::Store& store) {
    // A live run holds a claim while it sends that message and the one before it, each
    // stopped after exec_timeout and two seconds' grace; a printing run while its output is
    // read. An hour is past either for any time limit under half an hour.
    auto held = std::chrono::seconds(2 * (context.config().exec_timeout_seconds + 2) + 60);
    return store::unfinished_claims(store,
                                    utc_before_now(std::max(held, std::chrono::seconds(3600))));
}

std::string describe_claim(const Reminder& claim) {
    return fmt::format("{} to {} (client {}), claimed {}", message_kind_name(claim.kind),
                       output::visible(claim.address), claim.client_id, claim.sent_at);
}

namespace {

// Claims left by a run that stopped block their messages for good: said on every run until
// the practitioner decides, and released for sending again with --retry-unfinished.
void handle_unfinished(Context& context, store::Store& store, const RemindOptions& o,
                       const std::set<MessageKind>& kinds) {
    auto claims = unfinished_claims(context, store);
    std::erase_if(claims, [&](const Reminder& claim) { return !kinds.count(claim.kind); });
    if (claims.empty())
        return;
    auto count = fmt::format("{} message{}", claims.size(), claims.size() == 1 ? "" : "s");
    if (o.retry_unfinished && !o.dry_run) {
        store.write([&] {
            for (const auto& claim : claims)
                store::release_reminder(store, claim.id);
        });
        context.tell(
            fmt::format("{} left unfinished by a run that stopped will be sent again", count));
        return;
    }
    auto first = describe_claim(claims.front());
    context.warn(claims.size() == 1
                     ? fmt::format("1 message ({}) was claimed by a remind run that stopped "
                                   "before it recorded whether it went out, and is not sent "
                                   "again; ask the client, or give --retry-unfinished to send "
                                   "it again",
                                   first)
                     : fmt::format("{} ({}, ...) were claimed by a remind run that stopped "
                                   "before it recorded whether they went out, and are not sent "
                                   "again; ask the clients (`smp check` lists them), or give "
                                   "--retry-unfinished to send them again",
                                   count, first));
}

} // namespace

void remind(Context& context, const RemindOptions& o) {
    Messages messages(context, o); // template errors before anything is sent
    if (o.exec_timeout)
        parse_time_limit(*o.exec_timeout, "--exec-timeout");
    auto kinds = wanted_kinds(o);
    auto channel =
        choices::reminder_channel.parse(o.channel.value_or(context.config().reminder_channel));
    auto query = due_query(context, o.due.within, o.due.kind, o.due.overdue);
    // Never creates a records file: a mistyped path in a cron job must fail (exit 66).
    auto& store = context.store(store::Access::existing);
    handle_unfinished(context, store, o, kinds);

    RemindTally tally;
    std::vector<Outgoing> pending;
    if (kinds.count(MessageKind::followup) || kinds.count(MessageKind::touchup)) {
        if (!(kinds.count(MessageKind::followup) && kinds.count(MessageKind::touchup)))
            query.kind = kinds.count(MessageKind::followup) ? DueKind::followup : DueKind::touchup;
        pending = gather_due_reminders(context, store, query, channel, messages, tally);
    }
    auto service =
        gather_service_messages(context, store, kinds, query.today, channel, messages, tally);
    pending.insert(pending.begin(), std::make_move_iterator(service.begin()),
                   std::make_move_iterator(service.end()));
    if (tally.due == 0) {
        print_reminders(context, {}, o, channel); // a script still gets a document ("[]")
        throw NoMatch{};                          // silent: cron mails any output
    }
    if (asks_first(context, o))
        return show_then_ask(context, store, pending, o, query.today, tally, channel);
    auto done = send_reminders(context, store, pending, o, query.today, tally);
    tally.sent = static_cast<int>(done.size());
    if (o.dry_run)
        for (auto& out : done)
            out.reminder.status = "would send";
    if (!o.exec && !o.dry_run)
        print_then_confirm(context, store, done, o, channel, query.today);
    else
        print_reminders(context, done, o, channel);

    // Quiet when nothing went out: cron mails any output, and a daily "0 sent" is noise.
    // Missing consent and an address given up on repeat daily too, as unclosed bookings do:
    // each needs the practitioner to act.
    if (tally.sent > 0 || tally.failed > 0 || !tally.not_closed.empty() || tally.no_consent > 0 ||
        tally.gave_up > 0)
        context.tell(summary(tally, what_is_sent(o), channel, o.dry_run));
    if (tally.failed)
        throw Error(Exit::unavailable,
                    fmt::format("{} of {} {} failed to send; see the messages above", tally.failed,
                                tally.failed + tally.sent, what_is_sent(o)));
    if (done.empty())
        throw NoMatch{};
}

} // namespace smp::cli
