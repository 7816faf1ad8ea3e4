#include "touchup.hpp"

#include <smp/cli/commands.hpp>
#include <smp/cli/records.hpp>
#include <smp/cli/valid.hpp>
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

namespace smp::cli {
namespace {

// Where a client stands today: due, overdue, upcoming, or kept off the due list by a booking
// or a snooze.
// `lapsed`: why the reminder policy stopped chasing them (lapse_of), if it did.
std::string due_status(const store::DueRow& row, Date today,
                       const std::optional<std::string>& lapsed) {
    if (row.archived)
        return "archived";
    if (!row.next)
        return "nothing due";
    if (row.snoozed_until && *row.snoozed_until > today)
        return "snoozed";
    if (row.booked_until && *row.booked_until >= today)
        return "booked";
    if (lapsed && row.next->due <= today)
        return "lapsed";
    if (row.next->overdue_after < today)
        return "overdue";
    return row.next->due <= today ? "due" : "upcoming";
}

output::Value date_or_empty(const std::optional<Date>& date) {
    return date ? output::Value{format_date(*date)} : output::Value{};
}

// A client on the due list (`touchup due`).
output::Record due_record(const store::DueRow& row, Date today, bool machine) {
    const auto& next = *row.next;
    return output::Record{{{"client_id", row.client_id},
                           {machine ? "client_name" : "name", row.name},
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

// A client's next due date and why (`touchup list`, `touchup set`, `client show`); a lapsed
// client's reason says why they lapsed. For machines the reason's facts are fields of their own
// (kind, due, overdue_after, last_session) and the status an enum word.
output::Record next_due_record(const store::DueRow& row, Date today, bool machine,
                               const std::optional<std::string>& lapsed = std::nullopt) {
    auto next = row.next;
    auto status = due_status(row, today, lapsed);
    output::Record record{
        {{"client_id", row.client_id},
         {machine ? "client_name" : "name", row.name},
         {"kind", next ? output::Value{std::string(due_kind_name(next->kind))} : output::Value{}},
         {"due", next ? output::Value{format_date(next->due)} : output::Value{}}},
        {}};
    auto& fields = record.fields;
    if (machine) {
        fields.push_back({"overdue_after", next ? output::Value{format_date(next->overdue_after)}
                                                : output::Value{}});
        fields.push_back({"status", status == "nothing due" ? "nothing_due" : status});
    } else {
        fields.push_back({"status", status});
        auto reason =
            next && status == "lapsed"
                ? fmt::format("{}; lapsed: {} (not reminded again)", next->reason, *lapsed)
            : next ? next->reason
                   : std::string();
        fields.push_back({"reason", next           ? output::Value{reason}
                                    : row.archived ? output::Value{"archived: not chased until "
                                                                   "unarchived"}
                                                   : output::Value{"nothing to chase: no course "
                                                                   "session done yet"}});
    }
    fields.push_back({"last_session", next ? date_or_empty(next->last_session) : output::Value{}});
    fields.push_back({"booked_until", date_or_empty(row.booked_until)});
    fields.push_back({"snoozed_until", date_or_empty(row.snoozed_until)});
    return record;
}

std::optional<DueKind> parse_kind_option(const std::string& text) {
    auto kind = choices::due_kind_or_all.parse(text);
    if (kind == "all")
        return std::nullopt;
    return parse_due_kind(kind);
}

} // namespace

std::optional<std::string> lapse_of(Context& context, store::Store& store,
                                    const store::DueRow& row) {
    if (!row.next || row.next->due > context.today())
        return std::nullopt;
    int sent =
        store::reminders_sent(store, row.client_id, row.next->kind, format_date(row.next->due));
    return lapse_reason(*row.next, context.today(), sent, context.config().reminder_policy);
}

store::DueQuery due_query(Context& context, const std::optional<std::string>& within,
                          const std::string& kind, bool overdue_only) {
    store::DueQuery query;
    query.today = context.today();
    query.until =
        add_span(query.today, within ? parse_interval(*within) : context.config().due_within);
    query.kind = parse_kind_option(kind);
    query.overdue_only = overdue_only;
    return query;
}

namespace {

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
    event.date = format_date(s.date);
    event.start_minutes = s.time;
    event.duration_minutes = s.duration;
    auto number = row.course_number > 0
                      ? fmt::format(" (session {} of {})", row.course_number, row.course_planned)
                      : fmt::format(" ({})", session_kind_name(s.kind));
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
    auto& store = context.store(store::Access::existing);
    const auto& config = context.config();
    output::CalendarWriter calendar(context.out, utc_stamp(), config.time_zone);
    int events = 0;
    store::for_each_due(store, query, [&](const store::DueRow& row) {
        if (lapse_of(context, store, row))
            return; // no longer chased: not on the practitioner's calendar either
        calendar.event(due_event(row));
        ++events;
    });
    if (with_sessions) {
        store::SessionFilter filter;
        filter.from = query.today;
        filter.to = query.until;
        filter.status = SessionStatus::scheduled;
        auto sequences =
            store::calendar_sequences(store, format_date(query.today), format_date(query.until));
        store::for_each_session(
            store, filter, config.planned_sessions, [&](const store::SessionRow& row) {
                auto event = session_event(row);
                if (auto found = sequences.find(row.session.uuid); found != sequences.end())
                    event.sequence = found->second;
                calendar.event(event);
                ++events;
            });
        // Cancelled within calendar.keep_cancelled, counted back from the real clock (the
        // cancellation's own time), not --as-of.
        auto kept_since = add_span(local_today(), config.calendar_keep_cancelled, -1);
        store::for_each_cancelled_session(store, format_date(kept_since) + "T00:00:00Z",
                                          format_date(query.today),
                                          [&](const store::CancelledSession& session) {
                                              calendar.event(cancelled_event(session));
                                          });
    }
    calendar.finish();
    return events;
}

void list_due(Context& context, const DueOptions& o) {
    auto query = due_query(context, o.within, o.kind, o.overdue);
    if (context.format() == output::Format::ics) {
        if (write_calendar(context, query, false) == 0)
            throw NoMatch{}; // an empty calendar, and exit 1 as for every other format
        return;
    }
    bool machine = for_machines(context.format());
    auto& store = context.store(store::Access::existing);
    store::DueRow empty;
    empty.next = NextDue{};
    auto count = write_list(context,
                            {"client_id", "name", "kind", "due", "days_overdue", "overdue",
                             "last_session", "phone", "email"},
                            due_record(empty, query.today, machine), "nobody is due",
                            [&](auto&& emit) {
                                store::for_each_due(store, query, [&](const store::DueRow& row) {
                                    // --lapsed lists those the policy stopped chasing, and
                                    // only them.
                                    if (lapse_of(context, store, row).has_value() == o.lapsed)
                                        emit(due_record(row, query.today, machine));
                                });
                            },
                            {"email", "overdue", "last_session", "days_overdue", "kind"});
    if (count == 0)
        throw NoMatch{};
}

void list_next_due(Context& context) {
    bool machine = for_machines(context.format());
    auto& store = context.store(store::Access::existing);
    auto today = context.today();
    auto count = write_list(
        context, {"client_id", "name", "kind", "due", "status", "reason"},
        next_due_record(store::DueRow{}, today, machine), "no clients",
        [&](auto&& emit) {
            store::for_each_next_due(store, [&](const store::DueRow& row) {
                emit(next_due_record(row, today, machine, lapse_of(context, store, row)));
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
    auto& store =
        context.store(store::Access::existing); // a client must exist: never create a file
    auto row = store.write([&] {
        auto client = store::resolve_client(store, reference);
        change(client);
        store::update_client(store, client);
        return store::due_for_client(store, client.id);
    });
    auto lapsed = lapse_of(context, store, row);
    auto record = next_due_record(row, context.today(), for_machines(context.format()), lapsed);
    auto status =
        row.next ? fmt::format("{} due {} ({})", due_kind_words(row.next->kind),
                               format_date(row.next->due), due_status(row, context.today(), lapsed))
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
    std::optional<std::string> every;
    std::optional<Date> due;
    if (o.every) {
        auto span = parse_interval(*o.every);
        if (add_span(context.today(), span) <= context.today())
            throw Error(Exit::usage, fmt::format("touch-up interval \"{}\" is no time at all; give "
                                                 "a span such as 3y or 18mo",
                                                 *o.every));
        every = format_span(span);
    }
    if (o.due)
        due = parse_date(*o.due, context.today());
    change_settings(context, reference, "Updated", [&](Client& client) {
        // A pinned date holds only until a session on or after it: one before the last session
        // would be ignored at once.
        if (due)
            if (auto last = store::previous_done_date(
                    context.store(store::Access::existing), client.id,
                    Date{std::chrono::year{9999} / 12 / 31}, std::nullopt);
                last && *due <= *last)
                throw Error(Exit::data,
                            fmt::format("touch-up date {} is not after {}'s last session on {}; "
                                        "give a later date",
                                        format_date(*due), output::visible(client.name),
                                        format_date(*last)));
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
    std::optional<Date> date;
    if (until) {
        auto day = parse_date(*until, context.today());
        if (day <= context.today())
            throw Error(Exit::data, fmt::format("snooze date {} is not after today ({}); give a "
                                                "later date, or --clear to stop snoozing",
                                                format_date(day), format_date(context.today())));
        date = day;
    }
    change_settings(context, reference, clear ? "Unsnoozed" : "Snoozed",
                    [&](Client& client) { client.snoozed_until = date; });
}

} // namespace

// The due list shown by `client show`: kind, date, status and reason, appended to its record.
void add_next_due_fields(Context& context, std::int64_t client_id, output::Record& record,
                         bool machine) {
    auto& store = context.store(store::Access::existing);
    auto row = store::due_for_client(store, client_id);
    auto next = next_due_record(row, context.today(), machine, lapse_of(context, store, row));
    static const std::vector<std::string_view> k_fields{"kind", "due", "status", "reason"};
    static const std::vector<std::string_view> k_machine_fields{"kind", "due", "overdue_after",
                                                                "status"};
    for (const auto& name : machine ? k_machine_fields : k_fields)
        for (const auto& field : next.fields)
            if (field.name == name)
                record.fields.push_back({"next_due_" + std::string(name), field.value});
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
        command
            ->add_option("--within", o.within,
                         "Due on or before today + SPAN (default touchup.within, 30d)")
            ->type_name("SPAN")
            ->check(valid::interval());
        if (!kinds)
            return;
        command->add_option("--kind", o.kind, "followup, touchup or all (the default)")
            ->type_name("KIND")
            ->check(valid::choice(choices::due_kind_or_all));
        command->add_flag("--overdue", o.overdue, "Only clients who are overdue");
    };
    auto add_lapsed_option = [](CLI::App* command, DueOptions& o) {
        command->add_flag("--lapsed", o.lapsed,
                          "Only the clients no longer reminded: past reminder.give_up_after or "
                          "reminder.max_repeats");
    };
    auto allow_calendar = [&context](CLI::App* command) {
        accept_formats(command, context,
                       {output::Format::table, output::Format::csv, output::Format::tsv,
                        output::Format::json, output::Format::ndjson, output::Format::ics});
    };

    auto due = touchup->add_subcommand("due", "Clients due for a follow-up or touch-up "
                                              "(exit 1 when none)");
    add_due_options(due, args->due, true);
    add_lapsed_option(due, args->due);
    allow_calendar(due);
    when_run(due, context, [&context, args] { list_due(context, args->due); });

    auto list = touchup->add_subcommand("list", "Every client's next due date and why");
    when_run(list, context, [&context] { list_next_due(context); });

    auto set = touchup->add_subcommand("set", "Set a client's touch-up interval or date");
    add_client_reference(set);
    set->add_option("--every", args->set.every,
                    "Touch-up this long after the last session, "
                    "e.g. 3y or 30mo")
        ->type_name("SPAN")
        ->check(valid::interval());
    set->add_option("--due", args->set.due, "Pin the next touch-up to this date")
        ->type_name("DATE")
        ->check(valid::date(context));
    set->add_flag("--clear", args->set.clear, "Back to the practice's interval (touchup.every)");
    when_run(set, context, [&context, args] { set_touchup(context, args->reference, args->set); });

    auto snooze_command = touchup->add_subcommand("snooze", "Keep a client off the due list "
                                                            "until a date");
    add_client_reference(snooze_command);
    auto until = snooze_command->add_option("--until", args->until, "First day they are due again")
                     ->type_name("DATE")
                     ->check(valid::date(context));
    snooze_command->add_flag("--clear", args->clear, "Stop snoozing")->excludes(until);
    when_run(snooze_command, context,
             [&context, args] { snooze(context, args->reference, args->until, args->clear); });

    auto remind_command = touchup->add_subcommand(
        "remind", "Send each due client one reminder (for cron; exit 1 when none)");
    add_due_options(remind_command, args->remind.due, true);
    auto file = remind_command
                    ->add_option("--template", args->remind.template_file,
                                 "Message template file with {placeholders}")
                    ->type_name("FILE");
    remind_command->add_option("--message", args->remind.message, "Message template text")
        ->type_name("TEXT")
        ->check(valid::text("message"))
        ->excludes(file);
    add_send_options(remind_command, args->remind);
    when_run(remind_command, context, [&context, args] { remind(context, args->remind); });

    auto calendar = touchup->add_subcommand("calendar", "Due dates and booked sessions as an "
                                                        "iCalendar file");
    add_due_options(calendar, args->due, false);
    accept_formats(calendar, context, {output::Format::ics}); // a calendar file, nothing else
    when_run(calendar, context, [&context, args] {
        write_calendar(context, due_query(context, args->due.within, "all", false), true);
    });
}

} // namespace smp::cli
