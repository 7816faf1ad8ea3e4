#include "send_command.hpp"

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

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace smp::cli {
namespace {

// Where a client stands today: due, overdue, upcoming, or kept off the due list by a booking
// or a snooze.
std::string due_status(const store::DueRow& row, Date today) {
    if (row.archived)
        return "archived";
    if (!row.next)
        return "nothing due";
    if (row.snoozed_until && *row.snoozed_until > today)
        return "snoozed";
    if (row.booked_until && *row.booked_until >= today)
        return "booked";
    if (row.next->overdue_after < today)
        return "overdue";
    return row.next->due <= today ? "due" : "upcoming";
}

output::Value date_or_empty(const std::optional<Date>& date) {
    return date ? output::Value{format_date(*date)} : output::Value{};
}

// A client on the due list (`touchup due`).
output::Record due_record(const store::DueRow& row, Date today) {
    const auto& next = *row.next;
    return output::Record{{{"client_id", row.client_id},
                           {"name", row.name},
                           {"phone", text_or_empty(row.phone)},
                           {"email", text_or_empty(row.email)},
                           {"kind", std::string(due_kind_name(next.kind))},
                           {"due", format_date(next.due)},
                           {"overdue", next.overdue_after < today},
                           {"days_overdue", std::int64_t{days_overdue(next, today)}},
                           {"last_session", date_or_empty(next.last_session)},
                           {"reminders_allowed", row.reminders_allowed}},
                          {}};
}

// A client's next due date and why (`touchup list`, `touchup set`, `client show`).
output::Record next_due_record(const store::DueRow& row, Date today) {
    auto next = row.next;
    return output::Record{
        {{"client_id", row.client_id},
         {"name", row.name},
         {"kind", next ? output::Value{std::string(due_kind_name(next->kind))} : output::Value{}},
         {"due", next ? output::Value{format_date(next->due)} : output::Value{}},
         {"status", due_status(row, today)},
         {"reason", next           ? output::Value{next->reason}
                    : row.archived ? output::Value{"archived: not chased until unarchived"}
                                   : output::Value{"nothing to chase: no course session done yet"}},
         {"last_session", next ? date_or_empty(next->last_session) : output::Value{}},
         {"booked_until", date_or_empty(row.booked_until)},
         {"snoozed_until", date_or_empty(row.snoozed_until)}},
        {}};
}

std::optional<DueKind> parse_kind_option(const std::string& kind) {
    if (kind == "all")
        return std::nullopt;
    return parse_due_kind(kind);
}

store::DueQuery due_query(Context& context, const std::optional<std::string>& within,
                          const std::string& kind, bool overdue_only) {
    store::DueQuery query;
    query.today = context.today();
    query.until = add_span(query.today, within ? parse_interval(*within) : context.config().due_within);
    query.kind = parse_kind_option(kind);
    query.overdue_only = overdue_only;
    return query;
}

output::CalendarEvent due_event(const store::DueRow& row) {
    const auto& next = *row.next;
    output::CalendarEvent event;
    event.uid = fmt::format("{}-{}@smp", row.client_uuid, due_kind_name(next.kind));
    event.date = format_date(next.due);
    event.summary = fmt::format("{} due: {}", due_kind_words(next.kind), row.name);
    std::vector<std::string> lines{next.reason};
    if (row.phone)
        lines.push_back("Phone: " + *row.phone);
    if (row.email)
        lines.push_back("Email: " + *row.email);
    event.description = join(lines, "\n");
    return event;
}

// A cancelled session, so that a calendar holding it removes it.
output::CalendarEvent cancelled_event(const store::CancelledSession& session) {
    output::CalendarEvent event;
    event.uid = session.uuid + "@smp";
    event.date = session.date;
    event.start_minutes = session.time;
    event.duration_minutes = session.duration;
    event.summary = "SMP: " + session.client_name + " (cancelled)";
    event.sequence = session.sequence;
    event.cancelled = true;
    return event;
}

output::CalendarEvent session_event(const store::SessionRow& row) {
    const auto& s = row.session;
    output::CalendarEvent event;
    event.uid = s.uuid + "@smp";
    event.date = s.date;
    event.start_minutes = s.time;
    event.duration_minutes = s.duration;
    auto number = row.course_number > 0
                      ? fmt::format(" (session {} of {})", row.course_number, row.course_planned)
                      : fmt::format(" ({})", s.kind);
    event.summary = "SMP: " + row.client_name + number;
    std::vector<std::string> lines;
    if (!s.areas.empty())
        lines.push_back("Areas: " + join(s.areas, ", "));
    if (s.notes)
        lines.push_back("Notes: " + *s.notes);
    event.description = join(lines, "\n");
    return event;
}

// Due clients and booked sessions from today to `until`, as one calendar; returns how many
// events it holds.
int write_calendar(Context& context, const store::DueQuery& query, bool with_sessions) {
    auto& store = context.store(store::Access::read);
    const auto& config = context.config();
    output::CalendarWriter calendar(context.out, utc_stamp(), config.time_zone);
    int events = 0;
    store::for_each_due(store, query, [&](const store::DueRow& row) {
        calendar.event(due_event(row));
        ++events;
    });
    if (with_sessions) {
        store::SessionFilter filter;
        filter.from = format_date(query.today);
        filter.to = format_date(query.until);
        filter.status = "scheduled";
        auto sequences = store::calendar_sequences(store, *filter.from, *filter.to);
        store::for_each_session(store, filter, config.planned_sessions,
                                [&](const store::SessionRow& row) {
                                    auto event = session_event(row);
                                    if (auto found = sequences.find(row.session.uuid);
                                        found != sequences.end())
                                        event.sequence = found->second;
                                    calendar.event(event);
                                    ++events;
                                });
        // Cancelled within calendar.keep_cancelled, counted back from the real clock (the
        // cancellation's own time), not --as-of.
        auto kept_since = add_span(local_today(), config.calendar_keep_cancelled, -1);
        store::for_each_cancelled_session(store, format_date(kept_since) + "T00:00:00Z",
                                          *filter.from,
                                          [&](const store::CancelledSession& session) {
                                              calendar.event(cancelled_event(session));
                                          });
    }
    calendar.finish();
    return events;
}

struct DueOptions {
    std::optional<std::string> within;
    std::string kind = "all";
    bool overdue = false;
};

void list_due(Context& context, const DueOptions& o) {
    auto query = due_query(context, o.within, o.kind, o.overdue);
    if (context.format() == output::Format::ics) {
        if (write_calendar(context, query, false) == 0)
            throw NoMatch{}; // an empty calendar, and exit 1 as for every other format
        return;
    }
    auto& store = context.store(store::Access::read);
    store::DueRow empty;
    empty.next = NextDue{};
    auto count = write_list(context,
                            {"client_id", "name", "kind", "due", "days_overdue", "overdue",
                             "last_session", "phone", "email"},
                            due_record(empty, query.today), "nobody is due",
                            [&](auto&& emit) {
                                store::for_each_due(store, query, [&](const store::DueRow& row) {
                                    emit(due_record(row, query.today));
                                });
                            },
                            {"email", "overdue", "last_session", "days_overdue", "kind"});
    if (count == 0)
        throw NoMatch{};
}

void list_next_due(Context& context) {
    auto& store = context.store(store::Access::read);
    auto today = context.today();
    auto count = write_list(context, {"client_id", "name", "kind", "due", "status", "reason"},
                            next_due_record(store::DueRow{}, today), "no clients",
                            [&](auto&& emit) {
                                store::for_each_next_due(store, [&](const store::DueRow& row) {
                                    emit(next_due_record(row, today));
                                });
                            },
                            {"kind", "status"});
    if (count == 0)
        throw NoMatch{};
}

// Changes a client's touch-up or snooze settings in one transaction and reports where they
// stand afterwards.
template <typename Change>
void change_settings(Context& context, const std::string& reference, std::string_view verb,
                     Change&& change) {
    auto& store = context.store(store::Access::read); // a client must exist: never create a file
    auto row = store.write([&] {
        auto client = store::resolve_client(store, reference);
        change(client);
        store::update_client(store, client);
        return store::due_for_client(store, client.id);
    });
    auto record = next_due_record(row, context.today());
    auto status = row.next ? fmt::format("{} due {} ({})", due_kind_words(row.next->kind),
                                         format_date(row.next->due), due_status(row, context.today()))
                           : std::string("nothing due");
    context.report_change(verb, "client", row.client_id, row.name + ": " + status, record);
}

struct SetOptions {
    std::optional<std::string> every, due;
    bool clear = false;
};

void set_touchup(Context& context, const std::string& reference, const SetOptions& o) {
    if (!o.every && !o.due && !o.clear)
        throw Error(Exit::usage, "give --every SPAN, --due DATE or --clear");
    std::optional<std::string> every, due;
    if (o.every) {
        auto span = parse_interval(*o.every);
        if (add_span(context.today(), span) <= context.today())
            throw Error(Exit::usage, fmt::format("touch-up interval \"{}\" is no time at all; give "
                                                 "a span such as 3y or 18mo",
                                                 *o.every));
        every = format_span(span);
    }
    if (o.due)
        due = format_date(parse_date(*o.due, context.today()));
    change_settings(context, reference, "Updated", [&](Client& client) {
        // A pinned date holds only until a session on or after it: one before the last session
        // would be ignored at once.
        if (due)
            if (auto last = store::previous_done_date(context.store(store::Access::read), client.id,
                                                      "9999-12-31", std::nullopt);
                last && *due <= *last)
                throw Error(Exit::data,
                            fmt::format("touch-up date {} is not after {}'s last session on {}; "
                                        "give a later date",
                                        *due, output::visible(client.name), *last));
        if (o.clear) {
            client.touchup_every.reset();
            client.touchup_due.reset();
        }
        if (every) {
            client.touchup_every = every;
            client.touchup_due.reset(); // a new interval replaces a pinned date
        }
        if (due)
            client.touchup_due = due;
    });
}

void snooze(Context& context, const std::string& reference, const std::optional<std::string>& until,
            bool clear) {
    if (!until && !clear)
        throw Error(Exit::usage, "give --until DATE, or --clear to stop snoozing");
    std::optional<std::string> date;
    if (until) {
        auto day = parse_date(*until, context.today());
        if (day <= context.today())
            throw Error(Exit::data, fmt::format("snooze date {} is not after today ({}); give a "
                                                "later date, or --clear to stop snoozing",
                                                format_date(day), format_date(context.today())));
        date = format_date(day);
    }
    change_settings(context, reference, clear ? "Unsnoozed" : "Snoozed",
                    [&](Client& client) { client.snoozed_until = date; });
}

struct RemindOptions {
    DueOptions due;
    std::optional<std::string> template_file, message, channel, exec, exec_timeout;
    bool dry_run = false, resend = false;
};

// The messages to use per kind: one from --message or --template for both, else the config's.
struct Messages {
    std::optional<MessageTemplate> given;
    MessageTemplate followup, touchup;
    const MessageTemplate& for_kind(DueKind kind) const {
        return given ? *given : kind == DueKind::followup ? followup : touchup;
    }
};

Messages load_messages(Context& context, const RemindOptions& o) {
    const auto& config = context.config();
    Messages messages{std::nullopt,
                      MessageTemplate(config.followup_message, Exit::config,
                                      "reminder.followup_message"),
                      MessageTemplate(config.touchup_message, Exit::config,
                                      "reminder.touchup_message")};
    if (o.message)
        messages.given.emplace(*o.message, Exit::usage, "--message");
    if (o.template_file) {
        // A message, not a book: 1 MiB is far more than any reminder.
        auto text = io::read_input_file(*o.template_file, "template file", 1 << 20, Exit::usage);
        messages.given.emplace(text, Exit::usage, *o.template_file);
    }
    return messages;
}

std::string first_name(const std::string& name) {
    auto space = name.find(' ');
    return space == std::string::npos ? name : name.substr(0, space);
}

std::map<std::string, std::string, std::less<>> message_values(const store::DueRow& row,
                                                               Date today,
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

output::Record reminder_record(const store::Reminder& r, const std::string& name) {
    return output::Record{{{"client_id", r.client_id},
                           {"name", name},
                           {"kind", std::string(due_kind_name(r.kind))},
                           {"due", r.due},
                           {"channel", r.channel},
                           {"address", r.address},
                           {"status", r.status},
                           {"message", r.message}},
                          {}};
}

namespace {

// What one `remind` run did, for the summary on stderr.
struct RemindTally {
    int due = 0, sent = 0, already = 0, not_allowed = 0, no_address = 0, bad_address = 0,
        failed = 0;
    std::vector<std::string> not_closed; // the dates of past bookings never closed
};

std::string summary(const RemindTally& t, const std::string& channel, bool dry_run) {
    std::vector<std::string> parts{
        fmt::format("{} {}", t.sent, dry_run ? "would be sent" : "sent")};
    if (t.already)
        parts.push_back(fmt::format("{} already sent", t.already));
    if (t.not_allowed)
        parts.push_back(fmt::format("{} not sent: the client does not allow reminders",
                                    t.not_allowed));
    if (t.no_address)
        parts.push_back(fmt::format("{} not sent: no {}", t.no_address,
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
    store::Reminder reminder;
};

// Who to write to and what: every client due who allows reminders and has an address for the
// channel. Nothing is claimed yet.
std::vector<Pending> gather_reminders(Context& context, store::Store& store,
                                      const store::DueQuery& query, const std::string& channel,
                                      const Messages& messages, RemindTally& tally) {
    std::vector<Pending> pending;
    store::for_each_due(store, query, [&](const store::DueRow& due_row) {
        ++tally.due;
        auto row = due_row;
        auto dropped = drop_invalid_addresses(row);
        auto address = channel_uses_email(channel) ? row.email : row.phone;
        if (!row.reminders_allowed) {
            ++tally.not_allowed;
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
        store::Reminder r;
        r.client_id = row.client_id;
        r.kind = row.next->kind;
        r.due = format_date(row.next->due);
        r.channel = channel;
        r.address = *address;
        r.status = "sending"; // until the command succeeded, or the message was written
        r.message = messages.for_kind(r.kind).render(
            message_values(row, query.today, context.config().studio));
        pending.push_back({row, std::move(r)});
    });
    return pending;
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
        store.write([&] {
            if (status == 0)
                store::confirm_reminder(store, p.reminder.id);
            else
                store::release_reminder(store, p.reminder.id);
        });
        if (status != 0) {
            ++tally.failed;
            auto how = sent.timed_out
                           ? fmt::format("did not finish within {}s and was stopped", limit)
                           : fmt::format("exited with status {}", status);
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
    } else if (!table && !done.empty()) {
        write_list(context, {}, reminder_record(store::Reminder{}, ""), "", [&](auto&& emit) {
            for (const auto& p : done)
                emit(reminder_record(p.reminder, p.row.name));
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

void remind(Context& context, const RemindOptions& o) {
    auto messages = load_messages(context, o); // template errors before anything is sent
    if (o.exec_timeout)
        parse_time_limit(*o.exec_timeout, "--exec-timeout");
    auto channel = choices::reminder_channel.parse(o.channel.value_or(context.config().reminder_channel));
    auto query = due_query(context, o.due.within, o.due.kind, o.due.overdue);
    // Never creates a records file: a mistyped path in a cron job must fail (exit 66).
    auto& store = context.store(store::Access::read);

    RemindTally tally;
    auto pending = gather_reminders(context, store, query, channel, messages, tally);
    if (tally.due == 0)
        throw NoMatch{}; // silent: cron mails any output
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
    if (tally.sent > 0 || tally.failed > 0 || !tally.not_closed.empty())
        context.tell(summary(tally, channel, o.dry_run));
    if (tally.failed)
        throw Error(Exit::unavailable,
                    fmt::format("{} of {} reminders failed to send; see the messages above",
                                tally.failed, tally.failed + tally.sent));
    if (done.empty())
        throw NoMatch{};
}

} // namespace

// The due list shown by `client show`: kind, date, status and reason, appended to its record.
void add_next_due_fields(Context& context, std::int64_t client_id, output::Record& record) {
    auto row = store::due_for_client(context.store(store::Access::read), client_id);
    auto next = next_due_record(row, context.today());
    for (const auto& name : {"kind", "due", "status", "reason"})
        for (const auto& field : next.fields)
            if (field.name == name)
                record.fields.push_back({std::string("next_due_") + name, field.value});
}

void fill_touchup_command(CLI::App* touchup, Context& context) {
    touchup->require_subcommand(1);
    struct Arguments {
        std::string reference;
        DueOptions due;
        SetOptions set;
        std::optional<std::string> until;
        bool clear = false;
        RemindOptions remind;
    };
    auto args = std::make_shared<Arguments>();
    auto add_client_reference = [&args](CLI::App* command) {
        command->add_option("CLIENT", args->reference, "Client id or part of the name")->required();
    };
    auto add_due_options = [](CLI::App* command, DueOptions& o, bool kinds) {
        command->add_option("--within", o.within,
                            "Due on or before today + SPAN (default touchup.within, 30d)")
            ->type_name("SPAN");
        if (!kinds)
            return;
        command->add_option("--kind", o.kind, "followup, touchup or all (the default)")
            ->type_name("KIND")
            ->check(CLI::IsMember({"followup", "touchup", "all"}));
        command->add_flag("--overdue", o.overdue, "Only clients who are overdue");
    };
    auto allow_calendar = [&context](CLI::App* command) {
        command->preparse_callback([&context](std::size_t) { context.calendar_format = true; });
    };

    auto due = touchup->add_subcommand("due", "Clients due for a follow-up or touch-up "
                                              "(exit 1 when none)");
    add_due_options(due, args->due, true);
    allow_calendar(due);
    when_run(due, context, [&context, args] { list_due(context, args->due); });

    auto list = touchup->add_subcommand("list", "Every client's next due date and why");
    when_run(list, context, [&context] { list_next_due(context); });

    auto set = touchup->add_subcommand("set", "Set a client's touch-up interval or date");
    add_client_reference(set);
    set->add_option("--every", args->set.every, "Touch-up this long after the last session, "
                                                "e.g. 3y or 30mo")
        ->type_name("SPAN");
    set->add_option("--due", args->set.due, "Pin the next touch-up to this date")
        ->type_name("DATE");
    set->add_flag("--clear", args->set.clear, "Back to the practice's interval (touchup.every)");
    when_run(set, context, [&context, args] { set_touchup(context, args->reference, args->set); });

    auto snooze_command = touchup->add_subcommand("snooze", "Keep a client off the due list "
                                                            "until a date");
    add_client_reference(snooze_command);
    auto until = snooze_command->add_option("--until", args->until, "First day they are due again")
                     ->type_name("DATE");
    snooze_command->add_flag("--clear", args->clear, "Stop snoozing")->excludes(until);
    when_run(snooze_command, context,
             [&context, args] { snooze(context, args->reference, args->until, args->clear); });

    auto remind_command = touchup->add_subcommand(
        "remind", "Send each due client one reminder (for cron; exit 1 when none)");
    add_due_options(remind_command, args->remind.due, true);
    auto file = remind_command->add_option("--template", args->remind.template_file,
                                           "Message template file with {placeholders}")
                    ->type_name("FILE");
    remind_command->add_option("--message", args->remind.message, "Message template text")
        ->type_name("TEXT")
        ->excludes(file);
    remind_command->add_option("--channel", args->remind.channel,
                               "email, sms, whatsapp or call (default reminder.channel)")
        ->type_name("NAME");
    remind_command->add_option("--exec", args->remind.exec,
                               "Send each reminder by running CMD (message on stdin)")
        ->type_name("CMD");
    remind_command->add_option("--exec-timeout", args->remind.exec_timeout,
                               "Stop a --exec command after SPAN, e.g. 90s, 2m (default "
                               "reminder.exec_timeout, 60s); it counts as failed")
        ->type_name("SPAN");
    remind_command->add_flag("--dry-run", args->remind.dry_run,
                             "Show what would be sent; record nothing");
    remind_command->add_flag("--resend", args->remind.resend, "Send even if already sent");
    when_run(remind_command, context, [&context, args] { remind(context, args->remind); });

    auto calendar = touchup->add_subcommand("calendar", "Due dates and booked sessions as an "
                                                        "iCalendar file");
    add_due_options(calendar, args->due, false);
    allow_calendar(calendar);
    when_run(calendar, context, [&context, args] {
        if (context.options.format && context.format() != output::Format::ics)
            throw Error(Exit::usage, fmt::format("`smp touchup calendar` writes iCalendar only; "
                                                 "drop --format {0}, or use `smp touchup due "
                                                 "--format {0}` for a list",
                                                 *context.options.format));
        write_calendar(context, due_query(context, args->due.within, "all", false), true);
    });
}

} // namespace smp::cli
